//! Thread states: attach/detach, scoped switches, allow_threads, binding to OS threads,
//! deletion, interpreter end, and every misuse as a typed error with CPython's text
//! (reference §7 scenarios 8, 10-12, 24, 26, 28, 29, 34).

use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use subinterp_gil::{
    EndMode, Gil, Interp, InterpId, Status, ThreadState, TstateError, Whence, current_interp,
    current_tstate, gilstate,
};

fn interp(id: u64) -> Arc<Interp> {
    Interp::new(InterpId::new(id), Arc::new(Gil::new()))
}

/// Asserts that `res` failed with exactly `expect`; `{addr}` in `expect` stands for a
/// `0x…` address as CPython prints `%p`.
#[track_caller]
fn check<T>(res: Result<T, impl std::fmt::Display>, expect: &str) {
    let Err(e) = res else {
        panic!("expected the error {expect:?}, got success");
    };
    let got = e.to_string();
    match expect.split_once("{addr}") {
        None => assert_eq!(got, expect),
        Some((pre, post)) => {
            let addr = got
                .strip_prefix(pre)
                .and_then(|r| r.strip_suffix(post))
                .unwrap_or_else(|| panic!("{got:?} does not match {expect:?}"));
            assert!(addr.starts_with("0x") && addr.len() > 2, "{got:?}");
        }
    }
}

#[test]
fn scenario_8_attach_with_a_current_state() {
    let i = interp(1);
    let ts = ThreadState::new(&i, Whence::Unknown).unwrap();
    let other = ThreadState::new(&i, Whence::Unknown).unwrap();
    let a = ts.attach().unwrap();
    check(
        ts.attach(),
        "_PyThreadState_Attach: non-NULL old thread state",
    );
    check(
        other.attach(),
        "_PyThreadState_Attach: non-NULL old thread state",
    );
    assert!(a.is_current());
    assert_eq!(other.status(), Status::Detached);
}

#[test]
fn scenario_10_no_current_state() {
    let i = interp(1);
    check(
        current_tstate(),
        "PyThreadState_Get: the function must be called with the GIL held, after Python \
         initialization and before Python finalization, but the GIL is released (the current \
         Python thread state is NULL)",
    );
    check(
        current_interp(),
        "PyInterpreterState_Get: no current interpreter",
    );
    let ts = ThreadState::new(&i, Whence::Unknown).unwrap();
    let a = ts.attach().unwrap();
    let cur = current_tstate().unwrap();
    assert_eq!((cur.interp.id(), cur.id), (InterpId::new(1), ts.id()));
    a.detach().unwrap();
    assert!(current_tstate().is_err());
}

#[test]
fn scenario_11_delete_the_current_state() {
    let i = interp(1);
    let ts = ThreadState::new(&i, Whence::Unknown).unwrap();
    let a = ts.attach().unwrap();
    let err = ts.delete().unwrap_err();
    check(
        Err::<(), _>(&err.error),
        "PyThreadState_Delete: tstate {addr} is still current",
    );
    // The handle came back unchanged and usable.
    let ts = err.tstate;
    assert_eq!(ts.status(), Status::Attached);
    drop(a);
    ts.delete().unwrap();
    assert_eq!(i.thread_count(), 0);
}

