//! The less common methods of `str` (listed in `str_methods::TABLE`), the `start`/`end`
//! window of the search methods, and `str.maketrans`.

use subinterp_object::{Kind, Obj, PyErr, PyResult, decimal_value, is_printable};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::int::{IntV, int_value};
use crate::methods::this;

fn text<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a str> {
    Ok(this(slf)?.as_str().unwrap_or_default())
}

/// The part of `s` that `s.find(sub, start, end)` searches (start and end as slice
/// indices, in characters) and its offset in characters; `None` when `start > len`.
pub(crate) fn window<'a>(s: &'a str, a: &[Obj<'_>]) -> PyResult<Option<(&'a str, usize)>> {
    let len = s.chars().count() as i64;
    let bound = |o: Option<&Obj<'_>>, default: i64| -> PyResult<i64> {
        let v = match o {
            None => return Ok(default),
            Some(o) if o.is_none() => return Ok(default),
            Some(o) => match int_value(o) {
                Some(IntV::Small(v)) => v,
                Some(IntV::Big(b)) if b.sign() == num_bigint::Sign::Minus => i64::MIN,
                Some(IntV::Big(_)) => i64::MAX,
                None => {
                    return Err(PyErr::type_error(
                        "slice indices must be integers or None or have an __index__ method",
                    ));
                }
            },
        };
        Ok(if v < 0 {
            v.saturating_add(len).max(0)
        } else {
            v.min(len)
        })
    };
    let (start, end) = (bound(a.get(1), 0)?, bound(a.get(2), len)?);
    if start > len {
        return Ok(None);
    }
    let byte = |c: i64| s.char_indices().nth(c as usize).map_or(s.len(), |(b, _)| b);
    let (b0, b1) = (byte(start), byte(end.max(start)));
    Ok(Some((&s[b0..b1], start as usize)))
}

/// `str.rindex`: `rfind` or `ValueError: substring not found`.
pub(crate) fn rindex<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let a = a.between("rindex", 1, 3)?;
    let n = a[0]
        .as_str()
        .ok_or_else(|| PyErr::type_error("rindex() argument must be str"))?;
    let found = window(s, a)?.and_then(|(w, off)| w.rfind(n).map(|b| off + w[..b].chars().count()));
    match found {
        Some(i) => ts.py().int(i as i64),
        None => Err(PyErr::value_error("substring not found")),
    }
}

pub(crate) fn rpartition<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_methods::partition_by(ts, slf, a, "rpartition", true)
}

pub(crate) fn swapcase<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("swapcase", 0)?;
    let mut out = String::new();
    for c in text(slf)?.chars() {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    ts.py().str(&out)
}

/// `str.casefold`: lower case with the full folds of the common letters (`ß` -> `ss`).
pub(crate) fn casefold<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("casefold", 0)?;
    let mut out = String::new();
    for c in text(slf)?.chars() {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ς' => out.push('σ'),
            c => out.extend(c.to_lowercase()),
        }
    }
    ts.py().str(&out)
}

pub(crate) fn expandtabs<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [size] = a.bind("expandtabs", ["tabsize"], 0)?;
    let size = size.and_then(|s| s.as_i64()).unwrap_or(8);
    let mut out = String::new();
    let mut col: i64 = 0;
    for c in text(slf)?.chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let n = size - col % size;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    ts.py().str(&out)
}

/// The `str.isxxx()` predicates that are "non-empty and every character ...".
fn all_chars<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
    name: &str,
    pred: fn(char) -> bool,
) -> PyResult<Obj<'py>> {
    a.exactly(name, 0)?;
    let s = text(slf)?;
    Ok(ts.py().bool(!s.is_empty() && s.chars().all(pred)))
}

pub(crate) fn isdecimal<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    all_chars(ts, slf, a, "isdecimal", |c| decimal_value(c).is_some())
}

pub(crate) fn isnumeric<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    all_chars(ts, slf, a, "isnumeric", char::is_numeric)
}

pub(crate) fn isascii<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("isascii", 0)?;
    Ok(ts.py().bool(text(slf)?.is_ascii()))
}

pub(crate) fn isprintable<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("isprintable", 0)?;
    Ok(ts.py().bool(text(slf)?.chars().all(is_printable)))
}

pub(crate) fn isidentifier<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("isidentifier", 0)?;
    let s = text(slf)?;
    let mut cs = s.chars();
    let ok = cs.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && cs.all(|c| c == '_' || c.is_alphanumeric());
    Ok(ts.py().bool(ok))
}

