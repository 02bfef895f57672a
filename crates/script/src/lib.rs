//! `subinterp-script`: the one-line statement language run by `exec` and by scenarios.
//!
//! Depends on `subinterp-object`; it imports through a trait the runtime implements, so it must
//! never depend on the runtime or the import machinery directly.
