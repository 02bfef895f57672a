//! No object of main's heap ever reaches an interpreter with its own heap, nothing is decref'd
//! through the wrong heap (the object layer's owner check never has to defer anything), and
//! ending interpreters frees every object imports made (reference §8.1-8.3, "Beyond CPython"
//! 3).

#[path = "../../import/tests/common/mod.rs"]
mod common;

use common::Rt;
use subinterp_object::{InterpId, Obj};
use subinterp_testmodules::config;

const MODULES: &[&str] = &[
    "_imp",
    "sys",
    "_testsinglephase",
    "_testsinglephase_with_reinit",
    "_testsinglephase_with_state",
    "_testmultiphase",
    "_test_shared_gil_only",
    "__hello__",
    "__phello__.spam",
    "_frozen_importlib",
];

/// Every value of `m`'s dict (one level down into lists and tuples is not needed: module
/// attributes made by init code are direct) belongs to `owner` or is immortal.
fn assert_owned(m: &Obj<'_>, allowed: &[InterpId]) {
    for (k, v) in m.module_dict().unwrap().dict_items().unwrap() {
        if let Some(o) = v.owner() {
            assert!(
                allowed.contains(&o),
                "{}.{} belongs to interpreter {o}",
                m.module_name().unwrap_or_default(),
                k.as_str().unwrap_or("?")
            );
        }
    }
}

#[test]
fn heaps_stay_apart_and_end_clean() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        for name in MODULES {
            cx.import(py, name).unwrap();
        }
    });
    let legacy = rt.legacy();
    rt.run(&legacy, |py, cx| {
        for name in MODULES {
            let m = cx.import(py, name).unwrap();
            // Legacy interpreters share main's heap and may hold main's objects.
            assert_owned(&m, &[InterpId::MAIN, legacy.id]);
        }
    });
    let isolated = rt.isolated();
    rt.run(&isolated, |py, cx| {
        cx.state.set_override_multi_interp_extensions(-1).unwrap();
        for name in MODULES {
            let m = cx.import(py, name).unwrap();
            assert_owned(&m, &[isolated.id]);
            assert_eq!(m.owner(), Some(isolated.id), "{name}");
        }
        // Loading again goes through the cache-hit path.
        for name in ["_testsinglephase", "_testsinglephase_with_state"] {
            let m = cx.load(py, name).unwrap();
            assert_owned(&m, &[isolated.id]);
        }
    });
    let iso_heap = isolated.objects.heap_id();
    let report = rt.end(isolated);
    let closed = report
        .closed
        .expect("an isolated interpreter closes its own heap");
    assert_eq!(
        closed.live_objects, 0,
        "every object the imports made was freed"
    );
    assert!(closed.leaks.is_clean(), "{:?}", closed.leaks);
    assert_eq!(closed.leaks.heap, iso_heap);
    let report = rt.end(legacy);
    assert!(report.closed.is_none(), "main's heap stays open");
    // The functions of the frozen Python modules drop their namespaces through the deferred
    // queue (unbound references): the legacy interpreter's end ran every one of them.
    let stats = rt.main.objects.defer_stats();
    assert_eq!(stats.deferred, stats.ran, "nothing left pending for main");
    let report = rt.finalize();
    let closed = report.closed.expect("main closes its heap");
    assert_eq!(
        closed.live_objects, 0,
        "finalization freed main's objects and the cache"
    );
    assert!(closed.leaks.is_clean(), "{:?}", closed.leaks);
}
