//! Calling the builtin types: `int(...)`, `str(...)`, `list(...)`, `range(...)`, ... Each
//! type object is the object crate's (or this crate's) static type, so `type(x) is int` and
//! `isinstance` see the same objects the constructors are reached through.

use subinterp_object::types::{BOOL, DICT, FLOAT, INT, LIST, OBJECT, STR, TUPLE, TYPE};
use subinterp_object::{Kind, Obj, PyErr, PyResult, StaticType};

use crate::Tstate;
use crate::builtin::Args;
use crate::int::{IntV, from_big, int_value};
use crate::iter::{ENUMERATE, FILTER, MAP, RANGE, REVERSED, Range, State, ZIP, new_iter};

fn is(ty: &Obj<'_>, st: &'static StaticType) -> bool {
    ty.is(&st.get(ty.py()))
}

/// `ty(*args, **kwargs)` for a type object.
pub(crate) fn call_type<'py>(
    ts: &mut Tstate<'py>,
    ty: &Obj<'py>,
    args: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    if is(ty, &subinterp_object::WEAKREF) {
        return crate::gc_module::new_ref(ts, args);
    }
    if is(ty, &INT) {
        let [x, base] = args.bind("int", ["x", "base"], 0)?;
        return int_new(ts, x, base);
    }
    if is(ty, &FLOAT) {
        let [x] = args.bind("float", ["x"], 0)?;
        return float_new(ts, x);
    }
    if is(ty, &STR) {
        let [x] = args.bind("str", ["object"], 0)?;
        return match x {
            None => py.str(""),
            Some(x) if x.kind() == Kind::Str => Ok(x),
            Some(x) => py.str(&ts.str(&x)?),
        };
    }
    if is(ty, &BOOL) {
        args.no_kw("bool")?;
        let a = args.between("bool", 0, 1)?;
        return match a.first() {
            Some(x) => Ok(py.bool(ts.truthy(x)?)),
            None => Ok(py.bool(false)),
        };
    }
    if let Some(st) = crate::sets::TYPES.into_iter().find(|st| is(ty, st)) {
        return crate::sets::new(ts, st, args);
    }
    if crate::bytes_ops::is_bytes_type(ty) {
        return crate::bytes_ops::new(ts, args);
    }
    if is(ty, &crate::subscr::SLICE) {
        return crate::subscr::slice_new(py, args);
    }
    if is(ty, &LIST) {
        args.no_kw("list")?;
        let a = args.between("list", 0, 1)?;
        return match a.first() {
            Some(x) => py.list_from(ts.collect(x)?),
            None => py.list(&[]),
        };
    }
    if is(ty, &TUPLE) {
        args.no_kw("tuple")?;
        let a = args.between("tuple", 0, 1)?;
        return match a.first() {
            Some(x) if x.kind() == Kind::Tuple && !x.has_heap_type() => Ok(x.clone()),
            Some(x) if x.kind() == Kind::Tuple => py.tuple(&x.tuple_items().unwrap_or_default()),
            Some(x) => py.tuple(&ts.collect(x)?),
            None => py.tuple(&[]),
        };
    }
    if is(ty, &DICT) {
        let a = args.between("dict", 0, 1);
        let d = py.dict()?;
        if let Some(x) = a.ok().and_then(|a| a.first()).or(args.pos.first()) {
            if args.pos.len() > 1 {
                return Err(PyErr::type_error(format!(
                    "dict expected at most 1 argument, got {}",
                    args.pos.len()
                )));
            }
            if x.kind() == Kind::Dict {
                d.dict_update(x)?;
            } else if x.kind() != Kind::List
                && x.kind() != Kind::Tuple
                && let Ok(keys) = ts.getattr(x, "keys")
            {
                // A mapping (`PyDict_Merge`): its `keys()`, each looked up.
                let keys = ts.call(&keys, Args { pos: &[], kw: &[] })?;
                for k in ts.collect(&keys)? {
                    let v = ts.get_item(x, &k)?;
                    d.dict_set_with(&k, &v, ts)?;
                }
            } else {
                for (i, item) in ts.collect(x)?.into_iter().enumerate() {
                    let pair = ts.collect(&item).map_err(|_| {
                        PyErr::type_error(format!(
                            "cannot convert dictionary update sequence element #{i} to a sequence"
                        ))
                    })?;
                    let [k, v] = <[Obj; 2]>::try_from(pair).map_err(|p| {
                        PyErr::value_error(format!(
                            "dictionary update sequence element #{i} has length {}; 2 is required",
                            p.len()
                        ))
                    })?;
                    d.dict_set_with(&k, &v, ts)?;
                }
            }
        }
        for (k, v) in args.kw {
            d.set_item(k, v)?;
        }
        return Ok(d);
    }
    if is(ty, &RANGE) {
        return range_new(ts, args);
    }
    if is(ty, &TYPE) {
        if args.pos.len() != 1 && args.pos.len() != 3 {
            return Err(PyErr::type_error("type() takes 1 or 3 arguments"));
        }
        return crate::type_call::type_call(ts, ty, args);
    }
    if is(ty, &OBJECT) {
        return crate::type_call::type_call(ts, ty, args);
    }
    if is(ty, &crate::super_obj::SUPER) {
        return crate::super_obj::call(ts, args);
    }
    if let Some(r) = crate::descr::construct(ts, ty, args) {
        return r;
    }
    if is(ty, &ENUMERATE) {
        let [it, start] = args.bind("enumerate", ["iterable", "start"], 1)?;
        let it = ts.iter(&it.unwrap_or_else(|| py.none()))?;
        let n = match start {
            Some(s) => match int_value(&s) {
                Some(IntV::Small(n)) => n,
                _ => {
                    return Err(crate::int::not_an_integer(&s));
                }
            },
            None => 0,
        };
        return new_iter(py, &ENUMERATE, State::Enumerate { it: it.unbind(), n });
    }
    if is(ty, &ZIP) {
        args.only_kw("zip", &["strict"])?;
        let mut its = Vec::new();
        for a in args.pos {
            its.push(ts.iter(a)?.unbind());
        }
        return new_iter(py, &ZIP, State::Zip { its });
    }
    if is(ty, &MAP) {
        args.no_kw("map")?;
        let Some((f, rest)) = args.pos.split_first().filter(|(_, r)| !r.is_empty()) else {
            return Err(PyErr::type_error("map() must have at least two arguments."));
        };
        let mut its = Vec::new();
        for a in rest {
            its.push(ts.iter(a)?.unbind());
        }
        return new_iter(py, &MAP, State::Map { f: f.to_ref(), its });
    }
    if is(ty, &FILTER) {
        let a = args.exactly("filter", 2)?;
        let f = (!a[0].is_none()).then(|| a[0].to_ref());
        let it = ts.iter(&a[1])?.unbind();
        return new_iter(py, &FILTER, State::Filter { f, it });
    }
    if is(ty, &REVERSED) {
        let a = args.exactly("reversed", 1)?;
        return reversed(ts, &a[0]);
    }
    let kw: Vec<(&str, Obj<'py>)> = args
        .kw
        .iter()
        .map(|(k, v)| (k.as_str().unwrap_or_default(), v.clone()))
        .collect();
    ty.call(args.pos, &kw)
}

