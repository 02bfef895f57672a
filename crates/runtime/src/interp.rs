//! [`Interpreter`]: a handle to one interpreter, and running code in it.

use std::hash::{Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;

use subinterp_config::{FeatureFlags, InterpreterConfig};
use subinterp_gil::{Attached, ThreadState, TstateError, Whence as TsWhence};
use subinterp_object::{InterpId, Objects, Py};

use crate::runtime::RtInner;
use crate::state::{InterpState, Refused};
use crate::{EndReport, Error, Panic, Run, Runtime, Whence, end, here, hooks, run};

/// A handle to one interpreter: cheap to clone, `Send + Sync`, usable from any OS thread.
///
/// Two handles are equal when they name the same interpreter of the same runtime. A handle
/// outlives its interpreter harmlessly: once the interpreter has ended (or the runtime was
/// finalized, even if it was initialized again since) every operation fails with
/// `InterpreterNotFoundError`.
#[derive(Clone)]
pub struct Interpreter {
    pub(crate) rt: Arc<RtInner>,
    pub(crate) st: Arc<InterpState>,
}

impl std::fmt::Debug for Interpreter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Interpreter({})", self.st.id)
    }
}

impl PartialEq for Interpreter {
    fn eq(&self, other: &Interpreter) -> bool {
        Arc::ptr_eq(&self.st, &other.st)
    }
}

impl Eq for Interpreter {}

impl Hash for Interpreter {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.st.id.hash(state)
    }
}

/// Leaves a run entered with `InterpState::enter` when dropped, also while unwinding.
struct Entered<'a> {
    st: &'a InterpState,
    main: bool,
}

impl Drop for Entered<'_> {
    fn drop(&mut self) {
        self.st.leave(self.main);
    }
}

impl Interpreter {
    /// The interpreter's id: main is 0, sub-interpreters count up from 1, never reused.
    pub fn id(&self) -> InterpId {
        self.st.id
    }

    /// Who created it.
    pub fn whence(&self) -> Whence {
        self.st.whence
    }

    /// Whether this is the main interpreter.
    pub fn is_main(&self) -> bool {
        self.st.is_main()
    }

    /// The config as the interpreter reports it (`get_config`): rebuilt from its flags, so
    /// `gil = default` reads back as `shared`.
    pub fn config(&self) -> InterpreterConfig {
        self.st.config.read_back()
    }

    /// The `Py_RTFLAGS_*` bits it stores (`interp->feature_flags`).
    pub fn feature_flags(&self) -> FeatureFlags {
        self.st.config.feature_flags()
    }

    /// Whether it has a GIL of its own (`interp->ceval.own_gil`; main always does).
    pub fn own_gil(&self) -> bool {
        self.st.config.own_gil()
    }

    /// The GIL layer's interpreter (its GIL, eval breaker, pending calls).
    pub(crate) fn gil_interp(&self) -> Arc<subinterp_gil::Interp> {
        self.st.gil()
    }

    /// The runtime the interpreter belongs to.
    pub fn runtime(&self) -> Runtime {
        Runtime {
            inner: self.rt.clone(),
        }
    }

    /// Whether some thread runs its `__main__` (`is_running()`; main always counts as
    /// running). `InterpreterNotFoundError` once it has ended.
    pub fn is_running(&self) -> Result<bool, Error> {
        if self.st.is_ended() {
            return Err(Error::NotFound(self.st.id));
        }
        Ok(self.st.is_main() || self.st.runs_main())
    }

    /// Whether the interpreter has ended (or, in a forked child, was left behind).
    pub fn is_ended(&self) -> bool {
        self.st.is_ended()
    }

