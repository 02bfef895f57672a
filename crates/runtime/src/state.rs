//! [`InterpState`]: the runtime's per-interpreter state, composed of the lower crates' parts,
//! and its lifecycle word (who may enter, who is running `__main__`, how many runs are in
//! flight).

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::{JoinHandle, ThreadId};

use parking_lot::{Condvar, Mutex};

use crate::sync::Mutex as ForkMutex;
use subinterp_config::ValidConfig;
use subinterp_gil::{Interp as GilInterp, Owner, PendingCall};
use subinterp_import::InterpImports;
use subinterp_object::{InterpId, ObjRef, Objects};

use crate::Whence;

/// Some thread runs the interpreter's `__main__` (CPython's `threads.main`).
const MAIN: u64 = 1 << 63;
/// Ending began: no new threads, no new `__main__` runs.
const FINALIZING: u64 = 1 << 62;
/// No new runs of any kind; ending waits for the runs in flight.
const CLOSING: u64 = 1 << 61;
/// Someone waits on `quiet` for `MAIN` to clear or the runs to drain.
const WAITING: u64 = 1 << 60;
/// Runs in flight (each holds or may take back the interpreter's GIL).
const ACTIVE: u64 = (1 << 32) - 1;

/// Why a run may not start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The interpreter is ending or ended.
    Gone,
    /// Another run holds `__main__`.
    AlreadyRunning,
}

/// The modules the runtime keeps at hand (touched only under the interpreter's GIL).
pub(crate) struct Modules {
    pub(crate) builtins: ObjRef,
    pub(crate) main: ObjRef,
    /// The eval loop's state between runs (`None` while a run holds it, and before the first
    /// run).
    pub(crate) vm: Option<subinterp_vm::VmState>,
    /// A state of the same builtins, the source of the siblings runs get while another run
    /// holds `vm` (made with it).
    pub(crate) vm_seed: Option<subinterp_vm::VmState>,
}

/// The interpreter's object state, taken out once when it ends.
///
/// No lock: who may look is decided by the lifecycle word. Readers are runs in flight (counted
/// in `ACTIVE`), the pending calls and imports those runs make, the ender before it takes the
/// value (after `CLOSING` and `ACTIVE == 0`), and, for main only, whatever the sub-interpreters
/// do with main's objects (imports, legacy creation), which runtime finalization drains before
/// it ends main. A lock here would be one a fork can find held by a thread that does not
/// exist in the child.
pub(crate) struct ObjectsSlot(UnsafeCell<Option<Objects>>);

// SAFETY: `Objects` is `Send + Sync`; the slot is written once (`take`), under the contract
// that no reader exists any more, so shared reads never race with that write.
unsafe impl Sync for ObjectsSlot {}

impl ObjectsSlot {
    fn new(objects: Objects) -> ObjectsSlot {
        ObjectsSlot(UnsafeCell::new(Some(objects)))
    }

    /// The object state, `None` once taken.
    ///
    /// # Safety
    /// The caller is one of the readers the type documents, so [`take`](Self::take) cannot
    /// run for as long as the returned reference lives.
    #[inline]
    pub(crate) unsafe fn get(&self) -> Option<&Objects> {
        // SAFETY: per the contract there is no concurrent `take`.
        unsafe { (*self.0.get()).as_ref() }
    }

    /// Takes the object state out.
    ///
    /// # Safety
    /// No reader exists and none can appear: the interpreter is `CLOSING` with no run in
    /// flight and no sub-interpreter uses it (for main: every other interpreter has ended).
    pub(crate) unsafe fn take(&self) -> Option<Objects> {
        // SAFETY: per the contract this is the only access.
        unsafe { (*self.0.get()).take() }
    }
}

/// Threads started through [`Runtime::spawn_thread`](crate::Runtime::spawn_thread).
#[derive(Default)]
pub(crate) struct Threads {
    /// Non-daemon threads, joined when the interpreter ends.
    pub(crate) joinable: Vec<(ThreadId, JoinHandle<()>)>,
}

