//! Frozen modules: specs, aliases, packages, `__file__`, the `frozen_modules` setting and the
//! custom table (reference §2; scenarios 9-17, 20-22, 24, 26, 27 of §7).

#[path = "../../import/tests/common/mod.rs"]
mod common;

use common::{CallNative, Rt};
use subinterp_import::{
    Frozen, FrozenCode, FrozenStatus, ImportConfig, ImportCx, Loader, parse_frozen_modules,
};
use subinterp_object::{Obj, Py};
use subinterp_testmodules::config;

const STDLIB: &str = "/usr/local/lib/python3.13";

/// One `find_spec` expectation: `(name, is_package, origname, filename, search locations)`.
type SpecCase<'a> = (
    &'a str,
    bool,
    Option<&'a str>,
    Option<String>,
    Option<Vec<String>>,
);

fn check_spec(cx: &mut ImportCx<'_>, py: Py<'_>, (name, pkg, orig, file, locs): SpecCase<'_>) {
    let spec = cx
        .find_spec(py, name)
        .unwrap()
        .unwrap_or_else(|| panic!("{name} not found"));
    assert_eq!(spec.loader, Loader::Frozen, "{name}");
    assert_eq!(spec.origin.as_deref(), Some("frozen"), "{name}");
    assert!(!spec.has_location, "{name}");
    let st = spec.loader_state.as_ref().unwrap();
    assert_eq!(st.origname.as_deref(), orig, "{name} origname");
    assert_eq!(st.filename, file, "{name} filename");
    assert_eq!(spec.search_locations, locs, "{name} search locations");
    assert_eq!(spec.search_locations.is_some(), pkg, "{name} is a package");
}

fn stdlib(rel: &str) -> Option<String> {
    Some(format!("{STDLIB}/{rel}"))
}

/// Scenarios 9-14: the specs of the test table (test_finder.py's cases).
#[test]
fn frozen_specs() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let cases: [SpecCase<'_>; 7] = [
            (
                "__hello__",
                false,
                Some("__hello__"),
                stdlib("__hello__.py"),
                None,
            ),
            (
                "__hello_alias__",
                false,
                Some("__hello__"),
                stdlib("__hello__.py"),
                None,
            ),
            (
                "_frozen_importlib",
                false,
                Some("importlib._bootstrap"),
                stdlib("importlib/_bootstrap.py"),
                None,
            ),
            (
                "__phello__",
                true,
                Some("__phello__"),
                stdlib("__phello__/__init__.py"),
                Some(vec![format!("{STDLIB}/__phello__")]),
            ),
            (
                "__phello_alias__",
                true,
                Some("__hello__"),
                stdlib("__hello__.py"),
                Some(vec![]),
            ),
            (
                "__phello__.__init__",
                false,
                Some("<__phello__"),
                stdlib("__phello__/__init__.py"),
                None,
            ),
            ("__hello_only__", false, None, None, None),
        ];
        for case in cases {
            check_spec(cx, py, case);
        }
    });
    rt.finalize();
}

/// Scenarios 9, 10, 12, 14: importing frozen modules: `__file__`, repr, `__name__`,
/// packages and submodules.
#[test]
fn frozen_imports() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let m = cx.import(py, "__hello__").unwrap();
        assert_eq!(m.repr().unwrap(), "<module '__hello__' (frozen)>");
        assert_eq!(
            m.getattr("__file__").unwrap().as_str(),
            stdlib("__hello__.py").as_deref()
        );
        assert!(m.getattr("initialized").unwrap().as_bool().unwrap());
        let loader = m.getattr("__loader__").unwrap();
        assert_eq!(
            loader.repr().unwrap(),
            "<class '_frozen_importlib.FrozenImporter'>"
        );

        let a = cx.import(py, "__hello_alias__").unwrap();
        assert_eq!(
            a.getattr("__name__").unwrap().as_str(),
            Some("__hello_alias__")
        );

        let only = cx.import(py, "__hello_only__").unwrap();
        assert!(only.getattr("__file__").is_err(), "14: no __file__");

        let spam = cx.import(py, "__phello__.spam").unwrap();
        let pkg = cx
            .state
            .modules(py)
            .unwrap()
            .dict_get_str("__phello__")
            .unwrap()
            .unwrap();
        assert!(
            pkg.getattr("spam").unwrap().is(&spam),
            "the submodule is bound on its package"
        );
        let path = pkg.getattr("__path__").unwrap();
        assert_eq!(path.repr().unwrap(), format!("['{STDLIB}/__phello__']"));
        assert_eq!(
            pkg.getattr("__package__").unwrap().as_str(),
            Some("__phello__")
        );
        assert_eq!(
            spam.getattr("__package__").unwrap().as_str(),
            Some("__phello__")
        );
        let eggs = cx.import(py, "__phello__.ham.eggs").unwrap();
        assert_eq!(
            eggs.getattr("__name__").unwrap().as_str(),
            Some("__phello__.ham.eggs")
        );

        let e = cx.import(py, "__hello__.nope").unwrap_err();
        assert_eq!(
            e.to_string(),
            "ModuleNotFoundError: No module named '__hello__.nope'; '__hello__' is not a package"
        );
    });
    rt.finalize();
}

