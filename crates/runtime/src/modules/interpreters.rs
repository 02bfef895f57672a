//! The `interpreters` module (PEP 734's `concurrent.interpreters`, CPython 3.13's
//! `test.support.interpreters` with its `queues`): `get_current()`, `get_main()`,
//! `list_all()` (ids), `create()`, `create_queue()`, `is_shareable()`, the `Interpreter` and
//! `Queue` classes, the unbound-item markers and the exception classes. Also the runtime's
//! [`Natives`] (queue objects and memoryviews cross interpreters as handles). The Python
//! package `concurrent.interpreters` (3.14's names) is written over this module and the
//! private functions of `interp_run.rs` (`_exec`, `_prepare_main`, `_call`,
//! `_call_in_thread`, `_list_all`) and `interp_pool.rs` (`_pool_new`).
//!
//! Queue items cross as copies ([`to_xi_copy`]): the shareable types, and lists, dicts, sets
//! and frozensets of them built anew in the receiver's heap (CPython's default pickles these).
//! `put(obj, block=True, timeout=None, *, unbounditems=None)` and `get(block=True,
//! timeout=None)` take 3.14's arguments.
//!
//! Queue objects wrap a [`subinterp_xi::Queue`] handle bound to the interpreter that holds the
//! object; a blocking `get`/`put` waits without the GIL and wakes on the matching `put`/`get`
//! (CPython polls every 10 ms). Deliberate differences: timeouts keep their fractions
//! (CPython truncates with `int()`), `full()` is never true for an unbounded queue, a queue
//! object received in the interpreter that sent it is a new object (CPython returns the same
//! one), and a receiver need not have imported this module first.

use std::sync::{Arc, Weak};
use std::time::Duration;

use subinterp_config::InterpreterConfig;
use subinterp_import::{ModuleDef, MultiInterp, Size, Slot, int_arg};
use subinterp_object::{Kind, Obj, Py, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{Args, BuiltinDef, MethodTable, Sig, Tstate};
use subinterp_xi::{
    Natives, PutError, Queue, QueueError, Received, SharedBuffer, Unbound, XiData, from_xi,
    to_xi_copy,
};

use crate::exc::{INTERPRETER_ERROR, INTERPRETER_NOT_FOUND_ERROR};
use crate::exec::{EXECUTION_FAILED, NOT_SHAREABLE_ERROR, share_pyerr};
use crate::modules::memview::{MEMORYVIEW, View, new_view};
use crate::modules::{interp_of, opt};
use crate::runtime::RtInner;
use crate::state::InterpState;
use crate::{Error, Interpreter, host};

/// `interpreters.QueueError` (base `RuntimeError`).
pub static QUEUE_ERROR: StaticType =
    StaticType::exception("QueueError", "interpreters", &exc::RUNTIME_ERROR);
/// `interpreters.QueueNotFoundError` (base `QueueError`).
pub static QUEUE_NOT_FOUND_ERROR: StaticType =
    StaticType::exception("QueueNotFoundError", "interpreters", &QUEUE_ERROR);
/// `interpreters.QueueEmpty` (base `QueueError`; CPython also derives from `queue.Empty`).
pub static QUEUE_EMPTY: StaticType =
    StaticType::exception("QueueEmpty", "interpreters", &QUEUE_ERROR);
/// `interpreters.QueueFull` (base `QueueError`; CPython also derives from `queue.Full`).
pub static QUEUE_FULL: StaticType =
    StaticType::exception("QueueFull", "interpreters", &QUEUE_ERROR);
/// `interpreters.ItemInterpreterDestroyed` (base `QueueError`).
pub static ITEM_INTERPRETER_DESTROYED: StaticType =
    StaticType::exception("ItemInterpreterDestroyed", "interpreters", &QUEUE_ERROR);

/// The exception CPython raises for a queue error.
pub fn queue_pyerr(e: &QueueError) -> PyErr {
    let ty: &'static StaticType = match e {
        QueueError::NotFound(_) => &QUEUE_NOT_FOUND_ERROR,
        QueueError::Empty(_) => &QUEUE_EMPTY,
        QueueError::Full(_) => &QUEUE_FULL,
        QueueError::ItemInterpreterDestroyed => &ITEM_INTERPRETER_DESTROYED,
        QueueError::NegativeTimeout
        | QueueError::NanTimeout
        | QueueError::UnsupportedUnboundOp(_) => &exc::VALUE_ERROR,
        QueueError::InfiniteTimeout => &exc::OVERFLOW_ERROR,
        _ => &QUEUE_ERROR,
    };
    PyErr::new(ty, e.to_string())
}

