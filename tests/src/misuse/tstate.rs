//! Thread-state, GIL and gilstate misuse, on the GIL layer directly (the facade never hands
//! out thread states): reference `cpython-gil-threadstate.md` §2.7, §3, §4.2 and §8.3.

use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use subinterp_gil::{
    EndMode, Gil, HolderId, Interp, InterpId, ThreadState, Whence, current_interp, current_tstate,
    gilstate,
};

use super::{Area, Case, Outcome};

fn interp(id: u64) -> Arc<Interp> {
    Interp::new(InterpId::new(id), Arc::new(Gil::new()))
}

fn ts(i: &Arc<Interp>) -> ThreadState {
    ThreadState::new(i, Whence::Unknown).expect("a thread state")
}

const A: Area = Area::ThreadStates;
const NON_NULL: &str = "_PyThreadState_Attach: non-NULL old thread state";

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            A,
            "attach a thread state while another is attached on this OS thread",
            "Fatal Python error: _PyThreadState_Attach: non-NULL old thread state",
            "TstateError::NonNullOld",
            NON_NULL,
            attach_over_another,
        ),
        Case::new(
            A,
            "attach the same thread state twice",
            "Fatal Python error: _PyThreadState_Attach: non-NULL old thread state",
            "TstateError::NonNullOld",
            NON_NULL,
            attach_twice,
        ),
        Case::new(
            A,
            "detach twice: ask for the current thread state after detaching (PyEval_SaveThread \
             again)",
            "segfault (PyEval_SaveThread has no NULL check); PyThreadState_Get: fatal error",
            "TstateError::NoCurrent",
            "PyThreadState_Get: the function must be called with the GIL held, after Python \
             initialization and before Python finalization, but the GIL is released (the \
             current Python thread state is NULL)",
            detach_twice,
        ),
        Case::new(
            A,
            "release the GIL after the interpreter was force-ended while the thread ran \
             without it",
            "Fatal Python error: drop_gil: drop_gil: GIL is not locked (or the thread is \
             killed in take_gil)",
            "TstateError::GilNotLocked",
            "drop_gil: drop_gil: GIL is not locked",
            release_gil_not_held,
        ),
        Case::new(
            A,
            "delete the thread state that is current",
            "Fatal Python error: PyThreadState_Delete: tstate %p is still current",
            "TstateError::StillCurrent",
            "PyThreadState_Delete: tstate {addr} is still current",
            delete_current,
        ),
        Case::new(
            A,
            "delete a thread state attached on another OS thread",
            "not checked: the state is freed under the running thread (use after free)",
            "TstateError::Busy",
            "PyThreadState_Delete: tstate {addr} is attached",
            delete_attached_elsewhere,
        ),
        Case::new(
            A,
            "attach a thread state from an OS thread other than the one it is bound to",
            "not checked (reference §8.3): two threads may run on one state",
            "TstateError::WrongThread",
            "thread state 1 of interpreter 2 is bound to another OS thread",
            attach_from_wrong_thread,
        ),
        Case::new(
            A,
            "attach a thread state that was never bound to an OS thread",
            "not checked",
            "TstateError::Unbound",
            "thread state 1 of interpreter 2 is not bound to an OS thread",
            attach_unbound,
        ),
        Case::new(
            A,
            "bind a thread state twice",
            "not checked in release builds (an assert in bind_tstate)",
            "TstateError::AlreadyBound",
            "thread state 1 of interpreter 2 is already bound to an OS thread",
            bind_twice,
        ),
        Case::new(
            A,
            "attach a cleared thread state",
            "undefined: the state's frames and dicts are gone",
            "TstateError::Cleared",
            "tstate {addr} was cleared",
            attach_cleared,
        ),
        Case::new(
            A,
            "end an interpreter from a thread whose current state belongs to another \
             interpreter",
            "Fatal Python error: Py_EndInterpreter: thread is not current",
            "TstateError::EndNotCurrent",
            "Py_EndInterpreter: thread is not current",
            end_not_current,
        ),
        Case::new(
            A,
            "end an interpreter while it has other thread states",
            "Fatal Python error: Py_EndInterpreter: not the last thread",
            "TstateError::EndNotLastThread",
            "Py_EndInterpreter: not the last thread",
            end_not_last,
        ),
        Case::new(
            A,
            "attach to an interpreter another thread is ending",
            "the thread exits in take_gil (pthread_exit; gh-87135) or hangs (3.14)",
            "TstateError::Finalizing",
            "interpreter 3 is finalizing: this thread state may not attach",
            attach_while_finalizing,
        ),
        Case::new(
            A,
            "create a thread state in an ended interpreter",
            "use after free of the interpreter state",
            "TstateError::Ended",
            "interpreter 3 has ended",
            new_state_after_end,
        ),
        Case::new(
            A,
            "PyGILState_Ensure for another interpreter while attached",
            "switches silently to the most recent state of the thread (bpo-15751)",
            "TstateError::NonNullOld",
            NON_NULL,
            ensure_other_interp,
        ),
        Case::new(
            A,
            "PyGILState_Release out of order",
            "Fatal Python error: PyGILState_Release: thread state %p must be current when \
             releasing",
            "TstateError::ReleaseNotCurrent",
            "PyGILState_Release: thread state {addr} must be current when releasing",
            release_out_of_order,
        ),
        Case::new(
            A,
            "PyGILState_Release after the thread's state was deleted",
            "Fatal Python error: PyGILState_Release: auto-releasing thread-state, but no \
             thread-state for this thread",
            "TstateError::ReleaseNoState",
            "PyGILState_Release: auto-releasing thread-state, but no thread-state for this \
             thread",
            release_without_state,
        ),
        Case::new(
            A,
            "PyInterpreterState_Get with no thread state attached",
            "Fatal Python error: PyInterpreterState_Get: no current interpreter",
            "TstateError::NoCurrentInterp",
            "PyInterpreterState_Get: no current interpreter",
            interp_get_without_state,
        ),
        Case::new(
            A,
            "take the GIL again for the holder that holds it",
            "deadlock: take_gil waits for itself",
            "AlreadyHeld",
            "the GIL is already held by holder {n}",
            take_gil_twice,
        ),
        Case::new(
            A,
            "set a switch interval of 0",
            "ValueError: switch interval must be strictly positive",
            "IntervalError",
            "switch interval must be strictly positive",
            zero_interval,
        ),
    ]
}

