//! Loom models of the GIL layer: take/drop with a competing waiter, the drop request and
//! forced switching (made by the waiter or, for it, by the holder's check), pending-call
//! delivery, and attach/detach/delete races.
//!
//! Run with `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=2 cargo test -p subinterp-gil --test
//! loom --release` (`cargo xtask ci` does). Loom has no clock: a GIL waiter's timed wait times
//! out at once and the holder's check finds every countdown due, so with the default interval
//! every contended take makes a drop request, and with an interval too long to be a deadline
//! waiters wait untimed (see `src/sync.rs`).
#![cfg(loom)]

use std::sync::Arc;
use std::time::Duration;

use loom::sync::Mutex;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use subinterp_gil::{EvalBreaker, Gil, HolderId, Interp, InterpId, ThreadState, Whence};

/// Counts holders of a critical section; more than one at a time is a bug.
#[derive(Default)]
struct Exclusive(AtomicUsize);

impl Exclusive {
    fn enter(&self) {
        assert_eq!(
            self.0.fetch_add(1, Ordering::SeqCst),
            0,
            "two holders at once"
        );
    }

    fn leave(&self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[test]
fn take_drop_with_a_competing_waiter() {
    loom::model(|| {
        let gil = Arc::new(Gil::new());
        gil.set_interval(Duration::MAX).unwrap();
        let cs = Arc::new(Exclusive::default());
        let t = {
            let (gil, cs) = (gil.clone(), cs.clone());
            thread::spawn(move || {
                let b = Arc::new(EvalBreaker::new());
                let g = gil.acquire(HolderId::new(), &b).unwrap();
                cs.enter();
                cs.leave();
                g.release();
            })
        };
        let b = Arc::new(EvalBreaker::new());
        let g = gil.acquire(HolderId::new(), &b).unwrap();
        cs.enter();
        cs.leave();
        g.release();
        t.join().unwrap();
        assert!(!gil.is_locked());
        let st = gil.stats();
        assert_eq!(st.acquisitions, 2);
        assert_eq!(st.switches, 2);
        assert_eq!(st.drop_requests, 0);
        assert_eq!(gil.waiters(), 0);
    });
}

#[test]
fn drop_request_forces_a_switch_to_the_requester() {
    loom::model(|| {
        let gil = Arc::new(Gil::new());
        let log = Arc::new(Mutex::new(Vec::new()));
        let b1 = Arc::new(EvalBreaker::new());
        let mut g1 = gil.acquire(HolderId::new(), &b1).unwrap();
        log.lock().unwrap().push("t1 holds");
        let t2 = {
            let (gil, log) = (gil.clone(), log.clone());
            thread::spawn(move || {
                let b2 = Arc::new(EvalBreaker::new());
                let g2 = gil.acquire(HolderId::new(), &b2).unwrap();
                log.lock().unwrap().push("t2 holds");
                g2.release();
            })
        };
        // One eval-breaker check, then a voluntary release.
        let switched = g1.handle_drop_request();
        if switched {
            log.lock().unwrap().push("t1 back");
        }
        g1.release();
        t2.join().unwrap();
        let log = log.lock().unwrap().clone();
        if switched {
            // FORCE_SWITCHING: the requester held the GIL before t1 got it back.
            assert_eq!(log, ["t1 holds", "t2 holds", "t1 back"]);
        } else {
            assert_eq!(log, ["t1 holds", "t2 holds"]);
        }
        let st = gil.stats();
        assert!(st.forced_switches <= st.drop_requests);
        assert_eq!(st.forced_switches >= 1, st.drop_requests >= 1);
        assert!(!gil.is_locked());
        assert!(!b1.contains(EvalBreaker::DROP_REQUEST));
    });
}

#[test]
fn pending_calls_run_exactly_once() {
    loom::model(|| {
        let interp = Interp::new(InterpId::new(1), Arc::new(Gil::new()));
        let ran = Arc::new(AtomicUsize::new(0));
        let worker = {
            let interp = interp.clone();
            thread::spawn(move || {
                let ts = ThreadState::new(&interp, Whence::Threading).unwrap();
                let mut a = ts.attach().unwrap();
                a.check().unwrap();
                drop(a);
            })
        };
        let adder = {
            let (interp, ran) = (interp.clone(), ran.clone());
            thread::spawn(move || {
                interp
                    .add_pending_call(move |_| {
                        ran.fetch_add(1, Ordering::SeqCst);
                    })
                    .unwrap();
            })
        };
        worker.join().unwrap();
        adder.join().unwrap();
        // Whatever the worker did not run is still queued and signalled.
        let ts = ThreadState::new(&interp, Whence::Init).unwrap();
        let mut a = ts.attach().unwrap();
        a.check().unwrap();
        assert_eq!(ran.load(Ordering::SeqCst), 1);
        assert!(!interp.breaker().contains(EvalBreaker::CALLS_TO_DO));
    });
}

#[test]
fn attach_detach_race_on_a_shared_gil() {
    loom::model(|| {
        let gil = Arc::new(Gil::new());
        gil.set_interval(Duration::MAX).unwrap();
        let a_int = Interp::new(InterpId::new(1), gil.clone());
        let b_int = Interp::new(InterpId::new(2), gil.clone());
        let cs = Arc::new(Exclusive::default());
        let run = |interp: Arc<Interp>, cs: Arc<Exclusive>| {
            move || {
                let ts = ThreadState::new(&interp, Whence::Threading).unwrap();
                let a = ts.attach().unwrap();
                cs.enter();
                assert!(a.holds_gil() && a.is_current());
                cs.leave();
                a.detach().unwrap();
            }
        };
        let t = thread::spawn(run(a_int.clone(), cs.clone()));
        run(b_int.clone(), cs)();
        t.join().unwrap();
        assert!(!gil.is_locked());
        assert_eq!(a_int.thread_count() + b_int.thread_count(), 0);
    });
}

#[test]
fn handle_drop_races_with_detach() {
    loom::model(|| {
        let interp = Interp::new(InterpId::new(1), Arc::new(Gil::new()));
        let ts = ThreadState::new_unbound(&interp, Whence::Threading).unwrap();
        let (tx, rx) = loom::sync::mpsc::channel();
        let owner = thread::spawn(move || {
            ts.bind().unwrap();
            let a = ts.attach().unwrap();
            // Hand the handle away while attached; it is dropped elsewhere.
            tx.send(ts).unwrap();
            drop(a);
        });
        let dropper = thread::spawn(move || drop(rx.recv().unwrap()));
        owner.join().unwrap();
        dropper.join().unwrap();
        // Deleted exactly once, whoever came last.
        assert_eq!(interp.thread_count(), 0);
        assert!(!interp.gil().is_locked());
    });
}

#[test]
fn two_requesters_and_the_holder_all_get_their_turn() {
    loom::model(|| {
        let gil = Arc::new(Gil::new());
        let cs = Arc::new(Exclusive::default());
        let b0 = Arc::new(EvalBreaker::new());
        let mut g0 = gil.acquire(HolderId::new(), &b0).unwrap();
        cs.enter();
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let (gil, cs) = (gil.clone(), cs.clone());
                thread::spawn(move || {
                    let b = Arc::new(EvalBreaker::new());
                    let g = gil.acquire(HolderId::new(), &b).unwrap();
                    cs.enter();
                    cs.leave();
                    g.release();
                })
            })
            .collect();
        cs.leave();
        let switched = g0.handle_drop_request();
        cs.enter();
        cs.leave();
        g0.release();
        for w in waiters {
            w.join().unwrap();
        }
        assert!(!gil.is_locked());
        assert_eq!(gil.waiters(), 0);
        let st = gil.stats();
        assert_eq!(st.acquisitions, if switched { 4 } else { 3 });
        assert!(st.forced_switches <= st.drop_requests);
    });
}

