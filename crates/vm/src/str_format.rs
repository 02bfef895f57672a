//! `str.format` and `str.format_map`: CPython's `MarkupIterator` over the template, fields
//! with attribute and index chains (`{0.real}`, `{x[key]}`), automatic or manual
//! numbering, conversions, and specs with nested fields (`{:{width}}`).

use subinterp_object::{Obj, PyErr, PyResult, exc};

use crate::Tstate;

/// Where the fields' values come from.
pub(crate) struct Source<'a, 'py> {
    /// Positional arguments (`None` for `format_map`, which refuses positional fields).
    pub(crate) pos: Option<&'a [Obj<'py>]>,
    /// Keyword arguments of `format`.
    pub(crate) kw: &'a [(Obj<'py>, Obj<'py>)],
    /// The mapping of `format_map`.
    pub(crate) map: Option<&'a Obj<'py>>,
}

/// How fields are numbered so far: CPython refuses mixing `{}` with `{0}`.
#[derive(PartialEq)]
enum Numbering {
    Unset,
    Auto(usize),
    Manual,
}

struct State<'a, 'py> {
    src: Source<'a, 'py>,
    numbering: Numbering,
}

fn err(msg: &str) -> PyErr {
    PyErr::value_error(msg)
}

/// Formats `template` with the values of `src`.
pub(crate) fn format<'py>(
    ts: &mut Tstate<'py>,
    template: &str,
    src: Source<'_, 'py>,
) -> PyResult<String> {
    let mut st = State {
        src,
        numbering: Numbering::Unset,
    };
    let chars: Vec<char> = template.chars().collect();
    render(ts, &chars, &mut st, 2)
}

