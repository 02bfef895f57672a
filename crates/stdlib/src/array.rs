//! `array`: `array.array` of numbers (type codes in `array_code.rs`), its methods, indexing
//! and slicing (slice assignment takes an array of the same code), iteration, comparisons,
//! CPython's repr and texts. Not provided: the `u`/`w` codes, the buffer protocol, `+`/`*`
//! (the loop has no arithmetic hook for native objects).

use std::cell::RefCell;

use num_traits::ToPrimitive;
use subinterp_object::{Kind, Obj, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{
    Args, BuiltinDef, CmpOp, NativeClass, Protocol, Tstate, ext_value, new_ext, register_class,
};

use crate::StdModule;
use crate::array_code::{BAD_TYPECODE, Code, Num};

/// `array`.
pub(crate) const MODULE: StdModule = StdModule {
    name: "array",
    doc: "This module defines an object type which can efficiently represent\nan array of basic values: characters, integers, floating-point\nnumbers.",
    exec,
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    register_class(py, &CLASS);
    m.setattr("array", &ARRAY.get(py))?;
    m.setattr("ArrayType", &ARRAY.get(py))?;
    m.setattr("typecodes", &py.str("bBuwhHiIlLqQfd")?)
}

/// An array: its code and items.
struct Array {
    code: Code,
    items: RefCell<Vec<Num>>,
}

static SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(getattr),
    repr: Some(repr),
    ..Slots::EMPTY
};
static ARRAY: StaticType = StaticType::native("array", "array", &SLOTS);
static CLASS: NativeClass = NativeClass {
    ty: &ARRAY,
    new: array_new,
    class_methods: &[],
};
static PROTO: Protocol = Protocol {
    iter: Some(|ts, o| {
        let l = to_list(ts, o)?;
        ts.get_iter(&l)
    }),
    len: Some(|_, o| Ok(this(o)?.items.borrow().len())),
    getitem: Some(getitem),
    setitem: Some(setitem),
    compare: Some(compare),
    ..Protocol::NONE
};

fn this<'a>(o: &'a Obj<'_>) -> PyResult<&'a Array> {
    ext_value::<Array>(o)
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'array.array' object"))
}

fn recv<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a Array> {
    this(slf.ok_or_else(|| PyErr::type_error("array method without an array"))?)
}

fn make<'py>(ts: &mut Tstate<'py>, code: Code, items: Vec<Num>) -> PyResult<Obj<'py>> {
    let a = Array {
        code,
        items: RefCell::new(items),
    };
    new_ext(ts.py(), &ARRAY, &PROTO, a)
}

fn array_new<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.no_kw("array.array")?;
    let v = a.between("array", 1, 2)?;
    let c = match v[0].as_str() {
        Some(s) if s.chars().count() == 1 => s.chars().next().unwrap_or('?'),
        _ => {
            return Err(PyErr::type_error(format!(
                "array() argument 1 must be a unicode character, not {}",
                v[0].type_name()
            )));
        }
    };
    let code = Code::new(c).ok_or_else(|| PyErr::value_error(BAD_TYPECODE))?;
    let arr = make(ts, code, Vec::new())?;
    if let Some(init) = v.get(1) {
        if init.kind() == Kind::Str {
            return Err(PyErr::type_error(format!(
                "cannot use a str to initialize an array with typecode '{c}'"
            )));
        }
        let slf = Some(&arr);
        match init.as_bytes() {
            Some(b) => from_bytes(recv(slf)?, b)?,
            None => extend_from(ts, recv(slf)?, init)?,
        }
    }
    Ok(arr)
}

/// Appends every item of `iterable`, one at a time (items before a bad one stay, as in
/// CPython).
fn extend_from<'py>(ts: &mut Tstate<'py>, arr: &Array, iterable: &Obj<'py>) -> PyResult<()> {
    let it = ts.get_iter(iterable)?;
    while let Some(x) = ts.next_item(&it)? {
        let n = arr.code.item(&x)?;
        arr.items.borrow_mut().push(n);
    }
    Ok(())
}

fn from_bytes(arr: &Array, b: &[u8]) -> PyResult<()> {
    let size = arr.code.size();
    if !b.len().is_multiple_of(size) {
        return Err(PyErr::value_error(
            "bytes length not a multiple of item size",
        ));
    }
    let mut items = arr.items.borrow_mut();
    items.extend(b.chunks_exact(size).map(|c| arr.code.get(c)));
    Ok(())
}

fn to_list<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let a = this(o)?;
    let items = a.items.borrow().clone();
    let v = items
        .into_iter()
        .map(|n| a.code.value(py, n))
        .collect::<PyResult<Vec<_>>>()?;
    py.list(&v)
}

