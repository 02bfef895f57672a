//! The switch to main around an init function, seen from the importing interpreter: an
//! `ImportError` raised in main keeps its `name` and `path` when it crosses back, and a thread
//! whose interpreter is force-ended while it runs an init function in main parks instead of
//! returning into code that would drop objects without their GIL.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Barrier, LazyLock};
use std::time::Duration;

use common::{Rt, with_attached};
use subinterp_gil::EndMode;
use subinterp_import::{ImportConfig, Init, ModuleDef, Size};
use subinterp_object::{Py, PyErr, PyResult, exc};

static BLOCKER: ModuleDef = ModuleDef {
    name: "blocker",
    doc: None,
    methods: &[],
    size: Size::Legacy,
    slots: None,
};

static ENTERED: LazyLock<Barrier> = LazyLock::new(|| Barrier::new(2));
static GO: LazyLock<Barrier> = LazyLock::new(|| Barrier::new(2));
static RETURNED: AtomicBool = AtomicBool::new(false);

/// A single-phase init function that waits, in main, until the test lets it go.
fn init_blocker(py: Py<'_>) -> PyResult<Init<'_>> {
    ENTERED.wait();
    GO.wait();
    Ok(Init::Module(subinterp_import::create_module(py, &BLOCKER)?))
}

#[test]
fn forced_end_during_init_in_main_parks_the_importing_thread() {
    let mut cfg = ImportConfig::default();
    cfg.extensions
        .register("blocker", "/test/blocker.so", init_blocker);
    // Leaked: the parked thread borrows the runtime for good.
    let rt: &'static Rt = Box::leak(Box::new(Rt::new(cfg)));
    let sub: &'static common::Interp = Box::leak(Box::new(rt.isolated()));
    let importer = std::thread::spawn(move || {
        rt.run(sub, |py, cx| {
            let _ = cx.import(py, "blocker");
            RETURNED.store(true, Ordering::SeqCst);
        });
    });
    // The importer is in main, its own interpreter's GIL released: end that one by force.
    ENTERED.wait();
    with_attached(&sub.gil, |att| {
        sub.gil.begin_end(att, EndMode::Force).expect("begin_end");
    });
    GO.wait();
    // The importer left main (main's GIL is free again) and could not resume its own
    // interpreter, so it must not come back into its token scope.
    let sys = rt.in_main(|py, cx| cx.import(py, "sys").map(|m| m.id()));
    assert!(sys.is_ok(), "main still imports after the forced end");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !RETURNED.load(Ordering::SeqCst) && !importer.is_finished(),
        "the importing thread parked instead of returning without its GIL"
    );
}

/// A single-phase init function that fails the way a missing shared library does.
fn init_import_error(_: Py<'_>) -> PyResult<Init<'_>> {
    Err(PyErr::import_error(
        "raiser needs libfoo",
        Some("raiser"),
        Some("/test/raiser.so"),
    ))
}

/// One whose failure is an `ImportError` subclass.
fn init_not_found(_: Py<'_>) -> PyResult<Init<'_>> {
    Err(PyErr::import_error_subclass(
        &exc::MODULE_NOT_FOUND_ERROR,
        "No module named 'dep'",
        Some("dep"),
        None,
    ))
}

/// Imports `name` in a fresh isolated interpreter and checks the error it gets:
/// `(text, name, path)`.
fn check(rt: &Rt, name: &str, expect: (&str, Option<&str>, Option<&str>)) {
    let sub = rt.isolated();
    let got = rt.run(&sub, |py, cx| {
        let e = cx.import(py, name).map(|m| m.id()).expect_err("init fails");
        (
            e.to_string(),
            e.import_name().map(str::to_owned),
            e.import_path().map(str::to_owned),
        )
    });
    assert_eq!(
        (got.0.as_str(), got.1.as_deref(), got.2.as_deref()),
        expect,
        "{name}"
    );
    rt.end(sub);
}

#[test]
fn import_error_from_main_keeps_name_and_path() {
    let mut cfg = ImportConfig::default();
    cfg.extensions
        .register("raiser", "/test/raiser.so", init_import_error)
        .register("notfound", "/test/notfound.so", init_not_found);
    let rt = Rt::new(cfg);
    check(
        &rt,
        "raiser",
        (
            "ImportError: raiser needs libfoo",
            Some("raiser"),
            Some("/test/raiser.so"),
        ),
    );
    check(
        &rt,
        "notfound",
        (
            "ModuleNotFoundError: No module named 'dep'",
            Some("dep"),
            None,
        ),
    );
    rt.finalize();
}
