//! The temporary main-interpreter thread state (reference §5.1, §7 scenario 43): created,
//! switched to, switched back and deleted, with the caller's GIL released (own GIL) or kept
//! (shared GIL), restored also on unwinding.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Barrier};
use std::thread;

use subinterp_gil::{EndMode, Gil, Interp, InterpId, Status, ThreadState, Whence, current_interp};

fn runtime(shared: bool) -> (Arc<Interp>, Arc<Interp>) {
    let main = Interp::new_main(InterpId::new(0), Arc::new(Gil::new()));
    let gil = if shared {
        main.gil().clone()
    } else {
        Arc::new(Gil::new())
    };
    (main.clone(), Interp::new(InterpId::new(1), gil))
}

#[test]
fn scenario_43_run_in_main_and_come_back() {
    let (main, sub) = runtime(false);
    let main_ts = ThreadState::new(&main, Whence::Init).unwrap();
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    let mut a = ts.attach().unwrap();
    {
        let m = a.switch_to_main(&main).unwrap();
        assert!(m.is_temporary());
        // A fresh main state: main's id counter advances.
        assert_eq!(m.tstate_id(), main_ts.id() + 1);
        assert_eq!(m.interp_id(), InterpId::new(0));
        assert!(Arc::ptr_eq(&current_interp().unwrap(), &main));
        assert!(main.gil().is_held_by(m.holder()));
        // The sub's own GIL was released meanwhile.
        assert!(!sub.gil().is_locked());
        assert_eq!(ts.status(), Status::Suspended);
        assert_eq!(main.thread_count(), 2);
        m.switch_back().unwrap();
    }
    // Back in the sub with its own GIL; the temporary state is gone.
    assert!(a.is_current());
    assert!(sub.gil().is_held_by(ts.holder()));
    assert!(!main.gil().is_locked());
    assert_eq!(main.thread_count(), 1);
    let m = a.switch_to_main(&main).unwrap();
    assert_eq!(m.tstate_id(), main_ts.id() + 2);
}

#[test]
fn with_a_shared_gil_the_gil_stays_held() {
    let (main, sub) = runtime(true);
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    let mut a = ts.attach().unwrap();
    let gil = main.gil().clone();
    let (switches, acquisitions) = (gil.switch_number(), gil.stats().acquisitions);
    {
        let m = a.switch_to_main(&main).unwrap();
        assert!(gil.is_held_by(m.holder()));
    }
    assert!(gil.is_held_by(ts.holder()));
    assert_eq!(gil.switch_number(), switches);
    assert_eq!(gil.stats().acquisitions, acquisitions);
}

#[test]
fn already_in_main_nothing_switches() {
    let (main, _) = runtime(false);
    let ts = ThreadState::new(&main, Whence::Init).unwrap();
    let mut a = ts.attach().unwrap();
    let m = a.switch_to_main(&main).unwrap();
    assert!(!m.is_temporary());
    assert_eq!(m.tstate_id(), ts.id());
    drop(m);
    assert_eq!(main.thread_count(), 1);
}

#[test]
fn a_panic_in_main_switches_back_while_unwinding() {
    let (main, sub) = runtime(false);
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    let mut a = ts.attach().unwrap();
    let res = catch_unwind(AssertUnwindSafe(|| {
        let m = a.switch_to_main(&main).unwrap();
        assert!(m.is_current());
        panic!("init failed in main");
    }));
    assert!(res.is_err());
    assert!(a.is_current());
    assert!(sub.gil().is_held_by(ts.holder()));
    assert!(!main.gil().is_locked());
    assert_eq!(main.thread_count(), 0);
}

#[test]
fn many_threads_in_many_interpreters_switch_at_once() {
    let (main, _) = runtime(false);
    let barrier = Arc::new(Barrier::new(4));
    let threads: Vec<_> = (1..=4)
        .map(|i| {
            let (main, barrier) = (main.clone(), barrier.clone());
            thread::spawn(move || {
                let sub = Interp::new(InterpId::new(i), Arc::new(Gil::new()));
                let ts = ThreadState::new(&sub, Whence::Init).unwrap();
                let mut a = ts.attach().unwrap();
                barrier.wait();
                for _ in 0..50 {
                    let mut m = a.switch_to_main(&main).unwrap();
                    m.check().unwrap();
                    assert_eq!(m.interp_id(), InterpId::new(0));
                }
                a.is_current()
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap());
    }
    assert_eq!(main.thread_count(), 0);
    assert!(!main.gil().is_locked());
}

#[test]
fn switching_to_an_ended_main_fails_and_changes_nothing() {
    let (main, sub) = runtime(false);
    let mts = ThreadState::new(&main, Whence::Init).unwrap();
    let ma = mts.attach().unwrap();
    main.begin_end(&ma, EndMode::OnlyThread).unwrap();
    ma.detach().unwrap();
    mts.delete().unwrap();
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    let mut a = ts.attach().unwrap();
    let err = a.switch_to_main(&main).unwrap_err();
    assert_eq!(err.to_string(), "interpreter 0 has ended");
    assert!(a.is_current());
}

#[test]
fn coming_back_to_an_interpreter_ended_meanwhile_is_an_error() {
    let (main, sub) = runtime(false);
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    let mut a = ts.attach().unwrap();
    let m = a.switch_to_main(&main).unwrap();
    // While this thread is in main, another thread ends the sub (its GIL is free).
    let ender = {
        let sub = sub.clone();
        thread::spawn(move || {
            let fin = ThreadState::new(&sub, Whence::Fini).unwrap();
            let g = fin.attach().unwrap();
            sub.begin_end(&g, EndMode::Force).unwrap();
            g.detach().unwrap();
            fin.delete().unwrap();
        })
    };
    ender.join().unwrap();
    let err = m.switch_back().unwrap_err();
    assert_eq!(err.to_string(), "interpreter 1 has ended");
    assert!(!a.holds_gil());
    assert_eq!(
        a.check().unwrap_err().to_string(),
        "drop_gil: drop_gil: GIL is not locked"
    );
    assert!(!sub.gil().is_locked() && !main.gil().is_locked());
    assert_eq!(main.thread_count(), 0);
    drop(a);
    drop(ts);
    assert_eq!(sub.thread_count(), 0);
}
