//! Handles and tokens used with the wrong interpreter: the GIL layer asked for the runtime's own
//! interpreter from inside a run (issue 13, item 6), a run's token handed to an operation on
//! another interpreter, a handle from before `finalize` + `initialize` whose id a new
//! interpreter now has, and the `interpreters` module asked to run code in an interpreter it
//! did not create (issue 13, items 11 and 12).

use subinterp_runtime::{ExecError, InterpreterConfig, Unbound};

use super::running::{isolated, rt};
use super::{Area, Case, Outcome};

const A: Area = Area::Running;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            Area::ThreadStates,
            "ask the GIL layer for the current thread state from inside a run \
             (PyThreadState_Get), to attach or end the runtime's interpreter behind its back",
            "returns the thread state: C code may then end the interpreter or release its GIL",
            "TstateError::Owned",
            "PyThreadState_Get: interpreter 1 is owned by its runtime; use the runtime's API",
            gil_layer_current_tstate,
        ),
        Case::new(
            Area::ThreadStates,
            "ask the GIL layer for the current interpreter from inside a run \
             (PyInterpreterState_Get)",
            "returns the interpreter state",
            "TstateError::Owned",
            "PyInterpreterState_Get: interpreter 1 is owned by its runtime; use the runtime's \
             API",
            gil_layer_current_interp,
        ),
        Case::new(
            A,
            "exec_in_run on interpreter 2 with the token of interpreter 1's run",
            "n/a: C code runs in whatever interpreter the current thread state belongs to",
            "ExecError::Interp",
            "RuntimeError: the token belongs to interpreter 1, not to interpreter 2",
            foreign_token,
        ),
        Case::new(
            A,
            "exec_in_run on main with the token of a legacy interpreter (same heap as main)",
            "n/a: C code runs in whatever interpreter the current thread state belongs to",
            "ExecError::Interp",
            "RuntimeError: the token belongs to interpreter 1, not to interpreter 0",
            legacy_token_for_main,
        ),
        Case::new(
            A,
            "create a queue through a handle from before finalize + initialize (a new \
             interpreter has its id)",
            "cannot happen (an interpreter object of a finalized runtime cannot be reached)",
            "QueueError::InterpreterEnded",
            "interpreter 1 has ended",
            stale_handle_queue,
        ),
        Case::new(
            A,
            "bind a queue through a handle from before finalize + initialize",
            "cannot happen (an interpreter object of a finalized runtime cannot be reached)",
            "QueueError::InterpreterEnded",
            "interpreter 1 has ended",
            stale_handle_bind,
        ),
        Case::new(
            A,
            "share a value through one runtime into an interpreter of another runtime",
            "cannot happen (one runtime per process)",
            "ExecError::Interp",
            "InterpreterNotFoundError: unrecognized interpreter ID 1",
            share_across_runtimes,
        ),
        Case::new(
            A,
            "interpreters.get_main().exec(...) from a sub-interpreter",
            "InterpreterError: cannot exec code for unrecognized interpreter 0",
            "ExecError::Failed",
            "InterpreterError: cannot exec code for unrecognized interpreter 0",
            exec_main_from_sub,
        ),
    ]
}

fn gil_layer_current_tstate() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    a.run(|_| Outcome::of(subinterp_gil::current_tstate()))
        .expect("run")
}

fn gil_layer_current_interp() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    a.run(|_| Outcome::of(subinterp_gil::current_interp()))
        .expect("run")
}

fn of(r: Result<impl Sized, ExecError>) -> Outcome {
    match r {
        Ok(_) => Outcome::ok("succeeded"),
        Err(e) => Outcome {
            text: e.transcript_line(),
            ..Outcome::err(&e)
        },
    }
}

fn foreign_token() -> Outcome {
    let rt = rt();
    let (a, b) = (isolated(&rt), isolated(&rt));
    a.exec("x = 'a'").expect("exec");
    let r = a
        .run(|cx| of(b.exec_in_run(cx, "x = 'b'")))
        .expect("a's run");
    // Nothing ran in a's `__main__` under b's name.
    let x = a.main_attr("x").expect("x");
    assert_eq!(x, subinterp_runtime::XiData::from("a"));
    r
}

fn legacy_token_for_main() -> Outcome {
    let rt = rt();
    let legacy = rt
        .new_interpreter(InterpreterConfig::legacy())
        .expect("a legacy interpreter");
    let main = rt.main().expect("main");
    legacy
        .run(|cx| of(main.exec_in_run(cx, "x = 1")))
        .expect("legacy's run")
}

/// A handle of the first initialization's interpreter 1, with the runtime initialized again
/// and a new interpreter 1 alive.
fn stale() -> (subinterp_runtime::Runtime, subinterp_runtime::Interpreter) {
    let rt = rt();
    let old = isolated(&rt);
    rt.finalize().expect("finalize");
    rt.initialize().expect("initialize");
    let new = isolated(&rt);
    assert_eq!(new.id(), old.id());
    (rt, old)
}

fn stale_handle_queue() -> Outcome {
    let (rt, old) = stale();
    let r = Outcome::of(old.create_queue(0, Unbound::Remove));
    assert!(rt.queues().list_all().is_empty(), "no queue was created");
    r
}

fn stale_handle_bind() -> Outcome {
    let (rt, old) = stale();
    let q = rt.create_queue(0, Unbound::Remove).expect("a queue");
    Outcome::of(old.bind_queue(q.id()))
}

fn share_across_runtimes() -> Outcome {
    let (one, other) = (rt(), rt());
    let q = one.create_queue(0, Unbound::Remove).expect("a queue");
    let b = isolated(&other);
    let r = of(one.share("q", q, &b));
    assert!(b.main_attr("q").is_err(), "nothing was bound");
    r
}

fn exec_main_from_sub() -> Outcome {
    let rt = rt();
    let sub = isolated(&rt);
    let r = of(sub.exec("import interpreters; interpreters.get_main().exec('x = 1')"));
    assert!(
        rt.main().expect("main").main_attr("x").is_err(),
        "nothing ran in main"
    );
    r
}
