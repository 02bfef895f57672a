//! Module specs (`importlib.machinery.ModuleSpec`) and loaders, as Rust values and as the
//! native objects modules carry in `__spec__` and `__loader__`.

use std::sync::atomic::{AtomicBool, Ordering};

use subinterp_object::{Obj, Py, PyResult, Slots, StaticType, str_repr};

/// Which loader a spec names (`spec.loader`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Loader {
    /// `BuiltinImporter`: the inittab.
    Builtin,
    /// `FrozenImporter`: the frozen tables.
    Frozen,
    /// `ExtensionFileLoader(name, path)`: a registered extension library.
    Extension {
        /// The library path (`spec.origin`).
        path: String,
    },
    /// `SourceFileLoader(name, path)`: a `.py` file found on `sys.path` or a package's
    /// `__path__`.
    Source {
        /// The file (`spec.origin`, `__file__`).
        path: String,
    },
    /// `NamespaceLoader`: a namespace package (folders without `__init__.py`).
    Namespace,
}

/// `spec.loader_state` of a frozen module (`SimpleNamespace(filename=..., origname=...)`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FrozenState {
    /// Where the module's source would be (`<stdlib>/<origname>.py`), if known.
    pub filename: Option<String>,
    /// The name the frozen code was made from (`None` for frozen-only modules).
    pub origname: Option<String>,
}

/// A module spec: what a finder found and how to load it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spec {
    /// `spec.name`: the full dotted name.
    pub name: String,
    /// `spec.loader`.
    pub loader: Loader,
    /// `spec.origin`: `'built-in'`, `'frozen'`, or the extension's path.
    pub origin: Option<String>,
    /// `spec.submodule_search_locations`: `Some` for packages.
    pub search_locations: Option<Vec<String>>,
    /// `spec.loader_state` (frozen modules).
    pub loader_state: Option<FrozenState>,
    /// `spec.has_location`: whether `origin` is a place `__file__` may point to.
    pub has_location: bool,
}

impl Spec {
    /// The spec `BuiltinImporter.find_spec` makes.
    pub fn builtin(name: &str) -> Spec {
        Spec {
            name: name.to_owned(),
            loader: Loader::Builtin,
            origin: Some("built-in".into()),
            search_locations: None,
            loader_state: None,
            has_location: false,
        }
    }

    /// The spec `ExtensionFileLoader(name, path)` loads (`spec_from_file_location`).
    pub fn extension(name: &str, path: &str) -> Spec {
        Spec {
            name: name.to_owned(),
            loader: Loader::Extension {
                path: path.to_owned(),
            },
            origin: Some(path.to_owned()),
            search_locations: None,
            loader_state: None,
            has_location: true,
        }
    }

    /// `spec.parent`: the package for a package, else the name up to the last dot.
    pub fn parent(&self) -> &str {
        if self.search_locations.is_some() {
            &self.name
        } else {
            self.name.rsplit_once('.').map_or("", |(p, _)| p)
        }
    }

    /// The spec `PathFinder.find_spec` makes for a source file (`spec_from_file_location`);
    /// `package_dir` makes it a package's `__init__.py`.
    pub fn source(name: &str, path: &str, package_dir: Option<&str>) -> Spec {
        Spec {
            name: name.to_owned(),
            loader: Loader::Source {
                path: path.to_owned(),
            },
            origin: Some(path.to_owned()),
            search_locations: package_dir.map(|d| vec![d.to_owned()]),
            loader_state: None,
            has_location: true,
        }
    }

    /// The spec of a namespace package made of the folders `portions`.
    pub fn namespace(name: &str, portions: Vec<String>) -> Spec {
        Spec {
            name: name.to_owned(),
            loader: Loader::Namespace,
            origin: None,
            search_locations: Some(portions),
            loader_state: None,
            has_location: false,
        }
    }

    /// The extension library path, for an extension spec.
    pub(crate) fn path(&self) -> Option<&str> {
        match &self.loader {
            Loader::Extension { path } => Some(path),
            _ => None,
        }
    }

