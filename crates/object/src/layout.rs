//! What lies before an object's header in its block, and where: the one place every prefix
//! offset is computed.
//!
//! ```text
//! [managed dict cell, 16 bytes][gc head, 32 bytes][header | payload ...]
//!  only when the type has        only for containers  where every `Raw` points
//!  MANAGED_DICT
//! ```
//!
//! This is CPython 3.13's order (the managed dict's pre-header, then `PyGC_Head`, then the
//! object), which keeps the collector's head at a fixed distance from every container. Both
//! parts are properties of the object's type, fixed for its life (a class's
//! `MANAGED_DICT` cannot change), so dealloc finds the block's start from the type alone.
//! Every object with a managed dict is a container (an exception, or an instance of a class),
//! so the dict cell always sits before a gc head.

use std::cell::Cell;
use std::ptr::NonNull;

use crate::gc::head::{HEAD_SIZE, Mode};
use crate::header::{Header, Raw};
use crate::heaptype::{HEAPTYPE, MANAGED_DICT};
use crate::types::{Kind, Slots, type_data, type_of};

/// Size of the managed dict cell (one pointer, padded to keep the object 16-aligned).
pub(crate) const DICT_CELL: usize = 16;

/// The prefixes of the instances of one type.
#[derive(Clone, Copy)]
pub(crate) struct Prefix {
    /// The collector's head, and whether instances start tracked.
    pub(crate) gc: Mode,
    /// A managed `__dict__` cell.
    pub(crate) dict: bool,
}

impl Prefix {
    /// Bytes before the header.
    #[inline]
    pub(crate) fn size(self) -> usize {
        let gc = if self.gc == Mode::None { 0 } else { HEAD_SIZE };
        gc + if self.dict { DICT_CELL } else { 0 }
    }
}

impl Prefix {
    /// The prefixes of the instances of a type of layout `kind`, hooks `slots` and class
    /// flags `flags` (computed once, when the type is made).
    pub(crate) const fn of(kind: Kind, slots: &Slots, flags: u32) -> Prefix {
        let dict = flags & MANAGED_DICT != 0;
        let gc = if dict || flags & HEAPTYPE != 0 {
            // Instances of classes hold their class, and a dict or slots: containers.
            Mode::Tracked
        } else {
            match kind {
                Kind::Tuple
                | Kind::List
                | Kind::Set
                | Kind::FrozenSet
                | Kind::Module
                | Kind::Type
                | Kind::Exception => Mode::Tracked,
                Kind::Dict => Mode::Untracked,
                Kind::Native if slots.traverse.is_some() => Mode::Tracked,
                Kind::Native if slots.weakref => Mode::Untracked,
                _ => Mode::None,
            }
        };
        Prefix { gc, dict }
    }
}

/// The prefixes of type `ty`'s instances.
///
/// # Safety
/// `ty` is a live type object.
#[inline]
pub(crate) unsafe fn prefix_of_type(ty: *const Header) -> Prefix {
    // SAFETY: the contract.
    unsafe { type_data(NonNull::new_unchecked(ty.cast_mut())) }.prefix
}

/// The prefixes of object `p` (none for an immortal).
#[inline]
pub(crate) fn prefix_of(p: Raw) -> Prefix {
    // SAFETY: `p` is live (every caller holds it or is freeing it), and so is its type.
    if unsafe { p.as_ref() }.is_immortal() {
        return Prefix {
            gc: Mode::None,
            dict: false,
        };
    }
    // SAFETY: as above.
    unsafe { prefix_of_type(type_of(p).as_ptr()) }
}

/// The managed dict cell of `p` (which must have one: its type has `MANAGED_DICT`).
#[inline]
pub(crate) fn dict_cell_ptr(p: Raw) -> *mut Cell<*const Header> {
    p.as_ptr()
        .cast::<u8>()
        .wrapping_sub(HEAD_SIZE + DICT_CELL)
        .cast()
}

/// Lays out the prefixes `pr` at the start of fresh `block` and returns where the object
/// starts.
///
/// # Safety
/// `block` is a fresh block of `py`'s heap of `pr.size()` bytes plus the object's.
#[inline]
pub(crate) unsafe fn init_prefix(py: crate::Py<'_>, block: NonNull<u8>, pr: Prefix) -> Raw {
    let mut at = block.as_ptr();
    if pr.dict {
        // SAFETY: the block starts with the dict cell's room (the contract).
        unsafe {
            at.cast::<Cell<*const Header>>()
                .write(Cell::new(std::ptr::null()));
            at = at.add(DICT_CELL);
        }
    }
    if pr.gc != Mode::None {
        // SAFETY: then the gc head's room.
        at = unsafe { crate::gc::init_block(py, at, pr.gc) };
    }
    // SAFETY: inside the block, not null.
    unsafe { NonNull::new_unchecked(at.cast::<Header>()) }
}
