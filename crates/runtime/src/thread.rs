//! The runtime's thread API (`_thread.start_new_thread` / `threading.Thread`): OS threads that
//! belong to an interpreter, under its `allow_threads` / `allow_daemon_threads` restrictions.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use parking_lot::{Condvar, Mutex};
use subinterp_config::FeatureFlags;
use subinterp_gil::{ThreadState, Whence as TsWhence};

use crate::error::{FinalizingOp, Restriction};
use crate::interp::tstate_error;
use crate::{Error, Interpreter, Panic, Run, Runtime};

/// The context of a thread started with [`Runtime::spawn_thread`]: the interpreter it belongs
/// to and its thread state (one for the thread's whole life, as a `threading` thread has).
///
/// Between runs the thread holds no GIL, so other threads of the interpreter run freely.
pub struct Thread {
    interp: Interpreter,
    ts: ThreadState,
    daemon: bool,
}

impl std::fmt::Debug for Thread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Thread")
            .field("interp", &self.interp)
            .field("daemon", &self.daemon)
            .finish_non_exhaustive()
    }
}

impl Thread {
    /// The interpreter this thread belongs to.
    pub fn interpreter(&self) -> &Interpreter {
        &self.interp
    }

    /// Whether it is a daemon thread.
    pub fn is_daemon(&self) -> bool {
        self.daemon
    }

    /// Runs `f` in the interpreter on this thread's own state, without claiming `__main__`
    /// (background threads do not make an interpreter "running"). Fails with
    /// `InterpreterNotFoundError` once the interpreter is ending: a daemon thread that outlives
    /// its interpreter gets this error, never a crash. Panics in `f` are caught as in
    /// [`Interpreter::run`].
    pub fn run<R>(&self, f: impl for<'py> FnOnce(&mut Run<'py>) -> R) -> Result<R, Error> {
        self.interp.enter_with(false, Some(&self.ts), f)
    }
}

impl Drop for Thread {
    fn drop(&mut self) {
        if self.daemon {
            self.interp.st.daemons.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

struct Slot<R> {
    value: Mutex<Option<Result<R, Error>>>,
    done: Condvar,
}

/// The result of a thread started with [`Runtime::spawn_thread`].
pub struct ThreadHandle<R> {
    slot: Arc<Slot<R>>,
    thread: std::thread::Thread,
    daemon: bool,
}

impl<R> std::fmt::Debug for ThreadHandle<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ThreadHandle")
            .field("thread", &self.thread.id())
            .field("daemon", &self.daemon)
            .finish_non_exhaustive()
    }
}

impl<R> ThreadHandle<R> {
    /// Waits for the thread's body to return and hands back its result; a panic in the body
    /// comes back as [`Error::Panicked`]. Inside a run, wait under
    /// [`allow_threads`](crate::allow_threads), so the thread can take the GIL it may need.
    pub fn join(self) -> Result<R, Error> {
        let mut v = self.slot.value.lock();
        loop {
            if let Some(r) = v.take() {
                return r;
            }
            self.slot.done.wait(&mut v);
        }
    }

    /// As [`join`](Self::join), giving up after `timeout` (the handle comes back). A timeout
    /// too long for the clock (`Duration::MAX`) waits for ever, as `join` does.
    pub fn join_timeout(self, timeout: Duration) -> Result<Result<R, Error>, ThreadHandle<R>> {
        let Some(deadline) = std::time::Instant::now().checked_add(timeout) else {
            return Ok(self.join());
        };
        {
            let mut v = self.slot.value.lock();
            loop {
                if let Some(r) = v.take() {
                    return Ok(r);
                }
                if self.slot.done.wait_until(&mut v, deadline).timed_out() {
                    break;
                }
            }
        }
        Err(self)
    }

    /// Whether the body has returned.
    pub fn is_finished(&self) -> bool {
        self.slot.value.lock().is_some()
    }

