//! Loom models of the hand-written synchronisation under the queues (the crossbeam channel
//! itself cannot be modelled): the unbound-item state word (`src/unbound.rs`) and the bounded
//! queue's slots (`src/slots.rs`).
//!
//! Run: `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=2 cargo test -p subinterp-xi --test loom --release`

#![cfg(loom)]

use loom::sync::Arc;
use loom::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};
use loom::thread;
use subinterp_xi::model::{Cell, Slots};

/// Two consumers take an interpreter's two `REMOVE` items while it ends: every item is either
/// delivered (before the end) or counted as a zombie by the end and then discarded; the zombie
/// count returns to 0 and the queue size (channel length - zombies) never goes wrong.
#[test]
fn remove_items_are_delivered_or_removed_exactly_once() {
    loom::model(|| {
        let cell = Arc::new(Cell::new());
        // The owner's puts happen before its end (the runtime joins its threads first).
        cell.put_remove();
        cell.put_remove();
        let channel = Arc::new(AtomicUsize::new(2));
        let zombies = Arc::new(AtomicIsize::new(0));
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let (cell, channel, zombies) = (cell.clone(), channel.clone(), zombies.clone());
                thread::spawn(move || {
                    let mut delivered = 0;
                    let mut discarded = 0;
                    // Pop one item, if any (the channel's `try_recv`), then decide.
                    if channel
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok()
                    {
                        if cell.take_remove() {
                            zombies.fetch_sub(1, Ordering::SeqCst);
                            discarded += 1;
                        } else {
                            delivered += 1;
                        }
                    }
                    (delivered, discarded)
                })
            })
            .collect();
        let removed = cell.end();
        zombies.fetch_add(removed as isize, Ordering::SeqCst);
        assert!(cell.is_ended());
        let (mut delivered, mut discarded) = (0, 0);
        for c in consumers {
            let (d, z) = c.join().unwrap();
            delivered += d;
            discarded += z;
        }
        // Whatever the consumers did not pop is still in the channel, as zombies.
        let left = channel.load(Ordering::SeqCst);
        assert_eq!(delivered + discarded + left, 2);
        assert_eq!(
            removed as usize,
            discarded + left,
            "the end counted exactly the undelivered"
        );
        assert_eq!(zombies.load(Ordering::SeqCst), left as isize);
        assert_eq!(
            left as isize - zombies.load(Ordering::SeqCst),
            0,
            "qsize is 0 after the end"
        );
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
