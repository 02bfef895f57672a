//! `subinterp-object`: refcounted objects that live in one interpreter's obmalloc heap.
//!
//! Depends on `subinterp-obmalloc` only. Must never depend on the GIL crate: its GIL token is
//! created by whichever layer attached a thread state.
