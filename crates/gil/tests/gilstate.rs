//! `PyGILState_*` keyed by (OS thread, interpreter): reference §7 scenarios 13-16, 22, 23,
//! and the counter semantics.

use std::sync::Arc;
use std::thread;

use subinterp_gil::gilstate::{self, GilStateKind};
use subinterp_gil::{Gil, Interp, InterpId, Status, ThreadState, Whence, current_tstate};

fn runtime() -> (Arc<Interp>, Arc<Interp>) {
    let main = Interp::new_main(InterpId::new(0), Arc::new(Gil::new()));
    let sub = Interp::new(InterpId::new(1), Arc::new(Gil::new()));
    (main, sub)
}

#[test]
fn scenario_15_foreign_thread_gets_a_fresh_state_each_time() {
    let (main, _) = runtime();
    let first = ThreadState::new(&main, Whence::Init).unwrap();
    let m = main.clone();
    let ids = thread::spawn(move || {
        let mut ids = Vec::new();
        for _ in 0..2 {
            assert_eq!(gilstate::this_thread_state(&m), None);
            let e = gilstate::ensure(&m).unwrap();
            assert_eq!(e.kind(), GilStateKind::Unlocked);
            assert!(gilstate::check());
            assert_eq!(
                gilstate::this_thread_state(&m),
                Some(e.attached().tstate_id())
            );
            assert_eq!(m.thread_count(), 2);
            ids.push(e.attached().tstate_id());
            e.release().unwrap();
            // Afterwards the thread has no state and holds nothing.
            assert_eq!(gilstate::this_thread_state(&m), None);
            assert!(!gilstate::check());
            assert_eq!(m.thread_count(), 1);
        }
        ids
    })
    .join()
    .unwrap();
    assert_eq!(ids, [first.id() + 1, first.id() + 2]);
}

#[test]
fn scenario_16_locked_when_held_unlocked_when_released() {
    let (main, _) = runtime();
    let ts = ThreadState::new(&main, Whence::Init).unwrap();
    let mut a = ts.attach().unwrap();
    let e = gilstate::ensure(&main).unwrap();
    assert_eq!(e.kind(), GilStateKind::Locked);
    assert_eq!(e.attached().tstate_id(), ts.id());
    assert!(e.attached().holds_gil());
    e.release().unwrap();
    assert!(a.is_current());

    let m = main.clone();
    let id = ts.id();
    a.allow_threads(move || {
        let mut e = gilstate::ensure(&m).unwrap();
        assert_eq!(e.kind(), GilStateKind::Unlocked);
        // Main's own state was re-attached, not a new one.
        assert_eq!(e.attached().tstate_id(), id);
        assert!(e.attached_mut().is_some());
        e.release().unwrap();
        assert!(current_tstate().is_err());
    })
    .unwrap();
    assert!(a.is_current());
    assert_eq!(main.thread_count(), 1);
}

#[test]
fn nested_ensures_count_and_the_last_release_deletes() {
    let (main, _) = runtime();
    let outer = gilstate::ensure(&main).unwrap();
    let inner = gilstate::ensure(&main).unwrap();
    assert_eq!(
        (outer.kind(), inner.kind()),
        (GilStateKind::Unlocked, GilStateKind::Locked)
    );
    assert_eq!(outer.attached().tstate_id(), inner.attached().tstate_id());
    inner.release().unwrap();
    assert!(gilstate::check());
    assert_eq!(main.thread_count(), 1);
    outer.release().unwrap();
    assert!(!gilstate::check());
    assert_eq!(main.thread_count(), 0);
}

#[test]
fn scenario_14_release_out_of_order() {
    let (main, _) = runtime();
    let outer = gilstate::ensure(&main).unwrap();
    let inner = gilstate::ensure(&main).unwrap();
    // Releasing the outer one first detaches the state...
    outer.release().unwrap();
    // ...so the inner one finds it not current, and is handed back.
    let err = inner.release().unwrap_err();
    let msg = err.error.to_string();
    assert!(
        msg.starts_with("PyGILState_Release: thread state 0x")
            && msg.ends_with(" must be current when releasing"),
        "{msg}"
    );
    assert_eq!(err.ensured.kind(), GilStateKind::Locked);
    drop(err);
}

#[test]
fn scenario_13_release_with_no_state_left() {
    let (main, _) = runtime();
    let ts = ThreadState::new(&main, Whence::Init).unwrap();
    let mut e = gilstate::ensure(&main).unwrap();
    assert_eq!(e.kind(), GilStateKind::Unlocked);
    assert_eq!(e.attached().tstate_id(), ts.id());
    // Delete the state while it runs without the GIL; it cannot come back.
    let res = e
        .attached_mut()
        .unwrap()
        .allow_threads(move || ts.delete().is_ok());
    let err = res.unwrap_err();
    assert!(err.value);
    assert!(!e.attached().holds_gil());
    let err = e.release().unwrap_err();
    assert_eq!(
        err.error.to_string(),
        "PyGILState_Release: auto-releasing thread-state, but no thread-state for this thread"
    );
}

