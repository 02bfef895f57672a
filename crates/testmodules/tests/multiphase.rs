//! Multi-phase extensions: the `Py_mod_multiple_interpreters` rules, invalid definitions,
//! loading twice, reload, `PyState_*` (reference §5; scenarios 50-58 of §7).

#[path = "../../import/tests/common/mod.rs"]
mod common;

use common::{CallNative, Interp, Rt};
use subinterp_config::InterpreterConfig;
use subinterp_object::Obj;
use subinterp_testmodules::{MULTIPHASE_PATH, config};

fn call<'py>(m: &Obj<'py>, f: &str) -> Obj<'py> {
    m.getattr(f).unwrap().call_native(&[]).unwrap()
}

/// Imports `name` in `it`, with the multi-interpreter override `ov` (0 = none): `Ok(())` or
/// the error text.
fn try_import(rt: &Rt, it: &Interp, name: &str, ov: i32) -> Result<(), String> {
    rt.run(it, |py, cx| {
        if ov != 0 {
            cx.state.set_override_multi_interp_extensions(ov).unwrap();
        }
        cx.import(py, name).map(|_| ()).map_err(|e| e.to_string())
    })
}

fn refused(name: &str) -> Result<(), String> {
    Err(format!(
        "ImportError: module {name} does not support loading in subinterpreters"
    ))
}

/// Scenarios 50-52, 57: the matrix of §5.3, one fresh interpreter per cell.
#[test]
fn multiple_interpreters_matrix() {
    let rt = Rt::new(config());
    let strict_legacy = InterpreterConfig {
        check_multi_interp_extensions: true,
        ..InterpreterConfig::legacy()
    };
    // (module, main, legacy, legacy+check, isolated, isolated with override -1)
    let rows: [(&str, [bool; 5]); 6] = [
        ("_testmultiphase", [true, true, true, true, true]),
        ("_test_non_isolated", [true, true, false, false, true]),
        ("_test_shared_gil_only", [true, true, true, false, true]),
        (
            "_test_no_multiple_interpreter_slot",
            [true, true, true, false, true],
        ),
        ("_imp", [true, true, true, true, true]),
        ("_frozen_importlib", [true, true, true, true, true]),
    ];
    for (name, want) in rows {
        assert_eq!(
            try_import(&rt, &rt.main, name, 0).is_ok(),
            want[0],
            "{name} in main"
        );
        let cells = [
            (InterpreterConfig::legacy(), 0, want[1], "legacy"),
            (strict_legacy, 0, want[2], "legacy with check"),
            (InterpreterConfig::isolated(), 0, want[3], "isolated"),
            (
                InterpreterConfig::isolated(),
                -1,
                want[4],
                "isolated, override -1",
            ),
        ];
        for (cfg, ov, ok, what) in cells {
            let sub = rt.sub(cfg);
            let res = try_import(&rt, &sub, name, ov);
            if ok {
                assert_eq!(res, Ok(()), "{name} in {what}");
            } else {
                assert_eq!(res, refused(name), "{name} in {what}");
            }
            rt.end(sub);
        }
    }
    rt.finalize();
}

/// Scenario 50: the fresh-process case: an isolated sub is the first to import.
#[test]
fn isolated_first() {
    let rt = Rt::new(config());
    let sub = rt.isolated();
    rt.run(&sub, |py, cx| {
        let m = cx.import(py, "_testmultiphase").unwrap();
        assert_eq!(call(&m, "initialized_count").as_i64(), Some(1));
        assert_eq!(m.getattr("int_const").unwrap().as_i64(), Some(1969));
        let me = Some(sub.id);
        for (_, v) in m.module_dict().unwrap().dict_items().unwrap() {
            assert!(v.owner().is_none() || v.owner() == me);
        }
        assert_eq!(
            m.repr().unwrap(),
            format!("<module '_testmultiphase' from '{MULTIPHASE_PATH}'>")
        );
    });
    assert!(rt.imports.extension_cache_keys().is_empty(), "never cached");
    rt.end(sub);
    rt.finalize();
}

