//! The `builtins` namespace: the builtin functions (each a [`BuiltinDef`] taking the thread
//! state), the builtin types, and the exception classes.

use subinterp_compile::{BinOp, CmpOp};
use subinterp_object::types::{BOOL, DICT, FLOAT, INT, LIST, OBJECT, STR, TUPLE, TYPE};
use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::builtin::{Args, Builtin, BuiltinDef};
use crate::int::{IntV, from_big, int_value};
use crate::iter::{ENUMERATE, FILTER, MAP, RANGE, REVERSED, ZIP};

static FUNCTIONS: &[BuiltinDef] = &[
    BuiltinDef {
        name: "print",
        func: print,
    },
    BuiltinDef {
        name: "len",
        func: len,
    },
    BuiltinDef {
        name: "repr",
        func: repr,
    },
    BuiltinDef {
        name: "ascii",
        func: ascii,
    },
    BuiltinDef {
        name: "iter",
        func: iter,
    },
    BuiltinDef {
        name: "next",
        func: next,
    },
    BuiltinDef {
        name: "isinstance",
        func: isinstance,
    },
    BuiltinDef {
        name: "issubclass",
        func: issubclass,
    },
    BuiltinDef {
        name: "min",
        func: min,
    },
    BuiltinDef {
        name: "max",
        func: max,
    },
    BuiltinDef {
        name: "sum",
        func: sum,
    },
    BuiltinDef {
        name: "sorted",
        func: sorted,
    },
    BuiltinDef {
        name: "any",
        func: any,
    },
    BuiltinDef {
        name: "all",
        func: all,
    },
    BuiltinDef {
        name: "abs",
        func: abs,
    },
    BuiltinDef {
        name: "divmod",
        func: divmod,
    },
    BuiltinDef {
        name: "pow",
        func: pow,
    },
    BuiltinDef {
        name: "round",
        func: round,
    },
    BuiltinDef {
        name: "hash",
        func: hash,
    },
    BuiltinDef {
        name: "id",
        func: id,
    },
    BuiltinDef {
        name: "callable",
        func: callable,
    },
    BuiltinDef {
        name: "chr",
        func: chr,
    },
    BuiltinDef {
        name: "ord",
        func: ord,
    },
    BuiltinDef {
        name: "format",
        func: format,
    },
    BuiltinDef {
        name: "getattr",
        func: getattr,
    },
    BuiltinDef {
        name: "hasattr",
        func: hasattr,
    },
    BuiltinDef {
        name: "setattr",
        func: setattr,
    },
    BuiltinDef {
        name: "delattr",
        func: delattr,
    },
    BuiltinDef {
        name: "hex",
        func: hex,
    },
    BuiltinDef {
        name: "bin",
        func: bin,
    },
    BuiltinDef {
        name: "oct",
        func: oct,
    },
];

/// Fills `d`, the builtins namespace of `ts`'s interpreter.
pub(crate) fn make<'py>(ts: &mut Tstate<'py>, d: &Obj<'py>) -> PyResult<()> {
    let py = ts.py();
    for def in FUNCTIONS
        .iter()
        .chain(crate::scope::FRAME_FUNCTIONS)
        .chain(crate::scope::FUNCTIONS)
    {
        let f = crate::new_builtin(py, def, None)?;
        d.set_item(&ts.consts.intern(py, def.name)?, &f)?;
    }
    for ty in [
        &INT, &FLOAT, &STR, &BOOL, &LIST, &TUPLE, &DICT, &TYPE, &OBJECT, &RANGE, &ENUMERATE, &ZIP,
        &MAP, &FILTER, &REVERSED,
    ] {
        d.set_item(&ts.consts.intern(py, ty.name())?, &ty.get(py))?;
    }
    d.set_item(
        &ts.consts.intern(py, "slice")?,
        &crate::subscr::SLICE.get(py),
    )?;
    d.set_item(
        &ts.consts.intern(py, "bytes")?,
        &subinterp_object::types::BYTES.get(py),
    )?;
    for ty in crate::sets::TYPES {
        d.set_item(&ts.consts.intern(py, ty.name())?, &ty.get(py))?;
    }
    for e in exc::ALL.iter().chain(&crate::exc_group::TYPES) {
        d.set_item(&ts.consts.intern(py, e.name())?, &e.get(py))?;
    }
    for ty in [
        &crate::descr::STATICMETHOD,
        &crate::descr::CLASSMETHOD,
        &crate::descr::PROPERTY,
        &crate::super_obj::SUPER,
    ] {
        d.set_item(&ts.consts.intern(py, ty.name())?, &ty.get(py))?;
    }
    let bc = crate::native::new_builtin(py, &crate::build_class::BUILD_CLASS, None)?;
    d.set_item(&ts.consts.intern(py, "__build_class__")?, &bc)?;
    d.set_item(&py.str("Ellipsis")?, &ts.ellipsis)?;
    d.set_item(&py.str("NotImplemented")?, &ts.not_implemented)?;
    d.set_item(&py.str("__name__")?, &py.str("builtins")?)?;
    Ok(())
}

