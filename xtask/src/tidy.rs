//! `cargo xtask tidy`: the crate layering ([`crate::dag`]) and the source rules
//! ([`crate::scan`]) over the whole workspace.

use std::fmt;
use std::fs;
use std::path::Path;

use crate::{cargo, dag, scan};

/// Which rule a violation breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A dependency edge the layering does not allow.
    Dag,
    /// A file without a leading `//!` module doc.
    ModuleDoc,
    /// An `unsafe` block or impl without a `// SAFETY:` comment.
    Safety,
    /// A placeholder macro (`todo`, `unimplemented`) or a skipping test attribute (`ignore`,
    /// `should_panic`).
    Forbidden,
}

/// One broken rule, with where (`path:line` or `package NAME`) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Violation {
    pub(crate) kind: Kind,
    pub(crate) place: String,
    pub(crate) message: String,
}

impl Violation {
    pub(crate) fn new(kind: Kind, place: String, message: impl Into<String>) -> Violation {
        Violation {
            kind,
            place,
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Every violation in the workspace at `root`: layering first, then files in path order.
pub(crate) fn check(root: &Path) -> Result<Vec<Violation>, String> {
    let metadata = cargo::metadata(root)?;
    let mut out = dag::check(&metadata)?;
    let files = scan::rust_files(root).map_err(|e| format!("cannot list sources: {e}"))?;
    for file in &files {
        let src =
            fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let rel = file.strip_prefix(root).unwrap_or(file);
        out.extend(scan::scan_file(&rel.display().to_string(), &src));
    }
    Ok(out)
}

/// Runs tidy and prints every violation; fails if there is any.
pub(crate) fn run(root: &Path) -> Result<(), String> {
    let violations = check(root)?;
    for v in &violations {
        println!("{v}");
    }
    match violations.len() {
        0 => {
            println!("tidy: ok (crate layering, module docs, SAFETY comments, forbidden macros)");
            Ok(())
        }
        1 => Err("tidy: 1 problem".into()),
        n => Err(format!("tidy: {n} problems")),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::scan::spelled::*;

    /// A directory under the system temp dir, removed on drop.
    pub(crate) struct TempDir(PathBuf);

    impl TempDir {
        pub(crate) fn new(tag: &str) -> TempDir {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let dir =
                std::env::temp_dir().join(format!("xtask-tidy-{tag}-{}-{n}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }

        pub(crate) fn path(&self) -> &Path {
            &self.0
        }

        /// Writes `text` to `rel`, creating parent directories.
        pub(crate) fn write(&self, rel: &str, text: &str) {
            let path = self.0.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// A two-crate workspace that passes tidy: `subinterp-object` on `subinterp-obmalloc`.
    fn workspace(tag: &str) -> TempDir {
        let ws = TempDir::new(tag);
        ws.write(
            "Cargo.toml",
            "[workspace]\nresolver = \"3\"\nmembers = [\"crates/*\"]\n",
        );
        for (dir, deps) in [
            ("obmalloc", ""),
            (
                "object",
                "subinterp-obmalloc = { path = \"../obmalloc\" }\n",
            ),
        ] {
            ws.write(
                &format!("crates/{dir}/Cargo.toml"),
                &format!(
                    "[package]\nname = \"subinterp-{dir}\"\nversion = \"0.1.0\"\nedition = \
                     \"2024\"\n\n[dependencies]\n{deps}"
                ),
            );
            ws.write(&format!("crates/{dir}/src/lib.rs"), "//! A crate.\n");
        }
        ws
    }

    /// Runs tidy on a fresh workspace after `plant`, rendering violations as `Kind place`.
    #[track_caller]
    fn check_planted(plant: impl FnOnce(&TempDir), expect: &[&str]) {
        let ws = workspace("plant");
        plant(&ws);
        let got: Vec<String> = check(ws.path())
            .unwrap()
            .iter()
            .map(|v| format!("{:?} {}", v.kind, v.place))
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn a_clean_workspace_passes() {
        check_planted(|_| {}, &[]);
        assert_eq!(run(workspace("clean").path()), Ok(()));
    }

    #[test]
    fn planted_layering_violation() {
        check_planted(
            |ws| {
                ws.write(
                    "crates/obmalloc/Cargo.toml",
                    "[package]\nname = \"subinterp-obmalloc\"\nversion = \"0.1.0\"\nedition = \
                     \"2024\"\n\n[dev-dependencies]\nsubinterp-object = { path = \"../object\" }\n",
                );
            },
            &["Dag package `subinterp-obmalloc`"],
        );
    }

    #[test]
    fn planted_missing_module_doc() {
        check_planted(
            |ws| ws.write("crates/object/tests/t.rs", "#[test]\nfn t() {}\n"),
            &["ModuleDoc crates/object/tests/t.rs:1"],
        );
    }

    #[test]
    fn planted_unsafe_without_safety_comment() {
        check_planted(
            |ws| {
                ws.write(
                    "crates/object/src/lib.rs",
                    "//! A crate.\n\npub fn f(p: *const u8) -> u8 {\n    unsafe { *p }\n}\n",
                );
            },
            &["Safety crates/object/src/lib.rs:4"],
        );
    }

    #[test]
    fn planted_forbidden_macro_and_attributes() {
        check_planted(
            |ws| {
                ws.write(
                    "crates/obmalloc/src/a.rs",
                    &format!("//! A.\n\nfn f() {{\n    {TODO}()\n}}\n"),
                );
                ws.write(
                    "crates/obmalloc/src/b.rs",
                    &format!("//! B.\n\nfn g() {{\n    {UNIMPLEMENTED}()\n}}\n"),
                );
                ws.write(
                    "crates/obmalloc/tests/c.rs",
                    &format!("//! C.\n\n#[test]\n{IGNORE}\nfn t() {{}}\n"),
                );
                ws.write(
                    "crates/obmalloc/tests/d.rs",
                    &format!("//! D.\n\n#[test]\n{SHOULD_PANIC}]\nfn t() {{}}\n"),
                );
            },
            &[
                "Forbidden crates/obmalloc/src/a.rs:4",
                "Forbidden crates/obmalloc/src/b.rs:4",
                "Forbidden crates/obmalloc/tests/c.rs:4",
                "Forbidden crates/obmalloc/tests/d.rs:4",
            ],
        );
    }

    #[test]
    fn run_fails_with_a_count() {
        let ws = workspace("count");
        ws.write("xtask/src/x.rs", "fn x() {}\n");
        ws.write("tests/y.rs", "fn y() {}\n");
        assert_eq!(run(ws.path()), Err("tidy: 2 problems".into()));
    }

    #[test]
    fn a_broken_manifest_is_an_error_not_a_pass() {
        let ws = workspace("broken");
        ws.write("crates/object/Cargo.toml", "[package\n");
        assert!(
            check(ws.path())
                .unwrap_err()
                .starts_with("cargo metadata failed")
        );
    }
}