fn attach_over_another() -> Outcome {
    let i = interp(1);
    let (a, b) = (ts(&i), ts(&i));
    let _held = a.attach().expect("attach");
    Outcome::of(b.attach())
}

fn attach_twice() -> Outcome {
    let i = interp(1);
    let a = ts(&i);
    let _held = a.attach().expect("attach");
    Outcome::of(a.attach())
}

fn detach_twice() -> Outcome {
    let i = interp(1);
    let a = ts(&i);
    a.attach().expect("attach").detach().expect("detach");
    Outcome::of(current_tstate())
}

fn release_gil_not_held() -> Outcome {
    // A "daemon" thread runs without the GIL while its interpreter is force-ended.
    let i = interp(7);
    let (in_f, in_f_rx) = mpsc::channel();
    let (go, go_rx) = mpsc::channel::<()>();
    let daemon = {
        let i = i.clone();
        thread::spawn(move || {
            let ts = ThreadState::new(&i, Whence::Threading).expect("state");
            let mut a = ts.attach().expect("attach");
            let lost = a.allow_threads(move || {
                in_f.send(()).expect("send");
                go_rx.recv().expect("recv");
            });
            if lost.is_ok() {
                return Outcome::ok("the GIL came back");
            }
            Outcome::of(a.detach())
        })
    };
    in_f_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the daemon runs");
    let ender = ThreadState::new(&i, Whence::Fini).expect("state");
    let a = ender.attach().expect("attach");
    i.begin_end(&a, EndMode::Force).expect("force end");
    a.detach().expect("detach");
    ender.delete().expect("delete");
    go.send(()).expect("send");
    daemon.join().expect("the daemon thread returns")
}

fn delete_current() -> Outcome {
    let i = interp(1);
    let a = ts(&i);
    let _held = a.attach().expect("attach");
    match a.delete() {
        Ok(()) => Outcome::ok("deleted"),
        Err(e) => Outcome::err(&e.error),
    }
}

fn delete_attached_elsewhere() -> Outcome {
    let i = interp(1);
    let (tx, rx) = mpsc::channel();
    let (stop, stop_rx) = mpsc::channel::<()>();
    let t = {
        let i = i.clone();
        thread::spawn(move || {
            let ts = ThreadState::new(&i, Whence::Unknown).expect("state");
            let a = ts.attach().expect("attach");
            tx.send(ts).expect("send");
            stop_rx.recv().expect("recv");
            drop(a);
        })
    };
    let ts = rx.recv_timeout(Duration::from_secs(10)).expect("state");
    let got = match ts.delete() {
        Ok(()) => Outcome::ok("deleted"),
        Err(e) => Outcome::err(&e.error),
    };
    stop.send(()).expect("send");
    t.join().expect("join");
    got
}

