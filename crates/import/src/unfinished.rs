//! [`Unfinished`]: a module an import is still building, freed (as CPython's cycle collector
//! would free it) if the import fails.
//!
//! A module and the functions bound to it form a cycle (module -> dict -> function ->
//! module), and nothing here collects cycles: a half-built module dropped on an error path
//! would stay alive until its interpreter ends, or for ever if it was never tracked, so a
//! retry loop around a failing import would grow without bound. Every step of an import that
//! holds a module it has not handed over yet wraps it in this guard; on success the step calls
//! [`Unfinished::finish`], and on any error the guard's drop clears the module (`module_clear`)
//! and forgets it from the interpreter's `created` list, so it is freed at once.
//!
//! The guard only clears a module that is garbage: one whose every reference is the guard's
//! own, the `created` list's, or comes from its own dict (functions bound to it, held by
//! nobody else, and entries that are the module itself). A module someone else still holds
//! (`sys.modules` before the failure, `modules_by_index`, the extension cache, code that kept
//! it, an exception that refers to it, module state that refers to it) is left alone, as
//! CPython's collector would leave it: clearing it would be visible. So the guard can wrap any
//! module, fresh or found, and the check errs on the side of keeping.

use std::collections::HashMap;
use std::ops::Deref;

use subinterp_object::{Kind, Obj};

use crate::state::InterpImports;

/// A module an import made and has not handed over yet; see the [module docs](self).
///
/// | event | effect |
/// |---|---|
/// | [`new`](Self::new) | armed |
/// | [`track`](Self::track) | the module joins the interpreter's `created` list; still armed |
/// | [`finish`](Self::finish) | disarmed: the module is returned, nothing is cleared |
/// | drop while armed | if the module is garbage: `module_clear`, dropped from `created` |
#[must_use = "dropping an Unfinished module discards it"]
pub(crate) struct Unfinished<'py, 's> {
    m: Obj<'py>,
    /// Cleared by [`finish`](Self::finish).
    armed: bool,
    /// The import state whose `created` list may hold the module.
    tracked: Option<&'s InterpImports>,
}

impl<'py, 's> Unfinished<'py, 's> {
    /// Guards `m`, which the caller's step made or found.
    #[inline]
    pub(crate) fn new(m: Obj<'py>) -> Unfinished<'py, 's> {
        Unfinished {
            m,
            armed: true,
            tracked: None,
        }
    }

    /// Records the module in `state`'s `created` list (`InterpImports::track`), so a failure
    /// from here on also forgets it there.
    pub(crate) fn track(&mut self, state: &'s InterpImports) {
        state.track(self.m.py(), &self.m);
        self.tracked = Some(state);
    }

    /// Guards `m`, which an earlier step made and tracked in `state`'s `created` list (a module
    /// whose body the eval loop ran and which failed).
    pub(crate) fn adopt(m: Obj<'py>, state: &'s InterpImports) -> Unfinished<'py, 's> {
        Unfinished {
            m,
            armed: true,
            tracked: Some(state),
        }
    }

    /// The import step succeeded: the module, no longer guarded.
    #[inline]
    pub(crate) fn finish(mut self) -> Obj<'py> {
        self.armed = false;
        self.m.clone()
    }
}

impl<'py> Deref for Unfinished<'py, '_> {
    type Target = Obj<'py>;

    #[inline]
    fn deref(&self) -> &Obj<'py> {
        &self.m
    }
}

impl Drop for Unfinished<'_, '_> {
    fn drop(&mut self) {
        if self.armed {
            discard(&self.m, self.tracked);
        }
    }
}

/// The failure path: clears `m` and drops it from `state`'s `created` list when nothing
/// outside its own cycle refers to it. Objects that are not modules (what a create slot may
/// return) have no dict to clear and are just dropped.
#[cold]
fn discard(m: &Obj<'_>, state: Option<&InterpImports>) {
    if m.kind() != Kind::Module {
        return;
    }
    let tracked = state.filter(|s| s.is_tracked(m));
    // Ours, plus the `created` list's.
    let held = 1 + usize::from(tracked.is_some());
    if !is_garbage(m, held) {
        return;
    }
    // Cannot fail: `m` is a module, and clearing allocates nothing.
    let _ = m.module_clear();
    // The cleared functions gave their reference to `m` back through the heap's deferred
    // queue (a native function holds its `__self__` as an unbound reference): applied now,
    // so that `m` dies with the guard's handle.
    m.py().run_deferred();
    if let Some(s) = tracked {
        s.untrack(m.py(), m);
    }
}

/// Whether `m`'s references are exactly the `held` ones plus those its own dict accounts for:
/// entries that are `m` itself, and functions bound to `m` that nothing but that dict refers
/// to; and nothing but `m` refers to the dict. Any reference not accounted for (module state,
/// a type, an exception, a handle in native code) makes the answer `false`.
fn is_garbage(m: &Obj<'_>, held: usize) -> bool {
    let Ok(d) = m.module_dict() else {
        return false;
    };
    // The module's reference and `d`.
    if d.refcnt() != 2 {
        return false;
    }
    let Ok(items) = d.dict_items() else {
        return false;
    };
    // Distinct values -> (one handle of it, number of entries holding it).
    let mut values: HashMap<usize, (&Obj<'_>, usize)> = HashMap::new();
    for (_, v) in &items {
        values.entry(v.id()).or_insert((v, 0)).1 += 1;
    }
    let mut expected = held;
    for (v, n) in values.into_values() {
        // Each entry holds a reference, and so does its handle in `items`.
        let refs = 2 * n;
        if v.is(m) {
            expected += refs;
        } else if subinterp_vm::builtin_self(v).is_some_and(|s| s.is(m)) {
            if v.refcnt() != refs {
                return false;
            }
            expected += 1;
        }
    }
    m.refcnt() == expected
}
