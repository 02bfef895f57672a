//! `subinterp-gil`: the GIL, the eval breaker, pending calls and thread states.
//!
//! Must never depend on another `subinterp-*` crate: it knows neither objects nor imports, so any VM
//! can use it alone.
