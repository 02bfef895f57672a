//! `Interpreter::exec` and the eval loop through the runtime: Python statements with
//! the native modules (`sys`, `_imp`, `os`, `_thread`, `interpreters`), printed output,
//! exceptions as `ExecutionFailed` snapshots, `prepare_main` / `share`.
//!
//! Data-driven: `check(lines, transcript)` runs a tiny scenario (`interp new NAME [PRESET]`,
//! `queue new NAME [maxsize=N]`, `share Q with INTERP [as VAR]`, `NAME> statements`) and
//! compares the transcript `scenarios.md` §1 prints.
//!
//! Scenarios (reference `cpython-lifecycle-xi.md` §6 as "lx N"): lx 14, 15, 16 (restrictions
//! through `os` and `_thread`), 38, 39, 41 (exec and its failures), 44, 45, 46 (prepare_main,
//! `__main__` persisting), 32 (exec of a running interpreter), 58/59 (queue objects in
//! statements), and `scenarios.md` §4's example with its exact transcript.

use std::collections::HashMap;
use std::io::Write;

use subinterp_runtime::{
    ExecError, Interpreter, InterpreterConfig, Queue, Runtime, Unbound, XiData,
};
use subinterp_tests::echo::Echo;

fn rt() -> Runtime {
    Runtime::builder()
        .import_config(subinterp_testmodules::config())
        .build()
        .expect("runtime")
}

/// Runs the scenario lines on a fresh runtime and returns the transcript.
fn transcript(lines: &str) -> String {
    let rt = rt();
    let mut interps: HashMap<String, Interpreter> = HashMap::new();
    let mut queues: HashMap<String, Queue> = HashMap::new();
    interps.insert("main".into(), rt.main().unwrap());
    let mut out = Vec::new();
    for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some((name, src)) = line.split_once("> ") {
            writeln!(out, "{line}").unwrap();
            let interp = &interps[name];
            if let Err(e) = interp.exec_interactive_to(src, &mut out) {
                writeln!(out, "{}", e.transcript_line()).unwrap();
            }
            continue;
        }
        writeln!(out, "$ {line}").unwrap();
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["interp", "new", name, rest @ ..] => {
                let config = match rest.first().copied() {
                    Some("legacy") => InterpreterConfig::legacy(),
                    _ => InterpreterConfig::isolated(),
                };
                let i = rt.new_interpreter(config).unwrap();
                writeln!(out, "{name} = interpreter {}", i.id()).unwrap();
                interps.insert((*name).into(), i);
            }
            ["queue", "new", name, rest @ ..] => {
                let maxsize = rest
                    .first()
                    .and_then(|w| w.strip_prefix("maxsize="))
                    .map_or(0, |n| n.parse().unwrap());
                let q = rt.create_queue(maxsize, Unbound::Replace).unwrap();
                writeln!(out, "{name} = queue {}", q.id()).unwrap();
                queues.insert((*name).into(), q);
            }
            ["share", q, "with", interp, rest @ ..] => {
                let var = match rest {
                    ["as", var] => *var,
                    _ => *q,
                };
                match rt.share(var, queues[*q].clone(), &interps[*interp]) {
                    Ok(()) => writeln!(out, "ok").unwrap(),
                    Err(e) => writeln!(out, "{e}").unwrap(),
                }
            }
            ["interp", "end", name] => match interps[*name].end() {
                Ok(_) => writeln!(out, "ended {name}").unwrap(),
                Err(e) => writeln!(out, "{e}").unwrap(),
            },
            _ => panic!("unknown command {line}"),
        }
    }
    String::from_utf8(out).unwrap()
}

#[track_caller]
fn check(lines: &str, expect: &str) {
    assert_eq!(transcript(lines), expect.trim_start());
}

#[test]
fn scenarios_md_section_4_example() {
    check(
        "
        interp new sub isolated
        main> import _testsinglephase
        main> _testsinglephase.initialized_count()
        sub> import _testsinglephase
        interp new old legacy
        old> import _testsinglephase
        old> _testsinglephase.initialized_count()
        old> _testsinglephase.int_const
        ",
        "
$ interp new sub isolated
sub = interpreter 1
main> import _testsinglephase
main> _testsinglephase.initialized_count()
1
sub> import _testsinglephase
ImportError: module _testsinglephase does not support loading in subinterpreters
$ interp new old legacy
old = interpreter 2
old> import _testsinglephase
old> _testsinglephase.initialized_count()
1
old> _testsinglephase.int_const
1969
",
    );
}

