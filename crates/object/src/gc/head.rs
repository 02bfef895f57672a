//! The collector's prefix of container objects (CPython's `PyGC_Head`) and the intrusive,
//! circular, doubly linked lists the generations are made of.
//!
//! A container's block starts with a [`GcHead`]; the object (its [`Header`]) follows it, so
//! `Raw` pointers, handles and every other layer see the object where they always did. Which
//! objects have the prefix is a property of their type ([`head_mode`]), fixed for the object's
//! whole life, so dealloc finds the block's start again from the type alone.

use std::cell::Cell;
use std::ptr::NonNull;

use crate::header::{Header, Raw};

/// The prefix of a container object. Touched only under the GIL of the object's heap.
#[repr(C)]
pub(crate) struct GcHead {
    /// The next object of the list this one is in; null while untracked.
    pub(crate) next: Cell<*mut GcHead>,
    pub(crate) prev: Cell<*mut GcHead>,
    /// `gc_refs` while a collection runs.
    pub(crate) refs: Cell<isize>,
    /// Flags (`COLLECTING`, `REACHABLE`, `UNREACHABLE`, `FINALIZED`, `HAS_WEAKREFS`).
    pub(crate) bits: Cell<usize>,
}

/// Size of the prefix (a multiple of 16, so the object keeps the block's alignment).
pub(crate) const HEAD_SIZE: usize = std::mem::size_of::<GcHead>();
const _: () = assert!(HEAD_SIZE.is_multiple_of(16));

/// In the generation being collected.
pub(crate) const COLLECTING: usize = 1;
/// Found reachable by the current collection.
pub(crate) const REACHABLE: usize = 2;
/// In the current collection's unreachable set.
pub(crate) const UNREACHABLE: usize = 4;
/// Its finalizer ran (CPython's `_PyGC_FINALIZED`): never again.
pub(crate) const FINALIZED: usize = 8;
/// Weak references to it exist (the heap's weak table has its entry).
pub(crate) const HAS_WEAKREFS: usize = 16;

/// How instances of a type are laid out and tracked.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// No prefix: not a container, not weakly referenceable.
    None,
    /// Prefix, tracked from creation.
    Tracked,
    /// Prefix, untracked at creation (a dict, tracked when it first holds a container, as
    /// CPython 3.13's `MAINTAIN_TRACKING`; a weakly referenceable object holding no references).
    Untracked,
}

/// Whether object `p` has a collector head.
#[inline]
pub(crate) fn has_head(p: Raw) -> bool {
    crate::layout::prefix_of(p).gc != Mode::None
}

/// The prefix of `p` (which must have one: [`has_head`]).
#[inline]
pub(crate) fn head_of<'a>(p: Raw) -> &'a GcHead {
    // SAFETY: `p` has a prefix, immediately before it in the same block, live as long as it.
    unsafe { &*p.as_ptr().cast::<u8>().sub(HEAD_SIZE).cast::<GcHead>() }
}

/// The object whose prefix is `h`.
#[inline]
pub(crate) fn obj_of(h: *mut GcHead) -> Raw {
    // SAFETY: `h` is the prefix of an object, which follows it in the same block.
    unsafe { NonNull::new_unchecked(h.cast::<u8>().add(HEAD_SIZE).cast::<Header>()) }
}

/// A list's sentinel: an empty circular list is a sentinel pointing to itself.
pub(crate) struct List(Box<GcHead>);

impl List {
    pub(crate) fn new() -> List {
        let l = List(Box::new(GcHead {
            next: Cell::new(std::ptr::null_mut()),
            prev: Cell::new(std::ptr::null_mut()),
            refs: Cell::new(0),
            bits: Cell::new(0),
        }));
        let s = l.sentinel();
        l.0.next.set(s);
        l.0.prev.set(s);
        l
    }

    #[inline]
    pub(crate) fn sentinel(&self) -> *mut GcHead {
        std::ptr::from_ref::<GcHead>(&self.0).cast_mut()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.next.get() == self.sentinel()
    }

    /// The first member, if any.
    pub(crate) fn first(&self) -> Option<*mut GcHead> {
        let f = self.0.next.get();
        (f != self.sentinel()).then_some(f)
    }

    /// Appends `h`, which is in no list.
    #[inline]
    pub(crate) fn push(&self, h: &GcHead) {
        let s = self.sentinel();
        let hp = std::ptr::from_ref(h).cast_mut();
        let last = self.0.prev.get();
        h.prev.set(last);
        h.next.set(s);
        // SAFETY: `last` is the sentinel or a member, both live heads.
        unsafe { (*last).next.set(hp) };
        self.0.prev.set(hp);
    }

    /// Moves every member of `other` to the end of `self`.
    pub(crate) fn splice(&self, other: &List) {
        if other.is_empty() {
            return;
        }
        let (first, last) = (other.0.next.get(), other.0.prev.get());
        let s = self.sentinel();
        let tail = self.0.prev.get();
        // SAFETY: members and sentinels are live heads.
        unsafe {
            (*tail).next.set(first);
            (*first).prev.set(tail);
            (*last).next.set(s);
        }
        self.0.prev.set(last);
        let o = other.sentinel();
        other.0.next.set(o);
        other.0.prev.set(o);
    }

    /// The members, in order (a snapshot: nothing may be freed while it is used).
    pub(crate) fn members(&self) -> Vec<Raw> {
        let mut v = Vec::new();
        let s = self.sentinel();
        let mut cur = self.0.next.get();
        while cur != s {
            v.push(obj_of(cur));
            // SAFETY: a member is a live head.
            cur = unsafe { (*cur).next.get() };
        }
        v
    }

    pub(crate) fn len(&self) -> usize {
        let s = self.sentinel();
        let mut n = 0;
        let mut cur = self.0.next.get();
        while cur != s {
            n += 1;
            // SAFETY: a member is a live head.
            cur = unsafe { (*cur).next.get() };
        }
        n
    }
}

/// Takes `h` out of its list (it must be in one).
#[inline]
pub(crate) fn unlink(h: &GcHead) {
    let (p, n) = (h.prev.get(), h.next.get());
    // SAFETY: `h` is in a list, so its neighbours are live heads of that list.
    unsafe {
        (*p).next.set(n);
        (*n).prev.set(p);
    }
    h.next.set(std::ptr::null_mut());
    h.prev.set(std::ptr::null_mut());
}

/// Whether `h` is in a list (tracked).
#[inline]
pub(crate) fn is_linked(h: &GcHead) -> bool {
    !h.next.get().is_null()
}

impl GcHead {
    #[inline]
    pub(crate) fn has(&self, bit: usize) -> bool {
        self.bits.get() & bit != 0
    }

    #[inline]
    pub(crate) fn set(&self, bit: usize) {
        self.bits.set(self.bits.get() | bit);
    }

    #[inline]
    pub(crate) fn unset(&self, bit: usize) {
        self.bits.set(self.bits.get() & !bit);
    }
}
