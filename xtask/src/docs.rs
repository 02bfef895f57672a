//! `cargo xtask docs`: refreshes the behaviour docs. Runs the doc test
//! (`tests/tests/behavior.rs`) with `INSTA_UPDATE=always` (insta writes every snapshot in place;
//! no cargo-insta needed) and `SUBINTERP_UPDATE_DOCS=1` (the test rewrites each doc's
//! ```` ```transcript ```` blocks) until a pass changes nothing, then lists the files under `docs/behavior/` that changed, so
//! the diff can be reviewed before committing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cargo;

/// Every file under `dir` (recursively) with its bytes.
fn contents(dir: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>, String> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("{}: {e}", d.display()))?.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                out.insert(path, bytes);
            }
        }
    }
    Ok(out)
}

/// What changed between two listings: `(path, "updated" | "added" | "removed")`.
fn changes(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    for (p, b) in after {
        match before.get(p) {
            None => out.push((p.clone(), "added")),
            Some(old) if old != b => out.push((p.clone(), "updated")),
            Some(_) => {}
        }
    }
    for p in before.keys().filter(|p| !after.contains_key(*p)) {
        out.push((p.clone(), "removed"));
    }
    out.sort();
    out
}

/// Passes of the doc test before the docs are taken to oscillate rather than settle.
const MAX_PASSES: usize = 4;

/// One run of the doc test in update mode.
fn update_pass(root: &Path) -> Result<(), String> {
    let status = cargo::cargo()
        .args(["test", "-p", "subinterp-tests", "--test", "behavior"])
        .env("INSTA_UPDATE", "always")
        .env("SUBINTERP_UPDATE_DOCS", "1")
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the behaviour-doc test failed ({status})"))
    }
}

/// Runs the update until a pass changes nothing, and reports what changed. One pass is not
/// always enough: a transcript that gains or loses lines moves the scenario blocks after it,
/// and each doc's snapshot heads every block with its line (`# line 46: ...`), written before
/// the doc is rewritten, so only the next pass sees the new numbers.
pub(crate) fn run(root: &Path) -> Result<(), String> {
    let dir = root.join("docs").join("behavior");
    let before = contents(&dir)?;
    let mut last = before.clone();
    let mut settled = false;
    for _ in 0..MAX_PASSES {
        update_pass(root)?;
        let now = contents(&dir)?;
        settled = now == last;
        last = now;
        if settled {
            break;
        }
    }
    if !settled {
        return Err(format!(
            "the behaviour docs still changed after {MAX_PASSES} passes of the doc test"
        ));
    }
    let after = last;
    let changed = changes(&before, &after);
    if changed.is_empty() {
        println!("docs: every behaviour doc and snapshot was up to date");
    } else {
        println!(
            "docs: {} file(s) changed; review them with `git diff docs/behavior`:",
            changed.len()
        );
        for (p, what) in changed {
            let shown = p.strip_prefix(root).unwrap_or(&p);
            println!("  {what:<8} {}", shown.display());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_listed_by_kind() {
        let map = |v: &[(&str, &str)]| {
            v.iter()
                .map(|(p, b)| (PathBuf::from(p), b.as_bytes().to_vec()))
                .collect::<BTreeMap<_, _>>()
        };
        let before = map(&[("a.md", "1"), ("b.md", "2"), ("c.md", "3")]);
        let after = map(&[("a.md", "1"), ("b.md", "x"), ("d.md", "4")]);
        assert_eq!(
            changes(&before, &after),
            [
                (PathBuf::from("b.md"), "updated"),
                (PathBuf::from("c.md"), "removed"),
                (PathBuf::from("d.md"), "added"),
            ]
        );
    }

    #[test]
    fn listing_reads_nested_files() {
        let dir = std::env::temp_dir().join(format!("xtask-docs-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("snapshots")).unwrap();
        std::fs::write(dir.join("a.md"), "doc").unwrap();
        std::fs::write(dir.join("snapshots").join("a.snap"), "snap").unwrap();
        let got = contents(&dir).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[&dir.join("snapshots").join("a.snap")], b"snap");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
