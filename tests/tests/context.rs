//! The run's one explicit context (`Run`): what takes it behaves as before from inside a run
//! (a scoped switch, `allow_threads`, `check`, `import`, creating and ending another
//! interpreter, a native function passing its run on), and what needs it refuses to guess
//! without it (creating or ending from inside a run through the context-free API).

use std::sync::mpsc;
use std::time::Duration;

use subinterp_object::{Obj, PyResult};
use subinterp_runtime::{
    Args, BuiltinDef, Error, InterpreterConfig, Runtime, Tstate, add_functions, allow_threads,
    check, import, with_run,
};

fn rt() -> Runtime {
    Runtime::new().expect("runtime")
}

#[test]
fn the_context_names_its_run() {
    let rt = rt();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let (id, token, current, same_rt) = sub
        .run(|cx| {
            (
                cx.interpreter().id(),
                cx.py().interp(),
                rt.current().map(|i| i.id()),
                cx.runtime().list().len() == rt.list().len(),
            )
        })
        .unwrap();
    assert_eq!(
        (id, token, current, same_rt),
        (sub.id(), sub.id(), Some(sub.id()), true)
    );
    assert_eq!(rt.current(), None);
}

#[test]
fn a_nested_run_is_refused_and_the_switch_takes_the_context() {
    let rt = rt();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let b = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let (nested, switched, back) = a
        .run(|cx| {
            let nested = b.run(|_| ()).map_err(|e| e.to_string());
            let switched = b.run_from(cx, |cx2| {
                (cx2.interpreter().id(), rt.current().map(|i| i.id()))
            });
            (nested, switched.unwrap(), rt.current().map(|i| i.id()))
        })
        .unwrap();
    assert_eq!(
        nested,
        Err(format!(
            "RuntimeError: cannot enter interpreter {} while this thread runs interpreter {}; \
             use Interpreter::run_from",
            b.id(),
            a.id()
        ))
    );
    assert_eq!(switched, (b.id(), Some(b.id())));
    assert_eq!(back, Some(a.id()));
}

#[test]
fn allow_threads_inside_a_run_lets_another_thread_of_the_interpreter_run() {
    let rt = rt();
    let legacy = rt.new_interpreter(InterpreterConfig::legacy()).unwrap();
    let (tx, rx) = mpsc::channel();
    let t = rt
        .spawn_thread(&legacy, false, move |t| {
            t.run(|cx| cx.py().int(5).unwrap().as_i64()).unwrap()
        })
        .unwrap();
    let got = legacy
        .run(|cx| {
            // The thread needs the GIL this run holds: it finishes only while it is released.
            let joined = allow_threads(cx, move || {
                let r = t.join_timeout(Duration::from_secs(10));
                let _ = tx.send(());
                r.ok().map(|r| r.ok())
            })
            .unwrap();
            check(cx).unwrap();
            joined
        })
        .unwrap();
    rx.recv().unwrap();
    assert_eq!(got, Some(Some(Some(5))));
}

#[test]
fn import_inside_a_run_and_inside_a_switch() {
    let rt = rt();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let b = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let (outer, inner) = a
        .run(|cx| {
            let m = import(cx, "math").unwrap().repr().unwrap();
            let inner = b
                .run_from(cx, |cx2| import(cx2, "sys").unwrap().repr().unwrap())
                .unwrap();
            (m, inner)
        })
        .unwrap();
    assert_eq!(outer, "<module 'math' (built-in)>");
    assert_eq!(inner, "<module 'sys' (built-in)>");
}

#[test]
fn creating_and_ending_from_inside_a_run_take_the_context() {
    let rt = rt();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let (without, made, ended_without, ended, own) = a
        .run(|cx| {
            let without = rt
                .new_interpreter(InterpreterConfig::isolated())
                .map(|_| ())
                .map_err(|e| e.to_string());
            let z = rt
                .new_interpreter_from(cx, InterpreterConfig::isolated())
                .unwrap();
            let made = z
                .run_from(cx, |cx2| cx2.py().int(3).unwrap().as_i64())
                .unwrap();
            let ended_without = z.end().map(|_| ()).map_err(|e| e.to_string());
            let ended = z.end_from(cx).map(|r| r.is_clean());
            let own = a.end_from(cx).map(|_| ()).map_err(|e| e.to_string());
            (without, made, ended_without, ended, own)
        })
        .unwrap();
    assert_eq!(
        without,
        Err("RuntimeError: Runtime::new_interpreter (inside a run: \
             Runtime::new_interpreter_from) must be called outside Interpreter::run"
            .to_owned())
    );
    assert_eq!(made, Some(3));
    assert_eq!(
        ended_without,
        Err(
            "RuntimeError: Interpreter::end (inside a run: Interpreter::end_from) must be \
             called outside Interpreter::run"
                .to_owned()
        )
    );
    assert!(ended.unwrap());
    assert_eq!(
        own,
        Err("InterpreterError: cannot destroy the current interpreter".to_owned())
    );
    assert_eq!(rt.list().len(), 2);
}

/// `switch(target_id)`: runs `x = 7` in interpreter `target_id` through the caller's run.
fn switch<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    args: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let id = args.pos.first().and_then(|a| a.as_i64()).unwrap_or(-1);
    let seen = with_run(ts, |cx| {
        let rt = cx.runtime();
        let target = rt
            .interpreter(subinterp_runtime::InterpId::new(id as u64))
            .map_err(Error::into_pyerr)?;
        target
            .run_from(cx, |cx2| cx2.interpreter().exec("x = 7").is_err())
            .map_err(Error::into_pyerr)
    })??;
    Ok(ts.py().bool(seen))
}

static SWITCH: [BuiltinDef; 1] = [BuiltinDef {
    name: "switch",
    func: switch,
}];

#[test]
fn a_native_function_passes_its_run_on() {
    let rt = rt();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let b = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    a.run(|cx| {
        let main = import(cx, "__main__").unwrap();
        add_functions(&main, &SWITCH).unwrap();
    })
    .unwrap();
    // Inside the switch, `exec` in the switched-to interpreter is a nested run (refused:
    // `__main__` is held by the switch), so `switch` returns True.
    let out = a.exec_capture(&format!("print(switch({}))", b.id().get()));
    assert_eq!(out.output, "True\n", "{:?}", out.result);
}
