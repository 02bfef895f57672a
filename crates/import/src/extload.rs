//! Loading builtin and extension modules (reference §4, §5): the cache lookup, running the init
//! function in main, single-phase finishing and reloading from the cache, multi-phase creation
//! and execution.
//!
//! # Single-phase modules and the main-owned copy
//!
//! | importer | first load (cache miss) | later loads (cache hit) |
//! |---|---|---|
//! | main | init runs in main; module `M0` (has a def); `m_size == -1`: its dict is copied into the cache | `-1`: a module rebuilt from the copy (no def); `>= 0`: init runs again |
//! | shares main's heap (legacy) | init runs in main; then as a cache hit | `-1`: the copy's items are copied into a new module of the importer; `>= 0`: init runs again, in the importer |
//! | own heap, check on | init runs in main (cached); `ImportError` | `ImportError` |
//! | own heap, check overridden off | init runs in main (cached); then init runs **again in the importer** | init runs in the importer |
//!
//! The last row is where CPython shares main's objects with an interpreter that has its own
//! allocator and GIL ("here be dragons", reference §8.2). Here an interpreter only ever binds
//! the copy when it allocates from main's heap (and therefore runs under main's GIL); any
//! other interpreter gets a module its own init run made, so no object of main's heap ever
//! lands in its heap.

use std::sync::Arc;

use subinterp_object::{Obj, Origin, Py, PyErr, PyResult, exc};

use crate::cache::{CachedExt, ExtOrigin};
use crate::def::{Init, InitFn, ModuleDef, MultiInterp, Size, Slot, module_def, set_def};
use crate::modapi::with_package_context;
use crate::spec::Spec;
use crate::state::ImportCx;
use crate::switch::{catch, in_main, transfer};
use crate::unfinished::Unfinished;

/// Where an extension comes from: the cache key's path, its origin, and what to call.
pub(crate) struct ExtSource<'s> {
    pub(crate) path: &'s str,
    pub(crate) origin: ExtOrigin,
    pub(crate) init: InitFn,
}

/// What running the init function in main produced, as `Send` data.
enum MainOutcome {
    /// Another import filled the cache while this one waited for main's import lock.
    Cached(Arc<CachedExt>),
    Failed(PyErr),
    Multi(&'static ModuleDef),
    Single {
        cached: Arc<CachedExt>,
        /// The init function's module, when the importer is main itself.
        module: Option<subinterp_object::ObjRef>,
    },
}

/// The short name (`name_encoded`, the last dotted component) used in init error messages.
pub(crate) fn short_name(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// Runs `init` under `py`, with the package context a dynamic extension gets, catching
/// panics.
fn run_init<'py>(py: Py<'py>, init: InitFn, name: &str, dynamic: bool) -> PyResult<Init<'py>> {
    let ctx = dynamic.then_some(name);
    with_package_context(ctx, || {
        catch(&format!("initialization of {}", short_name(name)), || {
            init(py)
        })
    })
}

/// Checks what a single-phase init function returned (`_PyImport_RunModInitFunc`'s
/// classification).
fn check_single<'py>(m: &Obj<'py>, name: &str) -> PyResult<&'static ModuleDef> {
    let short = short_name(name);
    if m.kind() != subinterp_object::Kind::Module {
        return Err(PyErr::new(
            &exc::SYSTEM_ERROR,
            format!("initialization of {short} did not return an extension module"),
        ));
    }
    module_def(m)?.ok_or_else(|| {
        PyErr::new(
            &exc::SYSTEM_ERROR,
            format!("initialization of {short} did not return a valid extension module"),
        )
    })
}

/// `import_run_extension` (plus the cache lookup `create_dynamic` / `create_builtin` do first):
/// the module for `spec`, loaded through `src`.
pub(crate) fn load<'py>(
    py: Py<'py>,
    cx: &mut ImportCx<'_>,
    spec: &Spec,
    src: &ExtSource<'_>,
) -> PyResult<Obj<'py>> {
    let name = spec.name.as_str();
    // `import_find_extension`: a cache hit is checked with the full name (gh-104621).
    if let Some(cached) = cx.state.system().cache.get(src.path, name) {
        cx.state.check_allowed(name)?;
        if let Some(m) = reload_single(py, cx, spec, src, &cached)? {
            return Ok(m);
        }
        // The entry can no longer be reloaded: drop it and load afresh ("the dance").
        if let Some(old) = cx.state.system().cache.delete(src.path, name)
            && let Ok(old) = Arc::try_unwrap(old)
        {
            old.release(py);
        }
    }
    let outcome = run_in_main(cx, spec, src)?;
    match outcome {
        MainOutcome::Cached(cached) => {
            reload_single(py, cx, spec, src, &cached)?.ok_or_else(|| not_loadable(name))
        }
        MainOutcome::Failed(e) => Err(transfer(e, cx.shares_main_heap(py), name)),
        MainOutcome::Multi(def) => from_def(py, cx, spec, def),
        MainOutcome::Single { cached, module } => {
            // The short name on this (cache-miss) path, as CPython's `name_buf`.
            if let Err(e) = cx.state.check_allowed(short_name(name)) {
                if let Some(m) = module {
                    m.release(py);
                }
                return Err(e);
            }
            match module {
                // In main: `finish_singlephase_extension`.
                Some(m) => {
                    let m = m.into_bound(py).map_err(|e| PyErr::from(e.error))?;
                    cx.state.set_by_index(py, cached.index, &m);
                    cx.state.modules(py)?.set_item(&py.str(name)?, &m)?;
                    Ok(m)
                }
                None => {
                    reload_single(py, cx, spec, src, &cached)?.ok_or_else(|| not_loadable(name))
                }
            }
        }
    }
}

