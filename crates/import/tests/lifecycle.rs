//! Module lifetimes: modules an interpreter made are cleared at its end, modules nothing
//! refers to any more are released along the way, so re-importing forever does not grow the
//! heap, and the half-built module of a failed import is freed at once unless something
//! outside it still refers to it.

mod common;

use common::{Interp, Rt};
use subinterp_import::{
    Frozen, ImportConfig, ImportCx, Init, InterpImports, ModuleDef, MultiInterp, Size, Slot,
};
use subinterp_object::{Obj, Py, PyErr, PyResult, exc};
use subinterp_vm::{Args, BuiltinDef, Tstate};

static PLAIN: ModuleDef = ModuleDef {
    name: "plain",
    doc: Some("no functions, so no cycle"),
    methods: &[],
    size: Size::Zero,
    slots: Some(&[Slot::MultipleInterpreters(
        MultiInterp::PerInterpreterGilSupported,
    )]),
};

fn init_plain(_: Py<'_>) -> PyResult<Init<'_>> {
    Ok(Init::Def(&PLAIN))
}

#[test]
fn reimporting_does_not_grow_the_heap() {
    let mut cfg = ImportConfig::default();
    cfg.extensions
        .register("plain", "/test/plain.so", init_plain);
    let rt = Rt::new(cfg);
    let sub = rt.isolated();
    rt.run(&sub, |py, cx| {
        let cycle = |cx: &mut subinterp_import::ImportCx<'_>| {
            cx.import(py, "plain").unwrap();
            let modules = cx.state.modules(py).unwrap();
            modules.del_item(&py.str("plain").unwrap()).unwrap();
        };
        for _ in 0..10 {
            cycle(cx);
        }
        let before = py.live_objects();
        for _ in 0..2000 {
            cycle(cx);
        }
        let grown = py.live_objects().saturating_sub(before);
        // One module is a handful of objects; without releasing, 2000 cycles would keep
        // tens of thousands alive. Releasing happens each time the list doubles.
        assert!(grown < 2000, "grew by {grown} objects");
    });
    let closed = rt.end(sub).closed.unwrap();
    assert_eq!(closed.live_objects, 0);
    rt.finalize();
}

fn nothing<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    Ok(py.none())
}

/// Two functions, so a module holding them is in two cycles.
static METHODS: &[BuiltinDef] = &[
    BuiltinDef {
        name: "f",
        func: nothing,
    },
    BuiltinDef {
        name: "g",
        func: nothing,
    },
];

fn bad_exec(_: &Obj<'_>) -> PyResult<()> {
    Err(PyErr::new(&exc::RUNTIME_ERROR, "bad exec"))
}

/// Keeps the module in `sys.kept` (it escapes), then fails.
fn exec_keeps_module(m: &Obj<'_>) -> PyResult<()> {
    sys(m.py())?.setattr("kept", m)?;
    bad_exec(m)
}

/// Keeps one of the module's functions in `sys.kept` (the module escapes through
/// `f.__self__`), then fails.
fn exec_keeps_function(m: &Obj<'_>) -> PyResult<()> {
    sys(m.py())?.setattr("kept", &m.getattr("f")?)?;
    bad_exec(m)
}

fn sys(py: Py<'_>) -> PyResult<Obj<'_>> {
    let state = InterpImports::of(py).ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "no state"))?;
    state.sys_module(py)
}

macro_rules! failing_multi {
    ($def:ident, $init:ident, $name:literal, $exec:expr) => {
        static $def: ModuleDef = ModuleDef {
            name: $name,
            doc: Some("functions, then a failing exec slot"),
            methods: METHODS,
            size: Size::Zero,
            slots: Some(&[
                Slot::Exec($exec),
                Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
            ]),
        };
        fn $init(_: Py<'_>) -> PyResult<Init<'_>> {
            Ok(Init::Def(&$def))
        }
    };
}

failing_multi!(EXEC_FAILS, init_exec_fails, "exec_fails", bad_exec);
failing_multi!(
    KEEPS_MODULE,
    init_keeps_module,
    "keeps_module",
    exec_keeps_module
);
failing_multi!(
    KEEPS_FUNCTION,
    init_keeps_function,
    "keeps_function",
    exec_keeps_function
);

/// A single-phase init function whose module (made in main, with functions) has no def, so
/// the loader refuses it: "did not return a valid extension module".
fn init_no_def(py: Py<'_>) -> PyResult<Init<'_>> {
    let m = py.new_module("no_def")?;
    subinterp_vm::add_functions(&m, METHODS)?;
    Ok(Init::Module(m))
}

/// Frozen code that defines functions in its module, then fails.
fn frozen_fails<'py>(_: Py<'py>, m: &Obj<'py>) -> PyResult<()> {
    subinterp_vm::add_functions(m, METHODS)?;
    Err(PyErr::new(&exc::RUNTIME_ERROR, "bad frozen code"))
}

fn failing_config() -> ImportConfig {
    let mut cfg = ImportConfig::default();
    let ext = &mut cfg.extensions;
    ext.register("exec_fails", "/test/exec_fails.so", init_exec_fails);
    ext.register("keeps_module", "/test/keeps_module.so", init_keeps_module);
    ext.register(
        "keeps_function",
        "/test/keeps_function.so",
        init_keeps_function,
    );
    ext.register("no_def", "/test/no_def.so", init_no_def);
    cfg.frozen_custom = Some(vec![Frozen::module("frozen_fails", frozen_fails)]);
    cfg
}

/// How an import is attempted.
#[derive(Clone, Copy, Debug)]
enum Via {
    Import,
    ImportFrozenModule,
}

/// Imports `name` `via` three times in `it` and checks each attempt fails with `error` and
/// leaves no object alive.
#[track_caller]
fn check_freed(rt: &Rt, it: &Interp, name: &str, via: Via, error: &str) {
    let got = rt.run(it, |py, cx: &mut ImportCx<'_>| {
        let base = py.live_objects();
        (0..3)
            .map(|_| {
                let r = match via {
                    Via::Import => cx.import(py, name).map(drop),
                    Via::ImportFrozenModule => cx.import_frozen_module(py, name).map(drop),
                };
                let text = r.map_or_else(|e| e.to_string(), |()| "imported".into());
                (text, py.live_objects() as i64 - base as i64)
            })
            .collect::<Vec<_>>()
    });
    assert_eq!(
        got,
        vec![(error.to_owned(), 0); 3],
        "{name} via {via:?} in interpreter {}: (error, objects left alive)",
        it.id
    );
}

