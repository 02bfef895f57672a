//! [`Owner`](subinterp_gil::Owner): an interpreter built with `Interp::new_owned` is not handed
//! out by `current_tstate` / `current_interp`, is refused by `gilstate::ensure`, and is ended
//! only with its owner (issue 13, item 6; the runtime's side is
//! `tests/tests/gil_ownership.rs`).

use std::sync::Arc;

use subinterp_gil::{EndMode, Gil, Interp, InterpId, ThreadState, TstateError, Whence, gilstate};

#[test]
fn an_owned_interpreter_is_refused_to_gilstate_and_to_begin_end_without_its_owner() {
    let (interp, owner) = Interp::new_owned(InterpId::new(7), Arc::new(Gil::new()));
    let (_, other_owner) = Interp::new_owned(InterpId::new(8), Arc::new(Gil::new()));
    assert!(interp.is_owned());
    let owned = |e: TstateError| e.to_string();
    assert_eq!(
        owned(gilstate::ensure(&interp).unwrap_err()),
        "PyGILState_Ensure: interpreter 7 is owned by its runtime; use the runtime's API"
    );
    let ts = ThreadState::new(&interp, Whence::Unknown).unwrap();
    let attached = ts.attach().unwrap();
    assert_eq!(
        owned(subinterp_gil::current_tstate().unwrap_err()),
        "PyThreadState_Get: interpreter 7 is owned by its runtime; use the runtime's API"
    );
    assert!(subinterp_gil::has_current_tstate());
    let refused = "Py_EndInterpreter: interpreter 7 is owned by its runtime; use the runtime's API";
    assert_eq!(
        owned(interp.begin_end(&attached, EndMode::Force).unwrap_err()),
        refused
    );
    assert_eq!(
        owned(
            interp
                .begin_end_owned(&other_owner, &attached, EndMode::Force)
                .unwrap_err()
        ),
        refused
    );
    assert!(!interp.is_finalizing());
    interp
        .begin_end_owned(&owner, &attached, EndMode::Force)
        .unwrap();
    assert!(interp.is_finalizing());
    attached.detach().unwrap();
    ts.delete().map_err(|e| e.error).unwrap();
}
