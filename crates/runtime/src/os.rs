//! `os.fork()` and `os.execv()` under the interpreter restrictions, and a fork that leaves the
//! child working with only the main interpreter (CPython 3.13 aborts that child, gh-101437).
//!
//! # What a fork holds, and what the child rebuilds
//!
//! [`Interpreter::fork`] runs on a thread that is in no run. Before forking it takes, in this
//! order, the runtime's lifecycle lock (no initialize or finalize in flight), main's GIL (as a
//! bare GIL guard, not a thread state, so the child has no thread state to unwind), the import
//! system's process-wide locks (builtin table, extension cache, module indices and the rest)
//! (`ImportSystem::hold_for_fork`, CPython's `_PyImport_AcquireLock`), obmalloc's process-wide
//! heap registry (`subinterp_obmalloc::hold_for_fork`), the compile cache
//! (`subinterp_compile::hold_for_fork`), the queue registry and every live
//! queue's locks (`Queues::hold_for_fork`), the lock of main's queue of deferred refcount
//! operations (`Objects::hold_deferred_for_fork`), the runtime's registry, main's thread-list and overflow locks,
//! and the arena cache's lock. No other thread can then be inside any of them, nor inside
//! main's heap or module state, so the child finds them consistent and releases them as the
//! parent does.
//!
//! Every lock held across the fork is a futex lock (`std`), never a `parking_lot` one: a
//! `parking_lot` unlock may hand the lock, by its eventual fairness, to a thread that was
//! parked on it in the parent and does not exist in the child, leaving it locked forever
//! (what made 10-40 % of children hang under load before). A futex's waiters are the parent's
//! kernel state, so the child's unlock just frees it. In the child:
//!
//! - every other interpreter is abandoned: marked ended, its state leaked on purpose (another
//!   thread may have been inside its heap or locks at the fork), never torn down; handles to
//!   it report `InterpreterNotFoundError`;
//! - main gets a fresh GIL-layer interpreter (GIL, eval breaker, pending calls; the child's
//!   thread becomes main's main thread); the old one is leaked, since a thread that does not
//!   exist in the child may have held its internal locks or queued for it;
//! - main's thread list is emptied (those threads do not exist in the child);
//! - the queue registry and its queues are kept (they were quiescent at the fork), so queue
//!   handles from before the fork work in the child, as in CPython.
//!
//! What remains shared with threads that do not exist in the child, and so must be left alone
//! there: the abandoned interpreters' objects and handles, a queue destroyed by another thread
//! at the instant of the fork (no longer in the registry, so not held), and the import
//! system's other tables (read-mostly `parking_lot` locks, written only at initialization).
//! The child should use main and then leave with [`exit_child`].

use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;
use std::sync::Arc;
use std::time::{Duration, Instant};

use subinterp_config::FeatureFlags;
use subinterp_gil::{EvalBreaker, HolderId, Interp as GilInterp};

use crate::error::{FinalizingOp, Restriction};
use crate::{Error, Interpreter, here};

/// Which side of a [`fork`](Interpreter::fork) this is.
#[derive(Debug)]
pub enum Fork {
    /// The parent, with the child to wait for.
    Parent(Child),
    /// The child: only the main interpreter exists here.
    Child,
}

/// A forked child process.
#[derive(Debug)]
pub struct Child {
    pid: libc::pid_t,
}

