//! The `interpreters` module's functions under `concurrent.interpreters` (CPython 3.14's
//! `_interpreters.exec`, `set___main___attrs`, `call` and `list_all`): they take the native
//! `Interpreter` handle, and hand an uncaught exception back as an *excinfo* tuple
//! `(type name, qualname, module, msg, formatted, errdisplay)` for the Python layer's
//! `ExecutionFailed`, instead of raising.
//!
//! Values cross as copies ([`to_xi_copy`]): lists, dicts and sets too, built in the receiver's
//! heap. A function given to `call` crosses as [`FuncData`].

use std::sync::Mutex;
use std::thread::JoinHandle;

use subinterp_compile::Mode;
use subinterp_object::{Obj, Py, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{Args, BuiltinDef, MethodTable, Tstate};
use subinterp_xi::{ExcSnapshot, XiData, from_xi, to_xi_copy};

use crate::exec::{ExecError, failed, share_pyerr};
use crate::modules::interp_func::{FuncData, func_data};
use crate::modules::interp_of;
use crate::modules::interpreters::{RtNatives, interp_arg, new_interp};
use crate::{Error, Interpreter, Whence, host};

/// The functions this file adds to the module.
pub(crate) static RUN_FUNCTIONS: [BuiltinDef; 6] = [
    BuiltinDef {
        name: "_pool_new",
        func: crate::modules::interp_pool::pool_new,
    },
    BuiltinDef {
        name: "_exec",
        func: exec,
    },
    BuiltinDef {
        name: "_prepare_main",
        func: prepare_main,
    },
    BuiltinDef {
        name: "_call",
        func: call,
    },
    BuiltinDef {
        name: "_call_in_thread",
        func: call_in_thread,
    },
    BuiltinDef {
        name: "_list_all",
        func: list_all,
    },
];

/// The excinfo tuple of a snapshot.
pub(crate) fn excinfo<'py>(py: Py<'py>, s: &ExcSnapshot) -> PyResult<Obj<'py>> {
    let display = match s.errdisplay() {
        Some(d) => py.str(d)?,
        None => py.none(),
    };
    py.tuple(&[
        py.str(s.type_name())?,
        py.str(s.qualname())?,
        py.str(s.module())?,
        py.str(s.msg())?,
        py.str(s.formatted())?,
        display,
    ])
}

/// `None` for success, the excinfo tuple for an uncaught exception; other errors raise.
fn outcome<'py>(py: Py<'py>, r: Result<(), ExecError>) -> PyResult<Obj<'py>> {
    match r {
        Ok(()) => Ok(py.none()),
        Err(ExecError::Failed(f)) => excinfo(py, &f.excinfo),
        Err(e) => Err(e.into_pyerr()),
    }
}

/// Only interpreters this module created may be driven (`restrict=True` in CPython).
fn restricted(target: &Interpreter, op: &'static str) -> PyResult<()> {
    if target.whence() != Whence::Stdlib {
        return Err(Error::Unrecognized {
            op,
            id: target.id(),
        }
        .into_pyerr());
    }
    Ok(())
}

fn two<'a, 'py>(name: &'static str, given: &Args<'a, 'py>) -> PyResult<[&'a Obj<'py>; 2]> {
    match given.pos {
        [a, b] if given.kw.is_empty() => Ok([a, b]),
        _ => Err(PyErr::type_error(format!(
            "{name}() takes exactly 2 positional arguments"
        ))),
    }
}

/// `_exec(interp, code)`: runs source in the target's `__main__`.
fn exec<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [interp, code] = two("_exec", &given)?;
    let target = interp_arg(Some(interp))?;
    let r = run_source(ts, &target, code)?;
    outcome(ts.py(), r)
}

/// Runs `code` (source text) in `target`'s `__main__` from the interpreter of the native
/// function whose thread state is `ts` (`_interpreters.exec(id, code, restrict=True)`):
/// refusals raise, the run's own outcome comes back.
pub(crate) fn run_source(
    ts: &mut Tstate<'_>,
    target: &Interpreter,
    code: &Obj<'_>,
) -> PyResult<Result<(), ExecError>> {
    // Only interpreters this module created (main included, is refused, also from main
    // itself).
    restricted(target, "exec code for")?;
    let Some(source) = code.as_str() else {
        return Err(PyErr::type_error(format!(
            "_interpreters.exec() argument 2 must be a string, a function, or a code object, \
             not {}",
            code.type_name()
        )));
    };
    // Owned: nothing of the suspended interpreter may be read while its GIL is released.
    let source = source.to_owned();
    crate::exec::check_script(&source).map_err(ExecError::into_pyerr)?;
    switch(ts, target, |cx| {
        host::exec_in_current(cx, &source, Mode::Exec)
    })
}

