//! The `posix` module (what `os.py` re-exports as `os`): `fork()` and `execv(path, args)`
//! under the interpreter's `allow_fork` / `allow_exec` restrictions (CPython's messages,
//! through the runtime's checks), and `getpid()`; the standard library adds the file-system
//! functions and `environ` (`subinterp_stdlib::fill_posix`).
//!
//! A permitted `fork()` really forks; the child leaves at once with status 0 (`os._exit(0)`:
//! nothing of the runtime runs in it), and the parent reaps it and gets its pid. A permitted
//! `execv()` really replaces the process.

use std::ffi::CString;

use subinterp_import::{ModuleDef, MultiInterp, Size, Slot};
use subinterp_object::{Kind, Obj, Py, PyErr, PyResult};
use subinterp_vm::{Args, BuiltinDef, Sig, Tstate};

use crate::Error;
use crate::modules::interp_of;

static FUNCTIONS: [BuiltinDef; 3] = [
    BuiltinDef {
        name: "fork",
        func: fork,
    },
    BuiltinDef {
        name: "execv",
        func: execv,
    },
    BuiltinDef {
        name: "getpid",
        func: getpid,
    },
];

/// `OSError` (or the subclass CPython picks for `errno`) with CPython's `[Errno N] text`.
pub(crate) fn os_error(errno: i32) -> PyErr {
    subinterp_stdlib::os_error(errno, None)
}

fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// `os.fork()`: the runtime's checks ("fork not supported for isolated subinterpreters",
/// ...), then a real fork. The child `_exit(0)`s at once; the parent waits for it without the
/// GIL and returns its pid.
fn fork<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.none("fork")?;
    interp_of(ts)?.check_fork().map_err(Error::into_pyerr)?;
    // SAFETY: `fork` has no memory-safety preconditions; the child calls only `_exit`
    // (async-signal-safe), so no lock another thread held at the fork is ever touched there.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(os_error(last_errno()));
    }
    if pid == 0 {
        crate::os::exit_child(0);
    }
    crate::host::native_allow_threads(ts, move || reap(pid))?;
    py.int(i64::from(pid))
}

/// Waits for the forked child (it exits at once), so no zombie is left behind.
fn reap(pid: libc::pid_t) {
    let mut status = 0;
    // SAFETY: `waitpid` writes only to `status`, a live local; `pid` is our child.
    while unsafe { libc::waitpid(pid, &mut status, 0) } < 0 && last_errno() == libc::EINTR {}
}

const EXECV: Sig = Sig {
    name: "execv",
    params: &["path", "argv"],
    required: 2,
    kwonly: 0,
    method: false,
};

fn c_string(s: &str) -> PyResult<CString> {
    CString::new(s).map_err(|_| PyErr::value_error("embedded null byte"))
}

fn path_bytes<'a>(o: &'a Obj<'_>, what: &str) -> PyResult<&'a [u8]> {
    match o.kind() {
        Kind::Str => Ok(o.as_str().unwrap_or_default().as_bytes()),
        Kind::Bytes => Ok(o.as_bytes().unwrap_or_default()),
        _ => Err(PyErr::type_error(format!(
            "{what} should be string, bytes or os.PathLike, not {}",
            o.type_name()
        ))),
    }
}

/// `os.execv(path, argv)`: "exec not supported for isolated subinterpreters" without
/// `allow_exec`, then CPython's argument checks, then a real `execv`; returns only on failure
/// (`OSError` from `errno`).
fn execv<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [path, argv] = given.bind_sig::<2>(&EXECV)?;
    let (Some(path), Some(argv)) = (path, argv) else {
        return Err(PyErr::type_error("execv() missing arguments"));
    };
    interp_of(ts)?.check_exec().map_err(Error::into_pyerr)?;
    let path = c_string(&String::from_utf8_lossy(path_bytes(path, "execv: path")?))?;
    let items = match argv.kind() {
        Kind::List => argv.list_items().unwrap_or_default(),
        Kind::Tuple => argv.tuple_items().unwrap_or_default(),
        _ => return Err(PyErr::type_error("execv() arg 2 must be a tuple or list")),
    };
    if items.is_empty() {
        return Err(PyErr::value_error("execv() arg 2 must not be empty"));
    }
    let mut cargs = Vec::with_capacity(items.len());
    for item in &items {
        let b = match item.kind() {
            Kind::Str | Kind::Bytes => path_bytes(item, "")?,
            _ => {
                return Err(PyErr::type_error(format!(
                    "expected str, bytes or os.PathLike object, not {}",
                    item.type_name()
                )));
            }
        };
        cargs.push(c_string(&String::from_utf8_lossy(b))?);
    }
    if cargs[0].as_bytes().is_empty() {
        return Err(PyErr::value_error(
            "execv() arg 2 first element cannot be empty",
        ));
    }
    let mut ptrs: Vec<*const libc::c_char> = cargs.iter().map(|c| c.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    // SAFETY: `path` and every `cargs` entry are NUL-terminated C strings alive for the call,
    // and `ptrs` is a NULL-terminated array of them; `execv` only reads them and returns only
    // on failure.
    unsafe { libc::execv(path.as_ptr(), ptrs.as_ptr()) };
    Err(os_error(last_errno()))
}

fn getpid<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    given.none("getpid")?;
    py.int(i64::from(std::process::id()))
}

/// The standard library adds the file-system functions and `environ` (`os.py` builds
/// `os` over this module, as CPython's does over its `posix`).
static SLOTS: [Slot; 2] = [
    Slot::Exec(subinterp_stdlib::fill_posix),
    Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
];

/// The definition of `posix`.
pub(crate) static DEF: ModuleDef = ModuleDef {
    name: "posix",
    doc: Some("The process: fork and exec under the interpreter's restrictions."),
    methods: &FUNCTIONS,
    size: Size::Zero,
    slots: Some(&SLOTS),
};

/// `PyInit_posix`.
pub(crate) fn init(_: Py<'_>) -> PyResult<subinterp_import::Init<'_>> {
    Ok(subinterp_import::Init::Def(&DEF))
}
