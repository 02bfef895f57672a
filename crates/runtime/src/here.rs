//! What each OS thread knows of its own runs, as plain ids: which interpreters it runs up its
//! stack (CPython's `_PyThreadState_GET`), for the checks that need per-thread knowledge and
//! have no context at hand: "cannot destroy the current interpreter", finalizing or forking
//! from inside a run, [`Error::NestedRun`](crate::Error::NestedRun),
//! [`Runtime::current`](crate::Runtime::current), and whether a release may run inline.
//!
//! It holds no pointer and lends nothing: the run's thread state and objects travel in its
//! [`Run`](crate::Run) context. A "released" entry hides the runs below it while the thread
//! runs without their GIL (`allow_threads`, an import's switch, setting up or tearing down
//! another interpreter).

use std::cell::RefCell;
use std::marker::PhantomData;

use subinterp_object::InterpId;

use crate::state::InterpState;

/// A run of this thread: the interpreter's process-unique serial and its id.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Here {
    pub(crate) serial: u64,
    pub(crate) id: InterpId,
}

impl Here {
    /// Whether this run is of `st`.
    pub(crate) fn runs(self, st: &InterpState) -> bool {
        self.serial == st.serial
    }
}

thread_local! {
    /// `None` entries are released markers.
    static RUNS: RefCell<Vec<Option<Here>>> = const { RefCell::new(Vec::new()) };
}

/// Pops the entry it pushed when dropped. Not `Send`: it must drop on its own thread.
#[must_use]
pub(crate) struct Pushed(PhantomData<*const ()>);

impl Drop for Pushed {
    fn drop(&mut self) {
        let _ = RUNS.try_with(|r| r.borrow_mut().pop());
    }
}

fn push(e: Option<Here>) -> Pushed {
    let _ = RUNS.try_with(|r| r.borrow_mut().push(e));
    Pushed(PhantomData)
}

/// Records a run of `st` on this thread until the guard drops.
pub(crate) fn push_run(st: &InterpState) -> Pushed {
    push(Some(Here {
        serial: st.serial,
        id: st.id,
    }))
}

/// Hides the runs below until dropped.
pub(crate) fn push_released() -> Pushed {
    push(None)
}

/// The innermost run, unless the thread is not in one or the innermost entry is a released
/// marker.
pub(crate) fn top() -> Option<Here> {
    RUNS.try_with(|r| r.borrow().last().copied().flatten())
        .ok()
        .flatten()
}

/// Whether any run of `st` is on this thread's stack, released or not.
pub(crate) fn anywhere(st: &InterpState) -> bool {
    RUNS.try_with(|r| r.borrow().iter().flatten().any(|h| h.runs(st)))
        .unwrap_or(false)
}

/// Whether this thread has any run in progress (of any runtime).
pub(crate) fn in_any_run() -> bool {
    RUNS.try_with(|r| r.borrow().iter().any(Option::is_some))
        .unwrap_or(false)
}
