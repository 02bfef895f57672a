//! The format mini-language (`format(v, spec)`, f-strings' `{v:spec}`) for int, float, bool
//! and str, and `str % args`, with CPython's results and texts.

use subinterp_object::{Kind, Obj, PyErr, PyResult, float_repr};

use crate::Tstate;
use crate::int::{IntV, int_value};

/// A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Default)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    /// `z`: negative zero coerced to zero (floats only).
    no_neg_zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(spec: &str) -> PyResult<Spec> {
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
        s.no_neg_zero = true;
        i += 1;
    }
    if chars.get(i) == Some(&'#') {
        s.alt = true;
        i += 1;
    }
    if chars.get(i) == Some(&'0') {
        s.zero = true;
        i += 1;
    }
    let digits = |i: &mut usize| -> Option<usize> {
        let start = *i;
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        (start < *i).then(|| {
            chars[start..*i]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(usize::MAX)
        })
    };
    s.width = digits(&mut i).unwrap_or(0);
    if let Some(&c) = chars.get(i)
        && matches!(c, ',' | '_')
    {
        s.grouping = Some(c);
        i += 1;
        if let Some(&d) = chars.get(i)
            && matches!(d, ',' | '_')
        {
            return Err(PyErr::value_error(if d == c {
                format!("Cannot specify '{c}' with '{c}'.")
            } else {
                String::from("Cannot specify both ',' and '_'.")
            }));
        }
    }
    if chars.get(i) == Some(&'.') {
        i += 1;
        s.precision = Some(
            digits(&mut i)
                .ok_or_else(|| PyErr::value_error("Format specifier missing precision"))?,
        );
    }
    if i < chars.len() {
        s.ty = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() {
        return Err(PyErr::value_error("Invalid format specifier"));
    }
    Ok(s)
}

