//! Ending an interpreter while the code ending runs misbehaves (issue 13, item 5): a payload
//! whose `Drop` panics while the interpreter's objects are freed, and a payload whose `Drop`
//! calls back into the runtime (finalize, initialize, end) from inside the ending.
//!
//! Before: the panic crossed `Interpreter::end`, the interpreter stayed listed half-ended and
//! `Runtime::finalize` spun forever waiting for it; a `Drop` calling `finalize` deadlocked.
//! Every wait here is bounded, so a hang fails the test instead of blocking it.

use std::sync::mpsc;
use std::time::Duration;

use subinterp_runtime::{Interpreter, InterpreterConfig, Runtime};
use subinterp_tests::payload::{self, OnDrop};

const BOUND: Duration = Duration::from_secs(120);

/// Builds a payload from the runtime, another interpreter and the channel it reports on.
type MakePayload = fn(Runtime, Interpreter, mpsc::Sender<String>) -> OnDrop;

fn keep(i: &Interpreter, what: OnDrop) {
    payload::keep(i, what).expect("stored");
}

/// Runs `f` on another thread and waits at most `BOUND` for it: a hang fails the test.
fn bounded<R: Send + 'static>(what: &str, f: impl FnOnce() -> R + Send + 'static) -> R {
    subinterp_tests::bounded::bounded(what, BOUND, f)
}

fn ids(rt: &Runtime) -> Vec<u64> {
    rt.list().iter().map(|i| i.id().get()).collect()
}

#[test]
fn a_panicking_payload_drop_during_end_is_reported_and_the_end_finishes() {
    // On its own thread, so that a hang (or a runtime dropped while unwinding from a
    // failed check) fails the test instead of blocking it.
    bounded(
        "the test",
        a_panicking_payload_drop_during_end_is_reported_and_the_end_finishes_body,
    );
}

fn a_panicking_payload_drop_during_end_is_reported_and_the_end_finishes_body() {
    for (config, own_heap) in [
        (InterpreterConfig::isolated(), true),
        (InterpreterConfig::legacy(), false),
    ] {
        let rt = Runtime::new().unwrap();
        let sub = rt.new_interpreter(config).unwrap();
        keep(&sub, OnDrop::Panic);
        let ended = {
            let sub = sub.clone();
            bounded("end", move || sub.end().map_err(|e| e.to_string()))
        };
        let report = ended.expect("the end finishes");
        assert_eq!(
            report.unraisable,
            ["SystemError: clearing its modules panicked while interpreter 1 ended: drop boom"],
        );
        assert!(sub.is_ended());
        assert_eq!(ids(&rt), [0]);
        // The runtime goes on and finalizes.
        let again = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
        assert!(again.end().unwrap().is_clean());
        // The panic stopped the clearing of the modules where it happened: an own heap
        // reported what it kept when it closed; a share of main's heap keeps it until main
        // ends, whose report lists it.
        let fin = bounded("finalize", move || rt.finalize().map(|r| r.is_clean()));
        assert_eq!(fin.unwrap(), own_heap);
    }
}

#[test]
fn a_panicking_payload_drop_during_finalize_is_reported_and_finalize_finishes() {
    // On its own thread, so that a hang (or a runtime dropped while unwinding from a
    // failed check) fails the test instead of blocking it.
    bounded(
        "the test",
        a_panicking_payload_drop_during_finalize_is_reported_and_finalize_finishes_body,
    );
}

fn a_panicking_payload_drop_during_finalize_is_reported_and_finalize_finishes_body() {
    let rt = Runtime::new().unwrap();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    keep(&sub, OnDrop::Panic);
    keep(&rt.main().unwrap(), OnDrop::Panic);
    let report = {
        let rt = rt.clone();
        bounded("finalize", move || rt.finalize().map_err(|e| e.to_string()))
    }
    .expect("finalize finishes");
    let said: Vec<_> = report
        .ended
        .iter()
        .map(|r| (r.id.get(), r.unraisable.clone()))
        .collect();
    assert_eq!(
        said,
        [
            (
                1,
                vec![
                    "SystemError: clearing its modules panicked while interpreter 1 ended: drop boom"
                        .to_owned()
                ]
            ),
            (
                0,
                vec![
                    "SystemError: clearing its modules panicked while interpreter 0 ended: drop boom"
                        .to_owned()
                ]
            ),
        ]
    );
    assert!(!rt.is_initialized());
    rt.initialize().unwrap();
    assert_eq!(ids(&rt), [0]);
}

