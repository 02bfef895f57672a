//! Methods of `str`.

use subinterp_object::{Kind, Obj, Py, PyErr, PyResult, exc};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::methods::this;

/// The methods of `str`, by name.
pub(crate) static TABLE: &[BuiltinDef] = &[
    BuiltinDef {
        name: "rindex",
        func: crate::str_more::rindex,
    },
    BuiltinDef {
        name: "rpartition",
        func: crate::str_more::rpartition,
    },
    BuiltinDef {
        name: "swapcase",
        func: crate::str_more::swapcase,
    },
    BuiltinDef {
        name: "casefold",
        func: crate::str_more::casefold,
    },
    BuiltinDef {
        name: "expandtabs",
        func: crate::str_more::expandtabs,
    },
    BuiltinDef {
        name: "isdecimal",
        func: crate::str_more::isdecimal,
    },
    BuiltinDef {
        name: "isnumeric",
        func: crate::str_more::isnumeric,
    },
    BuiltinDef {
        name: "isascii",
        func: crate::str_more::isascii,
    },
    BuiltinDef {
        name: "isprintable",
        func: crate::str_more::isprintable,
    },
    BuiltinDef {
        name: "isidentifier",
        func: crate::str_more::isidentifier,
    },
    BuiltinDef {
        name: "istitle",
        func: crate::str_more::istitle,
    },
    BuiltinDef {
        name: "removeprefix",
        func: crate::str_more::removeprefix,
    },
    BuiltinDef {
        name: "removesuffix",
        func: crate::str_more::removesuffix,
    },
    BuiltinDef {
        name: "format_map",
        func: crate::str_more::format_map,
    },
    BuiltinDef {
        name: "translate",
        func: crate::str_more::translate,
    },
    BuiltinDef {
        name: "encode",
        func: crate::bytes_ops::str_encode,
    },
    BuiltinDef {
        name: "join",
        func: join,
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
        func: splitlines,
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
        func: find,
    },
    BuiltinDef {
        name: "rfind",
        func: rfind,
    },
    BuiltinDef {
        name: "index",
        func: index,
    },
    BuiltinDef {
        name: "count",
        func: count,
    },
    BuiltinDef {
        name: "startswith",
        func: startswith,
    },
    BuiltinDef {
        name: "endswith",
        func: endswith,
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
        name: "format",
        func: format,
    },
];

fn text<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a str> {
    Ok(this(slf)?.as_str().unwrap_or_default())
}

fn str_arg<'a>(fname: &str, o: &'a Obj<'_>) -> PyResult<&'a str> {
    o.as_str()
        .ok_or_else(|| PyErr::type_error(format!("{fname} arg must be None or str")))
}

fn join<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let sep = text(slf)?;
    let items = ts.collect(&a.exactly("str.join", 1)?[0])?;
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
            let mut rest = s.trim_start();
            while !rest.is_empty() {
                if out.len() == max {
                    out.push(rest);
                    break;
                }
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                out.push(&rest[..end]);
                rest = rest[end..].trim_start();
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
            let mut rest = s.trim_end();
            while !rest.is_empty() {
                if out.len() == max {
                    out.push(rest);
                    break;
                }
                let start = rest.rfind(char::is_whitespace).map_or(0, |i| {
                    i + rest[i..].chars().next().map_or(1, char::len_utf8)
                });
                out.push(&rest[start..]);
                rest = rest[..start].trim_end();
            }
            out
        }
    };
    parts.reverse();
    strs(ts.py(), parts)
}

/// `str.splitlines(keepends=False)`: CPython's line boundaries (`\n`, `\r`, `\r\n`,
/// `\v`, `\f`, `\x1c`-`\x1e`, `\x85`, `\u2028`, `\u2029`).
fn splitlines<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [keep] = a.bind("splitlines", ["keepends"], 0)?;
    let keep = match keep {
        Some(k) => ts.truthy(&k)?,
        None => false,
    };
    let s = text(slf)?;
    let mut lines = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let is_break = matches!(
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
        );
        if !is_break {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' && it.peek().is_some_and(|&(_, n)| n == '\n') {
            it.next();
            end += 1;
        }
        lines.push(&s[start..if keep { end } else { i }]);
        start = end;
    }
    if start < s.len() {
        lines.push(&s[start..]);
    }
    strs(ts.py(), lines)
}

fn strip_chars<'py>(a: &Args<'_, 'py>, fname: &str) -> PyResult<Option<Vec<char>>> {
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
        None => c.is_whitespace(),
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
    let a = a.between("replace", 2, 3)?;
    let (Some(old), Some(new)) = (a[0].as_str(), a[1].as_str()) else {
        return Err(PyErr::type_error("replace() argument must be str"));
    };
    let count = a.get(2).and_then(|c| c.as_i64()).unwrap_or(-1);
    let r = if count < 0 {
        s.replace(old, new)
    } else {
        s.replacen(old, new, count as usize)
    };
    ts.py().str(&r)
}

