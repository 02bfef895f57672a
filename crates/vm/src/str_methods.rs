//! Methods of `str`.

use subinterp_object::{Kind, Obj, Py, PyErr, PyResult, exc};

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

fn splitlines<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    strs(ts.py(), text(slf)?.lines())
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

fn find<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let n = needle(a.between("find", 1, 3)?, "find")?;
    ts.py().int(s.find(n).map_or(-1, |b| char_index(s, b)))
}

fn rfind<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let n = needle(a.between("rfind", 1, 3)?, "rfind")?;
    ts.py().int(s.rfind(n).map_or(-1, |b| char_index(s, b)))
}

fn index<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let n = needle(a.between("index", 1, 3)?, "index")?;
    match s.find(n) {
        Some(b) => ts.py().int(char_index(s, b)),
        None => Err(PyErr::value_error("substring not found")),
    }
}

fn count<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = text(slf)?;
    let n = needle(a.between("count", 1, 3)?, "count")?;
    let c = if n.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(n).count()
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
    let arg = &a.between(fname, 1, 3)?[0];
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
    let s = text(slf)?;
    let sep = needle(a.exactly("partition", 1)?, "partition")?;
    if sep.is_empty() {
        return Err(PyErr::value_error("empty separator"));
    }
    let py = ts.py();
    let parts = match s.split_once(sep) {
        Some((x, y)) => [py.str(x)?, py.str(sep)?, py.str(y)?],
        None => [py.str(s)?, py.str("")?, py.str("")?],
    };
    py.tuple(&parts)
}

/// `str.format`: `{}`, `{0}`, `{name}`, conversions and specs (no attribute or index lookups
/// in fields yet: `ValueError` for those).
fn format<'py>(
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
                let value = if name.is_empty() {
                    let v = a.pos.get(auto).cloned().ok_or_else(|| {
                        PyErr::new(
                            &exc::INDEX_ERROR,
                            format!(
                                "Replacement index {auto} out of range for positional args tuple"
                            ),
                        )
                    })?;
                    auto += 1;
                    v
                } else if let Ok(i) = name.parse::<usize>() {
                    a.pos.get(i).cloned().ok_or_else(|| {
                        PyErr::new(
                            &exc::INDEX_ERROR,
                            format!("Replacement index {i} out of range for positional args tuple"),
                        )
                    })?
                } else if name.contains(['.', '[']) {
                    return Err(PyErr::value_error(
                        "attribute and index lookups in format fields are not run yet",
                    ));
                } else {
                    a.kwarg(&name).cloned().ok_or_else(|| {
                        PyErr::key_error(&ts.py().str(&name).unwrap_or_else(|_| ts.py().none()))
                    })?
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
