//! `VmState` across runs: what one run made (a function in `__main__`'s namespace, the
//! constants of its code) is what the next run finds, nothing is made again, the state is
//! refused to another interpreter's token, and releasing it frees every object it held.

use subinterp_object::{InterpId, Objects};
use subinterp_obmalloc::Heap;
use subinterp_vm::{Capture, Tstate, VmState};

#[test]
fn a_state_carries_builtins_and_constants_across_runs() {
    let objs = Objects::new(InterpId::new(0), Heap::new());
    let out = Capture::new();
    // SAFETY: this thread is the only one using `objs`.
    unsafe {
        objs.with_gil(|py| {
            let baseline = py.live_objects();
            let mut state = VmState::new(py).expect("state");
            let globals = {
                let ts = Tstate::attach(py, Box::new(out.clone()), state).expect("attach");
                let g = ts.main_globals().expect("globals");
                state = ts.detach();
                g
            };
            let mut made = None;
            for src in [
                "def f(n):\n    return n * 2\n",
                "print(f(21), ...)\n",
                "print(f(21), ...)\n",
            ] {
                let mut ts = Tstate::attach(py, Box::new(out.clone()), state).expect("attach");
                let code = ts
                    .compile(src, "m.py", subinterp_compile::Mode::Exec)
                    .expect("compiles");
                ts.exec(&code, &globals).expect("runs");
                state = ts.detach();
                // The third run (the second of the same code) makes no object.
                if src.starts_with("print") {
                    let now = py.live_objects();
                    if let Some(before) = made {
                        assert_eq!(now, before, "a repeated run made objects");
                    }
                    made = Some(now);
                }
            }
            assert_eq!(state.cached_code_count(), 3);
            assert!(
                state
                    .builtins(py)
                    .expect("builtins")
                    .dict_get_str("len")
                    .unwrap()
                    .is_some()
            );
            // `f` and the namespace refer to each other: clear it first.
            globals.dict_clear().expect("clear");
            drop(globals);
            state.release(py).expect("release");
            py.run_deferred();
            assert_eq!(py.live_objects(), baseline, "objects left after release");
        })
    };
    assert_eq!(out.captured().stdout, "42 Ellipsis\n42 Ellipsis\n");
}

#[test]
fn a_state_is_refused_to_another_interpreters_token() {
    let a = Objects::new(InterpId::new(1), Heap::new());
    let b = Objects::new(InterpId::new(2), Heap::new());
    // SAFETY: this thread is the only one using `a` and `b`.
    let state = unsafe { a.with_gil(|py| VmState::new(py).expect("state")) };
    // SAFETY: as above.
    let err = unsafe {
        b.with_gil(|py| {
            Tstate::attach(py, Box::new(Capture::new()), state)
                .err()
                .map(|e| e.to_string())
        })
    };
    assert_eq!(
        err.as_deref(),
        Some("SystemError: a loop state used with another interpreter's token")
    );
}

/// The recursion limit is one value per interpreter: a concurrent run (on a sibling state, as
/// a run that starts while another holds the state gets) that sets it changes it for the run
/// in progress, which keeps it when both end, whichever ends first.
#[test]
fn concurrent_runs_share_the_recursion_limit() {
    let objs = Objects::new(InterpId::new(0), Heap::new());
    // SAFETY: this thread is the only one using `objs`.
    unsafe {
        objs.with_gil(|py| {
            let state = VmState::new(py).expect("state");
            let sibling = state.sibling(py).expect("sibling");
            let mut outer = Tstate::attach(py, Box::new(Capture::new()), state).expect("attach");
            let mut inner = Tstate::attach(py, Box::new(Capture::new()), sibling).expect("attach");
            inner.set_recursion_limit(77).expect("set");
            assert_eq!(outer.recursion_limit(), 77);
            let sibling = inner.detach();
            outer.set_recursion_limit(88).expect("set");
            let state = outer.detach();
            assert_eq!(
                (state.recursion_limit(), sibling.recursion_limit()),
                (88, 88)
            );
            state.release(py).expect("released");
            sibling.release(py).expect("released");
        })
    };
}
