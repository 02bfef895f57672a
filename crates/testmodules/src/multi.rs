//! The multi-phase test modules (CPython's `Modules/_testmultiphase.c`): `_testmultiphase`
//! (per-interpreter GIL), `_test_shared_gil_only`, `_test_no_multiple_interpreter_slot`,
//! `_test_non_isolated`, and the invalid variants that must raise `SystemError` (or the
//! exception their code raises).

use std::collections::HashMap;

use parking_lot::Mutex;
use subinterp_import::{
    Init, ModuleDef, MultiInterp, Size, Slot, Spec, StateOf, add_module, find_module, int_arg,
    module_def, remove_module, statics,
};
use subinterp_object::{Obj, Py, PyErr, PyResult, exc};
use subinterp_vm::{Args, BuiltinDef, Tstate};

/// How many times each multi-phase test module was executed (created and initialized) in
/// this runtime, by module name (`initialized_count()`).
#[derive(Debug, Default)]
pub struct ExecCounts {
    by_name: Mutex<HashMap<String, i64>>,
}

impl ExecCounts {
    /// The count for `name`.
    pub fn get(&self, name: &str) -> i64 {
        self.by_name.lock().get(name).copied().unwrap_or(0)
    }

    fn bump(&self, name: &str) {
        *self.by_name.lock().entry(name.to_owned()).or_default() += 1;
    }
}

fn def_of(slf: Option<&Obj<'_>>) -> PyResult<&'static ModuleDef> {
    let m = slf.ok_or_else(|| {
        PyErr::new(
            &exc::SYSTEM_ERROR,
            "module function called without its module",
        )
    })?;
    module_def(m)?.ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "module has no definition"))
}

/// `initialized_count()`: how many times this module was executed in the runtime.
fn initialized_count<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.exact_positional("initialized_count", 0)?;
    let name = def_of(slf)?.name;
    py.int(statics::<ExecCounts>(py)?.get(name))
}

/// `call_state_registration_func(n)`: `PyState_FindModule` (0), `PyState_AddModule` (1),
/// `PyState_RemoveModule` (2) on this module's (multi-phase) def (`test_try_registration`).
fn call_state_registration_func<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let a = given.exact_positional("call_state_registration_func", 1)?;
    let def = def_of(slf)?;
    match int_arg(&a[0])? {
        0 => Ok(find_module(py, def).unwrap_or_else(|| py.none())),
        1 => {
            let m = slf.ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "no module"))?;
            add_module(py, m, def)?;
            Ok(py.none())
        }
        2 => {
            remove_module(py, def)?;
            Ok(py.none())
        }
        _ => Err(PyErr::value_error("expected 0, 1 or 2")),
    }
}

static METHODS: &[BuiltinDef] = &[
    BuiltinDef {
        name: "initialized_count",
        func: initialized_count,
    },
    BuiltinDef {
        name: "call_state_registration_func",
        func: call_state_registration_func,
    },
];

/// The exec slot of every well-formed variant (`execfunc`): `Example`, `error`, `int_const`,
/// `str_const`.
fn exec_common(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    let name = m.module_name()?;
    m.setattr(
        "Example",
        &py.new_exception_type("_testimportexec.Example", None)?,
    )?;
    m.setattr(
        "error",
        &py.new_exception_type("_testimportexec.error", None)?,
    )?;
    m.setattr("int_const", &py.int(1969)?)?;
    m.setattr("str_const", &py.str("something different")?)?;
    let def = module_def(m)?.map_or(name.as_str(), |d| d.name);
    statics::<ExecCounts>(py)?.bump(def);
    Ok(())
}

macro_rules! multi_def {
    ($id:ident, $name:literal, $slots:expr) => {
        #[doc = concat!("`", $name, "`'s def.")]
        pub static $id: ModuleDef = ModuleDef {
            name: $name,
            doc: Some(concat!("Test module ", $name)),
            methods: METHODS,
            size: Size::Zero,
            slots: Some($slots),
        };
    };
}

