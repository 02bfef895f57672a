//! `subinterp-tests`: cross-crate integration tests and the behaviour-doc runner.
//!
//! The tests live in `tests/tests/*.rs`. The library holds what a test and a command share:
//! the misuse matrix ([`misuse`]), run by `tests/misuse.rs` and printed by the `reliability`
//! binary, the soak measurement ([`soak`]), the size switch of the stress suites
//! ([`scale`]), a bounded wait for code that may hang ([`bounded`](mod@bounded)), and a
//! native object whose `Drop` misbehaves ([`payload`]), and [`echo::Echo`], source run as
//! scenario lines run it.
//!
//! ```text
//! cargo run --release -p subinterp-tests --bin reliability -- misuse
//! cargo run --release -p subinterp-tests --bin reliability -- soak --cycles 100000
//! ```

pub mod bounded;
pub mod echo;
pub mod misuse;
pub mod payload;
pub mod scale;
pub mod soak;
