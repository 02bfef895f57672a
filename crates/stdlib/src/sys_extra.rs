//! The standard library's additions to `sys` ([`add_sys_attributes`](crate::add_sys_attributes),
//! called by whatever builds an interpreter's `sys`): `maxsize`, `float_info`,
//! `version_info`, `hexversion`, `byteorder`, `implementation` (name `subinterp`),
//! `intern`, `excepthook`, and the stream objects `stdin`, `stdout`, `stderr` with their `__stdout__`
//! twins (the vm's `stdio.rs`). `float_info` and `version_info` are named sequences: indexing, slicing,
//! iteration, `len` and comparisons as their tuples, fields by name, CPython's reprs.

use subinterp_object::{Kind, Obj, ObjRef, Py, PyErr, PyResult, Slots, StaticType};
use subinterp_vm::{
    BuiltinDef, CmpOp, Protocol, StdStream, Tstate, bind_ref, ext_value, new_ext, std_stream,
};

/// A named sequence: its type's dotted name, its field names and its values.
struct NamedSeq {
    name: &'static str,
    fields: &'static [&'static str],
    tuple: ObjRef,
}

static SEQ_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(seq_getattr),
    repr: Some(seq_repr),
    ..Slots::EMPTY
};
static FLOAT_INFO: StaticType = StaticType::native("float_info", "sys", &SEQ_SLOTS);
static VERSION_INFO: StaticType = StaticType::native("version_info", "sys", &SEQ_SLOTS);
static SEQ_PROTO: Protocol = Protocol {
    iter: Some(|ts, o| {
        let t = tuple_of(o)?;
        ts.get_iter(&t)
    }),
    len: Some(|ts, o| {
        let t = tuple_of(o)?;
        ts.length(&t)
    }),
    getitem: Some(|ts, o, k| {
        let t = tuple_of(o)?;
        ts.get_item(&t, k)
    }),
    compare: Some(seq_compare),
    ..Protocol::NONE
};

fn tuple_of<'py>(o: &Obj<'py>) -> PyResult<Obj<'py>> {
    match ext_value::<NamedSeq>(o) {
        Some(s) => bind_ref(&s.tuple, o.py()),
        None => Ok(o.clone()),
    }
}

fn seq_compare<'py>(
    ts: &mut Tstate<'py>,
    op: CmpOp,
    a: &Obj<'py>,
    b: &Obj<'py>,
) -> PyResult<Option<bool>> {
    if b.kind() != Kind::Tuple && ext_value::<NamedSeq>(b).is_none() {
        return Ok(None);
    }
    let (a, b) = (tuple_of(a)?, tuple_of(b)?);
    ts.compare(op, &a, &b).map(Some)
}

fn seq_getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let s = ext_value::<NamedSeq>(o)?;
    let i = s.fields.iter().position(|f| *f == name)?;
    Some(bind_ref(&s.tuple, o.py()).map(|t| t.seq_get(i).unwrap_or_else(|| o.py().none())))
}

fn seq_repr(o: &Obj<'_>) -> PyResult<String> {
    let Some(s) = ext_value::<NamedSeq>(o) else {
        return Ok(String::from("sys.named_sequence()"));
    };
    let t = bind_ref(&s.tuple, o.py())?;
    let mut parts = Vec::with_capacity(s.fields.len());
    for (i, f) in s.fields.iter().enumerate() {
        let v = t
            .seq_get(i)
            .map(|v| v.repr())
            .transpose()?
            .unwrap_or_default();
        parts.push(format!("{f}={v}"));
    }
    Ok(format!("{}({})", s.name, parts.join(", ")))
}

fn named<'py>(
    py: Py<'py>,
    ty: &'static StaticType,
    name: &'static str,
    fields: &'static [&'static str],
    values: &[Obj<'py>],
) -> PyResult<Obj<'py>> {
    let s = NamedSeq {
        name,
        fields,
        tuple: py.tuple(values)?.unbind(),
    };
    new_ext(py, ty, &SEQ_PROTO, s)
}

/// `sys.implementation`: a namespace with CPython's attribute names.
struct Implementation {
    version: ObjRef,
}

static IMPL_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(impl_getattr),
    repr: Some(impl_repr),
    ..Slots::EMPTY
};
static SIMPLE_NAMESPACE: StaticType = StaticType::native("SimpleNamespace", "types", &IMPL_SLOTS);
const HEXVERSION: i64 = 0x030d_00f0;

fn impl_getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let i = ext_value::<Implementation>(o)?;
    let py = o.py();
    Some(match name {
        "name" => py.str("subinterp"),
        "cache_tag" => Ok(py.none()),
        "version" => bind_ref(&i.version, py),
        "hexversion" => py.int(HEXVERSION),
        _ => return None,
    })
}

