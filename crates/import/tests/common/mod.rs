//! A minimal runtime for tests, built from the object, obmalloc and GIL pieces: a main
//! interpreter and sub-interpreters (legacy: main's heap and GIL; isolated: their own), each
//! with its import state. Shared by this crate's tests and `subinterp-testmodules`' tests.

#![allow(dead_code, unreachable_pub)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use subinterp_config::{InterpreterConfig, ValidConfig};
use subinterp_gil::{Gil, Interp as GilInterp, ThreadState, Whence};
use subinterp_import::{
    ImportConfig, ImportCx, ImportSystem, InterpImports, InterpSettings, MainRef,
};
use subinterp_object::{EndReport, InterpId, Objects, Py, PyErr};
use subinterp_obmalloc::Heap;

/// Runs a module body of Python code (frozen Python source) on a fresh thread state of the
/// eval loop, as the runtime's loop would.
fn run_body<'py>(
    py: Py<'py>,
    code: &Arc<subinterp_compile::Code>,
    module: &subinterp_object::Obj<'py>,
) -> subinterp_object::PyResult<()> {
    let mut ts = subinterp_vm::Tstate::new(py, Box::new(subinterp_vm::Capture::new()))?;
    // No `__builtins__` entry: this thread state's builtins go with it (the runtime's are
    // the interpreter's, kept until it ends).
    let r = ts.exec(code, &module.module_dict()?).map(drop);
    let builtins = ts.builtins().clone();
    let _ = ts.detach().release(py);
    // The builtins refer to each other (as an interpreter's do until it ends): cleared, they
    // are freed with the last function of the module that uses them.
    builtins.dict_clear()?;
    r
}

/// One interpreter of the test runtime.
pub struct Interp {
    pub id: InterpId,
    pub gil: Arc<GilInterp>,
    pub objects: Objects,
    pub state: Arc<InterpImports>,
    pub config: ValidConfig,
}

/// A test runtime: an import system and a main interpreter.
pub struct Rt {
    pub imports: ImportSystem,
    pub main: Interp,
    next_id: AtomicU64,
}

impl Rt {
    /// A runtime with `config`, initialized, with main set up.
    pub fn new(config: ImportConfig) -> Rt {
        let imports = ImportSystem::new(config);
        imports.set_source_runner(run_body);
        imports.initialize(None).expect("initialize");
        let main = Rt::make_main(&imports);
        Rt {
            imports,
            main,
            next_id: AtomicU64::new(1),
        }
    }

    /// A runtime over an import system that is already initialized.
    pub fn attach(imports: ImportSystem) -> Rt {
        let main = Rt::make_main(&imports);
        Rt {
            imports,
            main,
            next_id: AtomicU64::new(1),
        }
    }

    fn make_main(imports: &ImportSystem) -> Interp {
        let gil = GilInterp::new_main(InterpId::new(0), Arc::new(Gil::new()));
        let objects = Objects::new(InterpId::new(0), Heap::new());
        let state = with_attached(&gil, |_| {
            // SAFETY: the thread state attached by `with_attached` holds main's GIL.
            unsafe { objects.with_gil(|py| imports.setup_interp(py, InterpSettings::main())) }
        })
        .expect("setup main");
        Interp {
            id: InterpId::MAIN,
            gil,
            objects,
            state,
            config: ValidConfig::main(),
        }
    }

    /// A sub-interpreter created with `config`.
    pub fn sub(&self, config: InterpreterConfig) -> Interp {
        self.sub_with(config, |_| {})
    }

    /// A sub-interpreter created with `config`, its import settings adjusted by `adjust`.
    pub fn sub_with(
        &self,
        config: InterpreterConfig,
        adjust: impl FnOnce(&mut InterpSettings),
    ) -> Interp {
        let config = config.validate().expect("valid config");
        let id = InterpId::new(self.next_id.fetch_add(1, Ordering::Relaxed));
        let gil = if config.own_gil() {
            Arc::new(Gil::new())
        } else {
            self.main.gil.gil().clone()
        };
        let gil = GilInterp::new(id, gil);
        let objects = if config.config().use_main_obmalloc {
            Objects::new_sharing(id, &self.main.objects)
        } else {
            Objects::new(id, Heap::new())
        };
        let mut settings = InterpSettings::from_config(&config, false);
        adjust(&mut settings);
        let state = with_attached(&gil, |_| {
            // SAFETY: the attached thread state holds this interpreter's GIL.
            unsafe { objects.with_gil(|py| self.imports.setup_interp(py, settings)) }
        })
        .expect("setup sub");
        Interp {
            id,
            gil,
            objects,
            state,
            config,
        }
    }