fn sep_arg<'py>(
    ts: &mut Tstate<'py>,
    a: &Args<'_, 'py>,
    name: &str,
    default: &str,
) -> PyResult<String> {
    match a.kwarg(name) {
        None => Ok(default.to_owned()),
        Some(v) if v.is_none() => Ok(default.to_owned()),
        Some(v) if v.kind() == Kind::Str => Ok(ts.str(v)?),
        Some(v) => Err(PyErr::type_error(format!(
            "{name} must be None or a string, not {}",
            v.type_name()
        ))),
    }
}

fn print<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.only_kw("print", &["sep", "end", "file", "flush"])?;
    let sep = sep_arg(ts, &a, "sep", " ")?;
    let end = sep_arg(ts, &a, "end", "\n")?;
    let flush = match a.kwarg("flush") {
        Some(f) => ts.truthy(f)?,
        None => false,
    };
    if let Some(file) = a.kwarg("file").filter(|f| !f.is_none()) {
        return print_to(ts, file, a.pos, &sep, &end, flush);
    }
    let mut out = String::new();
    for (i, v) in a.pos.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&ts.str(v)?);
    }
    out.push_str(&end);
    ts.host().write_stdout(&out)?;
    Ok(ts.py().none())
}

/// `print(..., file=f)`: CPython's sequence of `f.write` calls (each item, each separator,
/// the end), then `f.flush()` when asked.
fn print_to<'py>(
    ts: &mut Tstate<'py>,
    file: &Obj<'py>,
    items: &[Obj<'py>],
    sep: &str,
    end: &str,
    flush: bool,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let write = ts.getattr(file, "write")?;
    let put = |ts: &mut Tstate<'py>, text: &str| -> PyResult<()> {
        let s = py.str(text)?;
        ts.call(&write, Args::positional(std::slice::from_ref(&s)))
            .map(drop)
    };
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            put(ts, sep)?;
        }
        let text = ts.str(v)?;
        put(ts, &text)?;
    }
    put(ts, end)?;
    if flush {
        let f = ts.getattr(file, "flush")?;
        ts.call(&f, Args::positional(&[]))?;
    }
    Ok(py.none())
}

fn len<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = &a.exactly("len", 1)?[0];
    let n = ts.len(v)?;
    ts.py().int(n as i64)
}

fn repr<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = &a.exactly("repr", 1)?[0];
    let s = ts.repr(v)?;
    ts.py().str(&s)
}

fn ascii<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = &a.exactly("ascii", 1)?[0];
    let s = crate::format::ascii(&ts.repr(v)?);
    ts.py().str(&s)
}

fn iter<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = &a.between("iter", 1, 1)?[0];
    ts.iter(v)
}

fn next<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let a = a.between("next", 1, 2)?;
    let native_iter = a[0].native::<crate::iter::Iter>().is_some()
        || crate::generator::is_generator(&a[0])
        || crate::ext::is_iterator(&a[0]);
    let is_iter = native_iter || (a[0].has_heap_type() && ts.is_iterator(&a[0])?);
    if !is_iter {
        return Err(PyErr::type_error(format!(
            "'{}' object is not an iterator",
            a[0].type_name()
        )));
    }
    if crate::generator::is_generator(&a[0]) && a.len() == 1 {
        let py = ts.py();
        return crate::generator::gen_send(ts, &a[0], py.none());
    }
    match ts.next(&a[0])? {
        Some(v) => Ok(v),
        None => match a.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(PyErr::new(&exc::STOP_ITERATION, "")),
        },
    }
}

/// `isinstance(v, ty)` for one class object.
fn instance_of(v: &Obj<'_>, ty: &Obj<'_>) -> bool {
    crate::exc_group::instance_of(v, ty)
}