/// The runtime's native shareables: queue objects (their handle crosses and is rebound to the
/// receiver) and memoryviews (the receiver reads the same memory).
#[derive(Debug, Clone, Copy, Default)]
pub struct RtNatives;

impl Natives for RtNatives {
    fn share(&self, obj: &Obj<'_>) -> Option<XiData> {
        if let Some(q) = obj.native::<QueueObj>() {
            return Some(XiData::Queue(q.0.clone()));
        }
        if obj.get_type().is(&MEMORYVIEW.get(obj.py())) {
            return obj.native::<View>().map(|v| XiData::Buffer(v.0.clone()));
        }
        None
    }

    fn new_queue<'py>(&self, py: Py<'py>, queue: Queue) -> PyResult<Obj<'py>> {
        py.new_native(&QUEUE, QueueObj(queue))
    }

    fn new_buffer<'py>(&self, py: Py<'py>, buffer: SharedBuffer) -> PyResult<Obj<'py>> {
        new_view(py, buffer)
    }
}

/// The payload of a `Queue` object.
pub(crate) struct QueueObj(pub(crate) Queue);

/// The payload of an unbound-item marker.
struct Marker(Unbound);

/// The payload of an `Interpreter` object: the interpreter, and its runtime held weakly. A
/// strong hold would make a cycle whenever such an object lives in one of the runtime's own
/// interpreters (`m = interpreters.get_main()` in a sub-interpreter): the runtime holds the
/// interpreter, whose heap holds the handle, which holds the runtime, so dropping the last
/// `Runtime` would never finalize it.
struct InterpObj {
    rt: Weak<RtInner>,
    st: Arc<InterpState>,
}

impl InterpObj {
    fn new(i: Interpreter) -> InterpObj {
        InterpObj {
            rt: Arc::downgrade(&i.rt),
            st: i.st,
        }
    }

