//! `subinterp-runtime`: the facade. `Runtime`, `Interpreter`, lifecycle rules and restrictions.
//!
//! Thin wiring of the lower crates; nothing but the CLI and the integration tests may depend on it.
