//! Code that the runtime runs calling back into it: a payload's `Drop` run by an interpreter's
//! end that panics or finalizes the runtime, and native code re-entering the statement
//! language without end (issue 13, items 4 and 5).

use std::sync::mpsc;

use subinterp_object::{Obj, PyErr, PyResult};
use subinterp_runtime::{
    Args, BuiltinDef, Interpreter, Runtime, Tstate, import, new_builtin, with_run,
};

use super::running::{isolated, rt};
use super::{Area, Case, Outcome};
use crate::payload::{self, OnDrop};

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            Area::Ending,
            "a payload's Drop panics while its interpreter ends",
            "an exception in __del__ is printed as \"Exception ignored in\" and the ending goes on",
            "ok",
            "ended; unraisable: SystemError: clearing its modules panicked while interpreter \
             {n} ended: drop boom",
            panicking_drop,
        ),
        Case::new(
            Area::Ending,
            "finalize the runtime from a payload's Drop run by an interpreter's end",
            "Py_FinalizeEx from a destructor during Py_EndInterpreter: undefined (re-entrant \
             finalization)",
            "Error::InsideEnd",
            "RuntimeError: Runtime::finalize cannot be called while an interpreter is ending \
             on this thread",
            finalize_from_drop,
        ),
        Case::new(
            Area::Running,
            "native code re-entering exec_in_run without end",
            "RecursionError: maximum recursion depth exceeded",
            "ExecError::Failed",
            "RecursionError: maximum recursion depth exceeded",
            endless_reentry,
        ),
    ]
}

fn keep(i: &Interpreter, what: OnDrop) {
    payload::keep(i, what).expect("stored");
}

fn panicking_drop() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    keep(&a, OnDrop::Panic);
    match a.end() {
        Ok(r) => Outcome::ok(format!("ended; unraisable: {}", r.unraisable.join(" / "))),
        Err(e) => Outcome::err(&e),
    }
}

fn finalize_from_drop() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    let (tx, rx) = mpsc::channel();
    keep(&a, OnDrop::Finalize(rt.clone(), tx));
    a.end().expect("the end finishes");
    let said = rx.recv().expect("the payload was dropped");
    Outcome {
        kind: "Error::InsideEnd".into(),
        text: said,
    }
}

/// Calls itself through `exec_in_run` on the interpreter `__main__` names as `me`'s runtime.
fn reenter<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let me = RT.with(|r| r.borrow().as_ref().and_then(Runtime::current));
    let me = me.ok_or_else(|| PyErr::value_error("no interpreter"))?;
    with_run(ts, |cx| me.exec_in_run(cx, "reenter()"))?.map_err(|e| {
        PyErr::new(
            &subinterp_object::exc::RECURSION_ERROR,
            e.transcript_line()
                .rsplit(": ")
                .next()
                .unwrap_or_default()
                .to_owned(),
        )
    })?;
    Ok(py.none())
}

static REENTER: BuiltinDef = BuiltinDef {
    name: "reenter",
    func: reenter,
};

thread_local! {
    static RT: std::cell::RefCell<Option<Runtime>> = const { std::cell::RefCell::new(None) };
}

fn endless_reentry() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    RT.with(|r| *r.borrow_mut() = Some(rt.clone()));
    let bind = a.run(|cx| -> PyResult<()> {
        let f = new_builtin(cx.py(), &REENTER, None)?;
        import(cx, "__main__")?.setattr("reenter", &f)
    });
    bind.expect("run").expect("bind");
    let r = a.exec("reenter()");
    RT.with(|r| *r.borrow_mut() = None);
    match r {
        Ok(()) => Outcome::ok("succeeded"),
        Err(e) => Outcome {
            text: e.transcript_line(),
            ..Outcome::err(&e)
        },
    }
}