fn impl_repr(o: &Obj<'_>) -> PyResult<String> {
    let Some(i) = ext_value::<Implementation>(o) else {
        return Ok(String::from("namespace()"));
    };
    let v = bind_ref(&i.version, o.py())?.repr()?;
    Ok(format!(
        "namespace(name='subinterp', cache_tag=None, version={v}, hexversion={HEXVERSION})"
    ))
}

/// `sys.intern(string)`: the first string equal to it interned in this interpreter (kept in
/// a dict of the `sys` module).
fn intern<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: subinterp_vm::Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = &a.exactly("intern", 1)?[0];
    if s.kind() != Kind::Str {
        return Err(PyErr::type_error(format!(
            "intern() argument must be str, not {}",
            s.type_name()
        )));
    }
    let table = slf.ok_or_else(|| PyErr::type_error("intern without its table"))?;
    if let Some(v) = table.dict_get(s)? {
        return Ok(v);
    }
    table.set_item(s, s)?;
    let _ = ts;
    Ok(s.clone())
}

static INTERN: BuiltinDef = BuiltinDef {
    name: "intern",
    func: intern,
};

/// Adds the attributes to `sys`.
pub(crate) fn add(sys: &Obj<'_>) -> PyResult<()> {
    let py = sys.py();
    sys.setattr("maxsize", &py.int(i64::MAX)?)?;
    sys.setattr(
        "byteorder",
        &py.str(if cfg!(target_endian = "little") {
            "little"
        } else {
            "big"
        })?,
    )?;
    sys.setattr("hexversion", &py.int(HEXVERSION)?)?;
    // Each name and its `__name__` twin hold the same object (`sys.stdout is sys.__stdout__`
    // until a program rebinds one).
    for (name, dunder, which) in [
        ("stdin", "__stdin__", StdStream::Stdin),
        ("stdout", "__stdout__", StdStream::Stdout),
        ("stderr", "__stderr__", StdStream::Stderr),
    ] {
        let s = std_stream(py, which)?;
        sys.setattr(name, &s)?;
        sys.setattr(dunder, &s)?;
    }
    let fi = [
        py.float(f64::MAX)?,
        py.int(1024)?,
        py.int(308)?,
        py.float(f64::MIN_POSITIVE)?,
        py.int(-1021)?,
        py.int(-307)?,
        py.int(15)?,
        py.int(53)?,
        py.float(f64::EPSILON)?,
        py.int(2)?,
        py.int(1)?,
    ];
    const FI: [&str; 11] = [
        "max",
        "max_exp",
        "max_10_exp",
        "min",
        "min_exp",
        "min_10_exp",
        "dig",
        "mant_dig",
        "epsilon",
        "radix",
        "rounds",
    ];
    sys.setattr(
        "float_info",
        &named(py, &FLOAT_INFO, "sys.float_info", &FI, &fi)?,
    )?;
    const VI: [&str; 5] = ["major", "minor", "micro", "releaselevel", "serial"];
    let vi = [
        py.int(3)?,
        py.int(13)?,
        py.int(0)?,
        py.str("final")?,
        py.int(0)?,
    ];
    let version = named(py, &VERSION_INFO, "sys.version_info", &VI, &vi)?;
    sys.setattr("version_info", &version)?;
    let imp = new_ext(
        py,
        &SIMPLE_NAMESPACE,
        &Protocol::NONE,
        Implementation {
            version: version.unbind(),
        },
    )?;
    sys.setattr("implementation", &imp)?;
    let table = py.dict()?;
    let f = subinterp_vm::new_builtin(py, &INTERN, Some(&table))?;
    sys.setattr("intern", &f)?;
    let hook = subinterp_vm::new_builtin(py, &EXCEPTHOOK, None)?;
    sys.setattr("excepthook", &hook)?;
    sys.setattr("__excepthook__", &hook)?;
    Ok(())
}

static EXCEPTHOOK: BuiltinDef = BuiltinDef {
    name: "excepthook",
    func: excepthook,
};

/// `sys.excepthook(type, value, traceback)`: CPython's report of an uncaught exception
/// (its chain, each traceback, the exception line) written to standard error.
fn excepthook<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: subinterp_vm::Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.exactly("excepthook", 3)?;
    if v[1].kind() != Kind::Exception {
        // CPython reports this on stderr too, and returns.
        let text = format!(
            "TypeError: print_exception(): Exception expected for value, {} found\n",
            v[1].type_name()
        );
        ts.host().write_stderr(&text)?;
        return Ok(ts.py().none());
    }
    let text = subinterp_vm::format_exception(ts, &PyErr::from_value(&v[1]))?;
    ts.host().write_stderr(&text)?;
    Ok(ts.py().none())
}
