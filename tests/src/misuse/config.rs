//! Bad configs: every validation rule (through creation, with CPython's chain) and every
//! parse error of the config forms: reference `cpython-lifecycle-xi.md` §1.3, §1.4.

use std::time::Duration;

use subinterp_config::GilMode;
use subinterp_runtime::{InterpreterConfig, Runtime};

use super::running::rt;
use super::{Area, Case, Outcome};

const A: Area = Area::Config;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            A,
            "create with use_main_obmalloc=false and check_multi_interp_extensions=false",
            "InterpreterError: interpreter creation failed (chain ending in RuntimeError: \
             init_interp_settings: per-interpreter obmalloc does not support single-phase init \
             extension modules)",
            "Error::CreationFailed",
            "InterpreterError: interpreter creation failed → InterpreterError: sub-interpreter \
             creation failed → RuntimeError: init_interp_settings: per-interpreter obmalloc \
             does not support single-phase init extension modules",
            obmalloc_without_check,
        ),
        Case::new(
            A,
            "create with gil=own and use_main_obmalloc=true",
            "accepted although the C-API docs forbid it: two GILs guard one allocator (data \
             race)",
            "Error::CreationFailed",
            "InterpreterError: interpreter creation failed → InterpreterError: sub-interpreter \
             creation failed → RuntimeError: init_interp_settings: per-interpreter GIL requires \
             per-interpreter obmalloc (use_main_obmalloc must be false when gil is 'own')",
            own_gil_shared_obmalloc,
        ),
        Case::new(
            A,
            "a C-level gil value outside 0..=2",
            "RuntimeError: init_interp_settings: invalid interpreter config 'gil' value",
            "ConfigError::InvalidGil",
            "invalid interpreter config 'gil' value",
            gil_out_of_range,
        ),
        Case::new(
            A,
            "an unknown preset name",
            "ValueError: unsupported config name 'spam'",
            "ParseError::UnknownPreset",
            "unsupported config name 'spam'",
            unknown_preset,
        ),
        Case::new(
            A,
            "a boolean field given 1",
            "TypeError: invalid config type: allow_fork",
            "ParseError::InvalidType",
            "invalid config type: allow_fork",
            bool_field_int,
        ),
        Case::new(
            A,
            "gil given a string outside default/shared/own",
            "ValueError: unsupported interpreter config .gil value 'Own'",
            "ParseError::InvalidGil",
            "unsupported interpreter config .gil value 'Own'",
            gil_bad_string,
        ),
        Case::new(
            A,
            "gil given a boolean",
            "TypeError: invalid config type: gil",
            "ParseError::InvalidType",
            "invalid config type: gil",
            gil_not_string,
        ),
        Case::new(
            A,
            "a full config missing a key",
            "ValueError: missing config key: check_multi_interp_extensions",
            "ParseError::MissingKey",
            "missing config key: check_multi_interp_extensions",
            missing_key,
        ),
        Case::new(
            A,
            "an override with one unknown key",
            "ValueError: config dict has 1 extra item ({'spam': True})",
            "ParseError::ExtraItems",
            "config dict has 1 extra item ({'spam': True})",
            one_extra,
        ),
        Case::new(
            A,
            "an override with two unknown keys",
            "ValueError: config dict has 2 extra items ({'spam': True, 'eggs': 1})",
            "ParseError::ExtraItems",
            "config dict has 2 extra items ({'spam': True, 'eggs': 1})",
            two_extra,
        ),
        Case::new(
            A,
            "a config word that is not FIELD=VALUE",
            "n/a (no text form)",
            "ParseError::NotAPair",
            "expected FIELD=VALUE, got 'fork'",
            not_a_pair,
        ),
        Case::new(
            A,
            "a runtime with a switch interval of 0",
            "ValueError: switch interval must be strictly positive",
            "Error::Py",
            "ValueError: switch interval must be strictly positive",
            zero_switch_interval,
        ),
    ]
}

fn create(cfg: InterpreterConfig) -> Outcome {
    match rt().new_interpreter(cfg) {
        Ok(_) => Outcome::ok("created"),
        Err(e) => Outcome::chain(&e),
    }
}

fn obmalloc_without_check() -> Outcome {
    create(InterpreterConfig {
        check_multi_interp_extensions: false,
        ..InterpreterConfig::isolated()
    })
}

fn own_gil_shared_obmalloc() -> Outcome {
    create(InterpreterConfig {
        gil: GilMode::Own,
        ..InterpreterConfig::legacy()
    })
}

fn gil_out_of_range() -> Outcome {
    Outcome::of(GilMode::try_from(7))
}

fn unknown_preset() -> Outcome {
    Outcome::of(InterpreterConfig::named("spam"))
}

fn bool_field_int() -> Outcome {
    Outcome::of(InterpreterConfig::new_config(
        "isolated",
        &[("allow_fork", "1")],
    ))
}

fn gil_bad_string() -> Outcome {
    Outcome::of(InterpreterConfig::new_config("isolated", &[("gil", "Own")]))
}

fn gil_not_string() -> Outcome {
    Outcome::of(InterpreterConfig::new_config(
        "isolated",
        &[("gil", "True")],
    ))
}

fn missing_key() -> Outcome {
    Outcome::of(InterpreterConfig::from_pairs(&[
        ("use_main_obmalloc", "False"),
        ("allow_fork", "False"),
        ("allow_exec", "False"),
        ("allow_threads", "True"),
        ("allow_daemon_threads", "False"),
        ("gil", "own"),
    ]))
}

fn one_extra() -> Outcome {
    Outcome::of(InterpreterConfig::new_config(
        "isolated",
        &[("spam", "True")],
    ))
}

fn two_extra() -> Outcome {
    Outcome::of(InterpreterConfig::new_config(
        "isolated",
        &[("spam", "True"), ("eggs", "1")],
    ))
}

fn not_a_pair() -> Outcome {
    Outcome::of(InterpreterConfig::from_args(&["legacy", "fork"]))
}

fn zero_switch_interval() -> Outcome {
    Outcome::of(Runtime::builder().switch_interval(Duration::ZERO).build())
}
