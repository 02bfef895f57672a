//! The standard library's part of `_thread` (the runtime registers the module, starts the
//! threads, and its `Py_mod_exec` calls [`fill`]): `allocate_lock()` / `LockType` (a lock
//! whose blocking `acquire` waits without the GIL, with CPython's `timeout` rules and texts),
//! `get_ident()` and `get_native_id()`, `TIMEOUT_MAX`. `threading.py` (`lib/`) builds the
//! rest (`RLock`, `Condition`, `Event`, ...) over them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use subinterp_object::{Kind, Obj, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{
    Args, BuiltinDef, NativeClass, Protocol, Tstate, ext_value, new_ext, register_class,
};

use crate::args::{add_functions, float_arg};

/// CPython's `_thread.TIMEOUT_MAX` on Linux (seconds).
const TIMEOUT_MAX: f64 = 9_223_372_036.0;

/// Fills `_thread` with the lock type and the identity functions.
pub fn fill(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    register_class(py, &CLASS);
    add_functions(m, &FUNCTIONS)?;
    m.setattr("LockType", &LOCK.get(py))?;
    m.setattr("lock", &LOCK.get(py))?;
    m.setattr("TIMEOUT_MAX", &py.float(TIMEOUT_MAX)?)?;
    m.setattr("error", &exc::RUNTIME_ERROR.get(py))
}

static FUNCTIONS: [BuiltinDef; 4] = [
    BuiltinDef {
        name: "allocate_lock",
        func: allocate_lock,
    },
    BuiltinDef {
        name: "allocate",
        func: allocate_lock,
    },
    BuiltinDef {
        name: "get_ident",
        func: get_ident,
    },
    BuiltinDef {
        name: "get_native_id",
        func: get_native_id,
    },
];

/// Thread identifiers (`get_ident()`), unique in the process, given on a thread's first ask.
static NEXT_IDENT: AtomicU64 = AtomicU64::new(1);

thread_local! {
    static IDENT: u64 = NEXT_IDENT.fetch_add(1, Ordering::Relaxed);
}

fn get_ident<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("get_ident", 0)?;
    ts.py().int(IDENT.with(|i| *i) as i64)
}

fn get_native_id<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("get_native_id", 0)?;
    // SAFETY: `gettid` takes no arguments and only returns this thread's id.
    let tid = unsafe { libc::gettid() };
    ts.py().int(i64::from(tid))
}

/// A lock shared by the threads of the interpreter (its object may be used from any).
#[derive(Default)]
struct LockInner {
    locked: Mutex<bool>,
    freed: Condvar,
}

impl LockInner {
    fn try_acquire(&self) -> bool {
        let mut l = self.locked.lock().unwrap_or_else(PoisonError::into_inner);
        !std::mem::replace(&mut *l, true)
    }

    /// Waits until the lock is free and takes it, or `deadline` passes (`None`: no
    /// deadline). Called without the GIL.
    fn acquire_until(&self, deadline: Option<Instant>) -> bool {
        let mut l = self.locked.lock().unwrap_or_else(PoisonError::into_inner);
        while *l {
            match deadline {
                None => l = self.freed.wait(l).unwrap_or_else(PoisonError::into_inner),
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        return false;
                    }
                    l = self
                        .freed
                        .wait_timeout(l, d - now)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0;
                }
            }
        }
        *l = true;
        true
    }

    fn release(&self) -> bool {
        let mut l = self.locked.lock().unwrap_or_else(PoisonError::into_inner);
        if !*l {
            return false;
        }
        *l = false;
        self.freed.notify_one();
        true
    }

    fn is_locked(&self) -> bool {
        *self.locked.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The value of a lock object.
struct Lock(Arc<LockInner>);

static SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(getattr),
    repr: Some(repr),
    ..Slots::EMPTY
};
static LOCK: StaticType = StaticType::native("lock", "_thread", &SLOTS);
static CLASS: NativeClass = NativeClass {
    ty: &LOCK,
    new: allocate_lock,
    class_methods: &[],
};
static PROTO: Protocol = Protocol::NONE;

fn allocate_lock<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("allocate_lock", 0)?;
    new_ext(ts.py(), &LOCK, &PROTO, Lock(Arc::default()))
}

fn this<'a>(o: Option<&'a Obj<'_>>) -> PyResult<&'a Arc<LockInner>> {
    o.and_then(ext_value::<Lock>)
        .map(|l| &l.0)
        .ok_or_else(|| PyErr::type_error("descriptor requires a '_thread.lock' object"))
}

fn repr(o: &Obj<'_>) -> PyResult<String> {
    let l = this(Some(o))?;
    Ok(format!(
        "<{} _thread.lock object at {:#x}>",
        if l.is_locked() { "locked" } else { "unlocked" },
        o.id()
    ))
}

fn getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    ext_value::<Lock>(o)?;
    let def = METHODS.iter().find(|m| m.name == name)?;
    Some(subinterp_vm::new_builtin(o.py(), def, Some(o)))
}

/// `acquire(blocking=True, timeout=-1)`: CPython's checks and texts, then a wait without
/// the GIL (other threads of the interpreter run, and one of them may release the lock).
fn acquire<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [blocking, timeout] = a.bind("acquire", ["blocking", "timeout"], 0)?;
    let blocking = match blocking {
        Some(b) => b.is_truthy()?,
        None => true,
    };
    let timeout = match timeout.filter(|t| !t.is_none()) {
        None => -1.0,
        Some(t) if matches!(t.kind(), Kind::Int | Kind::Bool | Kind::Float) => float_arg(&t)?,
        Some(t) => {
            return Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer or float",
                t.type_name()
            )));
        }
    };
    if !blocking && timeout != -1.0 {
        return Err(PyErr::value_error(
            "can't specify a timeout for a non-blocking call",
        ));
    }
    if timeout < 0.0 && timeout != -1.0 {
        return Err(PyErr::value_error(
            "timeout value must be a non-negative number",
        ));
    }
    if timeout > TIMEOUT_MAX {
        return Err(PyErr::new(
            &exc::OVERFLOW_ERROR,
            "timeout value is too large",
        ));
    }
    let lock = this(slf)?.clone();
    let py = ts.py();
    if lock.try_acquire() {
        return Ok(py.bool(true));
    }
    if !blocking {
        return Ok(py.bool(false));
    }
    let deadline = (timeout >= 0.0).then(|| Instant::now() + Duration::from_secs_f64(timeout));
    let mut got = false;
    ts.host()
        .allow_threads(py, &mut || got = lock.acquire_until(deadline))?;
    Ok(py.bool(got))
}

fn release<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("release", 0)?;
    if !this(slf)?.release() {
        return Err(PyErr::new(&exc::RUNTIME_ERROR, "release unlocked lock"));
    }
    Ok(ts.py().none())
}

fn locked<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("locked", 0)?;
    Ok(ts.py().bool(this(slf)?.is_locked()))
}

fn exit<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, _: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    release(ts, slf, Args::positional(&[]))
}

static METHODS: [BuiltinDef; 8] = [
    BuiltinDef {
        name: "acquire",
        func: acquire,
    },
    BuiltinDef {
        name: "acquire_lock",
        func: acquire,
    },
    BuiltinDef {
        name: "release",
        func: release,
    },
    BuiltinDef {
        name: "release_lock",
        func: release,
    },
    BuiltinDef {
        name: "locked",
        func: locked,
    },
    BuiltinDef {
        name: "locked_lock",
        func: locked,
    },
    BuiltinDef {
        name: "__enter__",
        func: acquire,
    },
    BuiltinDef {
        name: "__exit__",
        func: exit,
    },
];
