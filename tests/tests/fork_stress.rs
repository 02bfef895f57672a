//! Forking under load (issue 13, item 2): main forks hundreds of times while other threads
//! create, run (imports, queues) and end interpreters; each child creates an interpreter,
//! imports, uses a queue and ends it. The churning threads also put to and get from two queues
//! created before the forks (one bounded, so putters block for room and wake), through handles
//! of their own interpreters; each child uses those same queues through handles kept from
//! before the fork (a queue whose lock, or whose channel half-way through a send, a vanished
//! thread had left behind would hang it). Before the fix 10-40 % of children hung on a lock held
//! across the fork by a thread that does not exist in the child (the import registry, the
//! runtime's registry handed by a fair unlock to such a thread, ...). Each child is bounded (10 s,
//! 300 s under memcheck): a hang is killed and counted, and the test fails on any.
//!
//! A third thread churns the import system's process-wide locks without any GIL (the builtin
//! table, the custom frozen table, the extension registry and cache), and each child imports
//! an extension in a legacy interpreter; before those locks were held across the fork, a child
//! could find one left held by a thread it does not have.
//!
//! Its own test binary: a fork copies the whole process, so no other test's threads may be
//! in it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use subinterp_runtime::{
    Fork, Interpreter, InterpreterConfig, Queue, Runtime, Unbound, XiData, exit_child,
};
use subinterp_testmodules::single::init_basic;

/// Queues created before the forks: a bounded one (putters block for room) and an unbounded
/// one.
struct Shared {
    bounded: Queue,
    unbounded: Queue,
}

impl Shared {
    /// What the child does with the queues it kept from before the fork: drain them, then a
    /// put and a get on each (codes 12-15 name the step that failed).
    fn child_use(&self) -> i32 {
        for (k, q) in [&self.bounded, &self.unbounded].into_iter().enumerate() {
            let code = 12 + 2 * k as i32;
            while matches!(q.empty(), Ok(false)) {
                if q.get_nowait().is_err() {
                    return code;
                }
            }
            if q.put(XiData::from(9i64), Some(Duration::from_secs(5)), None)
                .is_err()
            {
                return code;
            }
            let got = q
                .get(Some(Duration::from_secs(5)))
                .ok()
                .and_then(|r| r.into_data());
            if got != Some(XiData::from(9i64)) {
                return code + 1;
            }
        }
        42
    }
}
use subinterp_tests::scale::Scale;

/// What the child does: a full round of the runtime (codes name the step that failed).
fn child_round(rt: &Runtime, shared: &Shared) -> i32 {
    let kept = shared.child_use();
    if kept != 42 {
        return kept;
    }
    let Ok(fresh) = rt.new_interpreter(InterpreterConfig::isolated()) else {
        return 2;
    };
    if fresh.exec("import sys; import _imp; x = [1, 2]").is_err() {
        return 3;
    }
    let Ok(q) = fresh.create_queue(4, Unbound::Remove) else {
        return 4;
    };
    if q.put(XiData::from(7i64), None, None).is_err() {
        return 5;
    }
    if q.get_nowait().ok().and_then(|r| r.into_data()) != Some(XiData::from(7i64)) {
        return 6;
    }
    if fresh.end().is_err() {
        return 7;
    }
    let Ok(main) = rt.main() else { return 8 };
    if main.exec("import sys; y = 3").is_err() {
        return 9;
    }
    let legacy = match rt.new_interpreter(InterpreterConfig::legacy()) {
        Ok(l) => l,
        Err(_) => return 10,
    };
    if legacy.exec("import sys").is_err() {
        return 11;
    }
    // An extension: the extension registry, the extension cache and the module indices.
    if legacy.exec("import _testsinglephase").is_err() || legacy.end().is_err() {
        return 16;
    }
    42
}