impl Child {
    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.pid.unsigned_abs()
    }

    /// Waits for the child to exit (`os.waitpid`).
    pub fn wait(self) -> Result<ExitStatus, Error> {
        loop {
            if let Some(s) = self.poll(0)? {
                return Ok(s);
            }
        }
    }

    /// Waits at most `timeout` for the child to exit; `Ok(Err(child))` hands the child back
    /// if it is still running. A timeout too long for the clock (`Duration::MAX`) waits for
    /// ever, as [`wait`](Self::wait) does.
    pub fn wait_timeout(self, timeout: Duration) -> Result<Result<ExitStatus, Child>, Error> {
        let Some(deadline) = Instant::now().checked_add(timeout) else {
            return self.wait().map(Ok);
        };
        loop {
            if let Some(s) = self.poll(libc::WNOHANG)? {
                return Ok(Ok(s));
            }
            if Instant::now() >= deadline {
                return Ok(Err(self));
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Kills the child (`SIGKILL`) and reaps it.
    pub fn kill(self) -> Result<ExitStatus, Error> {
        // SAFETY: `kill` only sends a signal; `pid` is our unreaped child, so it names no
        // other process.
        if unsafe { libc::kill(self.pid, libc::SIGKILL) } != 0 {
            return Err(Error::Os(std::io::Error::last_os_error()));
        }
        self.wait()
    }

    /// One `waitpid`; `None` when `WNOHANG` found the child still running.
    fn poll(&self, flags: libc::c_int) -> Result<Option<ExitStatus>, Error> {
        let mut status: libc::c_int = 0;
        // SAFETY: `waitpid` writes only to `status`, a live local; `pid` is our child.
        let r = unsafe { libc::waitpid(self.pid, &mut status, flags) };
        if r == self.pid {
            return Ok(Some(ExitStatus::from_raw(status)));
        }
        if r == 0 {
            return Ok(None);
        }
        let e = std::io::Error::last_os_error();
        if e.kind() == std::io::ErrorKind::Interrupted {
            return Ok(None);
        }
        Err(Error::Os(e))
    }
}

/// Ends the calling process at once with `code` (`os._exit`): no destructors, no atexit
/// handlers, no buffered output flushed. What a forked child should leave with.
pub fn exit_child(code: i32) -> ! {
    // SAFETY: `_exit` has no preconditions; it never returns.
    unsafe { libc::_exit(code) }
}

impl Interpreter {
    /// `os.fork()`'s checks: `PythonFinalizationError: can't fork at interpreter shutdown`
    /// while the interpreter ends, `RuntimeError: fork not supported for isolated
    /// subinterpreters` without `allow_fork`, and, for a sub-interpreter that allows it,
    /// `RuntimeError: fork not supported for subinterpreters` (CPython lets that fork happen
    /// and the child dies; forking is only safe from main).
    pub fn check_fork(&self) -> Result<(), Error> {
        if self.st.is_finalizing() {
            return Err(Error::Finalizing(FinalizingOp::Fork));
        }
        if !self.st.config.feature_flags().contains(FeatureFlags::FORK) {
            return Err(Error::Restricted(Restriction::Fork));
        }
        if !self.st.is_main() {
            return Err(Error::Restricted(Restriction::ForkSubinterpreter));
        }
        Ok(())
    }

    /// `os.execv()`'s check: `RuntimeError: exec not supported for isolated subinterpreters`
    /// without `allow_exec`.
    pub fn check_exec(&self) -> Result<(), Error> {
        if !self.st.config.feature_flags().contains(FeatureFlags::EXEC) {
            return Err(Error::Restricted(Restriction::Exec));
        }
        Ok(())
    }

    /// Forks the process from this interpreter (`os.fork()`), after
    /// [`check_fork`](Self::check_fork): only main may fork. The child keeps working with the
    /// main interpreter only, even while sub-interpreters exist in the parent; see the
    /// [module docs](crate::os) for what the child must leave alone.
    ///
    /// Must be called outside every run (`Error::InsideRun`): the fork takes main's GIL itself,
    /// waiting for whoever holds it.
    pub fn fork(&self) -> Result<Fork, Error> {
        self.check_fork()?;
        if here::in_any_run() {
            return Err(Error::InsideRun("Interpreter::fork"));
        }
        if subinterp_gil::has_current_tstate() {
            return Err(Error::Tstate(subinterp_gil::TstateError::NonNullOld));
        }
        let st = &self.st;
        // No initialize or finalize in flight (the child could not finish it).
        let life = self.rt.lifecycle.lock();
        let gil = st.gil();
        let guard = gil
            .gil()
            .acquire(HolderId::new(), &Arc::new(EvalBreaker::new()));
        // The process-wide and runtime-wide locks a child needs to create interpreters,
        // import and use queues (CPython's `PyOS_BeforeFork`): all futex locks, released on
        // both sides below.
        let queues = self.rt.queues();
        let mut keep = subinterp_xi::ForkKeep::default();
        // SAFETY: `life` is held, so no finalization can take main's objects while this
        // reference lives (only finalization takes main's slot, under that lock).
        let main_objects = unsafe { st.objects.get() };
        let process = (
            self.rt.imports.hold_for_fork(),
            subinterp_obmalloc::hold_for_fork(),
            subinterp_compile::hold_for_fork(),
            queues.hold_for_fork(&mut keep),
            main_objects.map(subinterp_object::Objects::hold_deferred_for_fork),
        );
        let mut reg = self.rt.reg.lock();
        let alive = reg.initialized
            && !reg.finalizing
            && reg.main.as_ref().is_some_and(|m| Arc::ptr_eq(m, st));
        if !alive || st.is_finalizing() {
            return Err(Error::Finalizing(FinalizingOp::Fork));
        }
        let mut threads = st.threads.lock();
        let mut overflow = st.overflow.lock();
        let cache = self.rt.opts.cache.as_ref().map(|c| c.lock());
        // SAFETY: `fork` has no memory-safety preconditions of its own. In the child only this
        // thread exists; everything it touches there is either held by this thread right now
        // (main's GIL, the registry, main's thread list and overflow) or rebuilt below.
        let pid = unsafe { libc::fork() };
        if pid < 0 {
            let e = std::io::Error::last_os_error();
            drop((cache, overflow, threads, reg, process, guard, life));
            return Err(Error::Os(e));
        }
        if pid > 0 {
            drop((cache, overflow, threads, reg, process, guard, life));
            return Ok(Fork::Parent(Child { pid }));
        }
        // The child.
        std::mem::forget(std::mem::take(&mut threads.joinable));
        std::mem::forget(std::mem::take(&mut *overflow));
        st.has_overflow
            .store(false, std::sync::atomic::Ordering::Release);
        st.daemons.store(0, std::sync::atomic::Ordering::Release);
        drop((cache, overflow, threads));
        for other in reg.map.values().filter(|s| !Arc::ptr_eq(s, st)) {
            other.abandon_in_child();
            std::mem::forget(other.clone());
        }
        reg.map.retain(|_, s| Arc::ptr_eq(s, st));
        // The queue registry and every queue were held across the fork (`process`): the
        // child keeps them, as CPython's child keeps its queues, and handles from before the
        // fork work there.
        let fresh = GilInterp::new_main_owned(st.id, Arc::new(self.rt.opts.new_gil()));
        st.replace_gil_in_child(fresh);
        st.reset_word_in_child();
        drop(reg);
        drop((process, life));
        // The old GIL stays "held" by this guard forever; nothing in the child uses it.
        std::mem::forget(guard);
        std::mem::forget(gil);
        Ok(Fork::Child)
    }
}