    /// A legacy sub-interpreter (`Py_NewInterpreter`).
    pub fn legacy(&self) -> Interp {
        self.sub(InterpreterConfig::legacy())
    }

    /// An isolated sub-interpreter (`_interpreters.create()`).
    pub fn isolated(&self) -> Interp {
        self.sub(InterpreterConfig::isolated())
    }

    /// Runs `f` in `it` on this thread, with a token and an import context.
    pub fn run<R>(
        &self,
        it: &Interp,
        f: impl for<'py> FnOnce(Py<'py>, &mut ImportCx<'_>) -> R,
    ) -> R {
        with_attached(&it.gil, |att| {
            let main = MainRef {
                objects: &self.main.objects,
                interp: &self.main.gil,
                state: &self.main.state,
            };
            let mut cx = ImportCx {
                state: &it.state,
                tstate: att,
                main,
            };
            // SAFETY: `att` holds `it`'s GIL (the one serialising its heap) for the whole call;
            // an import releases it only inside the GIL crate's scoped switches.
            unsafe { it.objects.with_gil(|py| f(py, &mut cx)) }
        })
    }

    /// Runs `f` in main.
    pub fn in_main<R>(&self, f: impl for<'py> FnOnce(Py<'py>, &mut ImportCx<'_>) -> R) -> R {
        self.run(&self.main, f)
    }

    /// Ends a sub-interpreter: its import state, then its heap.
    pub fn end(&self, it: Interp) -> EndReport {
        self.run(&it, |py, cx| {
            let r = self.imports.end_interp(py, cx.state);
            // Functions of Python modules release their namespaces through the deferred
            // queue (as the runtime's end runs it).
            py.run_deferred();
            r
        })
        .expect("end_interp");
        let Interp { objects, state, .. } = it;
        drop(state);
        objects.end()
    }

    /// Ends main and finalizes the import system; returns main's end report.
    pub fn finalize(self) -> EndReport {
        let Rt { imports, main, .. } = self;
        with_attached(&main.gil, |_| {
            // SAFETY: the attached state holds main's GIL.
            unsafe {
                main.objects.with_gil(|py| {
                    imports.end_interp(py, &main.state).expect("end main");
                    py.run_deferred();
                    imports.finalize(py);
                })
            }
        });
        let Interp { objects, state, .. } = main;
        drop(state);
        objects.end()
    }

    /// Finalizes and initializes again (`runtime finalize` + `runtime init`), keeping the
    /// import system (and its statics).
    pub fn reinit(self) -> Rt {
        let imports = self.imports.clone();
        self.finalize();
        imports.initialize(None).expect("initialize again");
        let main = Rt::make_main(&imports);
        Rt {
            imports,
            main,
            next_id: AtomicU64::new(1),
        }
    }
}

/// Attaches a fresh thread state of `it` on this thread for the call.
pub fn with_attached<R>(
    it: &Arc<GilInterp>,
    f: impl FnOnce(&mut subinterp_gil::Attached) -> R,
) -> R {
    let ts = ThreadState::new(it, Whence::Unknown).expect("thread state");
    let mut att = ts.attach().expect("attach");
    let r = f(&mut att);
    att.detach().expect("detach");
    drop(ts);
    r
}

/// `Type: message`, as transcripts print errors.
pub fn err_text(e: &PyErr) -> String {
    e.to_string()
}

/// Calling a native function from a test as the eval loop calls it: on a fresh thread state
/// (native functions take one; the test runtime has no run to lend its own).
pub trait CallNative<'py> {
    /// `self(*args)`.
    fn call_native(
        &self,
        args: &[subinterp_object::Obj<'py>],
    ) -> subinterp_object::PyResult<subinterp_object::Obj<'py>>;
}

impl<'py> CallNative<'py> for subinterp_object::Obj<'py> {
    fn call_native(
        &self,
        args: &[subinterp_object::Obj<'py>],
    ) -> subinterp_object::PyResult<subinterp_object::Obj<'py>> {
        let host = Box::new(subinterp_vm::Capture::new());
        subinterp_vm::Tstate::new(self.py(), host)?.call(self, subinterp_vm::Args::positional(args))
    }
}