/// The import system's process-wide locks, taken with no GIL by a thread that may be in the
/// middle of any of them when main forks.
fn churn_imports(rt: &Runtime, stop: &AtomicBool) {
    let imports = rt.imports();
    let mut n = 0u32;
    while !stop.load(Ordering::Relaxed) {
        n = n.wrapping_add(1);
        let name = format!("_fork_ext_{}", n % 8);
        imports.register_extension(&name, &format!("/fork/{name}.so"), init_basic);
        imports.set_frozen_custom(None);
        let _ = imports.pending_inittab();
        let _ = imports.builtin_module_names();
        let _ = imports.find_frozen("stat", true);
        let _ = imports.extension_cache_keys();
    }
}

/// One worker's load: interpreters of both kinds created, used (imports, queues) and ended.
fn churn(rt: &Runtime, shared: &Shared, stop: &AtomicBool, rounds: &AtomicUsize) {
    let mut n = 0u64;
    while !stop.load(Ordering::Relaxed) {
        let config = if n.is_multiple_of(2) {
            InterpreterConfig::isolated()
        } else {
            InterpreterConfig::legacy()
        };
        n += 1;
        let Ok(i) = rt.new_interpreter(config) else {
            continue;
        };
        let _ = i.exec("import sys; import _imp; l = [1, 2, 3]");
        if let Ok(q) = i.create_queue(0, Unbound::Replace) {
            let _ = q.put(XiData::from(1i64), None, None);
            let _ = q.get_nowait();
        }
        // The queues from before the forks, through this interpreter's own handles: a put
        // that may block for room (the other worker's gets make it) and a get.
        let me = i.id();
        for shared in [&shared.bounded, &shared.unbounded] {
            if let Ok(h) = shared.rebind(me) {
                let _ = h.put(XiData::from(n as i64), Some(Duration::from_millis(2)), None);
                let _ = h.get(Some(Duration::from_millis(1)));
            }
        }
        let _ = i.end();
        rounds.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn forked_children_never_hang_while_other_threads_churn_interpreters() {
    let scale = Scale::from_env();
    let forks = scale.pick(4, 200, 1000);
    // Far above what a child takes (milliseconds), also under memcheck's slowdown.
    let bound = Duration::from_secs(scale.pick(300, 10, 10));
    let rt = Runtime::new().unwrap();
    let main: Interpreter = rt.main().unwrap();
    rt.imports()
        .register_extension("_testsinglephase", "/fork/_testsinglephase.so", init_basic);
    let stop = Arc::new(AtomicBool::new(false));
    let rounds = Arc::new(AtomicUsize::new(0));
    let shared = Arc::new(Shared {
        bounded: main.create_queue(2, Unbound::Remove).unwrap(),
        unbounded: main.create_queue(0, Unbound::Replace).unwrap(),
    });
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (rt, stop, rounds) = (rt.clone(), stop.clone(), rounds.clone());
            let shared = shared.clone();
            std::thread::spawn(move || churn(&rt, &shared, &stop, &rounds))
        })
        .collect();
    let importer = {
        let (rt, stop) = (rt.clone(), stop.clone());
        std::thread::spawn(move || churn_imports(&rt, &stop))
    };
    let mut hung = 0;
    let mut failed = Vec::new();
    for k in 0..forks {
        // Let the workers get going between forks.
        std::thread::sleep(Duration::from_micros(500 + (k as u64 % 7) * 300));
        match main.fork().expect("fork") {
            Fork::Child => {
                let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    child_round(&rt, &shared)
                }))
                .unwrap_or(101);
                exit_child(code)
            }
            Fork::Parent(c) => match c.wait_timeout(bound).expect("waitpid") {
                Ok(status) => {
                    let code = status.code().unwrap_or(-1);
                    if code != 42 {
                        failed.push(code);
                    }
                }
                Err(c) => {
                    hung += 1;
                    let _ = c.kill();
                }
            },
        }
    }
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().unwrap();
    }
    importer.join().unwrap();
    println!(
        "fork.stress: {forks} forks, {} interpreter rounds meanwhile, {hung} children hung, \
         {} failed {failed:?}",
        rounds.load(Ordering::Relaxed),
        failed.len()
    );
    assert_eq!(hung, 0, "children hung");
    assert!(failed.is_empty(), "children failed: {failed:?}");
    drop(shared);
    assert!(rt.finalize().unwrap().is_clean());
}