#[test]
fn enter_on_a_shared_gil_never_lets_another_thread_in() {
    loom::model(|| {
        let gil = Arc::new(Gil::new());
        gil.set_interval(Duration::MAX).unwrap();
        let a_int = Interp::new(InterpId::new(1), gil.clone());
        let b_int = Interp::new(InterpId::new(2), gil.clone());
        let cs = Arc::new(Exclusive::default());
        let other = {
            let (a_int, cs) = (a_int.clone(), cs.clone());
            thread::spawn(move || {
                let ts = ThreadState::new(&a_int, Whence::Threading).unwrap();
                let g = ts.attach().unwrap();
                cs.enter();
                cs.leave();
                drop(g);
            })
        };
        let ta = ThreadState::new(&a_int, Whence::Init).unwrap();
        let tb = ThreadState::new(&b_int, Whence::Init).unwrap();
        let mut g = ta.attach().unwrap();
        cs.enter();
        let inner = g.enter(&tb).unwrap();
        assert!(inner.holds_gil());
        inner.leave().unwrap();
        cs.leave();
        drop(g);
        other.join().unwrap();
        assert!(!gil.is_locked());
        assert_eq!(gil.stats().acquisitions, 2);
    });
}

#[test]
fn delete_races_with_reattach() {
    loom::model(|| {
        let interp = Interp::new(InterpId::new(1), Arc::new(Gil::new()));
        let ts = ThreadState::new_unbound(&interp, Whence::Threading).unwrap();
        let (tx, rx) = loom::sync::mpsc::channel();
        let owner = thread::spawn(move || {
            ts.bind().unwrap();
            let mut a = ts.attach().unwrap();
            tx.send(ts).unwrap();
            // Either the state comes back, or it was deleted while detached.
            match a.allow_threads(|| ()) {
                Ok(()) => assert!(a.holds_gil()),
                Err(e) => {
                    assert!(matches!(
                        e.error,
                        subinterp_gil::TstateError::Deleted { .. }
                    ));
                    assert!(!a.holds_gil());
                }
            }
        });
        let deleter = thread::spawn(move || match rx.recv().unwrap().delete() {
            Ok(()) => true,
            Err(e) => {
                drop(e.tstate);
                false
            }
        });
        owner.join().unwrap();
        deleter.join().unwrap();
        assert_eq!(interp.thread_count(), 0);
        assert!(!interp.gil().is_locked());
    });
}