/// The answer of `__instancecheck__`/`__subclasscheck__` defined by the metaclass of `c`
/// (a class made at run time), if it defines one.
fn class_hook<'py>(
    ts: &mut Tstate<'py>,
    c: &Obj<'py>,
    hook: &str,
    arg: &Obj<'py>,
) -> PyResult<Option<bool>> {
    let meta = c.get_type();
    if !meta.is_heap_type() {
        return Ok(None);
    }
    let Some(f) = ts.type_lookup(&meta, hook)? else {
        return Ok(None);
    };
    if f.native::<crate::call::MethodDescr>().is_some() {
        return Ok(None);
    }
    let f = ts.descr_get(&f, Some(c), &meta)?;
    let r = ts.call(&f, Args::positional(std::slice::from_ref(arg)))?;
    Ok(Some(ts.truthy(&r)?))
}

fn isinstance<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = a.exactly("isinstance", 2)?;
    let (v, t) = (&a[0], &a[1]);
    let classes = match t.kind() {
        Kind::Tuple => t.tuple_items().unwrap_or_default(),
        _ => vec![t.clone()],
    };
    for c in &classes {
        if c.kind() != Kind::Type {
            return Err(PyErr::type_error(
                "isinstance() arg 2 must be a type, a tuple of types, or a union",
            ));
        }
        // An exact type match never asks the hook (CPython's `PyObject_IsInstance`).
        let hit = v.get_type().is(c)
            || match class_hook(ts, c, "__instancecheck__", v)? {
                Some(r) => r,
                None => instance_of(v, c),
            };
        if hit {
            return Ok(ts.py().bool(true));
        }
    }
    Ok(ts.py().bool(false))
}

fn issubclass<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = a.exactly("issubclass", 2)?;
    let classes = match a[1].kind() {
        Kind::Tuple => a[1].tuple_items().unwrap_or_default(),
        _ => vec![a[1].clone()],
    };
    for c in &classes {
        if c.kind() != Kind::Type {
            return Err(PyErr::type_error(
                "issubclass() arg 2 must be a class, a tuple of classes, or a union",
            ));
        }
        if let Some(r) = class_hook(ts, c, "__subclasscheck__", &a[0])? {
            if r {
                return Ok(ts.py().bool(true));
            }
            continue;
        }
        if a[0].is_subclass(c)? || crate::exc_group::subclass_of(&a[0], c)? {
            return Ok(ts.py().bool(true));
        }
    }
    Ok(ts.py().bool(false))
}

fn extreme<'py>(
    ts: &mut Tstate<'py>,
    a: Args<'_, 'py>,
    fname: &str,
    op: CmpOp,
) -> PyResult<Obj<'py>> {
    a.only_kw(fname, &["key", "default"])?;
    let key = a.kwarg("key").filter(|k| !k.is_none()).cloned();
    let items = match a.pos.len() {
        0 => {
            return Err(PyErr::type_error(format!(
                "{fname} expected at least 1 argument, got 0"
            )));
        }
        1 => ts.collect(&a.pos[0])?,
        _ => {
            if a.kwarg("default").is_some() {
                return Err(PyErr::type_error(format!(
                    "Cannot specify a default for {fname}() with multiple positional arguments"
                )));
            }
            a.pos.to_vec()
        }
    };
    let mut best: Option<(Obj<'py>, Obj<'py>)> = None;
    for v in items {
        let k = match &key {
            Some(f) => ts.call(f, Args::positional(std::slice::from_ref(&v)))?,
            None => v.clone(),
        };
        let better = match &best {
            None => true,
            Some((bk, _)) => crate::arith::compare(ts, op, &k, bk)?,
        };
        if better {
            best = Some((k, v));
        }
    }
    match best {
        Some((_, v)) => Ok(v),
        None => match a.kwarg("default") {
            Some(d) => Ok(d.clone()),
            None => Err(PyErr::value_error(format!(
                "{fname}() iterable argument is empty"
            ))),
        },
    }
}

fn min<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    extreme(ts, a, "min", CmpOp::Lt)
}

fn max<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    extreme(ts, a, "max", CmpOp::Gt)
}