    /// `repr(spec)`, as `ModuleSpec.__repr__` writes it.
    pub fn repr(&self) -> String {
        let mut args = vec![
            format!("name={}", str_repr(&self.name)),
            format!("loader={}", self.loader.repr_prefix()),
        ];
        if let Some(o) = &self.origin {
            args.push(format!("origin={}", str_repr(o)));
        }
        if let Some(l) = &self.search_locations {
            let items: Vec<String> = l.iter().map(|s| str_repr(s)).collect();
            args.push(format!("submodule_search_locations=[{}]", items.join(", ")));
        }
        format!("ModuleSpec({})", args.join(", "))
    }
}

impl Loader {
    fn repr_prefix(&self) -> String {
        match self {
            Loader::Builtin => "<class '_frozen_importlib.BuiltinImporter'>".into(),
            Loader::Frozen => "<class '_frozen_importlib.FrozenImporter'>".into(),
            Loader::Extension { .. } => "<_frozen_importlib_external.ExtensionFileLoader>".into(),
            Loader::Source { .. } => "<_frozen_importlib_external.SourceFileLoader>".into(),
            Loader::Namespace => "<_frozen_importlib_external.NamespaceLoader>".into(),
        }
    }

    /// The loader as an object (`module.__loader__`).
    pub fn to_object<'py>(&self, py: Py<'py>, name: &str) -> PyResult<Obj<'py>> {
        match self {
            Loader::Builtin => py.new_native(&BUILTIN_IMPORTER, ()),
            Loader::Frozen => py.new_native(&FROZEN_IMPORTER, ()),
            Loader::Extension { path } => py.new_native(
                &EXTENSION_FILE_LOADER,
                ExtLoader {
                    name: name.to_owned(),
                    path: path.clone(),
                },
            ),
            Loader::Source { path } => py.new_native(
                &SOURCE_FILE_LOADER,
                ExtLoader {
                    name: name.to_owned(),
                    path: path.clone(),
                },
            ),
            Loader::Namespace => py.new_native(&NAMESPACE_LOADER, ()),
        }
    }
}

/// A `ModuleSpec` object's payload: the spec and `spec._initializing` (set while the module's
/// body runs, which `from m import x` reads to name a circular import).
struct SpecObj {
    spec: Spec,
    initializing: AtomicBool,
}

/// `spec` as a `ModuleSpec` object (`module.__spec__`).
pub fn spec_object<'py>(py: Py<'py>, spec: &Spec) -> PyResult<Obj<'py>> {
    py.new_native(
        &MODULE_SPEC,
        SpecObj {
            spec: spec.clone(),
            initializing: AtomicBool::new(false),
        },
    )
}

/// The [`Spec`] behind a `ModuleSpec` object made by [`spec_object`].
pub fn spec_of<'a>(obj: &'a Obj<'_>) -> Option<&'a Spec> {
    obj.native::<SpecObj>().map(|s| &s.spec)
}

/// Sets `spec._initializing` of a `ModuleSpec` object (no effect on other objects).
pub(crate) fn set_initializing(obj: &Obj<'_>, on: bool) {
    if let Some(s) = obj.native::<SpecObj>() {
        s.initializing.store(on, Ordering::Relaxed);
    }
}

fn spec_getattr<'py>(obj: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let so = obj.native::<SpecObj>()?;
    let spec = &so.spec;
    let py = obj.py();
    let opt = |s: &Option<String>| match s {
        Some(s) => py.str(s),
        None => Ok(py.none()),
    };
    Some(match name {
        "name" => py.str(&spec.name),
        "loader" => spec.loader.to_object(py, &spec.name),
        "origin" => opt(&spec.origin),
        "parent" => py.str(spec.parent()),
        "has_location" => Ok(py.bool(spec.has_location)),
        "cached" => Ok(py.none()),
        "_initializing" => Ok(py.bool(so.initializing.load(Ordering::Relaxed))),
        "submodule_search_locations" => match &spec.search_locations {
            Some(l) => l
                .iter()
                .map(|s| py.str(s))
                .collect::<PyResult<Vec<_>>>()
                .and_then(|v| py.list_from(v)),
            None => Ok(py.none()),
        },
        "loader_state" => match &spec.loader_state {
            Some(s) => py.new_native(&NAMESPACE, s.clone()),
            None => Ok(py.none()),
        },
        _ => return None,
    })
}

fn spec_repr(obj: &Obj<'_>) -> PyResult<String> {
    Ok(spec_of(obj).map_or_else(String::new, Spec::repr))
}