#[test]
fn dropping_a_runtime_whose_interpreter_panics_in_a_drop_finishes() {
    // On its own thread, so that a hang (or a runtime dropped while unwinding from a
    // failed check) fails the test instead of blocking it.
    bounded(
        "the test",
        dropping_a_runtime_whose_interpreter_panics_in_a_drop_finishes_body,
    );
}

fn dropping_a_runtime_whose_interpreter_panics_in_a_drop_finishes_body() {
    let rt = Runtime::new().unwrap();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    keep(&sub, OnDrop::Panic);
    drop(sub);
    bounded("dropping the runtime", move || drop(rt));
}

#[test]
fn a_payload_drop_that_calls_back_into_the_ending_runtime_gets_a_typed_error() {
    // On its own thread, so that a hang (or a runtime dropped while unwinding from a
    // failed check) fails the test instead of blocking it.
    bounded(
        "the test",
        a_payload_drop_that_calls_back_into_the_ending_runtime_gets_a_typed_error_body,
    );
}

fn a_payload_drop_that_calls_back_into_the_ending_runtime_gets_a_typed_error_body() {
    let rt = Runtime::new().unwrap();
    let (tx, rx) = mpsc::channel();
    let cases: [(MakePayload, &str); 3] = [
        (
            |rt, _, tx| OnDrop::Finalize(rt, tx),
            "RuntimeError: Runtime::finalize cannot be called while an interpreter is ending \
             on this thread",
        ),
        (
            |rt, _, tx| OnDrop::Initialize(rt, tx),
            "RuntimeError: Runtime::initialize cannot be called while an interpreter is \
             ending on this thread",
        ),
        (
            |_, other, tx| OnDrop::End(other, tx),
            "RuntimeError: ending an interpreter cannot be called while an interpreter is \
             ending on this thread",
        ),
    ];
    for (make, expect) in cases {
        let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
        let other = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
        keep(&sub, make(rt.clone(), other.clone(), tx.clone()));
        let report = {
            let sub = sub.clone();
            bounded("end", move || sub.end().map(|r| r.is_clean()))
        };
        assert!(report.unwrap(), "the end was clean");
        assert_eq!(rx.recv_timeout(BOUND).unwrap(), expect);
        assert!(sub.is_ended());
        // The other interpreter was not touched, and the runtime still works.
        assert!(other.end().unwrap().is_clean());
    }
    // The same from main's objects while the runtime finalizes.
    keep(
        &rt.main().unwrap(),
        OnDrop::Finalize(rt.clone(), tx.clone()),
    );
    let fin = {
        let rt = rt.clone();
        bounded("finalize", move || rt.finalize().map(|r| r.is_clean()))
    };
    assert!(fin.unwrap());
    assert_eq!(
        rx.recv_timeout(BOUND).unwrap(),
        "RuntimeError: Runtime::finalize cannot be called while an interpreter is ending on \
         this thread"
    );
}

#[test]
fn a_panicking_payload_drop_in_a_cycle_is_reported_when_the_heap_closes() {
    bounded("the test", || {
        let rt = Runtime::new().unwrap();
        let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
        payload::keep_in_cycle(&sub, OnDrop::Panic).expect("stored");
        let report = sub.end().expect("the end finishes");
        assert_eq!(
            report.unraisable,
            ["SystemError: a payload destructor panicked while interpreter 1 ended: drop boom"],
        );
        assert_eq!(ids(&rt), [0]);
        assert!(bounded("finalize", move || rt.finalize().is_ok()));
    });
}