#[test]
fn a_failed_import_frees_its_half_built_module_at_once() {
    let rt = Rt::new(failing_config());
    let sub = rt.isolated();
    for it in [&rt.main, &sub] {
        check_freed(&rt, it, "exec_fails", Via::Import, "RuntimeError: bad exec");
        check_freed(
            &rt,
            it,
            "frozen_fails",
            Via::Import,
            "RuntimeError: bad frozen code",
        );
        check_freed(
            &rt,
            it,
            "frozen_fails",
            Via::ImportFrozenModule,
            "RuntimeError: bad frozen code",
        );
    }
    // A single-phase init function runs in main, whatever the importer (here main itself).
    check_freed(
        &rt,
        &rt.main,
        "no_def",
        Via::Import,
        "SystemError: initialization of no_def did not return a valid extension module",
    );
    let closed = rt.end(sub).closed.unwrap();
    assert_eq!(closed.live_objects, 0);
    assert_eq!(rt.finalize().closed.unwrap().live_objects, 0);
}

#[test]
fn a_failed_import_leaves_a_module_something_else_holds_intact() {
    // What a cycle collector would do: a module still reachable from outside (here through
    // `sys.kept`, directly or through one of its functions) is not garbage, so it keeps its
    // attributes; the interpreter's end clears it.
    let rt = Rt::new(failing_config());
    let sub = rt.isolated();
    for name in ["keeps_module", "keeps_function"] {
        let kept = rt.run(&sub, |py, cx| {
            let e = cx.import(py, name).unwrap_err();
            assert_eq!(e.to_string(), "RuntimeError: bad exec");
            let kept = sys(py).unwrap().getattr("kept").unwrap();
            let m = subinterp_vm::builtin_self(&kept).unwrap_or(kept);
            let mut names: Vec<String> = ["__name__", "f", "g"]
                .into_iter()
                .filter(|a| m.getattr(a).is_ok())
                .map(str::to_owned)
                .collect();
            names.push(m.getattr("__name__").unwrap().repr().unwrap());
            names
        });
        assert_eq!(kept, ["__name__", "f", "g", &format!("'{name}'")], "{name}");
    }
    let closed = rt.end(sub).closed.unwrap();
    assert_eq!(closed.live_objects, 0);
    rt.finalize();
}

#[test]
fn a_failed_frozen_run_in_a_module_someone_holds_leaves_it_intact() {
    // `PyImport_ImportFrozenModule` runs the code in the module `sys.modules` already has;
    // when the code fails, that module leaves `sys.modules` but the caller still holds it.
    let rt = Rt::new(failing_config());
    let attrs = rt.in_main(|py, cx| {
        let held = py.new_module("frozen_fails").unwrap();
        held.setattr("mine", &py.int(1).unwrap()).unwrap();
        let modules = cx.state.modules(py).unwrap();
        modules
            .set_item(&py.str("frozen_fails").unwrap(), &held)
            .unwrap();
        let e = cx.import_frozen_module(py, "frozen_fails").unwrap_err();
        assert_eq!(e.to_string(), "RuntimeError: bad frozen code");
        assert!(modules.dict_get_str("frozen_fails").unwrap().is_none());
        ["mine", "f", "g"].map(|a| held.getattr(a).is_ok())
    });
    assert_eq!(attrs, [true; 3], "the held module still has mine, f and g");
    assert_eq!(rt.finalize().closed.unwrap().live_objects, 0);
}

/// A token finds its own interpreter's import state, also when two interpreters share one heap
/// (main and a legacy sub-interpreter), and nothing once that state was torn down.
#[test]
fn a_token_finds_its_own_interpreters_import_state() {
    let rt = Rt::new(ImportConfig::default());
    let legacy = rt.legacy();
    let isolated = rt.isolated();
    let found = |it: &common::Interp| {
        rt.run(it, |py, cx| {
            let state = InterpImports::of(py).expect("a set-up interpreter has an import state");
            assert!(
                std::ptr::eq(&*state, cx.state),
                "the state of another interpreter"
            );
            state.id()
        })
    };
    let main_id = rt.in_main(|py, _| InterpImports::of(py).map(|s| s.id()));
    let (legacy_id, isolated_id) = (found(&legacy), found(&isolated));
    assert_eq!(main_id, Some(rt.in_main(|py, _| py.interp())));
    assert_ne!(
        main_id,
        Some(legacy_id),
        "legacy shares main's heap, not its state"
    );
    assert_ne!(legacy_id, isolated_id);
    // Torn down, the state is not found any more from the interpreter's token.
    rt.run(&isolated, |py, cx| {
        rt.imports.end_interp(py, cx.state).expect("end_interp");
        assert!(InterpImports::of(py).is_none());
    });
    // A second teardown (the helper's end) finds nothing left to do.
    rt.end(isolated);
    rt.end(legacy);
    rt.finalize();
}