fn repr(o: &Obj<'_>) -> PyResult<String> {
    let a = this(o)?;
    let py = o.py();
    let items = a.items.borrow().clone();
    if items.is_empty() {
        return Ok(format!("array('{}')", a.code.0));
    }
    let mut parts = Vec::with_capacity(items.len());
    for n in items {
        parts.push(a.code.value(py, n)?.repr()?);
    }
    Ok(format!("array('{}', [{}])", a.code.0, parts.join(", ")))
}

/// An index argument (`array indices must be integers` otherwise), from the end when
/// negative; `None` when outside `0..len`.
fn position(key: &Obj<'_>, len: usize) -> PyResult<Option<usize>> {
    if !matches!(key.kind(), Kind::Int | Kind::Bool) {
        return Err(PyErr::type_error("array indices must be integers"));
    }
    let i = key.as_bigint().and_then(|b| b.to_i64()).unwrap_or(i64::MAX);
    let i = if i < 0 {
        i.saturating_add(len as i64)
    } else {
        i
    };
    Ok((0..len as i64).contains(&i).then_some(i as usize))
}

fn is_slice(key: &Obj<'_>) -> bool {
    key.kind() == Kind::Native && key.type_name() == "slice"
}

/// The positions a slice selects in a sequence of `len` items (`slice.indices` rules).
fn slice_positions<'py>(ts: &mut Tstate<'py>, key: &Obj<'py>, len: usize) -> PyResult<Vec<usize>> {
    let py = ts.py();
    let indices = ts.get_attr(key, "indices")?;
    let t = ts.call(&indices, Args::positional(&[py.int(len as i64)?]))?;
    let v = ts.to_vec(&t)?;
    let n = |o: &Obj<'_>| o.as_i64().unwrap_or(0);
    let (start, stop, step) = (n(&v[0]), n(&v[1]), n(&v[2]));
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Ok(out)
}

fn getitem<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>, key: &Obj<'py>) -> PyResult<Obj<'py>> {
    let a = this(o)?;
    let len = a.items.borrow().len();
    if is_slice(key) {
        let pos = slice_positions(ts, key, len)?;
        let items = {
            let all = a.items.borrow();
            pos.iter().map(|&i| all[i]).collect()
        };
        return make(ts, a.code, items);
    }
    let i = position(key, len)?
        .ok_or_else(|| PyErr::new(&exc::INDEX_ERROR, "array index out of range"))?;
    let n = a.items.borrow()[i];
    a.code.value(ts.py(), n)
}

fn setitem<'py>(
    ts: &mut Tstate<'py>,
    o: &Obj<'py>,
    key: &Obj<'py>,
    value: Option<&Obj<'py>>,
) -> PyResult<()> {
    let a = this(o)?;
    let len = a.items.borrow().len();
    if is_slice(key) {
        return set_slice(ts, a, key, value);
    }
    let i = position(key, len)?
        .ok_or_else(|| PyErr::new(&exc::INDEX_ERROR, "array assignment index out of range"))?;
    match value {
        Some(v) => {
            let n = a.code.item(v)?;
            a.items.borrow_mut()[i] = n;
        }
        None => {
            a.items.borrow_mut().remove(i);
        }
    }
    Ok(())
}

fn set_slice<'py>(
    ts: &mut Tstate<'py>,
    a: &Array,
    key: &Obj<'py>,
    value: Option<&Obj<'py>>,
) -> PyResult<()> {
    let len = a.items.borrow().len();
    let pos = slice_positions(ts, key, len)?;
    let Some(v) = value else {
        let mut items = a.items.borrow_mut();
        let mut k = 0;
        items.retain(|_| {
            k += 1;
            !pos.contains(&(k - 1))
        });
        return Ok(());
    };
    let src = match ext_value::<Array>(v) {
        Some(s) if s.code == a.code => s.items.borrow().clone(),
        Some(_) => {
            return Err(PyErr::type_error(
                "bad argument type for built-in operation",
            ));
        }
        None => {
            return Err(PyErr::type_error(format!(
                "can only assign array (not \"{}\") to array slice",
                v.type_name()
            )));
        }
    };
    let step = ts.get_attr(key, "step")?;
    let contiguous = step.is_none() || step.as_i64() == Some(1);
    let mut items = a.items.borrow_mut();
    if contiguous {
        // An empty selection still has a place: where the slice starts.
        let start = match pos.first() {
            Some(&s) => s,
            None => {
                let start = ts.get_attr(key, "start")?;
                let s = start.as_i64().unwrap_or(0);
                let s = if s < 0 { (s + len as i64).max(0) } else { s };
                (s as usize).min(len)
            }
        };
        items.splice(start..start + pos.len(), src);
        return Ok(());
    }
    if src.len() != pos.len() {
        return Err(PyErr::value_error(format!(
            "attempt to assign array of size {} to extended slice of size {}",
            src.len(),
            pos.len()
        )));
    }
    for (i, n) in pos.into_iter().zip(src) {
        items[i] = n;
    }
    Ok(())
}