#[cold]
fn not_loadable(name: &str) -> PyErr {
    PyErr::new(
        &exc::SYSTEM_ERROR,
        format!("cached module {name} could not be loaded"),
    )
}

/// Runs the init function in main and, for a single-phase module, fills the cache there,
/// unless the cache already has the module (filled by another interpreter's import while this
/// one waited for main's import lock: the init function of a single-phase module runs once).
fn run_in_main(cx: &mut ImportCx<'_>, spec: &Spec, src: &ExtSource<'_>) -> PyResult<MainOutcome> {
    let system = cx.state.system().clone();
    let importer_is_main = cx.state.settings.is_main;
    let main_id = cx.main.state.id();
    let name = spec.name.as_str();
    let (path, origin, init) = (src.path, src.origin, src.init);
    in_main(cx, move |mpy| {
        if let Some(cached) = system.cache.get(path, name) {
            return MainOutcome::Cached(cached);
        }
        let res = run_init(mpy, init, name, origin == ExtOrigin::Dynamic);
        let m = match res {
            Err(e) => return MainOutcome::Failed(e),
            Ok(Init::Def(def)) => return MainOutcome::Multi(def),
            // Freed if it fails the checks or cannot be copied (`M0` is not cached yet).
            Ok(Init::Module(m)) => Unfinished::new(m),
        };
        let def = match check_single(&m, name) {
            Ok(d) => d,
            Err(e) => return MainOutcome::Failed(e),
        };
        if origin == ExtOrigin::Dynamic {
            // CPython ignores a failure to set `__file__` here.
            if let Ok(f) = mpy.str(path) {
                let _ = m.setattr("__file__", &f);
            }
        }
        let m_dict = match def.size {
            Size::Legacy => match m.module_dict().and_then(|d| d.dict_copy()) {
                Ok(d) => Some(d.unbind()),
                Err(e) => return MainOutcome::Failed(e),
            },
            _ => None,
        };
        let value = CachedExt {
            def,
            init,
            index: system.module_index(def),
            m_dict,
            module: Some(m.to_ref()),
            origin,
            owner: main_id,
        };
        let m = m.finish();
        let (cached, rejected) = system.cache.set(path, name, value);
        if let Some(r) = rejected {
            r.release(mpy);
        }
        MainOutcome::Single {
            cached,
            module: importer_is_main.then(|| m.unbind()),
        }
    })
}

/// `reload_singlephase_extension`: the module for a cache hit, or `None` when the entry cannot
/// be reloaded (the caller then deletes it and loads afresh).
fn reload_single<'py>(
    py: Py<'py>,
    cx: &mut ImportCx<'_>,
    spec: &Spec,
    src: &ExtSource<'_>,
    cached: &CachedExt,
) -> PyResult<Option<Obj<'py>>> {
    let name = spec.name.as_str();
    cx.state.check_allowed(name)?;
    let m = match (cached.def.size, &cached.m_dict) {
        (Size::Legacy, None) => return Ok(None),
        (Size::Legacy, Some(copy)) if cx.shares_main_heap(py) => {
            let copy = copy.bind(py)?;
            let m = import_add_module(py, cx, name)?;
            m.module_dict()?.dict_update(&copy)?;
            m
        }
        // Own heap (the check was overridden), or `m_size >= 0`: init runs here.
        _ => {
            let m = match run_init(py, cached.init, name, src.origin == ExtOrigin::Dynamic)? {
                Init::Module(m) => Unfinished::new(m),
                Init::Def(_) => {
                    return Err(PyErr::new(
                        &exc::SYSTEM_ERROR,
                        format!(
                            "initialization of {} did not return an extension module",
                            short_name(name)
                        ),
                    ));
                }
            };
            check_single(&m, name)?;
            if src.origin == ExtOrigin::Dynamic {
                m.setattr("__file__", &py.str(src.path)?)?;
            }
            cx.state.modules(py)?.set_item(&py.str(name)?, &m)?;
            m.finish()
        }
    };
    cx.state.set_by_index(py, cached.index, &m);
    Ok(Some(m))
}