fn sum<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let [it, start] = a.bind("sum", ["iterable", "start"], 1)?;
    let mut acc = match start {
        Some(s) => {
            match s.kind() {
                Kind::Str => {
                    return Err(PyErr::type_error(
                        "sum() can't sum strings [use ''.join(seq) instead]",
                    ));
                }
                Kind::Bytes => {
                    return Err(PyErr::type_error(
                        "sum() can't sum bytes [use b''.join(seq) instead]",
                    ));
                }
                _ => {}
            }
            s
        }
        None => ts.py().int(0)?,
    };
    let py = ts.py();
    let it = ts.iter(&it.unwrap_or_else(|| py.none()))?;
    // Floats are added with Neumaier's compensation, as CPython 3.12+ does, so
    // `sum([0.1] * 10) == 1.0`: `(total, compensation)` while in that mode.
    let mut fsum: Option<(f64, f64)> = None;
    while let Some(v) = ts.next(&it)? {
        let x = match (v.as_f64(), v.as_i64()) {
            (Some(x), _) => Some(x),
            (None, Some(i)) if fsum.is_some() => Some(i as f64),
            _ => None,
        };
        if fsum.is_none()
            && x.is_some()
            && let Some(a) = acc.as_f64().or_else(|| acc.as_i64().map(|i| i as f64))
        {
            fsum = Some((a, 0.0));
        }
        match (&mut fsum, x) {
            (Some((total, c)), Some(x)) => {
                let t = *total + x;
                *c += if total.abs() >= x.abs() {
                    (*total - t) + x
                } else {
                    (x - t) + *total
                };
                *total = t;
            }
            _ => {
                if let Some((total, c)) = fsum.take() {
                    acc = py.float(compensated(total, c))?;
                }
                acc = ts.binary_op(BinOp::Add, false, &acc, &v)?;
            }
        }
    }
    match fsum {
        Some((total, c)) => py.float(compensated(total, c)),
        None => Ok(acc),
    }
}

fn compensated(total: f64, c: f64) -> f64 {
    if c != 0.0 && c.is_finite() {
        total + c
    } else {
        total
    }
}

fn sorted<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.only_kw("sort", &["key", "reverse"])?;
    let [it] = <[Obj; 1]>::try_from(a.pos.to_vec())
        .map_err(|v| PyErr::type_error(format!("sorted expected 1 argument, got {}", v.len())))?;
    let key = a.kwarg("key").filter(|k| !k.is_none()).cloned();
    let reverse = match a.kwarg("reverse") {
        Some(r) => ts.truthy(r)?,
        None => false,
    };
    let items = ts.collect(&it)?;
    let items = crate::methods::sort_items(ts, items, key.as_ref(), reverse)?;
    ts.py().list_from(items)
}

fn any<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let it = ts.iter(&a.exactly("any", 1)?[0])?;
    while let Some(v) = ts.next(&it)? {
        if ts.truthy(&v)? {
            return Ok(ts.py().bool(true));
        }
    }
    Ok(ts.py().bool(false))
}

fn all<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let it = ts.iter(&a.exactly("all", 1)?[0])?;
    while let Some(v) = ts.next(&it)? {
        if !ts.truthy(&v)? {
            return Ok(ts.py().bool(false));
        }
    }
    Ok(ts.py().bool(true))
}

fn abs<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = &a.exactly("abs", 1)?[0];
    let py = ts.py();
    if let Some(r) = ts.unary_dunder(crate::slots::Slot::Abs, v)? {
        return Ok(r);
    }
    if let Some(i) = int_value(v) {
        let b = i.to_big();
        return from_big(py, if i.is_negative() { -b } else { b });
    }
    if let Some(f) = v.as_f64() {
        return py.float(f.abs());
    }
    Err(PyErr::type_error(format!(
        "bad operand type for abs(): '{}'",
        v.type_name()
    )))
}

fn divmod<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let a = a.exactly("divmod", 2)?;
    let (x, y) = (&a[0], &a[1]);
    if (x.has_heap_type() || y.has_heap_type())
        && let Some(r) = ts.divmod_dunder(x, y)?
    {
        return Ok(r);
    }
    if let (Some(p), Some(q)) = (
        x.as_f64().or(int_value(x).and_then(|i| i.to_f64().ok())),
        y.as_f64().or(int_value(y).and_then(|i| i.to_f64().ok())),
    ) && (x.kind() == Kind::Float || y.kind() == Kind::Float)
    {
        if q == 0.0 {
            return Err(PyErr::new(&exc::ZERO_DIVISION_ERROR, "float divmod()"));
        }
        let (d, m) = crate::arith::float_divmod(p, q);
        let py = ts.py();
        return py.tuple(&[py.float(d)?, py.float(m)?]);
    }
    if int_value(x).is_none() || int_value(y).is_none() {
        return Err(PyErr::type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            x.type_name(),
            y.type_name()
        )));
    }
    let d = ts.binary_op(BinOp::FloorDivide, false, x, y)?;
    let m = ts.binary_op(BinOp::Remainder, false, x, y)?;
    ts.py().tuple(&[d, m])
}