#[test]
fn scenario_12_release_after_losing_the_gil_and_34_daemon_threads() {
    // A "daemon" thread runs without the GIL while its interpreter is force-ended; taking
    // the GIL back fails with a typed error instead of killing or hanging the thread.
    let i = interp(7);
    let (in_f, in_f_rx) = mpsc::channel();
    let (go, go_rx) = mpsc::channel::<()>();
    let daemon = {
        let i = i.clone();
        thread::spawn(move || {
            let ts = ThreadState::new(&i, Whence::Threading).unwrap();
            let mut a = ts.attach().unwrap();
            let err = a
                .allow_threads(move || {
                    in_f.send(()).unwrap();
                    go_rx.recv().unwrap();
                    42
                })
                .unwrap_err();
            assert_eq!(err.value, 42);
            assert_eq!(
                err.error,
                TstateError::Ended {
                    interp: InterpId::new(7)
                }
            );
            check(a.check(), "drop_gil: drop_gil: GIL is not locked");
            check(a.detach(), "drop_gil: drop_gil: GIL is not locked");
            check(ts.attach(), "interpreter 7 has ended");
        })
    };
    in_f_rx.recv_timeout(Duration::from_secs(5)).unwrap();
    let ender = ThreadState::new(&i, Whence::Fini).unwrap();
    let a = ender.attach().unwrap();
    check(
        i.begin_end(&a, EndMode::OnlyThread),
        "Py_EndInterpreter: not the last thread",
    );
    i.begin_end(&a, EndMode::Force).unwrap();
    assert!(i.is_finalizing() && !i.is_ended());
    a.detach().unwrap();
    ender.delete().unwrap();
    assert!(i.is_ended());
    go.send(()).unwrap();
    daemon.join().unwrap();
    assert_eq!(i.thread_count(), 0);
}

#[test]
fn a_waiter_for_the_gil_of_an_ending_interpreter_gets_an_error() {
    let i = interp(3);
    i.gil().set_interval(Duration::from_secs(3600)).unwrap();
    let ender = ThreadState::new(&i, Whence::Fini).unwrap();
    let a = ender.attach().unwrap();
    let waiter = {
        let i = i.clone();
        thread::spawn(move || {
            let ts = ThreadState::new(&i, Whence::Threading).unwrap();
            ts.attach().map(drop)
        })
    };
    while i.gil().waiters() == 0 {
        thread::yield_now();
    }
    i.begin_end(&a, EndMode::Force).unwrap();
    a.detach().unwrap();
    let res = waiter.join().unwrap();
    check(
        res,
        "interpreter 3 is finalizing: this thread state may not attach",
    );
    ender.delete().unwrap();
    assert!(i.is_ended());
    check(
        ThreadState::new(&i, Whence::Unknown),
        "interpreter 3 has ended",
    );
}

#[test]
fn scenario_24_end_with_a_state_of_another_interpreter() {
    let main = interp(0);
    let sub = interp(1);
    let ts = ThreadState::new(&main, Whence::Init).unwrap();
    let _sub_ts = ThreadState::new(&sub, Whence::Init).unwrap();
    let a = ts.attach().unwrap();
    check(
        sub.begin_end(&a, EndMode::Force),
        "Py_EndInterpreter: thread is not current",
    );
    assert!(!sub.is_finalizing());
}

#[test]
fn scenario_26_and_28_end_and_afterwards() {
    let sub = interp(1);
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    let extra = ThreadState::new(&sub, Whence::Unknown).unwrap();
    let mut a = ts.attach().unwrap();
    check(
        sub.begin_end(&a, EndMode::OnlyThread),
        "Py_EndInterpreter: not the last thread",
    );
    extra.delete().unwrap();
    sub.set_finalizing();
    a.finish_pending_calls().unwrap();
    sub.begin_end(&a, EndMode::OnlyThread).unwrap();
    a.detach().unwrap();
    ts.delete().unwrap();
    // Scenario 28: nothing is current afterwards.
    assert!(current_tstate().is_err());
    assert!(!gilstate::check());
    assert!(sub.is_ended());
    assert!(!sub.gil().is_locked());
}

#[test]
fn scenario_29_ids_start_at_1_per_interpreter_and_are_never_reused() {
    let a = interp(0);
    let b = interp(1);
    let ids: Vec<u64> = (0..3)
        .map(|_| ThreadState::new(&a, Whence::Unknown).unwrap().id())
        .collect();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(ThreadState::new(&b, Whence::Init).unwrap().id(), 1);
    assert_eq!(ThreadState::new(&a, Whence::Unknown).unwrap().id(), 4);
    assert_eq!(a.thread_count(), 0);
}

