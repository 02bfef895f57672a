//! `_test_process_global`: a multi-phase module (per-interpreter GIL supported) wrapping a
//! stand-in for a native library that must be initialized once per process (think
//! `sqlite3_initialize` / `sqlite3_shutdown`), through [`ProcessGlobal`]; and
//! `_test_load_once`, which uses the [`LoadOnce`] guard.
//!
//! The "library" refuses a second initialization while it is initialized, like a C library
//! whose global init must not run twice, so a broken sharing scheme would show up as an
//! `ImportError`.

use std::cell::OnceCell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use subinterp_import::{
    GlobalRef, Init, LoadOnce, ModuleDef, MultiInterp, ProcessGlobal, Size, Slot, StateOf,
};
use subinterp_object::{Obj, Py, PyErr, PyResult, exc};
use subinterp_vm::{Args, BuiltinDef, Tstate};

/// The stand-in library's handle.
#[derive(Debug)]
pub struct NativeLib {
    /// A handle number, different for each initialization of the library in the process.
    pub id: u64,
}

static LIB_UP: AtomicBool = AtomicBool::new(false);
static LIB_NEXT_ID: AtomicU64 = AtomicU64::new(1);
static LIB_INITS: AtomicU64 = AtomicU64::new(0);

/// `lib_initialize()`: fails if the library is already initialized.
fn lib_initialize() -> Result<NativeLib, String> {
    if LIB_UP.swap(true, Ordering::AcqRel) {
        return Err("the native library is already initialized".into());
    }
    LIB_INITS.fetch_add(1, Ordering::Relaxed);
    Ok(NativeLib {
        id: LIB_NEXT_ID.fetch_add(1, Ordering::Relaxed),
    })
}

/// `lib_shutdown()`.
fn lib_shutdown(_: &NativeLib) {
    LIB_UP.store(false, Ordering::Release);
}

/// The process-wide state of the library.
pub static NATIVE_LIB: ProcessGlobal<NativeLib> =
    ProcessGlobal::new("_test_process_global", lib_initialize, lib_shutdown);

/// Whether the stand-in library is initialized right now.
pub fn native_lib_is_up() -> bool {
    LIB_UP.load(Ordering::Acquire)
}

/// How many times the stand-in library was initialized in this process.
pub fn native_lib_inits() -> u64 {
    LIB_INITS.load(Ordering::Relaxed)
}

/// The module's per-interpreter state: its hold on the library.
#[derive(Default)]
struct PgState {
    lib: OnceCell<GlobalRef<NativeLib>>,
}

fn lib_of<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a GlobalRef<NativeLib>> {
    slf.and_then(|m| m.module_state::<PgState>())
        .and_then(|s| s.lib.get())
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "module not initialized"))
}

/// `resource_id()`: the library handle this module uses.
fn resource_id<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.exact_positional("resource_id", 0)?;
    py.obj(lib_of(slf)?.id)
}

/// `users()`: how many module instances (in every interpreter of the process) hold it.
fn users<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.exact_positional("users", 0)?;
    py.obj(NATIVE_LIB.users())
}

fn exec(m: &Obj<'_>) -> PyResult<()> {
    let st = m
        .module_state::<PgState>()
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "module state missing"))?;
    let lib = NATIVE_LIB.acquire()?;
    // A fresh state: the cell is empty (exec runs once per module).
    let _ = st.lib.set(lib);
    Ok(())
}

static METHODS: &[BuiltinDef] = &[
    BuiltinDef {
        name: "resource_id",
        func: resource_id,
    },
    BuiltinDef {
        name: "users",
        func: users,
    },
];

/// `_test_process_global`'s def.
pub static PROCESS_GLOBAL: ModuleDef = ModuleDef {
    name: "_test_process_global",
    doc: Some("Test module for process-global native state shared by interpreters"),
    methods: METHODS,
    size: Size::State(&StateOf::<PgState>::NEW),
    slots: Some(&[
        Slot::Exec(exec),
        Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
    ]),
};

/// `PyInit__test_process_global`.
pub fn init_process_global(_: Py<'_>) -> PyResult<Init<'_>> {
    Ok(Init::Def(&PROCESS_GLOBAL))
}

/// The guard of `_test_load_once`.
pub static LOAD_ONCE: LoadOnce = LoadOnce::new();

fn exec_once(_: &Obj<'_>) -> PyResult<()> {
    LOAD_ONCE.claim()
}

/// `_test_load_once`'s def: loads once per process, then `ImportError`.
pub static LOAD_ONCE_DEF: ModuleDef = ModuleDef {
    name: "_test_load_once",
    doc: Some("Test module that can be loaded only once per process"),
    methods: &[],
    size: Size::Zero,
    slots: Some(&[
        Slot::Exec(exec_once),
        Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
    ]),
};

/// `PyInit__test_load_once`.
pub fn init_load_once(_: Py<'_>) -> PyResult<Init<'_>> {
    Ok(Init::Def(&LOAD_ONCE_DEF))
}
