//! `cargo xtask`: project automation (see <https://github.com/matklad/cargo-xtask/>).
//!
//! `cargo xtask ci` runs every check CI runs; `cargo xtask tidy` checks the crate layering and
//! the source rules; `cargo xtask valgrind` runs test binaries under memcheck; `cargo xtask
//! docs` refreshes the behaviour docs; `cargo xtask bench` prints the target figures; `cargo
//! xtask reliability` prints the misuse matrix and the soak figure. The alias lives in
//! `.cargo/config.toml`.

mod bench;
mod cargo;
mod ci;
mod dag;
mod docs;
mod lex;
mod reliability;
mod scan;
mod tidy;
mod valgrind;

use std::path::PathBuf;
use std::process::ExitCode;

const HELP: &str = "\
usage: cargo xtask <command>

commands:
  ci            run every CI check in order, stopping at the first failure:
                fmt, clippy (-D warnings), test, doc (-D warnings), tidy, loom models,
                valgrind --quick
  tidy [--root DIR]
                check the crate layering (cargo metadata against xtask/src/dag.rs) and the
                source rules: a leading //! module doc in every .rs file, a // SAFETY: comment
                above every unsafe block and unsafe impl, no todo/unimplemented macros and no
                ignore/should_panic test attributes; DIR defaults to this workspace
  docs          run the behaviour docs (docs/behavior/*.md) with their snapshots and
                ```transcript blocks updated in place, and list the files that changed
  bench [--full] [--figures-only] [GROUP...]
                `subinterp bench --table` in release (the figures of targets.md against
                CPython's), then every crate's criterion benches (shortened unless --full)
  valgrind [--quick] [PKG...]
                build the test binaries of PKG (default: subinterp-obmalloc, -object, -gil,
                -runtime, -tests, those that exist) in <target>/valgrind and run each under
                valgrind memcheck, failing on any memcheck error or definite leak; --quick
                (what ci runs) sets PROPTEST_CASES=16 and skips --track-origins; valgrind is
                installed from Debian's packages when missing (as root, non-interactive)
  reliability [misuse ARGS... | soak ARGS... | stress]
                in release: the misuse matrix (every CPython fatal error exercised, as a
                table) and the soak figure lifecycle.leak_per_cycle.isolated (100,000 cycles;
                soak --cycles N); no argument runs both; stress runs the reliability test
                suites at full size (SUBINTERP_STRESS=full)
  help, --help  print this message
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf();
    let res = match args.as_slice() {
        ["ci"] => ci::run(&root),
        ["tidy"] => tidy::run(&root),
        ["tidy", "--root", dir] => tidy::run(&PathBuf::from(dir)),
        ["docs"] => docs::run(&root),
        ["bench", rest @ ..] => bench::parse(rest).and_then(|o| bench::run(&root, &o)),
        ["valgrind", rest @ ..] => {
            valgrind::parse(rest).and_then(|opts| valgrind::run(&root, &opts))
        }
        ["reliability", rest @ ..] => {
            reliability::parse(rest).and_then(|c| reliability::run(&root, &c))
        }
        ["help" | "--help" | "-h"] => {
            print!("{HELP}");
            Ok(())
        }
        _ => {
            eprint!("{HELP}");
            return ExitCode::from(2);
        }
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
