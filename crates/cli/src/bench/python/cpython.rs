//! The CPython the python group compares with: found (`--cpython PATH`, else `python3.13`
//! then `python3` on PATH) and checked by running it (version 3.13 or newer), then driven
//! through `cpython_driver.py`, whose modes measure the CPython side of each figure.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use super::corpus::Prog;

/// The driver script, run as `python3 -c DRIVER MODE ARGS...`.
const DRIVER: &str = include_str!("cpython_driver.py");

/// The marker before the driver's result on its last standard-error line.
const MARKER: &str = "__bench__ ";

/// A CPython found and checked.
#[derive(Clone, Debug)]
pub(crate) struct CPython {
    /// What runs it.
    pub(crate) path: PathBuf,
    /// `major.minor.micro`.
    pub(crate) version: String,
}

/// The version `python` reports (`(major, minor, text)`), or why it could not be run.
fn version_of(python: &Path) -> Result<(u32, u32, String), String> {
    let out = Command::new(python)
        .args(["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} failed to report its version ({})",
            python.display(),
            out.status
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let mut parts = text.split('.').map(str::parse::<u32>);
    match (parts.next(), parts.next()) {
        (Some(Ok(major)), Some(Ok(minor))) => Ok((major, minor, text)),
        _ => Err(format!(
            "{} is not a Python: it printed {text:?} for its version",
            python.display()
        )),
    }
}

fn new_enough(major: u32, minor: u32) -> bool {
    (major, minor) >= (3, 13)
}

/// The CPython to compare with: `explicit` when given (an error if it cannot run or is older
/// than 3.13), else the first of `python3.13`, `python3` on PATH that is 3.13 or newer, else
/// `None`.
pub(crate) fn find(explicit: Option<&Path>) -> Result<Option<CPython>, String> {
    if let Some(given) = explicit {
        // A relative path with a folder in it means from here: the runs happen in the
        // programs' folders.
        let path = if given.components().count() > 1 {
            &std::path::absolute(given).map_err(|e| format!("--cpython: {e}"))?
        } else {
            given
        };
        let (major, minor, version) = version_of(path).map_err(|e| format!("--cpython: {e}"))?;
        if !new_enough(major, minor) {
            return Err(format!(
                "--cpython: {} is Python {version}; the comparison needs 3.13 or newer",
                path.display()
            ));
        }
        return Ok(Some(CPython {
            path: path.to_path_buf(),
            version,
        }));
    }
    for name in ["python3.13", "python3"] {
        if let Ok((major, minor, version)) = version_of(Path::new(name))
            && new_enough(major, minor)
        {
            return Ok(Some(CPython {
                path: PathBuf::from(name),
                version,
            }));
        }
    }
    Ok(None)
}

impl CPython {
    /// Runs the driver in `mode` with `args` in `cwd`: its standard output and its result.
    fn drive(&self, cwd: &Path, mode: &str, args: &[String]) -> Result<(String, Value), String> {
        let out = Command::new(&self.path)
            .arg("-c")
            .arg(DRIVER)
            .arg(mode)
            .args(args)
            .current_dir(cwd)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.path.display()))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let result = stderr
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix(MARKER))
            .filter(|_| out.status.success());
        match result {
            Some(json) => serde_json::from_str(json)
                .map(|v| (String::from_utf8_lossy(&out.stdout).into_owned(), v))
                .map_err(|e| format!("CPython's driver printed a bad result: {e}")),
            None => Err(format!(
                "CPython failed ({}): {}",
                out.status,
                stderr.lines().last().unwrap_or("no message")
            )),
        }
    }

    /// Runs `p` once: the time of the run (process start-up and compiling excluded), or why
    /// it failed (its output not the expected included).
    pub(crate) fn run_program(&self, p: &Prog) -> Result<Duration, String> {
        let mut args = vec!["program".to_owned(), p.path_text()];
        args.extend(p.args.iter().cloned());
        let (stdout, v) = self.drive(&p.folder, &args[0], &args[1..])?;
        if let Some(why) = super::corpus::mismatch(&stdout, &p.expected) {
            return Err(format!("CPython's {why}"));
        }
        let secs = number(&v, "seconds")?;
        Ok(Duration::from_secs_f64(secs))
    }

    /// `scaling` mode: runs per second by mode and thread count (`isolated` 1, 2, 4;
    /// `threads` 1, 2).
    pub(crate) fn scaling(&self, p: &Prog, reps: u32, rounds: u32) -> Result<Value, String> {
        let mut args = vec![p.path_text(), reps.to_string(), rounds.to_string()];
        args.extend(p.args.iter().cloned());
        self.drive(&p.folder, "scaling", &args).map(|(_, v)| v)
    }

    /// `request` mode: microseconds per cold request (create, run `source`, result back
    /// through a queue, destroy) and per warm one (one sub-interpreter kept).
    pub(crate) fn request(&self, cwd: &Path, n: u32, source: &str) -> Result<Value, String> {
        self.drive(cwd, "request", &[n.to_string(), source.to_owned()])
            .map(|(_, v)| v)
    }

    /// `pipeline` mode: items per second through three sub-interpreters running `sources`
    /// (producer, worker, consumer), and the consumer's result.
    pub(crate) fn pipeline(&self, n: u64, sources: [&str; 3]) -> Result<Value, String> {
        let mut args = vec![n.to_string()];
        args.extend(sources.iter().map(|s| (*s).to_owned()));
        self.drive(&std::env::temp_dir(), "pipeline", &args)
            .map(|(_, v)| v)
    }

    /// `rss` mode: KiB of RSS added per live sub-interpreter after each ran `p`.
    pub(crate) fn rss(&self, p: &Prog, count: u32) -> Result<Value, String> {
        let mut args = vec![p.path_text(), count.to_string()];
        args.extend(p.args.iter().cloned());
        self.drive(&p.folder, "rss", &args).map(|(_, v)| v)
    }
}

/// Field `key` of the driver's result, as a number.
pub(crate) fn number(v: &Value, key: &str) -> Result<f64, String> {
    v.pointer(key)
        .or_else(|| v.get(key))
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("CPython's driver gave no {key}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_cannot_run_is_an_error() {
        let err = find(Some(Path::new("/nonexistent/python3"))).unwrap_err();
        assert!(
            err.starts_with("--cpython: cannot run /nonexistent/python3: "),
            "{err}"
        );
    }

    #[test]
    fn versions_from_3_13_on_are_new_enough() {
        assert!(new_enough(3, 13) && new_enough(3, 14) && new_enough(4, 0));
        assert!(!new_enough(3, 12) && !new_enough(2, 7));
    }
}
