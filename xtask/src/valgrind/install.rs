//! Making sure `valgrind` is there: Debian's package is installed when it is missing, but only
//! by root in a non-interactive run (CI); anyone else is told the command.

use std::io::IsTerminal;
use std::process::{Command, Stdio};

/// The valgrind command (`$VALGRIND`, else `valgrind` on `PATH`).
pub(crate) fn valgrind() -> Command {
    Command::new(std::env::var_os("VALGRIND").unwrap_or_else(|| "valgrind".into()))
}

/// `valgrind --version` (e.g. `valgrind-3.19.0`), or `None` when it cannot run.
pub(crate) fn version() -> Option<String> {
    let out = valgrind()
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// What to do when valgrind is missing and we may not install it ourselves.
const HOW: &str = "valgrind is not installed; install it with \
                   `sudo apt-get update && sudo apt-get install -y valgrind` (Debian, Ubuntu) \
                   or your system's package manager, or point $VALGRIND at it";

/// Returns valgrind's version, installing Debian's package first if needed and allowed.
pub(crate) fn ensure() -> Result<String, String> {
    if let Some(v) = version() {
        return Ok(v);
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0");
    // A person at a terminal decides for themselves what gets installed on their machine.
    if !root || std::io::stdin().is_terminal() {
        return Err(HOW.into());
    }
    println!("valgrind not found: installing Debian's package (apt-get, as root, non-interactive)");
    for args in [&["update"][..], &["install", "-y", "valgrind"]] {
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}; {HOW}"))?;
        if !status.success() {
            return Err(format!(
                "apt-get {} exited with {status}; {HOW}",
                args.join(" ")
            ));
        }
    }
    version().ok_or_else(|| format!("valgrind still does not run after apt-get; {HOW}"))
}
