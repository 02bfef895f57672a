//! Loom models of the hand-written synchronisation under the queues (the crossbeam channel
//! itself cannot be modelled): the bounded queue's slots (`src/slots.rs`), woken by a `get`,
//! a destroy, or the end of the interpreter a putter puts for.
//!
//! Run: `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=2 cargo test -p subinterp-xi --test loom --release`

#![cfg(loom)]

use loom::sync::Arc;
use loom::sync::atomic::{AtomicBool, Ordering};
use loom::thread;
use subinterp_xi::model::Slots;

/// A putter blocked on a full bounded queue for an interpreter that ends is woken by the
/// end's flag + `notify` (the purge's), and fails without taking a place: no lost wake-up.
#[test]
fn blocked_put_wakes_when_its_interpreter_ends() {
    loom::model(|| {
        let slots = Arc::new(Slots::new(1));
        let gone = Arc::new(AtomicBool::new(false));
        assert!(slots.try_acquire());
        let putter = {
            let (slots, gone) = (slots.clone(), gone.clone());
            thread::spawn(move || slots.acquire_unless(&gone))
        };
        gone.store(true, Ordering::SeqCst);
        slots.notify();
        assert!(!putter.join().unwrap());
        assert_eq!(slots.used(), 1);
    });
}

/// A putter blocked on a full bounded queue is woken by the `get` that frees a place: no
/// lost wake-up (loom reports a deadlock if there were one).
#[test]
fn blocked_put_wakes_on_release() {
    loom::model(|| {
        let slots = Arc::new(Slots::new(1));
        assert!(slots.try_acquire());
        let putter = {
            let slots = slots.clone();
            thread::spawn(move || slots.acquire(None))
        };
        slots.release(1);
        assert!(putter.join().unwrap());
        assert_eq!(slots.used(), 1);
    });
}

/// Two putters, two releases: both get in, capacity is never exceeded.
#[test]
fn two_putters_two_releases() {
    loom::model(|| {
        let slots = Arc::new(Slots::new(1));
        assert!(slots.try_acquire());
        let putters: Vec<_> = (0..2)
            .map(|_| {
                let slots = slots.clone();
                thread::spawn(move || {
                    let ok = slots.acquire(None);
                    assert!(slots.used() <= 1);
                    slots.release(1);
                    ok
                })
            })
            .collect();
        slots.release(1);
        for p in putters {
            assert!(p.join().unwrap());
        }
        assert_eq!(slots.used(), 0);
    });
}

/// Closing wakes a blocked putter, which then fails.
#[test]
fn close_wakes_a_blocked_putter() {
    loom::model(|| {
        let slots = Arc::new(Slots::new(1));
        assert!(slots.try_acquire());
        let putter = {
            let slots = slots.clone();
            thread::spawn(move || slots.acquire(None))
        };
        slots.close();
        assert!(!putter.join().unwrap());
    });
}