#[test]
fn statements_print_and_fail_like_the_prompt() {
    // lx 38, 46: output is written, names persist across execs, an exception stops the line.
    check(
        "
        interp new a
        a> x = [1, 'two']; x; print('it worked!', end='')
        a> print(); len(x); y; print('not reached')
        a> x[0] = (None, b'z'); x
        a> import builtins; builtins
        ",
        "
$ interp new a
a = interpreter 1
a> x = [1, 'two']; x; print('it worked!', end='')
[1, 'two']
it worked!a> print(); len(x); y; print('not reached')

2
NameError: name 'y' is not defined
a> x[0] = (None, b'z'); x
[(None, b'z'), 'two']
a> import builtins; builtins
<module 'builtins' (built-in)>
",
    );
}

#[test]
fn native_modules_in_every_interpreter() {
    check(
        "
        interp new a
        a> import sys, os, _thread, interpreters, _imp
        a> sys; os; _thread; interpreters
        a> sys.getallocatedblocks() > 0; sys.getswitchinterval()
        a> interpreters.get_current(); interpreters.get_main(); interpreters.list_all()
        a> interpreters.get_current().id; interpreters.get_main().whence
        a> _imp.is_builtin('interpreters'); _imp.is_builtin('os'); _imp.is_builtin('posix')
        a> 'interpreters' in sys.builtin_module_names
        a> os.fork()
        a> os.execv('/bin/true', ['true'])
        a> _thread.start_new_thread(daemon=True)
        a> import threading; r = []
        a> t = threading.Thread(target=r.append, args=(1,)); t.start(); t.join(); r
        a> threading.Thread(target=r.append, args=(2,), daemon=True).start()
        main> import interpreters; interpreters.get_current()
        ",
        "
$ interp new a
a = interpreter 1
a> import sys, os, _thread, interpreters, _imp
a> sys; os; _thread; interpreters
<module 'sys' (built-in)>
<module 'os' (frozen)>
<module '_thread' (built-in)>
<module 'interpreters' (built-in)>
a> sys.getallocatedblocks() > 0; sys.getswitchinterval()
True
0.005
a> interpreters.get_current(); interpreters.get_main(); interpreters.list_all()
Interpreter(1)
Interpreter(0)
[0, 1]
a> interpreters.get_current().id; interpreters.get_main().whence
1
'runtime init'
a> _imp.is_builtin('interpreters'); _imp.is_builtin('os'); _imp.is_builtin('posix')
1
0
1
a> 'interpreters' in sys.builtin_module_names
True
a> os.fork()
RuntimeError: fork not supported for isolated subinterpreters
a> os.execv('/bin/true', ['true'])
RuntimeError: exec not supported for isolated subinterpreters
a> _thread.start_new_thread(daemon=True)
RuntimeError: daemon threads are disabled in this (sub)interpreter
a> import threading; r = []
a> t = threading.Thread(target=r.append, args=(1,)); t.start(); t.join(); r
[1]
a> threading.Thread(target=r.append, args=(2,), daemon=True).start()
RuntimeError: daemon threads are disabled in this (sub)interpreter
main> import interpreters; interpreters.get_current()
Interpreter(0)
",
    );
}

#[test]
fn threads_start_and_are_counted() {
    // lx 15, 16: a normal thread starts in an isolated interpreter; no thread without
    // allow_threads.
    let rt = rt();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let out = a.echo("import _thread; t = _thread.start_new_thread(); type(t)");
    assert_eq!(out.output, "<class 'int'>\n");
    out.result.unwrap();
    // The thread returns at once; ending the interpreter joins it.
    let report = a.end().unwrap();
    assert!(report.threads_joined <= 1);
    let mut cfg = InterpreterConfig::isolated();
    cfg.allow_threads = false;
    let b = rt.new_interpreter(cfg).unwrap();
    let err = b
        .exec("import _thread; _thread.start_new_thread()")
        .unwrap_err();
    assert_eq!(
        err.transcript_line(),
        "RuntimeError: thread is not supported for isolated subinterpreters"
    );
    let legacy = rt.new_interpreter(InterpreterConfig::legacy()).unwrap();
    legacy
        .exec("import _thread; t = _thread.start_new_thread(daemon=True)")
        .unwrap();
    let counted = legacy.echo("_thread.count() in (0, 1)");
    assert_eq!(counted.output, "True\n");
}

