//! `_test_process_global`: one native resource per process, initialized by whichever
//! interpreter comes first and shut down when the last user goes, whatever the order; main is
//! not special (seed 003). The counters are process-wide, so this binary has one test.

#[path = "../../import/tests/common/mod.rs"]
mod common;

use common::{CallNative, Interp, Rt};
use subinterp_config::InterpreterConfig;
use subinterp_object::Obj;
use subinterp_testmodules::config;
use subinterp_testmodules::pglobal::{NATIVE_LIB, native_lib_inits, native_lib_is_up};

fn call_int(m: &Obj<'_>, f: &str) -> i64 {
    m.getattr(f)
        .unwrap()
        .call_native(&[])
        .unwrap()
        .as_i64()
        .unwrap()
}

/// Imports the module in `it`: `(resource_id(), users())`.
fn import(rt: &Rt, it: &Interp) -> (i64, i64) {
    rt.run(it, |py, cx| {
        let m = cx.import(py, "_test_process_global").unwrap();
        (call_int(&m, "resource_id"), call_int(&m, "users"))
    })
}

#[test]
fn shared_native_resource_lifecycle() {
    assert!(!native_lib_is_up());
    let rt = Rt::new(config());
    let rt2 = Rt::new(config());

    // An isolated sub comes first: it initializes the library.
    let a = rt.isolated();
    let (id, users) = import(&rt, &a);
    assert_eq!(users, 1);
    assert!(native_lib_is_up());
    assert_eq!(native_lib_inits(), 1);

    // A legacy sub, and a sub of another runtime in the same process, share it.
    let b = rt.sub(InterpreterConfig::legacy());
    assert_eq!(import(&rt, &b), (id, 2));
    let c = rt2.isolated();
    assert_eq!(import(&rt2, &c), (id, 3));
    // Importing again in the same interpreter (after a reload of the same module) keeps one use.
    rt.run(&a, |py, cx| {
        let m = cx.import(py, "_test_process_global").unwrap();
        cx.reload(py, &m).unwrap();
        assert_eq!(call_int(&m, "users"), 3);
    });

    // The first user ends first: nothing is shut down.
    rt.end(a);
    assert_eq!(NATIVE_LIB.users(), 2);
    assert!(native_lib_is_up());
    rt2.end(c);
    assert_eq!(NATIVE_LIB.users(), 1);
    // The last user ends: the library is shut down.
    rt.end(b);
    assert_eq!(NATIVE_LIB.users(), 0);
    assert!(!native_lib_is_up());
    assert_eq!(native_lib_inits(), 1, "initialized exactly once meanwhile");

    // A new user initializes it afresh, with a new handle; main is an ordinary user.
    let (id2, users) = import(&rt, &rt.main);
    assert_eq!(users, 1);
    assert_ne!(id2, id);
    assert_eq!(native_lib_inits(), 2);
    let d = rt.isolated();
    assert_eq!(import(&rt, &d), (id2, 2));
    rt.end(d);
    assert_eq!(NATIVE_LIB.users(), 1);
    rt.finalize();
    rt2.finalize();
    assert_eq!(NATIVE_LIB.users(), 0);
    assert!(!native_lib_is_up());

    // Several threads, each with its own runtime and interpreters, racing on it.
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let rt = Rt::new(config());
                for _ in 0..20 {
                    let sub = rt.isolated();
                    let (_, users) = import(&rt, &sub);
                    assert!(users >= 1);
                    rt.end(sub);
                }
                rt.finalize();
            });
        }
    });
    assert_eq!(NATIVE_LIB.users(), 0);
    assert!(!native_lib_is_up());
}
