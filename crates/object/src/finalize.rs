//! Releasing what objects still alive at heap close own outside the heap.
//!
//! Closing a heap returns its arenas whole, whatever objects are still alive in them
//! (unreleased references, reference cycles: nothing collects cycles here). Their memory needs
//! no freeing, but their payloads may own things elsewhere: a native value (a queue handle, an
//! interpreter handle, an `Arc`), a module's state and definition, a capsule's destructor.
//! The heap tracks those objects while they live ([`HeapCtx::track`](crate::heap::HeapCtx));
//! before the close, the last user runs their Rust destructors here, with a token and with
//! exclusive access to the heap, so nothing outside the heap leaks.
//!
//! A finalized object stays a valid object of its type until the arenas go: its payload is
//! marked as gone (a native value no longer downcasts, a module has no state or definition, a
//! capsule no destructor), so code that still reaches it (a capsule destructor run by the same
//! sweep, holding an unbound reference) sees an empty object, never a dropped value.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::Py;
use crate::header::Raw;
use crate::types::{Kind, kind_of};

/// What a sweep did.
#[derive(Debug, Default)]
pub(crate) struct Swept {
    /// Objects whose payload was released.
    pub(crate) finalized: usize,
    /// Payload destructors that panicked (their messages); the sweep went on.
    pub(crate) panics: Vec<String>,
}

/// Releases the payloads of every tracked object still alive in `py`'s heap. Destructors may
/// make and track new objects (a capsule destructor gets the token): those are swept too.
pub(crate) fn sweep(py: Py<'_>) -> Swept {
    let mut swept = Swept::default();
    loop {
        // SAFETY: the token proves the GIL (or the exclusive access of the closing user).
        let batch = unsafe { py.ctx().tracked() };
        if batch.is_empty() {
            return swept;
        }
        for addr in batch {
            // Still tracked means still alive: a destructor run before may have freed it
            // (through a reference it could bind), which untracked it.
            // SAFETY: as above.
            if !unsafe { py.ctx().untrack_addr(addr) } {
                continue;
            }
            let Some(p) = Raw::new(addr as *mut crate::header::Header) else {
                continue;
            };
            swept.finalized += 1;
            // SAFETY: still tracked, so live and of this heap; the token's access.
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| unsafe { finalize(py, p) })) {
                swept.panics.push(panic_text(&*panic));
            }
        }
    }
}

/// Releases the payload of tracked object `p`.
///
/// # Safety
/// `p` is a live object of `py`'s heap that was tracked (tracked objects are untracked when
/// freed), with the GIL (or the closing user's exclusive access).
unsafe fn finalize(py: Py<'_>, p: Raw) {
    match kind_of(p) {
        // SAFETY: kind checked; `p` is live (the contract).
        Kind::Native => unsafe { crate::native::finalize_native(p) },
        // SAFETY: kind checked; `p` is live.
        Kind::Module => unsafe { crate::module::finalize_module(py, p) },
        // SAFETY: kind checked; `p` is live.
        Kind::Capsule => unsafe { crate::capsule::finalize_capsule(py, p) },
        _ => {}
    }
}

/// The message of a caught panic.
pub(crate) fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "a payload destructor panicked".to_owned()
    }
}