#[test]
fn debugmallocstats_prints_the_heap_report() {
    let rt = rt();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let out = a.echo("import sys; sys._debugmallocstats()");
    out.result.unwrap();
    assert!(
        out.output
            .starts_with("Small block threshold = 512, in 32 size classes.\n"),
        "{}",
        out.output
    );
    assert!(
        out.output.contains("# arenas allocated current"),
        "{}",
        out.output
    );
}

#[test]
fn exec_failures_are_snapshots() {
    let rt = rt();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    // lx 39: the snapshot and CPython's `str()` layout.
    let err = a.exec("d = {}\nd['x']").unwrap_err();
    let f = err.execution_failed().expect("ExecutionFailed");
    assert_eq!(
        (
            f.excinfo.type_name(),
            f.excinfo.qualname(),
            f.excinfo.module()
        ),
        ("KeyError", "KeyError", "builtins")
    );
    assert_eq!(f.excinfo.msg(), "'x'");
    assert_eq!(
        f.to_string(),
        "KeyError: 'x'\n\nUncaught in the interpreter:\n\nTraceback (most recent call last):\n  \
         File \"<string>\", line 2, in <module>\nKeyError: 'x'"
    );
    assert_eq!(err.py_type(), "ExecutionFailed");
    // A syntax error comes across as a snapshot too, with CPython's display.
    let err = a.exec("x = (1,").unwrap_err();
    let f = err.execution_failed().expect("ExecutionFailed");
    assert_eq!(f.excinfo.formatted(), "SyntaxError: '(' was never closed");
    assert_eq!(
        f.excinfo.errdisplay(),
        Some(
            "  File \"<string>\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed"
        )
    );
    // An exception class from another module keeps it in `formatted`.
    let err = a
        .exec("import interpreters; interpreters.get_main().close()")
        .unwrap_err();
    assert_eq!(
        err.execution_failed().unwrap().excinfo.formatted(),
        "interpreters.InterpreterError: cannot destroy unrecognized interpreter 0"
    );
    // lx 38: bad script texts are refused in the caller.
    for (src, expect) in [
        (
            "",
            "ValueError: _interpreters.exec(): bad script text (too short)",
        ),
        (
            "x\0",
            "ValueError: source code string cannot contain null bytes",
        ),
    ] {
        let err = a.exec(src).unwrap_err();
        assert!(matches!(err, ExecError::Invalid(_)));
        assert_eq!(err.to_string(), expect);
    }
    // The interpreter is still usable, and what ran before the failure stayed done.
    assert_eq!(a.echo("d").output, "{}\n");
    // From inside a run of the interpreter (native code holding its token).
    let inner = a.run(|cx| a.exec_in_run(cx, "d['y'] = 2")).unwrap();
    inner.unwrap();
    assert_eq!(a.echo("d").output, "{'y': 2}\n");
    assert!(a.end().unwrap().is_clean());
}

#[test]
fn exec_of_a_running_interpreter_is_refused() {
    // lx 32: another thread holds `__main__`.
    let rt = rt();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let q = rt.create_queue(0, Unbound::Replace).unwrap();
    let done = rt.create_queue(0, Unbound::Replace).unwrap();
    rt.share("q", q.clone(), &a).unwrap();
    rt.share("done", done.clone(), &a).unwrap();
    let t = {
        let a = a.clone();
        std::thread::spawn(move || a.exec("done.put(1); q.get(timeout=10)"))
    };
    assert_eq!(done.get(None).unwrap().into_data(), Some(XiData::Int(1)));
    for err in [
        a.exec("pass_ = 1").unwrap_err(),
        a.prepare_main([("a", XiData::Int(1))]).unwrap_err(),
    ] {
        assert_eq!(
            err.to_string(),
            "InterpreterError: interpreter already running"
        );
    }
    assert_eq!(
        a.end().unwrap_err().to_string(),
        "InterpreterError: interpreter running"
    );
    assert!(a.is_running().unwrap());
    q.put(XiData::None, None, None).unwrap();
    t.join().unwrap().unwrap();
    assert!(!a.is_running().unwrap());
    // Inside its own `__main__`, exec of itself is refused the same way.
    let err = a
        .exec("import interpreters; interpreters.get_current().exec('x = 1')")
        .unwrap_err();
    assert_eq!(
        err.transcript_line(),
        "InterpreterError: interpreter already running"
    );
}

