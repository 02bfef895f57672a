//! Entering interpreters through the facade the wrong way, and using a runtime after its
//! finalization: reference `cpython-lifecycle-xi.md` §2.7, §5 and `cpython-gil-threadstate.md`
//! §8.8.

use std::sync::{Arc, Barrier, mpsc};
use std::time::Duration;

use subinterp_gil::{Gil, Interp, InterpId, ThreadState, Whence as TsWhence};
use subinterp_runtime::{Interpreter, InterpreterConfig, Runtime};

use super::{Area, Case, Outcome};

const A: Area = Area::Running;

pub(crate) fn rt() -> Runtime {
    Runtime::new().expect("a runtime")
}

pub(crate) fn isolated(rt: &Runtime) -> Interpreter {
    rt.new_interpreter(InterpreterConfig::isolated())
        .expect("an isolated interpreter")
}

/// Runs `f` while another thread runs `a`'s `__main__` (held there until `f` returns).
pub(crate) fn while_running<T>(a: &Interpreter, f: impl FnOnce() -> T) -> T {
    let inside = Arc::new(Barrier::new(2));
    let (go, go_rx) = mpsc::channel::<()>();
    let t = {
        let (a, inside) = (a.clone(), inside.clone());
        std::thread::spawn(move || {
            a.run(|_| {
                inside.wait();
                let _ = go_rx.recv_timeout(Duration::from_secs(10));
            })
        })
    };
    inside.wait();
    let got = f();
    go.send(()).expect("send");
    t.join().expect("join").expect("the other thread's run");
    got
}

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            A,
            "enter another interpreter from inside a run without the explicit switch",
            "allowed: PyThreadState_Swap switches silently, releasing the GIL under the \
             caller's objects",
            "Error::NestedRun",
            "RuntimeError: cannot enter interpreter 2 while this thread runs interpreter 1; \
             use Interpreter::run_from",
            nested_run,
        ),
        Case::new(
            A,
            "run an interpreter from inside its own run (self-nesting)",
            "InterpreterError: interpreter already running",
            "Error::AlreadyRunning",
            "InterpreterError: interpreter already running",
            run_self,
        ),
        Case::new(
            A,
            "run an interpreter whose __main__ another thread runs",
            "InterpreterError: interpreter already running",
            "Error::AlreadyRunning",
            "InterpreterError: interpreter already running",
            run_from_two_threads,
        ),
        Case::new(
            A,
            "end an interpreter from a thread that attached a bare thread state (no run)",
            "Py_EndInterpreter swaps thread states behind the caller's back",
            "Error::Tstate",
            "SystemError: _PyThreadState_Attach: non-NULL old thread state",
            end_over_bare_state,
        ),
        Case::new(
            A,
            "finalize the runtime from inside a run",
            "Py_FinalizeEx from a sub-interpreter thread: swaps to main and tears the caller's \
             interpreter down under it",
            "Error::InsideRun",
            "RuntimeError: Runtime::finalize must be called outside Interpreter::run",
            finalize_inside_run,
        ),
        Case::new(
            A,
            "finalize twice",
            "no-op",
            "Error::NotInitialized",
            "RuntimeError: Py_Initialize must be called first",
            finalize_twice,
        ),
        Case::new(
            A,
            "run an interpreter after the runtime was finalized",
            "use after free of the interpreter state",
            "Error::NotFound",
            "InterpreterNotFoundError: unrecognized interpreter ID 1",
            run_after_finalize,
        ),
        Case::new(
            A,
            "create an interpreter after the runtime was finalized",
            "RuntimeError: new_interpreter: Py_Initialize must be called first (PyStatus)",
            "Error::CreationFailed",
            "InterpreterError: interpreter creation failed → InterpreterError: sub-interpreter \
             creation failed → RuntimeError: new_interpreter: Py_Initialize must be called first",
            create_after_finalize,
        ),
    ]
}

fn nested_run() -> Outcome {
    let rt = rt();
    let (a, b) = (isolated(&rt), isolated(&rt));
    let r = a.run(|_| b.run(|_| ())).expect("the outer run");
    Outcome::of(r)
}

fn run_self() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    Outcome::of(a.run(|_| a.run(|_| ())).expect("the outer run"))
}

fn run_from_two_threads() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    while_running(&a, || Outcome::of(a.run(|_| ())))
}

fn end_over_bare_state() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    let other = Interp::new(InterpId::new(9), Arc::new(Gil::new()));
    let ts = ThreadState::new(&other, TsWhence::Unknown).expect("state");
    let _held = ts.attach().expect("attach");
    Outcome::of(a.end())
}

fn finalize_inside_run() -> Outcome {
    let rt = rt();
    let main = rt.main().expect("main");
    Outcome::of(main.run(|_| rt.finalize()).expect("the run"))
}

fn finalize_twice() -> Outcome {
    let rt = rt();
    rt.finalize().expect("finalize");
    Outcome::of(rt.finalize())
}

fn run_after_finalize() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    rt.finalize().expect("finalize");
    Outcome::of(a.run(|_| ()))
}

fn create_after_finalize() -> Outcome {
    let rt = rt();
    rt.finalize().expect("finalize");
    match rt.new_interpreter(InterpreterConfig::isolated()) {
        Ok(_) => Outcome::ok("created"),
        Err(e) => Outcome::chain(&e),
    }
}
