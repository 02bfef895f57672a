//! `ImportError`'s members (`msg`, `name`, `path`, `name_from`) on instances and the `name` /
//! `path` a `PyErr` carries as text (CPython's `PyErr_SetImportError`), as the import system
//! raises and reads them.

use subinterp_object::{InterpId, Obj, Objects, Py, PyErr, PyResult, exc};
use subinterp_obmalloc::Heap;

/// Runs `f` on a fresh interpreter and checks that every object it made is gone afterwards
/// (members included).
fn check_clean(f: impl for<'py> FnOnce(Py<'py>) -> PyResult<()>) {
    let o = Objects::new(InterpId::new(0), Heap::new());
    // SAFETY: the test owns `o` and uses it from this thread only.
    unsafe {
        o.with_gil(|py| {
            f(py).expect("no Python error");
            py.run_deferred();
            assert_eq!(py.live_objects(), 0, "objects left alive");
        })
    };
    let closed = o.end().closed.expect("heap closed");
    assert!(closed.leaks.is_clean(), "leaks: {:?}", closed.leaks);
}

/// `repr(e.<attr>)` for each attribute, in order.
fn attrs(e: &Obj<'_>, names: &[&str]) -> PyResult<Vec<String>> {
    names.iter().map(|n| e.getattr(n)?.repr()).collect()
}

const MEMBERS: [&str; 4] = ["msg", "name", "path", "name_from"];

#[test]
fn set_import_error_gives_name_and_path() {
    check_clean(|py| {
        let e = PyErr::import_error(
            "dynamic module does not define module export function (PyInit_nope)",
            Some("nope"),
            Some("/ext/nope.so"),
        );
        assert_eq!(
            (e.import_name(), e.import_path()),
            (Some("nope"), Some("/ext/nope.so"))
        );
        assert_eq!(
            e.to_string(),
            "ImportError: dynamic module does not define module export function (PyInit_nope)"
        );
        let v = e.value(py)?;
        assert!(v.is_instance(&exc::IMPORT_ERROR));
        assert_eq!(
            attrs(&v, &MEMBERS)?,
            [
                "'dynamic module does not define module export function (PyInit_nope)'",
                "'nope'",
                "'/ext/nope.so'",
                "None"
            ]
        );
        // 3.13's repr shows the args only.
        assert_eq!(
            v.repr()?,
            "ImportError('dynamic module does not define module export function (PyInit_nope)')"
        );
        Ok(())
    });
}

#[test]
fn absent_name_and_path_are_none() {
    check_clean(|py| {
        // `_PyImport_CheckSubinterpIncompatibleExtensionAllowed`: no `.name`.
        let e = PyErr::import_error(
            "module _testsinglephase does not support loading in subinterpreters",
            None,
            None,
        );
        assert_eq!((e.import_name(), e.import_path()), (None, None));
        let v = e.value(py)?;
        assert_eq!(attrs(&v, &["name", "path"])?, ["None", "None"]);
        // A plain ImportError too; `msg` is the only argument, else None.
        let ty = exc::IMPORT_ERROR.get(py);
        let bare = py.new_exception(&ty, &[])?;
        assert_eq!(attrs(&bare, &MEMBERS)?, ["None"; 4]);
        let two = py.new_exception(&ty, &[py.str("a")?, py.int(1)?])?;
        assert_eq!(attrs(&two, &["msg"])?, ["None"]);
        assert_eq!(two.str()?, "('a', 1)");
        // Other errors have no such attribute, and no import attributes.
        assert_eq!(PyErr::value_error("x").import_name(), None);
        let ve = PyErr::value_error("x").value(py)?;
        assert_eq!(
            ve.getattr("name").unwrap_err().to_string(),
            "AttributeError: 'ValueError' object has no attribute 'name'"
        );
        Ok(())
    });
}

