//! Several threads of one interpreter importing at once: the per-interpreter import lock
//! serialises them without holding the GIL while waiting, and the switch to main releases the
//! importing interpreter's own GIL (reference §3.5, §6.2).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, LazyLock, mpsc};
use std::time::Duration;

use common::Rt;
use subinterp_import::{ImportConfig, Init, ModuleDef, MultiInterp, Size, Slot, statics};
use subinterp_object::{Py, PyResult};

/// Init calls in this runtime.
#[derive(Default)]
struct Inits(AtomicUsize);

static ENTERED: LazyLock<Barrier> = LazyLock::new(|| Barrier::new(2));
static GO: LazyLock<Barrier> = LazyLock::new(|| Barrier::new(2));

static SLOW: ModuleDef = ModuleDef {
    name: "slow",
    doc: None,
    methods: &[],
    size: Size::Zero,
    slots: Some(&[Slot::MultipleInterpreters(
        MultiInterp::PerInterpreterGilSupported,
    )]),
};

/// Blocks inside the init function (which runs in main) until the test lets it go.
fn init_slow(py: Py<'_>) -> PyResult<Init<'_>> {
    statics::<Inits>(py)?.0.fetch_add(1, Ordering::SeqCst);
    ENTERED.wait();
    GO.wait();
    Ok(Init::Def(&SLOW))
}

#[test]
fn concurrent_imports_in_one_interpreter() {
    let mut cfg = ImportConfig::default();
    cfg.extensions.register("slow", "/test/slow.so", init_slow);
    let rt = Rt::new(cfg);
    let sub = rt.isolated();
    let (tx, rx) = mpsc::channel::<&'static str>();
    let ids = std::thread::scope(|s| {
        let a = s.spawn(|| rt.run(&sub, |py, cx| cx.import(py, "slow").unwrap().id()));
        // A is inside the init function, in main, holding the sub's import lock.
        ENTERED.wait();
        assert!(sub.state.lock().is_held());
        let tx2 = tx.clone();
        let b = s.spawn(|| {
            rt.run(&sub, move |py, cx| {
                // Attached to the sub while A still imports: A gave the sub's GIL up.
                tx2.send("attached").unwrap();
                cx.import(py, "slow").unwrap().id()
            })
        });
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(5)),
            Ok("attached"),
            "B could attach while A ran the init function in main"
        );
        // Give B time to block on the import lock (it waits without the GIL).
        std::thread::sleep(Duration::from_millis(20));
        GO.wait();
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(ids.0, ids.1, "both threads got the module A loaded");
    assert!(!sub.state.lock().is_held());
    rt.in_main(|py, _| {
        assert_eq!(statics::<Inits>(py).unwrap().0.load(Ordering::SeqCst), 1);
    });
    rt.end(sub);
    rt.finalize();
}

/// Imports from many interpreters of one runtime on many threads at once: every module is
/// loaded once per interpreter, and the cache has one entry per module.
#[test]
fn many_interpreters_many_threads() {
    static BASIC: ModuleDef = ModuleDef {
        name: "basic",
        doc: None,
        methods: &[],
        size: Size::Legacy,
        slots: None,
    };
    fn init_basic(py: Py<'_>) -> PyResult<Init<'_>> {
        statics::<Inits>(py)?.0.fetch_add(1, Ordering::SeqCst);
        let m = subinterp_import::create_module(py, &BASIC)?;
        m.setattr("value", &py.int(42)?)?;
        Ok(Init::Module(m))
    }
    let mut cfg = ImportConfig::default();
    cfg.extensions
        .register("basic", "/test/basic.so", init_basic);
    let rt = Rt::new(cfg);
    std::thread::scope(|s| {
        for i in 0..4 {
            let rt = &rt;
            s.spawn(move || {
                for _ in 0..10 {
                    let sub = if i % 2 == 0 { rt.legacy() } else { rt.isolated() };
                    rt.run(&sub, |py, cx| {
                        let r = cx.import(py, "basic").map(|m| m.getattr("value").unwrap().as_i64());
                        match r {
                            Ok(v) => assert_eq!(v, Some(42)),
                            Err(e) => assert_eq!(
                                e.to_string(),
                                "ImportError: module basic does not support loading in subinterpreters"
                            ),
                        }
                        cx.import(py, "_imp").unwrap();
                    });
                    rt.end(sub);
                }
            });
        }
    });
    assert_eq!(rt.imports.extension_cache_keys().len(), 1);
    rt.in_main(|py, _| {
        assert_eq!(statics::<Inits>(py).unwrap().0.load(Ordering::SeqCst), 1);
    });
    rt.finalize();
}

/// What `init_probe` saw: the interpreter it ran in and whether it held main's import lock.
#[derive(Default)]
struct Probe {
    seen: std::sync::Mutex<Vec<(u64, bool)>>,
}

static PROBE: ModuleDef = ModuleDef {
    name: "probe",
    doc: None,
    methods: &[],
    size: Size::Zero,
    slots: Some(&[Slot::MultipleInterpreters(
        MultiInterp::PerInterpreterGilSupported,
    )]),
};

fn init_probe(py: Py<'_>) -> PyResult<Init<'_>> {
    let held = subinterp_import::InterpImports::of(py).is_some_and(|s| s.lock().is_held_by_me());
    statics::<Probe>(py)?
        .seen
        .lock()
        .unwrap()
        .push((py.interp().get(), held));
    Ok(Init::Def(&PROBE))
}

/// Gil reference scenario 43: a sub's first extension import runs the init function in main,
/// on a temporary main thread state (main's thread-state ids advance by one), holding main's
/// import lock; afterwards the sub's own state is current again.
#[test]
fn init_runs_in_main_on_a_temporary_state() {
    let mut cfg = ImportConfig::default();
    cfg.extensions
        .register("probe", "/test/probe.so", init_probe);
    let rt = Rt::new(cfg);
    let sub = rt.isolated();
    let next_main_id = || {
        let ts =
            subinterp_gil::ThreadState::new(&rt.main.gil, subinterp_gil::Whence::Unknown).unwrap();
        ts.id()
    };
    let before = next_main_id();
    rt.run(&sub, |py, cx| {
        let m = cx.import(py, "probe").unwrap();
        assert_eq!(m.owner(), Some(sub.id));
        assert!(cx.tstate.is_current());
        assert_eq!(cx.tstate.interp_id(), sub.gil.id());
        // Already imported: no switch.
        cx.import(py, "probe").unwrap();
    });
    let after = next_main_id();
    assert_eq!(
        after,
        before + 2,
        "exactly one temporary main thread state was made"
    );
    rt.in_main(|py, cx| {
        cx.import(py, "probe").unwrap();
        let seen = statics::<Probe>(py).unwrap().seen.lock().unwrap().clone();
        assert_eq!(
            seen,
            vec![(0, true), (0, true)],
            "ran in main, under main's import lock"
        );
    });
    rt.end(sub);
    rt.finalize();
}