/// `reversed(seq)`.
pub(crate) fn reversed<'py>(ts: &mut Tstate<'py>, v: &Obj<'py>) -> PyResult<Obj<'py>> {
    let py = ts.py();
    // A class's `__reversed__` (a metaclass's for a class: an enum's members backwards).
    if v.has_heap_type() {
        let ty = v.get_type();
        if let Some(f) = ts.type_lookup(&ty, "__reversed__")? {
            if f.is_none() {
                return Err(PyErr::type_error(format!(
                    "'{}' object is not reversible",
                    v.type_name()
                )));
            }
            let f = ts.descr_get(&f, Some(v), &ty)?;
            return ts.call(&f, Args::positional(&[]));
        }
        // The sequence protocol: `__len__` and `__getitem__`, asked lazily from the end.
        if v.kind() == Kind::Object
            && ts.type_lookup(&ty, "__getitem__")?.is_some()
            && ts.type_lookup(&ty, "__len__")?.is_some()
        {
            let n = ts.len(v)?;
            return new_iter(
                py,
                &REVERSED,
                State::RevGetItem {
                    obj: v.to_ref(),
                    left: i64::try_from(n).unwrap_or(i64::MAX),
                },
            );
        }
    }
    match v.kind() {
        Kind::List => {
            let n = v.seq_len().unwrap_or(0);
            return new_iter(
                py,
                &crate::iter::LIST_REV_ITER,
                State::Rev {
                    seq: v.to_ref(),
                    i: n,
                },
            );
        }
        Kind::Tuple => {
            let n = v.seq_len().unwrap_or(0);
            return new_iter(
                py,
                &REVERSED,
                State::Rev {
                    seq: v.to_ref(),
                    i: n,
                },
            );
        }
        Kind::Str => {
            let chars: Vec<Obj> = v
                .as_str()
                .unwrap_or_default()
                .chars()
                .rev()
                .map(|c| py.str(c.encode_utf8(&mut [0; 4])))
                .collect::<PyResult<_>>()?;
            let t = py.tuple(&chars)?;
            return new_iter(
                py,
                &REVERSED,
                State::Seq {
                    seq: t.unbind(),
                    i: 0,
                },
            );
        }
        _ => {}
    }
    if let Some(r) = v.native::<Range>() {
        let n = r.len();
        let (start, step) = if n == 0 {
            (0, 1)
        } else {
            (r.item(n - 1), -r.step)
        };
        let st = State::Range {
            next: start,
            step,
            left: n,
        };
        return new_iter(py, &crate::iter::RANGE_ITER, st);
    }
    if v.get_type().is_heap_type() {
        return reversed_instance(ts, v);
    }
    Err(not_reversible(v))
}

