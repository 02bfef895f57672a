//! Single-phase extensions in main and across interpreters, the extension cache and the
//! multi-interpreter check (reference §3, §4, §5.4; scenarios 28-47, 49, 61, 62 of §7).

#[path = "../../import/tests/common/mod.rs"]
mod common;

use common::{CallNative, Rt};
use subinterp_config::InterpreterConfig;
use subinterp_import::{ImportCx, module_def};
use subinterp_object::{Obj, Py};
use subinterp_testmodules::{SINGLEPHASE_PATH, config};

const BASIC: &str = "_testsinglephase";
const NOT_SUPPORTED: &str =
    "ImportError: module _testsinglephase does not support loading in subinterpreters";

fn call<'py>(m: &Obj<'py>, f: &str) -> Obj<'py> {
    m.getattr(f).unwrap().call_native(&[]).unwrap()
}

fn count(m: &Obj<'_>) -> i64 {
    call(m, "initialized_count").as_i64().unwrap()
}

fn state_init(m: &Obj<'_>) -> f64 {
    call(m, "state_initialized").as_f64().unwrap()
}

fn del_module(py: Py<'_>, cx: &ImportCx<'_>, name: &str) {
    cx.state
        .modules(py)
        .unwrap()
        .del_item(&py.str(name).unwrap())
        .unwrap();
}

fn sys_module<'py>(py: Py<'py>, cx: &ImportCx<'_>, name: &str) -> Option<Obj<'py>> {
    cx.state.modules(py).unwrap().dict_get_str(name).unwrap()
}

/// Scenario 28: the first load in main.
#[test]
fn first_load_in_main() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let m = cx.import(py, BASIC).unwrap();
        assert_eq!(count(&m), 1);
        assert!(call(&m, "look_up_self").is(&m));
        assert!(sys_module(py, cx, BASIC).unwrap().is(&m));
        let spec = m.getattr("__spec__").unwrap();
        assert_eq!(
            m.getattr("__file__").unwrap().as_str(),
            Some(SINGLEPHASE_PATH)
        );
        assert_eq!(
            spec.getattr("origin").unwrap().as_str(),
            Some(SINGLEPHASE_PATH)
        );
        assert_eq!(
            m.getattr("_module_initialized").unwrap().as_f64(),
            Some(state_init(&m))
        );
        assert_eq!(m.getattr("int_const").unwrap().as_i64(), Some(1969));
        assert_eq!(
            m.repr().unwrap(),
            format!("<module '_testsinglephase' from '{SINGLEPHASE_PATH}'>")
        );
        let sum = m.getattr("sum").unwrap();
        let r = sum
            .call_native(&[py.int(2).unwrap(), py.int(3).unwrap()])
            .unwrap();
        assert_eq!(r.as_i64(), Some(5));
    });
    assert_eq!(
        rt.imports.extension_cache_keys(),
        vec![(SINGLEPHASE_PATH.to_owned(), BASIC.to_owned())]
    );
    rt.in_main(|py, cx| {
        let imp = cx.import(py, "_imp").unwrap();
        let keys = call(&imp, "extension_cache_keys");
        assert_eq!(
            keys.repr().unwrap(),
            format!("[('{SINGLEPHASE_PATH}', '_testsinglephase')]")
        );
    });
    rt.finalize();
}

/// Scenario 35: a variant that checks `PyState_FindModule` first loads with its own name
/// after each `clear_extension`.
#[test]
fn check_cache_first() {
    let rt = Rt::new(config());
    let name = "_testsinglephase_check_cache_first";
    rt.in_main(|py, cx| {
        for _ in 0..3 {
            let m = cx.load(py, name).unwrap();
            assert_eq!(m.getattr("__name__").unwrap().as_str(), Some(name));
            cx.clear_extension(py, name, SINGLEPHASE_PATH).unwrap();
        }
        // Without clearing, the cache-hit path re-runs init, which finds the module.
        cx.load(py, name).unwrap();
        let e = cx.load(py, name).unwrap_err();
        assert_eq!(
            e.to_string(),
            "SystemError: PyState_FindModule(def) found a module: the extension was not cleared"
        );
    });
    rt.finalize();
}

