//! `bytes` at the language level: the constructor, `bytes.decode`, `str.encode` and the
//! codecs they use (utf-8, ascii, latin-1, with the `strict`, `ignore` and `replace` error
//! handlers), with CPython's `UnicodeError` texts.

use subinterp_object::types::BYTES;
use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::int::{IntV, int_value};
use crate::methods::this;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    /// The codec of an encoding name (`UTF8`, `utf_8`, `latin1`, ... as CPython normalises
    /// them), or `LookupError: unknown encoding: x`.
    fn lookup(name: &str) -> PyResult<Codec> {
        let n = name.to_ascii_lowercase().replace(['_', ' '], "-");
        Ok(match n.as_str() {
            "utf-8" | "utf8" | "u8" | "utf" => Codec::Utf8,
            "ascii" | "us-ascii" | "646" => Codec::Ascii,
            "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "8859" | "l1" | "cp819" => {
                Codec::Latin1
            }
            _ => {
                return Err(PyErr::new(
                    &exc::LOOKUP_ERROR,
                    format!("unknown encoding: {name}"),
                ));
            }
        })
    }

    /// The name CPython's messages use.
    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }

    /// The highest code point the codec encodes (exclusive), for the "ordinal not in range"
    /// texts.
    fn limit(self) -> u32 {
        match self {
            Codec::Utf8 => 0x11_0000,
            Codec::Ascii => 0x80,
            Codec::Latin1 => 0x100,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Errors {
    Strict,
    Ignore,
    Replace,
}

fn errors_arg(o: Option<&Obj<'_>>) -> PyResult<Errors> {
    Ok(match o.and_then(|e| e.as_str()) {
        None | Some("strict") => Errors::Strict,
        Some("ignore") => Errors::Ignore,
        Some("replace") => Errors::Replace,
        Some(e) => {
            return Err(PyErr::new(
                &exc::LOOKUP_ERROR,
                format!("unknown error handler name '{e}'"),
            ));
        }
    })
}

/// `'\xe9'`, `'\u20ac'`, `'\U0001f600'`: how CPython's messages quote a character.
fn quoted(c: char) -> String {
    match c as u32 {
        v if v < 0x100 => format!("'\\x{v:02x}'"),
        v if v < 0x1_0000 => format!("'\\u{v:04x}'"),
        v => format!("'\\U{v:08x}'"),
    }
}

fn position(a: usize, b: usize) -> String {
    if b == a + 1 {
        format!("position {a}")
    } else {
        format!("position {a}-{}", b - 1)
    }
}

/// `text.encode(codec, errors)`.
fn encode(text: &str, codec: Codec, errors: Errors) -> PyResult<Vec<u8>> {
    if codec == Codec::Utf8 {
        return Ok(text.as_bytes().to_vec());
    }
    let limit = codec.limit();
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c as u32) < limit {
            // Below the limit (at most 0x100): one byte.
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        let end = i + chars[i..]
            .iter()
            .take_while(|c| **c as u32 >= limit)
            .count();
        match errors {
            Errors::Ignore => {}
            Errors::Replace => out.extend(std::iter::repeat_n(b'?', end - i)),
            Errors::Strict => {
                let what = if end == i + 1 {
                    format!("character {}", quoted(c))
                } else {
                    String::from("characters")
                };
                return Err(PyErr::new(
                    &exc::UNICODE_ENCODE_ERROR,
                    format!(
                        "'{}' codec can't encode {what} in {}: ordinal not in range({limit})",
                        codec.name(),
                        position(i, end)
                    ),
                ));
            }
        }
        i = end;
    }
    Ok(out)
}

/// `data.decode(codec, errors)`.
fn decode(data: &[u8], codec: Codec, errors: Errors) -> PyResult<String> {
    match codec {
        Codec::Latin1 => Ok(data.iter().map(|&b| char::from(b)).collect()),
        Codec::Ascii => {
            let mut out = String::with_capacity(data.len());
            for (i, &b) in data.iter().enumerate() {
                if b < 0x80 {
                    out.push(char::from(b));
                    continue;
                }
                match errors {
                    Errors::Ignore => {}
                    Errors::Replace => out.push('\u{fffd}'),
                    Errors::Strict => {
                        return Err(PyErr::new(
                            &exc::UNICODE_DECODE_ERROR,
                            format!(
                                "'ascii' codec can't decode byte {b:#04x} in position {i}: \
                                 ordinal not in range(128)"
                            ),
                        ));
                    }
                }
            }
            Ok(out)
        }
        Codec::Utf8 => {
            let mut out = String::with_capacity(data.len());
            let mut rest = data;
            let mut base = 0;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        return Ok(out);
                    }
                    Err(e) => {
                        let good = e.valid_up_to();
                        // The prefix is valid UTF-8 (checked by `from_utf8`).
                        out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                        let bad = e.error_len().unwrap_or(rest.len() - good);
                        if errors == Errors::Strict {
                            return Err(utf8_error(rest, good, bad, e.error_len().is_none(), base));
                        }
                        if errors == Errors::Replace {
                            out.push('\u{fffd}');
                        }
                        rest = &rest[good + bad..];
                        base += good + bad;
                    }
                }
            }
        }
    }
}