    /// A handle to the interpreter; `InterpreterNotFoundError` once its runtime is gone (only
    /// code run while the runtime's last handle is being dropped can see that).
    fn get(&self) -> PyResult<Interpreter> {
        match self.rt.upgrade() {
            Some(rt) => Ok(Interpreter {
                rt,
                st: Arc::clone(&self.st),
            }),
            None => Err(Error::NotFound(self.st.id).into_pyerr()),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Queue

static QUEUE_METHODS: [BuiltinDef; 7] = [
    BuiltinDef {
        name: "put",
        func: q_put,
    },
    BuiltinDef {
        name: "put_nowait",
        func: q_put_nowait,
    },
    BuiltinDef {
        name: "get",
        func: q_get,
    },
    BuiltinDef {
        name: "get_nowait",
        func: q_get_nowait,
    },
    BuiltinDef {
        name: "empty",
        func: q_empty,
    },
    BuiltinDef {
        name: "full",
        func: q_full,
    },
    BuiltinDef {
        name: "qsize",
        func: q_qsize,
    },
];

static QUEUE_TABLE: MethodTable = MethodTable {
    owner: "Queue",
    methods: &QUEUE_METHODS,
};

static QUEUE_SLOTS: Slots = Slots {
    methods: Some(&QUEUE_TABLE),
    getattr: Some(q_getattr),
    repr: Some(q_repr),
    ..Slots::EMPTY
};

/// `interpreters.Queue`: a handle on a cross-interpreter queue.
pub static QUEUE: StaticType = StaticType::native("Queue", "interpreters", &QUEUE_SLOTS);

fn queue<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a Queue> {
    slf.and_then(|s| s.native::<QueueObj>())
        .map(|q| &q.0)
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'Queue' object"))
}

fn q_getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let q = &o.native::<QueueObj>()?.0;
    match name {
        "id" => Some(o.py().int(q.id().get() as i64)),
        "maxsize" => Some(o.py().int(q.maxsize())),
        _ => None,
    }
}

fn q_repr(o: &Obj<'_>) -> PyResult<String> {
    Ok(match o.native::<QueueObj>() {
        Some(q) => format!("Queue({})", q.0.id()),
        None => "Queue(?)".to_owned(),
    })
}

/// A `timeout` argument, converted as CPython's `int(timeout)` then sign-checked
/// ([`subinterp_xi::timeout`]): `None` waits forever. A float keeps its fraction (a deliberate
/// difference); a str or bytes is parsed as `int()` parses it (`'5'` is five seconds, `'x'`
/// is `ValueError: invalid literal for int() with base 10: 'x'`); anything else is CPython's
/// `int()` `TypeError`.
fn timeout_arg(arg: Option<&Obj<'_>>) -> PyResult<Option<Duration>> {
    let secs = match opt(arg) {
        None => None,
        Some(a) => Some(match a.kind() {
            Kind::Float => a.as_f64().unwrap_or(f64::NAN),
            Kind::Int | Kind::Bool => a.as_i64().map_or(f64::INFINITY, |v| v as f64),
            Kind::Str => text_secs(a, a.as_str().unwrap_or_default())?,
            Kind::Bytes => {
                let b = a.as_bytes().unwrap_or_default();
                // `int(bytes)` takes ASCII digits only, never another script's.
                let text = std::str::from_utf8(b).ok().filter(|t| t.is_ascii());
                match text.map(|t| text_secs(a, t)) {
                    Some(Err(e)) if !e.is(&exc::VALUE_ERROR) => return Err(e),
                    Some(Ok(secs)) => secs,
                    _ => {
                        return Err(PyErr::value_error(format!(
                            "invalid literal for int() with base 10: {}",
                            subinterp_object::bytes_repr(b)
                        )));
                    }
                }
            }
            _ => {
                return Err(PyErr::type_error(format!(
                    "int() argument must be a string, a bytes-like object or a real number, \
                     not '{}'",
                    a.type_name()
                )));
            }
        }),
    };
    subinterp_xi::timeout(secs).map_err(|e| queue_pyerr(&e))
}

/// The wait of a `put`/`get` (CPython 3.14's `block=True, timeout=None`): none at all when
/// `block` is false (the timeout is then ignored, as in `queue.Queue`).
fn block_timeout(block: Option<&Obj<'_>>, timeout: Option<&Obj<'_>>) -> PyResult<Option<Duration>> {
    match block {
        Some(b) if !b.is_truthy()? => Ok(Some(Duration::ZERO)),
        _ => timeout_arg(timeout),
    }
}

/// Seconds from `int(text)`, parsed on the argument's own heap.
fn text_secs(a: &Obj<'_>, text: &str) -> PyResult<f64> {
    let n = a.py().parse_int(text)?;
    Ok(n.as_i64().map_or(f64::INFINITY, |v| v as f64))
}

/// An `unbounditems` argument: one of the module's markers.
fn unbound_arg(arg: Option<&Obj<'_>>) -> PyResult<Option<Unbound>> {
    match opt(arg) {
        None => Ok(None),
        Some(a) => match a.native::<Marker>() {
            Some(m) => Ok(Some(m.0)),
            None => Err(PyErr::new(
                &exc::NOT_IMPLEMENTED_ERROR,
                format!("unsupported unbound replacement op {}", a.repr()?),
            )),
        },
    }
}

const PUT: Sig = Sig {
    name: "Queue.put",
    params: &["obj", "block", "timeout", "unbounditems"],
    required: 1,
    kwonly: 1,
    method: true,
};

const PUT_NOWAIT: Sig = Sig {
    name: "Queue.put_nowait",
    params: &["obj", "unbounditems"],
    required: 1,
    kwonly: 1,
    method: true,
};

const GET: Sig = Sig {
    name: "Queue.get",
    params: &["block", "timeout"],
    required: 0,
    kwonly: 0,
    method: true,
};

fn q_put<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let q = queue(slf)?;
    let [obj, block, timeout, unbound] = given.bind_sig::<4>(&PUT)?;
    let timeout = block_timeout(block, timeout)?;
    let unbound = unbound_arg(unbound)?;
    let data = to_xi_copy(obj.unwrap_or(&py.none()), &RtNatives).map_err(|e| share_pyerr(&e))?;
    put(ts, q, data, timeout, unbound)?;
    Ok(py.none())
}

fn q_put_nowait<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let q = queue(slf)?;
    let [obj, unbound] = given.bind_sig::<2>(&PUT_NOWAIT)?;
    let unbound = unbound_arg(unbound)?;
    let data = to_xi_copy(obj.unwrap_or(&py.none()), &RtNatives).map_err(|e| share_pyerr(&e))?;
    put(ts, q, data, Some(Duration::ZERO), unbound)?;
    Ok(py.none())
}

