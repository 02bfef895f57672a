//! Number and string literals: scanning numbers and decoding string bodies, with the error
//! texts and positions of CPython 3.13 (`Parser/lexer/lexer.c`, `Parser/string_parser.c`,
//! `Objects/unicodeobject.c`, `Objects/bytesobject.c`).

use crate::ast::{BigInt, Constant};
use crate::lexer::RawError;
use crate::span::Span;

/// An error at a span relative to the start of the scanned text.
#[derive(Debug)]
pub(crate) struct LitError {
    msg: String,
    start: usize,
    end: usize,
}

impl LitError {
    /// The error, moved to absolute offsets.
    pub(crate) fn at(self, base: usize) -> RawError {
        RawError::syntax(self.msg, Span::new(base + self.start, base + self.end))
    }
}

/// CPython reports most number errors with the cursor backed up onto the offending
/// character, which puts the caret on the character before it.
fn before(i: usize, msg: impl Into<String>) -> LitError {
    LitError {
        msg: msg.into(),
        start: i.saturating_sub(1),
        end: i,
    }
}

/// Scans the number literal at the start of `s` (which starts with a digit, or `.` and a
/// digit). Returns its length and value.
pub(crate) fn number(s: &str) -> Result<(usize, Constant), LitError> {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    if at(0) == b'0' {
        let radix = match at(1) {
            b'x' | b'X' => Some((16, "hexadecimal")),
            b'o' | b'O' => Some((8, "octal")),
            b'b' | b'B' => Some((2, "binary")),
            _ => None,
        };
        if let Some((radix, kind)) = radix {
            return radix_int(s, radix, kind);
        }
        i = 1;
        loop {
            if at(i) == b'_' {
                i += 1;
                if !at(i).is_ascii_digit() {
                    return Err(before(i, "invalid decimal literal"));
                }
            }
            if at(i) != b'0' {
                break;
            }
            i += 1;
        }
        let zeros_end = i;
        let nonzero = at(i).is_ascii_digit();
        if nonzero {
            i = decimal_tail(b, i)?;
        }
        match at(i) {
            b'.' => return float(s, fraction(b, i + 1)?, false),
            b'e' | b'E' | b'j' | b'J' => return float(s, i, true),
            _ if nonzero => {
                return Err(LitError {
                    msg: "leading zeros in decimal integer literals are not permitted; \
                          use an 0o prefix for octal integers"
                        .into(),
                    start: 0,
                    end: zeros_end,
                });
            }
            _ => {
                verify_end(b, i, "decimal")?;
                return Ok((i, Constant::Int(0)));
            }
        }
    }
    if at(0) == b'.' {
        return float(s, fraction(b, 1)?, false);
    }
    i = decimal_tail(b, i)?;
    match at(i) {
        b'.' => float(s, fraction(b, i + 1)?, false),
        b'e' | b'E' | b'j' | b'J' => float(s, i, true),
        _ => {
            verify_end(b, i, "decimal")?;
            Ok((i, int_value(&s[..i], 10)))
        }
    }
}

/// Digits with single underscores between them, from `i` (at a digit). Returns the end.
fn decimal_tail(b: &[u8], mut i: usize) -> Result<usize, LitError> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    loop {
        while at(i).is_ascii_digit() {
            i += 1;
        }
        if at(i) != b'_' {
            return Ok(i);
        }
        i += 1;
        if !at(i).is_ascii_digit() {
            return Err(before(i, "invalid decimal literal"));
        }
    }
}

/// After the `.`: optional digits. Returns the end.
fn fraction(b: &[u8], i: usize) -> Result<usize, LitError> {
    if b.get(i).is_some_and(u8::is_ascii_digit) {
        decimal_tail(b, i)
    } else {
        Ok(i)
    }
}

/// From `i` (after the mantissa): optional exponent, optional `j`, then the end check.
/// `int_mantissa`: the mantissa has no `.`, so without an exponent (`1else`) it is an int.
fn float(s: &str, mut i: usize, int_mantissa: bool) -> Result<(usize, Constant), LitError> {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    if matches!(at(i), b'e' | b'E') {
        let e = i;
        i += 1;
        if matches!(at(i), b'+' | b'-') {
            i += 1;
            if !at(i).is_ascii_digit() {
                return Err(before(i, "invalid decimal literal"));
            }
        } else if !at(i).is_ascii_digit() {
            // `1else` is `1 else`; `1e` alone is an error at the `1`.
            verify_end(b, e, "decimal")?;
            if int_mantissa {
                return Ok((e, int_value(&s[..e], 10)));
            }
            return float_value(s, e);
        }
        i = decimal_tail(b, i)?;
    }
    if matches!(at(i), b'j' | b'J') {
        verify_end(b, i + 1, "imaginary")?;
        return Err(LitError {
            msg: "complex literals are not supported in the statement language".into(),
            start: 0,
            end: i + 1,
        });
    }
    verify_end(b, i, "decimal")?;
    float_value(s, i)
}

