//! GIL behaviour through interpreters and thread states: reference §7 scenarios 1-7, the
//! statistics, and GIL resources going away with their last user.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use subinterp_gil::{Gil, Interp, InterpId, ThreadState, Whence, gilstate};

fn main_and_sub(shared: bool) -> (Arc<Interp>, Arc<Interp>) {
    let main = Interp::new_main(InterpId::new(0), Arc::new(Gil::new()));
    let gil = if shared {
        main.gil().clone()
    } else {
        Arc::new(Gil::new())
    };
    let sub = Interp::new(InterpId::new(1), gil);
    (main, sub)
}

#[test]
fn scenario_1_default_interval() {
    let (main, sub) = main_and_sub(false);
    assert_eq!(main.gil().interval(), Duration::from_micros(5000));
    assert_eq!(sub.gil().interval(), Duration::from_micros(5000));
}

#[test]
fn scenario_3_interval_is_per_gil() {
    let (main, own) = main_and_sub(false);
    own.gil().set_interval_secs(0.05).unwrap();
    assert_eq!(main.gil().interval(), Duration::from_millis(5));
    assert_eq!(own.gil().interval(), Duration::from_millis(50));

    let (main, shared) = main_and_sub(true);
    shared.gil().set_interval_secs(0.02).unwrap();
    assert_eq!(main.gil().interval(), Duration::from_millis(20));
    assert!(main.shares_gil_with(&shared));
}

