//! Running code in interpreters through the facade: entering from any OS thread, the
//! one-`__main__`-runner rule, panics, scoped switches, parallelism of own-GIL interpreters,
//! `allow_threads`, and frees that cross interpreters.
//!
//! Scenarios: lx 32 and §5 "exec the same interpreter from 2 threads at once" / "exec the
//! current interpreter from its own `__main__`" (already running), lx 46 (the fresh `__main__`
//! namespace), gil 5 (own-GIL interpreters run in parallel, shared-GIL ones do not), gil 40
//! (calls added from one interpreter run in the owner), gil 43 (an import from a
//! sub-interpreter), gil 1, 2, 3 (`sys.getswitchinterval` / `setswitchinterval` per GIL),
//! targets.md "panic inside an interpreter's closure"; lx §4.1 (releases run in the owner).

use std::sync::mpsc;
use std::sync::{Arc, Barrier, BarrierWaitResult, Mutex};
use std::time::Duration;

use subinterp_runtime::{
    Args, Error, Interpreter, InterpreterConfig, Runtime, allow_threads, check, import,
};
use subinterp_xi::Keepalive;

fn rt() -> Runtime {
    Runtime::new().expect("runtime")
}

fn new(rt: &Runtime, cfg: InterpreterConfig) -> Interpreter {
    rt.new_interpreter(cfg).expect("interpreter")
}

/// Waits at `b` for at most `ms` milliseconds; `true` when every party arrived.
fn meet(b: &TimedBarrier, ms: u64) -> bool {
    b.wait(Duration::from_millis(ms))
}

/// A barrier whose wait gives up: `std::sync::Barrier` has no timeout.
struct TimedBarrier {
    n: usize,
    state: Mutex<(usize, u64)>,
    cv: std::sync::Condvar,
}

impl TimedBarrier {
    fn new(n: usize) -> TimedBarrier {
        TimedBarrier {
            n,
            state: Mutex::new((0, 0)),
            cv: std::sync::Condvar::new(),
        }
    }

    fn wait(&self, timeout: Duration) -> bool {
        let mut g = self.state.lock().unwrap();
        let generation = g.1;
        g.0 += 1;
        if g.0 == self.n {
            g.0 = 0;
            g.1 += 1;
            self.cv.notify_all();
            return true;
        }
        let (g, res) = self
            .cv
            .wait_timeout_while(g, timeout, |s| s.1 == generation)
            .unwrap();
        if res.timed_out() {
            // Leave the barrier as if never arrived.
            let mut g = g;
            g.0 -= 1;
            return false;
        }
        true
    }
}

#[test]
fn run_returns_the_closures_value_from_any_thread() {
    let rt = rt();
    let sub = new(&rt, InterpreterConfig::isolated());
    let here = sub
        .run(|cx| cx.py().str("hi").unwrap().repr().unwrap())
        .unwrap();
    assert_eq!(here, "'hi'");
    let there = {
        let sub = sub.clone();
        std::thread::spawn(move || sub.run(|cx| cx.py().interp()).unwrap())
            .join()
            .unwrap()
    };
    assert_eq!(there, sub.id());
}

#[test]
fn a_panic_is_caught_and_the_interpreter_stays_usable() {
    // targets.md: GIL released, interpreter usable, error returned.
    let rt = rt();
    let sub = new(&rt, InterpreterConfig::isolated());
    let e = sub
        .run(|cx| {
            let py = cx.py();
            let _held = py.list_of((1, 2)).unwrap();
            panic!("boom in {}", py.interp());
        })
        .unwrap_err();
    let Error::Panicked(p) = e else {
        panic!("expected a panic error, got {e}")
    };
    assert_eq!(p.message(), Some("boom in 1"));
    assert_eq!(p.to_string(), "panic in interpreter 1: boom in 1");
    // The GIL was released: another thread gets in at once.
    let other = {
        let sub = sub.clone();
        std::thread::spawn(move || sub.run(|cx| cx.py().int(7).unwrap().as_i64()))
            .join()
            .unwrap()
    };
    assert_eq!(other.unwrap(), Some(7));
    assert!(!sub.is_running().unwrap());
    // The list dropped while unwinding went back to the heap.
    assert!(sub.end().unwrap().is_clean());
}

