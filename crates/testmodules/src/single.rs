//! The single-phase test modules (CPython's `Modules/_testsinglephase.c`): `_testsinglephase`
//! (`m_size == -1`) and its `_basic_wrapper` / `_basic_copy` variants, `_with_reinit`
//! (`m_size == 0`), `_with_state` (`m_size > 0`), and `_test_module_state_shared`
//! (bpo-44050).
//!
//! The C file's process-global `global_state` lives in the runtime's statics
//! ([`subinterp_import::statics`]), so several runtimes in one process (parallel tests) each
//! count their own initializations.

use std::cell::Cell;

use parking_lot::Mutex;
use subinterp_import::{
    Init, ModuleDef, Size, StateOf, create_module, find_module, module_def, statics,
};
use subinterp_object::{Obj, Py, PyErr, PyResult, exc};
use subinterp_vm::{Args, BuiltinDef, Tstate};

use crate::clock::monotonic_secs;

/// `global_state` of `_testsinglephase.c`: the init count (`-1` = never / cleared) and the
/// `m_size == -1` modules' state (`initialized`, seconds; `0` = not initialized).
#[derive(Debug)]
pub struct Globals {
    inner: Mutex<GlobalState>,
}

#[derive(Debug)]
struct GlobalState {
    initialized_count: i64,
    initialized: f64,
}

impl Default for Globals {
    fn default() -> Globals {
        Globals {
            inner: Mutex::new(GlobalState {
                initialized_count: -1,
                initialized: 0.0,
            }),
        }
    }
}

impl Globals {
    /// `initialized_count()`.
    pub fn initialized_count(&self) -> i64 {
        self.inner.lock().initialized_count
    }
}

/// The per-module state of `_testsinglephase_with_state` (`module_state`).
#[derive(Default)]
struct ModState {
    initialized: Cell<f64>,
}

fn self_module<'a, 'py>(slf: Option<&'a Obj<'py>>) -> PyResult<&'a Obj<'py>> {
    slf.ok_or_else(|| {
        PyErr::new(
            &exc::SYSTEM_ERROR,
            "module function called without its module",
        )
    })
}

/// `look_up_self()`: `PyState_FindModule(PyModule_GetDef(self))`, in the calling interpreter.
fn look_up_self<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.exact_positional("look_up_self", 0)?;
    let m = self_module(slf)?;
    let Some(def) = module_def(m)? else {
        return Err(PyErr::new(&exc::SYSTEM_ERROR, "module has no definition"));
    };
    Ok(find_module(py, def).unwrap_or_else(|| py.none()))
}

/// `sum(i, j)`.
fn sum<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let a = given.exact_positional("sum", 2)?;
    let (Some(i), Some(j)) = (a[0].as_i64(), a[1].as_i64()) else {
        return Err(PyErr::type_error("sum() arguments must be int"));
    };
    py.int(i.checked_add(j).ok_or_else(|| {
        PyErr::new(
            &exc::OVERFLOW_ERROR,
            "Python int too large to convert to C long",
        )
    })?)
}

/// `state_initialized()`: when the module's state was initialized (`None` for `m_size == 0`).
fn state_initialized<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.exact_positional("state_initialized", 0)?;
    let m = self_module(slf)?;
    let def =
        module_def(m)?.ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "module has no definition"))?;
    match def.size {
        Size::Legacy => py.float(statics::<Globals>(py)?.inner.lock().initialized),
        Size::Zero => Ok(py.none()),
        Size::State(_) => match m.module_state::<ModState>() {
            Some(s) => py.float(s.initialized.get()),
            None => Err(PyErr::new(&exc::SYSTEM_ERROR, "module state missing")),
        },
    }
}

/// `initialized_count()`.
fn initialized_count<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.exact_positional("initialized_count", 0)?;
    py.int(statics::<Globals>(py)?.initialized_count())
}