fn float_value(s: &str, end: usize) -> Result<(usize, Constant), LitError> {
    let text: String = s[..end].chars().filter(|&c| c != '_').collect();
    // The scanner only lets through what Rust's parser accepts (`1.`, `.5`, `1e5`, `1.e5`);
    // out-of-range values become infinity, as in Python.
    match text.parse::<f64>() {
        Ok(x) => Ok((end, Constant::Float(x))),
        Err(_) => Err(before(end, "invalid decimal literal")),
    }
}

/// `0x...`, `0o...`, `0b...`.
fn radix_int(s: &str, radix: u32, kind: &str) -> Result<(usize, Constant), LitError> {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let is_digit = |c: u8| (c as char).is_digit(radix);
    let mut i = 2;
    loop {
        if at(i) == b'_' {
            i += 1;
        }
        if !is_digit(at(i)) {
            if radix != 16 && at(i).is_ascii_digit() {
                return Err(LitError {
                    msg: format!("invalid digit '{}' in {kind} literal", at(i) as char),
                    start: i,
                    end: i + 1,
                });
            }
            return Err(before(i, format!("invalid {kind} literal")));
        }
        while is_digit(at(i)) {
            i += 1;
        }
        if at(i) != b'_' {
            break;
        }
    }
    if radix != 16 && at(i).is_ascii_digit() {
        return Err(LitError {
            msg: format!("invalid digit '{}' in {kind} literal", at(i) as char),
            start: i,
            end: i + 1,
        });
    }
    verify_end(b, i, kind)?;
    Ok((i, int_value(&s[2..i], radix)))
}

fn int_value(digits: &str, radix: u32) -> Constant {
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Constant::Int(0);
    }
    match i64::from_str_radix(digits, radix) {
        Ok(v) => Constant::Int(v),
        Err(_) => Constant::BigInt(BigInt {
            negative: false,
            radix,
            digits: digits.to_ascii_lowercase(),
        }),
    }
}

/// `verify_end_of_number`: a number directly followed by a letter is an error, except before
/// the keywords that can follow a number in valid code (`1if x else y`), which CPython only
/// warns about.
fn verify_end(b: &[u8], i: usize, kind: &str) -> Result<(), LitError> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let follows = |rest: &[u8]| b.get(i + 1..).is_some_and(|tail| tail.starts_with(rest));
    let keyword = match at(i) {
        b'a' => follows(b"nd"),
        b'e' => follows(b"lse"),
        b'f' => follows(b"or"),
        b'i' => matches!(at(i + 1), b'f' | b'n' | b's'),
        b'o' => follows(b"r"),
        b'n' => follows(b"ot"),
        _ => false,
    };
    let c = at(i);
    if !keyword && (c == b'_' || c.is_ascii_alphanumeric()) {
        return Err(before(i, format!("invalid {kind} literal")));
    }
    Ok(())
}

/// A string prefix (`b`, `r`, `rb`, `u`, `f`, ... in any case).
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct Prefix {
    pub(crate) bytes: bool,
    pub(crate) raw: bool,
    pub(crate) f: bool,
}

impl Prefix {
    /// The prefix spelled `text`, if it is one Python accepts.
    pub(crate) fn parse(text: &str) -> Option<Prefix> {
        let mut p = Prefix::default();
        let mut u = false;
        for c in text.chars() {
            match c.to_ascii_lowercase() {
                'b' if !(p.bytes || u || p.f) => p.bytes = true,
                'u' if !(p.bytes || u || p.raw || p.f) => u = true,
                'r' if !(p.raw || u) => p.raw = true,
                'f' if !(p.f || p.bytes || u) => p.f = true,
                _ => return None,
            }
        }
        Some(p)
    }
}

/// Decodes a string body (the text between the quotes) into `Str` or `Bytes`. Line breaks in
/// the body become `\n`, as Python reads source with universal newlines.
pub(crate) fn decode_string(body: &str, prefix: Prefix) -> Result<Constant, String> {
    if prefix.bytes {
        if !body.is_ascii() {
            return Err("bytes can only contain ASCII literal characters".into());
        }
        let body = normalize_newlines(body);
        if prefix.raw || !body.contains('\\') {
            return Ok(Constant::Bytes(body.into_bytes()));
        }
        return decode_bytes(&body).map(Constant::Bytes);
    }
    let body = normalize_newlines(body);
    // Most literals have no escapes: skip the decoder and its position bookkeeping.
    if prefix.raw || !body.contains('\\') {
        return Ok(Constant::Str(body));
    }
    decode_str(&body).map(Constant::Str)
}

