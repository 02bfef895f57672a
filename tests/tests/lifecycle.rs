//! Interpreter lifecycle through the runtime facade: ids, whence and listing, the ending rules,
//! finalization with live interpreters, and initializing again.
//!
//! Also: creation under allocation failure (fault injection through the builder's heap
//! source).
//!
//! Scenarios (reference `cpython-lifecycle-xi.md` §6 as "lx N", `cpython-gil-threadstate.md`
//! §7 as "gil N"): lx 21, 22, 23, 24, 26, 27 (ids, whence, listing); lx 28, 29, 30, 31, 32, 33
//! (the `Interpreter` from `new_interpreter` survives its handles), 35, 36 (ending and
//! stress); gil 29, 30, 31, 42 (repeated init, finalize with live sub-interpreters, destroy
//! checks); §5 rows "create during finalize", "Py_Finalize while a subinterpreter is
//! exec'ing", "Py_Finalize with idle leftover subinterpreters".

use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use subinterp_obmalloc::FailingSource;
use subinterp_runtime::{Error, InterpId, Interpreter, InterpreterConfig, Runtime, Whence, import};
use subinterp_xi::{Received, Unbound, XiData};

fn rt() -> Runtime {
    Runtime::new().expect("runtime")
}

fn isolated(rt: &Runtime) -> Interpreter {
    rt.new_interpreter(InterpreterConfig::isolated())
        .expect("isolated interpreter")
}

fn ids(rt: &Runtime) -> Vec<u64> {
    rt.list().iter().map(|i| i.id().get()).collect()
}

/// One expected outcome of an operation, as CPython prints it.
fn check<T: std::fmt::Debug>(got: Result<T, Error>, expect: &str) {
    match got {
        Ok(v) => panic!("expected {expect:?}, got Ok({v:?})"),
        Err(e) => assert_eq!(e.to_string(), expect),
    }
}

#[test]
fn main_is_id_0_with_whence_runtime() {
    // lx 21
    let rt = rt();
    let main = rt.main().unwrap();
    assert_eq!(main.id(), InterpId::new(0));
    assert_eq!(main.whence(), Whence::Runtime);
    assert_eq!(main.whence().as_str(), "runtime init");
    assert!(main.is_main());
    assert_eq!(rt.interpreter(InterpId::new(0)).unwrap(), main);
    assert_eq!(rt.current(), None);
    let cur = main.run(|_| rt.current()).unwrap();
    assert_eq!(cur, Some(main.clone()));
}

#[test]
fn listing_is_ascending_and_ids_are_never_reused() {
    // lx 22
    let rt = rt();
    let (a, b, c) = (isolated(&rt), isolated(&rt), isolated(&rt));
    assert_eq!(ids(&rt), [0, 1, 2, 3]);
    a.end().unwrap();
    assert_eq!(ids(&rt), [0, 2, 3]);
    let d = isolated(&rt);
    assert_eq!(d.id(), InterpId::new(4));
    assert_eq!(ids(&rt), [0, 2, 3, 4]);
    for i in [b, c, d] {
        i.end().unwrap();
    }
    assert_eq!(ids(&rt), [0]);
}

#[test]
fn a_failed_creation_uses_up_an_id() {
    // lx 23
    let rt = rt();
    let a = isolated(&rt);
    assert_eq!(a.id(), InterpId::new(1));
    let e = rt.new_interpreter(InterpreterConfig::empty()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "InterpreterError: interpreter creation failed"
    );
    let b = isolated(&rt);
    assert_eq!(b.id(), InterpId::new(3));
}

