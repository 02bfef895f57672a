//! The `importlib` module's entry points programs call: `import_module(name)` and
//! `reload(module)`, over the interpreter's import state (CPython's `importlib` is Python
//! source over `_bootstrap`; these two functions are what it offers code in `__main__`).

use subinterp_import::{ModuleDef, MultiInterp, Size, Slot};
use subinterp_object::{Kind, MethodDef, Obj, Py, PyErr, PyResult};

use crate::modules::args::Sig;

static FUNCTIONS: [MethodDef; 2] = [
    MethodDef {
        name: "import_module",
        func: import_module,
        doc: "Import a module.",
    },
    MethodDef {
        name: "reload",
        func: reload,
        doc: "Reload the module and return it.",
    },
];

const IMPORT_MODULE: Sig = Sig {
    name: "import_module",
    params: &["name", "package"],
    required: 1,
    kwonly: 0,
    method: false,
};

const RELOAD: Sig = Sig {
    name: "reload",
    params: &["module"],
    required: 1,
    kwonly: 0,
    method: false,
};

/// `importlib.import_module(name)`: the module `sys.modules[name]`, imported first if
/// needed; a relative `name` (`'.sub'`) is resolved against `package`.
fn import_module<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    let [name, package] = IMPORT_MODULE.bind(args, kwargs)?;
    let name = name.ok_or_else(|| PyErr::type_error("import_module() missing name"))?;
    let text = name.as_str().ok_or_else(|| {
        PyErr::type_error(format!(
            "the 'name' argument must be str, not {}",
            name.type_name()
        ))
    })?;
    let package = package.filter(|p| !p.is_none());
    if text.starts_with('.')
        && let Some(p) = &package
        && p.as_str().is_none()
    {
        return Err(PyErr::type_error("__package__ not set to a string"));
    }
    let abs = subinterp_vm::resolve_import_name(text, package.as_ref().and_then(|p| p.as_str()))?;
    crate::import(py, &abs)
}

/// `importlib.reload(module)`: executes the module again in place (CPython's
/// `TypeError: reload() argument must be a module` for anything else).
fn reload<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    let [module] = RELOAD.bind(args, kwargs)?;
    let module = module.ok_or_else(|| PyErr::type_error("reload() missing module"))?;
    if module.kind() != Kind::Module {
        return Err(PyErr::type_error("reload() argument must be a module"));
    }
    crate::source_import::reload_native(py, module)
}

static SLOTS: [Slot; 1] = [Slot::MultipleInterpreters(
    MultiInterp::PerInterpreterGilSupported,
)];

/// The definition of `importlib`.
pub(crate) static DEF: ModuleDef = ModuleDef {
    name: "importlib",
    doc: Some("The import system's entry points: import_module and reload."),
    methods: &FUNCTIONS,
    size: Size::Zero,
    slots: Some(&SLOTS),
};

/// `PyInit_importlib`.
pub(crate) fn init(_: Py<'_>) -> PyResult<subinterp_import::Init<'_>> {
    Ok(subinterp_import::Init::Def(&DEF))
}
