//! `io` (CPython's `_io`): the in-memory files `StringIO` and `BytesIO` with their methods,
//! iteration by lines, `with`, and CPython's texts (a closed `StringIO` says `I/O operation
//! on closed file`, a closed `BytesIO` adds the period, as CPython's do). One generic
//! implementation over [`Flavor`] serves both; the buffer itself is `io_buf.rs`.

use std::cell::RefCell;

use num_traits::ToPrimitive;
use subinterp_object::{Kind, Obj, Py, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{
    Args, BuiltinDef, NativeClass, Protocol, Tstate, ext_value, new_ext, register_class,
};

use crate::StdModule;
use crate::args::not_an_integer;
use crate::io_buf::{Buf, line_end, universal_line_end};

/// `io`.
pub(crate) const MODULE: StdModule = StdModule {
    name: "io",
    doc: "The io module provides the Python interfaces to stream handling.",
    exec,
};

/// The same under CPython's native name.
pub(crate) const NATIVE_MODULE: StdModule = StdModule {
    name: "_io",
    doc: "The io module provides the Python interfaces to stream handling.",
    exec,
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    register_class(py, &STRING_CLASS);
    register_class(py, &BYTES_CLASS);
    m.setattr("StringIO", &STRINGIO.get(py))?;
    m.setattr("BytesIO", &BYTESIO.get(py))?;
    for (name, v) in [
        ("SEEK_SET", 0),
        ("SEEK_CUR", 1),
        ("SEEK_END", 2),
        ("DEFAULT_BUFFER_SIZE", 8192),
    ] {
        m.setattr(name, &py.int(v)?)?;
    }
    Ok(())
}

/// How a `StringIO` translates newlines (its `newline` argument).
#[derive(Clone, Copy, PartialEq)]
enum Newline {
    /// `None`: `\r\n` and `\r` written become `\n`.
    Universal,
    /// `''`: nothing translated; lines end at any of `\n`, `\r`, `\r\n`.
    Untranslated,
    /// `'\n'` (the default), `'\r'`, `'\r\n'`: `\n` written becomes it; lines end with it.
    Fixed(&'static str),
}

/// What differs between `StringIO` and `BytesIO`.
trait Flavor: Send + 'static {
    /// One element: a code point or a byte.
    type T: Copy + Default + PartialEq + Send + 'static;
    /// The class name in texts.
    const NAME: &'static str;
    /// The text of an operation on a closed file.
    const CLOSED: &'static str;
    /// The text of a negative `truncate` size (without the number).
    const NEGATIVE_SIZE: &'static str;
    /// The class.
    fn ty() -> &'static StaticType;
    /// The elements as a `str` or `bytes`.
    fn value<'py>(py: Py<'py>, items: &[Self::T]) -> PyResult<Obj<'py>>;
    /// A `write` argument as elements (`TypeError` for the wrong type), translated.
    fn items(v: &Obj<'_>, nl: Newline) -> PyResult<Vec<Self::T>>;
    /// The end of the first line of `s`.
    fn line_end(s: &[Self::T], nl: Newline) -> Option<usize>;
    /// The new position of `seek(pos, whence)` (checked).
    fn seek(buf: &Buf<Self::T>, pos: i64, whence: i64) -> PyResult<usize>;
}

/// `io.StringIO`.
struct Text;
/// `io.BytesIO`.
struct Bytes;

impl Flavor for Text {
    type T = char;
    const NAME: &'static str = "StringIO";
    const CLOSED: &'static str = "I/O operation on closed file";
    const NEGATIVE_SIZE: &'static str = "Negative size value";

    fn ty() -> &'static StaticType {
        &STRINGIO
    }

    fn value<'py>(py: Py<'py>, items: &[char]) -> PyResult<Obj<'py>> {
        py.str(&items.iter().collect::<String>())
    }

    fn items(v: &Obj<'_>, nl: Newline) -> PyResult<Vec<char>> {
        let s = v.as_str().ok_or_else(|| {
            PyErr::type_error(format!("string argument expected, got '{}'", v.type_name()))
        })?;
        Ok(match nl {
            Newline::Universal => s
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .chars()
                .collect(),
            Newline::Fixed(t) if t != "\n" => s.replace('\n', t).chars().collect(),
            _ => s.chars().collect(),
        })
    }

    fn line_end(s: &[char], nl: Newline) -> Option<usize> {
        match nl {
            Newline::Untranslated => universal_line_end(s),
            Newline::Universal => line_end(s, &['\n']),
            Newline::Fixed(t) => line_end(s, &t.chars().collect::<Vec<_>>()),
        }
    }

    fn seek(buf: &Buf<char>, pos: i64, whence: i64) -> PyResult<usize> {
        if !(0..=2).contains(&whence) {
            return Err(PyErr::value_error(format!(
                "Invalid whence ({whence}, should be 0, 1 or 2)"
            )));
        }
        if pos < 0 && whence == 0 {
            return Err(PyErr::value_error(format!("Negative seek position {pos}")));
        }
        if whence != 0 && pos != 0 {
            return Err(PyErr::new(
                &exc::OS_ERROR,
                "Can't do nonzero cur-relative seeks",
            ));
        }
        Ok(match whence {
            0 => pos as usize,
            1 => buf.pos,
            _ => buf.data.len(),
        })
    }
}

