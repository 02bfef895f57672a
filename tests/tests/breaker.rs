//! The eval breaker on the runtime side: two threads of one interpreter running Python take
//! turns. A loop that waits for a name only another thread of the interpreter binds ends: the
//! other thread asks for the GIL, the loop's eval-breaker checks hand it over after the switch
//! interval, and the loop gets it back.
//!
//! Interrupts (issue 15): `Interpreter::interrupt` from another thread ends a `while True:
//! pass` with `KeyboardInterrupt` (not caught by `except Exception`) and leaves the
//! interpreter usable; `_thread.interrupt_main()` interrupts the main interpreter's running
//! code, also when a sub-interpreter calls it (CPython 3.13's results for the same sources).
//! Every wait is bounded: a loop never interrupted fails the test instead of hanging it.

use std::sync::mpsc;
use std::time::Duration;

use subinterp_runtime::{Captured, Interpreter, InterpreterConfig, Runtime};

/// How long a test waits for a loop to end.
const LIMIT: Duration = Duration::from_secs(20);

/// Runs `source` in `i` on a new thread; the receiver gets what it printed and its result.
fn exec_on_thread(i: &Interpreter, source: &'static str) -> mpsc::Receiver<Captured> {
    let (tx, rx) = mpsc::channel();
    let i = i.clone();
    std::thread::spawn(move || {
        let _ = tx.send(i.exec_capture(source));
    });
    rx
}

/// What the run behind `rx` printed and the type of the exception that ended it (`None`: it
/// ran to the end). A run still going after [`LIMIT`] fails the test.
fn outcome(rx: &mpsc::Receiver<Captured>, what: &str) -> (String, Option<String>) {
    let out = rx
        .recv_timeout(LIMIT)
        .unwrap_or_else(|_| panic!("{what}: the loop was never interrupted"));
    let err = out.result.err().map(|e| {
        e.execution_failed()
            .unwrap_or_else(|| panic!("{what}: not an exception: {e}"))
            .excinfo
            .type_name()
            .to_owned()
    });
    (out.output, err)
}

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
            t.run(|cx| {
                setter
                    .exec_in_run(cx, "flag = True")
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

#[test]
fn interrupt_ends_an_infinite_loop_on_another_thread_and_the_interpreter_stays_usable() {
    let rt = Runtime::new().unwrap();
    let i = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    // `except Exception` does not catch it (CPython's `KeyboardInterrupt` is a
    // `BaseException`).
    let rx = exec_on_thread(
        &i,
        "print('looping')\ntry:\n    while True:\n        pass\nexcept Exception:\n    print('caught by Exception')\n",
    );
    std::thread::sleep(Duration::from_millis(100));
    i.interrupt().unwrap();
    assert_eq!(
        outcome(&rx, "except Exception"),
        ("looping\n".to_owned(), Some("KeyboardInterrupt".to_owned()))
    );
    // Usable afterwards, and no interrupt is left pending.
    let out = i.exec_capture("n = 0\nfor k in range(100000):\n    n += 1\nprint(n)\n");
    out.result.unwrap();
    assert_eq!(out.output, "100000\n");
    // Caught where the code asks for it; the run then goes on.
    let rx = exec_on_thread(
        &i,
        "try:\n    while True:\n        pass\nexcept KeyboardInterrupt as e:\n    print('caught', repr(e))\nprint('after')\n",
    );
    std::thread::sleep(Duration::from_millis(100));
    i.interrupt().unwrap();
    assert_eq!(
        outcome(&rx, "except KeyboardInterrupt"),
        ("caught KeyboardInterrupt()\nafter\n".to_owned(), None)
    );
    // Another interpreter is not touched, and an ended one refuses.
    let other = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    i.interrupt().unwrap();
    let out = other.exec_capture("for k in range(1000):\n    pass\nprint('other ran')\n");
    out.result.unwrap();
    assert_eq!(out.output, "other ran\n");
    other.end().unwrap();
    assert!(other.interrupt().is_err());
}

#[test]
fn interrupt_main_raises_keyboard_interrupt_in_the_main_interpreter() {
    let rt = Runtime::new().unwrap();
    let main = rt.main().unwrap();
    let rx = exec_on_thread(
        &main,
        "import _thread\n_thread.interrupt_main()\nwhile True:\n    pass\n",
    );
    assert_eq!(
        outcome(&rx, "main"),
        (String::new(), Some("KeyboardInterrupt".to_owned()))
    );
    // From a sub-interpreter: the sub goes on (CPython handles signals only in the main
    // interpreter), main's next loop is interrupted.
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let out = sub.exec_capture(
        "import _thread\n_thread.interrupt_main()\nfor k in range(100000):\n    pass\nprint('sub done')\n",
    );
    out.result.unwrap();
    assert_eq!(out.output, "sub done\n");
    let rx = exec_on_thread(&main, "while True:\n    pass\n");
    assert_eq!(
        outcome(&rx, "main after sub"),
        (String::new(), Some("KeyboardInterrupt".to_owned()))
    );
    // CPython's argument checks; a signal without a Python handler does nothing.
    let out = sub.exec_capture(
        "import _thread\nfor s in (0, 1000, 'x'):\n    try:\n        _thread.interrupt_main(s)\n    except Exception as e:\n        print(type(e).__name__, e)\n_thread.interrupt_main(15)\nprint('ok')\n",
    );
    out.result.unwrap();
    assert_eq!(
        out.output,
        "ValueError signal number out of range\nValueError signal number out of range\n\
         TypeError 'str' object cannot be interpreted as an integer\nok\n"
    );
}

#[test]
fn interrupt_reaches_native_code_polling_check() {
    let rt = Runtime::new().unwrap();
    let i = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let (tx, rx) = mpsc::channel();
    let looping = i.clone();
    std::thread::spawn(move || {
        let r = looping.run(|cx| {
            loop {
                if let Err(e) = subinterp_runtime::check(cx) {
                    return e.to_string();
                }
            }
        });
        let _ = tx.send(r.map_err(|e| e.to_string()));
    });
    std::thread::sleep(Duration::from_millis(100));
    i.interrupt().unwrap();
    let got = rx
        .recv_timeout(LIMIT)
        .expect("the native loop never saw the interrupt");
    assert_eq!(got.unwrap(), "KeyboardInterrupt");
}

/// A blocked `Queue.get()` (waiting without the GIL for an item that never comes) is woken by
/// an interrupt, as CPython's blocking waits return for the signal handler; the queue and the
/// interpreter stay usable.
#[test]
fn interrupt_wakes_a_blocked_queue_get() {
    let rt = Runtime::new().unwrap();
    let i = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let rx = exec_on_thread(
        &i,
        "import interpreters\nq = interpreters.create_queue()\nprint('waiting')\ntry:\n    q.get()\nexcept Exception:\n    print('caught by Exception')\n",
    );
    std::thread::sleep(Duration::from_millis(200));
    i.interrupt().unwrap();
    assert_eq!(
        outcome(&rx, "a blocked get"),
        ("waiting\n".to_owned(), Some("KeyboardInterrupt".to_owned()))
    );
    let out = i.exec_capture("q.put(1)\nprint(q.get(timeout=1))\n");
    out.result.unwrap();
    assert_eq!(out.output, "1\n");
}