fn pow<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let [base, exp, m] = a.bind("pow", ["base", "exp", "mod"], 2)?;
    let (Some(base), Some(exp)) = (base, exp) else {
        return Err(PyErr::type_error("pow() missing required argument"));
    };
    match m.filter(|m| !m.is_none()) {
        None => ts.binary_op(BinOp::Power, false, &base, &exp),
        Some(m) => match (int_value(&base), int_value(&exp), int_value(&m)) {
            (Some(b), Some(e), Some(m)) => crate::int::pow_mod(ts.py(), b, e, m),
            _ => Err(PyErr::type_error(
                "pow() 3rd argument not allowed unless all arguments are integers",
            )),
        },
    }
}

fn round<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let [x, nd] = a.bind("round", ["number", "ndigits"], 1)?;
    let py = ts.py();
    let x = x.unwrap_or_else(|| py.none());
    let nd = nd.filter(|n| !n.is_none());
    if x.has_heap_type() {
        let args: Vec<Obj<'py>> = nd.iter().cloned().collect();
        if let Some(r) = ts.call_slot(&x, crate::slots::Slot::Round, &args)? {
            return Ok(r);
        }
    }
    if let Some(i) = int_value(&x) {
        let Some(nd) = nd else {
            return from_big(py, i.to_big());
        };
        let k = match int_value(&nd) {
            Some(IntV::Small(k)) => k,
            Some(IntV::Big(b)) if b.sign() == num_bigint::Sign::Minus => i64::MIN,
            Some(IntV::Big(_)) => i64::MAX,
            None => return Err(crate::int::not_an_integer(&nd)),
        };
        if k >= 0 {
            return from_big(py, i.to_big());
        }
        let v = i.to_big();
        // A unit wider than the value rounds it to zero (no need to build 10**-k).
        let digits = (v.bits() as f64 * std::f64::consts::LOG10_2) as u64 + 1;
        if k.unsigned_abs() > digits {
            return py.int(0);
        }
        // Round half to even at 10**-k.
        use num_integer::Integer;
        let p = num_traits::pow(num_bigint::BigInt::from(10), k.unsigned_abs() as usize);
        let (q, r) = v.div_mod_floor(&p);
        let twice = &r * 2;
        let q = if twice > p || (twice == p && q.is_odd()) {
            q + 1
        } else {
            q
        };
        return from_big(py, q * p);
    }
    let Some(f) = x.as_f64() else {
        return Err(PyErr::type_error(format!(
            "type {} doesn't define __round__ method",
            x.type_name()
        )));
    };
    match nd {
        None => crate::types::float_to_int(py, f.round_ties_even()),
        Some(n) => {
            let k = match int_value(&n) {
                Some(IntV::Small(k)) => k,
                Some(IntV::Big(b)) if b.sign() == num_bigint::Sign::Minus => i64::MIN,
                Some(IntV::Big(_)) => i64::MAX,
                None => return Err(crate::int::not_an_integer(&n)),
            };
            py.float(crate::round::round_float(f, k))
        }
    }
}

fn hash<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = &a.exactly("hash", 1)?[0];
    ts.py().int(hash_of(ts, v)?)
}

/// `hash(v)`.
pub(crate) fn hash_of<'py>(ts: &mut Tstate<'py>, v: &Obj<'py>) -> PyResult<i64> {
    let py = ts.py();
    if v.has_heap_type()
        && let Some(h) = ts.hash_dunder(v)?
    {
        return Ok(h);
    }
    // Ranges and slices hash by value, as the tuples CPython hashes for them.
    if let Some(r) = v.native::<crate::iter::Range>() {
        let n = r.len();
        let none = py.none();
        let t = py.tuple(&[
            py.int_wide(i128::from(n))?,
            if n == 0 {
                none.clone()
            } else {
                py.int(r.start)?
            },
            if n <= 1 { none } else { py.int(r.step)? },
        ])?;
        return t.hash();
    }
    if let Some(parts) = crate::subscr::parts(v) {
        return py.tuple(&parts?)?.hash();
    }
    v.hash_with(ts)
}

