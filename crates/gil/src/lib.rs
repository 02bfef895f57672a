//! `subinterp-gil`: the layer that decides who may run in an interpreter, when, and on which OS
//! thread: the GIL with CPython's switching rules, the eval breaker, pending calls and thread
//! states with explicit states.
//!
//! Depends on no other `subinterp-*` crate but the leaf `subinterp-id`: it knows neither objects
//! nor imports, and knows interpreters only as [`Interp`] values carrying the caller's
//! [`InterpId`] (re-exported from `subinterp-id`, the one id type of the workspace), so any VM
//! can use it alone.
//!
//! # Pieces
//!
//! - [`Gil`]: CPython's `take_gil`/`drop_gil` (locked flag, last holder, switch number,
//!   switch interval, drop requests, FORCE_SWITCHING), with a FIFO of waiters and a direct
//!   handoff to the requester; [`GilGuard`] is the proof of holding it; [`GilStats`].
//! - [`EvalBreaker`]: request bits polled by running code; [`PendingCalls`]: a bounded queue
//!   of closures an interpreter runs at its next check, fed from any thread.
//! - [`Interp`]: one interpreter's GIL, breaker, queues, thread-state count and end flags.
//! - [`ThreadState`]: one interpreter's state for one OS thread, with explicit
//!   [`Status`]es; [`Attached`] is the guard of an attached state and the proof that the
//!   thread holds the GIL; [`Entered`] and [`MainSwitch`] are scoped switches to another state
//!   (the per-OS-thread stack of suspended states); [`park_after_lost_gil`] is where a thread
//!   whose state lost its GIL inside a token scope stops.
//! - [`gilstate`]: `PyGILState_Ensure/Release/Check`, keyed by (OS thread, interpreter).
//! - [`Owner`]: the capability of an upper layer (the runtime) that built an interpreter with
//!   [`Interp::new_owned`]: without it this crate's API neither hands that interpreter out
//!   nor ends it.
//! - [`bench`](mod@bench): the workloads behind the `gil.*` figures.
//!
//! # Example
//!
//! ```
//! use std::sync::Arc;
//! use subinterp_gil::{Gil, InterpId, Interp, ThreadState, Whence};
//!
//! let main = Interp::new_main(InterpId::new(0), Arc::new(Gil::new()));
//! let sub = Interp::new(InterpId::new(1), Arc::new(Gil::new())); // its own GIL
//! let ts = ThreadState::new(&sub, Whence::Unknown)?;
//! let mut attached = ts.attach()?;
//! attached.check()?; // at every safe point of long-running code
//! {
//!     // Run something in main on a temporary state; the sub's GIL is released meanwhile.
//!     let in_main = attached.switch_to_main(&main)?;
//!     assert_eq!(in_main.interp_id(), InterpId::new(0));
//! }
//! assert!(attached.is_current());
//! attached.detach()?;
//! ts.delete().map_err(|e| e.error)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Errors are values: every CPython fatal error in this area is a [`TstateError`] with
//! CPython's text, and nothing here panics or aborts on misuse.

mod attached;
pub mod bench;
mod breaker;
mod current;
mod error;
mod gil;
pub mod gilstate;
mod id;
mod interp;
mod main_tstate;
mod owner;
mod park;
mod pending;
mod stats;
mod swap;
mod sync;
mod tstate;

pub use attached::Attached;
pub use breaker::EvalBreaker;
pub use error::{
    AlreadyHeld, CheckError, IntervalError, PendingCallPanic, PendingFull, ReattachError,
    TstateError,
};
pub use gil::{DEFAULT_INTERVAL, Gil, GilGuard};
pub use id::HolderId;
pub use interp::{EndMode, Interp};
pub use main_tstate::MainSwitch;
pub use owner::Owner;
pub use park::park_after_lost_gil;
pub use pending::{PendingCall, PendingCalls};
pub use stats::GilStats;
pub use subinterp_id::InterpId;
pub use swap::Entered;
pub use tstate::{
    Current, DeleteError, Status, ThreadState, Whence, current_interp, current_interp_id,
    current_tstate, has_current_tstate,
};
