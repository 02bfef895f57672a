//! `memoryview` objects over a [`SharedBuffer`]: what a shared buffer becomes in the
//! receiving interpreter (CPython's `memoryview(CrossInterpreterBufferView)`), reading the very
//! bytes the sender's view reads.
//!
//! A view made from `bytes` copies them once into process memory (not into any interpreter's
//! heap), so no interpreter's ending can pull the memory from under another one's view: CPython
//! leaves that case undefined (its views point into the owner's heap).

use subinterp_object::{Kind, Obj, Py, PyErr, PyResult, Slots, StaticType};
use subinterp_vm::{Args, BuiltinDef, MethodTable, Tstate};
use subinterp_xi::SharedBuffer;

/// The payload of a `memoryview` or `CrossInterpreterBufferView` object.
pub(crate) struct View(pub(crate) SharedBuffer);

static VIEW_METHODS: [BuiltinDef; 1] = [BuiltinDef {
    name: "tobytes",
    func: tobytes,
}];

static VIEW_TABLE: MethodTable = MethodTable {
    owner: "memoryview",
    methods: &VIEW_METHODS,
};

static XI_VIEW_TABLE: MethodTable = MethodTable {
    owner: "CrossInterpreterBufferView",
    methods: &VIEW_METHODS,
};

static VIEW_SLOTS: Slots = Slots {
    methods: Some(&VIEW_TABLE),
    getattr: Some(view_getattr),
    repr: Some(view_repr),
    ..Slots::EMPTY
};

static XI_VIEW_SLOTS: Slots = Slots {
    methods: Some(&XI_VIEW_TABLE),
    getattr: Some(xi_view_getattr),
    repr: None,
    ..Slots::EMPTY
};

/// `memoryview` (read-only, one-dimensional bytes).
pub static MEMORYVIEW: StaticType = StaticType::native("memoryview", "builtins", &VIEW_SLOTS);

/// `_interpreters.CrossInterpreterBufferView`: the exporter behind a received view (`m.obj`).
pub static CROSS_INTERPRETER_BUFFER_VIEW: StaticType = StaticType::native(
    "CrossInterpreterBufferView",
    "_interpreters",
    &XI_VIEW_SLOTS,
);

fn view<'a>(o: &'a Obj<'_>) -> PyResult<&'a SharedBuffer> {
    o.native::<View>()
        .map(|v| &v.0)
        .ok_or_else(|| PyErr::type_error(format!("expected a memoryview, got '{}'", o.type_name())))
}

/// A `memoryview` in `py`'s interpreter over `buffer`.
pub(crate) fn new_view<'py>(py: Py<'py>, buffer: SharedBuffer) -> PyResult<Obj<'py>> {
    py.new_native(&MEMORYVIEW, View(buffer))
}

/// `memoryview(b)` for a `bytes` object: the bytes copied once into process memory, which
/// every interpreter the view is shared with then reads in place.
pub fn memoryview<'py>(obj: &Obj<'py>) -> PyResult<Obj<'py>> {
    match (obj.kind(), obj.as_bytes()) {
        (Kind::Bytes, Some(b)) => new_view(obj.py(), SharedBuffer::from(b)),
        _ if obj.native::<View>().is_some() => new_view(obj.py(), view(obj)?.clone()),
        _ => Err(PyErr::type_error(format!(
            "memoryview: a bytes-like object is required, not '{}'",
            obj.type_name()
        ))),
    }
}

fn tobytes<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.none("tobytes")?;
    let slf = slf.ok_or_else(|| PyErr::type_error("tobytes() needs a memoryview"))?;
    py.bytes(view(slf)?.as_slice())
}

fn view_getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let py = o.py();
    let b = match view(o) {
        Ok(b) => b,
        Err(e) => return Some(Err(e)),
    };
    Some(match name {
        "obj" => py.new_native(&CROSS_INTERPRETER_BUFFER_VIEW, View(b.clone())),
        "nbytes" => py.int(b.len() as i64),
        "readonly" => Ok(py.bool(true)),
        _ => return None,
    })
}

fn xi_view_getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    match (name, view(o)) {
        ("nbytes", Ok(b)) => Some(o.py().int(b.len() as i64)),
        _ => None,
    }
}

fn view_repr(o: &Obj<'_>) -> PyResult<String> {
    Ok(format!("<memory at {:#x}>", o.id()))
}
