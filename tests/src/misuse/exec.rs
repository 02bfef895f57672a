//! Running code through the facade the wrong way: `exec`, `call` and `prepare_main` on an
//! interpreter that is busy or ended, with a value that cannot cross, and with source that
//! does not parse (reference `cpython-lifecycle-xi.md` §5, `interpreters.Interpreter`).

use subinterp_runtime::{ExecError, MethodDef};

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

static NOTHING: MethodDef = MethodDef {
    name: "nothing",
    func: |py, _, _, _| Ok(py.none()),
    doc: "Returns None.",
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
