//! `subinterp-xi`: cross-interpreter data, queues and exception snapshots.
//!
//! - [`XiData`]: a shareable value in plain Rust (CPython's built-in shareable types), with
//!   [`SharedBuffer`] for zero-copy `memoryview` sharing, and [`Keepalive`] / [`Release`] so
//!   owner-side state is always released on its owner, never by whoever drops the data.
//! - [`Queues`] / [`Queue`]: CPython's `_interpqueues` with blocking (not polling) waits, an
//!   honest `full()`, and the unbound-item policies ([`Unbound`]) applied by
//!   [`Queues::interpreter_ended`], which purges the ended interpreter's items.
//! - [`ExcSnapshot`] / [`ExecutionFailed`]: exceptions crossing as strings.
//!
//! The crate knows nothing of the runtime: interpreters are [`InterpId`]s, the release sink is a
//! trait the runtime implements over its pending calls, and the interpreter-end hook is a
//! method the runtime calls.

mod buffer;
mod convert;
mod data;
mod deep;
mod ended;
mod error;
mod id;
mod inner;
mod owner;
mod queue;
mod registry;
mod release;
mod slots;
mod snapshot;
mod sync;
mod unbound;

pub use buffer::SharedBuffer;
pub use convert::{Natives, NoNatives, from_xi, is_shareable, to_xi, to_xi_copy};
pub use data::{Container, XiData};
pub use error::{PutError, QueueError, ShareError};
pub use id::QueueId;
pub use queue::{Queue, Received, timeout};
pub use registry::{ForkHold, ForkKeep, QueueInfo, Queues, QueuesStats};
pub use release::{Keepalive, Release, ReleaseJob};
pub use snapshot::{ExcSnapshot, ExecutionFailed};
pub use subinterp_object::InterpId;
pub use unbound::Unbound;

/// The hand-written synchronisation protocols, exposed for `tests/loom.rs` only
/// (`RUSTFLAGS="--cfg loom"`); not part of the API.
#[cfg(loom)]
#[doc(hidden)]
pub mod model {
    use std::time::Instant;

    /// A bounded queue's capacity.
    pub struct Slots(crate::slots::Slots);

    impl Slots {
        /// `max` places.
        pub fn new(max: usize) -> Slots {
            Slots(crate::slots::Slots::new(max))
        }
        /// Takes a free place, if any.
        pub fn try_acquire(&self) -> bool {
            self.0.try_acquire()
        }
        /// Waits for a place until `deadline`; `false` if closed or timed out.
        pub fn acquire(&self, deadline: Option<Instant>) -> bool {
            self.0.acquire(deadline, &|| false).is_ok()
        }
        /// Waits for a place until `gone` is set (then `false`; the setter calls `notify`).
        pub fn acquire_unless(&self, gone: &crate::sync::AtomicBool) -> bool {
            self.0
                .acquire(None, &|| gone.load(crate::sync::Ordering::SeqCst))
                .is_ok()
        }
        /// Wakes waiters so they re-check `gone`.
        pub fn notify(&self) {
            self.0.notify()
        }
        /// Gives `n` places back.
        pub fn release(&self, n: usize) {
            self.0.release(n)
        }
        /// Closes: waiters fail.
        pub fn close(&self) {
            self.0.close()
        }
        /// Places in use.
        pub fn used(&self) -> usize {
            self.0.used()
        }
    }
}
