//! The runtime's [`InterpreterPool`] for Python code (`concurrent.futures.
//! InterpreterPoolExecutor`): `_pool_new(workers)` makes a pool object whose `submit(f, args,
//! kwargs)` queues a call of a Python function (crossing as in `Interpreter.call`) and returns
//! a task object; the task's `result(timeout)` waits without the GIL and gives `(True, value)`
//! or `(False, excinfo)`, as `_call` does.

use std::time::Duration;

use parking_lot::Mutex;
use subinterp_object::{Obj, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{Args, BuiltinDef, MethodTable, Sig, Tstate};
use subinterp_xi::{XiData, from_xi};

use crate::exec::ExecError;
use crate::host;
use crate::modules::interp_run::{CallData, call_data, excinfo, run_call};
use crate::modules::interpreters::RtNatives;
use crate::modules::{interp_of, opt};
use crate::pool::{InterpreterPool, PoolError, Task};

/// The payload of a pool object.
struct PoolObj {
    pool: InterpreterPool,
}

/// How a task ended, kept for repeated `result()` calls.
enum Outcome {
    Value(XiData),
    Failed(Box<subinterp_xi::ExcSnapshot>),
    Error(String, String),
}

/// The payload of a task object: the pending task, then its outcome.
struct TaskObj {
    task: Mutex<Option<Task<Result<XiData, ExecError>>>>,
    outcome: Mutex<Option<Outcome>>,
}

static POOL_METHODS: [BuiltinDef; 2] = [
    BuiltinDef {
        name: "submit",
        func: p_submit,
    },
    BuiltinDef {
        name: "shutdown",
        func: p_shutdown,
    },
];

static POOL_TABLE: MethodTable = MethodTable {
    owner: "Pool",
    methods: &POOL_METHODS,
};

static POOL_SLOTS: Slots = Slots {
    methods: Some(&POOL_TABLE),
    ..Slots::EMPTY
};

/// A pool of interpreters running Python functions.
pub(crate) static POOL: StaticType = StaticType::native("Pool", "interpreters", &POOL_SLOTS);

static TASK_METHODS: [BuiltinDef; 2] = [
    BuiltinDef {
        name: "result",
        func: t_result,
    },
    BuiltinDef {
        name: "done",
        func: t_done,
    },
];

static TASK_TABLE: MethodTable = MethodTable {
    owner: "Task",
    methods: &TASK_METHODS,
};

static TASK_SLOTS: Slots = Slots {
    methods: Some(&TASK_TABLE),
    ..Slots::EMPTY
};

/// A call queued on a [`POOL`].
pub(crate) static TASK: StaticType = StaticType::native("Task", "interpreters", &TASK_SLOTS);

/// `_pool_new(workers)`.
pub(crate) fn pool_new<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let [workers] = given.bind_sig::<1>(&Sig {
        name: "_pool_new",
        params: &["workers"],
        required: 1,
        kwonly: 0,
        method: false,
    })?;
    let workers = workers.and_then(Obj::as_i64).unwrap_or(1);
    if workers <= 0 {
        return Err(PyErr::value_error("max_workers must be greater than 0"));
    }
    let rt = interp_of(ts)?.runtime();
    let workers = workers as usize;
    // Made without the GIL, as from outside any run: creating an interpreter switches thread
    // states, which a run's own must not be in the middle of, and the workers' initial runs
    // may wait for this interpreter's GIL.
    let pool = host::native_allow_threads(ts, move || InterpreterPool::new(&rt, workers))?
        .map_err(|e| pool_pyerr(&e))?;
    py.new_native(&POOL, PoolObj { pool })
}

fn pool_pyerr(e: &PoolError) -> PyErr {
    let text = e.to_string();
    let msg = text.split_once(": ").map_or(text.as_str(), |(_, m)| m);
    PyErr::new(&exc::RUNTIME_ERROR, msg.to_owned())
}

fn pool_of<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a PoolObj> {
    slf.and_then(|s| s.native::<PoolObj>())
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'Pool' object"))
}

