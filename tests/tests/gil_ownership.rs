//! The GIL layer's safe API cannot wedge the runtime (issue 13, item 6). Before: from inside a
//! run, `subinterp_gil::current_tstate()` handed out the runtime's own GIL-layer interpreter,
//! and `gilstate::ensure` plus `begin_end(.., EndMode::Force)` on it marked the interpreter
//! ending behind the runtime's back: a thread of that interpreter waiting in `allow_threads`
//! parked forever and `Interpreter::end` hung. The runtime now owns its interpreters
//! (`Interp::new_owned`); the GIL layer refuses to hand them out or end them without the
//! owner. Every wait is bounded, so a hang fails the test.

use std::sync::mpsc;
use std::time::Duration;

use subinterp_gil::{EndMode, gilstate};
use subinterp_runtime::{InterpreterConfig, Runtime, allow_threads};

const BOUND: Duration = Duration::from_secs(60);

fn bounded<R: Send + 'static>(what: &str, f: impl FnOnce() -> R + Send + 'static) -> R {
    subinterp_tests::bounded::bounded(what, BOUND, f)
}

#[test]
fn the_gil_layer_does_not_hand_out_or_end_the_runtimes_interpreters() {
    bounded("the test", body);
}

fn body() {
    let rt = Runtime::new().unwrap();
    let sub = rt.new_interpreter(InterpreterConfig::legacy()).unwrap();
    // A thread of `sub` waiting without the GIL until told to go on.
    let (go, go_rx) = mpsc::channel::<()>();
    let (waiting, waiting_rx) = mpsc::channel::<()>();
    let t = rt
        .spawn_thread(&sub, false, move |t| {
            t.run(|cx| {
                let py = cx.py();
                allow_threads(cx, move || {
                    let _ = waiting.send(());
                    let _ = go_rx.recv_timeout(BOUND);
                })
                .map(|()| py.int(5).unwrap().as_i64())
            })
        })
        .unwrap();
    waiting_rx.recv_timeout(BOUND).unwrap();
    // Inside a run, what the GIL layer offers about the current state.
    let said = sub
        .run(|_| {
            let mut said = Vec::new();
            match subinterp_gil::current_tstate() {
                Ok(cur) => {
                    // What a user could do with it before the fix.
                    if let Ok(ensured) = gilstate::ensure(&cur.interp) {
                        let _ = cur.interp.begin_end(ensured.attached(), EndMode::Force);
                        drop(ensured);
                    }
                    said.push("handed out".to_owned());
                }
                Err(e) => said.push(e.to_string()),
            }
            said.push(
                subinterp_gil::current_interp()
                    .map(|_| "handed out".to_owned())
                    .unwrap_or_else(|e| e.to_string()),
            );
            said
        })
        .unwrap();
    assert_eq!(
        said,
        [
            "PyThreadState_Get: interpreter 1 is owned by its runtime; use the runtime's API",
            "PyInterpreterState_Get: interpreter 1 is owned by its runtime; use the runtime's API",
        ]
    );
    // The waiting thread gets its GIL back, and the interpreter ends.
    go.send(()).unwrap();
    assert_eq!(t.join().unwrap().unwrap().unwrap(), Some(5));
    assert!(sub.end().unwrap().is_clean());
    assert!(rt.finalize().unwrap().is_clean());
}
