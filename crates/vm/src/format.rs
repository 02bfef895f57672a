//! The format mini-language (`format(v, spec)`, f-strings' `{v:spec}`) for int, float, bool
//! and str, and `str % args`, with CPython's results and texts.

use subinterp_object::{Kind, Obj, PyErr, PyResult, float_repr};

use crate::Tstate;
use crate::int::{IntV, int_value};

/// A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Default, Clone, Copy)]
pub(crate) struct Spec {
    pub(crate) fill: Option<char>,
    pub(crate) align: Option<char>,
    pub(crate) sign: Option<char>,
    pub(crate) alt: bool,
    /// `z`: negative zero becomes zero (floats only).
    pub(crate) z: bool,
    pub(crate) zero: bool,
    pub(crate) width: usize,
    pub(crate) grouping: Option<char>,
    pub(crate) precision: Option<usize>,
    pub(crate) ty: Option<char>,
}

/// Parses `spec` for an object of type `tname`, as CPython's
/// `parse_internal_render_format_spec`: `default_type` is the type code when none is given
/// (`d` for int, `s` for str, none for float), which the grouping check sees.
fn parse_spec(spec: &str, default_type: Option<char>, tname: &str) -> PyResult<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut s = Spec::default();
    let mut i = 0;
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = Some(chars[0]);
        s.align = Some(chars[1]);
        i = 2;
    } else if chars.first().is_some_and(|&c| is_align(c)) {
        s.align = Some(chars[0]);
        i = 1;
    }
    if let Some(&c) = chars.get(i)
        && matches!(c, '+' | '-' | ' ')
    {
        s.sign = Some(c);
        i += 1;
    }
    if chars.get(i) == Some(&'z') {
        s.z = true;
        i += 1;
    }
    if chars.get(i) == Some(&'#') {
        s.alt = true;
        i += 1;
    }
    // `0` is the zero flag only without an explicit fill: it fills with zeros (between the
    // sign and the digits for numbers unless an alignment is given).
    if s.fill.is_none() && chars.get(i) == Some(&'0') {
        s.zero = true;
        s.fill = Some('0');
        i += 1;
    }
    // CPython refuses a width or precision beyond `Py_ssize_t`.
    let digits = |i: &mut usize| -> PyResult<Option<usize>> {
        let start = *i;
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        if start == *i {
            return Ok(None);
        }
        chars[start..*i]
            .iter()
            .collect::<String>()
            .parse::<usize>()
            .ok()
            .filter(|&n| isize::try_from(n).is_ok())
            .map(Some)
            .ok_or_else(|| PyErr::value_error("Too many decimal digits in format string"))
    };
    s.width = digits(&mut i)?.unwrap_or(0);
    if let Some(&c) = chars.get(i)
        && matches!(c, ',' | '_')
    {
        s.grouping = Some(c);
        i += 1;
        if let Some(&d) = chars.get(i)
            && matches!(d, ',' | '_')
        {
            return Err(PyErr::value_error(if d == c {
                format!("Cannot specify '{c}' with '{d}'.")
            } else {
                String::from("Cannot specify both ',' and '_'.")
            }));
        }
    }
    if chars.get(i) == Some(&'.') {
        i += 1;
        s.precision = Some(
            digits(&mut i)?
                .ok_or_else(|| PyErr::value_error("Format specifier missing precision"))?,
        );
    }
    if chars.len() - i > 1 {
        return Err(PyErr::value_error(format!(
            "Invalid format specifier '{spec}' for object of type '{tname}'"
        )));
    }
    s.ty = chars.get(i).copied().or(default_type);
    if let Some(g) = s.grouping {
        match s.ty {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => {}
            Some('b' | 'o' | 'x' | 'X') if g == '_' => {}
            Some(t) => {
                return Err(PyErr::value_error(format!(
                    "Cannot specify '{g}' with '{t}'."
                )));
            }
        }
    }
    Ok(s)
}