/// `_clear_globals()`: forgets the global state (count `-1`, state uninitialized).
fn clear_globals<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.exact_positional("_clear_globals", 0)?;
    let g = statics::<Globals>(py)?;
    let mut st = g.inner.lock();
    st.initialized_count = -1;
    st.initialized = 0.0;
    Ok(py.none())
}

/// `_clear_module_state()`.
fn clear_module_state<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.exact_positional("_clear_module_state", 0)?;
    if let Some(s) = self_module(slf)?.module_state::<ModState>() {
        s.initialized.set(0.0);
    }
    Ok(py.none())
}

/// A method definition; the doc string is CPython's for the same method (native functions
/// have no `__doc__` here).
macro_rules! method {
    ($name:literal, $f:ident, $doc:literal) => {
        BuiltinDef {
            name: $name,
            func: $f,
        }
    };
}

// The methods every module of the family has (CPython's `LOOK_UP_SELF_METHODDEF`,
// `SUM_METHODDEF`, `STATE_INITIALIZED_METHODDEF`), named once.
const LOOK_UP_SELF: BuiltinDef = method!(
    "look_up_self",
    look_up_self,
    "Return the module associated with this module's def.m_base.m_index."
);
const SUM: BuiltinDef = method!("sum", sum, "Return the sum of i and j.");
const STATE_INITIALIZED: BuiltinDef = method!(
    "state_initialized",
    state_initialized,
    "Return the seconds-since-epoch when the module state was initialized."
);

static BASIC_METHODS: &[BuiltinDef] = &[
    LOOK_UP_SELF,
    SUM,
    STATE_INITIALIZED,
    method!(
        "initialized_count",
        initialized_count,
        "Return how many times the module has been initialized."
    ),
    method!(
        "_clear_globals",
        clear_globals,
        "Free all global state and set it to uninitialized."
    ),
];

static REINIT_METHODS: &[BuiltinDef] = &[LOOK_UP_SELF, SUM, STATE_INITIALIZED];

static WITH_STATE_METHODS: &[BuiltinDef] = &[
    LOOK_UP_SELF,
    SUM,
    STATE_INITIALIZED,
    method!(
        "_clear_module_state",
        clear_module_state,
        "Free the module state and set it to uninitialized."
    ),
];

/// `_testsinglephase`'s def.
pub static BASIC: ModuleDef = ModuleDef {
    name: "_testsinglephase",
    doc: Some("Test module _testsinglephase"),
    methods: BASIC_METHODS,
    size: Size::Legacy,
    slots: None,
};

/// `_testsinglephase_basic_copy`'s own def (same methods, same globals).
pub static BASIC_COPY: ModuleDef = ModuleDef {
    name: "_testsinglephase_basic_copy",
    doc: Some("Test module _testsinglephase_basic_copy"),
    methods: BASIC_METHODS,
    size: Size::Legacy,
    slots: None,
};

/// `_testsinglephase_with_reinit`'s def (`m_size == 0`).
pub static WITH_REINIT: ModuleDef = ModuleDef {
    name: "_testsinglephase_with_reinit",
    doc: Some("Test module _testsinglephase_with_reinit"),
    methods: REINIT_METHODS,
    size: Size::Zero,
    slots: None,
};

/// `_testsinglephase_with_state`'s def (`m_size > 0`).
pub static WITH_STATE: ModuleDef = ModuleDef {
    name: "_testsinglephase_with_state",
    doc: Some("Test module _testsinglephase_with_state"),
    methods: WITH_STATE_METHODS,
    size: Size::State(&StateOf::<ModState>::NEW),
    slots: None,
};

/// Fills a module from a state (`init_module`): `error`, `int_const`, `str_const`,
/// `_module_initialized`.
fn fill<'py>(py: Py<'py>, m: &Obj<'py>, initialized: f64) -> PyResult<()> {
    m.setattr(
        "error",
        &py.new_exception_type("_testsinglephase.error", None)?,
    )?;
    m.setattr("int_const", &py.int(1969)?)?;
    m.setattr("str_const", &py.str("something different")?)?;
    m.setattr("_module_initialized", &py.float(initialized)?)
}

