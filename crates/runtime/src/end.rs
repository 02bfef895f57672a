//! Ending an interpreter (`_interpreters.destroy` + `Py_EndInterpreter`), in CPython's order.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use subinterp_gil::{Attached, EndMode, Whence as TsWhence};
use subinterp_object::{HeapClosed, InterpId, Py};

use crate::runtime::RtInner;
use crate::state::{InterpState, Refused};
use crate::{Error, Panic, Whence, here, hooks, run};

/// What ending one interpreter did.
#[derive(Debug)]
#[non_exhaustive]
pub struct EndReport {
    /// The interpreter that ended.
    pub id: InterpId,
    /// Non-daemon threads joined before the teardown (`threading._shutdown`).
    pub threads_joined: usize,
    /// Daemon threads still alive: they can never enter the interpreter again (their next run
    /// fails with `InterpreterNotFoundError`). CPython aborts here ("not the last thread").
    pub daemon_threads: usize,
    /// The heap, when the interpreter had its own (or was the last user of main's): every
    /// arena returned to the OS, and what was still allocated at that moment. CPython leaks
    /// the arenas of an isolated interpreter instead.
    pub heap: Option<HeapClosed>,
    /// Exceptions raised while tearing down (CPython prints them as "Exception ignored").
    pub unraisable: Vec<String>,
}

impl EndReport {
    /// Whether the heap was closed with no block and no object left (nothing leaked).
    pub fn is_clean(&self) -> bool {
        self.heap
            .as_ref()
            .is_none_or(|h| h.leaks.is_clean() && h.live_objects == 0)
            && self.unraisable.is_empty()
    }
}

/// Which of CPython's destroy checks apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Check {
    /// `Interpreter.close()`: `restrict=True`, only interpreters the facade created.
    Restricted,
    /// `_interpreters.destroy(id)`.
    Unrestricted,
}

thread_local! {
    /// How many endings are in progress on this thread (one, or more when an ending ends a
    /// leftover while finalizing).
    static ENDING: Cell<usize> = const { Cell::new(0) };
}

/// Counts an ending in progress on this thread until dropped (also while unwinding).
struct EndingHere;

impl EndingHere {
    fn enter() -> EndingHere {
        let _ = ENDING.try_with(|n| n.set(n.get() + 1));
        EndingHere
    }
}

impl Drop for EndingHere {
    fn drop(&mut self) {
        let _ = ENDING.try_with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// Refuses `op` when this thread is inside an ending (code that the ending runs: a payload's
/// `Drop`, a pending call): finalizing, initializing or ending from there would wait for the
/// ending that is running it.
pub(crate) fn refuse_inside_end(op: &'static str) -> Result<(), Error> {
    if ENDING.try_with(Cell::get).unwrap_or(0) > 0 {
        return Err(Error::InsideEnd(op));
    }
    Ok(())
}

/// Runs one step of an ending, containing a panic (a payload's `Drop` that panics while the
/// interpreter's objects are freed): the ending goes on, and the panic is reported as an
/// unraisable error, as CPython reports an exception in a destructor ("Exception ignored").
fn contain<R>(id: InterpId, step: &str, f: impl FnOnce() -> R) -> Result<R, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let p = Panic::new(id, payload);
        match p.message() {
            Some(m) => format!("SystemError: {step} panicked while interpreter {id} ended: {m}"),
            None => format!("SystemError: {step} panicked while interpreter {id} ended"),
        }
    })
}

/// Marks the interpreter ended and unlinks it when dropped, so that whatever happens in
/// between (even a panic nothing contained), no half-ended interpreter stays listed for
/// finalization to wait on.
struct Unlink<'a> {
    rt: &'a RtInner,
    st: &'a Arc<InterpState>,
}

impl Drop for Unlink<'_> {
    fn drop(&mut self) {
        self.st.set_ended();
        self.rt.unlink(self.st);
    }
}