/// Puts `data`, waiting without the GIL when a bounded queue is full.
#[inline]
fn put(
    ts: &mut Tstate<'_>,
    q: &Queue,
    data: XiData,
    timeout: Option<Duration>,
    unbound: Option<Unbound>,
) -> PyResult<()> {
    match q.put_nowait(data, unbound) {
        Ok(()) => Ok(()),
        Err(PutError {
            error: QueueError::Full(_),
            data,
        }) if timeout != Some(Duration::ZERO) => {
            let r = host::native_allow_threads(ts, move || {
                q.put(data, timeout, unbound).map_err(|e| e.error)
            })?;
            r.map_err(|e| queue_pyerr(&e))
        }
        Err(e) => Err(queue_pyerr(&e.error)),
    }
}

fn q_get<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let q = queue(slf)?;
    let [block, timeout] = given.bind_sig::<2>(&GET)?;
    let timeout = block_timeout(block, timeout)?;
    get_waiting(ts, q, timeout)
}

/// How long a blocked `get` waits at a time before it looks for an interrupt.
const WAIT_SLICE: Duration = Duration::from_millis(20);

/// [`get`] for a call that may block: the wait (without the GIL) is cut into slices, and
/// between them a pending interrupt of the interpreter ([`Interpreter::interrupt`],
/// `_thread.interrupt_main`) is raised as `KeyboardInterrupt`, as CPython's blocking waits
/// return to run the signal handler.
fn get_waiting<'py>(
    ts: &mut Tstate<'py>,
    q: &Queue,
    timeout: Option<Duration>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    if timeout == Some(Duration::ZERO) {
        return get(ts, q, timeout);
    }
    let mut got = q.get_nowait();
    if !matches!(got, Err(QueueError::Empty(_))) {
        return received(py, got);
    }
    let gil = interp_of(ts)?.gil_interp();
    let breaker = gil.breaker();
    let deadline = timeout.map(|t| std::time::Instant::now() + t);
    while let Err(QueueError::Empty(_)) = &got {
        crate::interrupt::take_interrupt(py, breaker)?;
        if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            break;
        }
        let slice = deadline.map_or(WAIT_SLICE, |d| {
            d.saturating_duration_since(std::time::Instant::now())
                .min(WAIT_SLICE)
        });
        got = host::native_allow_threads(ts, move || q.get(Some(slice)))?;
    }
    received(py, got)
}

fn q_get_nowait<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let q = queue(slf)?;
    given.bind_nothing("Queue.get_nowait", true)?;
    get(ts, q, Some(Duration::ZERO))
}

/// Gets an item, waiting without the GIL when the queue is empty, and builds it in `py`'s
/// interpreter.
#[inline]
fn get<'py>(ts: &mut Tstate<'py>, q: &Queue, timeout: Option<Duration>) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let got = match q.get_nowait() {
        Err(QueueError::Empty(_)) if timeout != Some(Duration::ZERO) => {
            host::native_allow_threads(ts, move || q.get(timeout))?
        }
        got => got,
    };
    received(py, got)
}

/// What a `get` returns (the item built in `py`'s interpreter) or raises.
fn received<'py>(py: Py<'py>, got: Result<Received, QueueError>) -> PyResult<Obj<'py>> {
    match got {
        Ok(Received::Data(d)) => from_xi(py, &d, &RtNatives),
        Ok(Received::Unbound) => unbound_marker(py),
        Err(e) => Err(queue_pyerr(&e)),
    }
}

/// `interpreters.UNBOUND` of this interpreter (from its `interpreters` module, else a new
/// marker).
#[cold]
fn unbound_marker(py: Py<'_>) -> PyResult<Obj<'_>> {
    let module = subinterp_import::sys_modules(py)?.dict_get_str("interpreters")?;
    if let Some(m) = module
        && let Ok(Some(u)) = m.module_dict().and_then(|d| d.dict_get_str("UNBOUND"))
    {
        return Ok(u);
    }
    py.new_native(&UNBOUND_ITEM, Marker(Unbound::Replace))
}

fn q_empty<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    Ok(py.bool(query("Queue.empty", slf, given, Queue::empty)?))
}

fn q_full<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    Ok(py.bool(query("Queue.full", slf, given, Queue::full)?))
}

fn q_qsize<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    py.int(query("Queue.qsize", slf, given, Queue::qsize)? as i64)
}