#[test]
fn prepare_main_binds_all_or_nothing() {
    // lx 44, 45, 46.
    let rt = rt();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    assert_eq!(
        a.prepare_main([]).unwrap_err().to_string(),
        "ValueError: arg 2 must be a non-empty mapping"
    );
    assert_eq!(
        a.prepare_main([("\0", XiData::Int(1))])
            .unwrap_err()
            .to_string(),
        "ValueError: found embedded NULL character"
    );
    a.prepare_main([
        ("spam", XiData::Int(42)),
        ("eggs", XiData::from("ham")),
        (
            "t",
            XiData::tuple([XiData::None, XiData::Bool(true), 1.5.into()]),
        ),
    ])
    .unwrap();
    assert_eq!(
        a.echo("spam; eggs; t; __name__").output,
        "42\n'ham'\n(None, True, 1.5)\n'__main__'\n"
    );
    a.prepare_main([("__name__", XiData::from("other"))])
        .unwrap();
    assert_eq!(a.echo("__name__").output, "'other'\n");
    // A value read out of one interpreter's `__main__` goes into another.
    let b = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    rt.share("copy", a.main_attr("t").unwrap(), &b).unwrap();
    assert_eq!(b.echo("copy").output, "(None, True, 1.5)\n");
    a.exec("l = [1]").unwrap();
    assert_eq!(
        a.main_attr("l").unwrap_err().to_string(),
        "NotShareableError: [1] does not support cross-interpreter data"
    );
    assert_eq!(
        a.main_attr("nope").unwrap_err().to_string(),
        "NameError: name 'nope' is not defined"
    );
}

#[test]
fn queues_in_statements() {
    // lx 56, 57, 58, 59 through shared queue objects.
    check(
        "
        interp new a
        queue new q maxsize=2
        share q with a as qq
        a> qq; qq.id; qq.maxsize; qq.empty(); qq.full(); qq.qsize()
        a> qq.put(b'spam'); qq.put_nowait((1, 'x')); qq.full(); qq.qsize()
        a> qq.put_nowait(None)
        a> qq.put(None, timeout=0.01)
        a> qq.put(print)
        a> qq.put(1, timeout=-1)
        main> import interpreters
        share q with main
        main> q.get(); q.get_nowait(); q.empty()
        main> q.get_nowait()
        main> q.get(timeout=0.01)
        a> import interpreters; mine = interpreters.create_queue(); qq.put(mine); mine.id
        main> q.get(timeout=5)
        ",
        "
$ interp new a
a = interpreter 1
$ queue new q maxsize=2
q = queue 1
$ share q with a as qq
ok
a> qq; qq.id; qq.maxsize; qq.empty(); qq.full(); qq.qsize()
Queue(1)
1
2
True
False
0
a> qq.put(b'spam'); qq.put_nowait((1, 'x')); qq.full(); qq.qsize()
True
2
a> qq.put_nowait(None)
QueueFull: queue 1 is full
a> qq.put(None, timeout=0.01)
QueueFull: queue 1 is full
a> qq.put(print)
NotShareableError: <built-in function print> does not support cross-interpreter data
a> qq.put(1, timeout=-1)
ValueError: timeout value must be non-negative
main> import interpreters
$ share q with main
ok
main> q.get(); q.get_nowait(); q.empty()
b'spam'
(1, 'x')
True
main> q.get_nowait()
QueueEmpty: queue 1 is empty
main> q.get(timeout=0.01)
QueueEmpty: queue 1 is empty
a> import interpreters; mine = interpreters.create_queue(); qq.put(mine); mine.id
2
main> q.get(timeout=5)
Queue(2)
",
    );
}