fn needle<'a>(a: &'a [Obj<'_>], fname: &str) -> PyResult<&'a str> {
    a.first()
        .and_then(|n| n.as_str())
        .ok_or_else(|| PyErr::type_error(format!("{fname}() argument must be str")))
}

/// The char index of a byte offset.
fn char_index(s: &str, byte: usize) -> i64 {
    s[..byte].chars().count() as i64
}

/// `s.find(sub[, start[, end]])` (or `rfind` when `rev`): the character index, if found.
fn search(s: &str, a: &[Obj<'_>], fname: &str, rev: bool) -> PyResult<Option<i64>> {
    let n = needle(a, fname)?;
    let Some((w, off)) = crate::str_more::window(s, a)? else {
        return Ok(None);
    };
    let found = if rev { w.rfind(n) } else { w.find(n) };
    Ok(found.map(|b| off as i64 + char_index(w, b)))
}

fn find<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let r = search(s, a.between("find", 1, 3)?, "find", false)?;
    ts.py().int(r.unwrap_or(-1))
}

fn rfind<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let r = search(s, a.between("rfind", 1, 3)?, "rfind", true)?;
    ts.py().int(r.unwrap_or(-1))
}

fn index<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    match search(s, a.between("index", 1, 3)?, "index", false)? {
        Some(i) => ts.py().int(i),
        None => Err(PyErr::value_error("substring not found")),
    }
}

fn count<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let a = a.between("count", 1, 3)?;
    let n = needle(a, "count")?;
    let Some((w, _)) = crate::str_more::window(s, a)? else {
        return ts.py().int(0);
    };
    let c = if n.is_empty() {
        w.chars().count() + 1
    } else {
        w.matches(n).count()
    };
    ts.py().int(c as i64)
}

fn affix<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
    fname: &str,
    test: fn(&str, &str) -> bool,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let a = a.between(fname, 1, 3)?;
    let arg = &a[0];
    // `start`/`end` narrow the text first (a start past the end matches nothing).
    let Some((s, _)) = crate::str_more::window(s, a)? else {
        return Ok(ts.py().bool(false));
    };
    let hit = match arg.kind() {
        Kind::Str => test(s, arg.as_str().unwrap_or_default()),
        Kind::Tuple => {
            let mut any = false;
            for p in arg.tuple_items().unwrap_or_default() {
                let Some(p) = p.as_str() else {
                    return Err(PyErr::type_error(format!(
                        "tuple for {fname} must only contain str, not {}",
                        p.type_name()
                    )));
                };
                any |= test(s, p);
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
    Ok(ts.py().bool(hit))
}

fn startswith<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    affix(ts, slf, a, "startswith", |s, p| s.starts_with(p))
}

fn endswith<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    affix(ts, slf, a, "endswith", |s, p| s.ends_with(p))
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
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    map_text(ts, slf, str::to_uppercase)
}

fn lower<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    map_text(ts, slf, str::to_lowercase)
}

fn capitalize<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
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
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
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
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    test_chars(ts, slf, |c| c.is_ascii_digit())
}

fn isalpha<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    test_chars(ts, slf, char::is_alphabetic)
}

fn isalnum<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    test_chars(ts, slf, char::is_alphanumeric)
}

fn isspace<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    test_chars(ts, slf, char::is_whitespace)
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
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    cased(ts, slf, true)
}

fn islower<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    cased(ts, slf, false)
}

fn width_fill<'py>(a: &Args<'_, 'py>, fname: &str) -> PyResult<(usize, char)> {
    let a = a.between(fname, 1, 2)?;
    let w = a[0]
        .as_i64()
        .ok_or_else(|| crate::int::not_an_integer(&a[0]))?;
    let fill = match a.get(1) {
        Some(f) => {
            let s = f.as_str().unwrap_or_default();
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
    partition_by(ts, slf, a, "partition", false)
}

/// `str.partition` (from the left) and `str.rpartition` (from the right, `rev`).
pub(crate) fn partition_by<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
    fname: &str,
    rev: bool,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let sep = needle(a.exactly(fname, 1)?, fname)?;
    if sep.is_empty() {
        return Err(PyErr::value_error("empty separator"));
    }
    let py = ts.py();
    let found = if rev {
        s.rsplit_once(sep)
    } else {
        s.split_once(sep)
    };
    let parts = match (found, rev) {
        (Some((x, y)), _) => [py.str(x)?, py.str(sep)?, py.str(y)?],
        (None, false) => [py.str(s)?, py.str("")?, py.str("")?],
        (None, true) => [py.str("")?, py.str("")?, py.str(s)?],
    };
    py.tuple(&parts)
}

