//! Unicode decimal digits and the text `int()` parses (CPython's
//! `_PyUnicode_TransformDecimalAndSpaceToASCII`): `int('٣')`, `int('１２')` and
//! `int('१०', 16)` are 3, 12 and 16, as in CPython, which accepts any character of Unicode
//! category Nd as the digit it stands for, and Unicode white space around the number.

/// The zero of every run of ten Unicode decimal digits (category Nd), in code point order:
/// the characters `c` with `unicodedata.decimal(c) == 0` in CPython 3.13 (Unicode 15.1).
/// Every Nd character is one of these plus 0 to 9 (Unicode keeps each run contiguous and in
/// order), so this table is the whole of `unicodedata.decimal`. Generated with
/// `[c for c in range(0x110000) if unicodedata.decimal(chr(c), None) == 0]`.
const ZEROS: [u32; 68] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
    0x1FBF0,
];

/// `unicodedata.decimal(c)`: the value of a decimal digit of any script (`'٣'` is 3, `'１'`
/// is 1), `None` for anything else (superscripts such as `'²'` are digits but not decimal).
pub fn decimal_value(c: char) -> Option<u32> {
    let u = c as u32;
    let i = ZEROS.partition_point(|&z| z <= u).checked_sub(1)?;
    let d = u - ZEROS[i];
    (d < 10).then_some(d)
}

/// `int()`'s view of a str (CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`): ASCII
/// as it is, Unicode white space as `' '`, every decimal digit as its ASCII digit; the first
/// other character becomes `'?'` (which no base accepts) and ends the text.
pub fn decimal_and_space_to_ascii(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if (c as u32) < 127 {
            out.push(c as u8);
        } else if c.is_whitespace() {
            // Rust's White_Space above ASCII is exactly `str.isspace()` there.
            out.push(b' ');
        } else if let Some(d) = decimal_value(c) {
            out.push(b'0' + d as u8);
        } else {
            out.push(b'?');
            break;
        }
    }
    out
}

/// Strips what CPython's `PyLong_FromString` skips around a number: ASCII white space as
/// `Py_ISSPACE` sees it (space, `\t`, `\n`, `\v`, `\f`, `\r`; not `\x1c`-`\x1f`).
pub fn trim_py_space(b: &[u8]) -> &[u8] {
    let space = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let start = b.iter().position(|c| !space(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !space(c)).map_or(start, |e| e + 1);
    &b[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_values_match_unicodedata() {
        // `unicodedata.decimal(c, None)` in CPython 3.13.
        for (c, d) in [
            ('0', Some(0)),
            ('9', Some(9)),
            ('٣', Some(3)),
            ('１', Some(1)),
            ('२', Some(2)),
            ('\u{1D7CE}', Some(0)),
            ('\u{1D7FF}', Some(9)),
            ('\u{1FBF9}', Some(9)),
            ('\u{1FBFA}', None),
            ('²', None),
            ('a', None),
            ('\u{65F}', None),
            ('\u{66A}', None),
        ] {
            assert_eq!(decimal_value(c), d, "{c:?}");
        }
        // 680 decimal digits in all (CPython 3.13: `sum(1 for c in range(0x110000) if
        // unicodedata.decimal(chr(c), None) is not None)`).
        let all = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| decimal_value(c).is_some())
            .count();
        assert_eq!(all, 680);
    }

    #[test]
    fn text_for_int_is_cpythons() {
        assert_eq!(decimal_and_space_to_ascii(" \u{2003}١٢\u{3000}"), b"  12 ");
        assert_eq!(decimal_and_space_to_ascii("1²3"), b"1?");
        assert_eq!(trim_py_space(b"\x0b 12\x0c\r"), b"12");
        assert_eq!(trim_py_space(b"\x1c12"), b"\x1c12");
        assert_eq!(trim_py_space(b"  "), b"");
    }
}