    /// Runs `f` in this interpreter's `__main__` on the calling OS thread and returns what it
    /// returns: enters (refused with "interpreter already running" while another thread runs
    /// `__main__`), attaches a fresh thread state bound to this thread, takes the GIL, hands
    /// `f` the run's context ([`Run`]: the GIL token, this interpreter, the thread state), then
    /// leaves, releasing the GIL.
    ///
    /// A panic in `f` is caught: the GIL is released, the interpreter stays usable, and the
    /// panic comes back as [`Error::Panicked`] with its payload.
    ///
    /// Called from inside another run on this thread, it is refused ([`Error::NestedRun`],
    /// or "interpreter already running" for the interpreter whose `__main__` that run holds):
    /// entering another interpreter is the explicit switch [`run_from`](Self::run_from), which
    /// takes the running context.
    ///
    /// ```
    /// use subinterp_runtime::{InterpreterConfig, Runtime};
    ///
    /// let rt = Runtime::new()?;
    /// let sub = rt.new_interpreter(InterpreterConfig::isolated())?;
    /// let text = sub.run(|cx| cx.py().list_of((1, "two"))?.repr())??;
    /// assert_eq!(text, "[1, 'two']");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run<R>(&self, f: impl for<'py> FnOnce(&mut Run<'py>) -> R) -> Result<R, Error> {
        self.enter_with(true, None, f)
    }

    /// Runs `f` in this interpreter from inside the run `cx` of another one on this thread: a
    /// scoped switch. The current interpreter's thread state is suspended (its GIL released,
    /// unless the two share it) for the duration and resumed afterwards. `f` must be `Send`:
    /// it cannot capture the suspended interpreter's token or objects, which must not be
    /// touched while its GIL may be held by someone else; `cx` is borrowed meanwhile.
    ///
    /// Same rules as [`run`](Self::run) otherwise: `__main__` is claimed, panics are caught.
    pub fn run_from<R>(
        &self,
        cx: &mut Run<'_>,
        f: impl for<'py> FnOnce(&mut Run<'py>) -> R + Send,
    ) -> Result<R, Error> {
        let from = cx.interpreter().st.clone();
        let mut outer = cx.attached()?;
        self.switch_from(&from, &mut outer, f)
    }

    /// [`run_from`](Self::run_from) from a run of `from` whose attached thread state is
    /// `outer` (a native function's, reached through its thread state's host).
    pub(crate) fn switch_from<R>(
        &self,
        from: &InterpState,
        outer: &mut Attached,
        f: impl for<'py> FnOnce(&mut Run<'py>) -> R + Send,
    ) -> Result<R, Error> {
        self.st.enter(true).map_err(|r| refused(&self.st, r))?;
        let _entered = Entered {
            st: &self.st,
            main: true,
        };
        if from.serial == self.st.serial {
            // The same interpreter, whose `__main__` the run up the stack does not hold (a
            // thread's run): in place, on its thread state.
            return self.body(outer, f);
        }
        let gil = self.st.gil();
        let ts = ThreadState::new(&gil, TsWhence::Exec).map_err(|e| tstate_error(&self.st, e))?;
        let mut inner = outer.enter(&ts).map_err(|e| tstate_error(&self.st, e))?;
        let r = self.body(&mut inner, f);
        if inner.leave().is_err() {
            // The suspended interpreter is in a run, so nothing can end it: unreachable.
            hooks::lost_gil();
        }
        r
    }

    /// Enters (claiming `__main__` when `main`), attaches a thread state (`ts`, or a fresh one)
    /// and runs `f` on it. Refused inside another run of this thread.
    pub(crate) fn enter_with<R>(
        &self,
        main: bool,
        ts: Option<&ThreadState>,
        f: impl for<'py> FnOnce(&mut Run<'py>) -> R,
    ) -> Result<R, Error> {
        self.st.enter(main).map_err(|r| refused(&self.st, r))?;
        let _entered = Entered { st: &self.st, main };
        if let Some(top) = here::top() {
            return Err(Error::NestedRun {
                running: top.id,
                target: self.id(),
            });
        }
        let gil = self.st.gil();
        // A thread with no state of its own runs on the one the interpreter kept from its
        // last run on this thread (see `kept_tstate`), else on a new one, kept afterwards.
        let mut own: Option<Box<ThreadState>> = None;
        let ts = match ts {
            Some(ts) => ts,
            None => match self.st.kept_tstate.take(&gil) {
                Some(kept) => &**own.insert(kept),
                None => {
                    let fresh = ThreadState::new(&gil, TsWhence::Exec)
                        .map_err(|e| tstate_error(&self.st, e))?;
                    &**own.insert(Box::new(fresh))
                }
            },
        };
        let mut attached = ts.attach().map_err(|e| tstate_error(&self.st, e))?;
        let r = self.body(&mut attached, f);
        // A failed detach means the guard lost the GIL already; nothing is held (and the
        // state is not kept).
        if attached.detach().is_ok()
            && let Some(own) = own
        {
            self.st.kept_tstate.put(own);
        }
        r
    }

    /// Services pending work, then runs `f` with the run's context, catching a panic.
    fn body<R>(
        &self,
        attached: &mut Attached,
        f: impl for<'py> FnOnce(&mut Run<'py>) -> R,
    ) -> Result<R, Error> {
        // SAFETY: this thread is in a run of the interpreter (entered above), so the object
        // state cannot be taken meanwhile.
        let objects: &Objects =
            unsafe { self.st.objects.get() }.ok_or(Error::NotFound(self.st.id))?;
        hooks::service(&self.st, attached, objects);
        let _here = here::push_run(&self.st);
        // SAFETY: `attached` is attached on this thread, so it holds the GIL of this
        // interpreter, and that GIL serialises `objects`' heap: an interpreter's own heap is
        // used under its own GIL, and a share of main's heap only by interpreters that share
        // main's GIL (validation refuses `use_main_obmalloc` with `gil = own`). The GIL is only
        // released inside the call through the context (`allow_threads`, `check`, `run_from`,
        // an import's switch), whose closures are `Send` (they cannot use this token) or which
        // do not return to `f` before the GIL is held again.
        let res = catch_unwind(AssertUnwindSafe(|| unsafe {
            run::enter(self, objects, attached, f)
        }));
        res.map_err(|p| Error::Panicked(Panic::new(self.st.id, p)))
    }

    /// Ends this interpreter (`Interpreter.close()`, i.e. `_interpreters.destroy(id,
    /// restrict=True)`). Checks, in CPython's order: it has ended (`InterpreterNotFoundError`);
    /// it was not made by [`Runtime::new_interpreter`] ("cannot destroy unrecognized
    /// interpreter N", which is what main gives); the calling thread runs it ("cannot destroy
    /// the current interpreter"); its `__main__` runs ("interpreter running"). See
    /// [`Runtime::end_interpreter`] for what ending does.
    pub fn end(&self) -> Result<EndReport, Error> {
        self.end_on(None)
    }

    /// [`end`](Self::end) from inside the run `cx` on this thread (ending another
    /// interpreter switches to it for the teardown, suspending the run's thread state).
    pub fn end_from(&self, cx: &mut Run<'_>) -> Result<EndReport, Error> {
        let mut outer = cx.attached()?;
        self.end_on(Some(&mut outer))
    }

    /// [`end`](Self::end) from the run whose attached thread state is `outer`, if any.
    pub(crate) fn end_on(&self, outer: Option<&mut Attached>) -> Result<EndReport, Error> {
        if self.st.is_ended() || self.rt.lookup(self.st.id).is_none() {
            return Err(Error::NotFound(self.st.id));
        }
        end::end(&self.rt, &self.st, end::Check::Restricted, outer)
    }
}

