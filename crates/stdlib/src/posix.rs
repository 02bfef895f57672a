//! The standard library's part of `posix` (the native module under `os`; the runtime's part
//! is the process functions `fork`, `execv`, `getpid` under the interpreter's restrictions,
//! and its `Py_mod_exec` calls [`fill`]): `getcwd`, `listdir`, `stat` (an
//! `os.stat_result`), `urandom`, `cpu_count`, `environ` (a `str` to `str` dict copied at
//! import), and `OSError`s with CPython's errno subclasses and `[Errno N] text: 'path'`.
//! `os.py` and `posixpath.py` (`lib/`) build `os` and `os.path` over it.

use std::io::Read;
use std::os::unix::fs::MetadataExt;

use subinterp_object::{Kind, Obj, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{Args, BuiltinDef, Protocol, Tstate, ext_value, new_ext};

use crate::args::{add_functions, not_an_integer};

/// `OSError` for `errno` (the subclass CPython picks for it) with CPython's text: `[Errno
/// 2] No such file or directory`, then `: 'path'` when a file name is known.
pub fn os_error(errno: i32, filename: Option<&str>) -> PyErr {
    let ty: &'static StaticType = match errno {
        libc::ENOENT => &exc::FILE_NOT_FOUND_ERROR,
        libc::EACCES | libc::EPERM => &exc::PERMISSION_ERROR,
        libc::ESRCH => &exc::PROCESS_LOOKUP_ERROR,
        libc::ETIMEDOUT => &exc::TIMEOUT_ERROR,
        _ => &exc::OS_ERROR,
    };
    let text = std::io::Error::from_raw_os_error(errno).to_string();
    let text = match text.rfind(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    };
    match filename {
        Some(f) => PyErr::new(ty, format!("[Errno {errno}] {text}: {}", quote(f))),
        None => PyErr::new(ty, format!("[Errno {errno}] {text}")),
    }
}

/// A file name as `repr` shows a `str` (single quotes unless it holds one).
fn quote(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

fn io_error(e: &std::io::Error, path: &str) -> PyErr {
    match e.raw_os_error() {
        Some(errno) => os_error(errno, Some(path)),
        None => PyErr::new(&exc::OS_ERROR, e.to_string()),
    }
}

/// Fills `posix` with the functions and `environ` (the runtime's `Py_mod_exec` of it).
pub fn fill(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    add_functions(m, &FUNCTIONS)?;
    let environ = py.dict()?;
    for (k, v) in std::env::vars_os() {
        let (Some(k), Some(v)) = (k.to_str(), v.to_str()) else {
            continue;
        };
        environ.set_item(&py.str(k)?, &py.str(v)?)?;
    }
    m.setattr("environ", &environ)?;
    m.setattr("stat_result", &STAT_RESULT.get(py))
}

static FUNCTIONS: [BuiltinDef; 5] = [
    BuiltinDef {
        name: "getcwd",
        func: getcwd,
    },
    BuiltinDef {
        name: "listdir",
        func: listdir,
    },
    BuiltinDef {
        name: "stat",
        func: stat,
    },
    BuiltinDef {
        name: "urandom",
        func: urandom,
    },
    BuiltinDef {
        name: "cpu_count",
        func: cpu_count,
    },
];

/// A path argument of `fname`: a `str` (CPython's text otherwise).
fn path_arg<'a>(v: &'a Obj<'_>, fname: &str) -> PyResult<&'a str> {
    v.as_str().ok_or_else(|| {
        PyErr::type_error(format!(
            "{fname}: path should be string, bytes, os.PathLike or integer, not {}",
            v.type_name()
        ))
    })
}

fn getcwd<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.exactly("getcwd", 0)?;
    let d = std::env::current_dir().map_err(|e| io_error(&e, "."))?;
    ts.py().str(&d.to_string_lossy())
}

fn listdir<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [path] = a.bind("listdir", ["path"], 0)?;
    let path = match path.filter(|p| !p.is_none()) {
        Some(p) => path_arg(&p, "listdir")?.to_owned(),
        None => ".".to_owned(),
    };
    let py = ts.py();
    let mut names = Vec::new();
    for e in std::fs::read_dir(&path).map_err(|e| io_error(&e, &path))? {
        let e = e.map_err(|e| io_error(&e, &path))?;
        names.push(py.str(&e.file_name().to_string_lossy())?);
    }
    py.list(&names)
}

