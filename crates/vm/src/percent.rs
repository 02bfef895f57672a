//! `str % args`: printf-style formatting with CPython's rules and texts (mapping keys,
//! `*` widths, the flags, `%s %r %a %c %d %i %u %x %X %o %e %E %f %F %g %G %%`).

use num_bigint::BigInt;
use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::format::{Spec, ascii, format_float};
use crate::int::int_value;

/// The flags, width and precision of one conversion.
#[derive(Default)]
struct Conv {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    precision: Option<usize>,
}

/// The arguments: a tuple's items in turn, or one value; a dict also serves `%(key)s`.
struct Source<'a, 'py> {
    items: &'a [Obj<'py>],
    next: usize,
    mapping: Option<&'a Obj<'py>>,
}

impl<'py> Source<'_, 'py> {
    fn take(&mut self) -> PyResult<Obj<'py>> {
        let v = self
            .items
            .get(self.next)
            .cloned()
            .ok_or_else(|| PyErr::type_error("not enough arguments for format string"))?;
        self.next += 1;
        Ok(v)
    }

    /// A `*` width or precision.
    fn star(&mut self) -> PyResult<i64> {
        self.take()?
            .as_i64()
            .ok_or_else(|| PyErr::type_error("* wants int"))
    }
}

/// `fmt % args`.
pub(crate) fn percent<'py>(
    ts: &mut Tstate<'py>,
    fmt: &Obj<'py>,
    args: &Obj<'py>,
) -> PyResult<Obj<'py>> {
    let t: Vec<char> = fmt.as_str().unwrap_or_default().chars().collect();
    let tuple_items;
    let single = [args.clone()];
    let items: &[Obj<'py>] = if args.kind() == Kind::Tuple {
        tuple_items = args.tuple_items().unwrap_or_default();
        &tuple_items
    } else {
        &single
    };
    let mut src = Source {
        items,
        next: 0,
        mapping: (args.kind() == Kind::Dict).then_some(args),
    };
    let mut out = String::new();
    let mut i = 0;
    while i < t.len() {
        if t[i] != '%' {
            out.push(t[i]);
            i += 1;
            continue;
        }
        i += 1;
        let incomplete = || PyErr::value_error("incomplete format");
        let mut keyed = None;
        if t.get(i) == Some(&'(') {
            let Some(m) = src.mapping else {
                return Err(PyErr::type_error("format requires a mapping"));
            };
            let (mut depth, start) = (1, i + 1);
            i += 1;
            while i < t.len() {
                match t[i] {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            if i == t.len() {
                return Err(PyErr::value_error("incomplete format key"));
            }
            let key = ts.py().str(&t[start..i].iter().collect::<String>())?;
            i += 1;
            keyed = Some(crate::subscr::get(ts, m, &key)?);
            // As CPython's: after a keyed conversion the arguments are the looked-up value,
            // used up by that conversion, so a later positional one finds none.
            src.next = src.items.len();
        }
        let mut c = Conv::default();
        while let Some(&f) = t.get(i) {
            match f {
                '-' => c.left = true,
                '+' => c.plus = true,
                ' ' => c.space = true,
                '#' => c.alt = true,
                '0' => c.zero = true,
                _ => break,
            }
            i += 1;
        }
        if t.get(i) == Some(&'*') {
            let w = src.star()?;
            c.left |= w < 0;
            c.width = w.unsigned_abs() as usize;
            i += 1;
        } else {
            c.width = digits(&t, &mut i)?;
        }
        if t.get(i) == Some(&'.') {
            i += 1;
            c.precision = Some(if t.get(i) == Some(&'*') {
                i += 1;
                src.star()?.max(0) as usize
            } else {
                digits(&t, &mut i)?
            });
        }
        while matches!(t.get(i), Some('h' | 'l' | 'L')) {
            i += 1;
        }
        let Some(&conv) = t.get(i) else {
            return Err(incomplete());
        };
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        if !"srabcdiuoxXeEfFgG".contains(conv) {
            return Err(PyErr::value_error(format!(
                "unsupported format character '{conv}' ({:#x}) at index {}",
                conv as u32,
                i - 1
            )));
        }
        let v = match keyed {
            Some(v) => v,
            None => src.take()?,
        };
        out.push_str(&piece(ts, conv, &v, &c)?);
    }
    if src.mapping.is_none() && src.next < items.len() {
        return Err(PyErr::type_error(
            "not all arguments converted during string formatting",
        ));
    }
    ts.py().str(&out)
}

fn digits(t: &[char], i: &mut usize) -> PyResult<usize> {
    let mut n: usize = 0;
    while let Some(d) = t.get(*i).and_then(|c| c.to_digit(10)) {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(d as usize))
            .filter(|&n| isize::try_from(n).is_ok())
            .ok_or_else(|| PyErr::value_error("width too big"))?;
        *i += 1;
    }
    Ok(n)
}

