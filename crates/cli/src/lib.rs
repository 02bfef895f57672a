//! `subinterp-cli`: the `subinterp` command (`demo`, `scenario`, `bench`, `inspect`, `dis`,
//! `run`) and the
//! scenario runner the behaviour docs are tested with.
//!
//! The binary is a thin wrapper around [`main_with_args`]; [`scenario`] is public so the
//! integration tests (`tests/tests/behavior.rs`) run the docs through the very code
//! `subinterp scenario` uses.
//!
//! | subcommand | module | what it does |
//! |---|---|---|
//! | `demo` (default) | `demo` | the tour: Python in parallel interpreters, imports, a Python queue pipeline, requests, ending |
//! | `scenario FILE...` | [`scenario`] | runs scenario files, prints transcripts (`scenarios.md` §1) |
//! | `bench [GROUP...]` | `bench` | the figures of the performance targets, `name: value unit`; `bench python`: Python programs here and in CPython |
//! | `inspect [FILE]` | `inspect` | a runtime's state after an optional scenario |
//! | `dis FILE` / `dis -c CODE` | `dis` | the bytecode of a Python program (`subinterp-compile`) |
//! | `run FILE [ARGS...]` / `run -c CODE [ARGS...]` | `run` | a Python program in the main interpreter, as `python3` runs it |

mod args;
mod bench;
mod churn;
mod demo;
mod dis;
mod exec;
mod inspect;
mod logging;
mod progress;
mod run;
pub mod scenario;
mod setup;

use std::ffi::OsString;
use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

pub use setup::runtime;

use crate::args::{Cli, Command};

/// Runs the command line `args` (the program name first), printing to stdout and stderr, and
/// returns the exit status: 0 on success, 1 when something could not be done (an unreadable
/// file, a failed runtime), 2 for a usage error (clap's) or a malformed scenario line.
pub fn main_with_args<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    logging::init(cli.verbose);
    let code = match cli.command {
        None => demo::run(args::DemoArgs::default()),
        Some(Command::Demo(a)) => demo::run(a),
        Some(Command::Scenario(a)) => run_scenarios(&a.files),
        Some(Command::Bench(a)) => bench::run(&a),
        Some(Command::Inspect(a)) => inspect::run(a.file.as_deref()),
        Some(Command::Dis(a)) => dis::run(&a),
        Some(Command::Run(a)) => run::run(&a),
    };
    ExitCode::from(code)
}

/// `subinterp scenario FILE...`: each file's transcript on stdout (a `==> FILE <==` header
/// before each when there are several). Every file is read and checked before any runs, so a
/// malformed line anywhere exits 2 without output.
fn run_scenarios(files: &[std::path::PathBuf]) -> u8 {
    let mut parsed = Vec::new();
    let mut worst = 0;
    for f in files {
        match scenario::check_file(f) {
            Ok(()) => parsed.push(f),
            Err(e) => {
                eprintln!("subinterp: {e}");
                worst = worst.max(e.exit_code());
            }
        }
    }
    if worst != 0 {
        return worst;
    }
    let mut stdout = std::io::stdout().lock();
    for (i, f) in parsed.iter().enumerate() {
        if files.len() > 1 {
            let sep = if i > 0 { "\n" } else { "" };
            let _ = writeln!(stdout, "{sep}==> {} <==", f.display());
        }
        match scenario::run_file(f) {
            Ok(t) => {
                let _ = stdout.write_all(t.render().as_bytes());
                let _ = stdout.flush();
            }
            Err(e) => {
                eprintln!("subinterp: {e}");
                worst = worst.max(e.exit_code());
            }
        }
    }
    worst
}
