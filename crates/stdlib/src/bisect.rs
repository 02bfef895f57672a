//! `bisect`: `bisect_left`, `bisect_right` (`bisect`), `insort_left`, `insort_right`
//! (`insort`), with `lo`, `hi` and `key`, comparing as CPython's `_bisect` does
//! (`a[mid] < x` for the left search, `x < a[mid]` for the right one).

use num_traits::ToPrimitive;
use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};
use subinterp_vm::{Args, BuiltinDef, CmpOp, Tstate};

use crate::StdModule;
use crate::args::{add_functions, not_an_integer};

/// The `bisect` module.
pub(crate) const MODULE: StdModule = StdModule {
    name: "bisect",
    doc: "Bisection algorithms.",
    exec,
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    add_functions(m, &FUNCTIONS)?;
    let dict = m.module_dict()?;
    let py = m.py();
    for (alias, name) in [("bisect", "bisect_right"), ("insort", "insort_right")] {
        if let Some(f) = dict.dict_get_str(name)? {
            dict.set_item(&py.str(alias)?, &f)?;
        }
    }
    Ok(())
}

fn ssize(v: &Obj<'_>) -> PyResult<i64> {
    if !matches!(v.kind(), Kind::Int | Kind::Bool) {
        return Err(not_an_integer(v));
    }
    v.as_bigint().unwrap_or_default().to_i64().ok_or_else(|| {
        PyErr::new(
            &exc::OVERFLOW_ERROR,
            "Python int too large to convert to C ssize_t",
        )
    })
}

/// The insertion point of `x` in `a[lo:hi]`.
fn search<'py>(
    ts: &mut Tstate<'py>,
    a: &Args<'_, 'py>,
    fname: &str,
    right: bool,
) -> PyResult<(Obj<'py>, Obj<'py>, Option<Obj<'py>>, i64)> {
    let [seq, x, lo, hi, key] = a.bind(fname, ["a", "x", "lo", "hi", "key"], 2)?;
    let none = ts.py().none();
    let (seq, x) = (seq.unwrap_or(none.clone()), x.unwrap_or(none));
    let mut lo = match lo {
        Some(l) => ssize(&l)?,
        None => 0,
    };
    if lo < 0 {
        return Err(PyErr::new(&exc::VALUE_ERROR, "lo must be non-negative"));
    }
    let mut hi = match hi.filter(|h| !h.is_none()) {
        Some(h) => ssize(&h)?,
        None => crate::args::len_of(ts, &seq)? as i64,
    };
    let key = key.filter(|k| !k.is_none());
    while lo < hi {
        let mid = ((lo as u64 + hi as u64) / 2) as i64;
        let item = ts.get_item(&seq, &ts.py().int(mid)?)?;
        let item = match &key {
            Some(k) => ts.call(k, Args::positional(std::slice::from_ref(&item)))?,
            None => item,
        };
        let go_left = if right {
            ts.compare(CmpOp::Lt, &x, &item)?
        } else {
            !ts.compare(CmpOp::Lt, &item, &x)?
        };
        if go_left {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok((seq, x, key, lo))
}

fn bisect_left<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (_, _, _, i) = search(ts, &a, "bisect_left", false)?;
    ts.py().int(i)
}

fn bisect_right<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (_, _, _, i) = search(ts, &a, "bisect_right", true)?;
    ts.py().int(i)
}

/// `insort`: the key applies to `x` too; lists insert directly, other sequences through
/// their `insert` method.
fn insort<'py>(
    ts: &mut Tstate<'py>,
    a: &Args<'_, 'py>,
    fname: &str,
    right: bool,
) -> PyResult<Obj<'py>> {
    let [seq, x, lo, hi, key] = a.bind(fname, ["a", "x", "lo", "hi", "key"], 2)?;
    let none = ts.py().none();
    let x = x.unwrap_or(none.clone());
    let key = key.filter(|k| !k.is_none());
    let probe = match &key {
        Some(k) => ts.call(k, Args::positional(std::slice::from_ref(&x)))?,
        None => x.clone(),
    };
    let seq = seq.unwrap_or(none.clone());
    let mut args = vec![seq.clone(), probe];
    let mut kw = Vec::new();
    for (name, v) in [("lo", lo), ("hi", hi), ("key", key)] {
        if let Some(v) = v {
            kw.push((ts.py().str(name)?, v));
        }
    }
    let (_, _, _, i) = search(
        ts,
        &Args {
            pos: &args,
            kw: &kw,
        },
        fname,
        right,
    )?;
    args.clear();
    let py = ts.py();
    if seq.kind() == Kind::List {
        seq.insert(i, &x)?;
    } else {
        let m = ts.get_attr(&seq, "insert")?;
        ts.call(&m, Args::positional(&[py.int(i)?, x]))?;
    }
    Ok(py.none())
}

fn insort_left<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    insort(ts, &a, "insort_left", false)
}

fn insort_right<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    insort(ts, &a, "insort_right", true)
}

static FUNCTIONS: [BuiltinDef; 4] = [
    BuiltinDef {
        name: "bisect_left",
        func: bisect_left,
    },
    BuiltinDef {
        name: "bisect_right",
        func: bisect_right,
    },
    BuiltinDef {
        name: "insort_left",
        func: insort_left,
    },
    BuiltinDef {
        name: "insort_right",
        func: insort_right,
    },
];
