//! The cycle collector: CPython's generational algorithm (`Python/gc.c` of 3.13) over the
//! containers of one heap.
//!
//! Reference counting frees everything but cycles. The collector finds the cycles nothing
//! outside them refers to: for the containers of the generation collected it copies each
//! refcount (`gc_refs`), subtracts every reference one of them holds to another (by
//! traversing them), and what stays above zero is referred to from outside; everything those
//! reach is reachable too. The rest is garbage: weak references to it are cleared (their
//! callbacks called), finalizers run once, objects a finalizer resurrected are kept, and the
//! cycles of what is left are broken by clearing each object's references.
//!
//! It runs only in the heap's owner, under its GIL, at points where the eval loop holds no
//! borrowed pointers (the vm calls [`Py::gc_run_due`] where it closes dropped generators);
//! [`Py::gc_collect`] is `gc.collect()`. Ending an interpreter does not collect: closing the
//! heap returns every arena whole.
//!
//! # The container contract
//!
//! A container kind (a built-in kind of this crate, or a native class whose [`Slots`] has a
//! `traverse` hook) must:
//!
//! - **traverse**: visit every strong reference the object owns to another object, each
//!   exactly once per reference held ([`Visit::obj_ref`], [`Visit::obj`]), without changing
//!   any refcount, allocating objects or running Python code. Visiting a reference the
//!   object does not own frees live objects; leaving one out only keeps its target alive
//!   (an unvisited reference counts as one from outside), so a hook may skip what it cannot
//!   reach safely (a `RefCell` borrowed at that moment).
//! - **clear** (optional): drop the references that can form cycles, leaving the object
//!   valid (empty). A kind without one (a tuple) is freed when the cycle is broken through
//!   another member.
//!
//! ```
//! use std::cell::RefCell;
//! use subinterp_object::{InterpId, Obj, ObjRef, Objects, Slots, StaticType, Visit};
//! use subinterp_obmalloc::Heap;
//!
//! /// A box holding one reference.
//! struct Holder(RefCell<Option<ObjRef>>);
//! fn traverse(o: &Obj<'_>, v: &mut Visit<'_>) {
//!     if let Some(h) = o.native::<Holder>() {
//!         if let Ok(slot) = h.0.try_borrow() {
//!             v.opt_ref(slot.as_ref());
//!         }
//!     }
//! }
//! fn clear(o: &Obj<'_>) {
//!     if let Some(r) = o.native::<Holder>().and_then(|h| h.0.borrow_mut().take()) {
//!         r.release(o.py());
//!     }
//! }
//! static SLOTS: Slots = Slots { traverse: Some(traverse), clear: Some(clear), ..Slots::EMPTY };
//! static HOLDER: StaticType = StaticType::native("Holder", "demo", &SLOTS);
//!
//! let objs = Objects::new(InterpId::new(0), Heap::new());
//! // SAFETY: this thread is the only one using `objs`.
//! let found = unsafe {
//!     objs.with_gil(|py| {
//!         let h = py.new_native(&HOLDER, Holder(RefCell::new(None))).unwrap();
//!         let l = py.list(&[h.clone()]).unwrap();
//!         *h.native::<Holder>().unwrap().0.borrow_mut() = Some(l.unbind());
//!         drop(h); // a cycle: holder -> list -> holder
//!         py.gc_collect(2, &mut ()).unwrap()
//!     })
//! };
//! assert_eq!(found, 2);
//! ```

mod collect;
pub(crate) mod head;
pub(crate) mod pending;
mod traverse;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use subinterp_obmalloc::AddrHasher;

use crate::header::Raw;
use crate::{Obj, ObjRef, Py, PyErr, PyResult};
use head::{GcHead, HEAD_SIZE, List, Mode};

pub(crate) use traverse::traverse;

/// Number of generations.
pub const GENERATIONS: usize = 3;

/// CPython 3.13's default thresholds (`gc.get_threshold()`).
pub const DEFAULT_THRESHOLDS: [usize; GENERATIONS] = [2000, 10, 10];

/// A collection is due.
const DUE_COLLECT: u8 = 1;
/// Weak reference callbacks are queued.
const DUE_CALLBACKS: u8 = 2;
/// Objects wait for their `__del__` (`pending.rs`).
const DUE_FINALIZE: u8 = 4;

/// Weak references by referent address (see `weakref.rs`).
pub(crate) type WeakTable = HashMap<usize, Vec<Raw>, BuildHasherDefault<AddrHasher>>;

