//! [`Owner`]: the capability of the layer that built an [`Interp`](crate::Interp) to run it.
//!
//! A runtime that keeps its own bookkeeping around each interpreter (runs in flight, the order
//! of ending) builds the interpreter with [`Interp::new_owned`](crate::Interp::new_owned) and
//! keeps the [`Owner`]. From then on this crate's safe API refuses to hand that interpreter to
//! anyone else or to act on it without the owner: [`current_tstate`](crate::current_tstate),
//! [`current_interp`](crate::current_interp) and [`gilstate::ensure`](crate::gilstate::ensure)
//! fail with [`TstateError::Owned`](crate::TstateError::Owned), and ending needs
//! [`Interp::begin_end_owned`](crate::Interp::begin_end_owned). Otherwise code running inside
//! the runtime could reach the runtime's interpreter through this crate and end it, or attach
//! to it behind the runtime's back, wedging threads the runtime is waiting for.

use crate::InterpId;
use std::sync::atomic::{AtomicU64, Ordering};

/// Proof of owning one interpreter built with [`Interp::new_owned`](crate::Interp::new_owned):
/// the GIL layer hands an owned interpreter to no one (`current_tstate`, `current_interp` and
/// `gilstate::ensure` refuse it with [`TstateError::Owned`](crate::TstateError::Owned)) and
/// ends it only for its owner ([`Interp::begin_end_owned`](crate::Interp::begin_end_owned)).
/// Not `Clone`: whoever holds it is the owner.
#[derive(Debug)]
pub struct Owner {
    interp: InterpId,
    key: u64,
}

impl Owner {
    /// A fresh owner of interpreter `interp`; its key matches no other owner in the process.
    pub(crate) fn new(interp: InterpId) -> Owner {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Owner {
            interp,
            key: NEXT.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The key an owned interpreter stores (never 0, which means "not owned").
    pub(crate) fn key(&self) -> u64 {
        self.key
    }

    /// The interpreter it owns.
    pub fn interp(&self) -> InterpId {
        self.interp
    }
}
