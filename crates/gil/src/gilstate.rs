//! The gilstate API (`PyGILState_Ensure/Release/Check`), keyed by (OS thread, interpreter).
//!
//! CPython keeps one thread-state slot per OS thread, which follows the most recently attached
//! state and only ever creates states in main (reference §3, §8.4). Here every call names its
//! interpreter, and each OS thread has one gilstate state per interpreter:
//!
//! - the first state of that interpreter attached on the thread, if it is still alive;
//! - otherwise one that [`ensure`] creates (`Whence::GilState`) and the matching last
//!   [`Ensured::release`] deletes.
//!
//! The counter semantics are CPython's: states not created by `ensure` start at 1, so release
//! never deletes them; nested calls nest. [`check`] means "this thread holds the GIL of its
//! current state's interpreter", which stays right with any number of GILs (CPython disables
//! its check process-wide once a sub-interpreter exists, scenario 23).
//!
//! Entering a different interpreter is an explicit switch ([`Attached::enter`]): `ensure` for an
//! interpreter other than the one attached on this thread fails with
//! "_PyThreadState_Attach: non-NULL old thread state" rather than silently releasing a GIL that
//! the code up the stack relies on.

use std::sync::Arc;

use crate::attached::Attached;
use crate::current;
use crate::error::TstateError;
use crate::interp::Interp;
use crate::sync::Ordering;
use crate::tstate::{Status, ThreadState, Whence};

/// What [`ensure`] found (CPython's `PyGILState_STATE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GilStateKind {
    /// The interpreter's state was already attached here (`PyGILState_LOCKED`, 0).
    Locked,
    /// `ensure` attached it (`PyGILState_UNLOCKED`, 1); release detaches it again.
    Unlocked,
}

/// The result of [`ensure`]: proof that this thread runs in the interpreter until released.
///
/// Release it with [`release`](Self::release) or by dropping it. Not `Send`.
#[derive(Debug)]
#[must_use = "dropping it releases at once"]
pub struct Ensured {
    interp: Arc<Interp>,
    kind: GilStateKind,
    /// The guard when `Unlocked`; a view of the state attached up the stack when `Locked`.
    attached: Attached,
    released: bool,
}

/// Makes sure this thread runs in `interp` with its GIL held (`PyGILState_Ensure`, with an
/// explicit interpreter as PEP 788 proposes).
///
/// - This thread's current state belongs to `interp`: [`GilStateKind::Locked`], nothing
///   changes but the counter.
/// - No state is current: this thread's gilstate state for `interp` is attached (created
///   first if there is none): [`GilStateKind::Unlocked`].
/// - A state of another interpreter is current: refused with "_PyThreadState_Attach: non-NULL
///   old thread state"; switch explicitly with [`Attached::enter`].
///
/// Also fails when `interp` is being ended or has ended.
///
/// An owned interpreter ([`Interp::new_owned`]) is refused with [`TstateError::Owned`]: its
/// owner decides who runs in it.
pub fn ensure(interp: &Arc<Interp>) -> Result<Ensured, TstateError> {
    interp.refuse_if_owned("PyGILState_Ensure")?;
    if let Some(cur) = current::current() {
        if !Arc::ptr_eq(&cur.interp, interp) {
            return Err(TstateError::NonNullOld);
        }
        cur.gilstate_counter.fetch_add(1, Ordering::Relaxed);
        return Ok(Ensured {
            interp: interp.clone(),
            kind: GilStateKind::Locked,
            attached: Attached::alias(cur),
            released: false,
        });
    }
    let (ts, created) = match current::binding(interp) {
        Some(ts) => (ts, false),
        None => {
            let handle = ThreadState::new_unbound(interp, Whence::GilState)?;
            handle.bind_os_thread()?;
            handle.inner().gilstate_counter.store(0, Ordering::Relaxed);
            let ts = handle.inner().clone();
            current::bind_owned(handle);
            (ts, true)
        }
    };
    match Attached::attach(ts.clone()) {
        Ok(attached) => {
            ts.gilstate_counter.fetch_add(1, Ordering::Relaxed);
            Ok(Ensured {
                interp: interp.clone(),
                kind: GilStateKind::Unlocked,
                attached,
                released: false,
            })
        }
        Err(e) => {
            if created {
                drop(current::take_owned(&ts));
            }
            Err(e)
        }
    }
}