#[test]
fn one_main_runner_at_a_time() {
    // lx 32, §5: the second runner is refused at once, not queued.
    let rt = rt();
    let sub = new(&rt, InterpreterConfig::isolated());
    let (tx, rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let t = {
        let sub = sub.clone();
        std::thread::spawn(move || {
            sub.run(|_| {
                tx.send(()).unwrap();
                go_rx.recv_timeout(Duration::from_secs(10)).unwrap();
            })
        })
    };
    rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let refused = sub.run(|_| ()).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "InterpreterError: interpreter already running"
    );
    go_tx.send(()).unwrap();
    t.join().unwrap().unwrap();
    sub.run(|_| ()).unwrap();
}

#[test]
fn running_the_current_interpreter_again_is_already_running() {
    // §5 "exec the current interpreter from its own __main__"
    let rt = rt();
    let sub = new(&rt, InterpreterConfig::isolated());
    let inner = sub
        .run(|_| sub.run(|_| ()).map_err(|e| e.to_string()))
        .unwrap();
    assert_eq!(
        inner.unwrap_err(),
        "InterpreterError: interpreter already running"
    );
    let switched = sub
        .run(|cx| sub.run_from(cx, |_| ()).map_err(|e| e.to_string()))
        .unwrap();
    assert_eq!(
        switched.unwrap_err(),
        "InterpreterError: interpreter already running"
    );
}

#[test]
fn entering_another_interpreter_is_an_explicit_switch() {
    let rt = rt();
    let a = new(&rt, InterpreterConfig::isolated());
    let b = new(&rt, InterpreterConfig::isolated());
    let (plain, switched, back) = a
        .run(|cx| {
            let py = cx.py();
            let plain = b.run(|_| ()).map_err(|e| e.to_string());
            let switched = b.run_from(cx, |cxb| {
                let pyb = cxb.py();
                // Inside b: b's heap, b is current and running.
                (pyb.interp(), rt.current().map(|i| i.id()), b.is_running())
            });
            let back = (py.interp(), rt.current().map(|i| i.id()));
            (plain, switched, back)
        })
        .unwrap();
    assert_eq!(
        plain.unwrap_err(),
        "RuntimeError: cannot enter interpreter 2 while this thread runs interpreter 1; \
         use Interpreter::run_from"
    );
    let (inner_id, inner_current, inner_running) = switched.unwrap();
    assert_eq!(inner_id, b.id());
    assert_eq!(inner_current, Some(b.id()));
    assert!(inner_running.unwrap());
    assert_eq!(back, (a.id(), Some(a.id())));
    assert!(!b.is_running().unwrap());
    // A panic in the switched-to closure comes back from `run_from`, and `a` goes on.
    let r = a
        .run(|cx| {
            let py = cx.py();
            let e = b.run_from(cx, |_| panic!("inner")).unwrap_err();
            (e.to_string(), py.int(1).unwrap().as_i64())
        })
        .unwrap();
    assert_eq!(r, ("panic in interpreter 2: inner".into(), Some(1)));
}

#[test]
fn switches_nest_and_share_a_gil_in_place() {
    let rt = rt();
    let main = rt.main().unwrap();
    let legacy = new(&rt, InterpreterConfig::legacy());
    let iso = new(&rt, InterpreterConfig::isolated());
    let path = main
        .run(|cx| -> Result<Vec<u64>, Error> {
            let mut v = legacy.run_from(cx, |cx2| -> Result<Vec<u64>, Error> {
                let mut v = iso.run_from(cx2, |cx3| vec![cx3.py().interp().get()])?;
                v.push(cx2.py().interp().get());
                Ok(v)
            })??;
            v.push(cx.py().interp().get());
            Ok(v)
        })
        .unwrap()
        .unwrap();
    assert_eq!(path, [2, 1, 0]);
}