/// One interpreter, as the runtime composes it.
///
/// # Lifecycle word
///
/// One atomic word orders every entry against ending, so no lock is taken on the run path:
///
/// | bits | set by | cleared by | effect |
/// |---|---|---|---|
/// | `MAIN` | a `__main__` run (`Interpreter::run`) | that run's exit | a second `__main__` run: "interpreter already running"; ending: "interpreter running" |
/// | `FINALIZING` | ending, when `MAIN` is clear | never | no new threads, no new `__main__` runs; threads' runs still enter |
/// | `CLOSING` | ending, after joining non-daemon threads | never | no run enters; ending waits for `ACTIVE` to drain |
/// | `WAITING` | a waiter, before it checks | never | exits notify `quiet` |
/// | `ACTIVE` (count) | every run's entry | that run's exit | ending proceeds only at 0 |
pub(crate) struct InterpState {
    pub(crate) id: InterpId,
    /// Unique in the process (ids restart with each runtime and initialization): what a
    /// thread's record of its runs names (see `run.rs`).
    pub(crate) serial: u64,
    pub(crate) whence: Whence,
    pub(crate) config: ValidConfig,
    /// The GIL layer's interpreter, from `Arc::into_raw`. Replaced only in a forked child
    /// (the old one is leaked there: another thread may have held its locks at the fork).
    gil: AtomicPtr<GilInterp>,
    /// The capability to end `gil` (from `Box::into_raw`; replaced with it in a forked child):
    /// the GIL layer refuses to hand the interpreter out or end it without it.
    owner: AtomicPtr<Owner>,
    /// The object state (its own heap or a share of main's).
    pub(crate) objects: ObjectsSlot,
    /// The import state, set once the interpreter is set up.
    pub(crate) imports: OnceLock<Arc<InterpImports>>,
    /// Touched only under the interpreter's GIL (so a fork holding main's GIL finds main's
    /// free).
    pub(crate) modules: Mutex<Option<Modules>>,
    word: AtomicU64,
    quiet_lock: Mutex<()>,
    quiet: Condvar,
    pub(crate) threads: ForkMutex<Threads>,
    /// Daemon threads still alive.
    pub(crate) daemons: AtomicUsize,
    /// A deferred-refcount batch could not be queued as a pending call; the next run drains it.
    pub(crate) deferred_lost: AtomicBool,
    /// Release calls that found the pending-call queue full; drained by the next run or by
    /// the end.
    pub(crate) overflow: ForkMutex<Vec<PendingCall>>,
    pub(crate) has_overflow: AtomicBool,
    /// The thread state of the last run that made its own, kept for the next
    /// ([`KeptTstate`](crate::kept_tstate::KeptTstate)).
    pub(crate) kept_tstate: crate::kept_tstate::KeptTstate,
    ended: AtomicBool,
}

impl InterpState {
    pub(crate) fn new(
        id: InterpId,
        whence: Whence,
        config: ValidConfig,
        (gil, owner): (Arc<GilInterp>, Owner),
        objects: Objects,
    ) -> InterpState {
        static SERIAL: AtomicU64 = AtomicU64::new(0);
        InterpState {
            id,
            serial: SERIAL.fetch_add(1, Ordering::Relaxed),
            whence,
            config,
            gil: AtomicPtr::new(Arc::into_raw(gil).cast_mut()),
            owner: AtomicPtr::new(Box::into_raw(Box::new(owner))),
            objects: ObjectsSlot::new(objects),
            imports: OnceLock::new(),
            modules: Mutex::new(None),
            word: AtomicU64::new(0),
            quiet_lock: Mutex::new(()),
            quiet: Condvar::new(),
            threads: ForkMutex::new(Threads::default()),
            daemons: AtomicUsize::new(0),
            deferred_lost: AtomicBool::new(false),
            overflow: ForkMutex::new(Vec::new()),
            has_overflow: AtomicBool::new(false),
            kept_tstate: crate::kept_tstate::KeptTstate::new(),
            ended: AtomicBool::new(false),
        }
    }

    /// Whether this is the main interpreter.
    #[inline]
    pub(crate) fn is_main(&self) -> bool {
        self.whence == Whence::Runtime
    }

    /// The GIL layer's interpreter.
    #[inline]
    pub(crate) fn gil(&self) -> Arc<GilInterp> {
        let p = self.gil.load(Ordering::Acquire);
        // SAFETY: `p` came from `Arc::into_raw` and the state owns that strong reference until
        // it is dropped (the pointer is only replaced in a forked child, which leaks the old
        // reference), so the allocation is alive; taking one more reference is sound.
        unsafe {
            Arc::increment_strong_count(p);
            Arc::from_raw(p)
        }
    }