/// `str.format`: `{}`, `{0}`, `{name}`, `.attr` and `[key]` lookups, conversions and specs
/// (which may hold fields of their own).
pub(crate) fn format<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?.to_owned();
    let mut out = String::new();
    let mut auto = 0usize;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '}' => {
                return Err(PyErr::value_error(
                    "Single '}' encountered in format string",
                ));
            }
            '{' => {
                let mut field = String::new();
                let mut depth = 1;
                loop {
                    match chars.next() {
                        Some('{') => {
                            depth += 1;
                            field.push('{');
                        }
                        Some('}') => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                            field.push('}');
                        }
                        Some(ch) => field.push(ch),
                        None => {
                            return Err(PyErr::value_error("expected '}' before end of string"));
                        }
                    }
                }
                let (head, spec) = match field.split_once(':') {
                    Some((h, sp)) => (h.to_owned(), sp.to_owned()),
                    None => (field.clone(), String::new()),
                };
                let (name, conv) = match head.split_once('!') {
                    Some((n, c)) => (n.to_owned(), Some(c.to_owned())),
                    None => (head, None),
                };
                let value = resolve_field(ts, &a, &name, &mut auto)?;
                // A spec may hold replacement fields of its own (`{:{width}}`).
                let spec = if spec.contains('{') {
                    let mut out = String::new();
                    let mut rest = spec.as_str();
                    while let Some(open) = rest.find('{') {
                        out.push_str(&rest[..open]);
                        let Some(close) = rest[open..].find('}') else {
                            return Err(PyErr::value_error("unmatched '{' in format spec"));
                        };
                        let inner = &rest[open + 1..open + close];
                        let v = resolve_field(ts, &a, inner, &mut auto)?;
                        out.push_str(&ts.str(&v)?);
                        rest = &rest[open + close + 1..];
                    }
                    out.push_str(rest);
                    out
                } else {
                    spec
                };
                let conv = match conv.as_deref() {
                    None => 0,
                    Some("s") => 1,
                    Some("r") => 2,
                    Some("a") => 3,
                    Some(_) => return Err(PyErr::value_error("Unknown conversion specifier")),
                };
                let spec = ts.py().str(&spec)?;
                let piece = crate::format::format_value(ts, &value, conv, Some(&spec))?;
                out.push_str(piece.as_str().unwrap_or_default());
            }
            c => out.push(c),
        }
    }
    ts.py().str(&out)
}

/// The value of format field `name`: an argument (`0`, `x`, or nothing: the next one)
/// followed by `.attr` and `[key]` lookups.
fn resolve_field<'py>(
    ts: &mut Tstate<'py>,
    a: &Args<'_, 'py>,
    name: &str,
    auto: &mut usize,
) -> PyResult<Obj<'py>> {
    let cut = name.find(['.', '[']).unwrap_or(name.len());
    let (first, lookups) = name.split_at(cut);
    let out_of_range = |i: usize| {
        PyErr::new(
            &exc::INDEX_ERROR,
            format!("Replacement index {i} out of range for positional args tuple"),
        )
    };
    let value = if first.is_empty() {
        let v = a
            .pos
            .get(*auto)
            .cloned()
            .ok_or_else(|| out_of_range(*auto))?;
        *auto += 1;
        v
    } else if let Ok(i) = first.parse::<usize>() {
        a.pos.get(i).cloned().ok_or_else(|| out_of_range(i))?
    } else {
        a.kwarg(first).cloned().ok_or_else(|| {
            PyErr::key_error(&ts.py().str(first).unwrap_or_else(|_| ts.py().none()))
        })?
    };
    field_lookups(ts, value, lookups)
}

/// The `.attr` and `[key]` parts of a format field, applied in order (`[0]` indexes with an
/// int, `[k]` with a str).
fn field_lookups<'py>(ts: &mut Tstate<'py>, mut v: Obj<'py>, mut rest: &str) -> PyResult<Obj<'py>> {
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return Err(PyErr::value_error("Empty attribute in format string"));
            }
            v = ts.getattr(&v, &r[..end])?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else {
                return Err(PyErr::value_error("Missing ']' in format string"));
            };
            let key = &r[..end];
            let key = match key.parse::<i64>() {
                Ok(i) if !key.starts_with(['-', '+']) => ts.py().int(i)?,
                _ => ts.py().str(key)?,
            };
            v = crate::subscr::get(ts, &v, &key)?;
            rest = &r[end + 1..];
        } else {
            return Err(PyErr::value_error(
                "Only '.' or '[' may follow ']' in format field specifier",
            ));
        }
    }
    Ok(v)
}
