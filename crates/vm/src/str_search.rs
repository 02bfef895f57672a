//! The searching methods of `str` (`find`, `rfind`, `index`, `rindex`, `count`,
//! `startswith`, `endswith`) over CPython's `[start:end]` window, counted in code points.

use subinterp_object::{Kind, Obj, PyErr, PyResult};

use crate::Tstate;
use crate::builtin::Args;
use crate::methods::this;

/// `s[start:end]` with CPython's `ADJUST_INDICES` (negative indices count from the end,
/// `end` is clamped to the length, `start` is not): the window's first code point index
/// and its text, or `None` when `end < start`.
fn window(s: &str, start: i64, end: i64) -> Option<(i64, &str)> {
    let n = if s.is_ascii() {
        s.len() as i64
    } else {
        s.chars().count() as i64
    };
    let end = if end > n {
        n
    } else if end < 0 {
        (end + n).max(0)
    } else {
        end
    };
    let start = if start < 0 { (start + n).max(0) } else { start };
    if end < start {
        return None;
    }
    let byte = |i: i64| -> usize {
        if s.is_ascii() {
            i as usize
        } else {
            s.char_indices().nth(i as usize).map_or(s.len(), |(b, _)| b)
        }
    };
    Some((start, &s[byte(start)..byte(end)]))
}

/// A `start` or `end` argument: an int, or `None` for the default.
fn slice_index(o: Option<&Obj<'_>>, default: i64) -> PyResult<i64> {
    match o {
        None => Ok(default),
        Some(v) if v.is_none() => Ok(default),
        Some(v) => v.as_i64().ok_or_else(|| {
            PyErr::type_error("slice indices must be integers or None or have an __index__ method")
        }),
    }
}

/// `(sub, start, end)` of a search method: the needle must be a str.
fn search_args<'a, 'py>(a: &Args<'a, 'py>, fname: &str) -> PyResult<(&'a Obj<'py>, i64, i64)> {
    a.no_kw(&format!("str.{fname}"))?;
    let a = a.between(fname, 1, 3)?;
    Ok((
        &a[0],
        slice_index(a.get(1), 0)?,
        slice_index(a.get(2), i64::MAX)?,
    ))
}

/// `fname() argument N must be str, not T`.
pub(crate) fn str_param<'a>(fname: &str, n: usize, o: &'a Obj<'_>) -> PyResult<&'a str> {
    o.as_str().ok_or_else(|| {
        PyErr::type_error(format!(
            "{fname}() argument {n} must be str, not {}",
            o.type_name()
        ))
    })
}

fn chars(s: &str) -> i64 {
    s.chars().count() as i64
}

/// The code point index of the first (or last) match of the needle in the window.
fn search(slf: Option<&Obj<'_>>, a: &Args<'_, '_>, fname: &str, last: bool) -> PyResult<i64> {
    let s = this(slf)?.as_str().unwrap_or_default();
    let (sub, start, end) = search_args(a, fname)?;
    let sub = str_param(fname, 1, sub)?;
    let Some((at, w)) = window(s, start, end) else {
        return Ok(-1);
    };
    let found = if last { w.rfind(sub) } else { w.find(sub) };
    Ok(found.map_or(-1, |b| at + chars(&w[..b])))
}

pub(crate) fn find<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    ts.py().int(search(slf, &a, "find", false)?)
}

pub(crate) fn rfind<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    ts.py().int(search(slf, &a, "rfind", true)?)
}

fn found(i: i64) -> PyResult<i64> {
    if i < 0 {
        Err(PyErr::value_error("substring not found"))
    } else {
        Ok(i)
    }
}

pub(crate) fn index<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    ts.py().int(found(search(slf, &a, "index", false)?)?)
}

pub(crate) fn rindex<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    ts.py().int(found(search(slf, &a, "rindex", true)?)?)
}

pub(crate) fn count<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = this(slf)?.as_str().unwrap_or_default();
    let (sub, start, end) = search_args(&a, "count")?;
    let sub = str_param("count", 1, sub)?;
    let c = match window(s, start, end) {
        None => 0,
        Some((_, w)) if sub.is_empty() => chars(w) + 1,
        Some((_, w)) => w.matches(sub).count() as i64,
    };
    ts.py().int(c)
}

fn affix<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
    fname: &str,
    test: fn(&str, &str) -> bool,
) -> PyResult<Obj<'py>> {
    let s = this(slf)?.as_str().unwrap_or_default();
    let (arg, start, end) = search_args(&a, fname)?;
    let w = window(s, start, end).map(|(_, w)| w);
    let hit = |p: &str| w.is_some_and(|w| test(w, p));
    let any = match arg.kind() {
        Kind::Str => hit(arg.as_str().unwrap_or_default()),
        Kind::Tuple => {
            let mut any = false;
            for p in arg.tuple_items().unwrap_or_default() {
                let Some(p) = p.as_str() else {
                    return Err(PyErr::type_error(format!(
                        "tuple for {fname} must only contain str, not {}",
                        p.type_name()
                    )));
                };
                any |= hit(p);
            }
            any
        }
        _ => {
            return Err(PyErr::type_error(format!(
                "{fname} first arg must be str or a tuple of str, not {}",
                arg.type_name()
            )));
        }
    };
    Ok(ts.py().bool(any))
}

pub(crate) fn startswith<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    affix(ts, slf, a, "startswith", |s, p| s.starts_with(p))
}

pub(crate) fn endswith<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    affix(ts, slf, a, "endswith", |s, p| s.ends_with(p))
}