#[test]
fn a_creation_without_memory_fails_cleanly() {
    // Fault injection: interpreter 2's heap gets no memory at all. CPython's chain ends in a
    // MemoryError, the id is used up, and the runtime goes on.
    let rt = Runtime::builder()
        .heap_source(Arc::new(|id: InterpId| {
            let src = FailingSource::os();
            if id.get() == 2 {
                src.fail_arenas(true);
                src.fail_raw(true);
            }
            Box::new(src)
        }))
        .build()
        .unwrap();
    let a = isolated(&rt);
    let e = rt
        .new_interpreter(InterpreterConfig::isolated())
        .unwrap_err();
    assert_eq!(
        chain(&e),
        [
            "InterpreterError: interpreter creation failed",
            "InterpreterError: sub-interpreter creation failed",
            "MemoryError",
        ]
    );
    assert_eq!(ids(&rt), [0, a.id().get()]);
    assert_eq!(isolated(&rt).id(), InterpId::new(3));
    assert!(rt.finalize().unwrap().is_clean());
}

#[test]
fn a_failed_initialization_can_be_retried() {
    let src = FailingSource::os();
    src.fail_arenas(true);
    src.fail_raw(true);
    let handle = src.clone();
    let rt = Runtime::builder()
        .heap_source(Arc::new(move |_| Box::new(handle.clone())))
        .build_uninitialized()
        .unwrap();
    assert_eq!(rt.initialize().unwrap_err().to_string(), "MemoryError");
    assert!(!rt.is_initialized());
    check(
        rt.main(),
        "RuntimeError: Py_Initialize must be called first",
    );
    src.fail_arenas(false);
    src.fail_raw(false);
    rt.initialize().unwrap();
    assert_eq!(rt.main().unwrap().id(), InterpId::new(0));
    assert_eq!(sum_in(&isolated(&rt)), 6);
}

#[test]
fn whence_of_each_origin() {
    // lx 24, 25 (the C-API origins list with their strings)
    let rt = rt();
    let mut got = vec![];
    for w in [Whence::Capi, Whence::LegacyCapi, Whence::Xi, Whence::Stdlib] {
        let i = rt
            .new_interpreter_with(InterpreterConfig::isolated(), w)
            .unwrap();
        got.push((i.id().get(), i.whence().as_str()));
    }
    let listed: Vec<_> = rt
        .list()
        .iter()
        .map(|i| (i.id().get(), i.whence().as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (0, "runtime init"),
            (1, "C-API"),
            (2, "legacy C-API"),
            (3, "cross-interpreter C-API"),
            (4, "_interpreters module"),
        ]
    );
    assert_eq!(&listed[1..], &got[..]);
    // The restricted path refuses what the facade did not create; the unrestricted one works.
    let capi = rt.interpreter(InterpId::new(1)).unwrap();
    check(
        capi.end(),
        "InterpreterError: cannot destroy unrecognized interpreter 1",
    );
    rt.end_interpreter(InterpId::new(1)).unwrap();
}

#[test]
fn unknown_ids_are_not_found() {
    // lx 26, 28
    let rt = rt();
    check(
        rt.interpreter(InterpId::new(1_000_000)),
        "InterpreterNotFoundError: unrecognized interpreter ID 1000000",
    );
    check(
        rt.end_interpreter(InterpId::new(1_000_000)),
        "InterpreterNotFoundError: unrecognized interpreter ID 1000000",
    );
    let a = isolated(&rt);
    a.end().unwrap();
    check(
        a.end(),
        "InterpreterNotFoundError: unrecognized interpreter ID 1",
    );
    check(
        a.is_running(),
        "InterpreterNotFoundError: unrecognized interpreter ID 1",
    );
    check(
        a.run(|_| ()),
        "InterpreterNotFoundError: unrecognized interpreter ID 1",
    );
    check(
        rt.end_interpreter(InterpId::new(1)),
        "InterpreterNotFoundError: unrecognized interpreter ID 1",
    );
}

#[test]
fn handles_name_one_interpreter() {
    // lx 27, 33: equality is per interpreter; dropping every handle ends nothing.
    let rt = rt();
    let a = isolated(&rt);
    let again = rt.interpreter(a.id()).unwrap();
    assert_eq!(a, again);
    assert_eq!(rt.list()[1], a);
    assert_ne!(a, rt.main().unwrap());
    let id = a.id();
    drop((a, again));
    assert_eq!(ids(&rt), [0, id.get()]);
}

