//! [`Run`]: the one context of a run in progress, handed to the closure of
//! [`Interpreter::run`](crate::Interpreter::run) and passed down explicitly to everything that
//! needs the run's attached thread state: [`allow_threads`](crate::allow_threads),
//! [`check`](crate::check), [`import`](crate::import), the scoped switch
//! [`run_from`](crate::Interpreter::run_from), creating and ending interpreters from inside a
//! run, and the eval loop's host (a thread state made in a run carries the run's core).
//!
//! The closure gets `&mut Run<'py>`, so the borrow checker gives each operation the thread
//! state exclusively: while `run_from`'s or `allow_threads`'s closure runs, the outer context
//! is borrowed and cannot be used. The thread state itself sits in a `RefCell` the run's
//! thread states share with the context (the loop's host must outlive the token, which a
//! `&mut` borrowed from the context cannot); an operation finding it held by another one
//! further up fails with [`Error::WrongToken`] instead of panicking.

use std::cell::{RefCell, RefMut};
use std::sync::Arc;

use subinterp_gil::{Attached, Interp as GilInterp, ThreadState, TstateError, Whence as TsWhence};
use subinterp_object::{Objects, Py, PyResult};
use subinterp_vm::Tstate;

use crate::{Error, Interpreter, Runtime, here, hooks};

/// The context of one run: the GIL token, the interpreter, and the run's attached thread
/// state. Exists only inside a run and cannot leave it (`!Send`, branded like [`Py`]).
///
/// ```
/// use subinterp_runtime::{InterpreterConfig, Runtime, allow_threads, import};
///
/// let rt = Runtime::new()?;
/// let sub = rt.new_interpreter(InterpreterConfig::isolated())?;
/// let text = sub.run(|cx| {
///     let sys = import(cx, "sys")?;
///     allow_threads(cx, std::thread::yield_now).map_err(|e| e.into_pyerr())?;
///     assert_eq!(cx.interpreter().id(), cx.py().interp());
///     sys.repr()
/// })??;
/// assert_eq!(text, "<module 'sys' (built-in)>");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Misuse does not compile. The suspended run's context cannot be used inside the switch
/// (it is borrowed, and the closure must be `Send`):
///
/// ```compile_fail
/// # use subinterp_runtime::{InterpreterConfig, Runtime, check};
/// # let rt = Runtime::new().unwrap();
/// # let (a, b) = (rt.main().unwrap(), rt.new_interpreter(InterpreterConfig::isolated()).unwrap());
/// a.run(|cx| b.run_from(cx, |_| check(cx)));
/// ```
///
/// nor can a context leave its run:
///
/// ```compile_fail
/// # use subinterp_runtime::{InterpreterConfig, Runtime};
/// # let rt = Runtime::new().unwrap();
/// # let a = rt.main().unwrap();
/// let mut kept = None;
/// a.run(|cx| kept = Some(cx.py()));
/// ```
pub struct Run<'py> {
    py: Py<'py>,
    core: &'py Core<'py>,
}

/// What a run's thread states share with its context.
pub(crate) struct Core<'py> {
    pub(crate) interp: &'py Interpreter,
    attached: RefCell<&'py mut Attached>,
}

impl Core<'_> {
    /// The run's attached thread state, unless an operation further up holds it.
    pub(crate) fn attached(&self) -> Result<RefMut<'_, Attached>, Error> {
        self.attached
            .try_borrow_mut()
            .map(|a| RefMut::map(a, |a| &mut **a))
            .map_err(|_| Error::WrongToken(self.interp.id()))
    }
}

impl<'py> Run<'py> {
    /// The GIL token of the run.
    #[inline]
    pub fn py(&self) -> Py<'py> {
        self.py
    }

    /// The interpreter this run runs.
    pub fn interpreter(&self) -> &'py Interpreter {
        self.core.interp
    }

    /// The runtime of that interpreter.
    pub fn runtime(&self) -> Runtime {
        self.core.interp.runtime()
    }

    pub(crate) fn core(&self) -> &'py Core<'py> {
        self.core
    }

    /// The run's attached thread state, for an operation that releases or switches it.
    pub(crate) fn attached(&mut self) -> Result<RefMut<'_, Attached>, Error> {
        self.core.attached()
    }
}