/// One heap's collector state (CPython's `GCState`). Touched only under the heap's GIL.
pub(crate) struct GcState {
    pub(crate) gens: [List; GENERATIONS],
    pub(crate) count: [Cell<usize>; GENERATIONS],
    pub(crate) threshold: [Cell<usize>; GENERATIONS],
    pub(crate) enabled: Cell<bool>,
    pub(crate) collecting: Cell<bool>,
    due: Cell<u8>,
    pub(crate) long_lived_total: Cell<usize>,
    pub(crate) long_lived_pending: Cell<usize>,
    pub(crate) weak: RefCell<WeakTable>,
    /// Weak references (owned) whose referent died and whose callback is still to be called.
    pub(crate) callbacks: RefCell<Vec<Raw>>,
    /// Objects (one owned reference each) whose refcount reached zero, waiting for their
    /// `__del__` (`pending.rs`).
    pub(crate) pending: RefCell<Vec<Raw>>,
    pub(crate) stats: [Cell<GenStats>; GENERATIONS],
}

/// What the collections of one generation did (`gc.get_stats()`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GenStats {
    /// Collections of this generation.
    pub collections: usize,
    /// Unreachable objects they found.
    pub collected: usize,
}

impl GcState {
    pub(crate) fn new() -> GcState {
        GcState {
            gens: [List::new(), List::new(), List::new()],
            count: Default::default(),
            threshold: DEFAULT_THRESHOLDS.map(Cell::new),
            enabled: Cell::new(true),
            collecting: Cell::new(false),
            due: Cell::new(0),
            long_lived_total: Cell::new(0),
            long_lived_pending: Cell::new(0),
            weak: RefCell::new(WeakTable::default()),
            callbacks: RefCell::new(Vec::new()),
            pending: RefCell::new(Vec::new()),
            stats: Default::default(),
        }
    }

    /// Counts a new container and links it (`gc_alloc` plus `_PyObject_GC_TRACK`).
    #[inline]
    fn on_alloc(&self, h: &GcHead, mode: Mode) {
        if mode == Mode::Tracked {
            self.gens[0].push(h);
        }
        let c = self.count[0].get() + 1;
        self.count[0].set(c);
        let t = self.threshold[0].get();
        if c > t && t != 0 && self.enabled.get() && !self.collecting.get() {
            self.due.set(self.due.get() | DUE_COLLECT);
        }
    }

    pub(crate) fn queue_callback(&self, wr: Raw) {
        self.callbacks.borrow_mut().push(wr);
        self.due.set(self.due.get() | DUE_CALLBACKS);
    }
}

/// What the collector calls back into the layer that runs Python code.
pub trait GcHooks<'py> {
    /// Whether `obj` has a finalizer (CPython's `tp_finalize`, a class's `__del__`).
    fn has_finalizer(&mut self, obj: &Obj<'py>) -> bool {
        let _ = obj;
        false
    }

    /// Runs `obj`'s finalizer (called once per object, ever).
    fn finalize(&mut self, obj: &Obj<'py>) {
        let _ = obj;
    }

    /// Calls `callback(weakref)`: the referent of `weakref` died.
    fn weakref_callback(&mut self, weakref: &Obj<'py>, callback: &Obj<'py>) {
        let _ = (weakref, callback);
    }
}

/// No finalizers, callbacks dropped: for callers that run no Python code.
impl<'py> GcHooks<'py> for () {}

/// The visitor a `traverse` hook reports the references of its object to.
pub struct Visit<'a> {
    pub(crate) f: &'a mut dyn FnMut(Raw),
    /// The heap being collected: references into other heaps are not looked at.
    pub(crate) heap: *const crate::heap::HeapCtx,
}

impl Visit<'_> {
    /// A reference held as an unbound handle.
    #[inline]
    pub fn obj_ref(&mut self, r: &ObjRef) {
        if r.in_heap(self.heap) {
            (self.f)(r.raw());
        }
    }

    /// A reference held as an unbound handle, when present.
    #[inline]
    pub fn opt_ref(&mut self, r: Option<&ObjRef>) {
        if let Some(r) = r {
            self.obj_ref(r);
        }
    }

    /// A reference held as a bound handle.
    #[inline]
    pub fn obj(&mut self, o: &Obj<'_>) {
        (self.f)(o.raw());
    }
}

/// Prepares a block for an object of mode `mode` (not [`Mode::None`]): `block` has
/// [`HEAD_SIZE`] bytes more than the object; returns where the object starts.
///
/// # Safety
/// `block` is a fresh block of `py`'s heap of at least `HEAD_SIZE` bytes plus the object's.
pub(crate) unsafe fn init_block(py: Py<'_>, block: *mut u8, mode: Mode) -> *mut u8 {
    let h = block.cast::<GcHead>();
    // SAFETY: the block is fresh, large enough and 16-aligned.
    unsafe {
        h.write(GcHead {
            next: Cell::new(std::ptr::null_mut()),
            prev: Cell::new(std::ptr::null_mut()),
            refs: Cell::new(0),
            bits: Cell::new(0),
        });
        py.ctx().gc.on_alloc(&*h, mode);
        block.add(HEAD_SIZE)
    }
}