#[test]
fn main_cannot_be_ended_through_the_destroy_paths() {
    // lx 29, gil 42
    let rt = rt();
    let main = rt.main().unwrap();
    check(
        main.end(),
        "InterpreterError: cannot destroy unrecognized interpreter 0",
    );
    check(
        rt.end_interpreter(InterpId::new(0)),
        "InterpreterError: interpreter running",
    );
    let from_main = main
        .run(|cx| rt.end_interpreter_from(cx, InterpId::new(0)))
        .unwrap();
    check(
        from_main,
        "InterpreterError: cannot destroy the current interpreter",
    );
    let sub = isolated(&rt);
    let from_sub = sub
        .run(|cx| rt.end_interpreter_from(cx, InterpId::new(0)))
        .unwrap();
    check(from_sub, "InterpreterError: interpreter running");
    assert!(main.is_running().unwrap());
}

#[test]
fn the_current_interpreter_cannot_end_itself_but_can_end_siblings() {
    // lx 30, 31, gil 42
    let rt = rt();
    let (x, y) = (isolated(&rt), isolated(&rt));
    let r = x
        .run(|cx| {
            let own = x.end_from(cx).map(|_| ());
            let sibling = y.end_from(cx).map(|r| r.is_clean());
            let made = rt
                .new_interpreter_from(cx, InterpreterConfig::isolated())
                .and_then(|z| z.end_from(cx))
                .map(|r| r.is_clean());
            (own, sibling, made)
        })
        .unwrap();
    check(
        r.0,
        "InterpreterError: cannot destroy the current interpreter",
    );
    assert!(r.1.unwrap());
    assert!(r.2.unwrap());
    assert_eq!(ids(&rt), [0, 1]);
    // Ending it from a run in a switched-to interpreter is still ending the current one.
    let z = isolated(&rt);
    let nested = x
        .run(|cx| z.run_from(cx, |cx| x.end_from(cx).map(|_| ())))
        .unwrap()
        .unwrap();
    check(
        nested,
        "InterpreterError: cannot destroy the current interpreter",
    );
    x.end().unwrap();
}

#[test]
fn a_running_interpreter_cannot_be_entered_or_ended() {
    // lx 32, gil 42: thread T runs X and blocks; X.run and X.end are refused meanwhile.
    let rt = rt();
    let x = isolated(&rt);
    let (started_tx, started_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let t = {
        let x = x.clone();
        std::thread::spawn(move || {
            x.run(|_| {
                started_tx.send(()).unwrap();
                go_rx.recv_timeout(Duration::from_secs(10)).unwrap();
            })
        })
    };
    started_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(x.is_running().unwrap());
    check(
        x.run(|_| ()),
        "InterpreterError: interpreter already running",
    );
    check(x.end(), "InterpreterError: interpreter running");
    check(
        rt.end_interpreter(x.id()),
        "InterpreterError: interpreter running",
    );
    go_tx.send(()).unwrap();
    t.join().unwrap().unwrap();
    assert!(!x.is_running().unwrap());
    // Untouched by the refused attempts.
    assert_eq!(
        x.run(|cx| cx.py().int(5).unwrap().as_i64()).unwrap(),
        Some(5)
    );
    assert!(x.end().unwrap().is_clean());
}

#[test]
fn ending_returns_every_block_of_its_heap() {
    // Objects left in `__main__` are freed by the teardown, not leaked with the heap.
    let rt = rt();
    let x = isolated(&rt);
    x.run(|cx| {
        let py = cx.py();
        let main = import(cx, "__main__").unwrap();
        let big = py.list_from((0..1000).map(|i| py.int(i).unwrap())).unwrap();
        main.setattr("big", &big).unwrap();
        main.setattr("d", &py.dict().unwrap()).unwrap();
    })
    .unwrap();
    let report = x.end().unwrap();
    let heap = report
        .heap
        .as_ref()
        .expect("an isolated interpreter owns its heap");
    assert_eq!(heap.leaks.live_blocks, 0, "{report:?}");
    assert_eq!(heap.live_objects, 0, "{report:?}");
    assert!(heap.leaks.arenas_released >= 1);
    assert!(report.is_clean());
    // A legacy interpreter shares main's heap, which stays open.
    let legacy = rt.new_interpreter(InterpreterConfig::legacy()).unwrap();
    let report = legacy.end().unwrap();
    assert!(report.heap.is_none());
    assert!(report.unraisable.is_empty());
}

#[test]
fn stress_sequential_and_concurrent_creation() {
    // lx 36: 100 sequential creates; 200 concurrent creates from threads.
    let rt = rt();
    for _ in 0..100 {
        isolated(&rt).end().unwrap();
    }
    let made: Vec<Interpreter> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..200).map(|_| s.spawn(|| isolated(&rt))).collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut got: Vec<u64> = made.iter().map(|i| i.id().get()).collect();
    got.sort_unstable();
    assert_eq!(got, (101..=300).collect::<Vec<_>>());
    assert_eq!(rt.list().len(), 201);
    let report = rt.finalize().unwrap();
    assert_eq!(report.ended.len(), 201);
    assert!(report.is_clean());
}

