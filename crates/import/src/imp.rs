//! The `_imp` builtin module: a multi-phase module that supports a per-interpreter GIL, like
//! CPython's (scenario 57). Its functions work on the calling interpreter's import state and
//! its runtime's tables.

use subinterp_object::{Obj, Py, PyErr, PyResult, exc};
use subinterp_vm::{Args, BuiltinDef, Tstate};

use crate::args::{int_arg, str_arg};
use crate::def::{Init, ModuleDef, MultiInterp, Size, Slot};
use crate::frozen::{FrozenStatus, frozen_error};
use crate::state::InterpImports;

fn is_builtin<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let a = given.exact_positional("_imp.is_builtin", 1)?;
    let name = str_arg("is_builtin", &a[0])?;
    let st = InterpImports::require(py)?;
    py.int(i64::from(st.system().inittab()?.is_builtin(name)))
}

fn is_frozen<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let a = given.exact_positional("_imp.is_frozen", 1)?;
    let name = str_arg("is_frozen", &a[0])?;
    let st = InterpImports::require(py)?;
    let (status, _) = st.system().find_frozen(name, st.use_frozen());
    Ok(py.bool(status == FrozenStatus::Okay))
}

fn is_frozen_package<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let a = given.exact_positional("_imp.is_frozen_package", 1)?;
    let name = str_arg("is_frozen_package", &a[0])?;
    let st = InterpImports::require(py)?;
    match st.system().find_frozen(name, st.use_frozen()) {
        (FrozenStatus::Okay | FrozenStatus::Excluded, Some(info)) => Ok(py.bool(info.is_package)),
        (status, _) => {
            Err(frozen_error(status, name).unwrap_or_else(|| PyErr::new(&exc::IMPORT_ERROR, "")))
        }
    }
}

/// `_imp.find_frozen(name, *, withdata=False)`: `None`, or `(data, is_package, origname)`.
/// Frozen code is Rust here, not marshalled bytes, so `data` is always `None`.
fn find_frozen<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    // `withdata` is accepted and has no effect (there is no marshalled data).
    let kw: Vec<(Obj<'py>, Obj<'py>)> = given
        .kw
        .iter()
        .filter(|(k, _)| k.as_str() != Some("withdata"))
        .cloned()
        .collect();
    let a = Args {
        pos: given.pos,
        kw: &kw,
    }
    .exact_positional("find_frozen", 1)?;
    if a[0].is_none() {
        return Ok(py.none());
    }
    let name = str_arg("find_frozen", &a[0])?;
    let st = InterpImports::require(py)?;
    match st.system().find_frozen(name, st.use_frozen()) {
        (FrozenStatus::Okay, Some(info)) => {
            let orig = match info.origname.as_deref().filter(|o| !o.is_empty()) {
                Some(o) => py.str(o)?,
                None => py.none(),
            };
            py.tuple(&[py.none(), py.bool(info.is_package), orig])
        }
        (status @ (FrozenStatus::Excluded | FrozenStatus::Invalid), _) => {
            Err(frozen_error(status, name).unwrap_or_else(|| PyErr::new(&exc::IMPORT_ERROR, "")))
        }
        _ => Ok(py.none()),
    }
}

fn frozen_module_names<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.exact_positional("_imp._frozen_module_names", 0)?;
    let st = InterpImports::require(py)?;
    let custom = st.system().custom_frozen();
    let names = st.system().frozen.names(custom.as_deref(), st.use_frozen());
    let items = names
        .into_iter()
        .map(|n| py.str(n))
        .collect::<PyResult<Vec<_>>>()?;
    py.list_from(items)
}

fn override_frozen<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let a = given.exact_positional("_imp._override_frozen_modules_for_tests", 1)?;
    let v = int_arg(&a[0])?;
    let st = InterpImports::require(py)?;
    st.set_override_frozen_modules(i32::try_from(v.signum()).unwrap_or(0));
    Ok(py.none())
}

fn override_multi<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let a = given.exact_positional("_imp._override_multi_interp_extensions_check", 1)?;
    let v = int_arg(&a[0])?;
    let v = i32::try_from(v).map_err(|_| {
        PyErr::new(
            &exc::OVERFLOW_ERROR,
            "Python int too large to convert to C int",
        )
    })?;
    let st = InterpImports::require(py)?;
    py.int(i64::from(st.set_override_multi_interp_extensions(v)?))
}

/// `_imp.extension_cache_keys()` (a test aid): a sorted list of `(path, name)` tuples.
fn extension_cache_keys<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.exact_positional("_imp.extension_cache_keys", 0)?;
    let st = InterpImports::require(py)?;
    let items = st
        .system()
        .cache
        .keys()
        .into_iter()
        .map(|(p, n)| py.obj((p, n)))
        .collect::<PyResult<Vec<_>>>()?;
    py.list_from(items)
}

fn lock_held<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.exact_positional("_imp.lock_held", 0)?;
    Ok(py.bool(InterpImports::require(py)?.lock().is_held()))
}

static METHODS: &[BuiltinDef] = &[
    BuiltinDef {
        name: "is_builtin",
        func: is_builtin,
    },
    BuiltinDef {
        name: "is_frozen",
        func: is_frozen,
    },
    BuiltinDef {
        name: "is_frozen_package",
        func: is_frozen_package,
    },
    BuiltinDef {
        name: "find_frozen",
        func: find_frozen,
    },
    BuiltinDef {
        name: "_frozen_module_names",
        func: frozen_module_names,
    },
    BuiltinDef {
        name: "_override_frozen_modules_for_tests",
        func: override_frozen,
    },
    BuiltinDef {
        name: "_override_multi_interp_extensions_check",
        func: override_multi,
    },
    BuiltinDef {
        name: "extension_cache_keys",
        func: extension_cache_keys,
    },
    BuiltinDef {
        name: "lock_held",
        func: lock_held,
    },
];

static SLOTS: &[Slot] = &[Slot::MultipleInterpreters(
    MultiInterp::PerInterpreterGilSupported,
)];

/// The definition of `_imp`.
pub static IMP_DEF: ModuleDef = ModuleDef {
    name: "_imp",
    doc: Some("(Extremely) low-level import machinery bits as used by importlib."),
    methods: METHODS,
    size: Size::Zero,
    slots: Some(SLOTS),
};

/// `PyInit__imp`.
pub(crate) fn init_imp(_: Py<'_>) -> PyResult<Init<'_>> {
    Ok(Init::Def(&IMP_DEF))
}