fn attach_from_wrong_thread() -> Outcome {
    let i = interp(2);
    let a = ts(&i);
    thread::spawn(move || Outcome::of(a.attach()))
        .join()
        .expect("join")
}

fn attach_unbound() -> Outcome {
    let i = interp(2);
    let a = ThreadState::new_unbound(&i, Whence::Threading).expect("state");
    Outcome::of(a.attach())
}

fn bind_twice() -> Outcome {
    let i = interp(2);
    let a = ThreadState::new_unbound(&i, Whence::Threading).expect("state");
    a.bind().expect("bind");
    Outcome::of(a.bind())
}

fn attach_cleared() -> Outcome {
    let i = interp(1);
    let a = ts(&i);
    a.clear();
    Outcome::of(a.attach())
}

fn end_not_current() -> Outcome {
    let (main, sub) = (interp(0), interp(1));
    let in_main = ThreadState::new(&main, Whence::Init).expect("state");
    let _sub_state = ThreadState::new(&sub, Whence::Init).expect("state");
    let a = in_main.attach().expect("attach");
    Outcome::of(sub.begin_end(&a, EndMode::Force))
}

fn end_not_last() -> Outcome {
    let sub = interp(1);
    let a = ts(&sub);
    let _other = ts(&sub);
    let held = a.attach().expect("attach");
    Outcome::of(sub.begin_end(&held, EndMode::OnlyThread))
}

fn attach_while_finalizing() -> Outcome {
    let i = interp(3);
    let ender = ThreadState::new(&i, Whence::Fini).expect("state");
    let a = ender.attach().expect("attach");
    i.begin_end(&a, EndMode::Force).expect("force end");
    a.detach().expect("detach");
    let got = {
        let i = i.clone();
        thread::spawn(move || match ThreadState::new(&i, Whence::Threading) {
            Ok(ts) => Outcome::of(ts.attach()),
            Err(e) => Outcome::err(&e),
        })
        .join()
        .expect("join")
    };
    ender.delete().expect("delete");
    got
}

fn new_state_after_end() -> Outcome {
    let i = interp(3);
    let ender = ThreadState::new(&i, Whence::Fini).expect("state");
    let a = ender.attach().expect("attach");
    i.begin_end(&a, EndMode::OnlyThread).expect("end");
    a.detach().expect("detach");
    ender.delete().expect("delete");
    Outcome::of(ThreadState::new(&i, Whence::Unknown))
}

fn ensure_other_interp() -> Outcome {
    let (main, sub) = (interp(0), interp(1));
    let in_sub = ThreadState::new(&sub, Whence::Init).expect("state");
    let _held = in_sub.attach().expect("attach");
    Outcome::of(gilstate::ensure(&main))
}

fn release_out_of_order() -> Outcome {
    let main = Interp::new_main(InterpId::new(0), Arc::new(Gil::new()));
    let outer = gilstate::ensure(&main).expect("ensure");
    let inner = gilstate::ensure(&main).expect("ensure");
    outer.release().expect("release");
    match inner.release() {
        Ok(()) => Outcome::ok("released"),
        Err(e) => Outcome::err(&e.error),
    }
}

fn release_without_state() -> Outcome {
    let main = Interp::new_main(InterpId::new(0), Arc::new(Gil::new()));
    let state = ThreadState::new(&main, Whence::Init).expect("state");
    let mut e = gilstate::ensure(&main).expect("ensure");
    let Some(attached) = e.attached_mut() else {
        return Outcome::ok("ensure reused a held state");
    };
    // Deleted while it runs without the GIL: it cannot come back.
    let _ = attached.allow_threads(move || state.delete().is_ok());
    match e.release() {
        Ok(()) => Outcome::ok("released"),
        Err(e) => Outcome::err(&e.error),
    }
}

fn interp_get_without_state() -> Outcome {
    Outcome::of(current_interp())
}

fn take_gil_twice() -> Outcome {
    let gil = Arc::new(Gil::new());
    let holder = HolderId::new();
    let breaker = Arc::new(subinterp_gil::EvalBreaker::new());
    let _held = gil.acquire(holder, &breaker).expect("acquire");
    Outcome::of(gil.acquire(holder, &breaker))
}

fn zero_interval() -> Outcome {
    Outcome::of(Gil::new().set_interval(Duration::ZERO))
}
