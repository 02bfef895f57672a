//! `subinterp run FILE [ARGS...]` as a user runs it: each program in `tests/run/` runs through
//! the command line (the `pyrun` binary of this package, which is `subinterp`'s entry point),
//! and its standard output, standard error and exit status must be the ones CPython 3.13 gave
//! (`tests/run/regen.sh` writes `NAME.out`, `NAME.err` and `NAME.status`; the programs' folder
//! is `{dir}` in `NAME.err`). Covers `sys.argv`, `sys.path[0]`, `__name__`, `__file__`,
//! tracebacks (chained ones included) on stderr with status 1, `SystemExit` with an int, a
//! message and none, a syntax error, a small program's output, and source imports (the
//! `imppkg` and `impns` folders: packages, relative imports, circular imports, errors, frozen
//! Python source). `-c` and a missing file
//! are checked against CPython's texts below.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pyrun(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyrun"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run pyrun")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("run")
}

/// The arguments `regen.sh` passes to a program.
fn args_of(name: &str) -> &'static [&'static str] {
    match name {
        "argv" => &["a", "-b", "--c"],
        _ => &[],
    }
}

#[test]
fn programs_print_and_exit_as_in_cpython() {
    let dir = programs_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/run")
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "py").then(|| p.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let file = dir.join(format!("{name}.py"));
        let mut args = vec!["run", file.to_str().expect("utf-8 path")];
        args.extend_from_slice(args_of(name));
        let out = pyrun(&args);
        let expected = |ext: &str| {
            std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).expect("expected output")
        };
        let got = (
            text(&out.stdout),
            text(&out.stderr).replace(dir.to_str().expect("utf-8 path"), "{dir}"),
            format!("{}\n", out.status.code().unwrap_or(-1)),
        );
        let want = (expected("out"), expected("err"), expected("status"));
        if got != want {
            failures.push(format!("{name}:\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn dash_c_runs_the_code_with_its_arguments() {
    // CPython 3.13: `python3 -c "..." x y` prints `['-c', 'x', 'y'] '' __main__`.
    let out = pyrun(&[
        "run",
        "-c",
        "import sys; print(sys.argv, repr(sys.path[0]), __name__)",
        "x",
        "y",
    ]);
    assert_eq!(text(&out.stdout), "['-c', 'x', 'y'] '' __main__\n");
    assert_eq!(out.status.code(), Some(0));
    // A syntax error in -c code: CPython's display for `<string>`, status 1.
    let out = pyrun(&["run", "-c", "x = (1,"]);
    assert_eq!(
        text(&out.stderr),
        "  File \"<string>\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_missing_file_is_cpythons_error_and_status_2() {
    let missing = programs_dir().join("no_such_program.py");
    let out = pyrun(&["run", missing.to_str().expect("utf-8 path")]);
    assert_eq!(
        text(&out.stderr),
        format!(
            "subinterp: can't open file '{}': [Errno 2] No such file or directory\n",
            missing.display()
        )
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn dash_c_imports_from_the_current_directory() {
    // CPython 3.13 in tests/run: `sys.path[0]` is '' and stands for the current directory,
    // made absolute in `__file__`.
    let dir = programs_dir();
    let out = Command::new(env!("CARGO_BIN_EXE_pyrun"))
        .args([
            "run",
            "-c",
            "import sys, imppkg.leaf; print(repr(sys.path[0]), imppkg.leaf.__file__)",
        ])
        .current_dir(&dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("run pyrun");
    assert_eq!(
        text(&out.stdout),
        format!(
            "init imppkg imppkg imppkg imppkg\nleaf imppkg.leaf imppkg\n'' {}/imppkg/leaf.py\n",
            dir.display()
        )
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn sub_interpreters_start_with_the_programs_path() {
    // CPython 3.13 copies main's path configuration into sub-interpreters: `sys.path[0]` is
    // the script's folder there too, so they import the script's neighbours (the same
    // program with `_interpreters.create()` / `_interpreters.exec` prints the same).
    let dir = std::env::temp_dir().join(format!("subinterp-subpath-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::write(dir.join("neighbour.py"), "print('neighbour', __name__)\n").expect("module");
    let script = dir.join("main.py");
    std::fs::write(
        &script,
        "import sys\nimport interpreters\ni = interpreters.create()\n\
         i.exec('import sys; print(sys.path == [%r])' % sys.path[0])\n\
         i.exec('import neighbour')\n",
    )
    .expect("script");
    let out = pyrun(&["run", script.to_str().expect("utf-8 path")]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(text(&out.stderr), "");
    assert_eq!(text(&out.stdout), "True\nneighbour neighbour\n");
    assert_eq!(out.status.code(), Some(0));
}
