//! Forking from the main interpreter while sub-interpreters exist: the child keeps working with
//! only main (CPython 3.13.5 aborts this child, gh-101437 / gh-139759).
//!
//! Scenarios: gil 39 (main forks while a sub-interpreter exists), gil 38 (the child has only
//! the forking thread: other threads' runs are gone), lx 18's better outcome (see
//! `restrictions.rs` for the refusal in a sub-interpreter), §5 "fork" rows.
//!
//! The tests of this file take turns (`SERIAL`): a fork copies the whole process, and another
//! test's thread could hold a process-wide lock at that instant.

use std::sync::mpsc;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use subinterp_runtime::{
    Fork, InterpId, Interpreter, InterpreterConfig, Runtime, exit_child, import,
};

static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Forks from `main`; the child runs `child` and exits with its code (101 if it panics); the
/// parent gets the child's exit code.
fn fork_and_check(main: &Interpreter, child: impl FnOnce() -> i32) -> i32 {
    match main.fork().expect("fork") {
        Fork::Child => {
            let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(child)).unwrap_or(101);
            exit_child(code)
        }
        Fork::Parent(c) => match c.wait_timeout(Duration::from_secs(60)).expect("waitpid") {
            Ok(status) => status.code().expect("the child exited"),
            Err(c) => {
                let _ = c.kill();
                panic!("the forked child hung");
            }
        },
    }
}

#[test]
fn the_child_keeps_working_with_only_main() {
    // gil 39, gil 38
    let _serial = serial();
    let rt = Runtime::new().unwrap();
    let main = rt.main().unwrap();
    let iso = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let legacy = rt.new_interpreter(InterpreterConfig::legacy()).unwrap();
    main.run(|cx| {
        let py = cx.py();
        import(cx, "__main__")
            .unwrap()
            .setattr("before", &py.int(7).unwrap())
            .unwrap()
    })
    .unwrap();
    // Another thread is inside the isolated interpreter, holding its GIL, at the fork.
    let (inside_tx, inside_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let busy = {
        let iso = iso.clone();
        std::thread::spawn(move || {
            iso.run(|_| {
                inside_tx.send(()).unwrap();
                go_rx.recv().unwrap();
            })
        })
    };
    inside_rx.recv().unwrap();
    let code = fork_and_check(&main, || {
        // Only main is left, and it remembers what it had.
        let ids: Vec<u64> = rt.list().iter().map(|i| i.id().get()).collect();
        if ids != [0] {
            return 1;
        }
        let before = main.run(|cx| {
            import(cx, "__main__")
                .unwrap()
                .getattr("before")
                .unwrap()
                .as_i64()
        });
        if before.ok().flatten() != Some(7) {
            return 2;
        }
        // The abandoned interpreters are gone, without a crash.
        let gone = format!(
            "InterpreterNotFoundError: unrecognized interpreter ID {}",
            iso.id()
        );
        if iso.run(|_| ()).map_err(|e| e.to_string()) != Err(gone) {
            return 3;
        }
        if legacy.run(|_| ()).is_ok() || !legacy.is_ended() {
            return 4;
        }
        // The child is a full runtime: it creates, runs and ends interpreters, and threads.
        let fresh = match rt.new_interpreter(InterpreterConfig::isolated()) {
            Ok(i) => i,
            Err(_) => return 5,
        };
        if fresh
            .run(|cx| cx.py().list_of((1, 2)).unwrap().len().unwrap())
            .ok()
            != Some(2)
        {
            return 6;
        }
        if !fresh.end().is_ok_and(|r| r.is_clean()) {
            return 7;
        }
        let t = rt.spawn_thread(&main, false, |t| t.run(|cx| cx.py().interp()));
        if t.and_then(|h| h.join()).ok().and_then(Result::ok) != Some(InterpId::new(0)) {
            return 8;
        }
        42
    });
    assert_eq!(code, 42);
    // The parent is untouched: the busy thread finishes its run, everything still works.
    go_tx.send(()).unwrap();
    busy.join().unwrap().unwrap();
    assert_eq!(rt.list().len(), 3);
    assert!(iso.end().unwrap().is_clean());
    assert!(legacy.end().is_ok());
    assert!(rt.finalize().unwrap().is_clean());
}

#[test]
fn the_child_can_finalize_its_runtime() {
    let _serial = serial();
    let rt = Runtime::new().unwrap();
    let main = rt.main().unwrap();
    let _iso = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let code = fork_and_check(&main, || match rt.finalize() {
        // Only main was left to end.
        Ok(r) if r.ended.len() == 1 && r.ended[0].id == InterpId::new(0) => 42,
        Ok(_) => 1,
        Err(_) => 2,
    });
    assert_eq!(code, 42);
    assert_eq!(rt.list().len(), 2);
}

#[test]
fn fork_is_refused_inside_a_run() {
    let _serial = serial();
    let rt = Runtime::new().unwrap();
    let main = rt.main().unwrap();
    let e = main.run(|_| main.fork().map(drop).unwrap_err()).unwrap();
    assert_eq!(
        e.to_string(),
        "RuntimeError: Interpreter::fork must be called outside Interpreter::run"
    );
}