multi_def!(
    MAIN,
    "_testmultiphase",
    &[
        Slot::Exec(exec_common),
        Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
    ]
);
multi_def!(
    SHARED_GIL_ONLY,
    "_test_shared_gil_only",
    &[
        Slot::Exec(exec_common),
        Slot::MultipleInterpreters(MultiInterp::Supported),
    ]
);
multi_def!(
    NO_SLOT,
    "_test_no_multiple_interpreter_slot",
    &[Slot::Exec(exec_common)]
);
multi_def!(
    NON_ISOLATED,
    "_test_non_isolated",
    &[
        Slot::Exec(exec_common),
        Slot::MultipleInterpreters(MultiInterp::NotSupported),
    ]
);
multi_def!(
    MULTIPLE_MI_SLOTS,
    "_testmultiphase_multiple_multiple_interpreters_slots",
    &[
        Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
        Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
    ]
);

fn create_int<'py>(py: Py<'py>, _: &Spec, _: &'static ModuleDef) -> PyResult<Obj<'py>> {
    py.int(0)
}

fn create_raise<'py>(_: Py<'py>, _: &Spec, _: &'static ModuleDef) -> PyResult<Obj<'py>> {
    Err(PyErr::new(&exc::RUNTIME_ERROR, "bad create"))
}

fn exec_raise(_: &Obj<'_>) -> PyResult<()> {
    Err(PyErr::new(&exc::RUNTIME_ERROR, "bad exec"))
}

multi_def!(
    MULTIPLE_CREATE_SLOTS,
    "_testmultiphase_multiple_create_slots",
    &[Slot::Create(create_int), Slot::Create(create_int)]
);
multi_def!(
    NONMODULE_WITH_EXEC_SLOTS,
    "_testmultiphase_nonmodule_with_exec_slots",
    &[Slot::Create(create_int), Slot::Exec(exec_common)]
);
multi_def!(
    CREATE_RAISE,
    "_testmultiphase_create_raise",
    &[Slot::Create(create_raise)]
);
multi_def!(
    EXEC_RAISE,
    "_testmultiphase_exec_raise",
    &[Slot::Exec(exec_raise)]
);
/// `_testmultiphase_nonmodule`: a create slot returning a non-module (allowed without state,
/// exec slots or methods).
pub static NONMODULE: ModuleDef = ModuleDef {
    name: "_testmultiphase_nonmodule",
    doc: None,
    methods: &[],
    size: Size::Zero,
    slots: Some(&[Slot::Create(create_int)]),
};

/// `_testmultiphase_negative_size`: `m_size == -1` is not allowed for multi-phase init.
pub static NEGATIVE_SIZE: ModuleDef = ModuleDef {
    name: "_testmultiphase_negative_size",
    doc: None,
    methods: &[],
    size: Size::Legacy,
    slots: Some(&[]),
};

#[derive(Default)]
struct Unit;

/// `_testmultiphase_create_int_with_state`: a non-module that asks for module state.
pub static CREATE_INT_WITH_STATE: ModuleDef = ModuleDef {
    name: "_testmultiphase_create_int_with_state",
    doc: None,
    methods: &[],
    size: Size::State(&StateOf::<Unit>::NEW),
    slots: Some(&[Slot::Create(create_int)]),
};

macro_rules! init_fn {
    ($f:ident, $def:ident) => {
        #[doc = concat!("`PyInit_` of [`", stringify!($def), "`].")]
        pub fn $f(_: Py<'_>) -> PyResult<Init<'_>> {
            Ok(Init::Def(&$def))
        }
    };
}

init_fn!(init_main, MAIN);
init_fn!(init_shared_gil_only, SHARED_GIL_ONLY);
init_fn!(init_no_slot, NO_SLOT);
init_fn!(init_non_isolated, NON_ISOLATED);
init_fn!(init_multiple_mi_slots, MULTIPLE_MI_SLOTS);
init_fn!(init_multiple_create_slots, MULTIPLE_CREATE_SLOTS);
init_fn!(init_nonmodule_with_exec_slots, NONMODULE_WITH_EXEC_SLOTS);
init_fn!(init_create_raise, CREATE_RAISE);
init_fn!(init_exec_raise, EXEC_RAISE);
init_fn!(init_nonmodule, NONMODULE);
init_fn!(init_negative_size, NEGATIVE_SIZE);
init_fn!(init_create_int_with_state, CREATE_INT_WITH_STATE);

/// `_testmultiphase_export_raise`: the init function itself raises.
pub fn init_export_raise(_: Py<'_>) -> PyResult<Init<'_>> {
    Err(PyErr::new(&exc::SYSTEM_ERROR, "bad export function"))
}
