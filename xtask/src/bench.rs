//! `cargo xtask bench`: the figures of the performance targets, then the criterion suites.
//!
//! 1. `cargo run --release -p subinterp-cli -- bench --table [--full] [GROUP...]`: every
//!    figure of `targets.md` as `name: value unit`, and the table against CPython and the targets.
//! 2. Unless `--figures-only`: `cargo bench --workspace --benches`, every crate's criterion benches
//!    (with `--full`, criterion's default times; otherwise 1 s warm-up and 2 s measurement).

use std::path::Path;

use crate::cargo;

/// The options of `cargo xtask bench`.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Opts {
    full: bool,
    figures_only: bool,
    groups: Vec<String>,
}

/// Reads `[--full] [--figures-only] [GROUP...]`.
pub(crate) fn parse(args: &[&str]) -> Result<Opts, String> {
    let mut o = Opts::default();
    for a in args {
        match *a {
            "--full" => o.full = true,
            "--figures-only" => o.figures_only = true,
            flag if flag.starts_with('-') => return Err(format!("bench: unknown option {flag}")),
            group => o.groups.push(group.to_owned()),
        }
    }
    Ok(o)
}

/// Runs the figures and, unless told not to, the criterion benches.
pub(crate) fn run(root: &Path, o: &Opts) -> Result<(), String> {
    let mut figures = cargo::cargo();
    figures
        .args([
            "run",
            "--release",
            "-p",
            "subinterp-cli",
            "--",
            "bench",
            "--table",
        ])
        .current_dir(root);
    if o.full {
        figures.arg("--full");
    }
    figures.args(&o.groups);
    let status = figures
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("subinterp bench failed ({status})"));
    }
    if o.figures_only {
        return Ok(());
    }
    let mut crit = cargo::cargo();
    crit.args(["bench", "--workspace", "--benches"])
        .current_dir(root);
    if !o.full {
        crit.args(["--", "--warm-up-time", "1", "--measurement-time", "2"]);
    }
    let status = crit
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo bench failed ({status})"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options() {
        assert_eq!(
            parse(&["--full", "scaling", "gil"]).unwrap(),
            Opts {
                full: true,
                figures_only: false,
                groups: vec!["scaling".into(), "gil".into()],
            }
        );
        assert!(parse(&["--figures-only"]).unwrap().figures_only);
        assert!(parse(&["--fast"]).is_err());
    }
}