impl Flavor for Bytes {
    type T = u8;
    const NAME: &'static str = "BytesIO";
    const CLOSED: &'static str = "I/O operation on closed file.";
    const NEGATIVE_SIZE: &'static str = "negative size value";

    fn ty() -> &'static StaticType {
        &BYTESIO
    }

    fn value<'py>(py: Py<'py>, items: &[u8]) -> PyResult<Obj<'py>> {
        py.bytes(items)
    }

    fn items(v: &Obj<'_>, _: Newline) -> PyResult<Vec<u8>> {
        v.as_bytes().map(<[u8]>::to_vec).ok_or_else(|| {
            PyErr::type_error(format!(
                "a bytes-like object is required, not '{}'",
                v.type_name()
            ))
        })
    }

    fn line_end(s: &[u8], _: Newline) -> Option<usize> {
        line_end(s, b"\n")
    }

    fn seek(buf: &Buf<u8>, pos: i64, whence: i64) -> PyResult<usize> {
        if pos < 0 && whence == 0 {
            return Err(PyErr::value_error(format!("negative seek value {pos}")));
        }
        let base = match whence {
            0 => 0,
            1 => buf.pos as i64,
            2 => buf.data.len() as i64,
            _ => {
                return Err(PyErr::value_error(format!(
                    "invalid whence ({whence}, should be 0, 1 or 2)"
                )));
            }
        };
        Ok(base.saturating_add(pos).max(0) as usize)
    }
}

/// A `StringIO` or `BytesIO`: its buffer and newline mode.
struct Stream<F: Flavor> {
    buf: RefCell<Buf<F::T>>,
    nl: Newline,
}

static STRING_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(getattr::<Text>),
    repr: None,
    ..Slots::EMPTY
};
static BYTES_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(getattr::<Bytes>),
    repr: None,
    ..Slots::EMPTY
};
static STRINGIO: StaticType = StaticType::native("StringIO", "_io", &STRING_SLOTS);
static BYTESIO: StaticType = StaticType::native("BytesIO", "_io", &BYTES_SLOTS);
static STRING_CLASS: NativeClass = NativeClass {
    ty: &STRINGIO,
    new: stringio_new,
    class_methods: &[],
};
static BYTES_CLASS: NativeClass = NativeClass {
    ty: &BYTESIO,
    new: bytesio_new,
    class_methods: &[],
};
static STRING_PROTO: Protocol = Protocol {
    iter: Some(iter::<Text>),
    next: Some(next::<Text>),
    ..Protocol::NONE
};
static BYTES_PROTO: Protocol = Protocol {
    iter: Some(iter::<Bytes>),
    next: Some(next::<Bytes>),
    ..Protocol::NONE
};

fn stringio_new<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [init, newline] = a.bind("StringIO", ["initial_value", "newline"], 0)?;
    let nl = match newline {
        None => Newline::Fixed("\n"),
        Some(v) if v.is_none() => Newline::Universal,
        Some(v) => match v.as_str() {
            Some("") => Newline::Untranslated,
            Some("\n") => Newline::Fixed("\n"),
            Some("\r") => Newline::Fixed("\r"),
            Some("\r\n") => Newline::Fixed("\r\n"),
            Some(s) => {
                return Err(PyErr::value_error(format!(
                    "illegal newline value: {}",
                    v.repr().unwrap_or_else(|_| s.to_owned())
                )));
            }
            None => {
                return Err(PyErr::type_error(format!(
                    "newline must be str or None, not {}",
                    v.type_name()
                )));
            }
        },
    };
    let data = match init.filter(|v| !v.is_none()) {
        None => Vec::new(),
        Some(v) if v.kind() == Kind::Str => Text::items(&v, nl)?,
        Some(v) => {
            return Err(PyErr::type_error(format!(
                "initial_value must be str or None, not {}",
                v.type_name()
            )));
        }
    };
    make::<Text>(ts.py(), &STRING_PROTO, data, nl)
}

fn bytesio_new<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [init] = a.bind("BytesIO", ["initial_bytes"], 0)?;
    let data = match init.filter(|v| !v.is_none()) {
        None => Vec::new(),
        Some(v) => Bytes::items(&v, Newline::Untranslated)?,
    };
    make::<Bytes>(ts.py(), &BYTES_PROTO, data, Newline::Fixed("\n"))
}

