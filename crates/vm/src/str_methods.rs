//! Methods of `str`.

use subinterp_object::{Obj, Py, PyErr, PyResult};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::methods::this;

/// The methods of `str`, by name.
pub(crate) static TABLE: &[BuiltinDef] = &[
    BuiltinDef {
        name: "encode",
        func: crate::bytes_ops::str_encode,
    },
    BuiltinDef {
        name: "join",
        func: join,
    },
    BuiltinDef {
        name: "translate",
        func: crate::str_translate::translate,
    },
    BuiltinDef {
        name: "split",
        func: split,
    },
    BuiltinDef {
        name: "rsplit",
        func: rsplit,
    },
    BuiltinDef {
        name: "splitlines",
        func: crate::str_extra::splitlines,
    },
    BuiltinDef {
        name: "strip",
        func: strip,
    },
    BuiltinDef {
        name: "lstrip",
        func: lstrip,
    },
    BuiltinDef {
        name: "rstrip",
        func: rstrip,
    },
    BuiltinDef {
        name: "replace",
        func: replace,
    },
    BuiltinDef {
        name: "find",
        func: crate::str_search::find,
    },
    BuiltinDef {
        name: "rfind",
        func: crate::str_search::rfind,
    },
    BuiltinDef {
        name: "index",
        func: crate::str_search::index,
    },
    BuiltinDef {
        name: "rindex",
        func: crate::str_search::rindex,
    },
    BuiltinDef {
        name: "count",
        func: crate::str_search::count,
    },
    BuiltinDef {
        name: "startswith",
        func: crate::str_search::startswith,
    },
    BuiltinDef {
        name: "endswith",
        func: crate::str_search::endswith,
    },
    BuiltinDef {
        name: "upper",
        func: upper,
    },
    BuiltinDef {
        name: "lower",
        func: lower,
    },
    BuiltinDef {
        name: "swapcase",
        func: crate::str_extra::swapcase,
    },
    BuiltinDef {
        name: "casefold",
        func: crate::str_extra::casefold,
    },
    BuiltinDef {
        name: "capitalize",
        func: capitalize,
    },
    BuiltinDef {
        name: "title",
        func: title,
    },
    BuiltinDef {
        name: "isdigit",
        func: isdigit,
    },
    BuiltinDef {
        name: "isalpha",
        func: isalpha,
    },
    BuiltinDef {
        name: "isalnum",
        func: isalnum,
    },
    BuiltinDef {
        name: "isspace",
        func: isspace,
    },
    BuiltinDef {
        name: "isupper",
        func: isupper,
    },
    BuiltinDef {
        name: "islower",
        func: islower,
    },
    BuiltinDef {
        name: "istitle",
        func: crate::str_extra::istitle,
    },
    BuiltinDef {
        name: "isnumeric",
        func: crate::str_extra::isnumeric,
    },
    BuiltinDef {
        name: "isdecimal",
        func: crate::str_extra::isdecimal,
    },
    BuiltinDef {
        name: "isidentifier",
        func: crate::str_extra::isidentifier,
    },
    BuiltinDef {
        name: "isascii",
        func: crate::str_extra::isascii,
    },
    BuiltinDef {
        name: "isprintable",
        func: crate::str_extra::isprintable,
    },
    BuiltinDef {
        name: "zfill",
        func: zfill,
    },
    BuiltinDef {
        name: "center",
        func: center,
    },
    BuiltinDef {
        name: "ljust",
        func: ljust,
    },
    BuiltinDef {
        name: "rjust",
        func: rjust,
    },
    BuiltinDef {
        name: "partition",
        func: partition,
    },
    BuiltinDef {
        name: "rpartition",
        func: crate::str_extra::rpartition,
    },
    BuiltinDef {
        name: "removeprefix",
        func: crate::str_extra::removeprefix,
    },
    BuiltinDef {
        name: "removesuffix",
        func: crate::str_extra::removesuffix,
    },
    BuiltinDef {
        name: "expandtabs",
        func: crate::str_extra::expandtabs,
    },
    BuiltinDef {
        name: "encode",
        func: crate::str_extra::encode,
    },
    BuiltinDef {
        name: "format",
        func: crate::str_extra::format,
    },
    BuiltinDef {
        name: "format_map",
        func: crate::str_extra::format_map,
    },
];

/// CPython's `str.isspace` of one character: Unicode's White_Space, and the separators
/// U+001C..U+001F (bidirectional class B or S), which Rust's `is_whitespace` leaves out.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// The receiver of a str method, as text.
pub(crate) fn text<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a str> {
    Ok(this(slf)?.as_str().unwrap_or_default())
}