/// `format(v, spec)`.
pub(crate) fn format<'py>(ts: &mut Tstate<'py>, v: &Obj<'py>, spec: &str) -> PyResult<String> {
    if v.has_heap_type()
        && let Some(s) = ts.format_dunder(v, spec)?
    {
        return Ok(s);
    }
    if spec.is_empty() {
        return ts.str(v);
    }
    let tname = v.type_name();
    if let Some(i) = int_value(v) {
        let s = parse_spec(spec, Some('d'), tname)?;
        return match s.ty {
            Some('b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n') => {
                format_int(i, &s, tname, ts.py().int_max_str_digits())
            }
            Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => format_float(i.to_f64()?, &s),
            t => Err(unknown(t.unwrap_or('d'), tname)),
        };
    }
    if let Some(f) = v.as_f64() {
        let s = parse_spec(spec, None, tname)?;
        return match s.ty {
            None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => format_float(f, &s),
            Some(t) => Err(unknown(t, tname)),
        };
    }
    if v.kind() == Kind::Str {
        let s = parse_spec(spec, Some('s'), tname)?;
        return match s.ty {
            Some('s') => format_str(v.as_str().unwrap_or_default(), &s),
            t => Err(unknown(t.unwrap_or('s'), tname)),
        };
    }
    Err(PyErr::type_error(format!(
        "unsupported format string passed to {}.__format__",
        v.type_name()
    )))
}

fn unknown(ty: char, tname: &str) -> PyErr {
    PyErr::value_error(format!(
        "Unknown format code '{ty}' for object of type '{tname}'"
    ))
}