#[test]
fn stress_threads_compete_for_one_interpreter() {
    // lx 36: losers see "interpreter already running" and retry until they get their turn.
    // One thread holds `__main__` until every other thread has been refused at least once,
    // so the refusals are not left to the scheduler.
    const THREADS: usize = 32;
    let rt = rt();
    let shared = isolated(&rt);
    let holding = Barrier::new(2);
    let all_refused = Barrier::new(THREADS + 1);
    let (refusals, got_in): (Vec<usize>, usize) = std::thread::scope(|s| {
        let holder = s.spawn(|| {
            shared
                .run(|_| {
                    holding.wait();
                    all_refused.wait();
                })
                .unwrap();
        });
        holding.wait();
        let hs: Vec<_> = (0..THREADS)
            .map(|_| {
                s.spawn(|| {
                    let mut refused = 0;
                    loop {
                        match shared.run(|cx| cx.py().int(1).map(drop)) {
                            Ok(r) => {
                                r.unwrap();
                                return refused;
                            }
                            Err(Error::AlreadyRunning) => {
                                refused += 1;
                                if refused == 1 {
                                    all_refused.wait();
                                }
                                std::thread::yield_now();
                            }
                            Err(e) => panic!("{e}"),
                        }
                    }
                })
            })
            .collect();
        let counts: Vec<usize> = hs.into_iter().map(|h| h.join().unwrap()).collect();
        holder.join().unwrap();
        let n = counts.len();
        (counts, n)
    });
    // Every thread was refused while the holder ran, and every thread got in afterwards.
    assert_eq!(got_in, THREADS);
    assert!(refusals.iter().all(|&r| r >= 1), "{refusals:?}");
    assert!(!shared.is_running().unwrap());
}

#[test]
fn finalize_ends_leftovers_newest_first_then_main() {
    // gil 30, 31; §5 "Py_Finalize with idle leftover subinterpreters"
    let rt = rt();
    let handles: Vec<_> = (0..3).map(|_| isolated(&rt)).collect();
    let legacy = rt.new_interpreter(InterpreterConfig::legacy()).unwrap();
    let report = rt.finalize().unwrap();
    let order: Vec<u64> = report.ended.iter().map(|r| r.id.get()).collect();
    assert_eq!(order, [4, 3, 2, 1, 0]);
    assert!(report.is_clean(), "{report:?}");
    // Main's report closes main's heap (the legacy interpreter shared it and ended first).
    assert!(report.ended.last().unwrap().heap.is_some());
    for h in handles.iter().chain([&legacy]) {
        assert!(h.is_ended());
        check(
            h.run(|_| ()),
            &format!(
                "InterpreterNotFoundError: unrecognized interpreter ID {}",
                h.id()
            ),
        );
    }
    assert!(!rt.is_initialized());
    check(
        rt.main(),
        "RuntimeError: Py_Initialize must be called first",
    );
    check(
        rt.finalize(),
        "RuntimeError: Py_Initialize must be called first",
    );
    let e = rt
        .new_interpreter(InterpreterConfig::isolated())
        .unwrap_err();
    let causes = chain(&e);
    assert_eq!(
        causes,
        [
            "InterpreterError: interpreter creation failed",
            "InterpreterError: sub-interpreter creation failed",
            "RuntimeError: new_interpreter: Py_Initialize must be called first",
        ]
    );
}