fn str_arg<'a>(fname: &str, o: &'a Obj<'_>) -> PyResult<&'a str> {
    o.as_str()
        .ok_or_else(|| PyErr::type_error(format!("{fname} arg must be None or str")))
}

fn join<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let sep = text(slf)?;
    let arg = &a.exactly("str.join", 1)?[0];
    let items = ts.collect(arg).map_err(|e| {
        crate::call_errors::not_iterable_as(e, arg, || "can only join an iterable".into())
    })?;
    let mut out = String::new();
    for (i, it) in items.iter().enumerate() {
        let Some(s) = it.as_str() else {
            return Err(PyErr::type_error(format!(
                "sequence item {i}: expected str instance, {} found",
                it.type_name()
            )));
        };
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(s);
    }
    ts.py().str(&out)
}

fn split_args<'py>(fname: &str, a: &Args<'_, 'py>) -> PyResult<(Option<String>, i64)> {
    let [sep, maxsplit] = a.bind(fname, ["sep", "maxsplit"], 0)?;
    let sep = match sep {
        Some(s) if !s.is_none() => {
            let s = str_arg("must be str or None, not", &s)
                .map_err(|_| {
                    PyErr::type_error(format!("must be str or None, not {}", s.type_name()))
                })?
                .to_owned();
            if s.is_empty() {
                return Err(PyErr::value_error("empty separator"));
            }
            Some(s)
        }
        _ => None,
    };
    let maxsplit = match maxsplit {
        Some(m) => m.as_i64().ok_or_else(|| crate::int::not_an_integer(&m))?,
        None => -1,
    };
    Ok((sep, maxsplit))
}

fn strs<'py>(py: Py<'py>, parts: impl IntoIterator<Item = impl AsRef<str>>) -> PyResult<Obj<'py>> {
    let v = parts
        .into_iter()
        .map(|p| py.str(p.as_ref()))
        .collect::<PyResult<Vec<_>>>()?;
    py.list_from(v)
}

fn split<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let (sep, max) = split_args("split", &a)?;
    let max = if max < 0 { usize::MAX } else { max as usize };
    let parts: Vec<&str> = match &sep {
        Some(sep) => s.splitn(max.saturating_add(1), sep.as_str()).collect(),
        None => {
            let mut out = Vec::new();
            let mut rest = s.trim_start_matches(is_space);
            while !rest.is_empty() {
                if out.len() == max {
                    out.push(rest);
                    break;
                }
                let end = rest.find(is_space).unwrap_or(rest.len());
                out.push(&rest[..end]);
                rest = rest[end..].trim_start_matches(is_space);
            }
            out
        }
    };
    strs(ts.py(), parts)
}

fn rsplit<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let (sep, max) = split_args("rsplit", &a)?;
    let max = if max < 0 { usize::MAX } else { max as usize };
    let mut parts: Vec<&str> = match &sep {
        Some(sep) => s.rsplitn(max.saturating_add(1), sep.as_str()).collect(),
        None => {
            let mut out = Vec::new();
            let mut rest = s.trim_end_matches(is_space);
            while !rest.is_empty() {
                if out.len() == max {
                    out.push(rest);
                    break;
                }
                let start = rest.rfind(is_space).map_or(0, |i| {
                    i + rest[i..].chars().next().map_or(1, char::len_utf8)
                });
                out.push(&rest[start..]);
                rest = rest[..start].trim_end_matches(is_space);
            }
            out
        }
    };
    parts.reverse();
    strs(ts.py(), parts)
}

fn strip_chars<'py>(a: &Args<'_, 'py>, fname: &str) -> PyResult<Option<Vec<char>>> {
    a.no_kw(&format!("str.{fname}"))?;
    let a = a.between(fname, 0, 1)?;
    match a.first() {
        Some(c) if !c.is_none() => Ok(Some(
            c.as_str()
                .ok_or_else(|| PyErr::type_error(format!("{fname} arg must be None or str")))?
                .chars()
                .collect(),
        )),
        _ => Ok(None),
    }
}

fn strip_with<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
    fname: &str,
    left: bool,
    right: bool,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let chars = strip_chars(&a, fname)?;
    let pred = |c: char| match &chars {
        Some(cs) => cs.contains(&c),
        None => is_space(c),
    };
    let mut r = s;
    if left {
        r = r.trim_start_matches(pred);
    }
    if right {
        r = r.trim_end_matches(pred);
    }
    ts.py().str(r)
}

fn strip<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    strip_with(ts, slf, a, "strip", true, true)
}

fn lstrip<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    strip_with(ts, slf, a, "lstrip", true, false)
}

fn rstrip<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    strip_with(ts, slf, a, "rstrip", false, true)
}

