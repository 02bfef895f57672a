//! Typed errors of the allocator: what CPython turns into NULL, a libc abort or a fatal error
//! comes back here as a value, and nothing is freed or lost when one is returned.

use crate::HeapId;

/// An allocation (or reallocation) that could not be served. On error the old block of a
/// realloc is untouched and still owned by the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllocError {
    /// The system (or an injected source) refused memory (CPython: `MemoryError`).
    #[error("out of memory: cannot allocate {size} bytes")]
    OutOfMemory {
        /// The size requested.
        size: usize,
    },
    /// The request exceeds `PY_SSIZE_T_MAX` (CPython returns NULL without calling the allocator).
    #[error("cannot allocate {size} bytes: larger than PY_SSIZE_T_MAX")]
    TooLarge {
        /// The size requested.
        size: usize,
    },
    /// A realloc was given a pointer this heap does not own; the block is untouched.
    #[error(transparent)]
    BadPointer(#[from] FreeError),
}

/// A free (or the pointer half of a realloc) that was refused; nothing was freed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FreeError {
    /// The block lies in an arena of another live heap (CPython hands it to libc `free` and
    /// glibc aborts with "double free or corruption (out)").
    #[error("block {addr:#x} belongs to heap {owner}, not to heap {heap}")]
    Foreign {
        /// The pointer.
        addr: usize,
        /// The heap that owns it.
        owner: HeapId,
        /// The heap asked to free it.
        heap: HeapId,
    },
    /// The pointer is neither in one of this heap's arenas nor a live raw block of it: never
    /// allocated here, already freed (raw blocks), or a raw block of another heap.
    #[error("pointer {addr:#x} was not allocated by heap {heap} (or was already freed)")]
    NotAllocated {
        /// The pointer.
        addr: usize,
        /// The heap asked to free it.
        heap: HeapId,
    },
}
