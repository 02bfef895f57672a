//! The `_thread` module: `start_new_thread(daemon=False)` starts a real OS thread belonging
//! to the interpreter (the runtime's thread API, so `allow_threads` / `allow_daemon_threads`
//! are enforced with CPython's messages); the thread attaches to the interpreter once and
//! returns at once. `count()` is how many of them are still alive (`_thread._count()`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use subinterp_import::{ModuleDef, MultiInterp, Size, Slot, StateOf};
use subinterp_object::{MethodDef, Obj, Py, PyErr, PyResult, exc};

use crate::Error;
use crate::modules::args::{Sig, no_args};
use crate::modules::interp_of;

/// The module's state: threads it started that are still alive.
#[derive(Default)]
struct Counts {
    live: Arc<AtomicUsize>,
}

/// Thread identifiers, unique in the process.
static NEXT_IDENT: AtomicU64 = AtomicU64::new(1);

static FUNCTIONS: [MethodDef; 2] = [
    MethodDef {
        name: "start_new_thread",
        func: start_new_thread,
        doc: "Start a new thread in this interpreter and return its identifier.",
    },
    MethodDef {
        name: "count",
        func: count,
        doc: "Return the number of threads started here that are still alive.",
    },
];

fn counts<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a Counts> {
    slf.and_then(|m| m.module_state::<Counts>())
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "_thread: module state missing"))
}

const START: Sig = Sig {
    name: "start_new_thread",
    params: &["daemon"],
    required: 0,
    kwonly: 0,
    method: false,
};

fn start_new_thread<'py>(
    py: Py<'py>,
    slf: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    let [daemon] = START.bind::<1>(args, kwargs)?;
    let daemon = match daemon {
        Some(d) => d.is_truthy()?,
        None => false,
    };
    let live = counts(slf)?.live.clone();
    let interp = interp_of(py)?;
    live.fetch_add(1, Ordering::AcqRel);
    let mine = live.clone();
    let started = interp.runtime().spawn_thread(&interp, daemon, move |t| {
        // Attach once (the thread is the interpreter's), then leave at once. An interpreter
        // that ended meanwhile refuses the run; the thread just ends.
        let _ = t.run(|_py| ());
        mine.fetch_sub(1, Ordering::AcqRel);
    });
    if let Err(e) = started {
        live.fetch_sub(1, Ordering::AcqRel);
        return Err(Error::into_pyerr(e));
    }
    py.int(NEXT_IDENT.fetch_add(1, Ordering::Relaxed) as i64)
}

fn count<'py>(
    py: Py<'py>,
    slf: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    no_args("count", args, kwargs)?;
    py.int(counts(slf)?.live.load(Ordering::Acquire) as i64)
}

static SLOTS: [Slot; 1] = [Slot::MultipleInterpreters(
    MultiInterp::PerInterpreterGilSupported,
)];

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