/// Scenarios 29, 30, 62: loading again while in `sys.modules` refreshes the same module;
/// after `del sys.modules[name]` a new module is built from the copy (no def), sharing the
/// attribute objects; `look_up_self` follows the latest.
#[test]
fn reload_in_main() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let m = cx.import(py, BASIC).unwrap();
        let dict = m.module_dict().unwrap();
        let (c, t) = (count(&m), state_init(&m));
        m.setattr("later", &py.int(5).unwrap()).unwrap();
        let again = cx.load(py, BASIC).unwrap();
        assert!(again.is(&m), "29: same module");
        assert!(again.module_dict().unwrap().is(&dict), "29: same dict");
        assert_eq!((count(&m), state_init(&m)), (c, t));
        assert_eq!(
            m.getattr("later").unwrap().as_i64(),
            Some(5),
            "later attributes survive"
        );
        assert_eq!(
            m.getattr("__spec__")
                .unwrap()
                .getattr("name")
                .unwrap()
                .as_str(),
            Some(BASIC)
        );

        del_module(py, cx, BASIC);
        let new = cx.import(py, BASIC).unwrap();
        assert!(!new.is(&m), "30: a different module");
        assert_eq!(count(&new), c, "30: no init");
        assert!(
            new.getattr("error")
                .unwrap()
                .is(&m.getattr("error").unwrap())
        );
        assert!(call(&new, "look_up_self").is(&new));
        assert!(
            module_def(&new).unwrap().is_none(),
            "62: rebuilt from the copy, no def"
        );
        assert!(module_def(&m).unwrap().is_some());
    });
    rt.finalize();
}

/// Scenario 31: `m_size == 0` runs init on every load.
#[test]
fn with_reinit_runs_init_each_load() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let name = "_testsinglephase_with_reinit";
        let a = cx.import(py, name).unwrap();
        let b = cx.load(py, name).unwrap();
        assert!(!a.is(&b));
        assert!(!a.module_dict().unwrap().is(&b.module_dict().unwrap()));
        assert!(call(&a, "state_initialized").is_none());
        assert!(call(&a, "look_up_self").is(&b));
        assert!(sys_module(py, cx, name).unwrap().is(&b));
    });
    rt.finalize();
}

/// Scenario 32: `m_size > 0` runs init again, with fresh state.
#[test]
fn with_state_runs_init_each_load() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let name = "_testsinglephase_with_state";
        let a = cx.import(py, name).unwrap();
        del_module(py, cx, name);
        let b = cx.import(py, name).unwrap();
        assert!(!a.is(&b));
        assert!(state_init(&b) > state_init(&a));
        assert!(call(&b, "look_up_self").is(&b));
    });
    rt.finalize();
}

/// Scenarios 33, 34: the wrapper shares the def (last one wins in `look_up_self`); the copy
/// has its own def; both count in the shared globals.
#[test]
fn wrapper_and_copy_variants() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let basic = cx.import(py, BASIC).unwrap();
        let wrapper = cx.import(py, "_testsinglephase_basic_wrapper").unwrap();
        assert_eq!(wrapper.getattr("__name__").unwrap().as_str(), Some(BASIC));
        let spec = wrapper.getattr("__spec__").unwrap();
        assert_eq!(
            spec.getattr("name").unwrap().as_str(),
            Some("_testsinglephase_basic_wrapper")
        );
        assert_eq!(count(&basic), 2);
        assert!(call(&basic, "look_up_self").is(&wrapper));

        let copy = cx.import(py, "_testsinglephase_basic_copy").unwrap();
        assert_eq!(
            copy.getattr("__name__").unwrap().as_str(),
            Some("_testsinglephase_basic_copy")
        );
        assert_eq!(count(&basic), 3);
        assert!(call(&basic, "look_up_self").is(&wrapper));
        assert!(call(&copy, "look_up_self").is(&copy));
    });
    assert_eq!(rt.imports.extension_cache_len(), 3);
    rt.finalize();
}