static SPEC_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(spec_getattr),
    repr: Some(spec_repr),
    ..Slots::EMPTY
};

/// `importlib.machinery.ModuleSpec` (instances hold a [`Spec`]).
pub static MODULE_SPEC: StaticType =
    StaticType::native("ModuleSpec", "_frozen_importlib", &SPEC_SLOTS);

fn namespace_getattr<'py>(obj: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let st = obj.native::<FrozenState>()?;
    let py = obj.py();
    let v = match name {
        "filename" => &st.filename,
        "origname" => &st.origname,
        _ => return None,
    };
    Some(match v {
        Some(s) => py.str(s),
        None => Ok(py.none()),
    })
}

fn namespace_repr(obj: &Obj<'_>) -> PyResult<String> {
    let Some(st) = obj.native::<FrozenState>() else {
        return Ok("namespace()".into());
    };
    let f = |v: &Option<String>| v.as_deref().map_or_else(|| "None".into(), str_repr);
    Ok(format!(
        "namespace(filename={}, origname={})",
        f(&st.filename),
        f(&st.origname)
    ))
}

static NAMESPACE_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(namespace_getattr),
    repr: Some(namespace_repr),
    ..Slots::EMPTY
};

/// `types.SimpleNamespace`, as a frozen spec's `loader_state` (attributes `filename`,
/// `origname`).
pub static NAMESPACE: StaticType = StaticType::native("SimpleNamespace", "types", &NAMESPACE_SLOTS);

fn class_repr(name: &'static str) -> String {
    format!("<class '_frozen_importlib.{name}'>")
}

fn builtin_importer_repr(_: &Obj<'_>) -> PyResult<String> {
    Ok(class_repr("BuiltinImporter"))
}

fn frozen_importer_repr(_: &Obj<'_>) -> PyResult<String> {
    Ok(class_repr("FrozenImporter"))
}

static BUILTIN_IMPORTER_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: Some(builtin_importer_repr),
    ..Slots::EMPTY
};

static FROZEN_IMPORTER_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: Some(frozen_importer_repr),
    ..Slots::EMPTY
};

/// `importlib.machinery.BuiltinImporter` (the loader of builtin modules; CPython uses the class
/// itself, so its repr is the class's).
pub static BUILTIN_IMPORTER: StaticType = StaticType::native(
    "BuiltinImporter",
    "_frozen_importlib",
    &BUILTIN_IMPORTER_SLOTS,
);

/// `importlib.machinery.FrozenImporter`.
pub static FROZEN_IMPORTER: StaticType = StaticType::native(
    "FrozenImporter",
    "_frozen_importlib",
    &FROZEN_IMPORTER_SLOTS,
);

/// The state of an `ExtensionFileLoader` instance.
#[derive(Clone, Debug)]
struct ExtLoader {
    name: String,
    path: String,
}

fn ext_loader_getattr<'py>(obj: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let l = obj.native::<ExtLoader>()?;
    match name {
        "name" => Some(obj.py().str(&l.name)),
        "path" => Some(obj.py().str(&l.path)),
        _ => None,
    }
}

static EXT_LOADER_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(ext_loader_getattr),
    repr: None,
    ..Slots::EMPTY
};

/// `importlib.machinery.ExtensionFileLoader` (attributes `name`, `path`).
pub static EXTENSION_FILE_LOADER: StaticType = StaticType::native(
    "ExtensionFileLoader",
    "_frozen_importlib_external",
    &EXT_LOADER_SLOTS,
);

static SOURCE_LOADER_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(ext_loader_getattr),
    repr: None,
    ..Slots::EMPTY
};

/// `importlib.machinery.SourceFileLoader` (attributes `name`, `path`).
pub static SOURCE_FILE_LOADER: StaticType = StaticType::native(
    "SourceFileLoader",
    "_frozen_importlib_external",
    &SOURCE_LOADER_SLOTS,
);

static NAMESPACE_LOADER_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: None,
    ..Slots::EMPTY
};

/// `importlib.machinery.NamespaceLoader`.
pub static NAMESPACE_LOADER: StaticType = StaticType::native(
    "NamespaceLoader",
    "_frozen_importlib_external",
    &NAMESPACE_LOADER_SLOTS,
);