fn make<'py, F: Flavor>(
    py: Py<'py>,
    proto: &'static Protocol,
    data: Vec<F::T>,
    nl: Newline,
) -> PyResult<Obj<'py>> {
    let s = Stream::<F> {
        buf: RefCell::new(Buf::new(data)),
        nl,
    };
    new_ext(py, F::ty(), proto, s)
}

fn this<'a, F: Flavor>(o: Option<&'a Obj<'_>>) -> PyResult<&'a Stream<F>> {
    o.and_then(ext_value::<Stream<F>>)
        .ok_or_else(|| PyErr::type_error(format!("descriptor requires a '_io.{}' object", F::NAME)))
}

/// The stream, or `ValueError` when it is closed (with `msg`).
fn open_with<'a, F: Flavor>(o: Option<&'a Obj<'_>>, msg: &str) -> PyResult<&'a Stream<F>> {
    let s = this::<F>(o)?;
    if s.buf.borrow().closed {
        return Err(PyErr::value_error(msg));
    }
    Ok(s)
}

fn open<'a, F: Flavor>(o: Option<&'a Obj<'_>>) -> PyResult<&'a Stream<F>> {
    open_with::<F>(o, F::CLOSED)
}

/// A size argument of `read`/`readline`/`readlines`: `None` or negative means no limit.
fn size_arg(v: Option<&Obj<'_>>) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) if matches!(v.kind(), Kind::Int | Kind::Bool) => {
            let n = v.as_bigint().and_then(|b| b.to_i64()).unwrap_or(i64::MAX);
            Ok((n >= 0).then_some(n as usize))
        }
        Some(v) => Err(PyErr::type_error(format!(
            "argument should be integer or None, not '{}'",
            v.type_name()
        ))),
    }
}

/// An integer argument as an `i64` (saturating), `PyNumber_Index`'s text otherwise.
fn int_arg(v: &Obj<'_>) -> PyResult<i64> {
    if !matches!(v.kind(), Kind::Int | Kind::Bool) {
        return Err(not_an_integer(v));
    }
    let b = v.as_bigint().unwrap_or_default();
    Ok(b.to_i64()
        .unwrap_or(if b.sign() == num_bigint::Sign::Minus {
            i64::MIN
        } else {
            i64::MAX
        }))
}

fn read<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.between("read", 0, 1)?;
    let s = open::<F>(slf)?;
    let size = size_arg(v.first())?;
    let items = s.buf.borrow_mut().read(size);
    F::value(ts.py(), &items)
}

fn line<F: Flavor>(s: &Stream<F>, size: Option<usize>) -> Vec<F::T> {
    let nl = s.nl;
    s.buf
        .borrow_mut()
        .readline(size, &|x: &[F::T]| F::line_end(x, nl))
}

fn readline<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.between("readline", 0, 1)?;
    let s = open::<F>(slf)?;
    let size = size_arg(v.first())?;
    F::value(ts.py(), &line(s, size))
}

fn readlines<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.between("readlines", 0, 1)?;
    let s = open::<F>(slf)?;
    let hint = size_arg(v.first())?.filter(|h| *h > 0);
    let py = ts.py();
    let (mut out, mut total) = (Vec::new(), 0);
    loop {
        let l = line(s, None);
        if l.is_empty() {
            break;
        }
        total += l.len();
        out.push(F::value(py, &l)?);
        if hint.is_some_and(|h| total >= h) {
            break;
        }
    }
    py.list(&out)
}

fn write<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("write", 1)?[0];
    let s = this::<F>(slf)?;
    let items = F::items(v, s.nl)?;
    let s = open::<F>(slf)?;
    // The count is of what was given (before newline translation).
    let n = match v.as_str() {
        Some(t) => t.chars().count(),
        None => items.len(),
    };
    s.buf.borrow_mut().write(&items);
    ts.py().int(n as i64)
}

fn writelines<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("writelines", 1)?[0];
    let s = open_with::<F>(slf, "I/O operation on closed file.")?;
    let it = ts.get_iter(v)?;
    while let Some(x) = ts.next_item(&it)? {
        let items = F::items(&x, s.nl)?;
        s.buf.borrow_mut().write(&items);
    }
    Ok(ts.py().none())
}

fn getvalue<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("getvalue", 0)?;
    let s = open::<F>(slf)?;
    F::value(ts.py(), &s.buf.borrow().data)
}

fn seek<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.between("seek", 1, 2)?;
    let pos = int_arg(&v[0])?;
    let whence = v.get(1).map(int_arg).transpose()?.unwrap_or(0);
    let s = open::<F>(slf)?;
    let mut buf = s.buf.borrow_mut();
    buf.pos = F::seek(&buf, pos, whence)?;
    ts.py().int(buf.pos as i64)
}