fn compare<'py>(
    ts: &mut Tstate<'py>,
    op: CmpOp,
    a: &Obj<'py>,
    b: &Obj<'py>,
) -> PyResult<Option<bool>> {
    if ext_value::<Array>(a).is_none() || ext_value::<Array>(b).is_none() {
        return Ok(None);
    }
    let (x, y) = (to_list(ts, a)?, to_list(ts, b)?);
    ts.compare(op, &x, &y).map(Some)
}

fn getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let a = ext_value::<Array>(o)?;
    let py = o.py();
    match name {
        "typecode" => return Some(py.str(&a.code.0.to_string())),
        "itemsize" => return Some(py.int(a.code.size() as i64)),
        _ => {}
    }
    let def = METHODS.iter().find(|m| m.name == name)?;
    Some(subinterp_vm::new_builtin(py, def, Some(o)))
}

fn none<'py>(ts: &Tstate<'py>) -> PyResult<Obj<'py>> {
    Ok(ts.py().none())
}

fn append<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("append", 1)?[0];
    let arr = recv(slf)?;
    let n = arr.code.item(v)?;
    arr.items.borrow_mut().push(n);
    none(ts)
}

fn extend<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("extend", 1)?[0];
    let arr = recv(slf)?;
    if let Some(other) = ext_value::<Array>(v) {
        if other.code != arr.code {
            return Err(PyErr::type_error("can only extend with array of same kind"));
        }
        let items = other.items.borrow().clone();
        arr.items.borrow_mut().extend(items);
        return none(ts);
    }
    extend_from(ts, arr, v)?;
    none(ts)
}

fn fromlist<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("fromlist", 1)?[0];
    let arr = recv(slf)?;
    let Some(list) = v.list_items().filter(|_| v.kind() == Kind::List) else {
        return Err(PyErr::type_error("arg must be list"));
    };
    // All or nothing.
    let items = list
        .iter()
        .map(|x| arr.code.item(x))
        .collect::<PyResult<Vec<_>>>()?;
    arr.items.borrow_mut().extend(items);
    none(ts)
}

fn frombytes<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("frombytes", 1)?[0];
    let b = v.as_bytes().ok_or_else(|| {
        PyErr::type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.type_name()
        ))
    })?;
    from_bytes(recv(slf)?, b)?;
    none(ts)
}

fn tobytes<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("tobytes", 0)?;
    let arr = recv(slf)?;
    let mut out = Vec::new();
    for n in arr.items.borrow().iter() {
        arr.code.put(*n, &mut out);
    }
    ts.py().bytes(&out)
}

fn tolist<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("tolist", 0)?;
    let o = slf.ok_or_else(|| PyErr::type_error("no array"))?;
    to_list(ts, o)
}

fn pop<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = a.between("pop", 0, 1)?;
    let arr = recv(slf)?;
    let len = arr.items.borrow().len();
    if len == 0 {
        return Err(PyErr::new(&exc::INDEX_ERROR, "pop from empty array"));
    }
    let i = match v.first() {
        None => Some(len - 1),
        Some(k) => position(k, len).map_err(|_| crate::args::not_an_integer(k))?,
    }
    .ok_or_else(|| PyErr::new(&exc::INDEX_ERROR, "pop index out of range"))?;
    let n = arr.items.borrow_mut().remove(i);
    arr.code.value(ts.py(), n)
}

fn insert<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.exactly("insert", 2)?;
    let arr = recv(slf)?;
    if !matches!(v[0].kind(), Kind::Int | Kind::Bool) {
        return Err(crate::args::not_an_integer(&v[0]));
    }
    let len = arr.items.borrow().len() as i64;
    let i = v[0]
        .as_bigint()
        .and_then(|b| b.to_i64())
        .unwrap_or(i64::MAX);
    let i = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
    let n = arr.code.item(&v[1])?;
    arr.items.borrow_mut().insert(i, n);
    none(ts)
}

