//! Creating interpreters: the main one at initialization (`pycore_create_interpreter`) and
//! sub-interpreters (`new_interpreter`).

use std::sync::Arc;

use subinterp_config::{FeatureFlags, InterpreterConfig, ValidConfig};
use subinterp_gil::{Attached, Interp as GilInterp, Whence as TsWhence};
use subinterp_import::InterpSettings;
use subinterp_object::{InterpId, Objects, Origin, Py, PyErr, PyResult};

use crate::error::{CreateError, SubCreationFailed};
use crate::runtime::RtInner;
use crate::state::{InterpState, Modules};
use crate::{Error, Whence, end, hooks, run};

/// `Py_Initialize`: the import tables are copied and main (id 0) is created. A no-op when the
/// runtime is initialized already, as in CPython.
pub(crate) fn initialize(rt: &Arc<RtInner>) -> Result<(), Error> {
    let _life = rt.lifecycle.lock();
    if rt.reg.lock().initialized {
        return Ok(());
    }
    let span = tracing::info_span!("runtime.initialize");
    let _span = span.enter();
    if let Err(e) = rt.imports.initialize(None) {
        return Err(PyErr::new(&subinterp_object::exc::SYSTEM_ERROR, e.to_string()).into());
    }
    let id = InterpId::new(0);
    let objects = Objects::new(id, rt.opts.new_heap(id));
    let gil = GilInterp::new_main_owned(id, Arc::new(rt.opts.new_gil()));
    let st = Arc::new(InterpState::new(
        id,
        Whence::Runtime,
        ValidConfig::main(),
        gil,
        objects,
    ));
    // SAFETY: `st` is not published yet: this thread is its only user.
    if let Some(objects) = unsafe { st.objects.get() } {
        hooks::install_defer_hook(&st, objects);
    }
    if let Err(e) = setup(rt, &st, InterpSettings::main(), None) {
        let _ = end::end_unpublished(rt, &st, true, None);
        return Err(match e {
            CreateError::Setup(e) => Error::Py(e),
            CreateError::Tstate(e) => Error::Tstate(e),
            _ => Error::NotInitialized,
        });
    }
    let mut reg = rt.reg.lock();
    reg.initialized = true;
    reg.finalizing = false;
    reg.next_id = 1;
    reg.queues = Arc::new(subinterp_xi::Queues::new());
    reg.map.insert(0, st.clone());
    reg.main = Some(st);
    Ok(())
}

/// `new_interpreter` for a sub-interpreter.
/// `outer` is the thread state of the run this thread is in (`None` outside every run): the
/// setup switches away from it.
pub(crate) fn create(
    rt: &Arc<RtInner>,
    config: &InterpreterConfig,
    whence: Whence,
    mut outer: Option<&mut Attached>,
) -> Result<Arc<InterpState>, Error> {
    let fail = |id: Option<u64>, cause: CreateError| {
        Error::CreationFailed(SubCreationFailed {
            id: id.map(InterpId::new),
            cause,
        })
    };
    let (id, main) = {
        let mut reg = rt.reg.lock();
        let main = match (&reg.main, reg.initialized && !reg.finalizing) {
            (Some(m), true) => m.clone(),
            _ => return Err(fail(None, CreateError::NotInitialized)),
        };
        let id = reg.next_id;
        reg.next_id += 1;
        (id, main)
    };
    let span = tracing::info_span!("interp.create", id);
    let _span = span.enter();
    // Pin main while this creation may use main's heap and import state: finalization drains
    // main's runs before it ends main.
    if main.enter(false).is_err() {
        return Err(fail(Some(id), CreateError::NotInitialized));
    }
    let _pin = Pin(&main);
    let valid = config
        .validate()
        .map_err(|e| fail(Some(id), CreateError::Config(e)))?;
    let iid = InterpId::new(id);
    let objects = if valid
        .feature_flags()
        .contains(FeatureFlags::USE_MAIN_OBMALLOC)
    {
        // SAFETY: main is pinned (entered above), a reader its object slot allows.
        let main_objects = unsafe { main.objects.get() };
        match main_objects {
            Some(m) => Objects::new_sharing(iid, m),
            None => return Err(fail(Some(id), CreateError::NotInitialized)),
        }
    } else {
        Objects::new(iid, rt.opts.new_heap(iid))
    };
    let gil = if valid.own_gil() {
        Arc::new(rt.opts.new_gil())
    } else {
        main.gil().gil().clone()
    };
    let own_heap = objects.heap_owner() == iid;
    let st = Arc::new(InterpState::new(
        iid,
        whence,
        valid,
        GilInterp::new_owned(iid, gil),
        objects,
    ));
    if own_heap {
        // SAFETY: `st` is not published yet: this thread is its only user.
        if let Some(objects) = unsafe { st.objects.get() } {
            hooks::install_defer_hook(&st, objects);
        }
    }
    if let Err(e) = setup(
        rt,
        &st,
        InterpSettings::from_config(&valid, false),
        outer.as_deref_mut(),
    ) {
        let _ = end::end_unpublished(rt, &st, false, outer);
        return Err(fail(Some(id), e));
    }
    let published = {
        let mut reg = rt.reg.lock();
        let ok = reg.initialized && !reg.finalizing;
        if ok {
            reg.map.insert(id, st.clone());
        }
        ok
    };
    if !published {
        let _ = end::end_unpublished(rt, &st, false, outer);
        return Err(fail(Some(id), CreateError::NotInitialized));
    }
    Ok(st)
}

