//! Config validation and read-back through the runtime: what `new_interpreter` accepts,
//! refuses (with CPython's error chain) and reports back.
//!
//! Scenarios: lx 2 (presets as created interpreters report them), lx 8 (`create('empty')`'s
//! chain), lx 9 (the sweep of every config), lx 10 (feature flags and own GIL), lx 11 (read-back
//! equals the input, `default` GIL reads `shared`), lx 12 (main's config), gil 21 (a config
//! error leaves the caller's thread state as it was). lx 1-7 and 13 are parsing and `_imp`
//! (the config and import crates' tests).
//!
//! One deviation, deliberate (see `subinterp-config`): `gil = own` with `use_main_obmalloc =
//! true` is refused (CPython documents the rule but does not enforce it; two GILs guarding one
//! heap would be a data race here).

use subinterp_runtime::{
    ConfigError, CreateError, FeatureFlags, GilMode, InterpreterConfig, Runtime,
};

fn rt() -> Runtime {
    Runtime::new().expect("runtime")
}

/// The messages of an error and its sources, outermost first.
fn chain(e: &dyn std::error::Error) -> Vec<String> {
    let mut v = vec![e.to_string()];
    let mut s = e.source();
    while let Some(x) = s {
        v.push(x.to_string());
        s = x.source();
    }
    v
}

/// Creates from `cfg`: `Ok(flags, own_gil, read-back)` or the error chain.
fn create(
    rt: &Runtime,
    cfg: InterpreterConfig,
) -> Result<(FeatureFlags, bool, InterpreterConfig), Vec<String>> {
    let i = rt.new_interpreter(cfg).map_err(|e| chain(&e))?;
    // Every created interpreter runs code.
    i.run(|cx| cx.py().int(1).map(drop)).unwrap().unwrap();
    let out = (i.feature_flags(), i.own_gil(), i.config());
    assert!(i.end().unwrap().is_clean());
    Ok(out)
}

fn chain_for(rule: &str) -> Vec<String> {
    vec![
        "InterpreterError: interpreter creation failed".into(),
        "InterpreterError: sub-interpreter creation failed".into(),
        format!("RuntimeError: init_interp_settings: {rule}"),
    ]
}

const OBMALLOC_RULE: &str =
    "per-interpreter obmalloc does not support single-phase init extension modules";

#[test]
fn empty_fails_with_cpythons_chain() {
    // lx 8, lx 10 ("all False fails")
    let rt = rt();
    let e = rt.new_interpreter(InterpreterConfig::empty()).unwrap_err();
    assert_eq!(chain(&e), chain_for(OBMALLOC_RULE));
    assert!(matches!(
        e.creation_cause(),
        Some(CreateError::Config(
            ConfigError::ObmallocNeedsExtensionCheck
        ))
    ));
    assert_eq!(e.py_type(), "InterpreterError");
    // Nothing was left behind: the list is still main alone, and the runtime works.
    assert_eq!(rt.list().len(), 1);
    assert!(rt.main().unwrap().run(|_| ()).is_ok());
}

#[test]
fn sweep_of_every_config() {
    // lx 9: 2^6 boolean combinations x {default, shared, own}.
    let rt = rt();
    let mut counts = [0usize; 3];
    for bits in 0..64u32 {
        for gil in GilMode::ALL {
            let b = |i: u32| bits & (1 << i) != 0;
            let cfg = InterpreterConfig {
                use_main_obmalloc: b(0),
                allow_fork: b(1),
                allow_exec: b(2),
                allow_threads: b(3),
                allow_daemon_threads: b(4),
                check_multi_interp_extensions: b(5),
                gil,
            };
            let expect = if !cfg.use_main_obmalloc && !cfg.check_multi_interp_extensions {
                Err(chain_for(OBMALLOC_RULE))
            } else if gil == GilMode::Own && cfg.use_main_obmalloc {
                Err(chain_for(&ConfigError::OwnGilNeedsOwnObmalloc.to_string()))
            } else {
                let read_back = InterpreterConfig {
                    gil: if gil == GilMode::Own {
                        GilMode::Own
                    } else {
                        GilMode::Shared
                    },
                    ..cfg
                };
                Ok(read_back)
            };
            let got = create(&rt, cfg).map(|(_, _, back)| back);
            assert_eq!(got, expect, "{cfg:?}");
            counts[match &got {
                Ok(_) => 0,
                Err(c) if c[2].contains("obmalloc does not") => 1,
                Err(_) => 2,
            }] += 1;
        }
    }
    assert_eq!(counts, [112, 48, 32]);
    // Every failure used up an id: 192 attempts, one id each.
    let next = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    assert_eq!(next.id().get(), 193);
}

