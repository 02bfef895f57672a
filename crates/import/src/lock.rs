//! The per-interpreter import lock (`interp->imports.lock`, a `_PyRecursiveMutex`): reentrant
//! for its owning OS thread, and waited for **without** the GIL, so a thread blocked on it never
//! keeps the owner from getting the GIL back (which is what CPython's `PyMutex` does by
//! detaching the thread state while it parks).

use std::thread::ThreadId;

use parking_lot::{Condvar, Mutex};
use subinterp_gil::Attached;
use subinterp_object::{PyErr, PyResult, exc};

#[derive(Default)]
struct Owner {
    thread: Option<ThreadId>,
    level: usize,
}

/// A reentrant lock owned by an OS thread.
#[derive(Default)]
pub struct ImportLock {
    state: Mutex<Owner>,
    cv: Condvar,
}

impl ImportLock {
    /// Takes the lock for the calling thread, whose attached state is `ts`. Blocking waits
    /// happen with the GIL released (`ts` is detached meanwhile and attached again after).
    pub(crate) fn acquire(&self, ts: &mut Attached) -> PyResult<ImportLockGuard<'_>> {
        if self.try_take() {
            return Ok(ImportLockGuard { lock: self });
        }
        match ts.allow_threads(|| self.take_blocking()) {
            Ok(()) => Ok(ImportLockGuard { lock: self }),
            Err(e) => {
                // We own the lock but may not run: give it back.
                self.release();
                Err(PyErr::new(
                    &exc::PYTHON_FINALIZATION_ERROR,
                    format!("cannot finish the import: {}", e.error),
                ))
            }
        }
    }

    fn try_take(&self) -> bool {
        let me = std::thread::current().id();
        let mut st = self.state.lock();
        match st.thread {
            None => {
                st.thread = Some(me);
                st.level = 1;
                true
            }
            Some(t) if t == me => {
                st.level += 1;
                true
            }
            Some(_) => false,
        }
    }

    fn take_blocking(&self) {
        let me = std::thread::current().id();
        let mut st = self.state.lock();
        loop {
            match st.thread {
                None => {
                    st.thread = Some(me);
                    st.level = 1;
                    return;
                }
                Some(t) if t == me => {
                    st.level += 1;
                    return;
                }
                Some(_) => self.cv.wait(&mut st),
            }
        }
    }

    fn release(&self) {
        let mut st = self.state.lock();
        st.level = st.level.saturating_sub(1);
        if st.level == 0 {
            st.thread = None;
            drop(st);
            self.cv.notify_one();
        }
    }

    /// Takes a fresh lock for the calling thread (it cannot be held by another one yet).
    pub(crate) fn take_now(&self) {
        let _ = self.try_take();
    }

    /// Gives back one level the calling thread took with [`take_now`](Self::take_now).
    pub(crate) fn release_level(&self) {
        self.release();
    }

    /// The thread holding the lock.
    pub(crate) fn owner(&self) -> Option<ThreadId> {
        self.state.lock().thread
    }

    /// `_imp.lock_held()`: whether any thread holds the lock.
    pub fn is_held(&self) -> bool {
        self.state.lock().thread.is_some()
    }

    /// Whether the calling thread holds the lock.
    pub fn is_held_by_me(&self) -> bool {
        self.state.lock().thread == Some(std::thread::current().id())
    }
}

impl std::fmt::Debug for ImportLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let st = self.state.lock();
        f.debug_struct("ImportLock")
            .field("owner", &st.thread)
            .field("level", &st.level)
            .finish()
    }
}

/// A held level of an [`ImportLock`]; dropping it releases that level.
#[must_use = "dropping the guard releases the lock"]
pub(crate) struct ImportLockGuard<'a> {
    lock: &'a ImportLock,
}

impl Drop for ImportLockGuard<'_> {
    fn drop(&mut self) {
        self.lock.release();
    }
}
