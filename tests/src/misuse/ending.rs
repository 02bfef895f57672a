//! The ending rules (`_interpreters.destroy` + `Py_EndInterpreter`): reference
//! `cpython-lifecycle-xi.md` §2.5, §2.6, §5 and `cpython-gil-threadstate.md` §4.2.

use std::sync::mpsc;
use std::time::Duration;

use subinterp_runtime::{InterpId, InterpreterConfig, Whence};

use super::running::{isolated, rt, while_running};
use super::{Area, Case, Outcome};

const A: Area = Area::Ending;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            A,
            "end the interpreter the calling thread runs",
            "InterpreterError: cannot destroy the current interpreter",
            "Error::DestroyCurrent",
            "InterpreterError: cannot destroy the current interpreter",
            end_current,
        ),
        Case::new(
            A,
            "end an interpreter whose __main__ another thread runs",
            "InterpreterError: interpreter running",
            "Error::Running",
            "InterpreterError: interpreter running",
            end_running,
        ),
        Case::new(
            A,
            "end an unknown interpreter id",
            "InterpreterNotFoundError: unrecognized interpreter ID 1000000",
            "Error::NotFound",
            "InterpreterNotFoundError: unrecognized interpreter ID 1000000",
            end_unknown,
        ),
        Case::new(
            A,
            "end main through the restricted path (Interpreter.close())",
            "InterpreterError: cannot destroy unrecognized interpreter 0",
            "Error::Unrecognized",
            "InterpreterError: cannot destroy unrecognized interpreter 0",
            end_main_restricted,
        ),
        Case::new(
            A,
            "end main by id from outside any run",
            "InterpreterError: interpreter running (main is always running)",
            "Error::Running",
            "InterpreterError: interpreter running",
            end_main_by_id,
        ),
        Case::new(
            A,
            "end main from main's own run",
            "InterpreterError: cannot destroy the current interpreter",
            "Error::DestroyCurrent",
            "InterpreterError: cannot destroy the current interpreter",
            end_main_from_main,
        ),
        Case::new(
            A,
            "end an interpreter twice",
            "InterpreterNotFoundError: unrecognized interpreter ID 1",
            "Error::NotFound",
            "InterpreterNotFoundError: unrecognized interpreter ID 1",
            end_twice,
        ),
        Case::new(
            A,
            "end a C-API-created interpreter through the restricted path",
            "InterpreterError: cannot destroy unrecognized interpreter 1",
            "Error::Unrecognized",
            "InterpreterError: cannot destroy unrecognized interpreter 1",
            end_capi_restricted,
        ),
        Case::new(
            A,
            "end an interpreter with a live non-daemon thread",
            "blocks until the thread finishes (threading._shutdown)",
            "ok",
            "ended after joining 1 non-daemon thread",
            end_with_thread,
        ),
        Case::new(
            A,
            "end an interpreter with a live daemon thread",
            "Fatal Python error: Py_EndInterpreter: not the last thread (process abort)",
            "ok",
            "ended with 1 daemon thread alive; its next run: InterpreterNotFoundError: \
             unrecognized interpreter ID 1",
            end_with_daemon,
        ),
        Case::new(
            A,
            "start a thread in an interpreter that is ending",
            "PythonFinalizationError: can't create new thread at interpreter shutdown",
            "Error::Finalizing",
            "PythonFinalizationError: can't create new thread at interpreter shutdown",
            thread_at_shutdown,
        ),
        Case::new(
            A,
            "fork from an interpreter that is ending",
            "PythonFinalizationError: can't fork at interpreter shutdown",
            "Error::Finalizing",
            "PythonFinalizationError: can't fork at interpreter shutdown",
            fork_at_shutdown,
        ),
    ]
}

fn end_current() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    Outcome::of(a.run(|cx| a.end_from(cx)).expect("the run"))
}

fn end_running() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    while_running(&a, || Outcome::of(a.end()))
}

fn end_unknown() -> Outcome {
    Outcome::of(rt().end_interpreter(InterpId::new(1_000_000)))
}

fn end_main_restricted() -> Outcome {
    Outcome::of(rt().main().expect("main").end())
}