#[test]
fn feature_flags_and_own_gil() {
    // lx 10 (`test_configured_settings`), lx 2
    let rt = rt();
    let only_obmalloc = InterpreterConfig {
        use_main_obmalloc: true,
        gil: GilMode::Shared,
        ..InterpreterConfig::empty()
    };
    let threads_ext = InterpreterConfig {
        allow_threads: true,
        check_multi_interp_extensions: true,
        gil: GilMode::Shared,
        ..InterpreterConfig::empty()
    };
    let all_own_obmalloc = InterpreterConfig {
        use_main_obmalloc: false,
        allow_fork: true,
        allow_exec: true,
        allow_threads: true,
        allow_daemon_threads: true,
        check_multi_interp_extensions: true,
        gil: GilMode::Own,
    };
    let cases: [(InterpreterConfig, u64, bool); 5] = [
        (only_obmalloc, 1 << 5, false),
        (threads_ext, (1 << 10) | (1 << 8), false),
        (
            all_own_obmalloc,
            (1 << 8) | (1 << 10) | (1 << 11) | (1 << 15) | (1 << 16),
            true,
        ),
        (InterpreterConfig::isolated(), (1 << 8) | (1 << 10), true),
        (
            InterpreterConfig::legacy(),
            (1 << 5) | (1 << 10) | (1 << 11) | (1 << 15) | (1 << 16),
            false,
        ),
    ];
    for (cfg, flags, own) in cases {
        let (got_flags, got_own, _) = create(&rt, cfg).unwrap();
        assert_eq!((got_flags.bits(), got_own), (flags, own), "{cfg:?}");
    }
    // CPython accepts "all True with own GIL" (main obmalloc + own GIL); here it is refused.
    let all_true = InterpreterConfig {
        use_main_obmalloc: true,
        ..all_own_obmalloc
    };
    assert_eq!(
        create(&rt, all_true).unwrap_err(),
        chain_for(&ConfigError::OwnGilNeedsOwnObmalloc.to_string())
    );
}

#[test]
fn read_back_equals_the_input() {
    // lx 11: isolated, legacy, and `empty` + obmalloc + shared; `default` reads `shared`.
    let rt = rt();
    let custom = InterpreterConfig {
        use_main_obmalloc: true,
        gil: GilMode::Shared,
        ..InterpreterConfig::empty()
    };
    for cfg in [
        InterpreterConfig::isolated(),
        InterpreterConfig::legacy(),
        custom,
    ] {
        assert_eq!(create(&rt, cfg).unwrap().2, cfg);
    }
    let default_gil = InterpreterConfig {
        gil: GilMode::Default,
        ..custom
    };
    assert_eq!(create(&rt, default_gil).unwrap().2.gil, GilMode::Shared);
}

#[test]
fn main_reports_legacy_with_its_own_gil() {
    // lx 12
    let rt = rt();
    let main = rt.main().unwrap();
    let expect = InterpreterConfig {
        gil: GilMode::Own,
        check_multi_interp_extensions: false,
        ..InterpreterConfig::legacy()
    };
    assert_eq!(main.config(), expect);
    assert_eq!(main.config(), InterpreterConfig::main());
    assert!(main.own_gil());
}

#[test]
fn a_failed_creation_inside_a_run_leaves_the_run_as_it_was() {
    // gil 21: the caller's thread state is attached again after the error.
    let rt = rt();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let (err, after) = sub
        .run(|cx| {
            let py = cx.py();
            let err = rt
                .new_interpreter_from(cx, InterpreterConfig::empty())
                .map(|i| i.id())
                .map_err(|e| chain(&e));
            // Still in `sub`, with its GIL: objects work.
            let after = (py.interp(), py.list_of((1,)).unwrap().len().unwrap());
            (err, after)
        })
        .unwrap();
    assert_eq!(err.unwrap_err(), chain_for(OBMALLOC_RULE));
    assert_eq!(after, (sub.id(), 1));
    assert_eq!(rt.current(), None);
}
