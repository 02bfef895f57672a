//! The builtin table: copied at initialization, frozen afterwards, lookup rules
//! (reference §1; scenarios 1-8 of §7).

mod common;

use common::Rt;
use subinterp_import::{
    ImportConfig, ImportInitError, ImportSystem, Init, InitFn, Inittab, InittabApi, InittabEntry,
    ModuleDef, Size, create_module, statics,
};
use subinterp_object::{Obj, Py, PyResult};
use subinterp_vm::{Args, BuiltinDef, Capture, Tstate};

/// How many times each test module's init ran in this runtime.
#[derive(Default)]
struct Counts {
    spam: std::sync::atomic::AtomicUsize,
    spam2: std::sync::atomic::AtomicUsize,
}

fn ping<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, _: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let py = ts.py();
    py.str("pong")
}

/// Calls native function `f` as the eval loop does, on a fresh thread state.
fn call<'py>(py: Py<'py>, f: &Obj<'py>, args: &[Obj<'py>]) -> PyResult<Obj<'py>> {
    Tstate::new(py, Box::new(Capture::new()))?.call(f, Args::positional(args))
}

static SPAM_METHODS: &[BuiltinDef] = &[BuiltinDef {
    name: "ping",
    func: ping,
}];

static SPAM: ModuleDef = ModuleDef {
    name: "spam",
    doc: Some("the spam module"),
    methods: SPAM_METHODS,
    size: Size::Legacy,
    slots: None,
};

