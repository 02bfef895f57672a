//! The eval breaker on the runtime side: two threads of one interpreter running Python take
//! turns. A loop that waits for a name only another thread of the interpreter binds ends: the
//! other thread asks for the GIL, the loop's eval-breaker checks hand it over after the switch
//! interval, and the loop gets it back.

use std::sync::mpsc;
use std::time::Duration;

use subinterp_runtime::{InterpreterConfig, Runtime};

#[test]
fn two_threads_of_one_interpreter_take_turns() {
    let rt = Runtime::new().unwrap();
    let i = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let (tx, rx) = mpsc::channel();
    let looping = i.clone();
    std::thread::spawn(move || {
        let out = looping.exec_capture(
            "n = 0\nwhile True:\n    n += 1\n    try:\n        flag\n        break\n    except NameError:\n        pass\nprint(n > 0)",
        );
        let _ = tx.send((out.output, out.result.map_err(|e| e.to_string())));
    });
    // Let the loop start and hold the GIL.
    std::thread::sleep(Duration::from_millis(100));
    let setter = i.clone();
    let h = rt
        .spawn_thread(&i, false, move |t| {
            t.run(|py| {
                setter
                    .exec_in_run(py, "flag = True")
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| e.to_string())
        })
        .unwrap();
    let (output, result) = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the loop never saw the other thread's name: no GIL handoff");
    result.unwrap();
    assert_eq!(output, "True\n");
    h.join().unwrap().unwrap().unwrap();
}
