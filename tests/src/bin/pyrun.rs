//! `pyrun`: the `subinterp` command line (`subinterp_cli::main_with_args`), built with the
//! tests so that `tests/tests/run.rs` can run `pyrun run FILE ...` as a user runs
//! `subinterp run FILE ...` (a test cannot name another package's binary).

use std::process::ExitCode;

fn main() -> ExitCode {
    subinterp_cli::main_with_args(std::env::args_os())
}