fn id<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = &a.exactly("id", 1)?[0];
    from_big(ts.py(), num_bigint::BigInt::from(v.id()))
}

fn callable<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("callable", 1)?[0];
    let by_class = v.has_heap_type() && ts.slot_of(v, crate::slots::Slot::Call)?.is_some();
    Ok(ts.py().bool(by_class || is_callable(v)))
}

/// `callable(v)`.
pub(crate) fn is_callable(v: &Obj<'_>) -> bool {
    v.kind() == Kind::Type
        || v.native::<crate::function::Function>().is_some()
        || v.native::<Builtin>().is_some()
        || v.native::<crate::call::MethodDescr>().is_some()
        || crate::ext::proto(v).is_some_and(|p| p.call.is_some())
        || v.native::<crate::descr::Method>().is_some()
}

fn chr<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = &ts.index_if_defined(&a.exactly("chr", 1)?[0])?;
    let Some(i) = int_value(v) else {
        return Err(crate::int::not_an_integer(v));
    };
    let c = match i {
        IntV::Small(n) => u32::try_from(n).ok().and_then(char::from_u32),
        IntV::Big(_) => None,
    };
    match c {
        Some(c) => ts.py().str(c.encode_utf8(&mut [0; 4])),
        None if matches!(i, IntV::Small(n) if (0xd800..0xe000).contains(&n)) => Err(PyErr::new(
            &exc::SYSTEM_ERROR,
            "lone surrogates are not run yet",
        )),
        None => Err(PyErr::value_error("chr() arg not in range(0x110000)")),
    }
}

fn ord<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = &a.exactly("ord", 1)?[0];
    let Some(s) = v.as_str() else {
        return Err(PyErr::type_error(format!(
            "ord() expected string of length 1, but {} found",
            v.type_name()
        )));
    };
    let mut cs = s.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => ts.py().int(i64::from(u32::from(c))),
        _ => Err(PyErr::type_error(format!(
            "ord() expected a character, but string of length {} found",
            s.chars().count()
        ))),
    }
}

fn format<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let a = a.between("format", 1, 2)?;
    let spec = a.get(1).and_then(|s| s.as_str()).unwrap_or("").to_owned();
    let s = crate::format::format(ts, &a[0], &spec)?;
    ts.py().str(&s)
}

fn attr_name<'a>(fname: &str, o: &'a Obj<'_>) -> PyResult<&'a str> {
    o.as_str().ok_or_else(|| {
        PyErr::type_error(format!(
            "{fname}(): attribute name must be string, not '{}'",
            o.type_name()
        ))
    })
}

fn getattr<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = a.between("getattr", 2, 3)?;
    let name = attr_name("getattr", &a[1])?;
    match ts.getattr(&a[0], name) {
        Err(e) if e.is(&exc::ATTRIBUTE_ERROR) && a.len() == 3 => Ok(a[2].clone()),
        r => r,
    }
}

fn hasattr<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = a.exactly("hasattr", 2)?;
    let name = attr_name("hasattr", &a[1])?;
    match ts.getattr(&a[0], name) {
        Ok(_) => Ok(ts.py().bool(true)),
        Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => Ok(ts.py().bool(false)),
        Err(e) => Err(e),
    }
}

fn setattr<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = a.exactly("setattr", 3)?;
    let name = attr_name("setattr", &a[1])?;
    ts.setattr(&a[0], name, &a[2])?;
    Ok(ts.py().none())
}

fn delattr<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = a.exactly("delattr", 2)?;
    let name = attr_name("delattr", &a[1])?;
    ts.delattr(&a[0], name)?;
    Ok(ts.py().none())
}

fn radix<'py>(
    ts: &mut Tstate<'py>,
    a: Args<'_, 'py>,
    fname: &str,
    spec: &str,
) -> PyResult<Obj<'py>> {
    let v = &ts.index_if_defined(&a.exactly(fname, 1)?[0])?;
    if int_value(v).is_none() {
        return Err(crate::int::not_an_integer(v));
    }
    let s = crate::format::format(ts, v, spec)?;
    ts.py().str(&s)
}

fn hex<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    radix(ts, a, "hex", "#x")
}

fn bin<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    radix(ts, a, "bin", "#b")
}

fn oct<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    radix(ts, a, "oct", "#o")
}
