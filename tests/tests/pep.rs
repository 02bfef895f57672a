//! `concurrent.interpreters` (PEP 734 from Python code, CPython 3.14's names): each program in
//! `tests/pep/` runs through the command line (`pyrun`), with the package from the standard
//! library's Python source (`crates/stdlib/lib/concurrent/`), and its standard output and exit
//! status must be the ones CPython
//! 3.13's `test.support.interpreters` gives for the same calls (`tests/pep/regen.sh` runs them
//! through `tests/pep/shim/`, which maps the 3.14 names onto 3.13's module).

use std::path::{Path, PathBuf};
use std::process::Command;

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pep")
}

#[test]
fn pep734_programs_print_as_in_cpython() {
    let dir = programs_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/pep")
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "py").then(|| p.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    assert!(names.len() >= 3, "{names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let file = dir.join(format!("{name}.py"));
        let out = Command::new(env!("CARGO_BIN_EXE_pyrun"))
            .args(["run", file.to_str().expect("utf-8 path")])
            .env_remove("RUST_LOG")
            .output()
            .expect("run pyrun");
        let expected = |ext: &str| {
            std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).expect("expected output")
        };
        let got = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            format!("{}\n", out.status.code().unwrap_or(-1)),
        );
        let want = (expected("out"), expected("status"));
        if got != want {
            failures.push(format!(
                "{name}:\n  got  {got:?}\n  want {want:?}\n  stderr {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
