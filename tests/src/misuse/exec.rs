//! Running code through the facade the wrong way: `exec`, `call` and `prepare_main` on an
//! interpreter that is busy or ended, with a value that cannot cross, and with source that
//! does not parse (reference `cpython-lifecycle-xi.md` §5, `interpreters.Interpreter`); an
//! infinite loop interrupted from another thread, and interrupts that cannot be made.

use std::sync::mpsc;
use std::time::Duration;

use subinterp_runtime::{BuiltinDef, ExecError};

use super::running::{isolated, rt, while_running};
use super::{Area, Case, Outcome};

const A: Area = Area::Running;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            A,
            "exec in an interpreter whose __main__ another thread runs",
            "InterpreterError: interpreter already running",
            "ExecError::Interp",
            "InterpreterError: interpreter already running",
            exec_while_running,
        ),
        Case::new(
            A,
            "exec in an interpreter that was ended",
            "InterpreterNotFoundError: unrecognized interpreter ID %d",
            "ExecError::Interp",
            "InterpreterNotFoundError: unrecognized interpreter ID {n}",
            exec_after_end,
        ),
        Case::new(
            A,
            "call a function in an interpreter that was ended",
            "InterpreterNotFoundError: unrecognized interpreter ID %d",
            "ExecError::Interp",
            "InterpreterNotFoundError: unrecognized interpreter ID {n}",
            call_after_end,
        ),
        Case::new(
            A,
            "prepare_main with a value that cannot cross (`XiData` cannot hold one, so it is \
             refused where it is read out of a __main__: main_attr)",
            "Interpreter.prepare_main(l=[1]): NotShareableError: [1] does not support \
             cross-interpreter data",
            "ExecError::NotShareable",
            "NotShareableError: [1] does not support cross-interpreter data",
            prepare_main_unshareable,
        ),
        Case::new(
            A,
            "exec source that does not parse",
            "ExecutionFailed carrying SyntaxError: '(' was never closed",
            "ExecError::Failed",
            "SyntaxError: '(' was never closed",
            exec_syntax_error,
        ),
        Case::new(
            A,
            "an infinite loop (while True: pass) in exec, interrupted from another thread \
             (Interpreter::interrupt), then the interpreter runs code again",
            "no API stops a sub-interpreter's loop (signals reach only main's main thread): \
             it runs for ever",
            "ExecError::Failed",
            "KeyboardInterrupt",
            interrupt_infinite_loop,
        ),
        Case::new(
            A,
            "interrupt an interpreter that was ended",
            "n/a (no API to interrupt a sub-interpreter)",
            "Error::NotFound",
            "InterpreterNotFoundError: unrecognized interpreter ID {n}",
            interrupt_after_end,
        ),
        Case::new(
            A,
            "_thread.interrupt_main() with a signal number out of range",
            "ValueError: signal number out of range",
            "ExecError::Failed",
            "ValueError: signal number out of range",
            interrupt_main_bad_signal,
        ),
    ]
}

/// The error's type and variant, and its first line as the scenario transcript prints it
/// (for `ExecutionFailed`, the remote exception's `type: message`, not the traceback).
fn of(r: Result<impl Sized, ExecError>) -> Outcome {
    match r {
        Ok(_) => Outcome::ok("succeeded"),
        Err(e) => Outcome {
            text: e.transcript_line(),
            ..Outcome::err(&e)
        },
    }
}

fn exec_while_running() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    while_running(&a, || of(a.exec("x = 1")))
}

fn exec_after_end() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    a.end().expect("end");
    of(a.exec("x = 1"))
}

static NOTHING: BuiltinDef = BuiltinDef {
    name: "nothing",
    func: |ts, _, _| Ok(ts.py().none()),
};

fn call_after_end() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    a.end().expect("end");
    of(a.call(&NOTHING, &[]))
}

fn prepare_main_unshareable() -> Outcome {
    let rt = rt();
    let (a, b) = (isolated(&rt), isolated(&rt));
    a.exec("l = [1]").expect("exec");
    of(a.main_attr("l").and_then(|l| b.prepare_main([("l", l)])))
}

fn exec_syntax_error() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    of(a.exec("x = (1,"))
}

fn interrupt_infinite_loop() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    let (tx, rx) = mpsc::channel();
    {
        let a = a.clone();
        std::thread::spawn(move || {
            let _ = tx.send(of(a.exec("while True:\n    pass\n")));
        });
    }
    std::thread::sleep(Duration::from_millis(50));
    if let Err(e) = a.interrupt() {
        return Outcome::err(&e);
    }
    let Ok(got) = rx.recv_timeout(Duration::from_secs(10)) else {
        return Outcome::ok("the loop still runs after 10 s");
    };
    match a.exec("x = sum(range(10))") {
        Ok(()) => got,
        Err(e) => Outcome::ok(format!("unusable afterwards: {e}")),
    }
}

fn interrupt_after_end() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    a.end().expect("end");
    Outcome::of(a.interrupt())
}

fn interrupt_main_bad_signal() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    of(a.exec("import _thread\n_thread.interrupt_main(0)"))
}