/// Runs `f` in `target`'s `__main__` from the run of the native function whose thread state is
/// `ts` ([`Interpreter::run_from`] for natives): the caller's thread state is suspended meanwhile.
fn switch<R>(
    ts: &mut Tstate<'_>,
    target: &Interpreter,
    f: impl for<'py> FnOnce(&mut crate::Run<'py>) -> R + Send,
) -> PyResult<R> {
    let from = interp_of(ts)?;
    let mut outer = host::native_attached(ts)?;
    target
        .switch_from(&from.st, &mut outer, f)
        .map_err(Error::into_pyerr)
}

/// `_prepare_main(interp, ns)`: binds a dict's items in the target's `__main__` (copies).
fn prepare_main<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let [interp, ns] = two("_prepare_main", &given)?;
    let target = interp_arg(Some(interp))?;
    restricted(&target, "prepare main for")?;
    let mut items: Vec<(String, XiData)> = Vec::new();
    for (k, v) in ns.dict_items()? {
        let Some(name) = k.as_str() else {
            return Err(PyErr::type_error("keywords must be strings"));
        };
        let data = to_xi_copy(&v, &RtNatives).map_err(|e| share_pyerr(&e))?;
        items.push((name.to_owned(), data));
    }
    if items.is_empty() {
        return Ok(py.none());
    }
    let r = switch(ts, &target, |cx| -> Result<(), ExecError> {
        let py2 = cx.py();
        let main = host::main_module(py2, cx.interpreter()).map_err(ExecError::invalid)?;
        let dict = main.module_dict().map_err(ExecError::invalid)?;
        let mut built = Vec::with_capacity(items.len());
        for (name, data) in &items {
            let value = from_xi(py2, data, &RtNatives).map_err(ExecError::invalid)?;
            built.push((py2.str(name).map_err(ExecError::invalid)?, value));
        }
        for (k, v) in &built {
            dict.set_item(k, v).map_err(ExecError::invalid)?;
        }
        Ok(())
    })?;
    r.map_err(ExecError::into_pyerr)?;
    Ok(py.none())
}

/// A call sent to another interpreter: the function, its arguments, all as data.
pub(crate) struct CallData {
    func: FuncData,
    args: Vec<XiData>,
    kwargs: Vec<(String, XiData)>,
}

/// The call data of `_call(interp, f, args, kwargs)`'s last three arguments, converted in
/// the caller.
pub(crate) fn call_data(f: &Obj<'_>, args: &Obj<'_>, kwargs: &Obj<'_>) -> PyResult<CallData> {
    let func = func_data(f)?;
    let copy = |o: &Obj<'_>| to_xi_copy(o, &RtNatives).map_err(|e| share_pyerr(&e));
    let args = args
        .tuple_items()
        .ok_or_else(|| PyErr::type_error("args must be a tuple"))?
        .iter()
        .map(copy)
        .collect::<PyResult<Vec<_>>>()?;
    let mut kw = Vec::new();
    for (k, v) in kwargs.dict_items()? {
        let name = k
            .as_str()
            .ok_or_else(|| PyErr::type_error("keywords must be strings"))?;
        kw.push((name.to_owned(), copy(&v)?));
    }
    Ok(CallData {
        func,
        args,
        kwargs: kw,
    })
}

/// Runs the call in the run `cx` of the target: the function built over its `__main__`, the
/// result copied out; an exception comes back as [`ExecError::Failed`] with its traceback.
pub(crate) fn run_call(cx: &mut crate::Run<'_>, call: &CallData) -> Result<XiData, ExecError> {
    let py = cx.py();
    let main = host::main_module(py, cx.interpreter()).map_err(ExecError::invalid)?;
    let globals = main.module_dict().map_err(ExecError::invalid)?;
    host::with_tstate(cx, |ts| -> Result<XiData, ExecError> {
        let raised = |ts: &mut Tstate<'_>, e: PyErr| failed(host::exc_snapshot(ts, &e));
        let built = (|| -> PyResult<_> {
            let f = call.func.build(ts, &globals)?;
            let args = call
                .args
                .iter()
                .map(|a| from_xi(py, a, &RtNatives))
                .collect::<PyResult<Vec<_>>>()?;
            let mut kw = Vec::with_capacity(call.kwargs.len());
            for (k, v) in &call.kwargs {
                kw.push((py.str(k)?, from_xi(py, v, &RtNatives)?));
            }
            Ok((f, args, kw))
        })();
        let (f, args, kw) = built.map_err(|e| raised(ts, e))?;
        let result = ts.call(
            &f,
            Args {
                pos: &args,
                kw: &kw,
            },
        );
        let result = result.map_err(|e| raised(ts, e))?;
        Ok(to_xi_copy(&result, &RtNatives)?)
    })
    .map_err(ExecError::invalid)?
}