fn format_str(text: &str, s: &Spec) -> PyResult<String> {
    if let Some(sign) = s.sign {
        return Err(PyErr::value_error(if sign == ' ' {
            "Space not allowed in string format specifier"
        } else {
            "Sign not allowed in string format specifier"
        }));
    }
    if s.z {
        return Err(PyErr::value_error(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if s.alt {
        return Err(PyErr::value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if s.align == Some('=') {
        return Err(PyErr::value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let t: String = match s.precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_owned(),
    };
    pad(&t, s, '<')
}

/// The width the grouped digits must fill when zeros pad a grouped number (`0` flag or
/// `0=`): CPython groups the padding zeros too (`format(-7, '09,')` is `-0,000,007`); 0
/// otherwise. `other` is the width of everything but the digits.
fn zero_grouped_width(s: &Spec, other: usize) -> usize {
    let align = s.align.unwrap_or(if s.zero { '=' } else { '>' });
    if s.fill == Some('0') && align == '=' {
        s.width.saturating_sub(other)
    } else {
        0
    }
}

/// `digits` with `sep` every `every` digits from the right, left-padded with zeros (grouped
/// too) to at least `min` characters, never starting with a separator.
fn group(digits: &str, sep: char, every: usize, min: usize) -> String {
    let grouped = |n: usize| n + n.saturating_sub(1) / every;
    let mut n = digits.len();
    while grouped(n) < min {
        n += 1;
    }
    let padded = format!("{}{digits}", "0".repeat(n - digits.len()));
    let digits = padded.as_str();
    let n = digits.len();
    let mut out = String::with_capacity(n + n / every);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// `format(int, spec)`; `limit` is the interpreter's decimal digit limit.
fn format_int(v: IntV, s: &Spec, tname: &str, limit: usize) -> PyResult<String> {
    let ty = s.ty.unwrap_or('d');
    if matches!(ty, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
        return format_float(v.to_f64()?, s);
    }
    if s.precision.is_some() {
        return Err(PyErr::value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if s.z {
        return Err(PyErr::value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    if ty == 'c' {
        if s.sign.is_some() {
            return Err(PyErr::value_error(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if s.alt {
            return Err(PyErr::value_error(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
    }
    let big = v.to_big();
    let neg = big.sign() == num_bigint::Sign::Minus;
    let mag = if neg { -big } else { big };
    let (digits, prefix, every) = match ty {
        'd' | 'n' => (subinterp_object::int_to_decimal(&mag, limit)?, "", 3),
        'b' => (mag.to_str_radix(2), "0b", 4),
        'o' => (mag.to_str_radix(8), "0o", 4),
        'x' => (mag.to_str_radix(16), "0x", 4),
        'X' => (mag.to_str_radix(16).to_uppercase(), "0X", 4),
        'c' => {
            let c = num_traits::ToPrimitive::to_u32(&mag)
                .and_then(char::from_u32)
                .filter(|_| !neg)
                .ok_or_else(|| {
                    PyErr::new(
                        &subinterp_object::exc::OVERFLOW_ERROR,
                        "%c arg not in range(0x110000)",
                    )
                })?;
            return numeric_pad("", "", &c.to_string(), s);
        }
        t => return Err(unknown(t, tname)),
    };
    let sign = sign_str(neg, s.sign);
    let prefix = if s.alt { prefix } else { "" };
    let digits = match s.grouping {
        Some(sep) => group(
            &digits,
            sep,
            every,
            zero_grouped_width(s, sign.len() + prefix.len()),
        ),
        None => digits,
    };
    numeric_pad(sign, prefix, &digits, s)
}

fn sign_str(neg: bool, sign: Option<char>) -> &'static str {
    match (neg, sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// Pads a number: `=` alignment (and the `0` flag) put the fill between sign and digits.
fn numeric_pad(sign: &str, prefix: &str, body: &str, s: &Spec) -> PyResult<String> {
    let len = sign.chars().count() + prefix.len() + body.chars().count();
    let align = s.align.unwrap_or(if s.zero { '=' } else { '>' });
    let fill = s.fill.unwrap_or(' ');
    if align == '=' && len < s.width {
        let n = s.width - len;
        return Ok(format!("{sign}{prefix}{}{body}", fill_run(fill, n)?));
    }
    let text = format!("{sign}{prefix}{body}");
    let spec = Spec {
        fill: Some(fill),
        align: Some(align),
        width: s.width,
        ..Spec::default()
    };
    pad(&text, &spec, '>')
}

/// `n` copies of `fill`: a `MemoryError` rather than an abort when a width is too large
/// to allocate.
fn fill_run(fill: char, n: usize) -> PyResult<String> {
    let mut out = String::new();
    let bytes = n
        .checked_mul(fill.len_utf8())
        .ok_or_else(PyErr::no_memory)?;
    out.try_reserve_exact(bytes)
        .map_err(|_| PyErr::no_memory())?;
    out.extend(std::iter::repeat_n(fill, n));
    Ok(out)
}

fn pad(text: &str, s: &Spec, default: char) -> PyResult<String> {
    let len = text.chars().count();
    if len >= s.width {
        return Ok(text.to_owned());
    }
    let n = s.width - len;
    let fill = s.fill.unwrap_or(' ');
    Ok(match s.align.unwrap_or(default) {
        '<' => format!("{text}{}", fill_run(fill, n)?),
        '^' => format!(
            "{}{text}{}",
            fill_run(fill, n / 2)?,
            fill_run(fill, n - n / 2)?
        ),
        _ => format!("{}{text}", fill_run(fill, n)?),
    })
}

/// `%e` style: mantissa with `p` digits and a signed exponent of at least two digits.
fn exp_format(v: f64, p: usize, upper: bool) -> String {
    let s = format!("{v:.p$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let out = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper { out.to_uppercase() } else { out }
}

/// `%g` style with `p` significant digits; `keep` keeps trailing zeros (`#`).
fn general_format(v: f64, p: usize, upper: bool, keep: bool, min_one: bool) -> String {
    let p = p.max(1);
    if v == 0.0 && min_one && p == 1 {
        // Zero has one digit before the point, so with one significant digit and no type
        // code it takes the exponent form too (`format(0.0, '.0')` is `0e+00`).
        return String::from(if upper { "0E+00" } else { "0e+00" });
    }
    if v == 0.0 {
        let z = if keep {
            format!("{:.*}", p - 1, v)
        } else {
            String::from(if v.is_sign_negative() { "-0" } else { "0" })
        };
        return if min_one && !z.contains('.') {
            format!("{z}.0")
        } else {
            z
        };
    }
    let e = exp_format(v, p - 1, false);
    let x: i32 = e
        .rsplit_once('e')
        .and_then(|(_, x)| x.parse().ok())
        .unwrap_or(0);
    // With no type code (`min_one`), CPython switches to the exponent one digit earlier
    // (`Py_DTSF_ADD_DOT_0`): `format(3.5, '.1')` is `4e+00`.
    let limit = if min_one { p as i32 - 1 } else { p as i32 };
    let mut out = if -4 <= x && x < limit {
        let fp = (p as i32 - 1 - x).max(0) as usize;
        let mut f = format!("{v:.fp$}");
        if !keep && f.contains('.') {
            f = f.trim_end_matches('0').trim_end_matches('.').to_owned();
        }
        if min_one && !f.contains('.') {
            f.push_str(".0");
        }
        f
    } else {
        let (m, ex) = e.split_once('e').unwrap_or((&e, ""));
        let m = if !keep && m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        format!("{m}e{ex}")
    };
    if upper {
        out = out.to_uppercase();
    }
    out
}

pub(crate) fn format_float(v: f64, s: &Spec) -> PyResult<String> {
    let ty = s.ty;
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let a = v.abs();
    let body = if !a.is_finite() {
        let t = if a.is_nan() { "nan" } else { "inf" };
        if upper {
            t.to_uppercase()
        } else {
            t.to_owned()
        }
    } else {
        match ty {
            Some('f' | 'F') => format!("{a:.*}", s.precision.unwrap_or(6)),
            Some('e' | 'E') => exp_format(a, s.precision.unwrap_or(6), upper),
            Some('g' | 'G') => general_format(a, s.precision.unwrap_or(6), upper, s.alt, false),
            Some('%') => format!("{:.*}%", s.precision.unwrap_or(6), a * 100.0),
            Some('n') => general_format(a, s.precision.unwrap_or(6), false, s.alt, false),
            None => match s.precision {
                Some(p) => general_format(a, p, false, s.alt, true),
                None => float_repr(a),
            },
            Some(t) => return Err(unknown(t, "float")),
        }
    };
    let body = if ty == Some('%') && !a.is_finite() {
        format!("{body}%")
    } else {
        body
    };
    // `#` keeps the decimal point even with no digits after it (`1.e+06`, `0.%`).
    let body = if s.alt && a.is_finite() && !body.contains('.') {
        match body.find(['e', 'E', '%']) {
            Some(i) => format!("{}.{}", &body[..i], &body[i..]),
            None => format!("{body}."),
        }
    } else {
        body
    };
    // `z` turns a negative zero result (after rounding) into a positive one.
    let neg = v.is_sign_negative()
        && !v.is_nan()
        && !(s.z && body.chars().all(|c| !c.is_ascii_digit() || c == '0'));
    let sign = sign_str(neg, s.sign);
    let body = match s.grouping {
        Some(sep) if a.is_finite() => {
            let (int, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
                Some(i) => body.split_at(i),
                None => (body.as_str(), ""),
            };
            let min = zero_grouped_width(s, sign.len() + rest.chars().count());
            format!("{}{rest}", group(int, sep, 3, min))
        }
        _ => body,
    };
    numeric_pad(sign, "", &body, s)
}

/// `FORMAT_VALUE`: the conversion (`!s`, `!r`, `!a`) then `format` with the spec.
pub(crate) fn format_value<'py>(
    ts: &mut Tstate<'py>,
    v: &Obj<'py>,
    conv: usize,
    spec: Option<&Obj<'py>>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let converted;
    let v = match conv {
        1 => {
            converted = py.str(&ts.str(v)?)?;
            &converted
        }
        2 | 3 => {
            let r = ts.repr(v)?;
            converted = py.str(&if conv == 3 { ascii(&r) } else { r })?;
            &converted
        }
        _ => v,
    };
    let spec = spec.and_then(|s| s.as_str()).unwrap_or("");
    if spec.is_empty() && v.kind() == Kind::Str {
        return Ok(v.clone());
    }
    py.str(&format(ts, v, spec)?)
}

/// `ascii()`: the repr with non-ASCII characters escaped.
pub(crate) fn ascii(r: &str) -> String {
    let mut out = String::with_capacity(r.len());
    for c in r.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            n @ 0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
            n @ 0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}