#[test]
fn a_state_runs_only_on_its_own_thread() {
    let i = interp(2);
    let ts = ThreadState::new(&i, Whence::Unknown).unwrap();
    assert!(ts.is_bound_here());
    let res = thread::spawn(move || ts.attach().map(drop)).join().unwrap();
    check(
        res,
        "thread state 1 of interpreter 2 is bound to another OS thread",
    );

    // The `threading` pattern: created unbound, bound by the thread that runs it.
    let ts = ThreadState::new_unbound(&i, Whence::Threading).unwrap();
    check(
        ts.attach(),
        "thread state 2 of interpreter 2 is not bound to an OS thread",
    );
    let ts = thread::spawn(move || {
        ts.bind().unwrap();
        check(
            ts.bind(),
            "thread state 2 of interpreter 2 is already bound to an OS thread",
        );
        ts.attach().unwrap().detach().unwrap();
        ts
    })
    .join()
    .unwrap();
    assert!(ts.is_bound() && !ts.is_bound_here());
}

#[test]
fn deleting_a_state_in_use_elsewhere_is_refused() {
    let i = interp(1);
    let (tx, rx) = mpsc::channel();
    let (stop, stop_rx) = mpsc::channel::<()>();
    let t = {
        let i = i.clone();
        thread::spawn(move || {
            let ts = ThreadState::new(&i, Whence::Unknown).unwrap();
            let a = ts.attach().unwrap();
            tx.send(ts).unwrap();
            stop_rx.recv().unwrap();
            drop(a);
        })
    };
    let ts = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    let err = ts.delete().unwrap_err();
    check(
        Err::<(), _>(&err.error),
        "PyThreadState_Delete: tstate {addr} is attached",
    );
    // Dropping the handle instead defers deletion to the detach.
    drop(err.tstate);
    assert_eq!(i.thread_count(), 1);
    stop.send(()).unwrap();
    t.join().unwrap();
    assert_eq!(i.thread_count(), 0);
}

#[test]
fn a_cleared_state_cannot_attach() {
    let i = interp(1);
    let ts = ThreadState::new(&i, Whence::Unknown).unwrap();
    ts.clear();
    assert!(ts.is_cleared());
    check(ts.attach(), "tstate {addr} was cleared");
    ts.delete().unwrap();
}

#[test]
fn enter_switches_gils_and_comes_back() {
    let a_int = interp(1);
    let b_int = interp(2);
    let ta = ThreadState::new(&a_int, Whence::Unknown).unwrap();
    let tb = ThreadState::new(&b_int, Whence::Unknown).unwrap();
    let mut a = ta.attach().unwrap();
    {
        let b = a.enter(&tb).unwrap();
        assert_eq!(b.interp_id(), InterpId::new(2));
        assert!(b.is_current());
        assert_eq!(
            (ta.status(), tb.status()),
            (Status::Suspended, Status::Attached)
        );
        assert_eq!(current_tstate().unwrap().interp.id(), InterpId::new(2));
        // The suspended interpreter's GIL is free: another thread can run in it meanwhile.
        assert!(!a_int.gil().is_locked());
        let other = {
            let a_int = a_int.clone();
            thread::spawn(move || {
                let ts = ThreadState::new(&a_int, Whence::Unknown).unwrap();
                ts.attach().map(drop)
            })
        };
        other.join().unwrap().unwrap();
        check(
            ta.attach(),
            "_PyThreadState_Attach: non-NULL old thread state",
        );
        let err = ThreadState::delete(ThreadState::new(&b_int, Whence::Unknown).unwrap());
        assert!(err.is_ok());
    }
    assert!(a.is_current());
    assert_eq!(
        (ta.status(), tb.status()),
        (Status::Attached, Status::Detached)
    );
    assert!(a_int.gil().is_held_by(ta.holder()));
    assert!(!b_int.gil().is_locked());
    a.detach().unwrap();
}

