//! The config restrictions through the facade's thread and `os` APIs, and ending interpreters
//! that have threads.
//!
//! Scenarios: lx 14 (fork/exec in an isolated interpreter), lx 15 (daemon threads refused in
//! isolated, allowed in legacy; a normal thread starts and joins), lx 16 (`allow_threads =
//! false`), lx 18 (fork in a legacy sub-interpreter: refused here, where CPython's child
//! dies), lx 19 / gil 26 (a daemon thread still alive at the end: the interpreter ends and the
//! thread gets an error instead of a process abort), lx 20 / gil 27 (non-daemon threads are
//! joined before the teardown), gil 34 (a daemon thread outliving its runtime), gil 35 (a
//! thread started at shutdown), gil 36, 37; §5 "close an interpreter with non-daemon threads" /
//! "... with a live daemon thread".

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use subinterp_runtime::{Error, Interpreter, InterpreterConfig, Runtime};

fn rt() -> Runtime {
    Runtime::new().expect("runtime")
}

fn new(rt: &Runtime, cfg: InterpreterConfig) -> Interpreter {
    rt.new_interpreter(cfg).expect("interpreter")
}

/// What an operation should give: `Ok` or CPython's `Type: message`.
fn check(got: Result<(), Error>, expect: Result<(), &str>) {
    assert_eq!(
        got.map_err(|e| e.to_string()),
        expect.map_err(str::to_owned)
    );
}

fn spawn(rt: &Runtime, i: &Interpreter, daemon: bool) -> Result<(), Error> {
    rt.spawn_thread(i, daemon, |_| ())?.join()
}

#[test]
fn thread_and_fork_restrictions_per_config() {
    // lx 14, 15, 16, 18; gil 36, 37
    let rt = rt();
    let iso = new(&rt, InterpreterConfig::isolated());
    let legacy = new(&rt, InterpreterConfig::legacy());
    let no_threads = new(
        &rt,
        InterpreterConfig {
            allow_threads: false,
            allow_daemon_threads: true,
            ..InterpreterConfig::isolated()
        },
    );
    let main = rt.main().unwrap();
    const THREADS: &str = "RuntimeError: thread is not supported for isolated subinterpreters";
    const DAEMON: &str = "RuntimeError: daemon threads are disabled in this (sub)interpreter";
    check(spawn(&rt, &iso, false), Ok(()));
    check(spawn(&rt, &iso, true), Err(DAEMON));
    check(spawn(&rt, &legacy, true), Ok(()));
    check(spawn(&rt, &main, true), Ok(()));
    check(spawn(&rt, &no_threads, false), Err(THREADS));
    // CPython's "questionable but valid" config: daemon threads allowed, threads not.
    check(spawn(&rt, &no_threads, true), Err(THREADS));
    check(
        iso.fork().map(drop),
        Err("RuntimeError: fork not supported for isolated subinterpreters"),
    );
    check(
        iso.check_exec(),
        Err("RuntimeError: exec not supported for isolated subinterpreters"),
    );
    check(
        legacy.fork().map(drop),
        Err("RuntimeError: fork not supported for subinterpreters"),
    );
    check(legacy.check_exec(), Ok(()));
    check(main.check_fork(), Ok(()));
    check(main.check_exec(), Ok(()));
    let fork_ok_exec_not = new(
        &rt,
        InterpreterConfig {
            allow_fork: true,
            ..InterpreterConfig::isolated()
        },
    );
    check(
        fork_ok_exec_not.check_fork(),
        Err("RuntimeError: fork not supported for subinterpreters"),
    );
    check(
        fork_ok_exec_not.check_exec(),
        Err("RuntimeError: exec not supported for isolated subinterpreters"),
    );
}

#[test]
fn ending_joins_non_daemon_threads_first() {
    // lx 20, gil 27: the thread is still running when the end starts; its run after a pause
    // still works, and the end returns only after it finished.
    let rt = rt();
    let sub = new(&rt, InterpreterConfig::isolated());
    let done = Arc::new(AtomicBool::new(false));
    let (started_tx, started_rx) = mpsc::channel();
    let h = {
        let done = done.clone();
        rt.spawn_thread(&sub, false, move |t| {
            started_tx.send(()).unwrap();
            std::thread::sleep(Duration::from_millis(50));
            let r = t.run(|cx| cx.py().int(3).unwrap().as_i64());
            done.store(true, Ordering::SeqCst);
            r
        })
        .unwrap()
    };
    started_rx.recv().unwrap();
    let report = sub.end().unwrap();
    assert!(
        done.load(Ordering::SeqCst),
        "end returned before the thread finished"
    );
    assert_eq!(report.threads_joined, 1);
    assert_eq!(report.daemon_threads, 0);
    assert!(report.is_clean());
    assert_eq!(h.join().unwrap().unwrap(), Some(3));
}

