//! `cargo xtask reliability`: the reliability figures, in release, through the
//! `subinterp-tests` package's `reliability` binary and its stress suites.
//!
//! | command | runs |
//! |---|---|
//! | `reliability` | `misuse`, then `soak` |
//! | `reliability misuse [ARGS...]` | `cargo run --release -p subinterp-tests --bin reliability -- misuse ARGS`: the misuse matrix |
//! | `reliability soak [ARGS...]` | the same binary's `soak` (default 100,000 cycles): `lifecycle.leak_per_cycle.isolated` |
//! | `reliability stress` | `SUBINTERP_STRESS=full cargo test --release --no-fail-fast -p subinterp-tests --test stress --test soak --test faults --test misuse -- --nocapture`: the long soak of every reliability suite |

use std::path::Path;

use crate::cargo;

/// What `cargo xtask reliability` was asked to do.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Cmd {
    /// The matrix, then the soak figure.
    All,
    /// One subcommand of the `reliability` binary, with its arguments.
    Bin(Vec<String>),
    /// The stress suites at full size.
    Stress,
}

/// Reads `[misuse ARGS... | soak ARGS... | stress]`.
pub(crate) fn parse(args: &[&str]) -> Result<Cmd, String> {
    match args {
        [] => Ok(Cmd::All),
        ["stress"] => Ok(Cmd::Stress),
        [sub @ ("misuse" | "soak"), rest @ ..] => Ok(Cmd::Bin(
            std::iter::once(*sub)
                .chain(rest.iter().copied())
                .map(str::to_owned)
                .collect(),
        )),
        [other, ..] => Err(format!(
            "reliability: unknown command {other} (expected misuse, soak or stress)"
        )),
    }
}

/// Runs it.
pub(crate) fn run(root: &Path, cmd: &Cmd) -> Result<(), String> {
    match cmd {
        Cmd::All => {
            let misuse = bin(root, &["misuse".to_owned()]);
            let soak = bin(root, &["soak".to_owned()]);
            misuse.and(soak)
        }
        Cmd::Bin(args) => bin(root, args),
        Cmd::Stress => {
            let status = cargo::cargo()
                .args([
                    "test",
                    "--release",
                    "--no-fail-fast",
                    "-p",
                    "subinterp-tests",
                    "--test",
                    "stress",
                    "--test",
                    "soak",
                    "--test",
                    "faults",
                    "--test",
                    "misuse",
                    "--",
                    "--nocapture",
                ])
                .env("SUBINTERP_STRESS", "full")
                .current_dir(root)
                .status()
                .map_err(|e| format!("cannot run cargo: {e}"))?;
            if status.success() {
                Ok(())
            } else {
                Err(format!("reliability stress failed ({status})"))
            }
        }
    }
}

fn bin(root: &Path, args: &[String]) -> Result<(), String> {
    let status = cargo::cargo()
        .args([
            "run",
            "--release",
            "-p",
            "subinterp-tests",
            "--bin",
            "reliability",
            "--",
        ])
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("reliability {} failed ({status})", args.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(args: &[&str], expect: Result<Cmd, &str>) {
        assert_eq!(parse(args), expect.map_err(str::to_owned));
    }

    #[test]
    fn parses_the_subcommands() {
        check(&[], Ok(Cmd::All));
        check(&["stress"], Ok(Cmd::Stress));
        check(&["misuse"], Ok(Cmd::Bin(vec!["misuse".into()])));
        check(
            &["soak", "--cycles", "1000"],
            Ok(Cmd::Bin(vec![
                "soak".into(),
                "--cycles".into(),
                "1000".into(),
            ])),
        );
        check(
            &["stress", "now"],
            Err("reliability: unknown command stress (expected misuse, soak or stress)"),
        );
        check(
            &["spam"],
            Err("reliability: unknown command spam (expected misuse, soak or stress)"),
        );
    }
}
