//! `sys.stdin`, `sys.stdout` and `sys.stderr` (CPython's `_io.TextIOWrapper` objects over
//! the process's descriptors 0, 1, 2): `write` goes through the [`Host`](crate::Host)
//! (where `print` writes too) and returns the count of code points, `flush`, `isatty`,
//! `fileno`, `encoding`, `readline`/`read` on stdin. `print` without `file=` writes to
//! whatever `sys.stdout` is at the time of the call ([`print_target`]), so a program that
//! assigns `sys.stdout = io.StringIO()` captures its output, as in CPython.

use std::io::{BufRead, IsTerminal, Read};

use subinterp_object::{Obj, Py, PyErr, PyResult, Slots, StaticType, exc};

use crate::{Args, BuiltinDef, Protocol, Tstate, ext_value, new_ext};

/// Which descriptor a stream object stands for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StdStream {
    /// `sys.stdin` (descriptor 0).
    Stdin,
    /// `sys.stdout` (descriptor 1).
    Stdout,
    /// `sys.stderr` (descriptor 2).
    Stderr,
}

impl StdStream {
    fn name(self) -> &'static str {
        match self {
            StdStream::Stdin => "<stdin>",
            StdStream::Stdout => "<stdout>",
            StdStream::Stderr => "<stderr>",
        }
    }

    fn fd(self) -> i64 {
        match self {
            StdStream::Stdin => 0,
            StdStream::Stdout => 1,
            StdStream::Stderr => 2,
        }
    }

    fn is_tty(self) -> bool {
        match self {
            StdStream::Stdin => std::io::stdin().is_terminal(),
            StdStream::Stdout => std::io::stdout().is_terminal(),
            StdStream::Stderr => std::io::stderr().is_terminal(),
        }
    }
}

static SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(getattr),
    repr: Some(repr),
    ..Slots::EMPTY
};
/// The class of the stream objects (`_io.TextIOWrapper`).
static TEXT_IO: StaticType = StaticType::native("TextIOWrapper", "_io", &SLOTS);
static PROTO: Protocol = Protocol {
    iter: Some(|_, o| Ok(o.clone())),
    next: Some(next_line),
    ..Protocol::NONE
};

/// A new stream object for `which` (what `sys.stdout` and `sys.__stdout__` hold).
pub fn std_stream<'py>(py: Py<'py>, which: StdStream) -> PyResult<Obj<'py>> {
    new_ext(py, &TEXT_IO, &PROTO, which)
}

/// Where `print` without `file=` writes: `None` for the interpreter's own standard output
/// (the host's writer, also when the host keeps no `sys` module), else the object that
/// `sys.stdout` holds now. `sys.stdout` set to `None` prints nothing (`Some(None)`), as
/// CPython; deleted, it is CPython's `RuntimeError: lost sys.stdout`.
pub(crate) fn print_target<'py>(ts: &mut Tstate<'py>) -> PyResult<Option<Obj<'py>>> {
    let py = ts.py();
    let Some(sys) = ts.host().loaded_module(py, "sys")? else {
        return Ok(None);
    };
    let Some(out) = sys.module_dict()?.dict_get_str("stdout")? else {
        return Err(PyErr::new(&exc::RUNTIME_ERROR, "lost sys.stdout"));
    };
    if ext_value::<StdStream>(&out) == Some(&StdStream::Stdout) {
        return Ok(None);
    }
    Ok(Some(out))
}

fn this(o: Option<&Obj<'_>>) -> PyResult<StdStream> {
    o.and_then(ext_value::<StdStream>)
        .copied()
        .ok_or_else(|| PyErr::type_error("descriptor requires a '_io.TextIOWrapper' object"))
}

fn repr(o: &Obj<'_>) -> PyResult<String> {
    let s = this(Some(o))?;
    let mode = if s == StdStream::Stdin { "r" } else { "w" };
    Ok(format!(
        "<_io.TextIOWrapper name='{}' mode='{mode}' encoding='utf-8'>",
        s.name()
    ))
}