/// Scenario 53: invalid definitions raise `SystemError` (or what their code raised).
#[test]
fn invalid_definitions() {
    let rt = Rt::new(config());
    let cases = [
        (
            "_testmultiphase_multiple_multiple_interpreters_slots",
            "SystemError: module _testmultiphase_multiple_multiple_interpreters_slots has more than one 'multiple interpreters' slots",
        ),
        (
            "_testmultiphase_multiple_create_slots",
            "SystemError: module _testmultiphase_multiple_create_slots has multiple create slots",
        ),
        (
            "_testmultiphase_negative_size",
            "SystemError: module _testmultiphase_negative_size: m_size may not be negative for multi-phase initialization",
        ),
        (
            "_testmultiphase_create_int_with_state",
            "SystemError: module _testmultiphase_create_int_with_state is not a module object, but requests module state",
        ),
        (
            "_testmultiphase_nonmodule_with_exec_slots",
            "SystemError: module _testmultiphase_nonmodule_with_exec_slots specifies execution slots, but did not create a ModuleType instance",
        ),
        ("_testmultiphase_create_raise", "RuntimeError: bad create"),
        ("_testmultiphase_exec_raise", "RuntimeError: bad exec"),
        (
            "_testmultiphase_export_raise",
            "SystemError: bad export function",
        ),
    ];
    for (name, want) in cases {
        {
            let res = rt.in_main(|py, cx| {
                let r = cx.import(py, name).map(|_| ()).map_err(|e| e.to_string());
                let left = cx.state.modules(py).unwrap().dict_get_str(name).unwrap();
                assert!(left.is_none(), "{name} must not stay in sys.modules");
                r
            });
            assert_eq!(res, Err(want.to_owned()), "{name}");
        }
        // In an isolated sub, errors found while scanning the slots come first; the others
        // come after the multiple-interpreters check, which refuses these slot-less defs.
        let sub = rt.isolated();
        let res = try_import(&rt, &sub, name, 0);
        let scan = [
            "_testmultiphase_multiple_multiple_interpreters_slots",
            "_testmultiphase_multiple_create_slots",
            "_testmultiphase_negative_size",
            "_testmultiphase_export_raise",
        ]
        .contains(&name);
        let want = if scan {
            Err(want.to_owned())
        } else {
            refused(name)
        };
        assert_eq!(res, want, "{name} in an isolated sub");
        rt.end(sub);
    }
    rt.in_main(|py, cx| {
        let m = cx.import(py, "_testmultiphase_nonmodule").unwrap();
        assert_eq!(m.as_i64(), Some(0), "a create slot may return a non-module");
    });
    rt.finalize();
}

/// Scenario 54: two loads give two modules; nothing is cached; exec runs each time.
#[test]
fn load_twice() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let a = cx.import(py, "_testmultiphase").unwrap();
        let b = cx.load(py, "_testmultiphase").unwrap();
        assert!(!a.is(&b));
        assert!(
            !a.getattr("Example")
                .unwrap()
                .is(&b.getattr("Example").unwrap())
        );
        assert_eq!(call(&b, "initialized_count").as_i64(), Some(2));
        cx.state
            .modules(py)
            .unwrap()
            .del_item(&py.str("_testmultiphase").unwrap())
            .unwrap();
        let c = cx.import(py, "_testmultiphase").unwrap();
        assert!(!c.is(&b));
        assert_eq!(call(&c, "initialized_count").as_i64(), Some(3));
    });
    assert!(rt.imports.extension_cache_keys().is_empty());
    rt.finalize();
}

/// Scenario 55: reload keeps the module and does not run exec again.
#[test]
fn reload_keeps_example() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let m = cx.import(py, "_testmultiphase").unwrap();
        let ex = m.getattr("Example").unwrap();
        let r = cx.reload(py, &m).unwrap();
        assert!(r.is(&m));
        assert!(r.getattr("Example").unwrap().is(&ex));
        assert_eq!(call(&m, "initialized_count").as_i64(), Some(1));
    });
    rt.finalize();
}

/// Scenario 56: `PyState_*` on a multi-phase module.
#[test]
fn state_registration() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let m = cx.import(py, "_testmultiphase").unwrap();
        let f = m.getattr("call_state_registration_func").unwrap();
        let r = f.call_native(&[py.int(0).unwrap()]).unwrap();
        assert!(r.is_none());
        let e = f.call_native(&[py.int(1).unwrap()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "SystemError: PyState_AddModule called on module with slots"
        );
        let e = f.call_native(&[py.int(2).unwrap()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "SystemError: PyState_RemoveModule called on module with slots"
        );
    });
    rt.finalize();
}

/// Scenarios 58, 59: a null character in the name or path, and a library without the export.
#[test]
fn loader_errors() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let e = cx.load_extension(py, "a\0b", MULTIPHASE_PATH).unwrap_err();
        assert_eq!(e.to_string(), "ValueError: embedded null character");
        let e = cx
            .load_extension(py, "_testmultiphase", "x\0.so")
            .unwrap_err();
        assert_eq!(e.to_string(), "ValueError: embedded null character");
        let e = cx
            .load_extension(py, "nosuch", MULTIPHASE_PATH)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "ImportError: dynamic module does not define module export function (PyInit_nosuch)"
        );
        let e = cx.load_extension(py, "x", "/nope/x.so").unwrap_err();
        assert_eq!(
            e.to_string(),
            "ImportError: /nope/x.so: cannot open shared object file: No such file or directory"
        );
    });
    rt.finalize();
}
