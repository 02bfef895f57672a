//! The `importlib` module's entry points programs call: `import_module(name)` and
//! `reload(module)`, over the interpreter's import state (CPython's `importlib` is Python
//! source over `_bootstrap`; these two functions are what it offers code in `__main__`).

use subinterp_import::{ModuleDef, MultiInterp, Size, Slot};
use subinterp_object::{Kind, Obj, Py, PyErr, PyResult};
use subinterp_vm::{Args, BuiltinDef, Sig, Tstate};

static FUNCTIONS: [BuiltinDef; 2] = [
    BuiltinDef {
        name: "import_module",
        func: import_module,
    },
    BuiltinDef {
        name: "reload",
        func: reload,
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
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [name, package] = given.bind_sig(&IMPORT_MODULE)?;
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
    // Module bodies run on the caller's thread state (natives are handed it).
    ts.import_module(&abs)
}

/// `importlib.reload(module)`: executes the module again in place (CPython's
/// `TypeError: reload() argument must be a module` for anything else).
fn reload<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [module] = given.bind_sig(&RELOAD)?;
    let module = module.ok_or_else(|| PyErr::type_error("reload() missing module"))?;
    if module.kind() != Kind::Module {
        return Err(PyErr::type_error("reload() argument must be a module"));
    }
    ts.reload_module(module)
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
