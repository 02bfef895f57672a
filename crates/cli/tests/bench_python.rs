//! `subinterp bench python` as a user runs it: argument errors, the figures' lines and JSON
//! shape, failing programs reported as rows, and the project's own benchmark programs
//! printing what CPython 3.13 printed (at their small size, fast in a debug build). No CPython
//! is needed (`--no-cpython`) and nothing is timed.

use std::path::{Path, PathBuf};

mod common;

use common::{subinterp, text};

use serde_json::Value;

/// A scratch folder, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(tag: &str) -> Folder {
        let dir = std::env::temp_dir().join(format!(
            "subinterp-bench-python-{tag}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("expected")).unwrap();
        Folder(dir)
    }

    fn write(&self, name: &str, body: &str) -> &Folder {
        std::fs::write(self.0.join(name), body).unwrap();
        self
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn an_unknown_corpus_folder_exits_2() {
    let out = subinterp(&[
        "bench",
        "python",
        "--no-cpython",
        "--corpus",
        "/no/such/dir",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("subinterp: bench python: no corpus folder at /no/such/dir: "),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    let empty = Folder::new("empty");
    let out = subinterp(&["bench", "python", "--no-cpython", "--corpus", empty.path()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no programs in "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_bad_cpython_exits_2() {
    let out = subinterp(&["bench", "python", "--cpython", "/no/such/python3"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("subinterp: bench python: --cpython: cannot run /no/such/python3: "),
        "{err}"
    );
    // A program that answers with an older version.
    let dir = Folder::new("oldpy");
    dir.write("python", "#!/bin/sh\necho 3.11.4\n");
    let fake = Path::new(dir.path()).join("python");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = subinterp(&["bench", "python", "--cpython", fake.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).ends_with("is Python 3.11.4; the comparison needs 3.13 or newer\n"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn python_options_need_the_python_group() {
    let out = subinterp(&["bench", "exec", "--runs", "2"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "subinterp: bench: --runs applies to the python group (`subinterp bench python`)\n"
    );
}

/// A corpus of three programs: one right, one printing the wrong thing, one raising.
fn three_programs(tag: &str) -> Folder {
    let dir = Folder::new(tag);
    dir.write("ok.py", "import sys\nprint(6 * 7, sys.argv[1:])\n")
        .write("expected/ok.txt", "42 []\n")
        .write("wrong.py", "print('a')\nprint('x')\n")
        .write("expected/wrong.txt", "a\nb\n")
        .write("raises.py", "print('before')\n1 / 0\n")
        .write("expected/raises.txt", "before\n")
        .write("helper.py", "X = 1\n");
    dir
}

/// `bench python.corpus` once over `dir`, here only, printing `form` (`--json`, `--table`).
fn run_once(dir: &Folder, form: &str) -> std::process::Output {
    subinterp(&[
        "bench",
        "python.corpus",
        "--no-cpython",
        "--runs",
        "1",
        form,
        "--corpus",
        dir.path(),
    ])
}

#[test]
fn failing_programs_are_rows_with_their_error_in_json() {
    let dir = three_programs("json");
    let out = run_once(&dir, "--json");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["group"], "python");
    assert_eq!(v["cpython"], Value::Null);
    assert_eq!(v["runs"], 1);
    let progs = v["programs"].as_array().unwrap();
    let names: Vec<&str> = progs.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["ok", "raises", "wrong"],
        "helper.py has no expected output"
    );
    assert!(progs[0]["here_ms"].as_f64().unwrap() > 0.0);
    assert_eq!(progs[0]["error"], Value::Null);
    assert_eq!(progs[1]["error"], "ZeroDivisionError: division by zero");
    assert_eq!(progs[1]["here_ms"], Value::Null);
    assert_eq!(
        progs[2]["error"],
        "output differs from the expected at line 2: got \"x\", expected \"b\""
    );
    let f = &v["figures"];
    assert_eq!(f["python.corpus.ok.here_ms"]["unit"], "ms");
    assert!(f["python.corpus.ok.here_ms"]["value"].as_f64().is_some());
    assert_eq!(
        f["python.corpus.wrong.failed"]["value"],
        progs[2]["error"].clone()
    );
    assert_eq!(f["python.corpus.failed"]["value"], "raises, wrong");
    assert_eq!(
        f["python.corpus.geomean"]["value"],
        "no CPython to compare with"
    );
    assert!(f.get("python.scaling.isolated.x2").is_none());
}

#[test]
fn figures_print_as_name_value_unit_lines_and_a_table() {
    let dir = three_programs("lines");
    let out = run_once(&dir, "--table");
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("python.corpus.ok.here_ms: ") && lines[0].ends_with(" ms"));
    assert_eq!(
        lines[1],
        "python.corpus.raises.failed: ZeroDivisionError: division by zero"
    );
    assert!(lines[2].starts_with("python.corpus.wrong.failed: output differs"));
    assert_eq!(lines[3], "python.corpus.failed: raises, wrong");
    assert_eq!(
        lines[4],
        "python.corpus.geomean: no CPython to compare with"
    );
    assert!(lines[6].starts_with("figure "), "{stdout}");
    assert!(
        stdout.contains("\npython.corpus.raises ") && stdout.contains(" failed "),
        "{stdout}"
    );
}

/// Errors the engine gives for what it does not run yet (classes before they land): those
/// programs are reported, not wrong. Any other failure, and any wrong output, is.
fn not_yet(error: &str) -> bool {
    error.starts_with("SystemError: ") && error.ends_with(" yet")
}

#[test]
fn the_projects_programs_print_what_cpython_printed() {
    let out = subinterp(&[
        "bench",
        "python.corpus",
        "--small",
        "--no-cpython",
        "--runs",
        "1",
        "--json",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let progs = v["programs"].as_array().unwrap();
    assert!(progs.len() >= 8, "{progs:?}");
    let mut passed = 0;
    for p in progs {
        match p["error"].as_str() {
            None => passed += 1,
            Some(e) if not_yet(e) => eprintln!("{}: not run yet here: {e}", p["name"]),
            Some(e) => panic!("{}: {e}", p["name"]),
        }
    }
    assert!(passed >= 8, "{passed} of {} passed", progs.len());
}

#[test]
fn the_smoke_run_measures_every_python_figure() {
    let out = subinterp(&["bench", "python", "--smoke", "--no-cpython", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let f = &v["figures"];
    for name in [
        "python.corpus.fib.here_ms",
        "python.scaling.isolated.x2",
        "python.scaling.isolated.x4",
        "python.scaling.threads.x2",
        "python.per_request",
        "python.per_request.pool",
        "python.rss_per_interpreter",
    ] {
        assert_eq!(
            f[name]["value"].as_f64().map(f64::is_finite),
            Some(true),
            "{name}: {}",
            f[name]
        );
    }
    assert!(
        f["python.per_request"]["note"]
            .as_str()
            .unwrap()
            .starts_with("import a "),
        "{}",
        f["python.per_request"]
    );
}