/// The shared body of the zero-argument queue queries (`empty`, `full`, `qsize`): arguments
/// are checked before `self`, as before, and a queue error becomes its Python exception.
fn query<'py, T>(
    name: &'static str,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
    ask: impl FnOnce(&Queue) -> Result<T, QueueError>,
) -> PyResult<T> {
    given.bind_nothing(name, true)?;
    ask(queue(slf)?).map_err(|e| queue_pyerr(&e))
}

// ---------------------------------------------------------------------------------------
// Unbound-item markers

static MARKER_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: Some(marker_repr),
    ..Slots::EMPTY
};

/// The class of the unbound-item markers (`UNBOUND`, `UNBOUND_ERROR`, `UNBOUND_REMOVE`).
pub static UNBOUND_ITEM: StaticType =
    StaticType::native("UnboundItem", "interpreters", &MARKER_SLOTS);

fn marker_repr(o: &Obj<'_>) -> PyResult<String> {
    Ok(match o.native::<Marker>().map(|m| m.0) {
        Some(Unbound::Remove) => "interpreters.UNBOUND_REMOVE",
        Some(Unbound::Error) => "interpreters.UNBOUND_ERROR",
        _ => "interpreters.UNBOUND",
    }
    .to_owned())
}

// ---------------------------------------------------------------------------------------
// Interpreter

static INTERP_METHODS: [BuiltinDef; 3] = [
    BuiltinDef {
        name: "is_running",
        func: i_is_running,
    },
    BuiltinDef {
        name: "exec",
        func: i_exec,
    },
    BuiltinDef {
        name: "close",
        func: i_close,
    },
];

static INTERP_TABLE: MethodTable = MethodTable {
    owner: "Interpreter",
    methods: &INTERP_METHODS,
};

static INTERP_SLOTS: Slots = Slots {
    methods: Some(&INTERP_TABLE),
    getattr: Some(i_getattr),
    repr: Some(i_repr),
    ..Slots::EMPTY
};

/// `interpreters.Interpreter`: a handle to an interpreter.
pub static INTERPRETER: StaticType =
    StaticType::native("Interpreter", "interpreters", &INTERP_SLOTS);

/// The interpreter of a native `Interpreter` object.
pub(crate) fn interp_arg(slf: Option<&Obj<'_>>) -> PyResult<Interpreter> {
    slf.and_then(|s| s.native::<InterpObj>())
        .ok_or_else(|| PyErr::type_error("descriptor requires an 'Interpreter' object"))?
        .get()
}

/// A native `Interpreter` object for `interp`.
pub(crate) fn new_interp(py: Py<'_>, interp: Interpreter) -> PyResult<Obj<'_>> {
    py.new_native(&INTERPRETER, InterpObj::new(interp))
}

fn i_getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let i = match o.native::<InterpObj>()?.get() {
        Ok(i) => i,
        Err(e) => return Some(Err(e)),
    };
    match name {
        "id" => Some(o.py().int(i.id().get() as i64)),
        "whence" => Some(o.py().str(i.whence().as_str())),
        _ => None,
    }
}

fn i_repr(o: &Obj<'_>) -> PyResult<String> {
    Ok(match o.native::<InterpObj>() {
        Some(i) => format!("Interpreter({})", i.st.id),
        None => "Interpreter(?)".to_owned(),
    })
}

fn i_is_running<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.bind_nothing("Interpreter.is_running", true)?;
    let running = interp_arg(slf)?.is_running().map_err(Error::into_pyerr)?;
    Ok(py.bool(running))
}

const EXEC: Sig = Sig {
    name: "Interpreter.exec",
    params: &["code"],
    required: 1,
    kwonly: 0,
    method: true,
};

/// `interp.exec(code)`: a scoped switch into the target, printing to the caller's output.
fn i_exec<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let target = interp_arg(slf)?;
    let [code] = given.bind_sig::<1>(&EXEC)?;
    let none = py.none();
    crate::modules::interp_run::run_source(ts, &target, code.unwrap_or(&none))?
        .map_err(crate::ExecError::into_pyerr)?;
    Ok(py.none())
}

fn i_close<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.bind_nothing("Interpreter.close", true)?;
    let target = interp_arg(slf)?;
    target
        .end_on(Some(&mut *host::native_attached(ts)?))
        .map_err(Error::into_pyerr)?;
    Ok(py.none())
}