#[test]
fn subclasses_have_the_members_too() {
    check_clean(|py| {
        let e = PyErr::import_error_subclass(
            &exc::MODULE_NOT_FOUND_ERROR,
            "No module named 'spam'",
            Some("spam"),
            None,
        );
        assert!(e.is(&exc::IMPORT_ERROR));
        assert_eq!(e.to_string(), "ModuleNotFoundError: No module named 'spam'");
        let v = e.value(py)?;
        assert!(v.is_instance(&exc::MODULE_NOT_FOUND_ERROR));
        assert_eq!(attrs(&v, &["name", "path"])?, ["'spam'", "None"]);
        // A heap subclass (zipimport.ZipImportError) gets the ImportError layout.
        let zip =
            py.new_exception_type("zipimport.ZipImportError", Some(&exc::IMPORT_ERROR.get(py)))?;
        let z = py.new_exception(&zip, &[py.str("bad zip")?])?;
        z.setattr("path", &py.str("/x.zip")?)?;
        assert_eq!(
            attrs(&z, &MEMBERS)?,
            ["'bad zip'", "None", "'/x.zip'", "None"]
        );
        let back = PyErr::from_value(&z);
        assert_eq!(
            (back.import_name(), back.import_path()),
            (None, Some("/x.zip"))
        );
        drop(back);
        Ok(())
    });
}

#[test]
fn a_class_outside_the_family_is_a_type_error() {
    let e = PyErr::import_error_subclass(&exc::VALUE_ERROR, "x", Some("m"), None);
    assert_eq!(
        e.to_string(),
        "TypeError: expected a subclass of ImportError"
    );
    assert_eq!(e.import_name(), None);
}

#[test]
fn members_are_writable_and_read_back_through_from_value() {
    check_clean(|py| {
        let v = PyErr::import_error("cannot import name 'x'", Some("pkg"), None).value(py)?;
        v.setattr("path", &py.str("/pkg/__init__.py")?)?;
        v.setattr("name_from", &py.str("x")?)?;
        let e = PyErr::from_value(&v);
        assert_eq!(
            (e.import_name(), e.import_path()),
            (Some("pkg"), Some("/pkg/__init__.py"))
        );
        // The raised instance comes back, not a copy.
        assert!(e.value(py)?.is(&v));
        // A name that is not a str is kept on the instance but has no text.
        v.setattr("name", &py.int(5)?)?;
        assert_eq!(PyErr::from_value(&v).import_name(), None);
        assert_eq!(attrs(&v, &["name"])?, ["5"]);
        // str(e) is `msg` when that is a str (ImportError_str).
        v.setattr("msg", &py.str("other")?)?;
        assert_eq!(v.str()?, "other");
        assert_eq!(PyErr::from_value(&v).message(), "other");
        // Replaced members are freed (check_clean counts them).
        drop(e);
        Ok(())
    });
}

#[test]
fn pyerr_stays_send() {
    fn send<T: Send + 'static>(t: T) -> T {
        t
    }
    let e = send(PyErr::import_error("m", Some("n"), Some("p")));
    let e = std::thread::spawn(move || e).join().expect("thread ran");
    assert_eq!((e.import_name(), e.import_path()), (Some("n"), Some("p")));
}

#[test]
fn calling_the_class_takes_name_path_and_name_from() {
    check_clean(|py| {
        let ty = exc::MODULE_NOT_FOUND_ERROR.get(py);
        let e = ty.call(
            &[py.str("No module named 'spam'")?],
            &[("name", py.str("spam")?), ("path", py.none())],
        )?;
        assert_eq!(
            attrs(&e, &MEMBERS)?,
            ["\"No module named 'spam'\"", "'spam'", "None", "None"]
        );
        let back = PyErr::from_value(&e);
        assert_eq!(
            (back.import_name(), back.import_path()),
            (Some("spam"), None)
        );
        drop(back);
        assert_eq!(
            ty.call(&[], &[("nam", py.str("x")?)])
                .unwrap_err()
                .to_string(),
            "TypeError: ImportError() got an unexpected keyword argument 'nam'"
        );
        assert_eq!(
            exc::VALUE_ERROR
                .get(py)
                .call(&[], &[("name", py.none())])
                .unwrap_err()
                .to_string(),
            "TypeError: ValueError() takes no keyword arguments"
        );
        Ok(())
    });
}