/// Whether this thread has a current thread state and holds its interpreter's GIL
/// (`PyGILState_Check`, done right for many GILs).
pub fn check() -> bool {
    current::current().is_some_and(|ts| ts.interp.gil().is_held_by(ts.holder))
}

/// The id of this thread's gilstate state for `interp`, if it has one
/// (`PyGILState_GetThisThreadState`).
pub fn this_thread_state(interp: &Arc<Interp>) -> Option<u64> {
    current::binding(interp).map(|ts| ts.id)
}

/// How many per-interpreter gilstate bindings this OS thread holds: a diagnostic for leak
/// tests and long-running pool threads.
///
/// A binding is made the first time a state of an interpreter is bound or attached on this
/// thread, or by [`ensure`]. Once its state is deleted it is dead, and dead bindings are
/// dropped whenever a binding is added. So the count is the live bindings plus those that died
/// since the last one was added, not one per interpreter ever seen: a thread that runs in
/// one fresh interpreter after another, deleting its state in each, holds one.
pub fn bindings_on_this_thread() -> usize {
    current::binding_count()
}

impl Ensured {
    /// What `ensure` found.
    pub fn kind(&self) -> GilStateKind {
        self.kind
    }

    /// The interpreter.
    pub fn interp(&self) -> &Arc<Interp> {
        &self.interp
    }

    /// The attached state, for reading and for building tokens that need the GIL held.
    pub fn attached(&self) -> &Attached {
        &self.attached
    }

    /// The attached state for operations that may release the GIL, when this call attached
    /// it ([`GilStateKind::Unlocked`]). In the `Locked` case the guard up the stack owns them.
    pub fn attached_mut(&mut self) -> Option<&mut Attached> {
        match self.kind {
            GilStateKind::Unlocked => Some(&mut self.attached),
            GilStateKind::Locked => None,
        }
    }

    /// Undoes the matching [`ensure`] (`PyGILState_Release`): decrements the counter; at zero
    /// deletes the state `ensure` created (detaching it); otherwise, if `ensure` attached the
    /// state, detaches it.
    ///
    /// Fails with CPython's texts, handing `self` back unchanged, when this thread has no
    /// gilstate state for the interpreter or that state is not current (releases out of order,
    /// scenario 14).
    pub fn release(mut self) -> Result<(), ReleaseError> {
        match self.release_inner() {
            Ok(()) => Ok(()),
            Err(error) => Err(ReleaseError {
                ensured: self,
                error,
            }),
        }
    }

    fn release_inner(&mut self) -> Result<(), TstateError> {
        if self.released {
            return Ok(());
        }
        if current::binding(&self.interp).is_none() {
            return Err(TstateError::ReleaseNoState);
        }
        let ts = self.attached.ts.clone();
        if !(ts.status() == Status::Attached && current::is_top(&ts)) {
            return Err(TstateError::ReleaseNotCurrent { tstate: ts.addr() });
        }
        let left = ts.gilstate_counter.fetch_sub(1, Ordering::Relaxed) - 1;
        self.released = true;
        if left == 0 {
            // Created by `ensure`: clear, then delete it as the current state
            // (`_PyThreadState_DeleteCurrent`), which releases the GIL.
            let handle = current::take_owned(&ts);
            if let Some(h) = &handle {
                h.clear();
            }
            let res = self.attached.detach_inner();
            drop(handle);
            return res;
        }
        match self.kind {
            GilStateKind::Unlocked => self.attached.detach_inner(),
            GilStateKind::Locked => Ok(()),
        }
    }
}

impl Drop for Ensured {
    fn drop(&mut self) {
        // An out-of-order release changes nothing; the error is only visible via `release`.
        let _ = self.release_inner();
    }
}

/// [`Ensured::release`] refused; the [`Ensured`] is handed back unchanged.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct ReleaseError {
    /// The value to release later, in the right order.
    pub ensured: Ensured,
    /// Why it could not be released now.
    #[source]
    pub error: TstateError,
}