#[test]
fn own_gil_interpreters_run_in_parallel() {
    // gil 5: both closures are inside their interpreters at the same time.
    let rt = rt();
    let a = new(&rt, InterpreterConfig::isolated());
    let b = new(&rt, InterpreterConfig::isolated());
    let barrier = Arc::new(TimedBarrier::new(2));
    let met: Vec<bool> = std::thread::scope(|s| {
        let hs: Vec<_> = [&a, &b]
            .into_iter()
            .map(|i| {
                let barrier = barrier.clone();
                s.spawn(move || i.run(|_| meet(&barrier, 10_000)).unwrap())
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(met, [true, true]);
}

#[test]
fn shared_gil_interpreters_take_turns() {
    // gil 5, shared side: a legacy sub and main share one GIL, so the second closure cannot
    // start while the first one waits inside.
    let rt = rt();
    let main = rt.main().unwrap();
    let legacy = new(&rt, InterpreterConfig::legacy());
    let barrier = Arc::new(TimedBarrier::new(2));
    let met: Vec<bool> = std::thread::scope(|s| {
        let hs: Vec<_> = [&main, &legacy]
            .into_iter()
            .map(|i| {
                let barrier = barrier.clone();
                s.spawn(move || i.run(|_| meet(&barrier, 300)).unwrap())
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(met, [false, false]);
}

#[test]
fn allow_threads_lets_other_threads_of_the_interpreter_run() {
    let rt = rt();
    let sub = new(&rt, InterpreterConfig::isolated());
    let barrier = Arc::new(Barrier::new(2));
    let worker = {
        let barrier = barrier.clone();
        rt.spawn_thread(&sub, false, move |t| {
            barrier.wait();
            t.run(|cx| cx.py().int(40).unwrap().as_i64().unwrap() + 2)
        })
        .unwrap()
    };
    let (waited, got) = sub
        .run(|cx| {
            // Without the GIL, wait for the worker's run to finish.
            let w: Result<BarrierWaitResult, Error> = allow_threads(cx, || barrier.wait());
            let got = allow_threads(cx, || worker.join()).unwrap();
            (w.is_ok(), got)
        })
        .unwrap();
    assert!(waited);
    assert_eq!(got.unwrap().unwrap(), 42);
}

#[test]
fn a_free_from_another_interpreter_runs_in_the_owner() {
    // The object layer's owner check defers a foreign decref; the runtime makes it a pending
    // call on the owner, which runs it at its next check (gil 40's "calls added from one
    // interpreter run in the owner").
    let rt = rt();
    let a = new(&rt, InterpreterConfig::isolated());
    let b = new(&rt, InterpreterConfig::isolated());
    let (baseline, handle) = a
        .run(|cx| {
            let py = cx.py();
            let base = py.live_objects();
            let l = py.list_of((1, 2, 3)).unwrap();
            (base, l.unbind())
        })
        .unwrap();
    assert_eq!(a.run(|cx| cx.py().live_objects()).unwrap(), baseline + 1);
    // Dropped by a thread running b: b may not touch a's heap.
    b.run(move |_| drop(handle)).unwrap();
    // a's next run (its eval-breaker check) frees it in a's heap.
    assert_eq!(
        a.run(|cx| {
            let py = cx.py();
            check(cx).unwrap();
            py.live_objects()
        })
        .unwrap(),
        baseline
    );
    assert!(a.end().unwrap().is_clean());
}

#[test]
fn fresh_main_namespace_and_modules() {
    // lx 46 (the namespace keys), gil 43 (imports from a sub-interpreter)
    let rt = rt();
    let sub = new(&rt, InterpreterConfig::isolated());
    let (keys, sys, builtins, same) = sub
        .run(|cx| {
            let main = import(cx, "__main__").unwrap();
            let keys: Vec<String> = main
                .module_dict()
                .unwrap()
                .dict_keys()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap().to_owned())
                .collect();
            let sys = import(cx, "sys").unwrap().repr().unwrap();
            let b = import(cx, "builtins").unwrap();
            let same = main.getattr("__builtins__").unwrap().is(&b);
            (keys, sys, b.repr().unwrap(), same)
        })
        .unwrap();
    assert_eq!(
        keys,
        [
            "__name__",
            "__doc__",
            "__package__",
            "__loader__",
            "__spec__",
            "__annotations__",
            "__builtins__"
        ]
    );
    assert_eq!(sys, "<module 'sys' (built-in)>");
    assert_eq!(builtins, "<module 'builtins' (built-in)>");
    assert!(same);
    let missing = sub
        .run(|cx| {
            import(cx, "no_such_module")
                .map(drop)
                .unwrap_err()
                .to_string()
        })
        .unwrap();
    assert_eq!(
        missing,
        "ModuleNotFoundError: No module named 'no_such_module'"
    );
}

#[test]
fn each_interpreter_has_its_own_modules() {
    let rt = rt();
    let a = new(&rt, InterpreterConfig::isolated());
    let b = new(&rt, InterpreterConfig::isolated());
    a.run(|cx| {
        let py = cx.py();
        let m = import(cx, "__main__").unwrap();
        m.setattr("x", &py.int(1).unwrap()).unwrap();
    })
    .unwrap();
    let seen = b
        .run(|cx| import(cx, "__main__").unwrap().getattr("x").is_ok())
        .unwrap();
    assert!(!seen);
    let kept = a
        .run(|cx| {
            import(cx, "__main__")
                .unwrap()
                .getattr("x")
                .unwrap()
                .as_i64()
        })
        .unwrap();
    assert_eq!(kept, Some(1));
}

/// Calls `sys.<name>(*args)` in `i`: the result as a float, or `Type: message`.
fn call_sys(i: &Interpreter, name: &str, arg: Option<f64>) -> Result<Option<f64>, String> {
    i.run(|cx| {
        let py = cx.py();
        let f = import(cx, "sys").unwrap().getattr(name).unwrap();
        let args: Vec<_> = arg.into_iter().map(|v| py.float(v).unwrap()).collect();
        i.with_tstate(cx, |ts| ts.call(&f, Args::positional(&args)))
            .and_then(|r| r)
            .map(|r| r.as_f64())
            .map_err(|e| e.to_string())
    })
    .unwrap()
}

#[test]
fn the_switch_interval_belongs_to_the_gil() {
    // gil 1, 2, 3
    let rt = rt();
    let main = rt.main().unwrap();
    let own = new(&rt, InterpreterConfig::isolated());
    let shared = new(&rt, InterpreterConfig::legacy());
    let get = |i: &Interpreter| call_sys(i, "getswitchinterval", None).unwrap().unwrap();
    assert_eq!(get(&main), 0.005);
    for bad in [0.0, -1.0] {
        assert_eq!(
            call_sys(&main, "setswitchinterval", Some(bad)).unwrap_err(),
            "ValueError: switch interval must be strictly positive"
        );
    }
    call_sys(&own, "setswitchinterval", Some(0.05)).unwrap();
    assert_eq!((get(&main), get(&own)), (0.005, 0.05));
    call_sys(&shared, "setswitchinterval", Some(0.02)).unwrap();
    assert_eq!((get(&main), get(&shared)), (0.02, 0.02));
    call_sys(&main, "setswitchinterval", Some(1e-9)).unwrap();
    assert_eq!(get(&main), 0.0);
    // The same through the Rust API.
    own.set_switch_interval(Duration::from_millis(1)).unwrap();
    assert_eq!(own.switch_interval(), Duration::from_millis(1));
    assert_eq!(
        own.set_switch_interval(Duration::ZERO)
            .unwrap_err()
            .to_string(),
        "ValueError: switch interval must be strictly positive"
    );
}

#[test]
fn cross_interpreter_releases_run_on_their_owner() {
    // The xi release sink: dropping owner-side state anywhere runs its release on the owner
    // (CPython's `_PyCrossInterpreterData_Release` -> pending call on the owner).
    let rt = rt();
    let a = new(&rt, InterpreterConfig::isolated());
    let b = new(&rt, InterpreterConfig::isolated());
    let (tx, rx) = mpsc::channel();
    let keepalive = |tx: mpsc::Sender<Option<u64>>| {
        Keepalive::new(a.id(), rt.release_sink(), move || {
            let ran_in = subinterp_gil::current_interp_id().ok().map(|i| i.get());
            tx.send(ran_in).unwrap();
        })
    };
    // Dropped in b: queued to a, run at a's next run.
    let k = keepalive(tx.clone());
    b.run(move |_| drop(k)).unwrap();
    assert!(rx.try_recv().is_err());
    a.run(|_| ()).unwrap();
    assert_eq!(rx.try_recv().unwrap(), Some(a.id().get()));
    // Dropped by a thread running a: inline.
    let k = keepalive(tx.clone());
    a.run(move |_| {
        drop(k);
    })
    .unwrap();
    assert_eq!(rx.try_recv().unwrap(), Some(a.id().get()));
    // Dropped after a ended: a's heap was reclaimed whole; the release is not run elsewhere.
    let k = keepalive(tx);
    a.end().unwrap();
    drop(k);
    assert!(rx.try_recv().is_err());
}