#[test]
fn scenario_4_cpu_bound_threads_switch_and_force_switching_holds() {
    let (main, _) = main_and_sub(false);
    main.gil().set_interval(Duration::from_millis(1)).unwrap();
    let progress = Arc::new([AtomicU64::new(0), AtomicU64::new(0)]);
    let violations = Arc::new(AtomicU64::new(0));
    let start = Arc::new(Barrier::new(2));
    let threads: Vec<_> = (0..2)
        .map(|me| {
            let (interp, progress, violations, start) = (
                main.clone(),
                progress.clone(),
                violations.clone(),
                start.clone(),
            );
            thread::spawn(move || {
                let ts = ThreadState::new(&interp, Whence::Threading).unwrap();
                start.wait();
                let mut a = ts.attach().unwrap();
                let until = Instant::now() + Duration::from_millis(200);
                loop {
                    // Counted while holding the GIL, before it can be handed back.
                    progress[me].fetch_add(1, Ordering::Relaxed);
                    if Instant::now() >= until {
                        break;
                    }
                    let other = progress[1 - me].load(Ordering::Relaxed);
                    let switches = interp.gil().switch_number();
                    a.check().unwrap();
                    // If the GIL went away and came back, the other thread must have run.
                    if interp.gil().switch_number() != switches
                        && progress[1 - me].load(Ordering::Relaxed) == other
                    {
                        violations.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let st = main.gil().stats();
    assert!(st.forced_switches > 0, "{st:?}");
    assert!(st.drop_requests >= st.forced_switches, "{st:?}");
    assert!(progress[0].load(Ordering::Relaxed) > 0 && progress[1].load(Ordering::Relaxed) > 0);
    assert_eq!(violations.load(Ordering::Relaxed), 0);
}

/// Holds `interp`'s GIL on a new thread until told to stop; returns once it is held.
fn hold(interp: &Arc<Interp>) -> (mpsc::Sender<()>, thread::JoinHandle<()>) {
    let (held_tx, held_rx) = mpsc::channel();
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let interp = interp.clone();
    let t = thread::spawn(move || {
        let ts = ThreadState::new(&interp, Whence::Unknown).unwrap();
        let a = ts.attach().unwrap();
        held_tx.send(()).unwrap();
        let _ = stop_rx.recv();
        drop(a);
    });
    held_rx.recv_timeout(Duration::from_secs(5)).unwrap();
    (stop_tx, t)
}

/// Whether a new thread attaching to `interp` gets in within `wait`.
fn attaches_within(interp: &Arc<Interp>, wait: Duration) -> (bool, thread::JoinHandle<()>) {
    let (tx, rx) = mpsc::channel();
    let interp = interp.clone();
    let t = thread::spawn(move || {
        let ts = ThreadState::new(&interp, Whence::Unknown).unwrap();
        let a = ts.attach().unwrap();
        let _ = tx.send(());
        drop(a);
    });
    (rx.recv_timeout(wait).is_ok(), t)
}

#[test]
fn scenario_5_own_gils_run_in_parallel_shared_ones_do_not() {
    let (main, own) = main_and_sub(false);
    let (stop, holder) = hold(&main);
    // A thread of the own-GIL sub runs while main's GIL is held.
    let (got_in, t) = attaches_within(&own, Duration::from_secs(5));
    assert!(got_in);
    t.join().unwrap();
    stop.send(()).unwrap();
    holder.join().unwrap();

    let (main, shared) = main_and_sub(true);
    let (stop, holder) = hold(&main);
    let (got_in, t) = attaches_within(&shared, Duration::from_millis(50));
    assert!(!got_in, "a shared-GIL sub ran while main held the GIL");
    stop.send(()).unwrap();
    holder.join().unwrap();
    t.join().unwrap();
}

#[test]
fn scenarios_6_and_7_lone_holder_never_switches() {
    let (main, _) = main_and_sub(false);
    let ts = ThreadState::new(&main, Whence::Init).unwrap();
    let mut a = ts.attach().unwrap();
    let n = main.gil().switch_number();
    for _ in 0..1000 {
        a.check().unwrap();
    }
    assert!(!main.gil().drop_requested());
    assert!(!main.breaker().is_set());
    a.detach().unwrap();
    let a = ts.attach().unwrap();
    assert_eq!(main.gil().switch_number(), n);
    assert_eq!(main.gil().last_holder(), Some(ts.holder()));
    drop(a);
    let st = main.gil().stats();
    assert_eq!((st.acquisitions, st.switches, st.contended), (2, 1, 0));
}

#[test]
fn waiters_are_counted_and_their_wait_recorded() {
    let (main, _) = main_and_sub(false);
    main.gil().set_interval(Duration::from_secs(3600)).unwrap();
    let (stop, holder) = hold(&main);
    let done = Arc::new(AtomicBool::new(false));
    let t = {
        let (main, done) = (main.clone(), done.clone());
        thread::spawn(move || {
            let ts = ThreadState::new(&main, Whence::Unknown).unwrap();
            let a = ts.attach().unwrap();
            done.store(true, Ordering::SeqCst);
            drop(a);
        })
    };
    while main.gil().waiters() == 0 {
        thread::yield_now();
    }
    thread::sleep(Duration::from_millis(20));
    assert!(!done.load(Ordering::SeqCst));
    stop.send(()).unwrap();
    holder.join().unwrap();
    t.join().unwrap();
    let st = main.gil().stats();
    assert_eq!(st.contended, 1);
    assert!(st.max_wait >= Duration::from_millis(20), "{st:?}");
    assert_eq!(st.total_wait, st.max_wait);
    assert_eq!(st.drop_requests, 0);
}

#[test]
fn gil_goes_away_with_its_last_user() {
    let gil = Arc::new(Gil::new());
    let weak = Arc::downgrade(&gil);
    let main = Interp::new_main(InterpId::new(0), gil.clone());
    let sub = Interp::new(InterpId::new(1), gil);
    {
        let ts = ThreadState::new(&sub, Whence::Init).unwrap();
        let mut a = ts.attach().unwrap();
        drop(a.switch_to_main(&main).unwrap());
        a.detach().unwrap();
        let e = gilstate::ensure(&main).unwrap();
        e.release().unwrap();
    }
    drop((main, sub));
    assert!(
        weak.upgrade().is_none(),
        "the GIL outlived every interpreter using it"
    );
}
