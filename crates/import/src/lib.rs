//! `subinterp-import`: inittab copy, frozen modules and aliases, the extension-module cache.
//!
//! Depends on `subinterp-object`, `subinterp-gil` and `subinterp-config`. Must never depend on
//! the runtime, the cross-interpreter layer or the script language.