/// `format(v, spec)`.
pub(crate) fn format<'py>(ts: &mut Tstate<'py>, v: &Obj<'py>, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return ts.str(v);
    }
    let s = parse_spec(spec)?;
    if let Some(i) = int_value(v) {
        if v.kind() == Kind::Bool && s.ty.is_none() {
            return Ok(pad(&ts.str(v)?, &s, '<'));
        }
        return format_int(i, &s, v.type_name(), ts.py().int_max_str_digits());
    }
    if let Some(f) = v.as_f64() {
        return format_float(f, &s);
    }
    if v.kind() == Kind::Str {
        return format_str(v.as_str().unwrap_or_default(), &s);
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
    if let Some(t) = s.ty.filter(|&t| t != 's') {
        return Err(unknown(t, "str"));
    }
    if s.sign.is_some() {
        return Err(PyErr::value_error(
            "Sign not allowed in string format specifier",
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
    Ok(pad(&t, s, '<'))
}

fn group(digits: &str, sep: char, every: usize) -> String {
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
    if s.no_neg_zero {
        return Err(PyErr::value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
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
            return Ok(pad(&c.to_string(), s, '<'));
        }
        t => return Err(unknown(t, tname)),
    };
    let digits = match s.grouping {
        Some(sep) => group(&digits, sep, every),
        None => digits,
    };
    let sign = sign_str(neg, s.sign);
    let prefix = if s.alt { prefix } else { "" };
    Ok(numeric_pad(sign, prefix, &digits, s))
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
fn numeric_pad(sign: &str, prefix: &str, body: &str, s: &Spec) -> String {
    let len = sign.chars().count() + prefix.len() + body.chars().count();
    let align = s.align.unwrap_or(if s.zero { '=' } else { '>' });
    let fill = s.fill.unwrap_or(if s.zero && s.align.is_none() {
        '0'
    } else {
        ' '
    });
    if align == '=' && len < s.width {
        let n = s.width - len;
        return format!("{sign}{prefix}{}{body}", fill.to_string().repeat(n));
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

fn pad(text: &str, s: &Spec, default: char) -> String {
    let len = text.chars().count();
    if len >= s.width {
        return text.to_owned();
    }
    let n = s.width - len;
    let fill = s.fill.unwrap_or(' ').to_string();
    match s.align.unwrap_or(default) {
        '<' => format!("{text}{}", fill.repeat(n)),
        '^' => format!("{}{text}{}", fill.repeat(n / 2), fill.repeat(n - n / 2)),
        _ => format!("{}{text}", fill.repeat(n)),
    }
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
    // With no type letter (`min_one`), CPython also switches to the exponent when the
    // added `.0` would pass the precision (`format(123.0, '.3')` is `1.23e+02`).
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

fn format_float(v: f64, s: &Spec) -> PyResult<String> {
    let ty = s.ty;
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let neg = v.is_sign_negative() && !v.is_nan();
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
    // `z`: a value that rounds to zero loses its minus sign.
    let mantissa = body.split(['e', 'E']).next().unwrap_or_default();
    let neg = neg && !(s.no_neg_zero && mantissa.chars().all(|c| matches!(c, '0' | '.' | '%')));
    let body = match s.grouping {
        Some(sep) if a.is_finite() => {
            let (int, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
                Some(i) => body.split_at(i),
                None => (body.as_str(), ""),
            };
            format!("{}{rest}", group(int, sep, 3))
        }
        _ => body,
    };
    Ok(numeric_pad(sign_str(neg, s.sign), "", &body, s))
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

/// `fmt % args` (printf-style formatting of str).
pub(crate) fn percent<'py>(
    ts: &mut Tstate<'py>,
    fmt: &Obj<'py>,
    args: &Obj<'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let text = fmt.as_str().unwrap_or_default().to_owned();
    let items = if args.kind() == Kind::Tuple {
        args.tuple_items().unwrap_or_default()
    } else {
        vec![args.clone()]
    };
    let mut next = 0usize;
    let mut take = || -> PyResult<Obj<'py>> {
        let v = items
            .get(next)
            .cloned()
            .ok_or_else(|| PyErr::type_error("not enough arguments for format string"))?;
        next += 1;
        Ok(v)
    };
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        // `%(key)s` takes the value from a mapping argument.
        let mut key = None;
        if chars.peek() == Some(&'(') {
            chars.next();
            let (mut k, mut depth) = (String::new(), 1);
            loop {
                let Some(ch) = chars.next() else {
                    return Err(PyErr::value_error("incomplete format key"));
                };
                depth += match ch {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                if depth == 0 {
                    break;
                }
                k.push(ch);
            }
            key = Some(k);
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek()
            && "-+ #0".contains(f)
        {
            flags.push(f);
            chars.next();
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek()
            && d.is_ascii_digit()
        {
            width.push(d);
            chars.next();
        }
        let mut precision = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek()
                && d.is_ascii_digit()
            {
                p.push(d);
                chars.next();
            }
            precision = Some(p.parse::<usize>().unwrap_or(0));
        }
        let Some(conv) = chars.next() else {
            return Err(PyErr::value_error("incomplete format"));
        };
        if conv == '%' {
            out.push('%');
            continue;
        }
        let v = match &key {
            None => take()?,
            Some(k) => {
                if args.kind() != Kind::Dict {
                    return Err(PyErr::type_error("format requires a mapping"));
                }
                let k = py.str(k)?;
                args.dict_get(&k)?.ok_or_else(|| PyErr::key_error(&k))?
            }
        };
        let mut spec = String::new();
        if flags.contains('-') {
            spec.push('<');
        } else if !flags.contains('0') && !width.is_empty() {
            spec.push('>');
        }
        if flags.contains('+') {
            spec.push('+');
        } else if flags.contains(' ') {
            spec.push(' ');
        }
        if flags.contains('#') {
            spec.push('#');
        }
        if flags.contains('0') && !flags.contains('-') {
            spec.push('0');
        }
        spec.push_str(&width);
        let piece = match conv {
            's' | 'r' | 'a' => {
                let s = match conv {
                    's' => ts.str(&v)?,
                    'r' => ts.repr(&v)?,
                    _ => ascii(&ts.repr(&v)?),
                };
                if let Some(p) = precision {
                    spec.push_str(&format!(".{p}"));
                }
                format_str(&s, &parse_spec(&spec)?)?
            }
            'c' if v.as_str().is_some() => {
                let c = v.as_str().unwrap_or_default();
                if c.chars().count() != 1 {
                    return Err(PyErr::type_error(format!(
                        "%c requires an int or a unicode character, not a string of length {}",
                        c.chars().count()
                    )));
                }
                format_str(c, &parse_spec(&spec)?)?
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'c' => {
                let n = match int_value(&v) {
                    Some(n) => n.to_big(),
                    None if v.as_f64().is_some() && conv != 'c' => {
                        let f = v.as_f64().unwrap_or(0.0);
                        num_traits::FromPrimitive::from_f64(f.trunc())
                            .ok_or_else(|| crate::types::float_to_int_error(f))?
                    }
                    None => {
                        return Err(PyErr::type_error(format!(
                            "%{conv} format: a real number is required, not {}",
                            v.type_name()
                        )));
                    }
                };
                spec.push(match conv {
                    'i' | 'u' => 'd',
                    c => c,
                });
                format_int(
                    IntV::Big(n),
                    &parse_spec(&spec)?,
                    v.type_name(),
                    py.int_max_str_digits(),
                )?
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                let f = match (v.as_f64(), int_value(&v)) {
                    (Some(f), _) => f,
                    (None, Some(i)) => i.to_f64()?,
                    _ => {
                        return Err(PyErr::type_error(format!(
                            "must be real number, not {}",
                            v.type_name()
                        )));
                    }
                };
                spec.push_str(&format!(".{}", precision.unwrap_or(6)));
                spec.push(conv);
                format_float(f, &parse_spec(&spec)?)?
            }
            other => {
                // The index of the conversion character in the format.
                let at = text.chars().count() - chars.clone().count() - 1;
                return Err(PyErr::value_error(format!(
                    "unsupported format character '{other}' ({:#x}) at index {at}",
                    other as u32,
                )));
            }
        };
        out.push_str(&piece);
    }
    // A mapping argument may hold more than the format uses (CPython checks only others).
    if next < items.len() && args.kind() != Kind::Dict {
        return Err(PyErr::type_error(
            "not all arguments converted during string formatting",
        ));
    }
    py.str(&out)
}
