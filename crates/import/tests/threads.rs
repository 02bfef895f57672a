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
