//! Pending calls: capacities (reference §7 scenario 40), delivery across threads and
//! interpreters, the per-pass limit, main-thread-only calls and contained panics.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use subinterp_gil::{
    CheckError, EvalBreaker, Gil, Interp, InterpId, PendingCalls, ThreadState, Whence,
};

fn runtime() -> (Arc<Interp>, Arc<Interp>) {
    let main = Interp::new_main(InterpId::new(0), Arc::new(Gil::new()));
    let sub = Interp::new(InterpId::new(1), Arc::new(Gil::new()));
    (main, sub)
}

#[test]
fn scenario_40_capacities() {
    let (main, sub) = runtime();
    let ran = Arc::new(AtomicUsize::new(0));
    let add = |q: &PendingCalls| {
        let ran = ran.clone();
        q.try_add(move |_| {
            ran.fetch_add(1, Ordering::SeqCst);
        })
    };
    let main_only = main.pending_main().unwrap();
    for _ in 0..32 {
        add(main_only).unwrap();
    }
    // The 33rd is refused and handed back, still runnable.
    let back = add(main_only).unwrap_err();
    assert_eq!(back.to_string(), "the pending-call queue is full");
    for _ in 0..300 {
        add(sub.pending()).unwrap();
    }
    assert!(add(sub.pending()).is_err());
    assert!(sub.pending_main().is_none());
    assert_eq!((main_only.capacity(), sub.pending().capacity()), (32, 300));

    let ts = ThreadState::new(&main, Whence::Init).unwrap();
    let mut a = ts.attach().unwrap();
    (back.into_inner())(&a);
    assert_eq!(ran.load(Ordering::SeqCst), 1);
    a.check().unwrap();
    // No per-pass limit on the main-thread queue.
    assert_eq!(ran.load(Ordering::SeqCst), 33);
}

#[test]
fn a_call_from_main_runs_in_a_thread_of_the_sub() {
    let (_main, sub) = runtime();
    let (ready_tx, ready_rx) = mpsc::channel();
    let worker = {
        let sub = sub.clone();
        thread::spawn(move || {
            let ts = ThreadState::new(&sub, Whence::Threading).unwrap();
            let mut a = ts.attach().unwrap();
            let seen = Arc::new(Mutex::new(None));
            ready_tx.send(seen.clone()).unwrap();
            let until = Instant::now() + Duration::from_secs(5);
            while seen.lock().unwrap().is_none() && Instant::now() < until {
                a.check().unwrap();
                a.allow_threads(thread::yield_now).unwrap();
            }
            let got = seen.lock().unwrap().take();
            (got, thread::current().id(), ts.id())
        })
    };
    let seen = ready_rx.recv_timeout(Duration::from_secs(5)).unwrap();
    sub.add_pending_call(move |a| {
        *seen.lock().unwrap() = Some((
            thread::current().id(),
            a.interp_id(),
            a.tstate_id(),
            a.holds_gil(),
        ));
    })
    .unwrap();
    let (got, worker_thread, worker_ts) = worker.join().unwrap();
    assert_eq!(
        got,
        Some((worker_thread, InterpId::new(1), worker_ts, true))
    );
}

#[test]
fn at_most_100_calls_per_pass() {
    let (_, sub) = runtime();
    let ran = Arc::new(AtomicUsize::new(0));
    for _ in 0..150 {
        let ran = ran.clone();
        sub.add_pending_call(move |_| {
            ran.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
    }
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    let mut a = ts.attach().unwrap();
    a.check().unwrap();
    assert_eq!(ran.load(Ordering::SeqCst), 100);
    assert!(sub.breaker().contains(EvalBreaker::CALLS_TO_DO));
    a.check().unwrap();
    assert_eq!(ran.load(Ordering::SeqCst), 150);
    assert!(!sub.breaker().is_set());
}

#[test]
fn a_panicking_call_is_contained_and_the_rest_still_run() {
    let (_, sub) = runtime();
    let order = Arc::new(Mutex::new(Vec::new()));
    for i in 0..3 {
        let order = order.clone();
        sub.add_pending_call(move |_| {
            if i == 1 {
                panic!("pending call {i} failed");
            }
            order.lock().unwrap().push(i);
        })
        .unwrap();
    }
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    let mut a = ts.attach().unwrap();
    let err = a.check().unwrap_err();
    let CheckError::PendingCall(p) = err else {
        panic!("unexpected {err}");
    };
    assert_eq!(p.message(), Some("pending call 1 failed"));
    assert_eq!(
        p.to_string(),
        "a pending call panicked: pending call 1 failed"
    );
    assert!(a.holds_gil() && a.is_current());
    assert_eq!(*order.lock().unwrap(), [0]);
    a.check().unwrap();
    assert_eq!(*order.lock().unwrap(), [0, 2]);
}

#[test]
fn main_thread_calls_run_only_on_the_main_thread() {
    let (main, _) = runtime();
    let ran_on = Arc::new(Mutex::new(Vec::new()));
    let r = ran_on.clone();
    main.pending_main()
        .unwrap()
        .try_add(move |_| r.lock().unwrap().push(thread::current().id()))
        .unwrap();
    let other = {
        let main = main.clone();
        thread::spawn(move || {
            let ts = ThreadState::new(&main, Whence::Threading).unwrap();
            let mut a = ts.attach().unwrap();
            a.check().unwrap();
            a.finish_pending_calls().unwrap()
        })
    };
    assert_eq!(other.join().unwrap(), 0);
    assert!(ran_on.lock().unwrap().is_empty());
    let ts = ThreadState::new(&main, Whence::Init).unwrap();
    // Taking the GIL on the main thread re-signals the waiting call.
    let mut a = ts.attach().unwrap();
    assert!(main.breaker().contains(EvalBreaker::CALLS_TO_DO));
    a.check().unwrap();
    assert_eq!(*ran_on.lock().unwrap(), [thread::current().id()]);
}

#[test]
fn calls_may_queue_calls_and_finish_runs_them_all() {
    let (_, sub) = runtime();
    let ran = Arc::new(AtomicUsize::new(0));
    let r = ran.clone();
    sub.add_pending_call(move |a| {
        r.fetch_add(1, Ordering::SeqCst);
        for _ in 0..150 {
            let r = r.clone();
            a.pending()
                .try_add(move |_| {
                    r.fetch_add(1, Ordering::SeqCst);
                })
                .unwrap();
        }
    })
    .unwrap();
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    let mut a = ts.attach().unwrap();
    assert_eq!(a.finish_pending_calls().unwrap(), 151);
    assert_eq!(ran.load(Ordering::SeqCst), 151);
    assert!(sub.pending().is_empty());
}
