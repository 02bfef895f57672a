//! `subinterp-obmalloc`: obmalloc-style small-object arenas whose state is per interpreter.
//!
//! Must never depend on another `subinterp-*` crate: any VM can use it alone.
