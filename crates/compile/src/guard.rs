//! The native-stack guard of every recursive pass. The token pre-scan bounds how deep the
//! syntax tree can be (`prescan::MAX_EXPR_DEPTH`); this makes each level of that depth safe
//! on any thread, whatever its stack size, by switching to a fresh heap-allocated stack
//! segment when the current one runs low.

/// Stack left below which a recursive step moves to a new segment.
const RED_ZONE: usize = 256 * 1024;
/// Size of each new segment.
const SEGMENT: usize = 2 * 1024 * 1024;

/// Runs one recursive step with at least [`RED_ZONE`] bytes of native stack.
#[inline]
pub(crate) fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}
