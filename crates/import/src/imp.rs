//! The `_imp` builtin module: a multi-phase module that supports a per-interpreter GIL, like
//! CPython's (scenario 57). Its functions work on the calling interpreter's import state and
//! its runtime's tables.

use subinterp_object::{MethodDef, Obj, Py, PyErr, PyResult, exc};

use crate::args::{int_arg, positional, str_arg};
use crate::def::{Init, ModuleDef, MultiInterp, Size, Slot};
use crate::frozen::{FrozenStatus, frozen_error};
use crate::state::InterpImports;

type Kw<'a, 'py> = &'a [(&'a str, Obj<'py>)];

fn is_builtin<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kw: Kw<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = positional("is_builtin", args, kw, 1)?;
    let name = str_arg("is_builtin", &a[0])?;
    let st = InterpImports::require(py)?;
    py.int(i64::from(st.system().inittab()?.is_builtin(name)))
}

fn is_frozen<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kw: Kw<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = positional("is_frozen", args, kw, 1)?;
    let name = str_arg("is_frozen", &a[0])?;
    let st = InterpImports::require(py)?;
    let (status, _) = st.system().find_frozen(name, st.use_frozen());
    Ok(py.bool(status == FrozenStatus::Okay))
}

fn is_frozen_package<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kw: Kw<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = positional("is_frozen_package", args, kw, 1)?;
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
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kw: Kw<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let kw: Vec<(&str, Obj<'py>)> = kw
        .iter()
        .filter(|(k, _)| *k != "withdata")
        .map(|(k, v)| (*k, v.clone()))
        .collect();
    let a = positional("find_frozen", args, &kw, 1)?;
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
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kw: Kw<'_, 'py>,
) -> PyResult<Obj<'py>> {
    positional("_frozen_module_names", args, kw, 0)?;
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
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kw: Kw<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = positional("_override_frozen_modules_for_tests", args, kw, 1)?;
    let v = int_arg(&a[0])?;
    let st = InterpImports::require(py)?;
    st.set_override_frozen_modules(i32::try_from(v.signum()).unwrap_or(0));
    Ok(py.none())
}

fn override_multi<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kw: Kw<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = positional("_override_multi_interp_extensions_check", args, kw, 1)?;
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
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kw: Kw<'_, 'py>,
) -> PyResult<Obj<'py>> {
    positional("extension_cache_keys", args, kw, 0)?;
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
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kw: Kw<'_, 'py>,
) -> PyResult<Obj<'py>> {
    positional("lock_held", args, kw, 0)?;
    Ok(py.bool(InterpImports::require(py)?.lock().is_held()))
}

static METHODS: &[MethodDef] = &[
    MethodDef {
        name: "is_builtin",
        func: is_builtin,
        doc: "Returns True if the module name corresponds to a built-in module.",
    },
    MethodDef {
        name: "is_frozen",
        func: is_frozen,
        doc: "Returns True if the module name corresponds to a frozen module.",
    },
    MethodDef {
        name: "is_frozen_package",
        func: is_frozen_package,
        doc: "Returns True if the module name is of a frozen package.",
    },
    MethodDef {
        name: "find_frozen",
        func: find_frozen,
        doc: "Return info about the corresponding frozen module (if there is one) or None.",
    },
    MethodDef {
        name: "_frozen_module_names",
        func: frozen_module_names,
        doc: "Returns the list of available frozen modules.",
    },
    MethodDef {
        name: "_override_frozen_modules_for_tests",
        func: override_frozen,
        doc: "(internal-only) Override PyConfig.use_frozen_modules.",
    },
    MethodDef {
        name: "_override_multi_interp_extensions_check",
        func: override_multi,
        doc: "(internal-only) Override PyInterpreterConfig.check_multi_interp_extensions.",
    },
    MethodDef {
        name: "extension_cache_keys",
        func: extension_cache_keys,
        doc: "(test aid) The (path, name) keys of the extension-module cache.",
    },
    MethodDef {
        name: "lock_held",
        func: lock_held,
        doc: "Return True if the import lock is currently held, else False.",
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
