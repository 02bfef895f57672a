//! `PathFinder` with `FileFinder` over source files (CPython 3.13's
//! `importlib._bootstrap_external`, for the `.py` suffix only): which file or folder of a search
//! path (`sys.path`, or a package's `__path__`) holds a module.
//!
//! Rules, as CPython's:
//! - each entry is a folder; `''` (and `'.'`) is the current directory, any other entry is made
//!   absolute against it, so `__file__` is always an absolute path; an entry that is not a
//!   folder (a file, a missing path, a non-str item) is skipped;
//! - in one entry, a folder `name` holding `__init__.py` is a package and wins over `name.py`;
//!   a folder without `__init__.py` is remembered as a namespace portion, and the search goes
//!   on; `name.py` is a module;
//! - when no entry has a module or package, the folders remembered make a namespace package
//!   (its `__path__` is every one of them, in search order).

use std::path::{Path, PathBuf};

/// What the search found for one module name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// `name.py`: the file.
    Module(String),
    /// `name/__init__.py`: the file and the package folder.
    Package {
        /// `.../name/__init__.py`.
        init: String,
        /// `.../name`.
        dir: String,
    },
    /// Folders named `name` without `__init__.py`: a namespace package's portions.
    Namespace(Vec<String>),
}

/// The folder an entry of a search path stands for (CPython's `FileFinder.__init__`): the
/// current directory for `''` and `'.'`, else the entry made absolute.
fn entry_dir(entry: &str) -> Option<PathBuf> {
    let cwd = || std::env::current_dir().ok();
    if entry.is_empty() || entry == "." {
        return cwd();
    }
    let p = Path::new(entry);
    if p.is_absolute() {
        Some(p.to_path_buf())
    } else {
        Some(cwd()?.join(p))
    }
}

fn text(p: &Path) -> Option<String> {
    p.to_str().map(str::to_owned)
}

/// Searches `entries` (in order) for the module whose last name part is `short`.
pub(crate) fn find(entries: &[String], short: &str) -> Option<Found> {
    if short.is_empty() || short.contains(['/', '\0']) || short == "." || short == ".." {
        return None;
    }
    let mut portions = Vec::new();
    for entry in entries {
        let Some(base) = entry_dir(entry) else {
            continue;
        };
        if !base.is_dir() {
            continue;
        }
        let dir = base.join(short);
        if dir.is_dir() {
            let init = dir.join("__init__.py");
            if init.is_file() {
                return Some(Found::Package {
                    init: text(&init)?,
                    dir: text(&dir)?,
                });
            }
            if let Some(d) = text(&dir) {
                portions.push(d);
            }
        }
        let file = base.join(format!("{short}.py"));
        if file.is_file() {
            return Some(Found::Module(text(&file)?));
        }
    }
    (!portions.is_empty()).then_some(Found::Namespace(portions))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("subinterp-pf-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn package_beats_module_and_files_are_skipped() {
        let d = tmp("order");
        std::fs::create_dir_all(d.join("p")).unwrap();
        std::fs::write(d.join("p/__init__.py"), "").unwrap();
        std::fs::write(d.join("p.py"), "").unwrap();
        std::fs::write(d.join("m.py"), "").unwrap();
        let not_dir = d.join("m.py").to_str().unwrap().to_owned();
        let entries = vec![
            not_dir,
            "/nonexistent-subinterp".into(),
            d.to_str().unwrap().into(),
        ];
        assert_eq!(
            find(&entries, "p"),
            Some(Found::Package {
                init: d.join("p/__init__.py").to_str().unwrap().into(),
                dir: d.join("p").to_str().unwrap().into(),
            })
        );
        assert_eq!(
            find(&entries, "m"),
            Some(Found::Module(d.join("m.py").to_str().unwrap().into()))
        );
        assert_eq!(find(&entries, "nope"), None);
        assert_eq!(find(&entries, ".."), None);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn folders_without_init_make_a_namespace() {
        let (a, b) = (tmp("ns-a"), tmp("ns-b"));
        std::fs::create_dir_all(a.join("ns")).unwrap();
        std::fs::create_dir_all(b.join("ns")).unwrap();
        let entries = vec![a.to_str().unwrap().into(), b.to_str().unwrap().into()];
        assert_eq!(
            find(&entries, "ns"),
            Some(Found::Namespace(vec![
                a.join("ns").to_str().unwrap().into(),
                b.join("ns").to_str().unwrap().into(),
            ]))
        );
        // A module in a later entry wins over an earlier namespace portion.
        std::fs::write(b.join("ns.py"), "").unwrap();
        assert_eq!(
            find(&entries, "ns"),
            Some(Found::Module(b.join("ns.py").to_str().unwrap().into()))
        );
        std::fs::remove_dir_all(&a).unwrap();
        std::fs::remove_dir_all(&b).unwrap();
    }
}