/// The target and the call of `name(interp, f, args, kwargs)`, converted in the caller.
fn call_args(name: &'static str, given: &Args<'_, '_>) -> PyResult<(Interpreter, CallData)> {
    let [interp, f, args, kwargs] = match given.pos {
        [a, b, c, d] if given.kw.is_empty() => [a, b, c, d],
        _ => {
            return Err(PyErr::type_error(format!(
                "{name}() takes exactly 4 positional arguments"
            )));
        }
    };
    let target = interp_arg(Some(interp))?;
    restricted(&target, "call")?;
    Ok((target, call_data(f, args, kwargs)?))
}

/// `_call(interp, f, args, kwargs)`: `(True, result)` or `(False, excinfo)`.
fn call<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (target, call) = call_args("_call", &given)?;
    let r = switch(ts, &target, |cx| run_call(cx, &call))?;
    let py = ts.py();
    match r {
        Ok(data) => py.tuple(&[py.bool(true), from_xi(py, &data, &RtNatives)?]),
        Err(ExecError::Failed(f)) => py.tuple(&[py.bool(false), excinfo(py, &f.excinfo)?]),
        Err(e) => Err(e.into_pyerr()),
    }
}

/// The payload of a `_call_in_thread` handle: the OS thread, until joined.
struct CallThread(Mutex<Option<JoinHandle<()>>>);

static THREAD_METHODS: [BuiltinDef; 2] = [
    BuiltinDef {
        name: "join",
        func: t_join,
    },
    BuiltinDef {
        name: "is_alive",
        func: t_is_alive,
    },
];

static THREAD_TABLE: MethodTable = MethodTable {
    owner: "CallThread",
    methods: &THREAD_METHODS,
};

static THREAD_SLOTS: Slots = Slots {
    methods: Some(&THREAD_TABLE),
    ..Slots::EMPTY
};

/// The thread of `Interpreter.call_in_thread`: `join()` and `is_alive()`.
pub(crate) static CALL_THREAD: StaticType =
    StaticType::native("CallThread", "interpreters", &THREAD_SLOTS);

fn thread_of<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a CallThread> {
    slf.and_then(|s| s.native::<CallThread>())
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'CallThread' object"))
}

fn t_join<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.bind_nothing("CallThread.join", true)?;
    let handle = thread_of(slf)?.0.lock().map_err(poisoned)?.take();
    if let Some(h) = handle {
        // The call may need the GIL this interpreter shares with the target (a legacy one):
        // wait without it.
        host::native_allow_threads(ts, move || {
            let _ = h.join();
        })?;
    }
    Ok(py.none())
}

fn t_is_alive<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.bind_nothing("CallThread.is_alive", true)?;
    let alive = thread_of(slf)?
        .0
        .lock()
        .map_err(poisoned)?
        .as_ref()
        .is_some_and(|h| !h.is_finished());
    Ok(py.bool(alive))
}

fn poisoned<T>(_: T) -> PyErr {
    PyErr::new(&exc::RUNTIME_ERROR, "call thread state poisoned")
}

/// `_call_in_thread(interp, f, args, kwargs)`: starts an OS thread that makes the call in the
/// target (its result and any exception are discarded, as CPython's `call_in_thread`), and
/// returns its handle.
fn call_in_thread<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let (target, call) = call_args("_call_in_thread", &given)?;
    let thread = std::thread::Builder::new()
        .name(format!("call-in-{}", target.id()))
        .spawn(move || {
            let _ = target.run(|cx| run_call(cx, &call));
        })
        .map_err(|e| Error::ThreadStart(e).into_pyerr())?;
    py.new_native(&CALL_THREAD, CallThread(Mutex::new(Some(thread))))
}

/// `_list_all()`: a handle on every live interpreter, by id.
fn list_all<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.bind_nothing("_list_all", false)?;
    let all = interp_of(ts)?.runtime().list();
    let handles = all
        .into_iter()
        .map(|i| new_interp(py, i))
        .collect::<PyResult<Vec<_>>>()?;
    py.list(&handles)
}
