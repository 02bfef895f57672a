//! Setting and deleting attributes, and module reprs, with CPython 3.13's texts: `del` goes
//! through the generic attribute setter, whose errors are not those of lookup.

use subinterp_object::{InterpId, NativeMethods, Objects, Py, PyErr, PyResult, Slots, StaticType};
use subinterp_obmalloc::Heap;

fn run(f: impl for<'py> FnOnce(Py<'py>) -> PyResult<()>) {
    let o = Objects::new(InterpId::new(0), Heap::new());
    // SAFETY: the test owns `o` and uses it from this thread only.
    unsafe { o.with_gil(|py| f(py).expect("no Python error")) };
}

/// `Ok` or the error's `Name: message`, as a transcript shows it.
fn check(got: PyResult<()>, expect: &str) {
    let got = got.map_or_else(|e| e.to_string(), |()| "ok".to_owned());
    assert_eq!(got, expect);
}

/// A method table as the object crate sees one: names only (the functions are the vm's).
struct Names(&'static [&'static str]);

impl NativeMethods for Names {
    fn has(&self, name: &str) -> bool {
        self.0.contains(&name)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static Q_METHODS: Names = Names(&["put"]);
static Q_SLOTS: Slots = Slots {
    methods: Some(&Q_METHODS),
    getattr: None,
    repr: None,
    ..Slots::EMPTY
};
static Q: StaticType = StaticType::native("Queue", "interpreters", &Q_SLOTS);

#[test]
fn del_uses_the_setters_texts() {
    run(|py| {
        let m = py.new_module("m")?;
        m.setattr("x", &py.int(1)?)?;
        check(m.delattr("x"), "ok");
        check(
            m.delattr("x"),
            "AttributeError: 'module' object has no attribute 'x'",
        );
        check(
            m.delattr("__class__"),
            "TypeError: can't delete __class__ attribute",
        );
        let int = py.int(1)?.get_type();
        for name in ["x", "__class__"] {
            check(
                int.delattr(name),
                &format!("TypeError: cannot set '{name}' attribute of immutable type 'int'"),
            );
        }
        let one = py.int(1)?;
        check(
            one.delattr("x"),
            "AttributeError: 'int' object has no attribute 'x' and no __dict__ for setting new attributes",
        );
        check(
            one.delattr("__class__"),
            "TypeError: can't delete __class__ attribute",
        );
        let err = py.new_exception_type("m.error", None)?;
        check(
            err.delattr("x"),
            "AttributeError: type object 'error' has no attribute 'x'",
        );
        Ok(())
    });
}

#[test]
fn exceptions_have_a_dict_and_members_in_cpython() {
    run(|py| {
        let ve = PyErr::value_error("bad").value(py)?;
        check(
            ve.delattr("x"),
            "AttributeError: 'ValueError' object has no attribute 'x'",
        );
        check(ve.delattr("args"), "TypeError: args may not be deleted");
        // `ImportError`'s members are deleted to None.
        let ie = PyErr::import_error("no", Some("spam"), None).value(py)?;
        check(ie.delattr("name"), "ok");
        assert!(ie.getattr("name")?.is_none());
        Ok(())
    });
}

#[test]
fn a_native_method_is_read_only() {
    run(|py| {
        let q = py.new_native(&Q, ())?;
        let v = py.int(1)?;
        check(
            q.setattr("put", &v),
            "AttributeError: 'Queue' object attribute 'put' is read-only",
        );
        check(
            q.delattr("put"),
            "AttributeError: 'Queue' object attribute 'put' is read-only",
        );
        check(
            q.setattr("x", &v),
            "AttributeError: 'Queue' object has no attribute 'x' and no __dict__ for setting new attributes",
        );
        Ok(())
    });
}

#[test]
fn module_repr_and_lookup_without_a_usable_name() {
    run(|py| {
        let m = py.new_module("m")?;
        m.setattr("__file__", &py.int(5)?)?;
        assert_eq!(m.repr()?, "<module 'm' from 5>");
        m.setattr("__name__", &py.int(7)?)?;
        assert_eq!(m.repr()?, "<module 7 from 5>");
        check(
            m.getattr("x").map(drop),
            "AttributeError: module has no attribute 'x'",
        );
        m.delattr("__name__")?;
        m.delattr("__file__")?;
        // Only a missing `__name__` is `'?'` (importlib's `except AttributeError`).
        assert_eq!(m.repr()?, "<module '?'>");
        check(
            m.getattr("x").map(drop),
            "AttributeError: module has no attribute 'x'",
        );
        Ok(())
    });
}
