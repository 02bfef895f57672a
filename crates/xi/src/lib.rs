//! `subinterp-xi`: cross-interpreter data, queues and exception snapshots.
//!
//! - [`XiData`]: a shareable value in plain Rust (CPython's built-in shareable types), with
//!   [`SharedBuffer`] for zero-copy `memoryview` sharing, and [`Keepalive`] / [`Release`] so
//!   owner-side state is always released on its owner, never by whoever drops the data.
//! - [`Queues`] / [`Queue`]: CPython's `_interpqueues` with blocking (not polling) waits, an
//!   honest `full()`, and the unbound-item policies ([`Unbound`]) applied by
//!   [`Queues::interpreter_ended`].
//! - [`ExcSnapshot`] / [`ExecutionFailed`]: exceptions crossing as strings.
//!
//! The crate knows nothing of the runtime: interpreters are [`InterpId`]s, the release sink is a
//! trait the runtime implements over its pending calls, and the interpreter-end hook is a
//! method the runtime calls.

mod buffer;
mod data;
mod error;
mod id;
mod queue;
mod registry;
mod release;
mod slots;
mod snapshot;
mod sync;
mod unbound;

pub use buffer::SharedBuffer;
pub use data::XiData;
pub use error::{PutError, QueueError, ShareError};
pub use id::{InterpId, QueueId};
pub use queue::{Queue, Received, timeout};
pub use registry::{QueueInfo, Queues};
pub use release::{Keepalive, Release, ReleaseJob};
pub use snapshot::{ExcSnapshot, ExecutionFailed};
pub use unbound::Unbound;