// ---------------------------------------------------------------------------------------
// Module functions

static FUNCTIONS: [BuiltinDef; 6] = [
    BuiltinDef {
        name: "get_current",
        func: get_current,
    },
    BuiltinDef {
        name: "get_main",
        func: get_main,
    },
    BuiltinDef {
        name: "list_all",
        func: list_all,
    },
    BuiltinDef {
        name: "create",
        func: create,
    },
    BuiltinDef {
        name: "create_queue",
        func: create_queue,
    },
    BuiltinDef {
        name: "is_shareable",
        func: is_shareable,
    },
];

fn get_current<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.bind_nothing("get_current", false)?;
    new_interp(py, interp_of(ts)?)
}

fn get_main<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.bind_nothing("get_main", false)?;
    let main = interp_of(ts)?.runtime().main().map_err(Error::into_pyerr)?;
    new_interp(py, main)
}

fn list_all<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.bind_nothing("list_all", false)?;
    let ids: PyResult<Vec<Obj<'py>>> = interp_of(ts)?
        .runtime()
        .list()
        .iter()
        .map(|i| py.int(i.id().get() as i64))
        .collect();
    py.list(&ids?)
}

fn create<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.bind_nothing("create", false)?;
    let rt = interp_of(ts)?.runtime();
    let interp = rt
        .new_interpreter_on(
            InterpreterConfig::isolated(),
            &mut *host::native_attached(ts)?,
        )
        .map_err(Error::into_pyerr)?;
    new_interp(py, interp)
}

const CREATE_QUEUE: Sig = Sig {
    name: "create_queue",
    params: &["maxsize", "unbounditems"],
    required: 0,
    kwonly: 1,
    method: false,
};

fn create_queue<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let [maxsize, unbound] = given.bind_sig::<2>(&CREATE_QUEUE)?;
    let maxsize = match maxsize {
        Some(m) => int_arg(m)?,
        None => 0,
    };
    let unbound = unbound_arg(unbound)?.unwrap_or_default();
    let q = interp_of(ts)?
        .create_queue(maxsize, unbound)
        .map_err(|e| queue_pyerr(&e))?;
    py.new_native(&QUEUE, QueueObj(q))
}

fn is_shareable<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let [obj] = given.bind_sig::<1>(&Sig {
        name: "is_shareable",
        params: &["obj"],
        required: 1,
        kwonly: 0,
        method: false,
    })?;
    Ok(py.bool(obj.is_some_and(|o| subinterp_xi::is_shareable(o, &RtNatives))))
}

/// `Py_mod_exec`: the classes, exceptions and markers.
fn exec_module(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    for ty in [
        &INTERPRETER_ERROR,
        &INTERPRETER_NOT_FOUND_ERROR,
        &EXECUTION_FAILED,
        &NOT_SHAREABLE_ERROR,
        &QUEUE_ERROR,
        &QUEUE_NOT_FOUND_ERROR,
        &QUEUE_EMPTY,
        &QUEUE_FULL,
        &ITEM_INTERPRETER_DESTROYED,
        &QUEUE,
        &INTERPRETER,
        &crate::modules::interp_run::CALL_THREAD,
        &crate::modules::interp_pool::POOL,
        &crate::modules::interp_pool::TASK,
    ] {
        m.setattr(ty.name(), &ty.get(py))?;
    }
    subinterp_vm::add_functions(m, &crate::modules::interp_run::RUN_FUNCTIONS)?;
    for (name, op) in [
        ("UNBOUND", Unbound::Replace),
        ("UNBOUND_ERROR", Unbound::Error),
        ("UNBOUND_REMOVE", Unbound::Remove),
    ] {
        m.setattr(name, &py.new_native(&UNBOUND_ITEM, Marker(op))?)?;
    }
    Ok(())
}

static SLOTS: [Slot; 2] = [
    Slot::Exec(exec_module),
    Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
];

/// The definition of `interpreters`.
pub static DEF: ModuleDef = ModuleDef {
    name: "interpreters",
    doc: Some("Multiple interpreters in one process, and queues between them (PEP 734)."),
    methods: &FUNCTIONS,
    size: Size::Zero,
    slots: Some(&SLOTS),
};

/// `PyInit_interpreters`.
pub(crate) fn init(_: Py<'_>) -> PyResult<subinterp_import::Init<'_>> {
    Ok(subinterp_import::Init::Def(&DEF))
}
