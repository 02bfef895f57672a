//! `subinterp-obmalloc`: CPython's small-object allocator ("pymalloc", `Objects/obmalloc.c`)
//! with its state per interpreter, usable on its own by any VM.
//!
//! - [`Heap`]: one interpreter's allocator. CPython's 64-bit geometry (16-byte alignment,
//!   32 size classes up to 512 bytes, 16 KiB pools, 1 MiB arenas from `mmap`), the same
//!   observable decisions (`usedpools`, `freepools`, `usable_arenas` sorted with `nfp2lasta`,
//!   lazy carving, keep-one-empty-arena), and three fixes: a free of another heap's block is a
//!   typed error ([`FreeError::Foreign`]) instead of a libc abort, the heap is passed explicitly
//!   instead of looked up per call, and ending a heap returns every arena and reports leaks
//!   ([`LeakReport`]) instead of leaking the arenas.
//! - [`SharedHeap`]: one heap for several interpreters (`use_main_obmalloc`).
//! - [`ArenaSource`], [`OsSource`], [`FailingSource`]: where memory comes from, injectable for
//!   deterministic tests and fault injection.
//! - [`HeapStats`] and [`Heap::report`]: `sys._debugmallocstats()`'s report, byte for byte.
//! - [`Allocators`]: the RAW / MEM / OBJ domains with replaceable allocators, wrapping hooks
//!   ([`Tracer`]) and debug hooks whose fatal errors come back as [`DebugError`] values.
//! - Adapters: `allocator_api2::alloc::Allocator` and `GlobalAlloc` for `Heap`, and
//!   [`workload`], the alloc+free workloads the benches (and the CLI) time.
//!
//! Must never depend on another `subinterp-*` crate.
//!
//! ```
//! use subinterp_obmalloc::{FreeError, Heap};
//!
//! let main = Heap::new();
//! let sub = Heap::new();
//! let p = sub.alloc(48)?; // from a 16 KiB pool of the 48-byte class
//! assert!(sub.owns(p.as_ptr()) && !main.owns(p.as_ptr()));
//! // SAFETY: `p` is outside `main`'s arenas, so `main` only looks at the address.
//! let err = unsafe { main.free(p) }.unwrap_err();
//! assert!(matches!(err, FreeError::Foreign { .. }));
//! // SAFETY: `p` is a live block of `sub`.
//! unsafe { sub.free(p)? };
//! let report = sub.close(); // every arena goes back to the OS
//! assert_eq!(report.live_blocks, 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod api2;
mod arena;
mod debug;
mod domain;
mod error;
mod fault;
pub mod geometry;
mod heap;
mod id;
#[cfg(test)]
mod model;
mod pool;
mod raw;
mod registry;
#[cfg(test)]
mod scenarios;
mod shared;
mod source;
mod state;
mod stats;
mod trace;
pub mod workload;

pub use debug::{CLEANBYTE, DEADBYTE, DebugOptions, FORBIDDENBYTE};
pub use domain::{AllocatorName, Allocators, Domain, DomainAllocator, Malloc, Pymalloc};
pub use error::{AllocError, DebugError, FreeError, MemError};
pub use fault::FailingSource;
pub use heap::{Heap, LeakReport};
pub use id::HeapId;
pub use raw::AddrHasher;
pub use registry::{ForkHold, hold_for_fork};
pub use shared::SharedHeap;
pub use source::{ArenaSource, OsSource};
pub use state::ArenaDump;
pub use stats::{ClassStats, HeapStats};
pub use trace::{Traced, Tracer};

// Compile-time checks of the threading contract: a heap moves between threads but is never
// shared (the GIL's job); the handles and tables are shareable.
const _: () = {
    const fn send<T: Send>() {}
    const fn send_sync<T: Send + Sync>() {}
    send::<Heap>();
    send_sync::<SharedHeap>();
    send_sync::<Allocators>();
    send_sync::<FailingSource>();
    send_sync::<OsSource>();
    send_sync::<HeapId>();
};

/// Resolves only if `Heap` is not `Sync` (both impls would apply otherwise, an ambiguity).
trait AmbiguousIfSync<A> {
    fn check() {}
}
impl<T: ?Sized> AmbiguousIfSync<()> for T {}
impl<T: ?Sized + Sync> AmbiguousIfSync<u8> for T {}
const _: fn() = || {
    let _ = <Heap as AmbiguousIfSync<_>>::check;
};
