//! The per-OS-thread context: the stack of current and suspended thread states (CPython's
//! `_Py_tss_tstate`), and the gilstate bindings, one per interpreter (CPython's single
//! `autoTSSkey` slot, keyed here by interpreter).
//!
//! This is the only process-global state of the crate, and it holds `Arc`s whose interpreter
//! and GIL are explicit, so two runtimes in one process never confuse each other's states.
//! The borrow of the context is never held across a blocking call, a user callback or the drop
//! of a thread state, so re-entry (a drop that touches the context) cannot panic; and after the
//! thread's context is gone (thread exit) every accessor degrades to "nothing here".
//! Bindings whose state was deleted are pruned whenever one is added, so the table stays as
//! small as the bindings in use however many interpreters the thread visits.

use std::cell::RefCell;
use std::sync::{Arc, Weak};

use crate::interp::Interp;
use crate::sync::{Ordering, thread_local};
use crate::tstate::{Status, ThreadState, TsInner};

#[derive(Default)]
struct Ctx {
    /// Attached and suspended thread states, innermost last. Every entry is suspended except
    /// the last, which is attached or, while its code runs without the GIL, detached.
    stack: Vec<Arc<TsInner>>,
    bindings: Vec<Binding>,
}

/// The thread state that gilstate uses for one interpreter on this thread.
struct Binding {
    interp: Weak<Interp>,
    tstate: Weak<TsInner>,
    /// Set when gilstate created the state itself: then the binding owns it.
    owned: Option<ThreadState>,
}

impl Binding {
    fn is_for(&self, interp: &Arc<Interp>) -> bool {
        std::ptr::eq(self.interp.as_ptr(), Arc::as_ptr(interp))
    }

    fn live(&self) -> Option<Arc<TsInner>> {
        self.tstate
            .upgrade()
            .filter(|t| t.status() != Status::Deleted)
    }

    /// Whether the binding can never be used again: its state is deleted or gone (then so may
    /// be its interpreter, which the state keeps alive). An owned binding is never dead: its
    /// handle keeps the state alive and undeleted until gilstate's last release takes it out.
    ///
    /// A state upgraded for the check goes into `hold`, to be dropped after the borrow: it may
    /// be the last reference, and its drop runs the interpreter's drop.
    fn is_dead(&self, hold: &mut Vec<Arc<TsInner>>) -> bool {
        if self.owned.is_some() {
            return false;
        }
        match self.tstate.upgrade() {
            Some(t) => {
                let dead = t.status() == Status::Deleted;
                hold.push(t);
                dead
            }
            None => true,
        }
    }
}

/// What a push took out of the table, dropped once the borrow has ended.
#[derive(Default)]
struct Pruned {
    bindings: Vec<Binding>,
    hold: Vec<Arc<TsInner>>,
}

impl Ctx {
    /// Adds `b`, first taking out the dead bindings (the interpreters this thread ran in that
    /// have ended or dropped their state), so the table stays as small as the bindings that
    /// can still be used however many interpreters the thread visits.
    fn push_binding(&mut self, b: Binding, out: &mut Pruned) {
        let mut i = 0;
        while i < self.bindings.len() {
            if self.bindings[i].is_dead(&mut out.hold) {
                out.bindings.push(self.bindings.swap_remove(i));
            } else {
                i += 1;
            }
        }
        self.bindings.push(b);
    }
}

thread_local! {
    static CTX: RefCell<Ctx> = RefCell::new(Ctx::default());
}

fn with<R>(f: impl FnOnce(&mut Ctx) -> R) -> Option<R> {
    CTX.try_with(|c| c.try_borrow_mut().ok().map(|mut c| f(&mut c)))
        .ok()
        .flatten()
}

/// The thread state attached on this thread, if any.
pub(crate) fn current() -> Option<Arc<TsInner>> {
    with(|c| {
        c.stack
            .last()
            .filter(|t| t.status() == Status::Attached)
            .cloned()
    })
    .flatten()
}

