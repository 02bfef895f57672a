//! Waiting for code that may hang, without hanging the test: [`bounded`] runs it on a thread
//! of its own and fails (panics) when it has not finished in time, leaving the stuck thread
//! behind instead of blocking the test binary.

use std::sync::mpsc;
use std::time::Duration;

/// Runs `f` on a new thread and returns what it returns, re-raising its panic; panics with
/// "`what` hung for `limit`" when it takes longer than `limit`.
pub fn bounded<R: Send + 'static>(
    what: &str,
    limit: Duration,
    f: impl FnOnce() -> R + Send + 'static,
) -> R {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(r)) => r,
        Ok(Err(p)) => std::panic::resume_unwind(p),
        Err(_) => panic!("{what} hung for {limit:?}"),
    }
}
