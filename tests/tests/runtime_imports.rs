//! Imports through the runtime facade with CPython-like test extensions: the
//! `check_multi_interp_extensions` restriction, single-phase init run in main on a temporary
//! thread state, and the extension cache released at finalization.
//!
//! Scenarios: reference `cpython-lifecycle-xi.md` §1.5 rows "single-phase extension" and
//! "multi-phase extension that is not PER_INTERPRETER_GIL_SUPPORTED"; `cpython-gil-threadstate.md`
//! §7 43 (the first extension import in a sub-interpreter runs its init in main, then the sub's
//! state is current again with its own GIL).

use subinterp_runtime::{Interpreter, InterpreterConfig, Runtime, import};

fn rt() -> Runtime {
    Runtime::builder()
        .import_config(subinterp_testmodules::config())
        .build()
        .expect("runtime")
}

/// Imports `name` in `i`: the module's repr, or `Type: message`.
fn check(i: &Interpreter, name: &str, expect: Result<&str, &str>) {
    let got = i
        .run(|cx| {
            import(cx, name)
                .and_then(|m| m.repr())
                .map_err(|e| e.to_string())
        })
        .expect("run");
    assert_eq!(
        got.as_deref().map_err(String::as_str),
        expect,
        "import {name} in interpreter {}",
        i.id()
    );
}

#[test]
fn the_extension_check_follows_the_config() {
    let rt = rt();
    let main = rt.main().unwrap();
    let iso = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let legacy = rt.new_interpreter(InterpreterConfig::legacy()).unwrap();
    let single = "<module '_testsinglephase' from '/subinterp/lib-dynload/_testsinglephase.so'>";
    let refused =
        |m: &str| format!("ImportError: module {m} does not support loading in subinterpreters");
    check(&main, "_testsinglephase", Ok(single));
    check(&legacy, "_testsinglephase", Ok(single));
    check(&iso, "_testsinglephase", Err(&refused("_testsinglephase")));
    check(
        &iso,
        "_testmultiphase",
        Ok("<module '_testmultiphase' from '/subinterp/lib-dynload/_testmultiphase.so'>"),
    );
    check(
        &iso,
        "_test_shared_gil_only",
        Err(&refused("_test_shared_gil_only")),
    );
    // After the imports (each ran init in main over the sub's state), the sub is itself again.
    assert_eq!(iso.run(|cx| cx.py().interp()).unwrap(), iso.id());
    assert!(iso.end().unwrap().is_clean());
    assert!(legacy.end().unwrap().unraisable.is_empty());
    let report = rt.finalize().unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert!(rt.imports().extension_cache_keys().is_empty());
}

#[test]
fn parallel_imports_in_isolated_interpreters() {
    let rt = rt();
    let subs: Vec<_> = (0..4)
        .map(|_| rt.new_interpreter(InterpreterConfig::isolated()).unwrap())
        .collect();
    std::thread::scope(|s| {
        for i in &subs {
            s.spawn(move || {
                for _ in 0..20 {
                    check(
                        i,
                        "_testmultiphase",
                        Ok("<module '_testmultiphase' from '/subinterp/lib-dynload/_testmultiphase.so'>"),
                    );
                }
            });
        }
    });
    for i in subs {
        assert!(i.end().unwrap().is_clean());
    }
}