/// Untracks and uncounts `p`, which is being freed, clearing weak references to it; returns
/// the start of its block (`layout.rs`).
///
/// # Safety
/// `p` is an object of `py`'s heap whose refcount reached zero, at the start of its dealloc,
/// and `pr` its prefixes.
#[inline]
pub(crate) unsafe fn on_dealloc(py: Py<'_>, p: Raw, pr: crate::layout::Prefix) -> *mut u8 {
    let block = p.as_ptr().cast::<u8>().wrapping_sub(pr.size());
    if pr.gc == Mode::None {
        return block;
    }
    let h = head::head_of(p);
    if head::is_linked(h) {
        head::unlink(h);
    }
    let st = &py.ctx().gc;
    let c = st.count[0].get();
    if c > 0 {
        st.count[0].set(c - 1);
    }
    if h.has(head::HAS_WEAKREFS) {
        // SAFETY: `p` is live until freed, after this.
        unsafe { crate::weakref::referent_died(py, p, None) };
    }
    if crate::types::type_of(p) == crate::weakref::WEAKREF.raw() {
        // SAFETY: a weak reference being freed.
        unsafe { crate::weakref::unregister(py, p) };
    }
    block
}

/// Tracks dict `d` if it is not yet and `key` or `value` may be (CPython's
/// `MAINTAIN_TRACKING`).
#[inline]
pub(crate) fn maintain_dict(d: Raw, key: Raw, value: Raw) {
    if d_is_tracked(d) {
        return;
    }
    if may_be_tracked(key) || may_be_tracked(value) {
        // SAFETY: `d` is a live dict of the heap whose GIL the caller holds (it mutates it).
        let ctx = unsafe { &*d.as_ref().heap };
        ctx.gc.gens[0].push(head::head_of(d));
    }
}

#[inline]
fn d_is_tracked(d: Raw) -> bool {
    // SAFETY: a live dict; immortal dicts do not exist.
    unsafe { d.as_ref() }.is_immortal() || head::is_linked(head::head_of(d))
}

/// CPython's `_PyObject_GC_MAY_BE_TRACKED`.
#[inline]
fn may_be_tracked(o: Raw) -> bool {
    if !head::has_head(o) {
        return false;
    }
    if crate::types::kind_of(o) == crate::types::Kind::Tuple {
        return head::is_linked(head::head_of(o));
    }
    true
}

impl<'py> Py<'py> {
    /// `gc.collect(generation)`: collects generations `0..=generation` and returns the number
    /// of unreachable objects found (CPython's count). `ValueError` for a generation outside
    /// `0..=2`. Returns 0 without collecting while a collection is already running.
    pub fn gc_collect(self, generation: i64, hooks: &mut dyn GcHooks<'py>) -> PyResult<usize> {
        let g = usize::try_from(generation)
            .ok()
            .filter(|&g| g < GENERATIONS)
            .ok_or_else(|| PyErr::value_error("invalid generation"))?;
        Ok(collect::collect(self, g, hooks))
    }

    /// Whether a collection is due or weak reference callbacks are queued: the eval loop's
    /// cheap check before [`Py::gc_run_due`].
    #[inline]
    pub fn gc_due(self) -> bool {
        self.ctx().gc.due.get() != 0
    }

    /// Runs what is due: the `__del__` of objects whose refcount reached zero (and the frees
    /// after them), the queued weak reference callbacks, then the automatic collection of the
    /// oldest generation whose count passed its threshold (CPython's
    /// `gc_collect_generations`).
    pub fn gc_run_due(self, hooks: &mut dyn GcHooks<'py>) {
        let st = &self.ctx().gc;
        let mut due = st.due.replace(0);
        if due & DUE_FINALIZE != 0 {
            pending::run(self, hooks);
            // The frees after the finalizers may have queued callbacks or made a
            // collection due.
            due |= st.due.replace(0);
        }
        if due & DUE_CALLBACKS != 0 {
            crate::weakref::run_callbacks(self, hooks);
        }
        if due & DUE_COLLECT != 0
            && st.enabled.get()
            && !st.collecting.get()
            && let Some(g) = collect::generation_due(st)
        {
            collect::collect(self, g, hooks);
        }
    }