fn not_reversible(v: &Obj<'_>) -> PyErr {
    PyErr::type_error(format!("'{}' object is not reversible", v.type_name()))
}

/// `reversed(obj)` of a class instance: its `__reversed__()` (`None` refuses), else the
/// sequence protocol (`__len__` and `__getitem__`). The items are read at once, from the
/// last index down (CPython reads them lazily; only a sequence changed during the
/// iteration sees the difference).
fn reversed_instance<'py>(ts: &mut Tstate<'py>, v: &Obj<'py>) -> PyResult<Obj<'py>> {
    let py = ts.py();
    if let Some(r) = ts.lookup_special(v, "__reversed__")? {
        if r.is_none() {
            return Err(not_reversible(v));
        }
        return ts.call(&r, Args { pos: &[], kw: &[] });
    }
    if ts.lookup_special(v, "__getitem__")?.is_none() || ts.lookup_special(v, "__len__")?.is_none()
    {
        return Err(not_reversible(v));
    }
    let n = ts.length(v)?;
    let mut items = Vec::with_capacity(n);
    for i in (0..n).rev() {
        let i = py.int(i64::try_from(i).unwrap_or(i64::MAX))?;
        items.push(ts.get_item(v, &i)?);
    }
    let t = py.tuple(&items)?;
    new_iter(
        py,
        &REVERSED,
        State::Seq {
            seq: t.unbind(),
            i: 0,
        },
    )
}

fn int_new<'py>(
    ts: &mut Tstate<'py>,
    x: Option<Obj<'py>>,
    base: Option<Obj<'py>>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let Some(x) = x else {
        return py.int(0);
    };
    if base.is_none()
        && x.has_heap_type()
        && let Some(r) = ts.int_dunder(&x)?
    {
        return Ok(r);
    }
    if let Some(b) = base {
        let base = match int_value(&b) {
            Some(IntV::Small(b)) if b == 0 || (2..=36).contains(&b) => b as u32,
            _ => {
                return Err(PyErr::value_error(
                    "int() base must be >= 2 and <= 36, or 0",
                ));
            }
        };
        return match x.as_str() {
            Some(s) => crate::int::parse(py, s, base),
            None => Err(PyErr::type_error(
                "int() can't convert non-string with explicit base",
            )),
        };
    }
    if let Some(i) = int_value(&x) {
        return from_big(py, i.to_big());
    }
    if let Some(f) = x.as_f64() {
        return float_to_int(py, f.trunc());
    }
    if let Some(s) = x.as_str() {
        return crate::int::parse(py, s, 10);
    }
    if let Some(b) = x.as_bytes() {
        return crate::int::parse(py, &String::from_utf8_lossy(b), 10);
    }
    Err(PyErr::type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        x.type_name()
    )))
}

