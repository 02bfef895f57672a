//! The import entry points on [`ImportCx`]: `importlib.import_module`, the finders
//! (`BuiltinImporter`, `FrozenImporter`, the extension path finder, in that order, as in
//! `sys.meta_path`), `_bootstrap._load`, `importlib.reload`, `ExtensionFileLoader`, and the C
//! entry points `PyImport_ImportFrozenModule`, `_imp.create_builtin` and
//! `_testinternalcapi.clear_extension`.

use std::sync::Arc;

use subinterp_object::{Kind, Obj, Origin, Py, PyErr, PyResult, exc, str_repr};

use crate::cache::ExtOrigin;
use crate::extload::{self, ExtSource, import_add_module, short_name};
use crate::frozen::{FrozenCode, FrozenStatus, frozen_error, resolve_filename};
use crate::spec::{FrozenState, Loader, Spec, spec_object};
use crate::state::{ImportCx, InterpImports};
use crate::step::Step;
use crate::switch::{catch, in_main};
use crate::unfinished::Unfinished;

pub(crate) fn not_found(msg: String) -> PyErr {
    PyErr::new(&exc::MODULE_NOT_FOUND_ERROR, msg)
}

impl<'a> ImportCx<'a> {
    /// `importlib.import_module(name)` (what `import name` runs) for native callers: the
    /// module from `sys.modules`, or found and loaded, parents first. Returns the named
    /// (innermost) module. Module bodies of Python code run through the [`SourceRunner`]
    /// the embedding layer installed ([`ImportSystem::set_source_runner`]); the eval loop
    /// drives [`import_step`](Self::import_step) itself instead.
    ///
    /// Errors: `ModuleNotFoundError: No module named 'x'` (and the `None in sys.modules` and
    /// "is not a package" variants), the loaders' errors, the module body's, and an empty
    /// name's `ValueError`.
    ///
    /// [`SourceRunner`]: crate::SourceRunner
    /// [`ImportSystem::set_source_runner`]: crate::ImportSystem::set_source_runner
    pub fn import<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Obj<'py>> {
        if name.is_empty() {
            return Err(PyErr::value_error("Empty module name"));
        }
        if let Some(m) = in_sys_modules(py, self.state, name)? {
            return Ok(m);
        }
        let span = tracing::debug_span!("import", interp = self.state.id().get(), name);
        let _entered = span.enter();
        self.import_steps(py, name)
    }

    fn import_steps<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Obj<'py>> {
        loop {
            match self.import_step(py, name)? {
                Step::Ready(m) => return Ok(m),
                Step::Exec(e) => {
                    let r = self.run_body(py, &e.name, &e.code, &e.module);
                    self.finish_exec(py, e, r)?;
                }
            }
        }
    }

    /// Runs a module body with the installed [`SourceRunner`](crate::SourceRunner).
    pub(crate) fn run_body<'py>(
        &mut self,
        py: Py<'py>,
        name: &str,
        code: &Arc<subinterp_compile::Code>,
        module: &Obj<'py>,
    ) -> PyResult<()> {
        match self.state.system().source_runner() {
            Some(run) => run(py, code, module),
            None => Err(PyErr::new(
                &exc::IMPORT_ERROR,
                format!(
                    "cannot run the Python code of module {} without an eval loop",
                    str_repr(name)
                ),
            )),
        }
    }

    /// The finders, in `sys.meta_path` order: `BuiltinImporter` (the runtime's table),
    /// `FrozenImporter` (an excluded or invalid entry raises, ending the search), the
    /// extension registry, then `PathFinder` over the parent package's `__path__` (when the
    /// parent is in `sys.modules`) or `sys.path`. `None` when nothing finds `name`.
    pub fn find_spec(&mut self, py: Py<'_>, name: &str) -> PyResult<Option<Spec>> {
        let path = match name.rsplit_once('.') {
            Some((parent, _)) => match self.state.modules(py)?.dict_get_str(parent)? {
                Some(p) => Some(
                    p.module_dict()
                        .ok()
                        .and_then(|d| d.dict_get_str("__path__").ok().flatten())
                        .and_then(|l| l.list_items().or_else(|| l.tuple_items()))
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_owned))
                        .collect::<Vec<_>>(),
                ),
                None => return self.find_meta_spec(py, name),
            },
            None => None,
        };
        self.find_spec_in(py, name, path.as_deref())
    }

    /// The finders of `sys.meta_path` before `PathFinder`: builtin, frozen, extensions.
    pub(crate) fn find_meta_spec(&mut self, _py: Py<'_>, name: &str) -> PyResult<Option<Spec>> {
        let system = self.state.system();
        if system.inittab()?.is_builtin(name) != 0 {
            return Ok(Some(Spec::builtin(name)));
        }
        if let Some(spec) = self.find_frozen_spec(name)? {
            return Ok(Some(spec));
        }
        Ok(system
            .extensions()
            .find(name)
            .map(|path| Spec::extension(name, path)))
    }

    /// `FrozenImporter.find_spec(name)`.
    pub fn find_frozen_spec(&self, name: &str) -> PyResult<Option<Spec>> {
        let system = self.state.system();
        let (status, info) = system.find_frozen(name, self.state.use_frozen());
        match (status, info) {
            (FrozenStatus::Okay, Some(info)) => {
                let (filename, pkgdir) = resolve_filename(
                    system.stdlib_dir.as_deref(),
                    info.origname.as_deref(),
                    name,
                    info.is_package,
                );
                let search_locations = info
                    .is_package
                    .then(|| pkgdir.into_iter().collect::<Vec<_>>());
                Ok(Some(Spec {
                    name: name.to_owned(),
                    loader: Loader::Frozen,
                    origin: Some("frozen".into()),
                    search_locations,
                    loader_state: Some(FrozenState {
                        filename,
                        origname: info.origname,
                    }),
                    has_location: false,
                }))
            }
            (FrozenStatus::Excluded | FrozenStatus::Invalid, _) => {
                Err(frozen_error(status, name)
                    .unwrap_or_else(|| PyErr::new(&exc::IMPORT_ERROR, "")))
            }
            _ => Ok(None),
        }
    }

    /// `_bootstrap._load(spec)` for the spec the finders give `name`: creates and executes
    /// the module even if `sys.modules` has one (a single-phase module with `m_size == -1`
    /// then refreshes that same module from the cache, scenario 29).
    pub fn load<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Obj<'py>> {
        let Some(spec) = self.find_spec(py, name)? else {
            return Err(not_found(format!("No module named {}", str_repr(name))));
        };
        self.load_spec(py, &spec)
    }

    /// `ExtensionFileLoader(name, path)` + `_bootstrap._load`: loads the extension `name`
    /// from the library at `path`, whatever the finders would find.
    pub fn load_extension<'py>(
        &mut self,
        py: Py<'py>,
        name: &str,
        path: &str,
    ) -> PyResult<Obj<'py>> {
        self.load_spec(py, &Spec::extension(name, path))
    }

    /// `_bootstrap._load_unlocked(spec)`: create, set the module attributes, put it in
    /// `sys.modules`, execute (removing it again if that fails), and return what
    /// `sys.modules` then holds. A module left unreachable by a failure is cleared and freed
    /// at once (see `Unfinished`).
    pub fn load_spec<'py>(&mut self, py: Py<'py>, spec: &Spec) -> PyResult<Obj<'py>> {
        if spec.loader == Loader::Namespace || self.source_of(spec)?.is_some() {
            return match self.begin(py, spec.clone(), false)? {
                Step::Ready(m) => Ok(m),
                Step::Exec(e) => {
                    let r = self.run_body(py, &e.name, &e.code, &e.module);
                    self.finish_exec(py, e, r)
                }
            };
        }
        let name = spec.name.as_str();
        let state: &'a InterpImports = self.state;
        let mut m = Unfinished::new(match &spec.loader {
            Loader::Builtin => match self.create_builtin_spec(py, spec)? {
                Some(m) => m,
                None => py.new_module(name)?,
            },
            Loader::Frozen => py.new_module(name)?,
            Loader::Extension { .. } => self.create_dynamic(py, spec)?,
            Loader::Source { .. } | Loader::Namespace => py.new_module(name)?,
        });
        if spec.loader == Loader::Frozen {
            if let Some(f) = spec.loader_state.as_ref().and_then(|s| s.filename.as_ref()) {
                m.setattr("__file__", &py.str(f)?)?;
            }
            m.set_module_origin(Origin::Frozen)?;
        } else if m.kind() == Kind::Module {
            extload::set_origin(&m, spec)?;
        }
        m.track(state);
        init_module_attrs(py, spec, &m, false)?;
        let modules = self.state.modules(py)?;
        let key = py.str(name)?;
        modules.set_item(&key, &m)?;
        let executed = match spec.loader {
            Loader::Frozen => self.exec_frozen(py, name, &m),
            _ => extload::exec_module(&m),
        };
        if let Err(e) = executed {
            if modules.dict_get(&key)?.is_some() {
                modules.del_item(&key)?;
            }
            return Err(e);
        }
        let m = m.finish();
        Ok(modules.dict_get(&key)?.unwrap_or(m))
    }

    /// `importlib.reload(module)`: finds the spec again and executes the module again in
    /// place (frozen code runs again; extension exec slots do not, since the module already has
    /// its state). Returns `sys.modules[name]`.
    pub fn reload<'py>(&mut self, py: Py<'py>, module: &Obj<'py>) -> PyResult<Obj<'py>> {
        match self.reload_step(py, module)? {
            Step::Ready(m) => Ok(m),
            Step::Exec(e) => {
                let r = self.run_body(py, &e.name, &e.code, &e.module);
                self.finish_exec(py, e, r)
            }
        }
    }

    /// [`reload`](Self::reload) of a module whose body is no Python code.
    pub(crate) fn reload_native<'py>(
        &mut self,
        py: Py<'py>,
        module: &Obj<'py>,
    ) -> PyResult<Obj<'py>> {
        let name = reload_name(module)?;
        let modules = self.state.modules(py)?;
        let key = py.str(&name)?;
        if !modules.dict_get(&key)?.is_some_and(|m| m.is(module)) {
            return Err(PyErr::new(
                &exc::IMPORT_ERROR,
                format!("module {name} not in sys.modules"),
            ));
        }
        if let Some((parent, _)) = name.rsplit_once('.')
            && modules.dict_get_str(parent)?.is_none()
        {
            return Err(PyErr::new(
                &exc::IMPORT_ERROR,
                format!("parent {} not in sys.modules", str_repr(parent)),
            ));
        }
        let Some(spec) = self.find_spec(py, &name)? else {
            return Err(not_found(format!(
                "spec not found for the module {}",
                str_repr(&name)
            )));
        };
        init_module_attrs(py, &spec, module, true)?;
        match spec.loader {
            Loader::Frozen => self.exec_frozen(py, &name, module)?,
            _ => extload::exec_module(module)?,
        }
        Ok(modules.dict_get(&key)?.unwrap_or_else(|| module.clone()))
    }

    /// `PyImport_ImportFrozenModule(name)` (the C path the bootstrap uses): `Ok(false)` when
    /// there is no such frozen module, `Ok(true)` once it ran. A package gets `__path__ = []`
    /// first; the module gets `__origname__`, but neither `__file__` nor `__spec__`.
    pub fn import_frozen_module(&mut self, py: Py<'_>, name: &str) -> PyResult<bool> {
        let system = self.state.system();
        let (status, info) = system.find_frozen(name, self.state.use_frozen());
        let info = match (status, info) {
            (FrozenStatus::Okay, Some(info)) => info,
            (FrozenStatus::NotFound | FrozenStatus::Disabled | FrozenStatus::BadName, _) => {
                return Ok(false);
            }
            _ => {
                return Err(frozen_error(status, name)
                    .unwrap_or_else(|| PyErr::new(&exc::IMPORT_ERROR, "")));
            }
        };
        if matches!(info.code, FrozenCode::Excluded | FrozenCode::Invalid) {
            return Err(frozen_error(FrozenStatus::Invalid, name)
                .unwrap_or_else(|| PyErr::new(&exc::IMPORT_ERROR, "")));
        }
        let state: &'a InterpImports = self.state;
        let mut made = Unfinished::new(import_add_module(py, self, name)?);
        made.track(state);
        if info.is_package {
            made.setattr("__path__", &py.list(&[])?)?;
        }
        let modules = self.state.modules(py)?;
        let key = py.str(name)?;
        let ran = match info.code {
            FrozenCode::Code(code) => catch(&format!("frozen module {name}"), || code(py, &made)),
            FrozenCode::Source(src) => subinterp_compile::compile_cached(
                src,
                &format!("<frozen {name}>"),
                subinterp_compile::Mode::Exec,
            )
            .map_err(|e| subinterp_vm::syntax_error(py, &e))
            .and_then(|code| self.run_body(py, name, &code, &made)),
            FrozenCode::Excluded | FrozenCode::Invalid => Ok(()),
        };
        if let Err(e) = ran {
            if modules.dict_get(&key)?.is_some() {
                modules.del_item(&key)?;
            }
            return Err(e);
        }
        let Some(m) = modules.dict_get(&key)? else {
            return Err(PyErr::new(
                &exc::IMPORT_ERROR,
                format!("Loaded module {} not found in sys.modules", str_repr(name)),
            ));
        };
        let orig = match &info.origname {
            Some(o) => py.str(o)?,
            None => py.none(),
        };
        m.setattr("__origname__", &orig)?;
        m.set_module_origin(Origin::Frozen)?;
        drop(made.finish());
        Ok(true)
    }

    /// `BuiltinImporter.create_module(spec)` for `name`: `ImportError("'x' is not a built-in
    /// module")` unless `name` is in `sys.builtin_module_names`.
    pub fn builtin_create_module<'py>(
        &mut self,
        py: Py<'py>,
        name: &str,
    ) -> PyResult<Option<Obj<'py>>> {
        if self.state.system().inittab()?.is_builtin(name) == 0 {
            return Err(PyErr::new(
                &exc::IMPORT_ERROR,
                format!("{} is not a built-in module", str_repr(name)),
            ));
        }
        self.create_builtin(py, name)
    }

    /// `_imp.create_builtin(spec)` for `name`: the module (not executed, not put in
    /// `sys.modules` unless it is single-phase), or `None` when the table has no such entry.
    pub fn create_builtin<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Option<Obj<'py>>> {
        let m = self.create_builtin_spec(py, &Spec::builtin(name))?;
        if let Some(m) = &m {
            self.state.track(py, m);
        }
        Ok(m)
    }

    fn create_builtin_spec<'py>(&mut self, py: Py<'py>, spec: &Spec) -> PyResult<Option<Obj<'py>>> {
        let name = spec.name.as_str();
        let inittab = self.state.system().inittab()?;
        let Some(entry) = inittab.find_last(name) else {
            return Ok(None);
        };
        match entry.init {
            None => Ok(Some(import_add_module(py, self, name)?)),
            Some(init) => {
                let src = ExtSource {
                    path: name,
                    origin: ExtOrigin::Builtin,
                    init,
                };
                Ok(Some(extload::load(py, self, spec, &src)?))
            }
        }
    }

    /// `_imp.create_dynamic(spec)`.
    fn create_dynamic<'py>(&mut self, py: Py<'py>, spec: &Spec) -> PyResult<Obj<'py>> {
        let name = spec.name.as_str();
        let path = spec.path().unwrap_or_default();
        if name.contains('\0') || path.contains('\0') {
            return Err(PyErr::value_error("embedded null character"));
        }
        let init = self
            .state
            .system()
            .extensions()
            .init_fn(path, short_name(name))?;
        let src = ExtSource {
            path,
            origin: ExtOrigin::Dynamic,
            init,
        };
        extload::load(py, self, spec, &src)
    }

    /// `FrozenImporter.exec_module`: looks the code up again (under the current setting) and
    /// runs it in the module.
    fn exec_frozen<'py>(&mut self, py: Py<'py>, name: &str, m: &Obj<'py>) -> PyResult<()> {
        let (status, info) = self
            .state
            .system()
            .find_frozen(name, self.state.use_frozen());
        if let Some(e) = frozen_error(status, name) {
            return Err(e);
        }
        match info.map(|i| i.code) {
            Some(FrozenCode::Code(code)) => catch(&format!("frozen module {name}"), || code(py, m)),
            Some(FrozenCode::Source(_)) => Err(PyErr::new(
                &exc::IMPORT_ERROR,
                format!(
                    "frozen module {} is Python code: import it with import_step",
                    str_repr(name)
                ),
            )),
            _ => Err(frozen_error(FrozenStatus::Invalid, name)
                .unwrap_or_else(|| PyErr::new(&exc::IMPORT_ERROR, ""))),
        }
    }

    /// `_testinternalcapi.clear_extension(name, path)` (`_PyImport_ClearExtension`): forgets
    /// the cached extension `(path, name)` (use the name as path for a builtin) so its next
    /// import loads it fresh. This interpreter's `modules_by_index` slot is emptied; the cache
    /// entry is deleted, and its copy released, in main.
    pub fn clear_extension(&mut self, py: Py<'_>, name: &str, path: &str) -> PyResult<()> {
        let system = self.state.system().clone();
        let Some(cached) = system.cache.get(path, name) else {
            return Ok(());
        };
        self.state.clear_by_index(py, cached.index);
        drop(cached);
        let (path, name) = (path.to_owned(), name.to_owned());
        in_main(self, move |mpy| {
            if let Some(v) = system.cache.delete(&path, &name) {
                match Arc::try_unwrap(v) {
                    Ok(v) => v.release(mpy),
                    Err(v) => drop(v),
                }
            }
        })
    }
}