/// `init__testsinglephase_basic(def)`.
fn init_basic_def<'py>(py: Py<'py>, def: &'static ModuleDef) -> PyResult<Init<'py>> {
    let g = statics::<Globals>(py)?;
    {
        let mut st = g.inner.lock();
        if st.initialized_count == -1 {
            st.initialized_count = 0;
        }
    }
    let m = create_module(py, def)?;
    let now = monotonic_secs();
    g.inner.lock().initialized = now;
    fill(py, &m, now)?;
    g.inner.lock().initialized_count += 1;
    Ok(Init::Module(m))
}

/// `PyInit__testsinglephase`.
pub fn init_basic(py: Py<'_>) -> PyResult<Init<'_>> {
    init_basic_def(py, &BASIC)
}

/// `PyInit__testsinglephase_basic_wrapper`: calls `PyInit__testsinglephase` (shares its def).
pub fn init_basic_wrapper(py: Py<'_>) -> PyResult<Init<'_>> {
    init_basic(py)
}

/// `PyInit__testsinglephase_basic_copy`.
pub fn init_basic_copy(py: Py<'_>) -> PyResult<Init<'_>> {
    init_basic_def(py, &BASIC_COPY)
}

/// `PyInit__testsinglephase_with_reinit`.
pub fn init_with_reinit(py: Py<'_>) -> PyResult<Init<'_>> {
    let m = create_module(py, &WITH_REINIT)?;
    fill(py, &m, monotonic_secs())?;
    Ok(Init::Module(m))
}

/// `PyInit__testsinglephase_with_state`.
pub fn init_with_state(py: Py<'_>) -> PyResult<Init<'_>> {
    let m = create_module(py, &WITH_STATE)?;
    let now = monotonic_secs();
    match m.module_state::<ModState>() {
        Some(s) => s.initialized.set(now),
        None => return Err(PyErr::new(&exc::SYSTEM_ERROR, "module state missing")),
    }
    fill(py, &m, now)?;
    Ok(Init::Module(m))
}

/// `_test_module_state_shared` (`Modules/_testmultiphase.c`, bpo-44050): single-phase,
/// `m_size == -1`, with an `Error` class.
pub static STATE_SHARED: ModuleDef = ModuleDef {
    name: "_test_module_state_shared",
    doc: None,
    methods: &[],
    size: Size::Legacy,
    slots: None,
};

/// `PyInit__test_module_state_shared`.
pub fn init_state_shared(py: Py<'_>) -> PyResult<Init<'_>> {
    let m = create_module(py, &STATE_SHARED)?;
    m.setattr(
        "Error",
        &py.new_exception_type("_test_module_state_shared.Error", None)?,
    )?;
    Ok(Init::Module(m))
}

/// `_testsinglephase_check_cache_first`'s def.
pub static CHECK_CACHE_FIRST: ModuleDef = ModuleDef {
    name: "_testsinglephase_check_cache_first",
    doc: Some("Test module _testsinglephase_check_cache_first"),
    methods: &[],
    size: Size::Zero,
    slots: None,
};

/// `PyInit__testsinglephase_check_cache_first`: asserts (as a `SystemError`) that
/// `PyState_FindModule` finds nothing before it creates the module, so it only loads after
/// `clear_extension` (scenario 35).
pub fn init_check_cache_first(py: Py<'_>) -> PyResult<Init<'_>> {
    if find_module(py, &CHECK_CACHE_FIRST).is_some() {
        return Err(PyErr::new(
            &exc::SYSTEM_ERROR,
            "PyState_FindModule(def) found a module: the extension was not cleared",
        ));
    }
    Ok(Init::Module(create_module(py, &CHECK_CACHE_FIRST)?))
}
