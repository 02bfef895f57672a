//! Per-module import locks (CPython 3.13's `_ModuleLock` in `importlib._bootstrap`): while a
//! module's body runs, the thread running it owns the module's lock; another thread importing
//! the same module waits (without the GIL) until the body is done, then takes the module from
//! `sys.modules` (or imports it again if the body failed). The thread running the body (a
//! circular import) gets the partially initialised module at once.
//!
//! Deadlock detection as CPython's `_has_deadlocked`: a thread about to wait for a module
//! whose owner waits, directly or through other threads, for a module this thread owns,
//! does not wait and gets the partially initialised module.

use std::collections::HashMap;
use std::sync::Arc;
use std::thread::ThreadId;

use subinterp_object::PyResult;

use crate::lock::ImportLock;
use crate::state::{ImportCx, InterpImports};

/// The module locks of one interpreter and who waits for which.
#[derive(Default)]
pub(crate) struct ModuleLocks {
    /// Module name -> the lock its body's thread holds.
    locks: HashMap<String, Arc<ImportLock>>,
    /// Thread -> the module it waits for.
    waiting: HashMap<ThreadId, String>,
}

impl ModuleLocks {
    /// Whether waiting for `name` would close a cycle back to `me`.
    fn deadlocks(&self, me: ThreadId, name: &str) -> bool {
        let mut cur = name.to_owned();
        // Each step follows one thread; more steps than threads means a cycle not through us.
        for _ in 0..=self.waiting.len() {
            let Some(owner) = self.locks.get(&cur).and_then(|l| l.owner()) else {
                return false;
            };
            if owner == me {
                return true;
            }
            match self.waiting.get(&owner) {
                Some(next) => cur = next.clone(),
                None => return false,
            }
        }
        false
    }
}

/// Takes `name`'s module lock for the calling thread, whose body of `name` is about to run.
pub(crate) fn hold(state: &InterpImports, name: &str) {
    let lock = Arc::new(ImportLock::default());
    lock.take_now();
    state
        .module_locks
        .lock()
        .locks
        .insert(name.to_owned(), lock);
}

/// Gives `name`'s module lock back once its body ran (waking the threads waiting for it).
pub(crate) fn release(state: &InterpImports, name: &str) {
    let lock = state.module_locks.lock().locks.remove(name);
    if let Some(l) = lock {
        l.release_level();
    }
}

impl ImportCx<'_> {
    /// Waits until no other thread runs `name`'s body. `true` when it waited (the caller
    /// looks at `sys.modules` again); `false` when there was nothing to wait for, the body
    /// is this thread's own (a circular import), or waiting would deadlock.
    pub(crate) fn wait_for_module(&mut self, name: &str) -> PyResult<bool> {
        let me = std::thread::current().id();
        let lock = {
            let mut g = self.state.module_locks.lock();
            let Some(lock) = g.locks.get(name).cloned() else {
                return Ok(false);
            };
            if lock.owner().is_none_or(|t| t == me) || g.deadlocks(me, name) {
                return Ok(false);
            }
            g.waiting.insert(me, name.to_owned());
            lock
        };
        let r = lock.acquire(self.tstate).map(drop);
        self.state.module_locks.lock().waiting.remove(&me);
        r.map(|()| true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lock owned by the thread that runs this function.
    fn owned_here() -> Arc<ImportLock> {
        let l = Arc::new(ImportLock::default());
        l.take_now();
        l
    }

    #[test]
    fn a_cycle_of_waits_back_to_the_caller_is_a_deadlock() {
        let me = std::thread::current().id();
        // Another thread owns `b` and waits for `a`, which this thread owns.
        let other = std::thread::spawn(|| {
            let l = owned_here();
            (std::thread::current().id(), l)
        });
        let (them, b) = other.join().unwrap();
        let mut locks = ModuleLocks::default();
        locks.locks.insert("a".into(), owned_here());
        locks.locks.insert("b".into(), b);
        assert!(!locks.deadlocks(me, "b"), "they do not wait yet");
        locks.waiting.insert(them, "a".into());
        assert!(locks.deadlocks(me, "b"), "b's owner waits for a, ours");
        assert!(!locks.deadlocks(me, "c"), "no lock for c");
        // A cycle among others (they wait for b, which they own) is not ours to break.
        locks.waiting.insert(them, "b".into());
        assert!(!locks.deadlocks(me, "b"));
    }
}
