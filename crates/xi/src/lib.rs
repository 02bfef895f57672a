//! `subinterp-xi`: cross-interpreter data, queues and exception snapshots.
//!
//! Depends on `subinterp-object` only. Must never depend on the runtime.