fn getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let s = *ext_value::<StdStream>(o)?;
    let py = o.py();
    Some(match name {
        "encoding" => py.str("utf-8"),
        "errors" => py.str(if s == StdStream::Stderr {
            "backslashreplace"
        } else {
            "strict"
        }),
        "name" => py.str(s.name()),
        "mode" => py.str(if s == StdStream::Stdin { "r" } else { "w" }),
        "closed" | "line_buffering" => Ok(py.bool(false)),
        _ => {
            let def = METHODS.iter().find(|m| m.name == name)?;
            crate::new_builtin(py, def, Some(o))
        }
    })
}

fn unsupported(what: &str) -> PyErr {
    PyErr::new(&exc::OS_ERROR, format!("not {what}"))
}

fn write<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("write", 1)?[0];
    let s = this(slf)?;
    let text = v.as_str().ok_or_else(|| {
        PyErr::type_error(format!(
            "write() argument must be str, not {}",
            v.type_name()
        ))
    })?;
    match s {
        StdStream::Stdin => return Err(unsupported("writable")),
        StdStream::Stdout => ts.host().write_stdout(text)?,
        StdStream::Stderr => ts.host().write_stderr(text)?,
    }
    ts.py().int(text.chars().count() as i64)
}

fn flush<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("flush", 0)?;
    this(slf)?;
    Ok(ts.py().none())
}

fn isatty<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("isatty", 0)?;
    Ok(ts.py().bool(this(slf)?.is_tty()))
}

fn fileno<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("fileno", 0)?;
    ts.py().int(this(slf)?.fd())
}

/// `readable()` and `writable()` (`seekable()` is false for all three).
fn readable<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("readable", 0)?;
    Ok(ts.py().bool(this(slf)? == StdStream::Stdin))
}

fn writable<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("writable", 0)?;
    Ok(ts.py().bool(this(slf)? != StdStream::Stdin))
}

fn seekable<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("seekable", 0)?;
    this(slf)?;
    Ok(ts.py().bool(false))
}

/// One line of the process's standard input (empty at its end). The GIL is not released:
/// a program that reads stdin waits for it, as it asked.
fn read_line(s: StdStream) -> PyResult<String> {
    if s != StdStream::Stdin {
        return Err(unsupported("readable"));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| PyErr::new(&exc::OS_ERROR, e.to_string()))?;
    Ok(line)
}

fn readline<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.between("readline", 0, 1)?;
    let line = read_line(this(slf)?)?;
    ts.py().str(&line)
}

fn read<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.between("read", 0, 1)?;
    if this(slf)? != StdStream::Stdin {
        return Err(unsupported("readable"));
    }
    let mut all = String::new();
    std::io::stdin()
        .lock()
        .read_to_string(&mut all)
        .map_err(|e| PyErr::new(&exc::OS_ERROR, e.to_string()))?;
    ts.py().str(&all)
}

fn next_line<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
    let line = read_line(this(Some(o))?)?;
    if line.is_empty() {
        return Ok(None);
    }
    ts.py().str(&line).map(Some)
}

static METHODS: [BuiltinDef; 10] = [
    BuiltinDef {
        name: "write",
        func: write,
    },
    BuiltinDef {
        name: "flush",
        func: flush,
    },
    BuiltinDef {
        name: "isatty",
        func: isatty,
    },
    BuiltinDef {
        name: "fileno",
        func: fileno,
    },
    BuiltinDef {
        name: "readable",
        func: readable,
    },
    BuiltinDef {
        name: "writable",
        func: writable,
    },
    BuiltinDef {
        name: "seekable",
        func: seekable,
    },
    BuiltinDef {
        name: "readline",
        func: readline,
    },
    BuiltinDef {
        name: "read",
        func: read,
    },
    BuiltinDef {
        name: "__iter__",
        func: |_, slf, _| slf.cloned().ok_or_else(|| PyErr::type_error("no stream")),
    },
];