fn init_spam(py: Py<'_>) -> PyResult<Init<'_>> {
    statics::<Counts>(py)?
        .spam
        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let m = create_module(py, &SPAM)?;
    m.setattr("which", &py.str("first")?)?;
    Ok(Init::Module(m))
}

fn init_spam2(py: Py<'_>) -> PyResult<Init<'_>> {
    statics::<Counts>(py)?
        .spam2
        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let m = create_module(py, &SPAM)?;
    m.setattr("which", &py.str("last")?)?;
    Ok(Init::Module(m))
}

fn config_with(entries: &[(&str, InitFn)]) -> ImportConfig {
    let mut tab = Inittab::new();
    for (n, f) in entries {
        tab.append(*n, *f);
    }
    ImportConfig {
        inittab: tab,
        ..ImportConfig::default()
    }
}

/// Scenario 1: an appended module imports as a builtin and is listed, sorted.
#[test]
fn appended_module_is_builtin() {
    let imports = ImportSystem::new(ImportConfig::default());
    imports.append_inittab("spam", init_spam).unwrap();
    imports.initialize(None).unwrap();
    assert_eq!(
        imports.builtin_module_names(),
        vec!["_imp", "builtins", "spam", "sys"]
    );
    let rt = Rt::new(config_with(&[("spam", init_spam)]));
    rt.in_main(|py, cx| {
        let m = cx.import(py, "spam").unwrap();
        assert_eq!(m.repr().unwrap(), "<module 'spam' (built-in)>");
        let spec = m.getattr("__spec__").unwrap();
        assert_eq!(spec.getattr("origin").unwrap().as_str(), Some("built-in"));
        assert_eq!(
            spec.repr().unwrap(),
            "ModuleSpec(name='spam', loader=<class '_frozen_importlib.BuiltinImporter'>, origin='built-in')"
        );
        assert_eq!(call(py, &m.getattr("ping").unwrap(), &[]).unwrap().as_str(), Some("pong"));
        let sys = cx.import(py, "sys").unwrap();
        let names = sys.getattr("builtin_module_names").unwrap();
        assert_eq!(names.repr().unwrap(), "('_imp', 'builtins', 'spam', 'sys')");
    });
    rt.finalize();
}

/// Scenario 2: appending or extending after initialization is refused with CPython's (fatal)
/// message, hands the entries back, and changes nothing.
#[test]
fn append_after_init_is_refused() {
    let rt = Rt::new(ImportConfig::default());
    let e = rt.imports.append_inittab("spam", init_spam).unwrap_err();
    assert_eq!(
        e.to_string(),
        "PyImport_AppendInittab() may not be called after Py_Initialize()"
    );
    assert_eq!(e.api, InittabApi::Append);
    assert_eq!(e.entries[0].name, "spam");
    let e = rt
        .imports
        .extend_inittab(vec![InittabEntry::new("spam", init_spam)])
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "PyImport_ExtendInittab() may not be called after Py_Initialize()"
    );
    assert!(
        !rt.imports
            .builtin_module_names()
            .contains(&"spam".to_owned())
    );
    rt.in_main(|py, cx| {
        let e = cx.import(py, "spam").unwrap_err();
        assert_eq!(e.to_string(), "ModuleNotFoundError: No module named 'spam'");
    });
    let imports = rt.imports.clone();
    rt.finalize();
    // Legal again once finalized.
    imports.append_inittab("spam", init_spam).unwrap();
    assert_eq!(
        imports.initialize(None),
        Ok(()),
        "initializes with the appended entry"
    );
    assert!(imports.builtin_module_names().contains(&"spam".to_owned()));
    assert_eq!(
        imports.initialize(None),
        Err(ImportInitError::AlreadyInitialized)
    );
    assert_eq!(
        ImportInitError::AlreadyInitialized.to_string(),
        "global import state already initialized"
    );
}

/// Scenario 3: extending with nothing succeeds and changes nothing, even after initialization.
#[test]
fn extend_with_nothing() {
    let imports = ImportSystem::new(ImportConfig::default());
    imports.extend_inittab(vec![]).unwrap();
    imports.initialize(None).unwrap();
    imports.extend_inittab(vec![]).unwrap();
    assert_eq!(
        imports.builtin_module_names(),
        vec!["_imp", "builtins", "sys"]
    );
}

/// Scenario 4: changing the embedder's table after initialization changes nothing.
#[test]
fn embedder_table_changes_after_init_change_nothing() {
    let mut mine = Inittab::new();
    mine.append("spam", init_spam);
    let rt = Rt::new(ImportConfig {
        inittab: mine.clone(),
        ..ImportConfig::default()
    });
    mine.entries_mut().retain(|e| e.name != "spam");
    mine.append("eggs", init_spam2);
    assert_eq!(
        rt.imports.builtin_module_names(),
        vec!["_imp", "builtins", "spam", "sys"]
    );
    rt.in_main(|py, cx| {
        cx.import(py, "spam").unwrap();
        assert!(cx.import(py, "eggs").is_err());
    });
    rt.finalize();
}

/// Scenario 5: with a duplicate name, `is_builtin` reports the first entry, the import runs the
/// last one's init function.
#[test]
fn duplicate_names_first_reported_last_created() {
    let mut tab = Inittab::new();
    tab.extend([InittabEntry::core("spam")]);
    tab.append("spam", init_spam2);
    let rt = Rt::new(ImportConfig {
        inittab: tab,
        ..ImportConfig::default()
    });
    rt.in_main(|py, cx| {
        let imp = cx.import(py, "_imp").unwrap();
        let f = imp.getattr("is_builtin").unwrap();
        let r = call(py, &f, &[py.str("spam").unwrap()]).unwrap();
        assert_eq!(r.as_i64(), Some(-1));
        let m = cx.import(py, "spam").unwrap();
        assert_eq!(m.getattr("which").unwrap().as_str(), Some("last"));
        assert_eq!(
            statics::<Counts>(py)
                .unwrap()
                .spam2
                .load(std::sync::atomic::Ordering::SeqCst),
            1
        );
        assert_eq!(
            statics::<Counts>(py)
                .unwrap()
                .spam
                .load(std::sync::atomic::Ordering::SeqCst),
            0
        );
    });
    rt.finalize();
}

/// Scenario 6: `_imp.is_builtin` values; `create_builtin` of an unknown name is `None`.
#[test]
fn is_builtin_values() {
    let rt = Rt::new(config_with(&[("spam", init_spam)]));
    rt.in_main(|py, cx| {
        let imp = cx.import(py, "_imp").unwrap();
        let f = imp.getattr("is_builtin").unwrap();
        for (name, want) in [
            ("sys", -1),
            ("builtins", -1),
            ("nope", 0),
            ("_imp", 1),
            ("spam", 1),
        ] {
            let r = call(py, &f, &[py.str(name).unwrap()]).unwrap();
            assert_eq!(r.as_i64(), Some(want), "{name}");
        }
        assert!(cx.create_builtin(py, "nope").unwrap().is_none());
        let e = call(py, &f, &[py.int(1).unwrap()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "TypeError: is_builtin() argument must be str, not int"
        );
        let e = call(py, &f, &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "TypeError: _imp.is_builtin() takes exactly one argument (0 given)"
        );
    });
    rt.finalize();
}

/// Scenario 7: `Py_FinalizeEx` keeps appended entries (appending each cycle adds
/// duplicates); resetting as `Py_RunMain` does keeps the table from growing.
#[test]
fn repeated_cycles_and_reset() {
    let imports = ImportSystem::new(ImportConfig::default());
    for _ in 0..3 {
        imports.append_inittab("spam", init_spam).unwrap();
        imports.initialize(None).unwrap();
        let rt = rt_for(&imports);
        rt.finalize();
    }
    let spams = imports
        .pending_inittab()
        .entries()
        .iter()
        .filter(|e| e.name == "spam")
        .count();
    assert_eq!(spams, 3, "Py_FinalizeEx alone keeps the extended table");
    imports.reset_inittab().unwrap();
    for _ in 0..3 {
        imports.append_inittab("spam", init_spam).unwrap();
        imports.initialize(None).unwrap();
        let rt = rt_for(&imports);
        rt.in_main(|py, cx| {
            cx.import(py, "spam").unwrap();
        });
        rt.finalize();
        imports.reset_inittab().unwrap();
        assert_eq!(
            imports.pending_inittab().entries().len(),
            Inittab::new().entries().len()
        );
    }
}

fn rt_for(imports: &ImportSystem) -> Rt {
    Rt::attach(imports.clone())
}

/// Scenario 8: `BuiltinImporter.create_module` for a module that is not builtin.
#[test]
fn create_module_for_non_builtin() {
    let rt = Rt::new(ImportConfig::default());
    rt.in_main(|py, cx| {
        let e = cx.builtin_create_module(py, "x").unwrap_err();
        assert_eq!(e.to_string(), "ImportError: 'x' is not a built-in module");
        let m = cx.builtin_create_module(py, "_imp").unwrap().unwrap();
        assert_eq!(m.module_name().unwrap(), "_imp");
    });
    rt.finalize();
}