#[test]
fn ending_from_inside_a_run_releases_that_runs_gil_while_joining() {
    // A legacy interpreter shares main's GIL. Ended from inside main's run, its thread still
    // needs that GIL to finish; CPython switches to the ending interpreter's thread state first,
    // which releases it, and so does the runtime.
    let rt = rt();
    let main = rt.main().unwrap();
    let legacy = new(&rt, InterpreterConfig::legacy());
    let (started_tx, started_rx) = mpsc::channel();
    let h = rt
        .spawn_thread(&legacy, false, move |t| {
            started_tx.send(()).unwrap();
            std::thread::sleep(Duration::from_millis(50));
            t.run(|cx| cx.py().interp())
        })
        .unwrap();
    started_rx.recv().unwrap();
    let joined = main
        .run(|cx| legacy.end_from(cx).map(|r| r.threads_joined))
        .unwrap()
        .unwrap();
    assert_eq!(joined, 1);
    assert_eq!(h.join().unwrap().unwrap(), legacy.id());
}

#[test]
fn a_daemon_thread_outlives_its_interpreter_and_gets_an_error() {
    // lx 19, gil 26: CPython aborts ("Py_EndInterpreter: not the last thread").
    let rt = rt();
    let sub = new(&rt, InterpreterConfig::legacy());
    let (ran_tx, ran_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let h = rt
        .spawn_thread(&sub, true, move |t| {
            let first = t.run(|cx| cx.py().interp());
            ran_tx.send(()).unwrap();
            go_rx.recv().unwrap();
            let after = t.run(|cx| cx.py().interp()).map_err(|e| e.to_string());
            (first.map_err(|e| e.to_string()), after)
        })
        .unwrap();
    ran_rx.recv().unwrap();
    let report = sub.end().unwrap();
    assert_eq!(report.daemon_threads, 1);
    assert_eq!(report.threads_joined, 0);
    go_tx.send(()).unwrap();
    let (first, after) = h.join().unwrap();
    assert_eq!(first.unwrap(), sub.id());
    assert_eq!(
        after.unwrap_err(),
        format!(
            "InterpreterNotFoundError: unrecognized interpreter ID {}",
            sub.id()
        )
    );
    // The process and the runtime go on.
    assert!(rt.main().unwrap().run(|_| ()).is_ok());
}

#[test]
fn ending_waits_for_a_daemon_threads_run_in_progress() {
    // A daemon thread inside a run holds (or may take back) the GIL: the end waits for that
    // run to return, then the thread is shut out.
    let rt = rt();
    let sub = new(&rt, InterpreterConfig::legacy());
    let (inside_tx, inside_rx) = mpsc::channel();
    let left = Arc::new(AtomicBool::new(false));
    let h = {
        let left = left.clone();
        rt.spawn_thread(&sub, true, move |t| {
            t.run(|cx| {
                inside_tx.send(()).unwrap();
                // Without the GIL, as a blocking call would.
                subinterp_runtime::allow_threads(cx, || {
                    std::thread::sleep(Duration::from_millis(50))
                })
                .unwrap();
                left.store(true, Ordering::SeqCst);
            })
            .unwrap();
            t.run(|_| ()).map_err(|e| e.to_string())
        })
        .unwrap()
    };
    inside_rx.recv().unwrap();
    sub.end().unwrap();
    assert!(left.load(Ordering::SeqCst));
    assert!(
        h.join()
            .unwrap()
            .unwrap_err()
            .starts_with("InterpreterNotFoundError")
    );
}

#[test]
fn no_new_threads_at_shutdown() {
    // gil 35: a thread that is being joined by the end starts another one.
    let rt = rt();
    let sub = new(&rt, InterpreterConfig::isolated());
    let (started_tx, started_rx) = mpsc::channel();
    let h = {
        let rt2 = rt.clone();
        rt.spawn_thread(&sub, false, move |t| {
            started_tx.send(()).unwrap();
            // Keep starting threads until the end (which is joining this one) refuses.
            loop {
                match rt2.spawn_thread(t.interpreter(), false, |_| ()) {
                    Ok(h) => h.join().unwrap(),
                    Err(e) => return Err::<(), String>(e.to_string()),
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        })
        .unwrap()
    };
    started_rx.recv().unwrap();
    sub.end().unwrap();
    assert_eq!(
        h.join().unwrap().unwrap_err(),
        "PythonFinalizationError: can't create new thread at interpreter shutdown"
    );
}

#[test]
fn daemon_threads_of_main_outlive_the_runtime() {
    // gil 34: a daemon thread still alive at finalization; the runtime finalizes and the
    // thread can never run in it again.
    let rt = rt();
    let main = rt.main().unwrap();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let h = rt
        .spawn_thread(&main, true, move |t| {
            go_rx.recv().unwrap();
            t.run(|_| ()).map_err(|e| e.to_string())
        })
        .unwrap();
    let report = rt.finalize().unwrap();
    assert_eq!(report.ended.last().unwrap().daemon_threads, 1);
    go_tx.send(()).unwrap();
    assert_eq!(
        h.join().unwrap().unwrap_err(),
        "InterpreterNotFoundError: unrecognized interpreter ID 0"
    );
}

#[test]
fn a_thread_body_panic_comes_back_from_join() {
    let rt = rt();
    let sub = new(&rt, InterpreterConfig::isolated());
    let h = rt
        .spawn_thread(&sub, false, |t| -> () {
            t.run(|_| ()).unwrap();
            panic!("thread body")
        })
        .unwrap();
    let e = h.join().unwrap_err();
    assert_eq!(e.to_string(), "panic in interpreter 1: thread body");
    assert!(sub.end().unwrap().is_clean());
}