/// `_interpreters.destroy`: the checks in CPython's order, then the ending.
/// `outer` is the thread state of the run this thread is in (`None` outside every run): the
/// ending switches away from it for the teardown.
pub(crate) fn end(
    rt: &RtInner,
    st: &Arc<InterpState>,
    check: Check,
    outer: Option<&mut Attached>,
) -> Result<EndReport, Error> {
    refuse_inside_end("ending an interpreter")?;
    if st.is_ended() {
        return Err(Error::NotFound(st.id));
    }
    if check == Check::Restricted && st.whence != Whence::Stdlib {
        return Err(Error::Unrecognized {
            op: "destroy",
            id: st.id,
        });
    }
    if here::anywhere(st) {
        return Err(Error::DestroyCurrent);
    }
    if st.is_main() {
        return Err(Error::Running);
    }
    if outer.is_none() && here::top().is_some() {
        // The run's thread state is needed to switch away from it; the caller has the
        // context (`end_from`).
        return Err(Error::InsideRun(match check {
            Check::Restricted => "Interpreter::end (inside a run: Interpreter::end_from)",
            Check::Unrestricted => {
                "Runtime::end_interpreter (inside a run: Runtime::end_interpreter_from)"
            }
        }));
    }
    if here::top().is_none() && subinterp_gil::has_current_tstate() {
        // Something attached a thread state here without a run; switching away from it
        // behind its back is not ours to do.
        return Err(Error::Tstate(subinterp_gil::TstateError::NonNullOld));
    }
    match st.begin_finalizing() {
        Ok(()) => {}
        Err(Refused::AlreadyRunning) => return Err(Error::Running),
        Err(Refused::Gone) => return Err(Error::NotFound(st.id)),
    }
    Ok(finish(rt, st, false, outer))
}

/// Ends an interpreter that creation could not publish (a failed setup or a runtime that
/// began finalizing meanwhile). For main (`last`), the import system is finalized too, so a
/// later `initialize` starts afresh.
pub(crate) fn end_unpublished(
    rt: &RtInner,
    st: &Arc<InterpState>,
    last: bool,
    outer: Option<&mut Attached>,
) -> EndReport {
    let _ = st.begin_finalizing();
    finish(rt, st, last, outer)
}

/// The ending proper, once `FINALIZING` is set (`Py_EndInterpreter` from step 3 on). `last` is
/// main's ending at runtime finalization, which also finalizes the import system.
/// `outer` is the thread state of the run this thread is in, if any.
pub(crate) fn finish(
    rt: &RtInner,
    st: &Arc<InterpState>,
    last: bool,
    mut outer: Option<&mut Attached>,
) -> EndReport {
    let span = tracing::info_span!("interp.end", id = st.id.get());
    let _span = span.enter();
    let _here = EndingHere::enter();
    let unlink = Unlink { rt, st };
    let id = st.id;
    let threads_joined = without_gil(outer.as_deref_mut(), || {
        let n = join_threads(st);
        st.close_and_drain();
        n
    });
    // No run is in flight: the state kept for the next one is deleted with the interpreter.
    st.kept_tstate.clear();
    let mut unraisable = Vec::new();
    let gil = st.gil();
    let torn = run::with_attached(&gil, TsWhence::Fini, outer, |attached| {
        let mut errs = Vec::new();
        // Daemon threads' states may still exist (detached: no run is in flight); from now on
        // they can never attach.
        if let Err(e) = gil.begin_end_owned(st.owner(), attached, EndMode::Force) {
            errs.push(e.to_string());
        }
        finish_calls(id, attached, st, &mut errs);
        // SAFETY: `CLOSING` is set and no run is in flight, so this thread (the ender) is the
        // only reader of the slot until it takes the value below.
        if let Some(objects) = unsafe { st.objects.get() } {
            // SAFETY: `attached` holds `st`'s GIL, which serialises `objects`' heap (see
            // `Interpreter::body`). Every step inside is contained, so the scope returns.
            unsafe { objects.with_gil(|py| teardown(rt, st, py, last, &mut errs)) };
        }
        // Releases queued by the teardown itself.
        finish_calls(id, attached, st, &mut errs);
        errs
    });
    match torn {
        Ok(errs) => unraisable.extend(errs),
        Err(e) => unraisable.push(e.to_string()),
    }
    // After its modules are cleared and before its heap closes: the queue items it put lose
    // their owner (the unbound-item policies).
    let ended = contain(id, "releasing its queue items", || {
        rt.queues().interpreter_ended(st.id);
    });
    unraisable.extend(ended.err());
    // SAFETY: `CLOSING` is set, no run is in flight and the teardown above is over: nothing
    // reads the slot any more (for main, every other interpreter ended before this).
    let objects = unsafe { st.objects.take() };
    let heap = match contain(id, "closing its heap", || {
        objects.and_then(|o| o.end().closed)
    }) {
        Ok(h) => {
            // Payload destructors that panicked while the heap released its live objects:
            // caught there, reported here like every other destructor panic of an ending.
            if let Some(closed) = &h {
                unraisable.extend(closed.panics.iter().map(|p| {
                    format!("SystemError: a payload destructor panicked while interpreter {id} ended: {p}")
                }));
            }
            h
        }
        Err(e) => {
            unraisable.push(e);
            None
        }
    };
    drop(unlink);
    EndReport {
        id: st.id,
        threads_joined,
        daemon_threads: st.daemons.load(std::sync::atomic::Ordering::Acquire),
        heap,
        unraisable,
    }
}