/// Scenario 37: `_clear_globals()`.
#[test]
fn clear_globals() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let m = cx.import(py, BASIC).unwrap();
        call(&m, "_clear_globals");
        assert_eq!(state_init(&m), 0.0);
        assert_eq!(count(&m), -1);
    });
    rt.finalize();
}

/// Scenario 38: main first, then a legacy sub copies (no init), with its own module.
#[test]
fn legacy_sub_copies_from_main() {
    let rt = Rt::new(config());
    let (main_id, main_count, main_t) = rt.in_main(|py, cx| {
        let m = cx.import(py, BASIC).unwrap();
        m.setattr("spam", &py.int(1).unwrap()).unwrap();
        (m.id(), count(&m), state_init(&m))
    });
    let sub = rt.legacy();
    rt.run(&sub, |py, cx| {
        let m = cx.import(py, BASIC).unwrap();
        assert_ne!(m.id(), main_id);
        assert_eq!(count(&m), main_count);
        assert_eq!(state_init(&m), main_t);
        assert_eq!(m.getattr("int_const").unwrap().as_i64(), Some(1969));
        let looked = call(&m, "look_up_self");
        assert!(looked.is(&m));
        assert!(sys_module(py, cx, BASIC).unwrap().is(&m));
        assert!(
            m.getattr("spam").is_err(),
            "attributes set on main's module later are absent"
        );
        assert_eq!(m.owner(), Some(sub.id));
    });
    rt.end(sub);
    rt.finalize();
}

/// Scenario 39: two live legacy subs both copy; init never runs in either.
#[test]
fn two_legacy_subs_copy() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        cx.import(py, BASIC).unwrap();
    });
    let (a, b) = (rt.legacy(), rt.legacy());
    let ids: Vec<usize> = [&a, &b]
        .iter()
        .map(|s| {
            rt.run(s, |py, cx| {
                let m = cx.import(py, BASIC).unwrap();
                assert_eq!(count(&m), 1);
                m.id()
            })
        })
        .collect();
    assert_ne!(ids[0], ids[1]);
    rt.end(a);
    rt.end(b);
    rt.finalize();
}

/// Scenario 40: first load ever in a legacy sub: init runs (in main, once); the copy survives
/// that sub's end; later subs and main copy it.
#[test]
fn first_load_in_legacy_sub_survives_its_end() {
    let rt = Rt::new(config());
    let first = rt.legacy();
    let t = rt.run(&first, |py, cx| {
        let m = cx.import(py, BASIC).unwrap();
        assert_eq!(count(&m), 1);
        state_init(&m)
    });
    assert_eq!(
        rt.imports.extension_cache_entries()[0].owner,
        subinterp_object::InterpId::new(0),
        "the copy belongs to main"
    );
    rt.end(first);
    for _ in 0..2 {
        let sub = rt.legacy();
        rt.run(&sub, |py, cx| {
            let m = cx.import(py, BASIC).unwrap();
            assert_eq!(count(&m), 1);
            assert_eq!(state_init(&m), t);
        });
        rt.end(sub);
    }
    rt.in_main(|py, cx| {
        let m = cx.import(py, BASIC).unwrap();
        assert_eq!(count(&m), 1);
        assert_eq!(state_init(&m), t);
        assert!(
            module_def(&m).unwrap().is_none(),
            "main also got a rebuilt module"
        );
    });
    rt.finalize();
}