/// The error for a refused entry.
pub(crate) fn refused(st: &InterpState, r: Refused) -> Error {
    match r {
        Refused::Gone => Error::NotFound(st.id),
        Refused::AlreadyRunning => Error::AlreadyRunning,
    }
}

/// A thread-state error; the interpreter ending under us reads as "not found".
pub(crate) fn tstate_error(st: &InterpState, e: TstateError) -> Error {
    match e {
        TstateError::Finalizing { .. } | TstateError::Ended { .. } => Error::NotFound(st.id),
        e => Error::Tstate(e),
    }
}

/// Runs `f` without the GIL of the run `cx` (`Py_BEGIN_ALLOW_THREADS`): other threads of
/// that interpreter run meanwhile. `f` is `Send`, so it cannot use the run's token or objects,
/// and `cx` is borrowed meanwhile. A panic in `f` continues once the GIL is held again.
pub fn allow_threads<R: Send>(cx: &mut Run<'_>, f: impl FnOnce() -> R + Send) -> Result<R, Error> {
    let mut attached = cx.attached()?;
    Ok(release(&mut attached, f))
}

/// [`allow_threads`] on a run's attached thread state.
pub(crate) fn release<R: Send>(attached: &mut Attached, f: impl FnOnce() -> R + Send) -> R {
    let hidden = here::push_released();
    let r = attached.allow_threads(|| catch_unwind(AssertUnwindSafe(f)));
    drop(hidden);
    match r {
        Ok(Ok(v)) => v,
        Ok(Err(panic)) => resume_unwind(panic),
        // Ending waits for runs in flight, so the state can always be attached again.
        Err(_) => hooks::lost_gil(),
    }
}

/// The eval-breaker check for long-running code in the run `cx`: runs the pending calls
/// queued for its interpreter (deferred frees from other interpreters among them) and hands
/// the GIL to a thread that asked for it. Nearly free when nothing is pending. A pending
/// interrupt ([`Interpreter::interrupt`], `_thread.interrupt_main`) is taken and returned as
/// [`Error::Py`] holding `KeyboardInterrupt` (what CPython's `PyErr_CheckSignals` gives
/// native code): a native loop polling `check` ends as Python code does.
pub fn check(cx: &mut Run<'_>) -> Result<(), Error> {
    let py = cx.py();
    let mut attached = cx.attached()?;
    check_on(py, &mut attached)
}

/// [`check`] on a run's attached thread state (`py` is the run's token).
pub(crate) fn check_on(py: Py<'_>, attached: &mut Attached) -> Result<(), Error> {
    match attached.check() {
        Ok(()) => crate::interrupt::take_interrupt(py, attached.breaker()).map_err(Error::from),
        Err(subinterp_gil::CheckError::PendingCall(p)) => {
            tracing::error!(interp = py.interp().get(), "{p}");
            Ok(())
        }
        Err(subinterp_gil::CheckError::Tstate(_)) => hooks::lost_gil(),
    }
}