fn normalize_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_owned();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// `\`-escapes of a `str` literal, as `decode_unicode_with_escapes`.
///
/// Error positions are those CPython reports, which count in the buffer CPython decodes:
/// there every non-ASCII character was first rewritten as a 10-byte `\UXXXXXXXX` escape, and
/// a backslash before one (or at the end) as the 6-byte `\u005c`.
fn decode_str(body: &str) -> Result<String, String> {
    let chars: Vec<char> = body.chars().collect();
    let n = chars.len();
    let mut tpos = Vec::with_capacity(n + 1);
    let mut t = 0;
    for (i, &c) in chars.iter().enumerate() {
        tpos.push(t);
        t += if c == '\\' && chars.get(i + 1).is_none_or(|c| !c.is_ascii()) {
            6
        } else if c.is_ascii() {
            1
        } else {
            10
        };
    }
    tpos.push(t);
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c != '\\' || i + 1 >= n {
            out.push(c);
            i += 1;
            continue;
        }
        let start = tpos[i];
        let e = chars[i + 1];
        i += 2;
        match e {
            '\n' => {}
            '\\' | '\'' | '"' => out.push(e),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut v = e as u32 - '0' as u32;
                for _ in 0..2 {
                    match chars.get(i) {
                        Some(&d @ '0'..='7') => {
                            v = v * 8 + (d as u32 - '0' as u32);
                            i += 1;
                        }
                        _ => break,
                    }
                }
                // At most 0o777, always a valid scalar value.
                out.push(char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            'x' | 'u' | 'U' => {
                let (count, what) = match e {
                    'x' => (2, "truncated \\xXX escape"),
                    'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let mut v: u32 = 0;
                for _ in 0..count {
                    match chars.get(i).and_then(|c| c.to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            i += 1;
                        }
                        None => return Err(unicode_error(start, tpos[i], what)),
                    }
                }
                if v > 0x10FFFF {
                    return Err(unicode_error(start, tpos[i], "illegal Unicode character"));
                }
                match char::from_u32(v) {
                    Some(ch) => out.push(ch),
                    None => {
                        return Err(
                            "surrogate escapes are not supported in the statement language".into(),
                        );
                    }
                }
            }
            'N' => {
                return Err("\\N{...} escapes are not supported in the statement language".into());
            }
            // Unknown escapes keep their backslash (CPython warns).
            _ => {
                out.push('\\');
                out.push(e);
            }
        }
    }
    Ok(out)
}

fn unicode_error(start: usize, end: usize, what: &str) -> String {
    let pos = if end - start == 1 {
        format!("byte in position {start}")
    } else {
        format!("bytes in position {start}-{}", end - 1)
    };
    format!("(unicode error) 'unicodeescape' codec can't decode {pos}: {what}")
}

/// `\`-escapes of a `bytes` literal (ASCII body), as `_PyBytes_DecodeEscape`.
fn decode_bytes(body: &str) -> Result<Vec<u8>, String> {
    let b = body.as_bytes();
    let n = b.len();
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c != b'\\' || i + 1 >= n {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        let e = b[i + 1];
        i += 2;
        match e {
            b'\n' => {}
            b'\\' | b'\'' | b'"' => out.push(e),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                // CPython keeps the low byte of `\400`..`\777` (and warns).
                out.push((v & 0xFF) as u8);
            }
            b'x' => {
                let hex = |j: usize| b.get(j).and_then(|&c| (c as char).to_digit(16));
                match (hex(i), hex(i + 1)) {
                    (Some(hi), Some(lo)) => {
                        out.push((hi * 16 + lo) as u8);
                        i += 2;
                    }
                    _ => {
                        return Err(format!(
                            "(value error) invalid \\x escape at position {start}"
                        ));
                    }
                }
            }
            _ => {
                out.push(b'\\');
                out.push(e);
            }
        }
    }
    Ok(out)
}