/// `import_add_module`: `sys.modules[name]` if it is a module, else a new module put there.
pub(crate) fn import_add_module<'py>(
    py: Py<'py>,
    cx: &ImportCx<'_>,
    name: &str,
) -> PyResult<Obj<'py>> {
    let modules = cx.state.modules(py)?;
    let key = py.str(name)?;
    if let Some(m) = modules.dict_get(&key)?
        && m.kind() == subinterp_object::Kind::Module
    {
        return Ok(m);
    }
    let m = py.new_module(name)?;
    modules.set_item(&key, &m)?;
    Ok(m)
}

/// `PyModule_FromDefAndSpec`: creates a multi-phase module from `def` in the importing
/// interpreter, after the multiple-interpreters check. Execution is [`exec_module`].
pub(crate) fn from_def<'py>(
    py: Py<'py>,
    cx: &ImportCx<'_>,
    spec: &Spec,
    def: &'static ModuleDef,
) -> PyResult<Obj<'py>> {
    let name = spec.name.as_str();
    let sys_err = |msg: String| PyErr::new(&exc::SYSTEM_ERROR, msg);
    cx.state.system().module_index(def);
    if def.size.m_size() < 0 {
        return Err(sys_err(format!(
            "module {name}: m_size may not be negative for multi-phase initialization"
        )));
    }
    let slots = def.slots.unwrap_or(&[]);
    let mut create = None;
    let mut multi = None;
    let mut has_exec = false;
    for slot in slots {
        match *slot {
            Slot::Create(f) => {
                if create.replace(f).is_some() {
                    return Err(sys_err(format!("module {name} has multiple create slots")));
                }
            }
            Slot::MultipleInterpreters(v) => {
                if multi.replace(v).is_some() {
                    return Err(sys_err(format!(
                        "module {name} has more than one 'multiple interpreters' slots"
                    )));
                }
            }
            Slot::Exec(_) => has_exec = true,
        }
    }
    let multi = multi.unwrap_or(MultiInterp::Supported);
    let settings = &cx.state.settings;
    let refuse = !settings.is_main
        && cx.state.check_multi_interp_extensions()
        && (multi == MultiInterp::NotSupported
            || (settings.own_gil && multi != MultiInterp::PerInterpreterGilSupported));
    if refuse {
        return Err(PyErr::new(
            &exc::IMPORT_ERROR,
            format!("module {name} does not support loading in subinterpreters"),
        ));
    }
    let m = Unfinished::new(match create {
        Some(f) => catch(&format!("creation of module {name}"), || f(py, spec, def))?,
        None => py.new_module(name)?,
    });
    if m.kind() == subinterp_object::Kind::Module {
        set_def(&m, def)?;
        subinterp_vm::add_functions(&m, def.methods)?;
        if let Some(doc) = def.doc {
            m.setattr("__doc__", &py.str(doc)?)?;
        }
    } else {
        if matches!(def.size, Size::State(_)) {
            return Err(sys_err(format!(
                "module {name} is not a module object, but requests module state"
            )));
        }
        if has_exec {
            return Err(sys_err(format!(
                "module {name} specifies execution slots, but did not create a ModuleType instance"
            )));
        }
        for d in def.methods {
            m.setattr(d.name, &subinterp_vm::new_builtin(py, d, Some(&m))?)?;
        }
    }
    Ok(m.finish())
}

/// `exec_builtin_or_dynamic`: runs a module's exec slots once. A no-op for non-modules,
/// modules without a def (rebuilt from a cached copy) and modules that already have their
/// state (already executed); otherwise the state is created (`m_size >= 0`) and the exec slots
/// run in order.
pub(crate) fn exec_module(m: &Obj<'_>) -> PyResult<()> {
    if m.kind() != subinterp_object::Kind::Module {
        return Ok(());
    }
    let Some(def) = module_def(m)? else {
        return Ok(());
    };
    match def.size {
        Size::Legacy => {}
        Size::Zero => {
            if m.module_state::<Executed>().is_some() {
                return Ok(());
            }
            m.init_module_state(Executed)?;
        }
        Size::State(s) => {
            if s.is_set(m) {
                return Ok(());
            }
            s.init(m)?;
        }
    }
    let name = m.module_name().unwrap_or_else(|_| def.name.to_owned());
    for slot in def.slots.unwrap_or(&[]) {
        if let Slot::Exec(f) = *slot {
            catch(&format!("execution of module {name}"), || f(m))?;
        }
    }
    Ok(())
}

/// The state of an executed `m_size == 0` module (CPython's `PyMem_Malloc(0)` marker).
struct Executed;

/// Sets the repr origin of an extension or builtin module.
pub(crate) fn set_origin(m: &Obj<'_>, spec: &Spec) -> PyResult<()> {
    match spec.path() {
        Some(p) => m.set_module_origin(Origin::File(p.to_owned())),
        None => m.set_module_origin(Origin::BuiltIn),
    }
}
