//! Snapshots of each preset read back from its stored state (what `interp config NAME` prints).

use subinterp_config::{InterpreterConfig, ValidConfig};

/// The stored state (flag bits, own GIL) and the config read back from it, or the error text.
fn read_back(cfg: InterpreterConfig) -> String {
    match cfg.validate() {
        Ok(valid) => render(valid),
        Err(err) => format!("{}: {err}", err.func()),
    }
}

fn render(valid: ValidConfig) -> String {
    let flags = valid.feature_flags();
    format!(
        "feature_flags = {:#x} {flags:?}\nown_gil = {}\n---\n{}",
        flags.bits(),
        valid.own_gil(),
        valid.read_back()
    )
}

#[test]
fn isolated() {
    insta::assert_snapshot!(read_back(InterpreterConfig::isolated()));
}

#[test]
fn legacy() {
    insta::assert_snapshot!(read_back(InterpreterConfig::legacy()));
}

#[test]
fn empty() {
    insta::assert_snapshot!(read_back(InterpreterConfig::empty()));
}

#[test]
fn main_interpreter() {
    insta::assert_snapshot!(render(ValidConfig::main()));
}

#[test]
fn empty_with_main_obmalloc_reads_default_gil_as_shared() {
    let cfg: InterpreterConfig = "empty use_main_obmalloc=true".parse().unwrap();
    insta::assert_snapshot!(read_back(cfg));
}
