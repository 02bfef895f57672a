//! One collection (CPython's `gc_collect_main`).

use std::mem::ManuallyDrop;

use crate::header::Raw;
use crate::{Obj, Py};

use super::head::{
    self, COLLECTING, FINALIZED, GcHead, List, REACHABLE, UNREACHABLE, head_of, obj_of,
};
use super::{GENERATIONS, GcHooks, GcState, GenStats};

/// The generation an automatic collection takes: the oldest whose count passed its threshold,
/// a full collection only when the objects waiting for one are a quarter of those that
/// survived the last (CPython's `gc_collect_generations`).
pub(super) fn generation_due(st: &GcState) -> Option<usize> {
    (0..GENERATIONS).rev().find(|&i| {
        let over = st.count[i].get() > st.threshold[i].get();
        let full_ok =
            i != GENERATIONS - 1 || st.long_lived_pending.get() >= st.long_lived_total.get() / 4;
        over && full_ok
    })
}

/// Collects generations `0..=generation`; the number of unreachable objects found.
pub(super) fn collect<'py>(py: Py<'py>, generation: usize, hooks: &mut dyn GcHooks<'py>) -> usize {
    let st = &py.ctx().gc;
    if st.collecting.replace(true) {
        return 0;
    }
    // References other threads handed back are counted before anything is judged
    // unreachable (a deferred incref would otherwise be missing).
    py.run_deferred();
    let n = collect_locked(py, st, generation, hooks);
    // Native values freed with the garbage drop their unbound references by deferring them:
    // release those now, so the garbage is gone when `gc.collect()` returns.
    py.run_deferred();
    if generation + 1 < GENERATIONS {
        let c = &st.count[generation + 1];
        c.set(c.get() + 1);
    }
    for c in &st.count[..=generation] {
        c.set(0);
    }
    let s = &st.stats[generation];
    let old = s.get();
    s.set(GenStats {
        collections: old.collections + 1,
        collected: old.collected + n,
    });
    st.collecting.set(false);
    n
}

fn collect_locked<'py>(
    py: Py<'py>,
    st: &GcState,
    generation: usize,
    hooks: &mut dyn GcHooks<'py>,
) -> usize {
    let young = &st.gens[generation];
    for g in &st.gens[..generation] {
        young.splice(g);
    }
    let old = &st.gens[(generation + 1).min(GENERATIONS - 1)];

    let members = young.members();
    let unreachable = List::new();
    find_unreachable(py, &members, &unreachable);

    // Survivors: tuples of atomics are untracked (CPython's `untrack_tuples`), the others
    // move to the next generation.
    for &p in &members {
        let h = head_of(p);
        if h.has(REACHABLE) {
            h.unset(COLLECTING | REACHABLE);
            if crate::types::kind_of(p) == crate::types::Kind::Tuple && tuple_is_atomic(p) {
                head::unlink(h);
            }
        }
    }
    drop(members);
    if !std::ptr::eq(young, old) {
        if generation == GENERATIONS - 2 {
            st.long_lived_pending
                .set(st.long_lived_pending.get() + young.len());
        }
        old.splice(young);
    } else {
        st.long_lived_pending.set(0);
        st.long_lived_total.set(young.len());
    }

    if unreachable.is_empty() {
        return 0;
    }
    // SAFETY: the members of `unreachable` are live objects of this heap.
    let ran = unsafe { crate::weakref::clear_unreachable(py, &unreachable, hooks) };
    let ran = finalize_garbage(py, &unreachable, hooks) || ran;
    if ran {
        handle_resurrected(py, &unreachable, old);
    }
    let n = unreachable.len();
    delete_garbage(py, &unreachable, old);
    n
}

/// Moves the unreachable members of `members` (the young generation) to `unreachable`;
/// marks the others `REACHABLE`.
fn find_unreachable(py: Py<'_>, members: &[Raw], unreachable: &List) {
    for &p in members {
        head_of(p).set(COLLECTING);
    }
    mark_reachable(py, members, COLLECTING);
    for &p in members {
        let h = head_of(p);
        if !h.has(REACHABLE) {
            head::unlink(h);
            h.set(UNREACHABLE);
            unreachable.push(h);
        }
    }
}