/// Leaves main's run (the pin) when dropped.
struct Pin<'a>(&'a InterpState);

impl Drop for Pin<'_> {
    fn drop(&mut self) {
        self.0.leave(false);
    }
}

/// Sets up the new interpreter's modules under its GIL.
fn setup(
    rt: &RtInner,
    st: &Arc<InterpState>,
    settings: InterpSettings,
    outer: Option<&mut Attached>,
) -> Result<(), CreateError> {
    let gil = st.gil();
    let r = run::with_attached(&gil, TsWhence::Init, outer, |_attached| {
        // SAFETY: `st` is not published yet: this thread is its only user.
        match unsafe { st.objects.get() } {
            // SAFETY: `_attached` holds `st`'s GIL, which serialises `objects`' heap (see
            // `Interpreter::body`).
            Some(objects) => unsafe { objects.with_gil(|py| setup_modules(rt, st, py, settings)) },
            None => Err(PyErr::no_memory()),
        }
    })
    .map_err(CreateError::Tstate)?;
    r.map_err(|e| CreateError::Setup(Box::new(e)))
}

/// `sys` (through the import system, with `sys.modules`), `builtins` and `__main__`, whose
/// namespace is CPython's fresh one: `__name__`, `__doc__`, `__package__`, `__loader__`,
/// `__spec__`, `__annotations__`, `__builtins__`.
fn setup_modules(
    rt: &RtInner,
    st: &InterpState,
    py: Py<'_>,
    settings: InterpSettings,
) -> PyResult<()> {
    let imports = rt.imports.setup_interp(py, settings)?;
    let modules = imports.modules(py)?;
    let sys = imports.sys_module(py)?;
    // Set at once, so a failure below still ends the import state.
    let _ = st.imports.set(imports);
    subinterp_vm::add_functions(&sys, &crate::sysmod::SYS_FUNCTIONS)?;
    subinterp_vm::add_functions(&sys, &crate::modules::sys_extra::SYS_EXTRA)?;
    crate::sysmod::add_vm_functions(py, &sys)?;
    subinterp_stdlib::add_sys_attributes(&sys)?;
    let builtins = py.new_module("builtins")?;
    builtins.set_module_origin(Origin::BuiltIn)?;
    modules.set_item(&py.str("builtins")?, &builtins)?;
    let main = py.new_module("__main__")?;
    main.setattr("__annotations__", &py.dict()?)?;
    main.setattr("__builtins__", &builtins)?;
    main.set_module_origin(Origin::BuiltIn)?;
    modules.set_item(&py.str("__main__")?, &main)?;
    *st.modules.lock() = Some(Modules {
        builtins: builtins.unbind(),
        main: main.unbind(),
        vm: None,
        vm_seed: None,
    });
    Ok(())
}
