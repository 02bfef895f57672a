//! `repr` of every type, snapshot-tested with insta; each expected line is CPython 3.13's
//! output for the same value (addresses redacted).

use std::ptr::NonNull;

use subinterp_object::{
    InterpId, Obj, Objects, Origin, Py, PyResult, Slots, StaticType, exc, types,
};
use subinterp_obmalloc::Heap;

fn run<R>(o: &Objects, f: impl for<'py> FnOnce(Py<'py>) -> R) -> R {
    // SAFETY: each test owns its `Objects` and uses it from this thread only.
    unsafe { o.with_gil(f) }
}

static QUEUE_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: None,
    ..Slots::EMPTY
};
static QUEUE: StaticType = StaticType::native("Queue", "interpreters", &QUEUE_SLOTS);

fn redact(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i]);
        out.push_str("0x…");
        rest = rest[i + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

fn all_reprs(py: Py<'_>) -> PyResult<String> {
    let mut lines = Vec::new();
    let mut show = |label: &str, o: Obj<'_>| -> PyResult<()> {
        lines.push(format!("{label:<28} {}", redact(&o.repr()?)));
        Ok(())
    };
    show("None", py.none())?;
    show("True", py.bool(true))?;
    show("False", py.bool(false))?;
    show("0", py.int(0)?)?;
    show("-5", py.int(-5)?)?;
    show("2**63-1", py.int(i64::MAX)?)?;
    show("-2**63", py.int(i64::MIN)?)?;
    for f in [
        1.0,
        -0.0,
        0.1,
        1e16,
        1.5e-5,
        1e22,
        f64::INFINITY,
        f64::NAN,
        2.5,
        123456789.125,
    ] {
        show(&format!("float {f:?}"), py.float(f)?)?;
    }
    show("''", py.str("")?)?;
    show("'abc'", py.str("abc")?)?;
    show("\"it's\"", py.str("it's")?)?;
    show("'a\\n\\tb\\\\'", py.str("a\n\tb\\")?)?;
    show("'\\x00\\x7f é ☃ \\u200b'", py.str("\0\x7f é ☃ \u{200b}")?)?;
    show("b''", py.bytes(b"")?)?;
    show("b'ab\\x00\\xff'", py.bytes(b"ab\0\xff")?)?;
    show("()", py.tuple(&[])?)?;
    show("(1,)", py.obj((1,))?)?;
    show("(1, 'a', None)", py.obj((1, "a", ()))?)?;
    show("[]", py.list(&[])?)?;
    show(
        "[1, [2.5, b'x']]",
        py.list_of((1, py.list_of((2.5, b"x".as_slice()))?))?,
    )?;
    let d = py.dict()?;
    d.set_item(&py.str("a")?, &py.int(1)?)?;
    d.set_item(&py.int(2)?, &py.obj((3, 4))?)?;
    show("{'a': 1, 2: (3, 4)}", d)?;
    show("{}", py.dict()?)?;
    let l = py.list(&[])?;
    l.append(&l)?;
    show("l = []; l.append(l)", l.clone())?;
    let dd = py.dict()?;
    dd.set_item(&py.str("self")?, &dd)?;
    show("d = {}; d['self'] = d", dd.clone())?;
    // Break the cycles so the heap ends clean.
    l.pop(0)?;
    dd.dict_clear()?;
    show("type(1)", py.int(1)?.get_type())?;
    show("type(None)", py.none().get_type())?;
    show("type(True)", py.bool(true).get_type())?;
    show("type", types::TYPE.get(py))?;
    show("KeyError", exc::KEY_ERROR.get(py))?;
    let err = py.new_exception_type("_testsinglephase.error", None)?;
    show("_testsinglephase.error", err.clone())?;
    show("error('boom')", err.call(&[py.str("boom")?], &[])?)?;
    show(
        "ValueError()",
        py.new_exception(&exc::VALUE_ERROR.get(py), &[])?,
    )?;
    show(
        "ValueError('bad')",
        py.new_exception(&exc::VALUE_ERROR.get(py), &[py.str("bad")?])?,
    )?;
    show(
        "ValueError(1, 2)",
        py.new_exception(&exc::VALUE_ERROR.get(py), &[py.int(1)?, py.int(2)?])?,
    )?;
    let m = py.new_module("plain")?;
    show("module plain", m)?;
    let m = py.new_module("sys")?;
    m.set_module_origin(Origin::BuiltIn)?;
    show("module sys (built-in)", m)?;
    let m = py.new_module("__hello__")?;
    m.set_module_origin(Origin::Frozen)?;
    show("module __hello__ (frozen)", m)?;
    let m = py.new_module("_testsinglephase")?;
    m.set_module_origin(Origin::File("/lib/_testsinglephase.so".into()))?;
    show("module from path", m.clone())?;
    let m2 = py.new_module("withfile")?;
    m2.setattr("__file__", &py.str("/x/withfile.py")?)?;
    show("module with __file__", m2)?;
    let q = py.new_native(&QUEUE, 7u32)?;
    show("native instance", q.clone())?;
    show("type(native)", q.get_type())?;
    let c = py.new_capsule(NonNull::<u32>::dangling().cast(), Some("mod._C_API"), None)?;
    show("capsule", c)?;
    show(
        "capsule NULL",
        py.new_capsule(NonNull::<u32>::dangling().cast(), None, None)?,
    )?;
    Ok(lines.join("\n"))
}

#[test]
fn repr_of_every_type() {
    let o = Objects::new(InterpId::new(0), Heap::new());
    let text = run(&o, all_reprs).expect("repr");
    insta::assert_snapshot!(text);
    let end = o.end();
    let closed = end.closed.expect("last user closes the heap");
    assert_eq!(closed.live_objects, 0, "every object was freed");
}