/// The fields of `os.stat_result`, in CPython's order.
const STAT_FIELDS: [&str; 10] = [
    "st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime",
    "st_mtime", "st_ctime",
];

/// An `os.stat_result`: the integer fields, then the three times in seconds.
struct StatResult {
    ints: [i64; 7],
    times: [f64; 3],
}

static STAT_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(stat_getattr),
    repr: Some(stat_repr),
    ..Slots::EMPTY
};
static STAT_RESULT: StaticType = StaticType::native("stat_result", "os", &STAT_SLOTS);
static STAT_PROTO: Protocol = Protocol {
    len: Some(|_, _| Ok(10)),
    getitem: Some(|ts, o, k| {
        let t = stat_tuple(o)?;
        ts.get_item(&t, k)
    }),
    iter: Some(|ts, o| {
        let t = stat_tuple(o)?;
        ts.get_iter(&t)
    }),
    ..Protocol::NONE
};

/// The first ten fields as a tuple, with the times as ints (what indexing gives, as
/// CPython).
fn stat_tuple<'py>(o: &Obj<'py>) -> PyResult<Obj<'py>> {
    let py = o.py();
    let s = ext_value::<StatResult>(o).ok_or_else(|| PyErr::type_error("not a stat_result"))?;
    let mut v = Vec::with_capacity(10);
    for i in s.ints {
        v.push(py.int(i)?);
    }
    for t in s.times {
        v.push(py.int(t.floor() as i64)?);
    }
    py.tuple(&v)
}

fn stat_getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let s = ext_value::<StatResult>(o)?;
    let i = STAT_FIELDS.iter().position(|f| *f == name)?;
    let py = o.py();
    Some(match i {
        0..7 => py.int(s.ints[i]),
        _ => py.float(s.times[i - 7]),
    })
}

fn stat_repr(o: &Obj<'_>) -> PyResult<String> {
    let t = stat_tuple(o)?.tuple_items().unwrap_or_default();
    let mut parts = Vec::new();
    for (f, v) in STAT_FIELDS.iter().zip(&t) {
        parts.push(format!("{f}={}", v.repr()?));
    }
    Ok(format!("os.stat_result({})", parts.join(", ")))
}

fn stat<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let [path] = a.bind("stat", ["path"], 1)?;
    let path = path.unwrap_or_else(|| ts.py().none());
    let p = path_arg(&path, "stat")?;
    let md = std::fs::metadata(p).map_err(|e| io_error(&e, p))?;
    let time = |s: i64, ns: i64| s as f64 + ns as f64 * 1e-9;
    let s = StatResult {
        ints: [
            i64::from(md.mode()),
            md.ino() as i64,
            md.dev() as i64,
            md.nlink() as i64,
            i64::from(md.uid()),
            i64::from(md.gid()),
            md.size() as i64,
        ],
        times: [
            time(md.atime(), md.atime_nsec()),
            time(md.mtime(), md.mtime_nsec()),
            time(md.ctime(), md.ctime_nsec()),
        ],
    };
    new_ext(ts.py(), &STAT_RESULT, &STAT_PROTO, s)
}

fn urandom<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let n = &a.exactly("urandom", 1)?[0];
    if !matches!(n.kind(), Kind::Int | Kind::Bool) {
        return Err(not_an_integer(n));
    }
    let n = n.as_i64().ok_or_else(|| {
        PyErr::new(
            &exc::OVERFLOW_ERROR,
            "Python int too large to convert to C ssize_t",
        )
    })?;
    if n < 0 {
        return Err(PyErr::value_error("negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| io_error(&e, "/dev/urandom"))?;
    ts.py().bytes(&buf)
}

fn cpu_count<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("cpu_count", 0)?;
    let py = ts.py();
    // CPython counts the processors online (not those this process may run on).
    // SAFETY: `sysconf` reads a system setting by a constant name; it touches no memory of
    // ours.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    if n < 1 {
        return Ok(py.none());
    }
    py.int(n as i64)
}