/// Scenario 15: frozen modules off: only bootstrap and custom modules are found.
#[test]
fn frozen_disabled() {
    let mut cfg = config();
    cfg.use_frozen_modules = false;
    cfg.frozen_custom = Some(vec![Frozen::module("custom_mod", |py, m| {
        m.setattr("x", &py.int(1)?)
    })]);
    let rt = Rt::new(cfg);
    rt.in_main(|py, cx| {
        assert!(cx.find_spec(py, "__hello__").unwrap().is_none());
        assert!(cx.find_spec(py, "__hello_only__").unwrap().is_none());
        let imp = cx.import(py, "_imp").unwrap();
        let is_frozen = imp.getattr("is_frozen").unwrap();
        let yes = is_frozen
            .call_native(&[py.str("_frozen_importlib").unwrap()])
            .unwrap();
        assert_eq!(yes.as_bool(), Some(true));
        let names = imp
            .getattr("_frozen_module_names")
            .unwrap()
            .call_native(&[])
            .unwrap();
        assert_eq!(
            names.repr().unwrap(),
            "['_frozen_importlib', '_frozen_importlib_external', 'zipimport', 'custom_mod']"
        );
        cx.import(py, "custom_mod").unwrap();
    });
    rt.finalize();
}

fn custom_os<'py>(py: Py<'py>, m: &Obj<'py>) -> subinterp_object::PyResult<()> {
    m.setattr("custom", &py.bool(true))
}

/// Scenarios 16, 17, 21: the custom table: excluded and invalid entries, and precedence.
#[test]
fn custom_table() {
    let mut cfg = config();
    cfg.frozen_custom = Some(vec![
        Frozen::excluded("foo"),
        Frozen {
            name: "bar",
            code: FrozenCode::Invalid,
            is_package: false,
        },
        Frozen {
            name: "pkgfoo",
            code: FrozenCode::Excluded,
            is_package: true,
        },
        Frozen::module("posixpath", custom_os),
        Frozen::module("zipimport", custom_os),
        Frozen::excluded("__hello__"),
    ]);
    let rt = Rt::new(cfg);
    rt.in_main(|py, cx| {
        let e = cx.import(py, "foo").unwrap_err();
        assert_eq!(
            e.to_string(),
            "ImportError: Excluded frozen object named 'foo'"
        );
        let e = cx.import(py, "__hello__").unwrap_err();
        assert_eq!(
            e.to_string(),
            "ImportError: Excluded frozen object named '__hello__'"
        );
        let e = cx.import(py, "bar").unwrap_err();
        assert_eq!(
            e.to_string(),
            "ImportError: Frozen object named 'bar' is invalid"
        );
        let imp = cx.import(py, "_imp").unwrap();
        let is_frozen = imp.getattr("is_frozen").unwrap();
        let r = is_frozen.call_native(&[py.str("foo").unwrap()]).unwrap();
        assert_eq!(r.as_bool(), Some(false));
        let is_pkg = imp.getattr("is_frozen_package").unwrap();
        let r = is_pkg.call_native(&[py.str("pkgfoo").unwrap()]).unwrap();
        assert_eq!(
            r.as_bool(),
            Some(true),
            "16: an excluded entry still reports its flag"
        );
        let e = cx.import_frozen_module(py, "foo").unwrap_err();
        assert_eq!(
            e.to_string(),
            "ImportError: Excluded frozen object named 'foo'"
        );

        let p = cx.import(py, "posixpath").unwrap();
        assert!(p.getattr("custom").is_ok(), "21: custom overrides stdlib");
        let z = cx.import(py, "zipimport").unwrap();
        assert!(
            z.getattr("custom").is_err(),
            "21: custom does not override bootstrap"
        );
        assert!(z.getattr("ZipImportError").is_ok());
    });
    assert_eq!(
        rt.imports.find_frozen("foo", true).0,
        FrozenStatus::Excluded
    );
    rt.finalize();
}

/// Scenarios 20, 24: lookups of what is not frozen.
#[test]
fn not_frozen() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        let imp = cx.import(py, "_imp").unwrap();
        let r = imp
            .getattr("find_frozen")
            .unwrap()
            .call_native(&[py.str("nope").unwrap()])
            .unwrap();
        assert!(r.is_none());
        let e = imp
            .getattr("is_frozen_package")
            .unwrap()
            .call_native(&[py.str("nope").unwrap()])
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "ImportError: No such frozen object named 'nope'"
        );
        let r = imp
            .getattr("find_frozen")
            .unwrap()
            .call_native(&[py.str("__phello__").unwrap()])
            .unwrap();
        assert_eq!(r.repr().unwrap(), "(None, True, '__phello__')");
        let r = imp
            .getattr("find_frozen")
            .unwrap()
            .call_native(&[py.str("__hello_only__").unwrap()])
            .unwrap();
        assert_eq!(r.repr().unwrap(), "(None, False, None)");
        assert!(!cx.import_frozen_module(py, "nope").unwrap());
    });
    rt.finalize();
}