#[test]
fn enter_between_states_sharing_a_gil_keeps_it() {
    let gil = Arc::new(Gil::new());
    let a_int = Interp::new(InterpId::new(1), gil.clone());
    let b_int = Interp::new(InterpId::new(2), gil.clone());
    let ta = ThreadState::new(&a_int, Whence::Unknown).unwrap();
    let tb = ThreadState::new(&b_int, Whence::Unknown).unwrap();
    let mut a = ta.attach().unwrap();
    let (switches, acquisitions) = (gil.switch_number(), gil.stats().acquisitions);
    let b = a.enter(&tb).unwrap();
    assert!(gil.is_held_by(tb.holder()));
    b.leave().unwrap();
    assert!(gil.is_held_by(ta.holder()));
    // Never released in between: no switch, no new acquisition.
    assert_eq!(gil.switch_number(), switches);
    assert_eq!(gil.stats().acquisitions, acquisitions);
    drop(a);
}

#[test]
fn enter_refuses_what_cannot_run_here() {
    let i = interp(1);
    let ta = ThreadState::new(&i, Whence::Unknown).unwrap();
    let tb = ThreadState::new(&i, Whence::Unknown).unwrap();
    let mut a = ta.attach().unwrap();
    check(
        a.enter(&ta),
        "PyThreadState_Swap: tstate {addr} is attached",
    );
    tb.clear();
    check(a.enter(&tb), "tstate {addr} was cleared");
    let foreign = thread::spawn({
        let i = i.clone();
        move || ThreadState::new(&i, Whence::Unknown).unwrap()
    })
    .join()
    .unwrap();
    check(
        a.enter(&foreign),
        "thread state 3 of interpreter 1 is bound to another OS thread",
    );
    // Nothing changed.
    assert!(a.is_current());
    assert_eq!(tb.status(), Status::Detached);
}

#[test]
fn allow_threads_lets_others_in_and_restores() {
    let i = interp(1);
    let ts = ThreadState::new(&i, Whence::Unknown).unwrap();
    let mut a = ts.attach().unwrap();
    let i2 = i.clone();
    let got = a
        .allow_threads(move || {
            assert!(current_tstate().is_err());
            let other = thread::spawn(move || {
                let ts = ThreadState::new(&i2, Whence::Unknown).unwrap();
                ts.attach().map(|a| a.tstate_id())
            });
            other.join().unwrap().unwrap()
        })
        .unwrap();
    assert_eq!(got, 2);
    assert!(a.is_current());
    assert_eq!(ts.status(), Status::Attached);
}

#[test]
fn allow_threads_restores_when_the_code_panics() {
    let i = interp(1);
    let ts = ThreadState::new(&i, Whence::Unknown).unwrap();
    let mut a = ts.attach().unwrap();
    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = a.allow_threads(|| panic!("boom"));
    }));
    assert!(res.is_err());
    assert!(a.is_current());
    assert!(i.gil().is_held_by(ts.holder()));
}

#[test]
fn dropping_the_handle_of_an_attached_state_deletes_it_at_detach() {
    let i = interp(1);
    let ts = ThreadState::new(&i, Whence::Unknown).unwrap();
    let a = ts.attach().unwrap();
    drop(ts);
    assert_eq!(i.thread_count(), 1);
    assert!(a.is_current());
    drop(a);
    assert_eq!(i.thread_count(), 0);
    assert!(!i.gil().is_locked());
}

#[test]
fn two_runtimes_in_one_thread_do_not_mix() {
    // Same ids, different interpreters: the thread's stack and bindings tell them apart.
    let r1 = interp(0);
    let r2 = interp(0);
    let t1 = ThreadState::new(&r1, Whence::Init).unwrap();
    let t2 = ThreadState::new(&r2, Whence::Init).unwrap();
    let mut a1 = t1.attach().unwrap();
    let a2 = a1.enter(&t2).unwrap();
    assert!(Arc::ptr_eq(&current_interp().unwrap(), &r2));
    assert!(gilstate::check());
    drop(a2);
    assert!(Arc::ptr_eq(&current_interp().unwrap(), &r1));
    assert_eq!(gilstate::this_thread_state(&r2), Some(t2.id()));
}
