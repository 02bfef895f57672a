//! `subinterp-config`: the interpreter-config facade (CPython's `PyInterpreterConfig`).
//!
//! The seven fields, the presets (`isolated`, `legacy`, `empty`, main), validation with CPython's
//! texts, conversion to and from `Py_RTFLAGS_*` feature-flag bits, and parsing from name/value pairs.
//!
//! Must never depend on another `subinterp-*` crate: every layer may read a config.