fn replace<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let [old, new, count] = a.bind("replace", ["old", "new", "count"], 0)?;
    let (Some(old), Some(new)) = (old, new) else {
        return Err(PyErr::type_error(format!(
            "replace() takes at least 2 positional arguments ({} given)",
            a.pos.len()
        )));
    };
    let a = [old, new];
    let old = crate::str_search::str_param("replace", 1, &a[0])?;
    let new = crate::str_search::str_param("replace", 2, &a[1])?;
    let count = match count {
        Some(c) => c.as_i64().ok_or_else(|| crate::int::not_an_integer(&c))?,
        None => -1,
    };
    let r = if count < 0 {
        s.replace(old, new)
    } else {
        s.replacen(old, new, count as usize)
    };
    ts.py().str(&r)
}

fn map_text<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    f: impl Fn(&str) -> String,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    ts.py().str(&f(s))
}

fn upper<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "str.upper")?;
    map_text(ts, slf, str::to_uppercase)
}

fn lower<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "str.lower")?;
    map_text(ts, slf, str::to_lowercase)
}

fn capitalize<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "str.capitalize")?;
    map_text(ts, slf, |s| {
        let mut c = s.chars();
        match c.next() {
            Some(f) => f
                .to_uppercase()
                .chain(c.as_str().to_lowercase().chars())
                .collect(),
            None => String::new(),
        }
    })
}

fn title<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "str.title")?;
    map_text(ts, slf, |s| {
        let mut out = String::with_capacity(s.len());
        let mut prev_cased = false;
        for c in s.chars() {
            if prev_cased {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            prev_cased = c.is_alphabetic();
        }
        out
    })
}

fn test_chars<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    f: fn(char) -> bool,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    Ok(ts.py().bool(!s.is_empty() && s.chars().all(f)))
}

fn isdigit<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "str.isdigit")?;
    test_chars(ts, slf, |c| c.is_ascii_digit())
}

fn isalpha<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "str.isalpha")?;
    test_chars(ts, slf, char::is_alphabetic)
}

fn isalnum<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "str.isalnum")?;
    test_chars(ts, slf, char::is_alphanumeric)
}

fn isspace<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "str.isspace")?;
    test_chars(ts, slf, is_space)
}

fn cased<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, upper: bool) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let mut any = false;
    for c in s.chars() {
        if (upper && c.is_lowercase()) || (!upper && c.is_uppercase()) {
            return Ok(ts.py().bool(false));
        }
        any |= c.is_uppercase() || c.is_lowercase();
    }
    Ok(ts.py().bool(any))
}

fn isupper<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "str.isupper")?;
    cased(ts, slf, true)
}

fn islower<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "str.islower")?;
    cased(ts, slf, false)
}

fn width_fill<'py>(a: &Args<'_, 'py>, fname: &str) -> PyResult<(usize, char)> {
    a.no_kw(&format!("str.{fname}"))?;
    let a = a.between(fname, 1, 2)?;
    let w = a[0]
        .as_i64()
        .ok_or_else(|| crate::int::not_an_integer(&a[0]))?;
    let fill = match a.get(1) {
        Some(f) => {
            let s = f.as_str().ok_or_else(|| {
                PyErr::type_error(format!(
                    "The fill character must be a unicode character, not {}",
                    f.type_name()
                ))
            })?;
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(PyErr::type_error(
                        "The fill character must be exactly one character long",
                    ));
                }
            }
        }
        None => ' ',
    };
    Ok((w.max(0) as usize, fill))
}

fn justify<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
    fname: &str,
    how: u8,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let (w, fill) = width_fill(&a, fname)?;
    let n = s.chars().count();
    if n >= w {
        return ts.py().str(s);
    }
    let pad = w - n;
    let f = |k: usize| fill.to_string().repeat(k);
    let out = match how {
        b'l' => format!("{s}{}", f(pad)),
        b'r' => format!("{}{s}", f(pad)),
        // CPython's `center` puts the odd fill character on the left when the width is odd.
        _ => {
            let left = pad / 2 + (pad & w & 1);
            format!("{}{s}{}", f(left), f(pad - left))
        }
    };
    ts.py().str(&out)
}

fn center<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    justify(ts, slf, a, "center", b'c')
}

fn ljust<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    justify(ts, slf, a, "ljust", b'l')
}

fn rjust<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    justify(ts, slf, a, "rjust", b'r')
}

fn zfill<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let (w, _) = width_fill(&a, "zfill")?;
    let n = s.chars().count();
    if n >= w {
        return ts.py().str(s);
    }
    let (sign, rest) = match s.chars().next() {
        Some(c @ ('+' | '-')) => (c.to_string(), &s[1..]),
        _ => (String::new(), s),
    };
    ts.py().str(&format!("{sign}{}{rest}", "0".repeat(w - n)))
}

fn partition<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::partition_with(ts, slf, a, "partition", false)
}