/// Scenario 41: resetting between subs (`_clear_globals` + `clear_extension`) makes every
/// load fresh.
#[test]
fn reset_between_subs() {
    let rt = Rt::new(config());
    for _ in 0..3 {
        let sub = rt.legacy();
        rt.run(&sub, |py, cx| {
            let m = cx.import(py, BASIC).unwrap();
            assert_eq!(count(&m), 1);
            call(&m, "_clear_globals");
            cx.clear_extension(py, BASIC, SINGLEPHASE_PATH).unwrap();
        });
        assert!(rt.imports.extension_cache_keys().is_empty());
        rt.end(sub);
    }
    rt.finalize();
}

/// Scenarios 42, 43: an isolated sub is refused, every time; init ran once, in main.
#[test]
fn isolated_sub_is_refused() {
    let rt = Rt::new(config());
    let sub = rt.isolated();
    rt.run(&sub, |py, cx| {
        for _ in 0..2 {
            let e = cx.import(py, BASIC).unwrap_err();
            assert_eq!(e.to_string(), NOT_SUPPORTED);
            assert!(sys_module(py, cx, BASIC).is_none());
        }
    });
    rt.in_main(|py, cx| {
        let m = cx.import(py, BASIC).unwrap();
        assert_eq!(
            count(&m),
            1,
            "init ran once, in main, on the sub's first attempt"
        );
    });
    rt.end(sub);
    rt.finalize();
}

/// Scenario 44: a legacy sub with the check on is refused after main imported; without it,
/// it imports.
#[test]
fn legacy_with_check() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        cx.import(py, BASIC).unwrap();
    });
    let strict = rt.sub(InterpreterConfig {
        check_multi_interp_extensions: true,
        ..InterpreterConfig::legacy()
    });
    let e = rt.run(&strict, |py, cx| cx.import(py, BASIC).unwrap_err());
    assert_eq!(e.to_string(), NOT_SUPPORTED);
    let lax = rt.legacy();
    rt.run(&lax, |py, cx| {
        cx.import(py, BASIC).unwrap();
    });
    rt.end(strict);
    rt.end(lax);
    rt.finalize();
}

/// Scenario 45: the override matrix; the override returns the previous value and does not
/// change the settings.
#[test]
fn override_matrix() {
    let rt = Rt::new(config());
    for (check, overrides) in [(true, [false, false, true]), (false, [false, true, true])] {
        for (ov, want_ok) in [1, 0, -1].into_iter().zip(overrides) {
            let sub = rt.sub(InterpreterConfig {
                check_multi_interp_extensions: check,
                ..InterpreterConfig::legacy()
            });
            rt.run(&sub, |py, cx| {
                let imp = cx.import(py, "_imp").unwrap();
                let f = imp
                    .getattr("_override_multi_interp_extensions_check")
                    .unwrap();
                let old = f.call_native(&[py.int(ov).unwrap()]).unwrap();
                assert_eq!(old.as_i64(), Some(0));
                let res = cx.import(py, BASIC);
                assert_eq!(res.is_ok(), want_ok, "check={check} override={ov}: {res:?}");
                let old = f.call_native(&[py.int(0).unwrap()]).unwrap();
                assert_eq!(old.as_i64(), Some(ov));
                assert_eq!(cx.state.settings().check_multi_interp_extensions, check);
            });
            rt.end(sub);
        }
    }
    rt.finalize();
}

/// Scenario 46: the override is refused in main.
#[test]
fn override_refused_in_main() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let imp = cx.import(py, "_imp").unwrap();
        let f = imp.getattr("_override_multi_interp_extensions_check").unwrap();
        let e = f.call_native(&[py.int(1).unwrap()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "RuntimeError: _imp._override_multi_interp_extensions_check() cannot be used in the main interpreter"
        );
    });
    rt.finalize();
}