/// Python's `str.isprintable` for one character: the object crate's approximation, so the
/// lexer's "invalid non-printable character" errors and `repr` output agree.
pub(crate) use subinterp_object::is_printable;

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_number(src: &str, expect: &str) {
        let out = match number(src) {
            Ok((len, value)) => format!("{len} {value:?}"),
            Err(e) => format!("error {}..{}: {}", e.start, e.end, e.msg),
        };
        assert_eq!(out, expect, "{src:?}");
    }

    #[test]
    fn numbers() {
        check_number("0", "1 Int(0)");
        check_number("00_0 ", "4 Int(0)");
        check_number("1_000", "5 Int(1000)");
        check_number("0x_Ff", "5 Int(255)");
        check_number("0o17", "4 Int(15)");
        check_number("0b101", "5 Int(5)");
        check_number("1.5", "3 Float(1.5)");
        check_number("1.", "2 Float(1.0)");
        check_number(".5", "2 Float(0.5)");
        check_number("1e3", "3 Float(1000.0)");
        check_number("1E-3", "4 Float(0.001)");
        check_number("012.5", "5 Float(12.5)");
        check_number("1e400", "5 Float(inf)");
        check_number("1if", "1 Int(1)");
        check_number("1else", "1 Int(1)");
        check_number("0else", "1 Int(0)");
        check_number("1.5else", "3 Float(1.5)");
        check_number(
            "9223372036854775808",
            "19 BigInt(BigInt { negative: false, radix: 10, digits: \"9223372036854775808\" })",
        );
        check_number("9223372036854775807", "19 Int(9223372036854775807)");
        check_number(
            "0x1_0000_0000_0000_0000",
            "23 BigInt(BigInt { negative: false, radix: 16, digits: \"10000000000000000\" })",
        );
    }

    #[test]
    fn number_errors() {
        check_number("1abc", "error 0..1: invalid decimal literal");
        check_number("1_", "error 1..2: invalid decimal literal");
        check_number("1__0", "error 1..2: invalid decimal literal");
        check_number("0_", "error 1..2: invalid decimal literal");
        check_number("0x", "error 1..2: invalid hexadecimal literal");
        check_number("0x1g", "error 2..3: invalid hexadecimal literal");
        check_number("0o8", "error 2..3: invalid digit '8' in octal literal");
        check_number("0o18", "error 3..4: invalid digit '8' in octal literal");
        check_number("0b2", "error 2..3: invalid digit '2' in binary literal");
        check_number("0b", "error 1..2: invalid binary literal");
        check_number("0ox", "error 1..2: invalid octal literal");
        check_number(
            "0012",
            "error 0..2: leading zeros in decimal integer literals are not permitted; \
             use an 0o prefix for octal integers",
        );
        check_number("1e", "error 0..1: invalid decimal literal");
        check_number("1e+", "error 2..3: invalid decimal literal");
        check_number("1.5x", "error 2..3: invalid decimal literal");
        check_number(
            "1j",
            "error 0..2: complex literals are not supported in the statement language",
        );
        check_number("1jx", "error 1..2: invalid imaginary literal");
    }

    #[track_caller]
    fn check_string(body: &str, prefix: &str, expect: &str) {
        let p = Prefix::parse(prefix).expect("valid prefix");
        let out = match decode_string(body, p) {
            Ok(v) => format!("{v:?}"),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(out, expect, "{prefix}{body:?}");
    }

    #[test]
    fn strings() {
        check_string(
            r"a\n\t\\\'\x41\u00e9\U0001F600\101\z",
            "",
            "Str(\"a\\n\\t\\\\'Aé😀A\\\\z\")",
        );
        check_string("a\\\nb", "", "Str(\"ab\")");
        check_string("a\r\nb", "", "Str(\"a\\nb\")");
        check_string(r"\n", "r", "Str(\"\\\\n\")");
        check_string(r"by\x41\777\u", "b", "Bytes([98, 121, 65, 255, 92, 117])");
        check_string(
            r"\x4",
            "",
            "error: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape",
        );
        check_string(
            r"ab\xg",
            "",
            "error: (unicode error) 'unicodeescape' codec can't decode bytes in position 2-3: truncated \\xXX escape",
        );
        check_string(
            r"é\x4",
            "",
            "error: (unicode error) 'unicodeescape' codec can't decode bytes in position 10-12: truncated \\xXX escape",
        );
        check_string(
            r"\U00110000",
            "",
            "error: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character",
        );
        check_string(
            r"\ud800",
            "",
            "error: surrogate escapes are not supported in the statement language",
        );
        check_string(
            r"\N{DASH}",
            "",
            "error: \\N{...} escapes are not supported in the statement language",
        );
        check_string(
            r"a\x4",
            "b",
            "error: (value error) invalid \\x escape at position 1",
        );
        check_string(
            "é",
            "b",
            "error: bytes can only contain ASCII literal characters",
        );
        check_string(
            "é",
            "rb",
            "error: bytes can only contain ASCII literal characters",
        );
    }

    #[test]
    fn prefixes() {
        for ok in ["", "b", "B", "r", "Rb", "bR", "u", "f", "rf", "Fr"] {
            assert!(Prefix::parse(ok).is_some(), "{ok}");
        }
        for bad in ["ur", "ru", "bu", "bb", "fb", "x", "rr"] {
            assert!(Prefix::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn printable() {
        assert!(is_printable('€'));
        assert!(is_printable('é'));
        assert!(!is_printable('\u{a0}'));
        assert!(!is_printable('\u{200b}'));
        assert!(!is_printable('\u{feff}'));
        assert!(!is_printable('\u{e000}'));
    }
}
