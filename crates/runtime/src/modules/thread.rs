//! The `_thread` module: `start_new_thread(function=None, args=(), kwargs=None,
//! daemon=False)` starts a real OS thread belonging to the interpreter (the runtime's thread
//! API, so `allow_threads` / `allow_daemon_threads` are enforced with CPython's messages)
//! that calls `function(*args, **kwargs)` there (without a function it only attaches once),
//! and returns at once. `count()` is how many of them are still alive (`_thread._count()`).
//! `interrupt_main(signum=SIGINT)` raises `KeyboardInterrupt` in the main interpreter's
//! running code at its next eval-breaker check (CPython handles signals only in the main
//! interpreter, also when a sub-interpreter calls it).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use subinterp_import::{ModuleDef, MultiInterp, Size, Slot, StateOf};
use subinterp_object::{Kind, Obj, ObjRef, Py, PyErr, PyResult, exc};
use subinterp_vm::{Args, BuiltinDef, Sig, Tstate};

use crate::Error;
use crate::modules::interp_of;

/// The module's state: threads it started that are still alive.
#[derive(Default)]
struct Counts {
    live: Arc<AtomicUsize>,
}

/// Thread identifiers, unique in the process.
static NEXT_IDENT: AtomicU64 = AtomicU64::new(1);

static FUNCTIONS: [BuiltinDef; 3] = [
    BuiltinDef {
        name: "start_new_thread",
        func: start_new_thread,
    },
    BuiltinDef {
        name: "count",
        func: count,
    },
    BuiltinDef {
        name: "interrupt_main",
        func: interrupt_main,
    },
];

fn counts<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a Counts> {
    slf.and_then(|m| m.module_state::<Counts>())
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "_thread: module state missing"))
}

const START: Sig = Sig {
    name: "start_new_thread",
    params: &["function", "args", "kwargs", "daemon"],
    required: 0,
    kwonly: 0,
    method: false,
};

/// What a started thread calls: `function(*args, **kwargs)`, held without a token until the
/// thread runs in the interpreter.
struct Call {
    function: ObjRef,
    args: ObjRef,
    kwargs: Option<ObjRef>,
}

impl Call {
    /// Runs the call in the run `cx` (its own thread's). An exception is printed to stderr, as
    /// CPython's thread bootstrap does with an unhandled one.
    fn run(self, cx: &mut crate::Run<'_>) {
        let py = cx.py();
        let _ = crate::host::with_tstate(cx, |ts| {
            let r = (|| -> PyResult<()> {
                let f = self.function.bind(py)?;
                let args = ts.to_vec(&self.args.bind(py)?)?;
                let mut kw = Vec::new();
                if let Some(k) = &self.kwargs {
                    let k = k.bind(py)?;
                    for key in ts.to_vec(&k)? {
                        let v = ts.get_item(&k, &key)?;
                        kw.push((key, v));
                    }
                }
                ts.call(
                    &f,
                    Args {
                        pos: &args,
                        kw: &kw,
                    },
                )
                .map(drop)
            })();
            if let Err(e) = r {
                let _ = ts.host().write_stderr(&format!(
                    "Exception ignored in thread started by: {}\n{}\n",
                    self.function
                        .bind(py)
                        .ok()
                        .and_then(|f| f.repr().ok())
                        .unwrap_or_default(),
                    e.traceback_line()
                ));
            }
        });
    }
}

fn start_new_thread<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let [function, args, kwargs, daemon] = given.bind_sig::<4>(&START)?;
    let daemon = match daemon {
        Some(d) => d.is_truthy()?,
        None => false,
    };
    let call = match function {
        None => None,
        Some(f) => {
            if !ts.is_callable(f) {
                return Err(PyErr::type_error("first arg must be callable"));
            }
            let empty = py.tuple(&[])?;
            let args = args.unwrap_or(&empty);
            if args.kind() != Kind::Tuple {
                return Err(PyErr::type_error("2nd arg must be a tuple"));
            }
            let kwargs = kwargs.filter(|k| !k.is_none());
            if kwargs.as_ref().is_some_and(|k| k.kind() != Kind::Dict) {
                return Err(PyErr::type_error("optional 3rd arg must be a dictionary"));
            }
            Some(Call {
                function: f.to_ref(),
                args: args.to_ref(),
                kwargs: kwargs.map(Obj::to_ref),
            })
        }
    };
    let live = counts(slf)?.live.clone();
    let interp = interp_of(ts)?;
    live.fetch_add(1, Ordering::AcqRel);
    let mine = live.clone();
    let started = interp.runtime().spawn_thread(&interp, daemon, move |t| {
        // Attach (the thread is the interpreter's), run the call if there is one, and leave.
        // An interpreter that ended meanwhile refuses the run; the thread just ends (the
        // call's references are deferred decrefs of its heap).
        let _ = t.run(|cx| {
            if let Some(c) = call {
                c.run(cx);
            }
        });
        mine.fetch_sub(1, Ordering::AcqRel);
    });
    if let Err(e) = started {
        live.fetch_sub(1, Ordering::AcqRel);
        return Err(Error::into_pyerr(e));
    }
    py.int(NEXT_IDENT.fetch_add(1, Ordering::Relaxed) as i64)
}

fn count<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.none("count")?;
    py.int(counts(slf)?.live.load(Ordering::Acquire) as i64)
}

const INTERRUPT_MAIN: Sig = Sig {
    name: "interrupt_main",
    params: &["signum"],
    required: 0,
    kwonly: 0,
    method: false,
};

/// `SIGINT`, whose default Python handler raises `KeyboardInterrupt`.
const SIGINT: i64 = 2;
/// Signal numbers are below `NSIG` (Linux: 65).
const NSIG: i64 = 65;

/// `_thread.interrupt_main(signum=signal.SIGINT, /)`: `SIGINT` interrupts the main
/// interpreter ([`Interpreter::interrupt`](crate::Interpreter::interrupt)); another valid
/// signal has no Python handler (`SIG_DFL`), so nothing happens, as in CPython.
fn interrupt_main<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.no_kw("interrupt_main")?;
    let [signum] = given.bind_sig::<1>(&INTERRUPT_MAIN)?;
    let signum = match signum {
        None => SIGINT,
        Some(s) if matches!(s.kind(), Kind::Int | Kind::Bool) => s.as_i64().ok_or_else(|| {
            PyErr::new(
                &exc::OVERFLOW_ERROR,
                "Python int too large to convert to C int",
            )
        })?,
        Some(s) => {
            return Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                s.type_name()
            )));
        }
    };
    if !(1..NSIG).contains(&signum) {
        return Err(PyErr::value_error("signal number out of range"));
    }
    if signum == SIGINT {
        let main = interp_of(ts)?.runtime().main().map_err(Error::into_pyerr)?;
        main.interrupt().map_err(Error::into_pyerr)?;
    }
    Ok(py.none())
}

/// The standard library adds the lock type and the identity functions.
static SLOTS: [Slot; 2] = [
    Slot::Exec(subinterp_stdlib::fill_thread),
    Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
];

/// The definition of `_thread`.
pub(crate) static DEF: ModuleDef = ModuleDef {
    name: "_thread",
    doc: Some("Threads of this interpreter."),
    methods: &FUNCTIONS,
    size: Size::State(&StateOf::<Counts>::NEW),
    slots: Some(&SLOTS),
};

/// `PyInit__thread`.
pub(crate) fn init(_: Py<'_>) -> PyResult<subinterp_import::Init<'_>> {
    Ok(subinterp_import::Init::Def(&DEF))
}
