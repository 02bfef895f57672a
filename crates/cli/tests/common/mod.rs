//! What the CLI's test files share: running the binary and reading what it printed.

use std::process::{Command, Output};

/// Runs `subinterp` with `args` (no `RUST_LOG` from the environment).
pub(crate) fn subinterp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_subinterp"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run subinterp")
}

/// Bytes as text (lossy).
pub(crate) fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
