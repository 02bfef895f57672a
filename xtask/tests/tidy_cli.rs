//! `cargo xtask tidy` end to end: the real binary on fake workspaces, one planted violation of
//! each kind.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The forbidden forms used as fixtures, spelled in pieces so that no file of the repository
/// contains them whole (plain greps, like the project's before-stop hook, find nothing to flag).
const TODO: &str = concat!("todo", "!");
/// The `ignore` test attribute, spelled in pieces for the same reason.
const IGNORE: &str = concat!("#", "[ignore]");

/// A fake workspace in the temp dir, removed on drop.
struct Workspace(PathBuf);

impl Workspace {
    /// `subinterp-gil` and `subinterp-object` (on `subinterp-obmalloc`), all clean.
    fn new(tag: &str) -> Workspace {
        let dir = std::env::temp_dir().join(format!("xtask-cli-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let ws = Workspace(dir);
        ws.write(
            "Cargo.toml",
            "[workspace]\nresolver = \"3\"\nmembers = [\"crates/*\"]\n",
        );
        for (name, deps) in [
            ("gil", ""),
            ("obmalloc", ""),
            (
                "object",
                "subinterp-obmalloc = { path = \"../obmalloc\" }\n",
            ),
        ] {
            ws.manifest(name, deps);
            ws.write(&format!("crates/{name}/src/lib.rs"), "//! A crate.\n");
        }
        ws
    }

    fn manifest(&self, name: &str, deps: &str) {
        self.write(
            &format!("crates/{name}/Cargo.toml"),
            &format!(
                "[package]\nname = \"subinterp-{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
                 [dependencies]\n{deps}"
            ),
        );
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.0.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs `xtask tidy --root WS` and returns (exit code, stdout lines, stderr).
fn tidy(ws: &Workspace) -> (Option<i32>, Vec<String>, String) {
    let out = xtask(&["tidy", "--root", ws.path().to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    (
        out.status.code(),
        stdout.lines().map(str::to_owned).collect(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn clean_workspace_passes() {
    let ws = Workspace::new("clean");
    let (code, lines, _) = tidy(&ws);
    assert_eq!(code, Some(0));
    assert_eq!(
        lines,
        ["tidy: ok (crate layering, module docs, SAFETY comments, forbidden macros)"]
    );
}

#[test]
fn each_kind_of_violation_fails() {
    let ws = Workspace::new("planted");
    ws.manifest("gil", "subinterp-object = { path = \"../object\" }\n");
    ws.write("crates/object/src/doc.rs", "pub fn f() {}\n");
    ws.write(
        "crates/object/src/raw.rs",
        "//! Raw.\n\npub fn f(p: *const u8) -> u8 {\n    unsafe { *p }\n}\n",
    );
    ws.write(
        "crates/obmalloc/src/stub.rs",
        &format!("//! Stub.\n\npub fn f() {{\n    {TODO}()\n}}\n"),
    );
    ws.write(
        "crates/obmalloc/tests/skip.rs",
        &format!("//! Skip.\n\n#[test]\n{IGNORE}\nfn t() {{}}\n"),
    );
    let (code, lines, stderr) = tidy(&ws);
    assert_eq!(code, Some(1));
    assert_eq!(
        lines,
        [
            "package `subinterp-gil`: depends on `subinterp-object` in [dependencies], which the \
             layering forbids; `subinterp-gil` may depend on: subinterp-id (xtask/src/dag.rs)",
            "crates/object/src/doc.rs:1: the file must start with a `//!` module doc saying what it is",
            "crates/object/src/raw.rs:4: `unsafe` block without a `// SAFETY:` comment directly above it",
            "crates/obmalloc/src/stub.rs:4: `todo!` is not allowed: write the real behaviour",
            format!(
                "crates/obmalloc/tests/skip.rs:4: `{IGNORE}` is not allowed: tests must run and must \
                 not pass by panicking (use `std::panic::catch_unwind` to test a panic)"
            )
            .as_str(),
        ]
    );
    assert_eq!(stderr, "tidy: 5 problems\n");
}

#[test]
fn help_and_usage() {
    let out = xtask(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("usage: cargo xtask <command>")
    );
    let out = xtask(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("commands:"));
}
