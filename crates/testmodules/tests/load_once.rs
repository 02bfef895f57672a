//! `_test_load_once`: the opt-in "load once per process" guard: the first load anywhere in the
//! process works, every later one is an `ImportError`. Process-wide, so one test here.

#[path = "../../import/tests/common/mod.rs"]
mod common;

use common::Rt;
use subinterp_testmodules::config;
use subinterp_testmodules::pglobal::LOAD_ONCE;

#[test]
fn loads_once_per_process() {
    assert!(!LOAD_ONCE.is_claimed());
    let rt = Rt::new(config());
    let sub = rt.isolated();
    rt.run(&sub, |py, cx| {
        cx.import(py, "_test_load_once").unwrap();
    });
    assert!(LOAD_ONCE.is_claimed());
    for it in [&rt.main, &sub] {
        rt.run(it, |py, cx| {
            if it.id != subinterp_object::InterpId::MAIN {
                cx.state
                    .modules(py)
                    .unwrap()
                    .del_item(&py.str("_test_load_once").unwrap())
                    .unwrap();
            }
            let e = cx.import(py, "_test_load_once").unwrap_err();
            assert_eq!(
                e.to_string(),
                "ImportError: cannot load module more than once per process"
            );
            assert!(
                cx.state
                    .modules(py)
                    .unwrap()
                    .dict_get_str("_test_load_once")
                    .unwrap()
                    .is_none()
            );
        });
    }
    let other = Rt::new(config());
    let e = other.in_main(|py, cx| cx.import(py, "_test_load_once").unwrap_err());
    assert_eq!(
        e.to_string(),
        "ImportError: cannot load module more than once per process"
    );
    rt.end(sub);
    rt.finalize();
    other.finalize();
}