    /// The owner of the GIL layer's interpreter (to end it).
    #[inline]
    pub(crate) fn owner(&self) -> &Owner {
        let p = self.owner.load(Ordering::Acquire);
        // SAFETY: `p` came from `Box::into_raw` and the state owns that box until it is
        // dropped (replaced only in a forked child, which leaks the old box), so it is alive
        // for as long as `self` is borrowed.
        unsafe { &*p }
    }

    /// In a forked child: puts a fresh GIL-layer interpreter (and its owner) in place. The
    /// old ones are leaked on purpose: a thread that does not exist in the child may have
    /// held the old interpreter's locks.
    pub(crate) fn replace_gil_in_child(&self, (fresh, owner): (Arc<GilInterp>, Owner)) {
        self.gil
            .store(Arc::into_raw(fresh).cast_mut(), Ordering::Release);
        self.owner
            .store(Box::into_raw(Box::new(owner)), Ordering::Release);
    }

    /// Whether the interpreter ended (or was abandoned in a forked child).
    #[inline]
    pub(crate) fn is_ended(&self) -> bool {
        self.ended.load(Ordering::Acquire)
    }

    pub(crate) fn set_ended(&self) {
        self.ended.store(true, Ordering::Release);
    }

    /// Whether ending has begun or is over.
    pub(crate) fn is_finalizing(&self) -> bool {
        self.word.load(Ordering::Acquire) & (FINALIZING | CLOSING) != 0 || self.is_ended()
    }

    /// Whether some run holds `__main__`.
    pub(crate) fn runs_main(&self) -> bool {
        self.word.load(Ordering::Acquire) & MAIN != 0
    }

    /// Enters a run: claims `__main__` when `main`, and counts the run in flight.
    #[inline]
    pub(crate) fn enter(&self, main: bool) -> Result<(), Refused> {
        let mut w = self.word.load(Ordering::Acquire);
        loop {
            let closed = if main { FINALIZING | CLOSING } else { CLOSING };
            if w & closed != 0 {
                return Err(Refused::Gone);
            }
            if main && w & MAIN != 0 {
                return Err(Refused::AlreadyRunning);
            }
            let next = w + 1 + if main { MAIN } else { 0 };
            match self
                .word
                .compare_exchange_weak(w, next, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return Ok(()),
                Err(now) => w = now,
            }
        }
    }

    /// Leaves a run entered with [`enter`](Self::enter).
    #[inline]
    pub(crate) fn leave(&self, main: bool) {
        let dec = 1 + if main { MAIN } else { 0 };
        let old = self.word.fetch_sub(dec, Ordering::AcqRel);
        if old & WAITING != 0 {
            self.wake();
        }
    }

    #[cold]
    fn wake(&self) {
        // Taking the lock orders this wake-up after a waiter's check (see `wait_for`).
        drop(self.quiet_lock.lock());
        self.quiet.notify_all();
    }

    /// Blocks until `done(word)` holds. A leaver that changes the word after our `WAITING` is
    /// set either is seen by the check, or notifies after we sleep (it takes the lock).
    fn wait_for(&self, done: impl Fn(u64) -> bool) {
        self.word.fetch_or(WAITING, Ordering::AcqRel);
        let mut g = self.quiet_lock.lock();
        while !done(self.word.load(Ordering::Acquire)) {
            self.quiet.wait(&mut g);
        }
    }

    /// Starts ending (CPython's `interp->finalizing = 1` after the "running" check): fails when
    /// `__main__` is running, or when someone else ends the interpreter already.
    pub(crate) fn begin_finalizing(&self) -> Result<(), Refused> {
        let mut w = self.word.load(Ordering::Acquire);
        loop {
            if w & (FINALIZING | CLOSING) != 0 || self.is_ended() {
                return Err(Refused::Gone);
            }
            if w & MAIN != 0 {
                return Err(Refused::AlreadyRunning);
            }
            match self.word.compare_exchange_weak(
                w,
                w | FINALIZING,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return Ok(()),
                Err(now) => w = now,
            }
        }
    }