/// Whether `ts` is the innermost entry of this thread's stack.
pub(crate) fn is_top(ts: &Arc<TsInner>) -> bool {
    with(|c| c.stack.last().is_some_and(|t| Arc::ptr_eq(t, ts))).unwrap_or(false)
}

/// Whether `ts` is anywhere on this thread's stack.
pub(crate) fn contains(ts: &Arc<TsInner>) -> bool {
    with(|c| c.stack.iter().any(|t| Arc::ptr_eq(t, ts))).unwrap_or(false)
}

pub(crate) fn push(ts: Arc<TsInner>) {
    with(|c| c.stack.push(ts));
}

/// Pops `ts` if it is the innermost entry.
pub(crate) fn pop(ts: &Arc<TsInner>) -> bool {
    with(|c| match c.stack.last() {
        Some(t) if Arc::ptr_eq(t, ts) => c.stack.pop().is_some(),
        _ => false,
    })
    .unwrap_or(false)
}

/// This thread's gilstate state for `interp`, if it is alive.
pub(crate) fn binding(interp: &Arc<Interp>) -> Option<Arc<TsInner>> {
    let (found, dead) = with(|c| {
        let i = c.bindings.iter().position(|b| b.is_for(interp))?;
        match c.bindings[i].live() {
            Some(t) => Some((Some(t), None)),
            None => Some((None, Some(c.bindings.swap_remove(i)))),
        }
    })
    .flatten()
    .unwrap_or((None, None));
    // A dead binding's owned handle is dropped here, outside the borrow.
    drop(dead);
    found
}

/// Makes `ts` the gilstate state of its interpreter on this thread, unless a live one is
/// already there (`bind_gilstate_tstate`, but the first binding wins: see `gilstate`).
pub(crate) fn bind_if_absent(ts: &Arc<TsInner>) {
    if ts.gilstate_bound.load(Ordering::Relaxed) || binding(&ts.interp).is_some() {
        return;
    }
    let mut pruned = Pruned::default();
    with(|c| {
        let b = Binding {
            interp: Arc::downgrade(&ts.interp),
            tstate: Arc::downgrade(ts),
            owned: None,
        };
        c.push_binding(b, &mut pruned);
        ts.gilstate_bound.store(true, Ordering::Relaxed);
    });
    drop(pruned);
}

/// Binds a state that gilstate created; the binding owns it from now on.
pub(crate) fn bind_owned(handle: ThreadState) {
    let ts = handle.inner().clone();
    // Whatever is taken out is dropped after the borrow ends.
    let mut pruned = Pruned::default();
    with(|c| {
        let b = Binding {
            interp: Arc::downgrade(&ts.interp),
            tstate: Arc::downgrade(&ts),
            owned: Some(handle),
        };
        if c.bindings
            .iter()
            .any(|b| b.is_for(&ts.interp) && !b.is_dead(&mut pruned.hold))
        {
            // A live binding wins; the new handle goes.
            pruned.bindings.push(b);
            return;
        }
        // A dead binding of this interpreter goes with the other dead ones.
        c.push_binding(b, &mut pruned);
        ts.gilstate_bound.store(true, Ordering::Relaxed);
    });
    drop(pruned);
}

/// How many bindings this thread's table holds, including dead ones not yet pruned.
pub(crate) fn binding_count() -> usize {
    with(|c| c.bindings.len()).unwrap_or(0)
}

/// Removes and returns the owned handle of `ts`'s binding, if gilstate owns it.
pub(crate) fn take_owned(ts: &Arc<TsInner>) -> Option<ThreadState> {
    with(|c| {
        let i = c
            .bindings
            .iter()
            .position(|b| b.owned.as_ref().is_some_and(|h| Arc::ptr_eq(h.inner(), ts)))?;
        c.bindings.swap_remove(i).owned
    })
    .flatten()
}
