//! `subinterp-tests`: cross-crate integration tests and the behaviour-doc runner.
//!
//! The library is empty on purpose; the tests live in `tests/tests/*.rs`.