    /// As [`begin_finalizing`](Self::begin_finalizing), but waits for a running `__main__` to
    /// finish instead of failing (runtime finalization joins whoever runs it).
    pub(crate) fn begin_finalizing_waiting(&self) -> Result<(), Refused> {
        loop {
            match self.begin_finalizing() {
                Err(Refused::AlreadyRunning) => self.wait_for(|w| w & MAIN == 0),
                other => return other,
            }
        }
    }

    /// Refuses every new run and waits for the runs in flight to leave.
    pub(crate) fn close_and_drain(&self) {
        self.word.fetch_or(CLOSING, Ordering::AcqRel);
        self.wait_for(|w| w & ACTIVE == 0);
    }

    /// In a forked child, which forked outside every run: no run is in flight there and no
    /// one holds `__main__` (CPython's `_PyInterpreterState_ReinitRunningMain`).
    pub(crate) fn reset_word_in_child(&self) {
        self.word.store(0, Ordering::Release);
    }

    /// In a forked child: this interpreter is gone (its threads do not exist there).
    pub(crate) fn abandon_in_child(&self) {
        self.word.store(FINALIZING | CLOSING, Ordering::Release);
        self.set_ended();
    }
}

impl Drop for InterpState {
    fn drop(&mut self) {
        let p = *self.gil.get_mut();
        // SAFETY: `p` came from `Arc::into_raw` and this is the reference the state owned.
        drop(unsafe { Arc::from_raw(p) });
        let o = *self.owner.get_mut();
        // SAFETY: `o` came from `Box::into_raw` and the state owned that box.
        drop(unsafe { Box::from_raw(o) });
    }
}

impl std::fmt::Debug for InterpState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InterpState")
            .field("id", &self.id)
            .field("whence", &self.whence)
            .field(
                "word",
                &format_args!("{:#x}", self.word.load(Ordering::Relaxed)),
            )
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use subinterp_config::InterpreterConfig;
    use subinterp_gil::Gil;
    use subinterp_obmalloc::Heap;

    fn state() -> InterpState {
        InterpState::new(
            InterpId::new(1),
            Whence::Stdlib,
            InterpreterConfig::isolated().validate().unwrap(),
            GilInterp::new_owned(InterpId::new(1), Arc::new(Gil::new())),
            Objects::new(InterpId::new(1), Heap::new()),
        )
    }

    #[test]
    fn main_runs_exclude_each_other_threads_do_not() {
        let st = state();
        assert_eq!(st.enter(true), Ok(()));
        assert_eq!(st.enter(true), Err(Refused::AlreadyRunning));
        assert_eq!(st.enter(false), Ok(()));
        assert!(st.runs_main());
        st.leave(true);
        assert!(!st.runs_main());
        assert_eq!(st.enter(true), Ok(()));
        st.leave(true);
        st.leave(false);
        assert_eq!(st.word.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn ending_order_of_refusals() {
        let st = state();
        st.enter(true).unwrap();
        // "interpreter running" while `__main__` runs, and nothing changed.
        assert_eq!(st.begin_finalizing(), Err(Refused::AlreadyRunning));
        st.leave(true);
        st.enter(false).unwrap();
        assert_eq!(st.begin_finalizing(), Ok(()));
        // A second ender finds it gone; new `__main__` runs and threads are refused, a
        // thread's run still enters until `CLOSING`.
        assert_eq!(st.begin_finalizing(), Err(Refused::Gone));
        assert_eq!(st.enter(true), Err(Refused::Gone));
        assert!(st.is_finalizing());
        assert_eq!(st.enter(false), Ok(()));
        st.leave(false);
        let st = Arc::new(st);
        let drainer = {
            let st = st.clone();
            std::thread::spawn(move || st.close_and_drain())
        };
        // The drain waits for the run still in flight.
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(!drainer.is_finished());
        assert_eq!(st.enter(false), Err(Refused::Gone));
        st.leave(false);
        drainer.join().unwrap();
    }

    #[test]
    fn finalizing_waits_for_a_running_main() {
        let st = Arc::new(state());
        st.enter(true).unwrap();
        let fin = {
            let st = st.clone();
            std::thread::spawn(move || st.begin_finalizing_waiting())
        };
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(!fin.is_finished());
        st.leave(true);
        assert_eq!(fin.join().unwrap(), Ok(()));
    }
}