/// CPython's queue takes `int(timeout)`: a str or bytes of digits is that many seconds, other
/// text is `int()`'s `ValueError`, other types its `TypeError` (texts from CPython 3.13).
#[test]
fn queue_timeouts_convert_like_int() {
    check(
        "
        queue new q maxsize=1
        share q with main
        main> q.put(1, timeout='5'); q.get(timeout=b'0'); q.get(timeout='0')
        main> q.get(timeout=' -1 ')
        main> q.get(timeout='x')
        main> q.put(1, timeout=b'5.5')
        main> q.put(1, timeout=b'\\xff')
        main> q.get(timeout='٠')
        main> q.get(timeout=[])
        main> q.put(1, timeout=None); q.qsize()
        ",
        "
$ queue new q maxsize=1
q = queue 1
$ share q with main
ok
main> q.put(1, timeout='5'); q.get(timeout=b'0'); q.get(timeout='0')
1
QueueEmpty: queue 1 is empty
main> q.get(timeout=' -1 ')
ValueError: timeout value must be non-negative
main> q.get(timeout='x')
ValueError: invalid literal for int() with base 10: 'x'
main> q.put(1, timeout=b'5.5')
ValueError: invalid literal for int() with base 10: b'5.5'
main> q.put(1, timeout=b'\\xff')
ValueError: invalid literal for int() with base 10: b'\\xff'
main> q.get(timeout='٠')
QueueEmpty: queue 1 is empty
main> q.get(timeout=[])
TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'
main> q.put(1, timeout=None); q.qsize()
1
",
    );
}

#[test]
fn exec_and_close_other_interpreters_from_statements() {
    let rt = rt();
    let main = rt.main().unwrap();
    let out = main.exec_capture(
        "import interpreters; a = interpreters.create(); print(a, repr(a.whence), a.is_running())\n\
         a.exec('x = 7; print(x)')\n\
         a.exec('y')",
    );
    assert_eq!(
        out.output,
        "Interpreter(1) '_interpreters module' False\n7\n"
    );
    let err = out.result.unwrap_err();
    assert_eq!(
        err.transcript_line(),
        "ExecutionFailed: NameError: name 'y' is not defined\n\nUncaught in the interpreter:\n\nTraceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nNameError: name 'y' is not defined"
    );
    let out = main.echo("a.close(); interpreters.list_all(); a.is_running()");
    assert_eq!(out.output, "[0]\n");
    assert_eq!(
        out.result.unwrap_err().transcript_line(),
        "InterpreterNotFoundError: unrecognized interpreter ID 1"
    );
}

#[test]
fn fork_from_main_returns_the_childs_pid() {
    let rt = rt();
    let main = rt.main().unwrap();
    let out = main.echo("import os; pid = os.fork(); pid > 0; pid != os.getpid()");
    out.result.unwrap();
    assert_eq!(out.output, "True\nTrue\n");
}

#[test]
fn execv_really_execs_in_a_forked_child() {
    use subinterp_runtime::Fork;
    let rt = rt();
    let main = rt.main().unwrap();
    // Argument errors first, in the parent.
    for (src, expect) in [
        (
            "os.execv('/bin/sh', 'sh')",
            "TypeError: execv() arg 2 must be a tuple or list",
        ),
        (
            "os.execv('/bin/sh', [])",
            "ValueError: execv() arg 2 must not be empty",
        ),
        (
            "os.execv('/bin/sh', [''])",
            "ValueError: execv() arg 2 first element cannot be empty",
        ),
        (
            "os.execv('/nonexistent/x', ['x'])",
            "FileNotFoundError: [Errno 2] No such file or directory",
        ),
    ] {
        let err = main.exec(&format!("import os; {src}")).unwrap_err();
        assert_eq!(err.transcript_line(), expect, "{src}");
    }
    match main.fork().unwrap() {
        Fork::Child => {
            let r = main.exec("import os; os.execv('/bin/sh', ['sh', '-c', 'exit 7'])");
            // Only reached if the exec failed.
            let _ = std::io::stderr().write_all(format!("{r:?}").as_bytes());
            subinterp_runtime::exit_child(1);
        }
        Fork::Parent(child) => {
            let status = child.wait().unwrap();
            assert_eq!(status.code(), Some(7));
        }
    }
}