pub(crate) fn istitle<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("istitle", 0)?;
    // Upper case only after an uncased character, lower case only after a cased one, and
    // at least one cased character.
    let (mut cased, mut prev_cased) = (false, false);
    for c in text(slf)?.chars() {
        if c.is_uppercase() {
            if prev_cased {
                return Ok(ts.py().bool(false));
            }
            prev_cased = true;
            cased = true;
        } else if c.is_lowercase() {
            if !prev_cased {
                return Ok(ts.py().bool(false));
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(ts.py().bool(cased))
}

fn strip_affix<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
    name: &str,
    suffix: bool,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let arg = &a.exactly(name, 1)?[0];
    let Some(x) = arg.as_str() else {
        return Err(PyErr::type_error(format!(
            "{name}() argument must be str, not {}",
            arg.type_name()
        )));
    };
    let r = if suffix {
        s.strip_suffix(x)
    } else {
        s.strip_prefix(x)
    };
    ts.py().str(r.unwrap_or(s))
}

pub(crate) fn removeprefix<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    strip_affix(ts, slf, a, "removeprefix", false)
}

pub(crate) fn removesuffix<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    strip_affix(ts, slf, a, "removesuffix", true)
}

/// `str.format_map(mapping)`: `format` with the mapping's str keys as keyword arguments.
pub(crate) fn format_map<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let m = &a.exactly("format_map", 1)?[0];
    if m.kind() != Kind::Dict {
        return Err(PyErr::type_error(format!(
            "'{}' object is not subscriptable",
            m.type_name()
        )));
    }
    let kw: Vec<_> = m
        .dict_items()?
        .into_iter()
        .filter(|(k, _)| k.as_str().is_some())
        .collect();
    crate::str_methods::format(ts, slf, Args { pos: &[], kw: &kw })
}

/// `str.translate(table)`: each character looked up by its ordinal; a str or int value
/// replaces it, `None` deletes it, a missing key keeps it.
pub(crate) fn translate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let table = &a.exactly("translate", 1)?[0];
    let py = ts.py();
    let mut out = String::new();
    for c in text(slf)?.chars() {
        let key = py.int(i64::from(u32::from(c)))?;
        let v = match crate::subscr::get(ts, table, &key) {
            Ok(v) => v,
            Err(e) if e.is(&subinterp_object::exc::LOOKUP_ERROR) => {
                out.push(c);
                continue;
            }
            Err(e) => return Err(e),
        };
        if v.is_none() {
            continue;
        }
        if let Some(s) = v.as_str() {
            out.push_str(s);
        } else if let Some(ch) = v
            .as_i64()
            .and_then(|i| u32::try_from(i).ok())
            .and_then(char::from_u32)
        {
            out.push(ch);
        } else {
            return Err(PyErr::type_error(
                "character mapping must return integer, None or str",
            ));
        }
    }
    py.str(&out)
}

/// Static methods of `str` (`str.maketrans`): called with the type as receiver.
pub(crate) static STR_CLASS: &[BuiltinDef] = &[BuiltinDef {
    name: "maketrans",
    func: maketrans,
}];

/// `str.maketrans(x[, y[, z]])`.
fn maketrans<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = a.between("maketrans", 1, 3)?;
    let py = ts.py();
    let d = py.dict()?;
    let ord = |c: char| py.int(i64::from(u32::from(c)));
    if a.len() == 1 {
        if a[0].kind() != Kind::Dict {
            return Err(PyErr::type_error(
                "if you give only one argument to maketrans it must be a dict",
            ));
        }
        for (k, v) in a[0].dict_items()? {
            let key = match k.as_str() {
                Some(s) if s.chars().count() == 1 => ord(s.chars().next().unwrap_or('\0'))?,
                Some(_) => {
                    return Err(PyErr::value_error(
                        "string keys in translate table must be of length 1",
                    ));
                }
                None => k,
            };
            d.set_item(&key, &v)?;
        }
        return Ok(d);
    }
    let (Some(x), Some(y)) = (a[0].as_str(), a[1].as_str()) else {
        return Err(PyErr::type_error("maketrans() arguments must be str"));
    };
    if x.chars().count() != y.chars().count() {
        return Err(PyErr::value_error(
            "the first two maketrans arguments must have equal length",
        ));
    }
    for (cx, cy) in x.chars().zip(y.chars()) {
        d.set_item(&ord(cx)?, &ord(cy)?)?;
    }
    if let Some(z) = a.get(2).and_then(|z| z.as_str()) {
        for c in z.chars() {
            d.set_item(&ord(c)?, &py.none())?;
        }
    }
    Ok(d)
}