/// The `int` of an integral float (`int(f)` after truncation, `round(f)`): CPython's errors
/// for NaN and the infinities.
pub(crate) fn float_to_int<'py>(py: subinterp_object::Py<'py>, f: f64) -> PyResult<Obj<'py>> {
    use num_traits::FromPrimitive;
    match num_bigint::BigInt::from_f64(f) {
        Some(v) => from_big(py, v),
        None => Err(float_to_int_error(f)),
    }
}

/// `int()` of a NaN or an infinity.
pub(crate) fn float_to_int_error(f: f64) -> PyErr {
    if f.is_nan() {
        PyErr::value_error("cannot convert float NaN to integer")
    } else {
        PyErr::new(
            &subinterp_object::exc::OVERFLOW_ERROR,
            "cannot convert float infinity to integer",
        )
    }
}

/// `float(text)`: CPython's accepted forms (surrounding white space, a sign, digits with
/// single underscores between them, a fraction, an exponent, `inf`/`infinity`/`nan` in any
/// case, decimal digits of any script), correctly rounded.
fn parse_float(text: &str) -> Option<f64> {
    let ascii = subinterp_object::decimal_and_space_to_ascii(text);
    let t = std::str::from_utf8(subinterp_object::trim_py_space(&ascii)).ok()?;
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let special = match body.to_ascii_lowercase().as_str() {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        return Some(if neg { -v } else { v });
    }
    // digits ('.' digits?)? | '.' digits, then (e|E) sign? digits; digits = [0-9](_?[0-9])*.
    let b = body.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| -> usize {
        let start = *i;
        // An underscore only between two digits.
        let at = |i: usize| {
            b[i].is_ascii_digit()
                || (b[i] == b'_' && i > start && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        };
        while *i < b.len() && at(*i) {
            *i += 1;
        }
        *i - start
    };
    let whole = digits(&mut i);
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac = digits(&mut i);
    }
    if whole + frac == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let v: f64 = body.replace('_', "").parse().ok()?;
    Some(if neg { -v } else { v })
}

fn float_new<'py>(ts: &mut Tstate<'py>, x: Option<Obj<'py>>) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let Some(x) = x else {
        return py.float(0.0);
    };
    if x.has_heap_type()
        && let Some(f) = ts.float_dunder(&x)?
    {
        return py.float(f);
    }
    if let Some(f) = x.as_f64() {
        return py.float(f);
    }
    if let Some(i) = int_value(&x) {
        return py.float(i.to_f64()?);
    }
    let text = match (x.as_str(), x.as_bytes()) {
        (Some(s), _) => Some(s.to_owned()),
        (None, Some(b)) => Some(String::from_utf8_lossy(b).into_owned()),
        _ => None,
    };
    if let Some(s) = text {
        if let Some(v) = parse_float(&s) {
            return py.float(v);
        }
        return Err(PyErr::value_error(format!(
            "could not convert string to float: {}",
            x.repr()?
        )));
    }
    Err(PyErr::type_error(format!(
        "float() argument must be a string or a real number, not '{}'",
        x.type_name()
    )))
}

/// `range(stop)`, `range(start, stop[, step])`.
fn range_new<'py>(ts: &mut Tstate<'py>, args: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let a = args.between("range", 1, 3)?;
    let a = a
        .iter()
        .map(|o| ts.index_if_defined(o))
        .collect::<PyResult<Vec<_>>>()?;
    let a = &a[..];
    let as_i64 = |o: &Obj<'_>| -> PyResult<i64> {
        match int_value(o) {
            Some(IntV::Small(i)) => Ok(i),
            Some(IntV::Big(_)) => Err(PyErr::new(
                &subinterp_object::exc::OVERFLOW_ERROR,
                "Python int too large to convert to C ssize_t",
            )),
            None => Err(crate::int::not_an_integer(o)),
        }
    };
    let (start, stop, step) = match a {
        [stop] => (0, as_i64(stop)?, 1),
        [start, stop] => (as_i64(start)?, as_i64(stop)?, 1),
        [start, stop, step] => (as_i64(start)?, as_i64(stop)?, as_i64(step)?),
        _ => return Err(PyErr::type_error("range expected at most 3 arguments")),
    };
    if step == 0 {
        return Err(PyErr::value_error("range() arg 3 must not be zero"));
    }
    ts.py().new_native(&RANGE, Range { start, stop, step })
}
