//! The per-OS-thread stack of runs in progress: which interpreter this thread runs, and the
//! attached thread state that code deeper down (a scoped switch, `allow_threads`, an import,
//! creating or ending another interpreter) works with.
//!
//! Each [`Interpreter::run`](crate::Interpreter::run) pushes a frame holding raw pointers to
//! its handle, its attached thread state and its object state, all of which live on (or are
//! borrowed by) the run's own stack frame, and pops it before any of them goes away. Only the
//! innermost frame is ever used, and only by code that the run's closure called on this
//! thread, while the run itself waits for the closure: that is what makes turning the pointer
//! back into a `&mut Attached` exclusive. A "released" marker hides the frames below it while
//! the thread runs without the GIL (`allow_threads`) or while runtime code holds the innermost
//! state mutably (an import).
//!
//! Native functions do not use it: they reach their interpreter through the thread state the
//! eval loop passes them (`host::interp_of`). What still needs it is the public API that
//! identifies a run from the GIL token alone: code in an [`Interpreter::run`] closure calls
//! [`allow_threads`](crate::allow_threads), [`check`](crate::check),
//! [`import`](crate::import), `exec_in_run`, creates or ends other interpreters, and
//! [`Runtime::current`](crate::Runtime::current) answers from inside a run; each needs the run's
//! attached thread state, which that API does not pass. Replacing the stack means giving those
//! functions a context argument (the closure would get one instead of `py`), a change of every
//! embedder's code that issue 15 leaves for later.

use std::cell::RefCell;
use std::marker::PhantomData;
use std::sync::Arc;

use subinterp_gil::{Attached, Interp as GilInterp, ThreadState, TstateError, Whence as TsWhence};
use subinterp_object::{Objects, Py};

use crate::state::InterpState;
use crate::{Error, Interpreter};

/// The innermost run of this thread.
#[derive(Clone, Copy)]
pub(crate) struct Frame {
    pub(crate) interp: *const Interpreter,
    pub(crate) attached: *mut Attached,
    pub(crate) objects: *const Objects,
}

impl Frame {
    /// The handle of the interpreter this frame runs.
    ///
    /// # Safety
    /// The frame is still on this thread's stack (it came from [`top`] in the current call).
    pub(crate) unsafe fn interp<'a>(self) -> &'a Interpreter {
        // SAFETY: forwarded contract: the run that pushed the frame borrows the handle until
        // it pops it.
        unsafe { &*self.interp }
    }

    /// Whether this frame runs `st`.
    pub(crate) fn runs(self, st: &InterpState) -> bool {
        // SAFETY: frames handed out by `top` are live for the caller's call.
        std::ptr::eq(unsafe { self.interp() }.st.as_ref(), st)
    }
}

enum Entry {
    Run(Frame),
    Released,
}

thread_local! {
    static FRAMES: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// Pops the entry it pushed when dropped. Not `Send`: it must drop on its own thread.
#[must_use]
pub(crate) struct Pushed(PhantomData<*const ()>);

impl Drop for Pushed {
    fn drop(&mut self) {
        let _ = FRAMES.try_with(|f| f.borrow_mut().pop());
    }
}

fn push(e: Entry) -> Pushed {
    let _ = FRAMES.try_with(|f| f.borrow_mut().push(e));
    Pushed(PhantomData)
}

/// Pushes a run of `interp` on `attached` with `objects`.
pub(crate) fn push_run(interp: &Interpreter, attached: *mut Attached, objects: &Objects) -> Pushed {
    push(Entry::Run(Frame {
        interp,
        attached,
        objects,
    }))
}

/// Hides the frames below until dropped.
pub(crate) fn push_released() -> Pushed {
    push(Entry::Released)
}

/// The innermost run, unless the thread is not in one or the innermost entry is a released
/// marker.
pub(crate) fn top() -> Option<Frame> {
    FRAMES
        .try_with(|f| match f.borrow().last() {
            Some(Entry::Run(fr)) => Some(*fr),
            _ => None,
        })
        .ok()
        .flatten()
}

/// Whether any run of `st` is on this thread's stack, released or not.
pub(crate) fn anywhere(st: &InterpState) -> bool {
    FRAMES
        .try_with(|f| {
            f.borrow().iter().any(|e| match e {
                Entry::Run(fr) => fr.runs(st),
                Entry::Released => false,
            })
        })
        .unwrap_or(false)
}

/// The innermost run, which must be the one `py` was made for.
pub(crate) fn current_for(py: Py<'_>) -> Result<Frame, Error> {
    top()
        .filter(|t| std::ptr::eq(t.objects, py.objects()))
        .ok_or(Error::WrongToken(py.interp()))
}

/// Whether this thread has any run in progress (of any runtime).
pub(crate) fn in_any_run() -> bool {
    FRAMES
        .try_with(|f| f.borrow().iter().any(|e| matches!(e, Entry::Run(_))))
        .unwrap_or(false)
}

/// Runs `f` with a fresh thread state of `gil` attached on this thread (runtime work: setting
/// up or tearing down an interpreter): a plain attach when the thread runs nothing, a scoped
/// switch from the innermost run otherwise. The frames below are hidden while `f` runs, and
/// the state is deleted afterwards.
pub(crate) fn with_attached<R>(
    gil: &Arc<GilInterp>,
    whence: TsWhence,
    f: impl FnOnce(&mut Attached) -> R,
) -> Result<R, TstateError> {
    let ts = ThreadState::new(gil, whence)?;
    match top() {
        Some(top) => {
            // SAFETY: `top` is this thread's innermost frame and its run waits for the code
            // that called us, so its attached state is ours for this call.
            let outer = unsafe { &mut *top.attached };
            let mut inner = outer.enter(&ts)?;
            let hidden = push_released();
            let r = f(&mut inner);
            drop(hidden);
            if inner.leave().is_err() {
                // The outer interpreter is in a run, so nothing can end it.
                crate::hooks::lost_gil();
            }
            Ok(r)
        }
        None => {
            let mut attached = ts.attach()?;
            let hidden = push_released();
            let r = f(&mut attached);
            drop(hidden);
            // A failed detach means the GIL is not held any more; nothing to release.
            let _ = attached.detach();
            Ok(r)
        }
    }
}