/// The heart of the algorithm, over `members` (all flagged `set`): `gc_refs` is each
/// refcount minus the references from other members; those left above zero are referred
/// to from outside, and they and every member they reach are flagged `REACHABLE`.
fn mark_reachable(py: Py<'_>, members: &[Raw], set: usize) {
    let ctx = py.ctx_ptr();
    for &p in members {
        let h = head_of(p);
        // SAFETY: members are live.
        h.refs.set(unsafe { p.as_ref() }.rc.get() as isize);
        h.unset(REACHABLE);
    }
    for &p in members {
        // SAFETY: a live member of this heap with a prefix; the visitor only writes `refs`.
        unsafe {
            super::traverse(py, p, &mut |q| {
                if let Some(h) = candidate(ctx, q, set) {
                    h.refs.set(h.refs.get() - 1);
                }
            })
        };
    }
    let mut work: Vec<Raw> = Vec::new();
    for &p in members {
        let h = head_of(p);
        if h.refs.get() > 0 && !h.has(REACHABLE) {
            h.set(REACHABLE);
            work.push(p);
            while let Some(r) = work.pop() {
                // SAFETY: a live member; the visitor only writes flags and the worklist.
                unsafe {
                    super::traverse(py, r, &mut |q| {
                        if let Some(h) = candidate(ctx, q, set)
                            && !h.has(REACHABLE)
                        {
                            h.set(REACHABLE);
                            work.push(q);
                        }
                    })
                };
            }
        }
    }
}

/// The prefix of `q` when it is an object of heap `ctx` with a prefix flagged `bit`.
#[inline]
fn candidate<'a>(ctx: *const crate::heap::HeapCtx, q: Raw, bit: usize) -> Option<&'a GcHead> {
    // SAFETY: `q` is referred to by a live object, so it is live.
    if unsafe { q.as_ref() }.heap != ctx || !head::has_head(q) {
        return None;
    }
    let h = head_of(q);
    h.has(bit).then_some(h)
}

/// Whether tuple `p` holds only objects that can never be part of a cycle.
fn tuple_is_atomic(p: Raw) -> bool {
    // SAFETY: `p` is a live tuple.
    unsafe { crate::tuple::items(p) }.iter().all(|&i| {
        !head::has_head(i)
            || (crate::types::kind_of(i) == crate::types::Kind::Tuple
                && !head::is_linked(head_of(i)))
    })
}

/// Runs the finalizers of the unreachable objects that have one and have not run it;
/// whether any ran. Each object is moved to a list of those seen first, so that objects the
/// finalizers free (they unlink themselves) are never visited.
fn finalize_garbage<'py>(py: Py<'py>, unreachable: &List, hooks: &mut dyn GcHooks<'py>) -> bool {
    let seen = List::new();
    let mut ran = false;
    while let Some(h) = unreachable.first() {
        // SAFETY: a member of the list is a live prefix.
        let hr = unsafe { &*h };
        head::unlink(hr);
        seen.push(hr);
        let p = obj_of(h);
        // SAFETY: an unreachable object is live until the collector frees it.
        let o = unsafe { Obj::borrowed(py, p) };
        if !hr.has(FINALIZED) && hooks.has_finalizer(&o) {
            hr.set(FINALIZED);
            hooks.finalize(&o);
            ran = true;
        }
    }
    unreachable.splice(&seen);
    ran
}

/// Moves what a finalizer or callback made reachable again from `unreachable` to `old`
/// (CPython's `handle_resurrected_objects`).
fn handle_resurrected(py: Py<'_>, unreachable: &List, old: &List) {
    let members = unreachable.members();
    mark_reachable(py, &members, UNREACHABLE);
    for &p in &members {
        let h = head_of(p);
        if h.has(REACHABLE) {
            h.unset(REACHABLE | UNREACHABLE | COLLECTING);
            head::unlink(h);
            old.push(h);
        }
    }
}

/// Breaks the cycles of `unreachable`: clears each object (holding a reference meanwhile);
/// one that outlives its clear moves to `old`, to die when its cycle's other members go.
fn delete_garbage(py: Py<'_>, unreachable: &List, old: &List) {
    while let Some(h) = unreachable.first() {
        let p = obj_of(h);
        // SAFETY: a member is live; the handle is the reference held across the clear.
        let o = ManuallyDrop::new(unsafe { Obj::borrowed(py, p) });
        // SAFETY: live, of this heap, with a prefix; `o` holds it.
        unsafe { super::traverse::clear(py, p) };
        if unreachable.first() == Some(h) {
            // SAFETY: still linked, so still live (held by `o`).
            let hr = unsafe { &*h };
            hr.unset(REACHABLE | UNREACHABLE | COLLECTING);
            head::unlink(hr);
            old.push(hr);
        }
        drop(ManuallyDrop::into_inner(o));
    }
}
