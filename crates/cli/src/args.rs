//! The command line (clap): subcommands, their options, and the help a new user reads.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

const ABOUT: &str = "CPython's multi-interpreter runtime core, in Rust";

const LONG_ABOUT: &str = "\
CPython's multi-interpreter runtime core, in Rust: isolated interpreters in one process, each
with its own (or a shared) GIL, its own obmalloc-style heap and its own import state.

Start with `subinterp demo` (also what runs with no subcommand): a guided tour that takes a few
seconds and prints a report. The test extension modules (_testsinglephase, _testmultiphase, ...)
and frozen modules (__hello__, ...) are built in and registered in every runtime this command
makes.";

const AFTER_HELP: &str = "\
Examples:
  subinterp demo                      the tour: parallel interpreters, imports, queues, memory
  subinterp scenario docs/behavior/queues.md
                                      run a doc's ```scenario blocks and print the transcript
  subinterp bench scaling --table     the scaling figures next to CPython's and the targets
  subinterp bench python --cpython /usr/bin/python3.13 --table
                                      Python programs here and in CPython, side by side
  subinterp inspect my.scn            run a scenario, then dump the runtime's state

Logging: -v (info), -vv (debug), -vvv (trace) on stderr; RUST_LOG=subinterp_runtime=debug and
the like override the level.";

/// `subinterp`: the command line.
#[derive(Parser, Debug)]
#[command(
    name = "subinterp",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP
)]
pub(crate) struct Cli {
    /// Log more on stderr: -v info, -vv debug, -vvv trace (RUST_LOG takes precedence)
    #[arg(short, long, action = ArgAction::Count, global = true)]
    pub(crate) verbose: u8,

    /// What to do (default: demo)
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// The tour (the default): isolated interpreters running object churn in parallel and on a
    /// shared GIL, which extension modules each may import and why, a queue pipeline between
    /// interpreters, and ending them with the memory they return
    Demo(DemoArgs),
    /// Run scenario files (.scn files, or the ```scenario blocks of Markdown files) and print
    /// their transcripts; exits 2 on a malformed line, with its line number
    Scenario(ScenarioArgs),
    /// Measure the figures of the performance targets and print them as `name: value unit`
    /// lines; GROUP (lifecycle, exec, queue, scaling, alloc, gil) selects figures by prefix;
    /// `python` runs Python programs here and in CPython (only when asked for)
    Bench(BenchArgs),
    /// Run an optional scenario, then dump the runtime's state: interpreters and their
    /// configs, GIL and heap statistics, sys.modules, the extension cache, queues
    Inspect(InspectArgs),
    /// Compile a Python file (or `-c CODE`) and print its bytecode, nested code objects
    /// included; a syntax error is printed as CPython prints it and exits 1
    Dis(DisArgs),
    /// Run a Python program as `python3` does (`__main__`, `sys.argv`, `sys.path[0]`, exit
    /// status 1 and a traceback on stderr for an uncaught exception, `SystemExit` honoured)
    Run(RunArgs),
}

/// `subinterp run`.
#[derive(Args, Debug)]
pub(crate) struct RunArgs {
    /// Run this source text (`sys.argv[0]` is `-c`)
    #[arg(short = 'c', value_name = "CODE")]
    pub(crate) code: Option<String>,
    /// The Python file and its arguments (the arguments only, with -c)
    #[arg(
        value_name = "FILE [ARGS]",
        required_unless_present = "code",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub(crate) args: Vec<String>,
}

/// `subinterp dis`.
#[derive(Args, Debug)]
pub(crate) struct DisArgs {
    /// The Python file to compile
    #[arg(
        value_name = "FILE",
        required_unless_present = "code",
        conflicts_with = "code"
    )]
    pub(crate) file: Option<PathBuf>,
    /// Compile this source text instead of a file
    #[arg(short = 'c', value_name = "CODE")]
    pub(crate) code: Option<String>,
}

/// `subinterp demo`.
#[derive(Args, Debug, Default, Clone)]
pub(crate) struct DemoArgs {
    /// Smaller workloads (well under a second); the numbers are then only indicative
    #[arg(long)]
    pub(crate) quick: bool,
    /// The CPython (3.13 or newer) to measure the same Python with; default: `python3.13`,
    /// then `python3` on PATH, when its version is 3.13 or newer
    #[arg(long, value_name = "PATH")]
    pub(crate) cpython: Option<PathBuf>,
}

/// `subinterp scenario`.
#[derive(Args, Debug)]
pub(crate) struct ScenarioArgs {
    /// Files to run: `.scn`, or `.md` / `.markdown` (their ```scenario blocks)
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
}

