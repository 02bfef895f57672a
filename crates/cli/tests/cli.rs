//! The `subinterp` binary as a user runs it: arguments, exit statuses, and the shape of what
//! each subcommand prints (structure, never speed).

use std::path::PathBuf;

mod common;

use common::{subinterp, text};

/// A scratch file, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, body: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("subinterp-cli-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, body).unwrap();
        Scratch(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn help_lists_every_subcommand() {
    let out = subinterp(&["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for cmd in ["demo", "scenario", "bench", "inspect", "dis"] {
        assert!(
            help.contains(&format!("\n  {cmd}")),
            "{cmd} missing from:\n{help}"
        );
    }
    assert!(help.contains("RUST_LOG"), "{help}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(subinterp(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(subinterp(&["scenario"]).status.code(), Some(2));
    let out = subinterp(&["bench", "nosuchgroup"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no figure in group 'nosuchgroup'"));
}

#[test]
fn a_scenario_prints_its_transcript() {
    let f = Scratch::new(
        "ok.scn",
        "# the example of scenarios.md\ninterp new sub isolated\nsub> import _testsinglephase\n\
         main> import _testsinglephase; _testsinglephase.int_const\n",
    );
    let out = subinterp(&["scenario", f.path()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "$ interp new sub isolated\nsub = interpreter 1\nsub> import _testsinglephase\n\
         ImportError: module _testsinglephase does not support loading in subinterpreters\n\
         main> import _testsinglephase; _testsinglephase.int_const\n1969\n"
    );
}

#[test]
fn a_malformed_line_exits_2_with_its_line_number() {
    let f = Scratch::new("bad.scn", "interp new a\n\ninterp destroy a\n");
    let out = subinterp(&["scenario", f.path()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing runs: {}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("{}:3: usage: interp new NAME", f.path())),
        "{err}"
    );
}

#[test]
fn an_unreadable_file_is_a_clear_error() {
    let out = subinterp(&["scenario", "/nonexistent/dir/x.scn"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("subinterp: /nonexistent/dir/x.scn: cannot read: "),
        "{err}"
    );
    let out = subinterp(&["scenario", "Cargo.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not a scenario file"));
}

#[test]
fn several_files_get_headers() {
    let a = Scratch::new("a.scn", "interp list\n");
    let b = Scratch::new("b.md", "# B\n\n```scenario\ninterp new x\n```\n");
    let out = subinterp(&["scenario", a.path(), b.path()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        format!(
            "==> {} <==\n$ interp list\n0 main\n\n==> {} <==\n# line 3: B\n$ interp new x\n\
             x = interpreter 1\n",
            a.path(),
            b.path()
        )
    );
}

#[test]
fn inspect_runs_the_scenario_then_dumps() {
    let f = Scratch::new(
        "state.scn",
        "interp new worker\nqueue new jobs maxsize=4\nshare jobs with worker\n\
         worker> jobs.put(1)\nworker> import _testmultiphase\nmain> import _testsinglephase\n",
    );
    let out = subinterp(&["inspect", f.path()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let dump = text(&out.stdout);
    for want in [
        "worker> jobs.put(1)\n",
        "runtime: initialized, 2 interpreter(s)\n",
        "\ninterpreter 1 (worker): made by _interpreters module\n",
        "    check_multi_interp_extensions = true\n",
        "  GIL: its own: ",
        "  heap: its own: ",
        "_testmultiphase",
        "  queue 1 (jobs): maxsize 4, unbound Replace, 1 item(s)\n",
        "extension cache (1 entries):\n  (/subinterp/lib-dynload/_testsinglephase.so, _testsinglephase)",
    ] {
        assert!(dump.contains(want), "{want:?} missing from:\n{dump}");
    }
    let fresh = text(&subinterp(&["inspect"]).stdout);
    assert!(
        fresh.starts_with("runtime: initialized, 1 interpreter(s)\n"),
        "{fresh}"
    );
}

#[test]
fn the_quick_demo_reports_every_section() {
    let out = subinterp(&["demo", "--quick"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    for want in [
        "1. Isolated interpreters",
        "2. Python in parallel, and on one GIL",
        "    | def churn(n):\n",
        "speedup",
        "GIL statistics",
        "3. Extension modules: what each interpreter may import, and why",
        "import _testsinglephase       -> ImportError: module _testsinglephase does not support \
         loading in subinterpreters\n      why: single-phase modules keep process-global state",
        "(gh-101758)",
        "4. A queue pipeline of Python code between interpreters",
        "    |     squared.put(k * k)\n",
        "(correct)",
        "5. Requests: create an interpreter, import, call, end",
        "fresh isolated interpreter per request",
        "6. Ending the interpreters",
        "0 blocks and 0 objects were still alive",
        "Summary",
        "memory returned at end",
    ] {
        assert!(report.contains(want), "{want:?} missing from:\n{report}");
    }
    assert!(
        !report.contains("WRONG") && !report.contains("the demo stopped"),
        "{report}"
    );
}

#[test]
fn bench_prints_every_figure_of_the_targets() {
    let out = subinterp(&["bench", "--smoke"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let names: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            let (name, rest) = l.split_once(": ").expect("name: value unit");
            let (value, unit) = rest.split_once(' ').expect("value unit");
            assert!(value.parse::<f64>().is_ok_and(f64::is_finite), "{l}");
            assert!(!unit.is_empty(), "{l}");
            name.to_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "lifecycle.create_destroy.isolated",
            "lifecycle.create_destroy.legacy",
            "lifecycle.idle_rss.isolated",
            "lifecycle.leak_per_cycle.isolated",
            "exec.trivial",
            "queue.same_interp.put_get",
            "queue.cross_interp.throughput",
            "scaling.isolated.x2",
            "scaling.isolated.x4",
            "scaling.threads.x2",
            "scaling.legacy.x2",
            "alloc.obmalloc_vs_system",
            "alloc.obmalloc_vs_mimalloc",
            "gil.handoff_vs_mutex",
            "gil.forced_switch_max_wait",
        ]
    );
}

#[test]
fn bench_groups_table_and_json() {
    let out = subinterp(&["bench", "--smoke", "gil", "--table"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.starts_with("gil.handoff_vs_mutex: "), "{t}");
    assert!(t.contains("\nfigure "), "{t}");
    assert!(t.contains("CPython 3.13.5"), "{t}");
    assert!(!t.contains("lifecycle."), "{t}");
    let out = subinterp(&["bench", "--smoke", "exec", "queue.same_interp", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let j = text(&out.stdout);
    assert!(j.starts_with('{') && j.trim_end().ends_with('}'), "{j}");
    assert!(
        j.contains("\"exec.trivial\":{") && j.contains("\"queue.same_interp.put_get\":{"),
        "{j}"
    );
    assert!(!j.contains("queue.cross_interp"), "{j}");
}

#[test]
fn dis_prints_bytecode_of_a_file_and_of_a_string() {
    let f = Scratch::new("dis_me.py", "def f(x):\n    return x + 1\n");
    let out = subinterp(&["dis", f.path()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("code <module>"), "{stdout}");
    assert!(stdout.contains("code f (qualname f)"), "{stdout}");
    assert!(stdout.contains("BINARY_OP"), "{stdout}");
    let out = subinterp(&["dis", "-c", "x = 1"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("STORE_NAME"));
}

#[test]
fn dis_of_a_syntax_error_exits_1_with_cpythons_report() {
    let out = subinterp(&["dis", "-c", "return 1"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("File \"<string>\", line 1"), "{stderr}");
    assert!(
        stderr.ends_with("SyntaxError: 'return' outside function\n"),
        "{stderr}"
    );
}

#[test]
fn the_demo_refuses_a_cpython_that_cannot_run() {
    let out = subinterp(&["demo", "--quick", "--cpython", "/no/such/python3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("subinterp: demo: --cpython: cannot run /no/such/python3: "),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
}