/// Scenario 47: an isolated sub with the check overridden off imports the module; since it
/// has its own heap, init runs in it, so none of main's objects end up there.
#[test]
fn isolated_with_override_gets_its_own_objects() {
    let rt = Rt::new(config());
    let main_error = rt.in_main(|py, cx| {
        let m = cx.import(py, BASIC).unwrap();
        m.getattr("error").unwrap().id()
    });
    let sub = rt.isolated();
    rt.run(&sub, |py, cx| {
        cx.state.set_override_multi_interp_extensions(-1).unwrap();
        let m = cx.import(py, BASIC).unwrap();
        assert_eq!(count(&m), 2, "init ran again, in the sub");
        assert_ne!(m.getattr("error").unwrap().id(), main_error);
        assert!(call(&m, "look_up_self").is(&m));
        let me = Some(sub.id);
        for (k, v) in m.module_dict().unwrap().dict_items().unwrap() {
            assert!(
                v.owner().is_none() || v.owner() == me,
                "{} belongs to {:?}",
                k.as_str().unwrap_or("?"),
                v.owner()
            );
        }
        // A second import in the sub (after del) runs init there again.
        del_module(py, cx, BASIC);
        let again = cx.import(py, BASIC).unwrap();
        assert_eq!(count(&again), 3);
    });
    rt.end(sub);
    assert_eq!(
        rt.main.objects.defer_stats().deferred,
        0,
        "nothing was deferred to main"
    );
    rt.finalize();
}

/// Scenario 49: `m_size == -1` modules share their objects with legacy subs (bpo-44050).
#[test]
fn module_state_shared_with_legacy() {
    let rt = Rt::new(config());
    let main_err = rt.in_main(|py, cx| {
        let m = cx.import(py, "_test_module_state_shared").unwrap();
        m.getattr("Error").unwrap().id()
    });
    let sub = rt.legacy();
    let sub_err = rt.run(&sub, |py, cx| {
        let m = cx.import(py, "_test_module_state_shared").unwrap();
        m.getattr("Error").unwrap().id()
    });
    assert_eq!(main_err, sub_err);
    rt.end(sub);
    rt.finalize();
}

/// Scenario 61: an isolated sub loading `pkg._testsinglephase_basic_copy` from the library:
/// the first error (cache miss) uses the short name, the second (cache hit) the full name.
#[test]
fn error_names_short_then_full() {
    let rt = Rt::new(config());
    let sub = rt.isolated();
    rt.run(&sub, |py, cx| {
        let name = "pkg._testsinglephase_basic_copy";
        let e = cx.load_extension(py, name, SINGLEPHASE_PATH).unwrap_err();
        assert_eq!(
            e.to_string(),
            "ImportError: module _testsinglephase_basic_copy does not support loading in subinterpreters"
        );
        let e = cx.load_extension(py, name, SINGLEPHASE_PATH).unwrap_err();
        assert_eq!(
            e.to_string(),
            "ImportError: module pkg._testsinglephase_basic_copy does not support loading in subinterpreters"
        );
    });
    // The module made in main had the full dotted name (package context).
    assert!(rt.imports.extension_cache_keys().contains(&(
        SINGLEPHASE_PATH.to_owned(),
        "pkg._testsinglephase_basic_copy".to_owned()
    )));
    rt.end(sub);
    rt.in_main(|py, cx| {
        let m = cx
            .load_extension(py, "pkg._testsinglephase_basic_copy", SINGLEPHASE_PATH)
            .unwrap();
        assert_eq!(
            m.getattr("__name__").unwrap().as_str(),
            Some("pkg._testsinglephase_basic_copy")
        );
    });
    rt.finalize();
}

/// After finalize + initialize, the cache is gone and init runs again (the C statics, here
/// the runtime's statics, survive, as C globals do).
#[test]
fn reinit_runs_init_again() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        assert_eq!(count(&cx.import(py, BASIC).unwrap()), 1);
    });
    let rt = rt.reinit();
    assert!(rt.imports.extension_cache_keys().is_empty());
    rt.in_main(|py, cx| {
        let m = cx.import(py, BASIC).unwrap();
        assert_eq!(count(&m), 2);
        assert!(module_def(&m).unwrap().is_some(), "a fresh M0");
    });
    rt.finalize();
}