    /// The OS thread.
    pub fn thread(&self) -> &std::thread::Thread {
        &self.thread
    }

    /// Whether it is a daemon thread.
    pub fn is_daemon(&self) -> bool {
        self.daemon
    }
}

impl Runtime {
    /// Starts an OS thread belonging to `interp` that runs `body` (CPython's
    /// `threading.Thread(daemon=...).start()`). The body gets a [`Thread`] to run code in the
    /// interpreter as often as it likes.
    ///
    /// Refused, in CPython's order, with `RuntimeError: daemon threads are disabled in this
    /// (sub)interpreter` (a daemon thread without `allow_daemon_threads`), `RuntimeError:
    /// thread is not supported for isolated subinterpreters` (without `allow_threads`), and
    /// `PythonFinalizationError: can't create new thread at interpreter shutdown` (the
    /// interpreter is ending).
    ///
    /// Ending the interpreter joins its non-daemon threads first; daemon threads are not
    /// waited for (only a run of theirs in progress is), and can never enter it again.
    pub fn spawn_thread<F, R>(
        &self,
        interp: &Interpreter,
        daemon: bool,
        body: F,
    ) -> Result<ThreadHandle<R>, Error>
    where
        F: FnOnce(&Thread) -> R + Send + 'static,
        R: Send + 'static,
    {
        let st = &interp.st;
        if !Arc::ptr_eq(&interp.rt, &self.inner) || st.is_ended() {
            return Err(Error::NotFound(st.id));
        }
        let flags = st.config.feature_flags();
        if daemon && !flags.contains(FeatureFlags::DAEMON_THREADS) {
            return Err(Error::Restricted(Restriction::DaemonThreads));
        }
        if !flags.contains(FeatureFlags::THREADS) {
            return Err(Error::Restricted(Restriction::Threads));
        }
        let gil = st.gil();
        let ts =
            ThreadState::new_unbound(&gil, TsWhence::Threading).map_err(|e| tstate_error(st, e))?;
        let slot = Arc::new(Slot {
            value: Mutex::new(None),
            done: Condvar::new(),
        });
        // Checked under the list's lock, which ending takes after setting `FINALIZING`: a
        // thread either is refused here or is in the list ending joins.
        let mut threads = st.threads.lock();
        if st.is_finalizing() {
            return Err(Error::Finalizing(FinalizingOp::Thread));
        }
        if daemon {
            st.daemons.fetch_add(1, Ordering::AcqRel);
        }
        let ctx = Thread {
            interp: interp.clone(),
            ts,
            daemon,
        };
        let out = slot.clone();
        let id = st.id;
        let spawned = std::thread::Builder::new()
            .name(format!("interp-{id}"))
            .spawn(move || thread_main(ctx, body, out));
        let handle = match spawned {
            Ok(h) => h,
            // The closure (and with it the thread state and the daemon count) was dropped.
            Err(e) => return Err(Error::ThreadStart(e)),
        };
        let thread = handle.thread().clone();
        if daemon {
            drop(handle);
        } else {
            threads.joinable.retain(|(_, h)| !h.is_finished());
            threads.joinable.push((thread.id(), handle));
        }
        Ok(ThreadHandle {
            slot,
            thread,
            daemon,
        })
    }
}

fn thread_main<F, R>(ctx: Thread, body: F, out: Arc<Slot<R>>)
where
    F: FnOnce(&Thread) -> R,
{
    let id = ctx.interp.id();
    let r = match ctx.ts.bind() {
        Ok(()) => catch_unwind(AssertUnwindSafe(|| body(&ctx)))
            .map_err(|p| Error::Panicked(Panic::new(id, p))),
        Err(e) => Err(Error::Tstate(e)),
    };
    // The thread state goes before the result is published, so a joiner sees it deleted.
    drop(ctx);
    *out.value.lock() = Some(r);
    out.done.notify_all();
}