fn end_main_by_id() -> Outcome {
    Outcome::of(rt().end_interpreter(InterpId::new(0)))
}

fn end_main_from_main() -> Outcome {
    let rt = rt();
    let main = rt.main().expect("main");
    Outcome::of(
        main.run(|cx| rt.end_interpreter_from(cx, InterpId::new(0)))
            .expect("the run"),
    )
}

fn end_twice() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    a.end().expect("the first end");
    Outcome::of(a.end())
}

fn end_capi_restricted() -> Outcome {
    let rt = rt();
    let a = rt
        .new_interpreter_with(InterpreterConfig::isolated(), Whence::Capi)
        .expect("create");
    Outcome::of(a.end())
}

fn end_with_thread() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    let (started, started_rx) = mpsc::channel();
    let h = rt
        .spawn_thread(&a, false, move |t| {
            started.send(()).expect("send");
            std::thread::sleep(Duration::from_millis(20));
            t.run(|cx| cx.py().interp())
        })
        .expect("spawn");
    started_rx.recv().expect("started");
    let report = match a.end() {
        Ok(r) => r,
        Err(e) => return Outcome::err(&e),
    };
    if !h.is_finished() {
        return Outcome::ok("end returned before the thread finished");
    }
    match h.join() {
        Ok(Ok(id)) if id == a.id() && report.is_clean() => Outcome::ok(format!(
            "ended after joining {} non-daemon thread",
            report.threads_joined
        )),
        other => Outcome::ok(format!("unexpected: {other:?}, {report:?}")),
    }
}

fn end_with_daemon() -> Outcome {
    let rt = rt();
    let a = rt
        .new_interpreter(InterpreterConfig::legacy())
        .expect("legacy");
    let (ran, ran_rx) = mpsc::channel();
    let (go, go_rx) = mpsc::channel::<()>();
    let h = rt
        .spawn_thread(&a, true, move |t| {
            t.run(|_| ()).expect("a first run");
            ran.send(()).expect("send");
            go_rx.recv().expect("recv");
            t.run(|_| ())
        })
        .expect("spawn");
    ran_rx.recv().expect("ran");
    let report = match a.end() {
        Ok(r) => r,
        Err(e) => return Outcome::err(&e),
    };
    go.send(()).expect("send");
    let next = match h.join() {
        Ok(Ok(())) => "ran".to_owned(),
        Ok(Err(e)) => e.to_string(),
        Err(e) => format!("the thread failed: {e}"),
    };
    Outcome::ok(format!(
        "ended with {} daemon thread alive; its next run: {next}",
        report.daemon_threads
    ))
}

fn thread_at_shutdown() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    let (started, started_rx) = mpsc::channel();
    let h = {
        let rt2 = rt.clone();
        rt.spawn_thread(&a, false, move |t| {
            started.send(()).expect("send");
            // Keep starting threads until the end, which is joining this one, refuses.
            loop {
                match rt2.spawn_thread(t.interpreter(), false, |_| ()) {
                    Ok(h) => {
                        let _ = h.join();
                    }
                    Err(e) => return Outcome::err(&e),
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        })
        .expect("spawn")
    };
    started_rx.recv().expect("started");
    a.end().expect("end");
    h.join().expect("the thread returns")
}

fn fork_at_shutdown() -> Outcome {
    // A legacy interpreter allows fork; before its end the check refuses a sub-interpreter's
    // fork, while it ends it refuses any fork.
    let rt = rt();
    let a = rt
        .new_interpreter(InterpreterConfig::legacy())
        .expect("legacy");
    let (started, started_rx) = mpsc::channel();
    let h = rt
        .spawn_thread(&a, false, move |t| {
            started.send(()).expect("send");
            loop {
                match t.interpreter().check_fork() {
                    Err(subinterp_runtime::Error::Finalizing(op)) => {
                        return Outcome::err(&subinterp_runtime::Error::Finalizing(op));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(1)),
                    Ok(()) => return Outcome::ok("fork allowed"),
                }
            }
        })
        .expect("spawn");
    started_rx.recv().expect("started");
    a.end().expect("end");
    h.join().expect("the thread returns")
}