/// A countdown answered by the holder's check or by the waiter's own timeout, with the two
/// holders on separate breakers or on one (two thread states of one interpreter): each
/// request is made once and consumed by a forced switch, and no countdown or request bit
/// outlives the wait (a stale bit would send every later check down the slow path).
fn countdown_is_answered_once(shared_breaker: bool) {
    loom::model(move || {
        let gil = Arc::new(Gil::new());
        let cs = Arc::new(Exclusive::default());
        let b1 = Arc::new(EvalBreaker::new());
        let b2 = if shared_breaker {
            b1.clone()
        } else {
            Arc::new(EvalBreaker::new())
        };
        let mut g1 = gil.acquire(HolderId::new(), &b1).unwrap();
        cs.enter();
        let t2 = {
            let (gil, cs, b2) = (gil.clone(), cs.clone(), b2.clone());
            thread::spawn(move || {
                let g2 = gil.acquire(HolderId::new(), &b2).unwrap();
                cs.enter();
                cs.leave();
                g2.release();
            })
        };
        cs.leave();
        // One eval-breaker check: it may find the countdown due (loom has no clock) and
        // make the waiter's request itself, or find the waiter's request, or nothing yet.
        if g1.handle_drop_request() {
            assert!(gil.is_held_by(g1.holder()));
        }
        cs.enter();
        cs.leave();
        g1.release();
        t2.join().unwrap();
        let st = gil.stats();
        assert_eq!(st.drop_requests, st.forced_switches);
        assert!(!gil.is_locked() && !gil.drop_requested());
        assert_eq!((b1.bits(), b2.bits()), (0, 0));
    });
}

#[test]
fn countdown_is_answered_once_on_separate_breakers() {
    countdown_is_answered_once(false);
}

#[test]
fn countdown_is_answered_once_on_a_shared_breaker() {
    countdown_is_answered_once(true);
}

#[test]
fn a_holder_answers_a_countdown_it_did_not_start() {
    // The countdown of the second waiter is started by whoever hands the GIL to the first,
    // while the second sleeps: the new holder's check can then find it due and make the
    // request for it (the waiter has not run since).
    loom::model(|| {
        let gil = Arc::new(Gil::new());
        let cs = Arc::new(Exclusive::default());
        let b0 = Arc::new(EvalBreaker::new());
        let mut g0 = gil.acquire(HolderId::new(), &b0).unwrap();
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let (gil, cs) = (gil.clone(), cs.clone());
                thread::spawn(move || {
                    let b = Arc::new(EvalBreaker::new());
                    let mut g = gil.acquire(HolderId::new(), &b).unwrap();
                    cs.enter();
                    cs.leave();
                    g.handle_drop_request();
                    g.release();
                    b.bits()
                })
            })
            .collect();
        g0.handle_drop_request();
        cs.enter();
        cs.leave();
        g0.release();
        for w in waiters {
            assert_eq!(w.join().unwrap() & EvalBreaker::GIL_WAITER, 0);
        }
        let st = gil.stats();
        assert_eq!(st.drop_requests, st.forced_switches);
        assert!(!gil.is_locked());
        assert_eq!(b0.bits(), 0);
    });
}