/// Pads `body` (after `sign` and `prefix`) to the width: spaces on the left, on the right
/// (`-`), or zeros between the sign and the digits (`0`, numbers only).
fn justify(sign: &str, prefix: &str, body: &str, c: &Conv, numeric: bool) -> PyResult<String> {
    let len = sign.chars().count() + prefix.chars().count() + body.chars().count();
    let n = c.width.saturating_sub(len);
    let mut out = String::new();
    out.try_reserve(len + n).map_err(|_| PyErr::no_memory())?;
    let run = |out: &mut String, ch: char| out.extend(std::iter::repeat_n(ch, n));
    if c.left {
        out.push_str(sign);
        out.push_str(prefix);
        out.push_str(body);
        run(&mut out, ' ');
    } else if c.zero && numeric {
        out.push_str(sign);
        out.push_str(prefix);
        run(&mut out, '0');
        out.push_str(body);
    } else {
        run(&mut out, ' ');
        out.push_str(sign);
        out.push_str(prefix);
        out.push_str(body);
    }
    Ok(out)
}

fn piece<'py>(ts: &mut Tstate<'py>, conv: char, v: &Obj<'py>, c: &Conv) -> PyResult<String> {
    match conv {
        's' | 'r' | 'a' => {
            let s = match conv {
                's' => ts.str(v)?,
                'r' => ts.repr(v)?,
                _ => ascii(&ts.repr(v)?),
            };
            let s: String = match c.precision {
                Some(p) => s.chars().take(p).collect(),
                None => s,
            };
            justify("", "", &s, c, false)
        }
        'c' => {
            let ch = if let Some(s) = v.as_str() {
                let mut cs = s.chars();
                match (cs.next(), cs.next()) {
                    (Some(ch), None) => ch,
                    _ => return Err(PyErr::type_error("%c requires int or char")),
                }
            } else if let Some(n) = int_value(v) {
                num_traits::ToPrimitive::to_u32(&n.to_big())
                    .and_then(char::from_u32)
                    .ok_or_else(|| {
                        PyErr::new(&exc::OVERFLOW_ERROR, "%c arg not in range(0x110000)")
                    })?
            } else {
                return Err(PyErr::type_error("%c requires int or char"));
            };
            justify("", "", &ch.to_string(), c, false)
        }
        'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
            let n = integer(conv, v)?;
            let neg = n.sign() == num_bigint::Sign::Minus;
            let mag = if neg { -n } else { n };
            let (mut body, prefix) = match conv {
                'x' => (mag.to_str_radix(16), "0x"),
                'X' => (mag.to_str_radix(16).to_uppercase(), "0X"),
                'o' => (mag.to_str_radix(8), "0o"),
                _ => (
                    subinterp_object::int_to_decimal(&mag, v.py().int_max_str_digits())?,
                    "",
                ),
            };
            if let Some(p) = c.precision
                && body.len() < p
            {
                body = format!("{}{body}", "0".repeat(p - body.len()));
            }
            let prefix = if c.alt { prefix } else { "" };
            justify(sign(neg, c), prefix, &body, c, true)
        }
        _ => {
            let f = match (v.as_f64(), int_value(v)) {
                (Some(f), _) => f,
                (None, Some(i)) => i.to_f64()?,
                _ => {
                    return Err(PyErr::type_error(format!(
                        "must be real number, not {}",
                        v.type_name()
                    )));
                }
            };
            let spec = Spec {
                alt: c.alt,
                precision: Some(c.precision.unwrap_or(6)),
                ty: Some(conv),
                ..Spec::default()
            };
            let text = format_float(f.abs(), &spec)?;
            let neg = f.is_sign_negative() && !f.is_nan();
            justify(sign(neg, c), "", &text, c, true)
        }
    }
}

fn sign(neg: bool, c: &Conv) -> &'static str {
    if neg {
        "-"
    } else if c.plus {
        "+"
    } else if c.space {
        " "
    } else {
        ""
    }
}

/// The integer a `%d` (a float is truncated) or `%x`/`%o` (ints only) conversion takes.
fn integer(conv: char, v: &Obj<'_>) -> PyResult<BigInt> {
    if let Some(n) = int_value(v) {
        return Ok(n.to_big());
    }
    let real = matches!(conv, 'd' | 'i' | 'u');
    match v.as_f64() {
        Some(f) if real => {
            use num_traits::FromPrimitive;
            if f.is_nan() {
                return Err(PyErr::value_error("cannot convert float NaN to integer"));
            }
            BigInt::from_f64(f.trunc()).ok_or_else(|| {
                PyErr::new(
                    &exc::OVERFLOW_ERROR,
                    "cannot convert float infinity to integer",
                )
            })
        }
        _ if real => Err(PyErr::type_error(format!(
            "%{conv} format: a real number is required, not {}",
            v.type_name()
        ))),
        _ => Err(PyErr::type_error(format!(
            "%{conv} format: an integer is required, not {}",
            v.type_name()
        ))),
    }
}
