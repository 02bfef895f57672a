//! Running cargo: the binary that invoked us, and `cargo metadata`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// A `cargo` command: the cargo that runs xtask (`$CARGO`), else the one on `PATH`.
pub(crate) fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// `cargo metadata --format-version 1 --no-deps` for the workspace at `root`: the workspace
/// packages, their declared dependencies, and the target directory. No dependency resolution.
pub(crate) fn metadata(root: &Path) -> Result<Value, String> {
    let out = cargo()
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: bad JSON: {e}"))
}
