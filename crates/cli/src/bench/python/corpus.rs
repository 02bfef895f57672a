//! The programs of a corpus folder and running one here: each `NAME.py` that has its expected
//! output (`expected/NAME.txt`, or `expected/small/NAME.txt` at the small size) is a program;
//! it runs in a fresh isolated interpreter as `subinterp run` runs it (its folder as the
//! current directory and `sys.path[0]`), with its output captured and compared.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use subinterp_runtime::{InterpreterConfig, Program, Runtime};

/// One program of the corpus.
#[derive(Clone, Debug)]
pub(crate) struct Prog {
    /// The file name without `.py`.
    pub(crate) name: String,
    /// The absolute path of the file.
    pub(crate) path: PathBuf,
    /// Its folder (the current directory and `sys.path[0]` while it runs).
    pub(crate) folder: PathBuf,
    /// The source.
    pub(crate) source: Vec<u8>,
    /// What it must print.
    pub(crate) expected: String,
    /// Its arguments (`sys.argv[1:]`).
    pub(crate) args: Vec<String>,
}

impl Prog {
    /// The path as text (`sys.argv[0]`, `__file__`, the code's file name).
    pub(crate) fn path_text(&self) -> String {
        self.path.display().to_string()
    }
}

/// The project's own programs: `benches/python` at the repository root.
pub(crate) fn default_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches/python")
}

/// The programs of `folder` (sorted by name), at the small size when `small`. An unreadable
/// folder, or one without any program that has its expected output, is an error.
pub(crate) fn discover(folder: &Path, small: bool) -> Result<Vec<Prog>, String> {
    let folder = std::fs::canonicalize(folder)
        .map_err(|e| format!("no corpus folder at {}: {e}", folder.display()))?;
    let expected_dir = if small {
        folder.join("expected").join("small")
    } else {
        folder.join("expected")
    };
    let entries = std::fs::read_dir(&folder)
        .map_err(|e| format!("cannot read the corpus folder {}: {e}", folder.display()))?;
    let mut progs = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".py"))
        else {
            continue;
        };
        // A helper module (the corpus's `pyperf.py`) has no expected output: not a program.
        let Ok(expected) = std::fs::read_to_string(expected_dir.join(format!("{name}.txt"))) else {
            continue;
        };
        let source =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        progs.push(Prog {
            name: name.to_owned(),
            path: path.clone(),
            folder: folder.clone(),
            source,
            expected,
            args: if small {
                vec!["small".to_owned()]
            } else {
                vec![]
            },
        });
    }
    progs.sort_by(|a, b| a.name.cmp(&b.name));
    if progs.is_empty() {
        return Err(format!(
            "no programs in {}: none of its NAME.py has {}/NAME.txt",
            folder.display(),
            expected_dir.display()
        ));
    }
    Ok(progs)
}

/// Why `got` is not `want`: the first line that differs, both sides shortened.
pub(crate) fn mismatch(got: &str, want: &str) -> Option<String> {
    if got == want {
        return None;
    }
    let (mut g, mut w) = (got.split_inclusive('\n'), want.split_inclusive('\n'));
    for line in 1.. {
        match (g.next(), w.next()) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => {
                let show = |s: Option<&str>| match s {
                    Some(s) => format!("{:?}", short(s.trim_end_matches('\n'))),
                    None => "end of output".to_owned(),
                };
                return Some(format!(
                    "output differs from the expected at line {line}: got {}, expected {}",
                    show(a),
                    show(b)
                ));
            }
        }
    }
    None
}

fn short(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        format!("{}...", s.chars().take(MAX).collect::<String>())
    }
}

/// Runs `p` once: create an isolated interpreter of `rt`, run the program with its output
/// captured (timed: only the run, the source already compiled), end the interpreter. The time, or
/// why it failed: an uncaught exception (`Type: message`), an exit status, or output that is
/// not the expected.
pub(crate) fn run_here(rt: &Runtime, p: &Prog) -> Result<Duration, String> {
    std::env::set_current_dir(&p.folder)
        .map_err(|e| format!("cannot enter {}: {e}", p.folder.display()))?;
    // Compiled before the clock starts, as CPython's side compiles before timing: the run
    // then finds it in the compile cache. A syntax error is the run's to report.
    let _ =
        subinterp_compile::compile_cached(&p.source, &p.path_text(), subinterp_compile::Mode::Exec);
    let i = rt
        .new_interpreter(InterpreterConfig::isolated())
        .map_err(|e| e.to_string())?;
    let (out, took, res) = run_in(&i, p);
    i.end().map_err(|e| e.to_string())?;
    res?;
    match mismatch(&out, &p.expected) {
        Some(why) => Err(why),
        None => Ok(took),
    }
}

/// Runs `p` in `i` (which must be free): what it printed, the time the run took, and whether
/// it ended with status 0.
pub(crate) fn run_in(
    i: &subinterp_runtime::Interpreter,
    p: &Prog,
) -> (String, Duration, Result<(), String>) {
    let path = p.path_text();
    let folder = p.folder.display().to_string();
    let mut argv = vec![path.clone()];
    argv.extend(p.args.iter().cloned());
    let program = Program {
        source: &p.source,
        filename: &path,
        argv: &argv,
        path0: &folder,
        file: Some(&path),
    };
    let mut out = Vec::new();
    let t0 = Instant::now();
    let res = i.run_program_to(&program, &mut out);
    let took = t0.elapsed();
    let res = match res {
        Ok(0) => Ok(()),
        Ok(n) => Err(format!("exit status {n}")),
        Err(e) => Err(e.transcript_line()),
    };
    (String::from_utf8_lossy(&out).into_owned(), took, res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_differing_line_is_named() {
        assert_eq!(mismatch("a\nb\n", "a\nb\n"), None);
        assert_eq!(
            mismatch("a\nx\n", "a\nb\n").unwrap(),
            "output differs from the expected at line 2: got \"x\", expected \"b\""
        );
        assert_eq!(
            mismatch("a\n", "a\nb\n").unwrap(),
            "output differs from the expected at line 2: got end of output, expected \"b\""
        );
    }

    #[test]
    fn helpers_without_expected_output_are_not_programs() {
        let dir = std::env::temp_dir().join(format!("subinterp-corpus-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("expected")).unwrap();
        std::fs::write(dir.join("a.py"), "print(1)\n").unwrap();
        std::fs::write(dir.join("helper.py"), "X = 1\n").unwrap();
        std::fs::write(dir.join("expected/a.txt"), "1\n").unwrap();
        let progs = discover(&dir, false).unwrap();
        assert_eq!(progs.len(), 1);
        assert_eq!(
            (progs[0].name.as_str(), progs[0].expected.as_str()),
            ("a", "1\n")
        );
        let err = discover(&dir, true).unwrap_err();
        assert!(err.starts_with("no programs in "), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