fn render<'py>(
    ts: &mut Tstate<'py>,
    t: &[char],
    st: &mut State<'_, 'py>,
    depth: u32,
) -> PyResult<String> {
    if depth == 0 {
        return Err(err("Max string recursion exceeded"));
    }
    let mut out = String::new();
    let mut i = 0;
    while i < t.len() {
        let c = t[i];
        i += 1;
        match c {
            '{' | '}' if t.get(i) == Some(&c) => {
                out.push(c);
                i += 1;
            }
            '}' => return Err(err("Single '}' encountered in format string")),
            '{' => {
                if i == t.len() {
                    return Err(err("Single '{' encountered in format string"));
                }
                // The field runs to the matching '}'.
                let start = i;
                let mut nest = 1;
                // In the field name (before a ':' or '!' at the top level), brackets hold
                // an index or key in which braces do not count.
                let mut in_name = true;
                while i < t.len() {
                    match t[i] {
                        '[' if in_name => {
                            while i < t.len() && t[i] != ']' {
                                i += 1;
                            }
                            if i == t.len() {
                                break;
                            }
                        }
                        ':' | '!' if nest == 1 => in_name = false,
                        '{' => nest += 1,
                        '}' => {
                            nest -= 1;
                            if nest == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                if nest != 0 {
                    return Err(err("expected '}' before end of string"));
                }
                let field = &t[start..i];
                i += 1;
                out.push_str(&field_text(ts, field, st, depth)?);
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// One replacement field (between the braces): `name[!conv][:spec]`.
fn field_text<'py>(
    ts: &mut Tstate<'py>,
    f: &[char],
    st: &mut State<'_, 'py>,
    depth: u32,
) -> PyResult<String> {
    // The name ends at the first '!' or ':' outside brackets.
    let mut i = 0;
    while i < f.len() {
        match f[i] {
            '[' => {
                while i < f.len() && f[i] != ']' {
                    i += 1;
                }
                continue;
            }
            '{' => return Err(err("unexpected '{' in field name")),
            '!' | ':' => break,
            _ => i += 1,
        }
    }
    let name = &f[..i];
    let mut conv_char = None;
    if f.get(i) == Some(&'!') {
        let Some(&c) = f.get(i + 1) else {
            return Err(err("unmatched '{' in format spec"));
        };
        conv_char = Some(c);
        i += 2;
        if i < f.len() && f[i] != ':' {
            return Err(err("expected ':' after conversion specifier"));
        }
    }
    // The field takes its automatic number before the fields nested in its spec, and is
    // looked up before its conversion is checked (CPython's order).
    let value = lookup(ts, name, st)?;
    let conv = match conv_char {
        None => 0,
        Some('s') => 1,
        Some('r') => 2,
        Some('a') => 3,
        Some(c) => return Err(err(&format!("Unknown conversion specifier {c}"))),
    };
    let spec = if f.get(i) == Some(&':') {
        render(ts, &f[i + 1..], st, depth - 1)?
    } else {
        String::new()
    };
    let spec = ts.py().str(&spec)?;
    let piece = crate::format::format_value(ts, &value, conv, Some(&spec))?;
    Ok(piece.as_str().unwrap_or_default().to_owned())
}

/// The value a field name names: the first part (index or keyword), then `.attr` and
/// `[key]` steps.
fn lookup<'py>(ts: &mut Tstate<'py>, name: &[char], st: &mut State<'_, 'py>) -> PyResult<Obj<'py>> {
    let first_end = name
        .iter()
        .position(|c| *c == '.' || *c == '[')
        .unwrap_or(name.len());
    let first: String = name[..first_end].iter().collect();
    let mut v = if first.is_empty() {
        let n = match st.numbering {
            Numbering::Manual => {
                return Err(err(
                    "cannot switch from manual field specification to automatic field numbering",
                ));
            }
            Numbering::Auto(n) => n,
            Numbering::Unset => 0,
        };
        st.numbering = Numbering::Auto(n + 1);
        positional(st, n)?
    } else if let Ok(n) = first.parse::<usize>() {
        if matches!(st.numbering, Numbering::Auto(_)) {
            return Err(err(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        st.numbering = Numbering::Manual;
        positional(st, n)?
    } else {
        keyword(ts, &first, st)?
    };
    let mut i = first_end;
    while i < name.len() {
        let step = name[i];
        i += 1;
        let start = i;
        if step == '.' {
            while i < name.len() && name[i] != '.' && name[i] != '[' {
                i += 1;
            }
            let attr: String = name[start..i].iter().collect();
            if attr.is_empty() {
                return Err(err("Empty attribute in format string"));
            }
            v = ts.getattr(&v, &attr)?;
        } else {
            while i < name.len() && name[i] != ']' {
                i += 1;
            }
            if i == name.len() {
                return Err(err("Missing ']' in format string"));
            }
            let key: String = name[start..i].iter().collect();
            i += 1;
            if key.is_empty() {
                return Err(err("Empty attribute in format string"));
            }
            let py = ts.py();
            let k = match key.parse::<i64>() {
                Ok(n) if !key.starts_with(['-', '+']) => py.int(n)?,
                _ => py.str(&key)?,
            };
            // Each step applies before the next is parsed, as CPython's iterator does.
            v = crate::subscr::get(ts, &v, &k)?;
            if i < name.len() && name[i] != '.' && name[i] != '[' {
                return Err(err(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ));
            }
        }
    }
    Ok(v)
}

fn positional<'py>(st: &State<'_, 'py>, n: usize) -> PyResult<Obj<'py>> {
    let Some(pos) = st.src.pos else {
        return Err(err("Format string contains positional fields"));
    };
    pos.get(n).cloned().ok_or_else(|| {
        PyErr::new(
            &exc::INDEX_ERROR,
            format!("Replacement index {n} out of range for positional args tuple"),
        )
    })
}

fn keyword<'py>(ts: &mut Tstate<'py>, name: &str, st: &State<'_, 'py>) -> PyResult<Obj<'py>> {
    let key = ts.py().str(name)?;
    if let Some(m) = st.src.map {
        return crate::subscr::get(ts, m, &key);
    }
    st.src
        .kw
        .iter()
        .find(|(k, _)| k.as_str() == Some(name))
        .map(|(_, v)| v.clone())
        .ok_or_else(|| PyErr::key_error(&key))
}
