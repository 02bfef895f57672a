//! More methods of `str`: case mappings and tests beyond the common ones, `splitlines`,
//! `rpartition`, `removeprefix`/`removesuffix`, `expandtabs`, `encode`, `format` and
//! `format_map`.

use subinterp_object::{Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::builtin::Args;
use crate::methods::this;
use crate::str_search::str_param;

use crate::str_methods::text;

/// A method that takes no arguments: `str.upper() takes no arguments (1 given)`.
pub(crate) fn no_args(a: &Args<'_, '_>, fname: &str) -> PyResult<()> {
    a.no_kw(fname)?;
    a.bind::<0>(fname, [], 0).map(|_| ())
}

fn map_text<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: &Args<'_, 'py>,
    fname: &str,
    f: impl Fn(&str) -> String,
) -> PyResult<Obj<'py>> {
    no_args(a, fname)?;
    let s = text(slf)?;
    ts.py().str(&f(s))
}

pub(crate) fn swapcase<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    map_text(ts, slf, &a, "str.swapcase", |s| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else if c.is_lowercase() {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
        }
        out
    })
}

pub(crate) fn casefold<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    // Full case folding differs from lowercasing for a few letters (ß -> ss).
    map_text(ts, slf, &a, "str.casefold", |s| {
        s.chars()
            .flat_map(|c| {
                let folded: Vec<char> = match c {
                    'ß' => vec!['s', 's'],
                    'ς' => vec!['σ'],
                    c => c.to_lowercase().collect(),
                };
                folded
            })
            .collect()
    })
}

fn test<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: &Args<'_, 'py>,
    fname: &str,
    f: impl Fn(&str) -> bool,
) -> PyResult<Obj<'py>> {
    no_args(a, fname)?;
    let s = text(slf)?;
    Ok(ts.py().bool(f(s)))
}

pub(crate) fn istitle<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    test(ts, slf, &a, "str.istitle", |s| {
        let (mut cased, mut prev_cased) = (false, false);
        for c in s.chars() {
            if c.is_uppercase() {
                if prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else if c.is_lowercase() {
                if !prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else {
                prev_cased = false;
            }
        }
        cased
    })
}

pub(crate) fn isnumeric<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    test(ts, slf, &a, "str.isnumeric", |s| {
        !s.is_empty() && s.chars().all(char::is_numeric)
    })
}

pub(crate) fn isdecimal<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    test(ts, slf, &a, "str.isdecimal", |s| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
    })
}

pub(crate) fn isidentifier<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    test(ts, slf, &a, "str.isidentifier", |s| {
        let mut cs = s.chars();
        cs.next().is_some_and(|c| c == '_' || c.is_alphabetic())
            && cs.all(|c| c == '_' || c.is_alphanumeric())
    })
}

pub(crate) fn isascii<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    test(ts, slf, &a, "str.isascii", str::is_ascii)
}

pub(crate) fn isprintable<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    test(ts, slf, &a, "str.isprintable", |s| {
        s.chars()
            .all(|c| c == ' ' || !(c.is_control() || crate::str_methods::is_space(c)))
    })
}

/// CPython's line boundaries (`str.splitlines`).
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

pub(crate) fn splitlines<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [keep] = a.bind("splitlines", ["keepends"], 0)?;
    let keep = match keep {
        Some(k) => k.is_truthy()?,
        None => false,
    };
    let s = text(slf)?;
    let py = ts.py();
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !is_line_break(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' && it.peek().is_some_and(|(_, n)| *n == '\n') {
            it.next();
            end += 1;
        }
        out.push(py.str(&s[start..if keep { end } else { i }])?);
        start = end;
    }
    if start < s.len() {
        out.push(py.str(&s[start..])?);
    }
    py.list_from(out)
}

pub(crate) fn rpartition<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    partition_with(ts, slf, a, "rpartition", true)
}

/// `partition` (at the first separator) and `rpartition` (at the last).
pub(crate) fn partition_with<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
    fname: &str,
    last: bool,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    a.no_kw(&format!("str.{fname}"))?;
    let sep = &a.exactly(fname, 1)?[0];
    let sep = sep
        .as_str()
        .ok_or_else(|| PyErr::type_error(format!("must be str, not {}", sep.type_name())))?;
    if sep.is_empty() {
        return Err(PyErr::value_error("empty separator"));
    }
    let py = ts.py();
    let split = if last {
        s.rsplit_once(sep)
    } else {
        s.split_once(sep)
    };
    let parts = match split {
        Some((x, y)) => [py.str(x)?, py.str(sep)?, py.str(y)?],
        None if last => [py.str("")?, py.str("")?, py.str(s)?],
        None => [py.str(s)?, py.str("")?, py.str("")?],
    };
    py.tuple(&parts)
}

fn remove_affix<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
    fname: &str,
    cut: fn(&'_ str, &'_ str) -> Option<usize>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    a.no_kw(&format!("str.{fname}"))?;
    let arg = &a.exactly(fname, 1)?[0];
    let p = arg.as_str().ok_or_else(|| {
        PyErr::type_error(format!(
            "{fname}() argument must be str, not {}",
            arg.type_name()
        ))
    })?;
    match cut(s, p) {
        Some(_) if p.is_empty() => Ok(this(slf)?.clone()),
        Some(n) => ts.py().str(if fname == "removeprefix" {
            &s[n..]
        } else {
            &s[..s.len() - n]
        }),
        None => Ok(this(slf)?.clone()),
    }
}

pub(crate) fn removeprefix<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    remove_affix(ts, slf, a, "removeprefix", |s, p| {
        s.starts_with(p).then_some(p.len())
    })
}

pub(crate) fn removesuffix<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    remove_affix(ts, slf, a, "removesuffix", |s, p| {
        s.ends_with(p).then_some(p.len())
    })
}

pub(crate) fn expandtabs<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [size] = a.bind("expandtabs", ["tabsize"], 0)?;
    let size = match size {
        Some(n) => n.as_i64().ok_or_else(|| crate::int::not_an_integer(&n))?,
        None => 8,
    };
    let s = text(slf)?;
    let mut out = String::with_capacity(s.len());
    let mut col = 0i64;
    for c in s.chars() {
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

pub(crate) fn encode<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [encoding, _errors] = a.bind("encode", ["encoding", "errors"], 0)?;
    let s = text(slf)?;
    if let Some(e) = encoding {
        let name = str_param("encode", 1, &e)?;
        let norm = name.to_ascii_lowercase().replace(['-', '_'], "");
        if norm != "utf8" {
            return Err(PyErr::new(
                &exc::LOOKUP_ERROR,
                format!("unknown encoding: {name}"),
            ));
        }
    }
    ts.py().bytes(s.as_bytes())
}

pub(crate) fn format<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?.to_owned();
    let src = crate::str_format::Source {
        pos: Some(a.pos),
        kw: a.kw,
        map: None,
    };
    let out = crate::str_format::format(ts, &s, src)?;
    ts.py().str(&out)
}

pub(crate) fn format_map<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?.to_owned();
    a.no_kw("str.format_map")?;
    let m = &a.exactly("format_map", 1)?[0];
    let src = crate::str_format::Source {
        pos: None,
        kw: &[],
        map: Some(m),
    };
    let out = crate::str_format::format(ts, &s, src)?;
    ts.py().str(&out)
}