/// Scenario 22: the C path: 1/0/-1 as `Ok(true)`/`Ok(false)`/`Err`, `__path__ == []` for a
/// package, `__origname__`, and no `__file__` or `__spec__`.
#[test]
fn import_frozen_module_c_path() {
    let rt = Rt::new(config());
    rt.in_main(|py, cx| {
        assert!(cx.import_frozen_module(py, "__phello__").unwrap());
        let m = cx
            .state
            .modules(py)
            .unwrap()
            .dict_get_str("__phello__")
            .unwrap()
            .unwrap();
        assert_eq!(m.getattr("__path__").unwrap().repr().unwrap(), "[]");
        assert_eq!(
            m.getattr("__origname__").unwrap().as_str(),
            Some("__phello__")
        );
        assert!(m.getattr("__file__").is_err());
        assert!(m.getattr("__spec__").unwrap().is_none());
        assert!(cx.import_frozen_module(py, "__hello_only__").unwrap());
        let m = cx
            .state
            .modules(py)
            .unwrap()
            .dict_get_str("__hello_only__")
            .unwrap()
            .unwrap();
        assert!(m.getattr("__origname__").unwrap().is_none());
        assert!(cx.import_frozen_module(py, "_frozen_importlib").unwrap());
    });
    rt.finalize();
}

/// Scenario 26: parsing the setting.
#[test]
fn frozen_setting_values() {
    assert_eq!(parse_frozen_modules("on", true), Ok(true));
    assert_eq!(parse_frozen_modules("off", false), Ok(false));
    assert_eq!(parse_frozen_modules("", false), Ok(true));
    assert_eq!(
        parse_frozen_modules("maybe", true).unwrap_err().to_string(),
        "bad value for PYTHON_FROZEN_MODULES (expected \"on\" or \"off\")"
    );
    assert_eq!(
        parse_frozen_modules("maybe", false)
            .unwrap_err()
            .to_string(),
        "bad value for option -X frozen_modules (expected \"on\" or \"off\")"
    );
    assert!(parse_frozen_modules("", true).is_err());
    assert!(ImportConfig::default().use_frozen_modules);
}

/// Scenario 27: the frozen override in a sub-interpreter does not affect main; it applies at
/// lookup time.
#[test]
fn override_in_sub_is_per_interpreter() {
    let rt = Rt::new(config());
    let sub = rt.isolated();
    rt.run(&sub, |py, cx| {
        let imp = cx.import(py, "_imp").unwrap();
        let f = imp.getattr("_override_frozen_modules_for_tests").unwrap();
        f.call_native(&[py.int(-1).unwrap()]).unwrap();
        let e = cx.import(py, "__hello__").unwrap_err();
        assert_eq!(
            e.to_string(),
            "ModuleNotFoundError: No module named '__hello__'"
        );
        f.call_native(&[py.int(0).unwrap()]).unwrap();
        cx.import(py, "__hello__").unwrap();
    });
    rt.in_main(|py, cx| {
        cx.state.set_override_frozen_modules(0);
        let m = cx.import(py, "__hello__").unwrap();
        assert_eq!(m.repr().unwrap(), "<module '__hello__' (frozen)>");
    });
    rt.end(sub);
    rt.finalize();
}

/// Frozen modules are made afresh in each interpreter (nothing shared), in its own heap.
#[test]
fn frozen_in_isolated_sub_is_its_own() {
    let rt = Rt::new(config());
    let main_id = rt.in_main(|py, cx| cx.import(py, "__hello__").unwrap().id());
    let sub = rt.isolated();
    rt.run(&sub, |py, cx| {
        let m = cx.import(py, "__hello__").unwrap();
        assert_ne!(m.id(), main_id);
        assert_eq!(m.owner(), Some(sub.id));
    });
    rt.end(sub);
    rt.finalize();
}

/// `runtime init frozen_modules=off`: the setting holds for that cycle only.
#[test]
fn frozen_setting_per_cycle() {
    let rt = Rt::new(config());
    let imports = rt.imports.clone();
    rt.finalize();
    imports.initialize(Some(false)).unwrap();
    let rt = Rt::attach(imports.clone());
    rt.in_main(|py, cx| {
        assert!(cx.import(py, "__hello__").is_err());
        assert!(cx.import(py, "_frozen_importlib").is_ok());
    });
    rt.finalize();
    imports.initialize(None).unwrap();
    let rt = Rt::attach(imports);
    rt.in_main(|py, cx| {
        cx.import(py, "__hello__").unwrap();
    });
    rt.finalize();
}