/// `subinterp bench`.
#[derive(Args, Debug, Default)]
pub(crate) struct BenchArgs {
    /// Only the figures whose names start with GROUP. (lifecycle, exec, queue, scaling, alloc,
    /// gil; python and its parts python.corpus, python.scaling, python.per_request,
    /// python.rss_per_interpreter); all but python when none is given
    #[arg(value_name = "GROUP")]
    pub(crate) groups: Vec<String>,
    /// Also print a table with CPython 3.13.5's figure, the target, and whether it is met
    #[arg(long)]
    pub(crate) table: bool,
    /// Print one JSON object instead of the `name: value unit` lines
    #[arg(long, conflicts_with = "table")]
    pub(crate) json: bool,
    /// Longer runs for steadier figures (about a minute; 100,000 create/destroy cycles for
    /// the leak figure)
    #[arg(long, conflicts_with = "smoke")]
    pub(crate) full: bool,
    /// Tiny runs that only check every figure can be measured (the values mean nothing);
    /// for `python`, also --small and --runs 1
    #[arg(long)]
    pub(crate) smoke: bool,
    /// python: the CPython (3.13 or newer) to compare with; default: `python3.13`, then
    /// `python3` on PATH, when its version is 3.13 or newer
    #[arg(long, value_name = "PATH", help_heading = "The python group")]
    pub(crate) cpython: Option<PathBuf>,
    /// python: measure here only, even when a CPython is on PATH
    #[arg(long, conflicts_with = "cpython", help_heading = "The python group")]
    pub(crate) no_cpython: bool,
    /// python: the folder of programs (each NAME.py with its expected output in
    /// expected/NAME.txt); default: the project's benches/python
    #[arg(long, value_name = "DIR", help_heading = "The python group")]
    pub(crate) corpus: Option<PathBuf>,
    /// python: runs of each program on each side (interleaved; the best is kept)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100),
          help_heading = "The python group")]
    pub(crate) runs: Option<u32>,
    /// python: pass `small` to each program and compare with expected/small/NAME.txt (the
    /// project's programs take it: fast enough for a debug build)
    #[arg(long, help_heading = "The python group")]
    pub(crate) small: bool,
}

/// `subinterp inspect`.
#[derive(Args, Debug)]
pub(crate) struct InspectArgs {
    /// A scenario (.scn or Markdown) to run first; its transcript is printed before the dump
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("subinterp").chain(args.iter().copied()))
    }

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_subcommand_means_demo() {
        assert!(parse(&[]).unwrap().command.is_none());
        assert!(matches!(
            parse(&["demo", "--quick"]).unwrap().command,
            Some(Command::Demo(DemoArgs { quick: true, .. }))
        ));
    }

    #[test]
    fn scenario_needs_a_file() {
        let err = parse(&["scenario"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
        let cli = parse(&["scenario", "a.scn", "b.md"]).unwrap();
        let Some(Command::Scenario(s)) = cli.command else {
            panic!("not a scenario command");
        };
        assert_eq!(s.files, [PathBuf::from("a.scn"), PathBuf::from("b.md")]);
    }

    #[test]
    fn bench_options() {
        let cli = parse(&["bench", "scaling", "gil", "--table", "--full"]).unwrap();
        let Some(Command::Bench(b)) = cli.command else {
            panic!("not a bench command");
        };
        assert_eq!(b.groups, ["scaling", "gil"]);
        assert!(b.table && b.full && !b.json && !b.smoke);
        assert!(parse(&["bench", "--json", "--table"]).is_err());
        assert!(parse(&["bench", "--full", "--smoke"]).is_err());
        let cli = parse(&[
            "bench",
            "python",
            "--cpython",
            "/x/py",
            "--runs",
            "3",
            "--small",
        ])
        .unwrap();
        let Some(Command::Bench(b)) = cli.command else {
            panic!("not a bench command");
        };
        assert_eq!(b.cpython, Some(PathBuf::from("/x/py")));
        assert_eq!((b.runs, b.small), (Some(3), true));
        assert!(parse(&["bench", "python", "--runs", "0"]).is_err());
        assert!(parse(&["bench", "python", "--cpython", "p", "--no-cpython"]).is_err());
    }

    #[test]
    fn verbosity_counts_anywhere() {
        assert_eq!(parse(&["-vv", "demo"]).unwrap().verbose, 2);
        assert_eq!(parse(&["inspect", "-v"]).unwrap().verbose, 1);
    }

    #[test]
    fn unknown_subcommands_are_refused() {
        assert_eq!(
            parse(&["nope"]).unwrap_err().kind(),
            clap::error::ErrorKind::InvalidSubcommand
        );
    }
}