/// Runs `f` with the context of the run a native function runs in, reached through its
/// thread state `ts`: for native code that passes the context on (`exec_in_run`,
/// `run_from`, `allow_threads`, creating or ending interpreters). The context has its own
/// token (the thread state is borrowed meanwhile); `SystemError` for a thread state the
/// runtime did not make.
///
/// ```
/// use subinterp_runtime::{Args, Obj, PyResult, Tstate, with_run};
///
/// fn reenter<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, _: Args<'_, 'py>)
///     -> PyResult<Obj<'py>> {
///     with_run(ts, |cx| cx.interpreter().exec_in_run(cx, "x = 1"))?
///         .map_err(|e| e.into_pyerr())?;
///     Ok(ts.py().none())
/// }
/// ```
pub fn with_run<R>(
    ts: &mut Tstate<'_>,
    f: impl for<'py> FnOnce(&mut Run<'py>) -> R,
) -> PyResult<R> {
    let interp = crate::host::interp_of(ts)?;
    let objects = ts.py().objects();
    let mut attached = crate::host::native_attached(ts)?;
    // SAFETY: `ts` is attached to `interp` on this thread (the runtime made it inside a run
    // of `interp`, whose attached state `attached` is), so that state holds the GIL
    // serialising `objects`' heap for this call.
    Ok(unsafe { enter(&interp, objects, &mut attached, f) })
}

/// Runs `f` with a fresh context of a run of `interp` over `attached` and `objects`.
///
/// # Safety
/// `attached` is attached on this thread to `interp`'s GIL, which serialises `objects`' heap,
/// and the rules of `Objects::with_gil` hold for the call (see `Interpreter::body`).
pub(crate) unsafe fn enter<R>(
    interp: &Interpreter,
    objects: &Objects,
    attached: &mut Attached,
    f: impl for<'py> FnOnce(&mut Run<'py>) -> R,
) -> R {
    let core = Core {
        interp,
        attached: RefCell::new(&mut *attached),
    };
    // SAFETY: forwarded contract.
    unsafe { scoped(&core, objects, f) }
}

/// # Safety
/// As [`enter`].
unsafe fn scoped<'py, R>(
    core: &'py Core<'py>,
    objects: &'py Objects,
    f: impl for<'x> FnOnce(&mut Run<'x>) -> R,
) -> R {
    // SAFETY: the GIL rules are the caller's; the token goes only to `f`, which is generic
    // over its lifetime, and into the context `f` borrows.
    let py = unsafe { objects.token() };
    f(&mut Run { py, core })
}

/// Runs `f` with a fresh thread state of `gil` attached on this thread (runtime work: setting
/// up or tearing down an interpreter): a plain attach when the thread runs nothing (`outer` is
/// `None`), a scoped switch from the run's thread state `outer` otherwise. The runs below are
/// hidden while `f` runs, and the state is deleted afterwards.
pub(crate) fn with_attached<R>(
    gil: &Arc<GilInterp>,
    whence: TsWhence,
    outer: Option<&mut Attached>,
    f: impl FnOnce(&mut Attached) -> R,
) -> Result<R, TstateError> {
    let ts = ThreadState::new(gil, whence)?;
    match outer {
        Some(outer) => {
            let mut inner = outer.enter(&ts)?;
            let hidden = here::push_released();
            let r = f(&mut inner);
            drop(hidden);
            if inner.leave().is_err() {
                // The outer interpreter is in a run, so nothing can end it.
                hooks::lost_gil();
            }
            Ok(r)
        }
        None => {
            let mut attached = ts.attach()?;
            let hidden = here::push_released();
            let r = f(&mut attached);
            drop(hidden);
            // A failed detach means the GIL is not held any more; nothing to release.
            let _ = attached.detach();
            Ok(r)
        }
    }
}