fn p_submit<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let p = pool_of(slf)?;
    let [f, args, kwargs] = match given.pos {
        [a, b, c] if given.kw.is_empty() => [a, b, c],
        _ => return Err(PyErr::type_error("submit() takes exactly 3 arguments")),
    };
    let call: CallData = call_data(f, args, kwargs)?;
    let job = move |cx: &mut crate::Run<'_>| -> Result<XiData, ExecError> { run_call(cx, &call) };
    // The queue may be full: wait for room without the GIL.
    let task = host::native_allow_threads(ts, || p.pool.submit(job).map_err(|e| e.error))?
        .map_err(|e| pool_pyerr(&e))?;
    py.new_native(
        &TASK,
        TaskObj {
            task: Mutex::new(Some(task)),
            outcome: Mutex::new(None),
        },
    )
}

fn p_shutdown<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let p = pool_of(slf)?;
    let [cancel] = given.bind_sig::<1>(&Sig {
        name: "shutdown",
        params: &["cancel_futures"],
        required: 0,
        kwonly: 0,
        method: true,
    })?;
    let cancel = match cancel {
        Some(c) => c.is_truthy()?,
        None => false,
    };
    host::native_allow_threads(ts, || p.pool.shutdown(cancel))?;
    Ok(py.none())
}

fn task_of<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a TaskObj> {
    slf.and_then(|s| s.native::<TaskObj>())
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'Task' object"))
}

fn t_done<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.bind_nothing("Task.done", true)?;
    let t = task_of(slf)?;
    let done = t.outcome.lock().is_some() || t.task.lock().as_ref().is_none_or(Task::is_done);
    Ok(py.bool(done))
}

/// `result(timeout=None)`: `(True, value)`, `(False, excinfo)`, or `TimeoutError`.
fn t_result<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let [timeout] = given.bind_sig::<1>(&Sig {
        name: "result",
        params: &["timeout"],
        required: 0,
        kwonly: 0,
        method: true,
    })?;
    let timeout = opt(timeout).map(|t| Duration::from_secs_f64(t.as_f64().unwrap_or(0.0).max(0.0)));
    let t = task_of(slf)?;
    if t.outcome.lock().is_none() {
        let pending = t.task.lock().take();
        if let Some(task) = pending {
            let got = host::native_allow_threads(ts, move || match timeout {
                None => Ok(task.wait()),
                Some(d) => task.wait_timeout(d),
            })?;
            match got {
                Ok(r) => *t.outcome.lock() = Some(outcome_of(r)),
                Err(task) => {
                    *t.task.lock() = Some(task);
                    return Err(PyErr::new(&exc::TIMEOUT_ERROR, ""));
                }
            }
        }
    }
    let guard = t.outcome.lock();
    match guard.as_ref() {
        Some(Outcome::Value(v)) => py.tuple(&[py.bool(true), from_xi(py, v, &RtNatives)?]),
        Some(Outcome::Failed(s)) => py.tuple(&[py.bool(false), excinfo(py, s)?]),
        Some(Outcome::Error(ty, msg)) => Err(error_of(ty, msg)),
        None => Err(PyErr::new(&exc::RUNTIME_ERROR, "task lost")),
    }
}

fn outcome_of(r: Result<Result<XiData, ExecError>, PoolError>) -> Outcome {
    let exec = |e: ExecError| match e {
        ExecError::Failed(f) => Outcome::Failed(Box::new(f.excinfo)),
        e => Outcome::Error(e.py_type().to_owned(), e.message()),
    };
    match r {
        Ok(Ok(v)) => Outcome::Value(v),
        Ok(Err(e)) | Err(PoolError::Failed(e)) => exec(e),
        Err(PoolError::Cancelled) => Outcome::Error("CancelledError".into(), String::new()),
        Err(e) => Outcome::Error("RuntimeError".into(), e.to_string()),
    }
}

/// The caller's exception for an error that is not an uncaught exception of the call.
fn error_of(ty: &str, msg: &str) -> PyErr {
    let ty: &'static StaticType = match ty {
        "NotShareableError" => &crate::exec::NOT_SHAREABLE_ERROR,
        "OverflowError" => &exc::OVERFLOW_ERROR,
        "InterpreterError" => &crate::exc::INTERPRETER_ERROR,
        _ => &exc::RUNTIME_ERROR,
    };
    PyErr::new(ty, msg.to_owned())
}