    /// `gc.enable()` / `gc.disable()`.
    pub fn gc_set_enabled(self, on: bool) {
        self.ctx().gc.enabled.set(on);
    }

    /// `gc.isenabled()`.
    pub fn gc_is_enabled(self) -> bool {
        self.ctx().gc.enabled.get()
    }

    /// `gc.get_count()`.
    pub fn gc_count(self) -> [usize; GENERATIONS] {
        self.ctx().gc.count.each_ref().map(Cell::get)
    }

    /// `gc.get_threshold()`.
    pub fn gc_threshold(self) -> [usize; GENERATIONS] {
        self.ctx().gc.threshold.each_ref().map(Cell::get)
    }

    /// `gc.set_threshold(...)`: the thresholds given, in order (the others are kept).
    pub fn gc_set_threshold(self, thresholds: &[usize]) {
        for (cell, &t) in self.ctx().gc.threshold.iter().zip(thresholds) {
            cell.set(t);
        }
    }

    /// `gc.get_stats()`.
    pub fn gc_stats(self) -> [GenStats; GENERATIONS] {
        self.ctx().gc.stats.each_ref().map(Cell::get)
    }

    /// `gc.is_tracked(obj)`.
    pub fn gc_is_tracked(self, obj: &Obj<'py>) -> bool {
        head::has_head(obj.raw()) && head::is_linked(head::head_of(obj.raw()))
    }

    /// `gc.get_objects(generation)`: the tracked objects of one generation, or of all.
    pub fn gc_objects(self, generation: Option<usize>) -> Vec<Obj<'py>> {
        let gens = &self.ctx().gc.gens;
        let lists: Vec<&List> = match generation {
            Some(g) => gens.get(g).into_iter().collect(),
            None => gens.iter().collect(),
        };
        lists
            .into_iter()
            .flat_map(List::members)
            // SAFETY: members of a generation are live objects of this heap.
            .map(|p| unsafe { Obj::borrowed(self, p) })
            .collect()
    }

    /// `gc.get_referents(obj)`: the objects `obj` refers to, as its traversal reports them
    /// (none for an object that is not a container).
    pub fn gc_referents(self, obj: &Obj<'py>) -> Vec<Obj<'py>> {
        let p = obj.raw();
        let mut out = Vec::new();
        if p_is_own(self, p) && head::has_head(p) {
            // SAFETY: `p` is a live object of this heap with a prefix (held by `obj`); the
            // visitor only collects pointers, taking references after the traversal.
            unsafe { traverse(self, p, &mut |q| out.push(q)) };
        }
        // SAFETY: each was reported as a reference `obj` owns, so it is live.
        out.into_iter()
            .map(|q| unsafe { Obj::borrowed(self, q) })
            .collect()
    }

    /// `gc.get_referrers(*objs)`: the tracked objects that refer to any of `objs`.
    pub fn gc_referrers(self, objs: &[Obj<'py>]) -> Vec<Obj<'py>> {
        let targets: Vec<Raw> = objs.iter().map(Obj::raw).collect();
        let mut out = Vec::new();
        for list in &self.ctx().gc.gens {
            for p in list.members() {
                let mut hit = false;
                // SAFETY: members of a generation are live objects of this heap with a prefix.
                unsafe { traverse(self, p, &mut |q| hit |= targets.contains(&q)) };
                if hit {
                    out.push(p);
                }
            }
        }
        // SAFETY: tracked objects are live.
        out.into_iter()
            .map(|p| unsafe { Obj::borrowed(self, p) })
            .collect()
    }

    /// Records that `obj`'s finalizer runs now; `false` if it ran before (CPython's
    /// `_PyGC_FINALIZED`: `__del__` runs once, whether from a collection or a dealloc).
    /// Objects without a collector prefix are never recorded (always `true`).
    pub fn gc_mark_finalized(self, obj: &Obj<'py>) -> bool {
        if !head::has_head(obj.raw()) {
            return true;
        }
        let h = head::head_of(obj.raw());
        if h.has(head::FINALIZED) {
            return false;
        }
        h.set(head::FINALIZED);
        true
    }

    /// Tracks `obj` (a container made untracked) if it is not yet.
    pub fn gc_track(self, obj: &Obj<'py>) {
        let p = obj.raw();
        if p_is_own(self, p) && head::has_head(p) && !head::is_linked(head::head_of(p)) {
            self.ctx().gc.gens[0].push(head::head_of(p));
        }
    }
}

/// Whether `p` is an object of `py`'s heap.
fn p_is_own(py: Py<'_>, p: Raw) -> bool {
    // SAFETY: `p` is live (held by the caller).
    unsafe { p.as_ref() }.heap == py.ctx_ptr()
}
