//! What a thread does when its thread state lost its GIL inside a token scope: it parks for
//! good instead of returning.

/// Parks the calling thread forever. For a thread state that lost its GIL inside a token
/// scope (its interpreter was ended under it, which is only possible by force): returning,
/// even with an error, would let the caller's scope drop or touch objects without their GIL,
/// so the thread stops here instead (what CPython 3.14 does with threads of a finalized
/// interpreter). Its stack, and whatever objects it holds, are never dropped.
///
/// Used by the import crate's switch to main and by the runtime's runs, which react to a lost
/// GIL the same way.
#[cold]
pub fn park_after_lost_gil() -> ! {
    tracing::error!("a thread state lost its GIL inside a token scope; parking this thread");
    loop {
        std::thread::park();
    }
}
