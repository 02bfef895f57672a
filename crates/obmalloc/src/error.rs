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

/// An error of the allocator domains ([`Allocators`](crate::Allocators)): the heap's errors,
/// the debug hooks' fatal errors (as values), and misuse of the allocator tables.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemError {
    /// An allocation failed.
    #[error(transparent)]
    Alloc(#[from] AllocError),
    /// A free was refused; nothing was freed.
    #[error(transparent)]
    Free(#[from] FreeError),
    /// A debug hook found a corrupted or mismatched block (CPython: a fatal error).
    #[error(transparent)]
    Debug(#[from] DebugError),
    /// A MEM or OBJ call under debug hooks without a heap, i.e. without the GIL.
    #[error("{func}: Python memory allocator called without holding the GIL")]
    NoGil {
        /// The debug function that noticed (`_PyMem_DebugMalloc`, ...).
        func: &'static str,
    },
    /// pymalloc was called without a heap to allocate from.
    #[error("{func}: no interpreter heap given (pymalloc needs the caller's heap and GIL)")]
    NoHeap {
        /// The entry point called (`_PyObject_Malloc`, ...).
        func: &'static str,
    },
    /// An allocator replacement after first use.
    #[error("the {domain} allocator cannot be replaced after first use; install a hook instead")]
    InUse {
        /// The domain concerned.
        domain: crate::Domain,
    },
    /// `pop_hook` on a domain without hooks.
    #[error("no hook to remove from the {domain} domain")]
    NoHook {
        /// The domain concerned.
        domain: crate::Domain,
    },
    /// An unknown `PYTHONMALLOC` value.
    #[error("PYTHONMALLOC: unknown allocator")]
    UnknownAllocator,
}

/// A debug-hook check failure, with CPython's texts: [`Display`](std::fmt::Display) gives
/// `"<func>: <message>"` (e.g. `_PyMem_DebugRawFree: bad ID: Allocated using API 'm', verified
/// using API 'o'`), [`fatal_message`](Self::fatal_message) the `Fatal Python error: ...` line,
/// and [`dump`](Self::dump) what `_PyObject_DebugDumpAddress` writes to stderr.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{func}: {message}")]
pub struct DebugError {
    /// The debug function that failed (always the Raw one, as in CPython).
    pub func: &'static str,
    /// CPython's message (`bad ID: ...`, `bad leading pad byte`, `bad trailing pad byte`).
    pub message: String,
    /// The block dump, line by line as CPython prints it.
    pub dump: String,
}

impl DebugError {
    /// `Fatal Python error: <func>: <message>`, the line CPython prints before aborting.
    pub fn fatal_message(&self) -> String {
        format!("Fatal Python error: {self}")
    }

    /// The dump of the block (`_PyObject_DebugDumpAddress`).
    pub fn dump(&self) -> &str {
        &self.dump
    }
}