/// `sys.modules[name]`, with CPython's error for a `None` entry.
pub(crate) fn in_sys_modules<'py>(
    py: Py<'py>,
    state: &InterpImports,
    name: &str,
) -> PyResult<Option<Obj<'py>>> {
    match state.modules(py)?.dict_get_str(name)? {
        Some(m) if m.is_none() => Err(not_found(format!(
            "import of {name} halted; None in sys.modules"
        ))),
        other => Ok(other),
    }
}

/// `_init_module_attrs(spec, module, override)`.
pub(crate) fn init_module_attrs<'py>(
    py: Py<'py>,
    spec: &Spec,
    m: &Obj<'py>,
    force: bool,
) -> PyResult<()> {
    if m.kind() != Kind::Module {
        return Ok(());
    }
    let d = m.module_dict()?;
    let unset =
        |k: &str| -> PyResult<bool> { Ok(force || d.dict_get_str(k)?.is_none_or(|v| v.is_none())) };
    if unset("__name__")? {
        m.setattr("__name__", &py.str(&spec.name)?)?;
    }
    if unset("__loader__")? {
        m.setattr("__loader__", &spec.loader.to_object(py, &spec.name)?)?;
    }
    if unset("__package__")? {
        m.setattr("__package__", &py.str(spec.parent())?)?;
    }
    m.setattr("__spec__", &spec_object(py, spec)?)?;
    if let Some(locs) = &spec.search_locations
        && unset("__path__")?
    {
        let items = locs
            .iter()
            .map(|s| py.str(s))
            .collect::<PyResult<Vec<_>>>()?;
        m.setattr("__path__", &py.list_from(items)?)?;
    }
    if spec.has_location
        && unset("__file__")?
        && let Some(o) = &spec.origin
    {
        m.setattr("__file__", &py.str(o)?)?;
    }
    Ok(())
}

/// The name `importlib.reload` looks `module` up by: `__spec__.name`, else `__name__`.
pub(crate) fn reload_name(module: &Obj<'_>) -> PyResult<String> {
    match module
        .module_dict()?
        .dict_get_str("__spec__")?
        .and_then(|s| crate::spec::spec_of(&s).map(|s| s.name.clone()))
    {
        Some(n) => Ok(n),
        None => module.module_name(),
    }
}