#[test]
fn ensure_refuses_to_switch_interpreters_silently() {
    let (main, sub) = runtime();
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    let a = ts.attach().unwrap();
    let err = gilstate::ensure(&main).unwrap_err();
    assert_eq!(
        err.to_string(),
        "_PyThreadState_Attach: non-NULL old thread state"
    );
    assert!(a.is_current());
}

#[test]
fn scenario_22_each_interpreter_has_its_own_binding() {
    // CPython re-attaches whichever state this thread attached last; here the interpreter
    // chooses, and each interpreter's state on this thread is found again.
    let (main, sub) = runtime();
    let tm = ThreadState::new(&main, Whence::Init).unwrap();
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    tm.attach().unwrap().detach().unwrap();
    ts.attach().unwrap().detach().unwrap();
    for (interp, id) in [(&main, tm.id()), (&sub, ts.id())] {
        let e = gilstate::ensure(interp).unwrap();
        assert_eq!(e.kind(), GilStateKind::Unlocked);
        assert_eq!(e.attached().tstate_id(), id);
        e.release().unwrap();
    }
    assert_eq!(
        (tm.status(), ts.status()),
        (Status::Detached, Status::Detached)
    );
}

#[test]
fn scenario_23_check_is_right_with_many_gils() {
    let (main, sub) = runtime();
    assert!(!gilstate::check());
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    // A sub-interpreter exists; with nothing attached the answer is still no.
    assert!(!gilstate::check());
    let mut a = ts.attach().unwrap();
    assert!(gilstate::check());
    {
        let m = a.switch_to_main(&main).unwrap();
        assert!(gilstate::check());
        assert!(!sub.gil().is_locked());
        drop(m);
    }
    a.allow_threads(|| assert!(!gilstate::check())).unwrap();
    drop(a);
    assert!(!gilstate::check());
}

#[test]
fn ensure_on_an_ended_interpreter_fails() {
    let (_, sub) = runtime();
    let ts = ThreadState::new(&sub, Whence::Init).unwrap();
    let a = ts.attach().unwrap();
    sub.begin_end(&a, subinterp_gil::EndMode::OnlyThread)
        .unwrap();
    a.detach().unwrap();
    ts.delete().unwrap();
    let err = gilstate::ensure(&sub).unwrap_err();
    assert_eq!(err.to_string(), "interpreter 1 has ended");
    assert_eq!(gilstate::this_thread_state(&sub), None);
}

#[test]
fn a_thread_visiting_1000_interpreters_keeps_no_dead_bindings() {
    // The runtime's create/end cycles and pool threads: each interpreter is visited once,
    // its state deleted and the interpreter dropped. The table must not keep one binding per
    // interpreter ever seen.
    let (main, _) = runtime();
    let tm = ThreadState::new(&main, Whence::Init).unwrap();
    assert_eq!(gilstate::bindings_on_this_thread(), 1);
    for i in 1..=1000 {
        let sub = Interp::new(InterpId::new(i), Arc::new(Gil::new()));
        if i % 2 == 0 {
            // Bound by `ThreadState::new`, attached once, deleted.
            let ts = ThreadState::new(&sub, Whence::Exec).unwrap();
            ts.attach().unwrap().detach().unwrap();
            ts.delete().unwrap();
        } else {
            // A state gilstate creates and its last release deletes.
            gilstate::ensure(&sub).unwrap().release().unwrap();
        }
        assert_eq!(sub.thread_count(), 0);
        drop(sub);
        let n = gilstate::bindings_on_this_thread();
        assert!(n <= 2, "{n} bindings after {i} interpreters");
    }
    // Main's live binding survived every pruning.
    assert_eq!(gilstate::this_thread_state(&main), Some(tm.id()));
    let e = gilstate::ensure(&main).unwrap();
    assert_eq!(e.attached().tstate_id(), tm.id());
    e.release().unwrap();
}

#[test]
fn pruning_keeps_live_bindings_of_other_interpreters() {
    // Three interpreters with live states, then many short-lived ones: the live ones stay
    // found (and are not re-created) however many dead ones are pruned around them.
    let keep: Vec<_> = (0..3)
        .map(|i| Interp::new(InterpId::new(i), Arc::new(Gil::new())))
        .collect();
    let states: Vec<_> = keep
        .iter()
        .map(|interp| ThreadState::new(interp, Whence::Init).unwrap())
        .collect();
    for i in 0..100 {
        let sub = Interp::new(InterpId::new(10 + i), Arc::new(Gil::new()));
        ThreadState::new(&sub, Whence::Exec).unwrap();
    }
    assert!(gilstate::bindings_on_this_thread() <= 4);
    for (interp, ts) in keep.iter().zip(&states) {
        assert_eq!(gilstate::this_thread_state(interp), Some(ts.id()));
    }
}
