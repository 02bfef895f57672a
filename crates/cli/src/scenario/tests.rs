//! The runner's runtime commands, checked transcript by transcript.

use super::*;

/// Runs `.scn` text and compares the transcript.
fn check(input: &str, expect: &str) {
    let got = run_source(input, SourceKind::Scn)
        .unwrap_or_else(|e| panic!("malformed: {e}"))
        .render();
    assert_eq!(got, expect, "\n--- got ---\n{got}");
}

#[test]
fn creation_and_its_errors() {
    check(
        "interp new a\ninterp new b legacy\ninterp new c empty\ninterp new d gil=bogus\n\
         interp new e isolated allow_fork=1\ninterp new f nope\ninterp new main\n",
        "$ interp new a\na = interpreter 1\n\
         $ interp new b legacy\nb = interpreter 2\n\
         $ interp new c empty\nInterpreterError: interpreter creation failed (per-interpreter \
         obmalloc does not support single-phase init extension modules)\n\
         $ interp new d gil=bogus\nValueError: unsupported interpreter config .gil value 'bogus'\n\
         $ interp new e isolated allow_fork=1\nTypeError: invalid config type: allow_fork\n\
         $ interp new f nope\nValueError: unsupported config name 'nope'\n\
         $ interp new main\nNameError: 'main' names the main interpreter\n",
    );
}

#[test]
fn a_failed_creation_uses_up_its_id() {
    check(
        "interp new c empty\ninterp new a\ninterp list\n",
        "$ interp new c empty\nInterpreterError: interpreter creation failed (per-interpreter \
         obmalloc does not support single-phase init extension modules)\n\
         $ interp new a\na = interpreter 2\n$ interp list\n0 main\n2 a\n",
    );
}

#[test]
fn config_list_and_end() {
    check(
        "interp new a legacy gil=default\ninterp config a\ninterp list\ninterp end a\n\
         interp end a\ninterp config a\ninterp end main\ninterp end zz\ninterp list\n",
        "$ interp new a legacy gil=default\na = interpreter 1\n\
         $ interp config a\nuse_main_obmalloc = true\nallow_fork = true\nallow_exec = true\n\
         allow_threads = true\nallow_daemon_threads = true\n\
         check_multi_interp_extensions = false\ngil = shared\n\
         $ interp list\n0 main\n1 a\n\
         $ interp end a\nended a\n\
         $ interp end a\nInterpreterNotFoundError: unrecognized interpreter ID 1\n\
         $ interp config a\nInterpreterNotFoundError: unrecognized interpreter ID 1\n\
         $ interp end main\nInterpreterError: cannot destroy unrecognized interpreter 0\n\
         $ interp end zz\nNameError: no interpreter named 'zz'\n\
         $ interp list\n0 main\n",
    );
}

#[test]
fn finalize_and_initialize_again() {
    check(
        "interp new a\ninterp new b\nqueue new q\nruntime finalize\ninterp list\ninterp new c\n\
         runtime finalize\nruntime init\ninterp new c\ninterp list\ninterp end a\n\
         queue new q2 maxsize=3 unbound=remove\n",
        "$ interp new a\na = interpreter 1\n$ interp new b\nb = interpreter 2\n\
         $ queue new q\nq = queue 1\n\
         $ runtime finalize\nended b\nended a\nended main\nfinalized\n\
         $ interp list\n\
         $ interp new c\nInterpreterError: interpreter creation failed (new_interpreter: \
         Py_Initialize must be called first)\n\
         $ runtime finalize\nRuntimeError: Py_Initialize must be called first\n\
         $ runtime init\ninitialized\n\
         $ interp new c\nc = interpreter 1\n$ interp list\n0 main\n1 c\n\
         $ interp end a\nInterpreterNotFoundError: unrecognized interpreter ID 1\n\
         $ queue new q2 maxsize=3 unbound=remove\nq2 = queue 1\n",
    );
}

#[test]
fn markdown_blocks_run_on_fresh_runtimes() {
    let doc = "# Doc\n\n## First\n\n```scenario\ninterp new a\n```\n\nText.\n\n\
               ```scenario\n# a comment\ninterp new b\n```\n";
    let t = run_source(doc, SourceKind::Markdown).unwrap();
    assert_eq!(
        t.render(),
        "# line 5: First\n$ interp new a\na = interpreter 1\n\n\
         # line 11: First\n$ interp new b\nb = interpreter 1\n"
    );
    let rendered = render_markdown(doc, &t);
    assert!(rendered.contains("```\n\n```transcript\n$ interp new b\nb = interpreter 1\n```\n"));
}

#[test]
fn malformed_lines_are_file_errors_with_line_numbers() {
    let err = run_source(
        "interp new a\ninterp frobnicate\n\nfoo bar\n",
        SourceKind::Scn,
    )
    .unwrap_err();
    let lines: Vec<u32> = err.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 4]);
}

#[test]
fn files_report_their_errors() {
    let dir = std::env::temp_dir().join(format!("subinterp-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.scn");
    std::fs::write(&bad, "interp list\nqueue new q maxsize=x\n").unwrap();
    let e = run_file(&bad).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert_eq!(
        e.to_string(),
        format!(
            "{}:2: invalid value 'x' for maxsize (expected an integer)",
            bad.display()
        )
    );
    let missing = dir.join("missing.scn");
    let e = run_file(&missing).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(
        e.to_string()
            .starts_with(&format!("{}: cannot read: ", missing.display()))
    );
    let e = run_file(&dir.join("notes.txt")).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(
        e.to_string()
            .ends_with("not a scenario file (expected a .scn, .md or .markdown file)")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