#[test]
fn heaps_close_clean_after_exec() {
    // The script builtins (kept in `__main__`'s state) and every module and object the
    // statements made are gone when an interpreter ends: own heaps and main's heap (which a
    // legacy interpreter allocates from) close with nothing left.
    let rt = rt();
    let main = rt.main().unwrap();
    let legacy = rt.new_interpreter(InterpreterConfig::legacy()).unwrap();
    let iso = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let q = rt.create_queue(0, Unbound::Replace).unwrap();
    let src = "import sys, os, _thread, interpreters, builtins\n\
               x = [1, (2, 'three')]; d = {'k': x}; print(len(x))\n\
               q.put(('a', b'b')); got = q.get()\n\
               import importlib; m = importlib.reload(interpreters)\n\
               mine = interpreters.create_queue(); mine.put(1)";
    for i in [&main, &legacy, &iso] {
        rt.share("q", q.clone(), i).unwrap();
        let c = i.exec_capture(src);
        c.result.unwrap();
        assert_eq!(c.output, "2\n");
    }
    assert!(iso.end().unwrap().is_clean());
    assert!(legacy.end().unwrap().is_clean());
    drop(q);
    let report = rt.finalize().unwrap();
    assert!(report.is_clean(), "{report:?}");
}

#[test]
fn a_failing_output_raises_oserror_inside() {
    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("pipe closed"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let rt = rt();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let err = a
        .exec_to("x = 1; print(x); x = 2", &mut Broken)
        .unwrap_err();
    assert_eq!(err.transcript_line(), "OSError: pipe closed");
    // The statement before ran, the one after did not.
    assert_eq!(a.echo("x").output, "1\n");
}

#[test]
fn interpreters_exec_refuses_interpreters_the_module_did_not_create() {
    // Issue 13 item 12: `Interpreter.exec` is `_interpreters.exec(id, code, restrict=True)`,
    // which resolves the target first; CPython 3.13 refuses main, from a sub-interpreter and
    // from main itself, with this text.
    let rt = rt();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let main = rt.main().unwrap();
    for who in [&sub, &main] {
        let err = who
            .exec("import interpreters; interpreters.get_main().exec('x = 1')")
            .unwrap_err();
        assert_eq!(
            err.transcript_line(),
            "InterpreterError: cannot exec code for unrecognized interpreter 0"
        );
    }
    assert!(main.main_attr("x").is_err(), "nothing ran in main");
    // An interpreter the module made runs code, from main and from a sub-interpreter.
    main.exec("import interpreters; s = interpreters.create(); s.exec('y = 2')")
        .unwrap();
    sub.exec("import interpreters; t = interpreters.create(); t.exec('y = 2'); t.close()")
        .unwrap();
}

#[test]
fn a_script_of_two_hundred_thousand_statements_on_one_line_runs() {
    // Issue 13 item 14: each statement's line was found by counting characters from the
    // line's start, quadratic on one long line (6 s for 200,000 statements). Not timed: it
    // completes, runs every statement, and prints the figure.
    let n = subinterp_tests::scale::Scale::from_env().pick(2_000, 200_000, 200_000);
    let rt = rt();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let mut src = "x = 1; ".repeat(n - 1);
    src.push_str("y = 2");
    let t = std::time::Instant::now();
    a.exec(&src).unwrap();
    println!(
        "exec.long_line: {n} statements in {:.3} s",
        t.elapsed().as_secs_f64()
    );
    assert_eq!(a.main_attr("y").unwrap(), XiData::from(2i64));
    // An error in the last statement still names line 1.
    let err = a
        .exec(&format!("{} y = (", "x = 1;".repeat(n - 1)))
        .unwrap_err();
    assert!(
        err.to_string().contains("line 1"),
        "{}",
        err.to_string()
            .lines()
            .take(8)
            .collect::<Vec<_>>()
            .join("\n")
    );
}