/// The positions in `start..stop` whose items equal `x`.
fn matches<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    x: &Obj<'py>,
    first_only: bool,
) -> PyResult<Vec<usize>> {
    let o = slf.ok_or_else(|| PyErr::type_error("no array"))?;
    let list = to_list(ts, o)?;
    let mut out = Vec::new();
    for (i, v) in ts.to_vec(&list)?.iter().enumerate() {
        if ts.equal(v, x)? {
            out.push(i);
            if first_only {
                break;
            }
        }
    }
    Ok(out)
}

fn count<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let x = &a.exactly("count", 1)?[0];
    let n = matches(ts, slf, x, false)?.len();
    ts.py().int(n as i64)
}

fn index<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.between("index", 1, 3)?;
    let len = recv(slf)?.items.borrow().len() as i64;
    let bound = |k: usize, default: i64| -> PyResult<i64> {
        match v.get(k) {
            None => Ok(default),
            Some(b) if matches!(b.kind(), Kind::Int | Kind::Bool) => {
                let n = b.as_bigint().and_then(|x| x.to_i64()).unwrap_or(i64::MAX);
                Ok(if n < 0 { (n + len).max(0) } else { n })
            }
            Some(b) => Err(crate::args::not_an_integer(b)),
        }
    };
    let (start, stop) = (bound(1, 0)?, bound(2, len)?);
    let found = matches(ts, slf, &v[0], false)?
        .into_iter()
        .find(|&i| (i as i64) >= start && (i as i64) < stop);
    match found {
        Some(i) => ts.py().int(i as i64),
        None => Err(PyErr::value_error("array.index(x): x not in array")),
    }
}

fn remove<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let x = &a.exactly("remove", 1)?[0];
    let Some(&i) = matches(ts, slf, x, true)?.first() else {
        return Err(PyErr::value_error("array.remove(x): x not in array"));
    };
    recv(slf)?.items.borrow_mut().remove(i);
    none(ts)
}

fn reverse<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("reverse", 0)?;
    recv(slf)?.items.borrow_mut().reverse();
    none(ts)
}

fn byteswap<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("byteswap", 0)?;
    let arr = recv(slf)?;
    let mut items = arr.items.borrow_mut();
    for n in items.iter_mut() {
        let mut b = Vec::with_capacity(8);
        arr.code.put(*n, &mut b);
        b.reverse();
        *n = arr.code.get(&b);
    }
    none(ts)
}

fn copy<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.between("__copy__", 0, 1)?;
    let arr = recv(slf)?;
    let items = arr.items.borrow().clone();
    make(ts, arr.code, items)
}

fn buffer_info<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("buffer_info", 0)?;
    let arr = recv(slf)?;
    let py = ts.py();
    let items = arr.items.borrow();
    py.tuple(&[py.int(items.as_ptr() as i64)?, py.int(items.len() as i64)?])
}

static METHODS: [BuiltinDef; 18] = [
    BuiltinDef {
        name: "append",
        func: append,
    },
    BuiltinDef {
        name: "extend",
        func: extend,
    },
    BuiltinDef {
        name: "fromlist",
        func: fromlist,
    },
    BuiltinDef {
        name: "frombytes",
        func: frombytes,
    },
    BuiltinDef {
        name: "tobytes",
        func: tobytes,
    },
    BuiltinDef {
        name: "tolist",
        func: tolist,
    },
    BuiltinDef {
        name: "pop",
        func: pop,
    },
    BuiltinDef {
        name: "insert",
        func: insert,
    },
    BuiltinDef {
        name: "count",
        func: count,
    },
    BuiltinDef {
        name: "index",
        func: index,
    },
    BuiltinDef {
        name: "remove",
        func: remove,
    },
    BuiltinDef {
        name: "reverse",
        func: reverse,
    },
    BuiltinDef {
        name: "byteswap",
        func: byteswap,
    },
    BuiltinDef {
        name: "__copy__",
        func: copy,
    },
    BuiltinDef {
        name: "__deepcopy__",
        func: copy,
    },
    BuiltinDef {
        name: "buffer_info",
        func: buffer_info,
    },
    BuiltinDef {
        name: "__len__",
        func: len,
    },
    BuiltinDef {
        name: "__reduce__",
        func: reduce,
    },
];

fn len<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.exactly("__len__", 0)?;
    let n = recv(slf)?.items.borrow().len();
    ts.py().int(n as i64)
}

/// `array.__reduce__()`: `(array, (typecode, list))`, what `copy` and pickling rebuild from.
fn reduce<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("__reduce__", 0)?;
    let o = slf.ok_or_else(|| PyErr::type_error("no array"))?;
    let arr = this(o)?;
    let py = ts.py();
    let list = to_list(ts, o)?;
    let args = py.tuple(&[py.str(&arr.code.0.to_string())?, list])?;
    py.tuple(&[ARRAY.get(py), args])
}