fn tell<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("tell", 0)?;
    let s = open::<F>(slf)?;
    let pos = s.buf.borrow().pos;
    ts.py().int(pos as i64)
}

fn truncate<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.between("truncate", 0, 1)?;
    let s = open::<F>(slf)?;
    let mut buf = s.buf.borrow_mut();
    let size = match v.first().filter(|x| !x.is_none()) {
        None => buf.pos,
        Some(x) if matches!(x.kind(), Kind::Int | Kind::Bool) => {
            let n = int_arg(x)?;
            if n < 0 {
                return Err(PyErr::value_error(format!("{} {n}", F::NEGATIVE_SIZE)));
            }
            n as usize
        }
        Some(x) => {
            return Err(PyErr::type_error(format!(
                "argument should be integer or None, not '{}'",
                x.type_name()
            )));
        }
    };
    buf.truncate(size);
    ts.py().int(size as i64)
}

fn close<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("close", 0)?;
    let s = this::<F>(slf)?;
    let mut buf = s.buf.borrow_mut();
    buf.closed = true;
    buf.data = Vec::new();
    Ok(ts.py().none())
}

fn flush<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("flush", 0)?;
    open_with::<F>(slf, "I/O operation on closed file.")?;
    Ok(ts.py().none())
}

/// `readable()`, `writable()`, `seekable()`: true while open.
fn capable<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("readable", 0)?;
    open::<F>(slf)?;
    Ok(ts.py().bool(true))
}

fn isatty<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("isatty", 0)?;
    open::<F>(slf)?;
    Ok(ts.py().bool(false))
}

fn enter<'py, F: Flavor>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("__enter__", 0)?;
    open_with::<F>(slf, "I/O operation on closed file.")?;
    slf.cloned()
        .ok_or_else(|| PyErr::type_error("__enter__ without a file"))
}

fn exit<'py, F: Flavor>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    close::<F>(ts, slf, Args::positional(&[]))
}

fn iter<'py, F: Flavor>(_: &mut Tstate<'py>, o: &Obj<'py>) -> PyResult<Obj<'py>> {
    open_with::<F>(Some(o), "I/O operation on closed file.")?;
    Ok(o.clone())
}

fn next<'py, F: Flavor>(ts: &mut Tstate<'py>, o: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
    let s = open::<F>(Some(o))?;
    let l = line(s, None);
    if l.is_empty() {
        return Ok(None);
    }
    F::value(ts.py(), &l).map(Some)
}

/// The method table of flavor `$f`.
macro_rules! methods {
    ($f:ty) => {
        [
            BuiltinDef {
                name: "read",
                func: read::<$f>,
            },
            BuiltinDef {
                name: "read1",
                func: read::<$f>,
            },
            BuiltinDef {
                name: "readline",
                func: readline::<$f>,
            },
            BuiltinDef {
                name: "readlines",
                func: readlines::<$f>,
            },
            BuiltinDef {
                name: "write",
                func: write::<$f>,
            },
            BuiltinDef {
                name: "writelines",
                func: writelines::<$f>,
            },
            BuiltinDef {
                name: "getvalue",
                func: getvalue::<$f>,
            },
            BuiltinDef {
                name: "seek",
                func: seek::<$f>,
            },
            BuiltinDef {
                name: "tell",
                func: tell::<$f>,
            },
            BuiltinDef {
                name: "truncate",
                func: truncate::<$f>,
            },
            BuiltinDef {
                name: "close",
                func: close::<$f>,
            },
            BuiltinDef {
                name: "flush",
                func: flush::<$f>,
            },
            BuiltinDef {
                name: "readable",
                func: capable::<$f>,
            },
            BuiltinDef {
                name: "writable",
                func: capable::<$f>,
            },
            BuiltinDef {
                name: "seekable",
                func: capable::<$f>,
            },
            BuiltinDef {
                name: "isatty",
                func: isatty::<$f>,
            },
            BuiltinDef {
                name: "__enter__",
                func: enter::<$f>,
            },
            BuiltinDef {
                name: "__exit__",
                func: exit::<$f>,
            },
        ]
    };
}

static TEXT_METHODS: [BuiltinDef; 18] = methods!(Text);
static BYTES_METHODS: [BuiltinDef; 18] = methods!(Bytes);

fn getattr<'py, F: Flavor>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let s = ext_value::<Stream<F>>(o)?;
    let py = o.py();
    if name == "closed" {
        return Some(Ok(py.bool(s.buf.borrow().closed)));
    }
    let table: &'static [BuiltinDef] = if F::NAME == Text::NAME {
        &TEXT_METHODS
    } else {
        &BYTES_METHODS
    };
    let def = table.iter().find(|m| m.name == name)?;
    Some(subinterp_vm::new_builtin(py, def, Some(o)))
}