/// Runs the pending calls and the overflow queued for `st`, each contained.
fn finish_calls(id: InterpId, attached: &mut Attached, st: &InterpState, errs: &mut Vec<String>) {
    match contain(id, "a pending call", || attached.finish_pending_calls()) {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => errs.push(e.to_string()),
        Err(e) => errs.push(e),
    }
    if let Err(e) = contain(id, "a pending call", || hooks::drain_overflow(st, attached)) {
        errs.push(e);
    }
}

/// Runs `wait` with the calling thread's GIL released when it is in a run (`outer`: CPython
/// switches to the ending interpreter's thread state first, which releases the caller's GIL):
/// the threads waited for may need that GIL to finish.
fn without_gil<R: Send>(outer: Option<&mut Attached>, wait: impl FnOnce() -> R + Send) -> R {
    match outer {
        Some(attached) => crate::interp::release(attached, wait),
        None => wait(),
    }
}

/// Joins the non-daemon threads started in `st`, except the calling thread itself.
/// `FINALIZING` is set, so no new thread starts meanwhile.
pub(crate) fn join_threads(st: &InterpState) -> usize {
    let me = std::thread::current().id();
    let mut joined = 0;
    loop {
        let batch = std::mem::take(&mut st.threads.lock().joinable);
        if batch.is_empty() {
            return joined;
        }
        for (id, handle) in batch {
            if id == me {
                continue;
            }
            // The thread catches its body's panics, so join only fails if the runtime's own
            // wrapper panicked; either way the thread is gone.
            let _ = handle.join();
            joined += 1;
        }
    }
}

/// `finalize_modules` and `_PyImport_FiniCore` for one interpreter, under its GIL. Each step
/// is contained: a destructor that panics stops its step, not the ending.
fn teardown(rt: &RtInner, st: &InterpState, py: Py<'_>, last: bool, unraisable: &mut Vec<String>) {
    let id = st.id;
    let mut step = |what: &str, f: &mut dyn FnMut(&mut Vec<String>)| {
        let mut errs = Vec::new();
        if let Err(e) = contain(id, what, || f(&mut errs)) {
            errs.push(e);
        }
        unraisable.extend(errs);
    };
    step("a deferred free", &mut |_| {
        py.run_deferred();
    });
    step("clearing its modules", &mut |errs| {
        if let Some(imports) = st.imports.get()
            && let Err(e) = rt.imports.end_interp(py, imports)
        {
            errs.push(e.to_string());
        }
    });
    step("releasing __main__", &mut |_| {
        if let Some(m) = st.modules.lock().take() {
            m.builtins.release(py);
            m.main.release(py);
            m.vm.into_iter().chain(m.vm_seed).for_each(|vm| {
                let _ = vm.release(py);
            });
        }
    });
    if last {
        step("finalizing the import system", &mut |_| {
            let report = rt.imports.finalize(py);
            tracing::debug!(
                cache_entries = report.cache_entries,
                "import system finalized"
            );
        });
    }
    step("a deferred free", &mut |_| {
        py.run_deferred();
    });
}
