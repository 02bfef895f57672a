//! `subinterp-id`: [`InterpId`], the interpreter id shared by every layer.
//!
//! A leaf crate with no dependencies, so that both the GIL layer (usable alone by any VM) and
//! the object layer (which must not know the GIL layer) can name the same type, and ids cross
//! between them with no conversion. The crates above re-export it (`subinterp_gil::InterpId`,
//! `subinterp_object::InterpId`, `subinterp_xi::InterpId`, `subinterp_runtime::InterpId`).
//!
//! ```
//! use subinterp_id::InterpId;
//!
//! let sub = InterpId::new(3);
//! assert_eq!(sub.get(), 3);
//! assert_eq!(sub.to_string(), "3");
//! assert!(InterpId::MAIN < sub);
//! ```

use std::fmt;

/// The id of an interpreter (CPython's `PyInterpreterState.id`, `interp->id`).
///
/// The runtime assigns them: the main interpreter is 0 ([`InterpId::MAIN`]) and every new
/// interpreter gets the next number, which is never reused within that runtime, so an id names
/// exactly one interpreter, alive or ended. Objects, modules, queue items and thread states
/// record the id of the interpreter that owns them, and every crossing compares ids.
///
/// Two runtimes in one process may hand out the same numbers: layers that can see several
/// runtimes (the GIL layer's `Interp`, the object layer's heaps) tell interpreters apart by
/// identity, and use the id only to report and to check ownership within one runtime.
///
/// `Display` prints the bare number, as CPython prints an interpreter id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InterpId(u64);

impl InterpId {
    /// The main interpreter (CPython's interpreter 0).
    pub const MAIN: InterpId = InterpId::new(0);

    /// The id numbered `id`.
    #[inline]
    pub const fn new(id: u64) -> InterpId {
        InterpId(id)
    }

    /// The number given to [`InterpId::new`].
    #[inline]
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for InterpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_the_bare_number_and_debug_names_the_type() {
        let id = InterpId::new(42);
        assert_eq!(id.to_string(), "42");
        assert_eq!(format!("{id:>4}"), "  42");
        assert_eq!(format!("{id:?}"), "InterpId(42)");
    }

    #[test]
    fn ids_order_by_number() {
        assert_eq!(InterpId::MAIN, InterpId::new(0));
        assert!(InterpId::new(2) < InterpId::new(10));
        assert_eq!(InterpId::new(u64::MAX).get(), u64::MAX);
    }
}