/// CPython's text for the invalid UTF-8 sequence of `bad` bytes at `rest[good..]`.
fn utf8_error(rest: &[u8], good: usize, bad: usize, at_end: bool, base: usize) -> PyErr {
    let first = rest[good];
    let reason = if at_end {
        "unexpected end of data"
    } else if (0xc2..=0xf4).contains(&first) {
        "invalid continuation byte"
    } else {
        "invalid start byte"
    };
    let at = base + good;
    let what = if bad == 1 {
        format!("byte {first:#04x} in position {at}")
    } else {
        format!("bytes in {}", position(at, at + bad))
    };
    PyErr::new(
        &exc::UNICODE_DECODE_ERROR,
        format!("'utf-8' codec can't decode {what}: {reason}"),
    )
}

/// `bytes(...)`: empty, `n` zero bytes, the bytes of a buffer, of an iterable of ints, or of
/// a str in an encoding.
pub(crate) fn new<'py>(ts: &mut Tstate<'py>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let [src, encoding, errors] = a.bind("bytes", ["source", "encoding", "errors"], 0)?;
    let py = ts.py();
    let Some(src) = src else {
        if encoding.is_some() || errors.is_some() {
            return Err(PyErr::type_error(
                "encoding or errors without sequence argument",
            ));
        }
        return py.bytes(b"");
    };
    if let Some(text) = src.as_str() {
        let Some(enc) = encoding else {
            return Err(PyErr::type_error("string argument without an encoding"));
        };
        let codec = Codec::lookup(enc.as_str().unwrap_or_default())?;
        return py.bytes(&encode(text, codec, errors_arg(errors.as_ref())?)?);
    }
    if encoding.is_some() {
        return Err(PyErr::type_error("encoding without a string argument"));
    }
    if src.kind() == Kind::Bytes {
        return Ok(src);
    }
    if let Some(n) = int_value(&src) {
        let n = match n {
            IntV::Small(n) if n < 0 => return Err(PyErr::value_error("negative count")),
            IntV::Small(n) => usize::try_from(n).map_err(|_| PyErr::no_memory())?,
            IntV::Big(_) => {
                return Err(PyErr::new(
                    &exc::OVERFLOW_ERROR,
                    "cannot fit 'int' into an index-sized integer",
                ));
            }
        };
        let mut v = Vec::new();
        v.try_reserve_exact(n).map_err(|_| PyErr::no_memory())?;
        v.resize(n, 0);
        return py.bytes(&v);
    }
    let items = match ts.collect(&src) {
        Ok(items) => items,
        Err(e) if e.is(&exc::TYPE_ERROR) => {
            return Err(PyErr::type_error(format!(
                "cannot convert '{}' object to bytes",
                src.type_name()
            )));
        }
        Err(e) => return Err(e),
    };
    let mut out = Vec::with_capacity(items.len());
    for it in &items {
        match int_value(it) {
            Some(IntV::Small(v)) if (0..256).contains(&v) => out.push(v as u8),
            Some(_) => return Err(PyErr::value_error("bytes must be in range(0, 256)")),
            None => {
                return Err(PyErr::type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    it.type_name()
                )));
            }
        }
    }
    py.bytes(&out)
}

/// Whether `ty` is `bytes`.
pub(crate) fn is_bytes_type(ty: &Obj<'_>) -> bool {
    ty.is(&BYTES.get(ty.py()))
}

/// Methods of `bytes`.
pub(crate) static BYTES_METHODS: &[BuiltinDef] = &[BuiltinDef {
    name: "decode",
    func: bytes_decode,
}];

/// `str.encode`, listed in the str method table.
pub(crate) fn str_encode<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let text = this(slf)?.as_str().unwrap_or_default();
    let [enc, errors] = a.bind("encode", ["encoding", "errors"], 0)?;
    let codec = match &enc {
        Some(e) => Codec::lookup(e.as_str().unwrap_or_default())?,
        None => Codec::Utf8,
    };
    ts.py()
        .bytes(&encode(text, codec, errors_arg(errors.as_ref())?)?)
}

fn bytes_decode<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let data = this(slf)?.as_bytes().unwrap_or_default();
    let [enc, errors] = a.bind("decode", ["encoding", "errors"], 0)?;
    let codec = match &enc {
        Some(e) => Codec::lookup(e.as_str().unwrap_or_default())?,
        None => Codec::Utf8,
    };
    let text = decode(data, codec, errors_arg(errors.as_ref())?)?;
    ts.py().str(&text)
}