fn chain(e: &dyn std::error::Error) -> Vec<String> {
    let mut v = vec![e.to_string()];
    let mut s = e.source();
    while let Some(x) = s {
        v.push(x.to_string());
        s = x.source();
    }
    v
}

#[test]
fn initializing_an_initialized_runtime_is_a_no_op() {
    // `Py_Initialize` is idempotent: a second call changes nothing.
    let rt = rt();
    let main = rt.main().unwrap();
    let sub = isolated(&rt);
    rt.initialize().unwrap();
    assert!(rt.is_initialized());
    assert_eq!(rt.main().unwrap(), main);
    assert_eq!(ids(&rt), [0, 1]);
    assert_eq!(sum_in(&sub), 6);
    assert_eq!(isolated(&rt).id(), InterpId::new(2));
}

#[test]
fn initializing_again_starts_ids_from_zero() {
    // gil 29: in every pass main is 0 and the sub-interpreters are 1, 2, 3.
    let rt = rt();
    let mut stale = vec![];
    for _ in 0..3 {
        if !rt.is_initialized() {
            rt.initialize().unwrap();
        }
        let main = rt.main().unwrap();
        assert_eq!(main.id(), InterpId::new(0));
        let subs: Vec<_> = (0..3).map(|_| isolated(&rt)).collect();
        assert_eq!(
            subs.iter().map(|s| s.id().get()).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        // Each pass's interpreters differ from the last pass's, although the ids repeat.
        for old in &stale {
            assert!(!subs.contains(old));
        }
        assert_eq!(
            sum_in(&subs[0]),
            6,
            "a fresh interpreter of a new pass runs code"
        );
        stale = subs;
        rt.finalize().unwrap();
    }
    rt.initialize().unwrap();
    let fresh = isolated(&rt);
    assert_eq!(fresh.id(), InterpId::new(1));
    // A handle from an earlier pass names its own, ended interpreter, not the new id 1.
    check(
        stale[0].run(|_| ()),
        "InterpreterNotFoundError: unrecognized interpreter ID 1",
    );
    assert_eq!(sum_in(&fresh), 6);
}

#[test]
fn a_stale_handle_cannot_attribute_queues_to_the_new_interpreter_with_its_id() {
    // Issue 13 item 11: after finalize + initialize, a new interpreter 1 exists; the old
    // handle of interpreter 1 must not create or bind queues in its name.
    let rt = rt();
    let old = isolated(&rt);
    rt.finalize().unwrap();
    rt.initialize().unwrap();
    let new = isolated(&rt);
    assert_eq!(new.id(), old.id());
    let refused = "interpreter 1 has ended";
    assert_eq!(
        old.create_queue(0, Unbound::Remove)
            .unwrap_err()
            .to_string(),
        refused
    );
    assert!(rt.queues().list_all().is_empty());
    let q = new.create_queue(0, Unbound::Remove).unwrap();
    assert_eq!(old.bind_queue(q.id()).unwrap_err().to_string(), refused);
    // An ended interpreter's handle is refused the same way within one initialization.
    let gone = isolated(&rt);
    gone.end().unwrap();
    assert_eq!(
        gone.create_queue(0, Unbound::Remove)
            .unwrap_err()
            .to_string(),
        "interpreter 2 has ended"
    );
    // The live interpreter's queue works.
    q.put(XiData::from(1i64), None, None).unwrap();
}

fn sum_in(i: &Interpreter) -> i64 {
    i.run(|cx| {
        let py = cx.py();
        let l = py.list_of((1, 2, 3)).unwrap();
        l.list_items()
            .unwrap()
            .iter()
            .map(|o| o.as_i64().unwrap())
            .sum()
    })
    .unwrap()
}

#[test]
fn creation_during_finalize_fails_and_finalize_waits_for_a_running_main() {
    // §5 "create during Py_Finalize", "Py_Finalize while a subinterpreter is exec'ing"
    let rt = rt();
    let x = isolated(&rt);
    let inside = Arc::new(Barrier::new(2));
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let t = {
        let (x, rt, inside) = (x.clone(), rt.clone(), inside.clone());
        std::thread::spawn(move || {
            x.run(|cx| {
                inside.wait();
                go_rx.recv_timeout(Duration::from_secs(10)).unwrap();
                // Finalization has begun (it waits for this run): no new interpreters.
                rt.new_interpreter_from(cx, InterpreterConfig::isolated())
                    .map(|i| i.id())
                    .map_err(|e| chain(&e))
            })
        })
    };
    inside.wait();
    let fin = {
        let rt = rt.clone();
        std::thread::spawn(move || rt.finalize())
    };
    // Let finalize start; it blocks on the running `__main__` of `x`.
    while rt.is_initialized() {
        std::thread::sleep(Duration::from_millis(1));
    }
    go_tx.send(()).unwrap();
    let made = t.join().unwrap().unwrap();
    assert_eq!(
        made.unwrap_err(),
        [
            "InterpreterError: interpreter creation failed",
            "InterpreterError: sub-interpreter creation failed",
            "RuntimeError: new_interpreter: Py_Initialize must be called first",
        ]
    );
    let report = fin.join().unwrap().unwrap();
    let order: Vec<u64> = report.ended.iter().map(|r| r.id.get()).collect();
    assert_eq!(order, [1, 0]);
}

#[test]
fn finalize_inside_a_run_is_refused() {
    let rt = rt();
    let main = rt.main().unwrap();
    let r = main.run(|_| rt.finalize().map(|_| ())).unwrap();
    check(
        r,
        "RuntimeError: Runtime::finalize must be called outside Interpreter::run",
    );
    assert!(rt.is_initialized());
}

#[test]
fn dropping_the_last_handle_finalizes() {
    // gil 31: a program that created a sub-interpreter and exits still finalizes cleanly.
    let rt = rt();
    let sub = isolated(&rt);
    let queues = rt.queues();
    let q = queues.create(0, Unbound::Replace, sub.id()).unwrap();
    drop(rt);
    // A handle keeps the runtime alive.
    assert_eq!(queues.len(), 1);
    assert!(!sub.is_ended());
    drop(sub);
    // The last handle is gone: everything ended, including the queues.
    assert_eq!(queues.len(), 0);
    assert!(q.qsize().is_err());
}

#[test]
fn ending_applies_the_unbound_item_policies() {
    // lx 60 (the runtime's part): the interpreter-end hook runs after its modules are cleared.
    let rt = rt();
    let x = isolated(&rt);
    let queues = rt.queues();
    let q = queues.create(0, Unbound::Replace, InterpId::MAIN).unwrap();
    let from_x = queues.bind(q.id(), x.id()).unwrap();
    from_x
        .put_nowait(XiData::Int(1), Some(Unbound::Remove))
        .unwrap();
    from_x.put_nowait(XiData::Int(2), None).unwrap();
    q.put_nowait(XiData::Int(3), Some(Unbound::Remove)).unwrap();
    assert_eq!(q.qsize().unwrap(), 3);
    x.end().unwrap();
    assert_eq!(q.qsize().unwrap(), 2);
    assert!(matches!(q.get_nowait().unwrap(), Received::Unbound));
    assert!(matches!(
        q.get_nowait().unwrap(),
        Received::Data(XiData::Int(3))
    ));
}

#[test]
fn several_runtimes_live_side_by_side() {
    let (a, b) = (rt(), rt());
    let (xa, xb) = (isolated(&a), isolated(&b));
    assert_eq!(xa.id(), xb.id());
    assert_ne!(xa, xb);
    a.finalize().unwrap();
    assert!(xa.is_ended());
    assert!(!xb.is_ended());
    assert_eq!(sum_in(&xb), 6);
}
