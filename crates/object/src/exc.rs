//! Exception classes (CPython's builtin hierarchy, as static types) and exception instances.

use std::cell::Cell;

use crate::header::{ObjBox, Raw, payload};
use crate::types::{Kind, StaticType, is_subtype_raw};
use crate::{Obj, Py, PyErr, PyResult};

macro_rules! exceptions {
    ($( $(#[$m:meta])* $id:ident = $name:literal : $base:ident; )*) => {
        $( $(#[$m])* #[doc = concat!("`", $name, "`.")] pub static $id: StaticType =
            StaticType::exception($name, "builtins", &$base); )*
        /// Every builtin exception class, in definition order (base before subclass).
        pub static ALL: &[&StaticType] = &[&BASE_EXCEPTION, $( &$id ),*];
    };
}

/// `BaseException`, the root of the hierarchy.
pub static BASE_EXCEPTION: StaticType =
    StaticType::builtin_exception_root("BaseException", &crate::types::OBJECT);

exceptions! {
    SYSTEM_EXIT = "SystemExit": BASE_EXCEPTION;
    KEYBOARD_INTERRUPT = "KeyboardInterrupt": BASE_EXCEPTION;
    GENERATOR_EXIT = "GeneratorExit": BASE_EXCEPTION;
    EXCEPTION = "Exception": BASE_EXCEPTION;
    ARITHMETIC_ERROR = "ArithmeticError": EXCEPTION;
    FLOATING_POINT_ERROR = "FloatingPointError": ARITHMETIC_ERROR;
    OVERFLOW_ERROR = "OverflowError": ARITHMETIC_ERROR;
    ZERO_DIVISION_ERROR = "ZeroDivisionError": ARITHMETIC_ERROR;
    ASSERTION_ERROR = "AssertionError": EXCEPTION;
    ATTRIBUTE_ERROR = "AttributeError": EXCEPTION;
    BUFFER_ERROR = "BufferError": EXCEPTION;
    EOF_ERROR = "EOFError": EXCEPTION;
    IMPORT_ERROR = "ImportError": EXCEPTION;
    MODULE_NOT_FOUND_ERROR = "ModuleNotFoundError": IMPORT_ERROR;
    LOOKUP_ERROR = "LookupError": EXCEPTION;
    INDEX_ERROR = "IndexError": LOOKUP_ERROR;
    KEY_ERROR = "KeyError": LOOKUP_ERROR;
    MEMORY_ERROR = "MemoryError": EXCEPTION;
    NAME_ERROR = "NameError": EXCEPTION;
    UNBOUND_LOCAL_ERROR = "UnboundLocalError": NAME_ERROR;
    OS_ERROR = "OSError": EXCEPTION;
    FILE_NOT_FOUND_ERROR = "FileNotFoundError": OS_ERROR;
    PERMISSION_ERROR = "PermissionError": OS_ERROR;
    PROCESS_LOOKUP_ERROR = "ProcessLookupError": OS_ERROR;
    TIMEOUT_ERROR = "TimeoutError": OS_ERROR;
    REFERENCE_ERROR = "ReferenceError": EXCEPTION;
    RUNTIME_ERROR = "RuntimeError": EXCEPTION;
    NOT_IMPLEMENTED_ERROR = "NotImplementedError": RUNTIME_ERROR;
    PYTHON_FINALIZATION_ERROR = "PythonFinalizationError": RUNTIME_ERROR;
    RECURSION_ERROR = "RecursionError": RUNTIME_ERROR;
    STOP_ITERATION = "StopIteration": EXCEPTION;
    STOP_ASYNC_ITERATION = "StopAsyncIteration": EXCEPTION;
    SYNTAX_ERROR = "SyntaxError": EXCEPTION;
    INDENTATION_ERROR = "IndentationError": SYNTAX_ERROR;
    SYSTEM_ERROR = "SystemError": EXCEPTION;
    TYPE_ERROR = "TypeError": EXCEPTION;
    VALUE_ERROR = "ValueError": EXCEPTION;
    UNICODE_ERROR = "UnicodeError": VALUE_ERROR;
    UNICODE_DECODE_ERROR = "UnicodeDecodeError": UNICODE_ERROR;
    UNICODE_ENCODE_ERROR = "UnicodeEncodeError": UNICODE_ERROR;
    WARNING = "Warning": EXCEPTION;
    DEPRECATION_WARNING = "DeprecationWarning": WARNING;
    IMPORT_WARNING = "ImportWarning": WARNING;
    RUNTIME_WARNING = "RuntimeWarning": WARNING;
    USER_WARNING = "UserWarning": WARNING;
}

/// The builtin exception class called `name`.
pub fn by_name(name: &str) -> Option<&'static StaticType> {
    ALL.iter().copied().find(|t| t.name() == name)
}

/// The payload of an exception instance: its `args` tuple.
#[repr(C)]
pub(crate) struct ExcData {
    pub(crate) args: Raw,
    /// `__context__`, `__cause__`, `__traceback__`, `__suppress_context__`.
    pub(crate) chain: crate::exc_chain::Chain,
}

/// The payload of an instance of `ImportError` or a subclass (CPython's `PyImportErrorObject`):
/// [`ExcData`] first, so every exception is read as one, then the members, each an owned
/// reference (`None` when absent).
#[repr(C)]
struct ImportErrorData {
    base: ExcData,
    members: [Cell<Raw>; IMPORT_MEMBERS.len()],
}

/// `ImportError`'s members, in [`ImportErrorData::members`] order.
const IMPORT_MEMBERS: [&str; 4] = ["msg", "name", "path", "name_from"];

/// The index of member `name` in [`IMPORT_MEMBERS`].
fn import_member_index(name: &str) -> Option<usize> {
    IMPORT_MEMBERS.iter().position(|m| *m == name)
}

impl<'py> Py<'py> {
    /// An instance of exception class `ty` with `args` (`ty(*args)`).
    ///
    /// An `ImportError` (or subclass) instance also has CPython's members `msg` (`args[0]` when
    /// there is exactly one argument), `name`, `path` and `name_from`, all `None` otherwise.
    pub fn new_exception(self, ty: &Obj<'py>, args: &[Obj<'py>]) -> PyResult<Obj<'py>> {
        if !is_exception_class(ty) {
            return Err(PyErr::type_error(
                "exceptions must derive from BaseException",
            ));
        }
        let msg = match args {
            [m] => m.clone(),
            _ => self.none(),
        };
        let args = self.tuple(args)?;
        // SAFETY: `ty` is an exception class (checked above), a type object.
        if !unsafe { is_import_error_class(ty.raw()) } {
            let p = self.new_obj(ty.raw().as_ptr(), std::mem::size_of::<ObjBox<ExcData>>())?;
            // SAFETY: fresh block sized for `ObjBox<ExcData>`.
            unsafe {
                std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<ExcData>>()).payload).write(
                    ExcData {
                        args: args.into_raw(),
                        chain: crate::exc_chain::Chain::new(),
                    },
                )
            };
            // SAFETY: fresh object, we own its only reference.
            return Ok(unsafe { Obj::owned(self, p) });
        }
        let size = std::mem::size_of::<ObjBox<ImportErrorData>>();
        let p = self.new_obj(ty.raw().as_ptr(), size)?;
        let none = self.none().into_raw();
        // SAFETY: fresh block sized for `ObjBox<ImportErrorData>`.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<ImportErrorData>>()).payload).write(
                ImportErrorData {
                    base: ExcData {
                        args: args.into_raw(),
                        chain: crate::exc_chain::Chain::new(),
                    },
                    members: [
                        Cell::new(msg.into_raw()),
                        Cell::new(none),
                        Cell::new(none),
                        Cell::new(none),
                    ],
                },
            )
        };
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

/// Whether instances of type `t` are laid out as [`ImportErrorData`]: the layout follows the
/// class's bases, which never change, so this is the same from creation to dealloc.
///
/// # Safety
/// `t` is a live type object.
pub(crate) unsafe fn is_import_error_class(t: Raw) -> bool {
    // SAFETY: forwarded contract.
    unsafe { is_subtype_raw(t, IMPORT_ERROR.raw()) }
}

/// The members of object `p`, when it is an `ImportError` (of any subclass).
///
/// # Safety
/// `p` is a live object, and the reference is not used after it is freed.
unsafe fn import_members<'a>(p: Raw) -> Option<&'a [Cell<Raw>; IMPORT_MEMBERS.len()]> {
    // SAFETY: the type of a live object (the contract) is a live type object.
    if !unsafe { is_import_error_class(crate::types::type_of(p)) } {
        return None;
    }
    // SAFETY: instances of ImportError and its subclasses are laid out as
    // `ObjBox<ImportErrorData>` (`new_exception`); `p` is live (the contract).
    Some(&unsafe { payload::<ImportErrorData>(p) }.members)
}

/// Member `i` of `ImportError` instance `e` (`None` for other exceptions).
pub(crate) fn import_member<'py>(e: &Obj<'py>, i: usize) -> Option<Obj<'py>> {
    // SAFETY: `e` is live.
    let m = unsafe { import_members(e.raw()) }?.get(i)?;
    // SAFETY: the instance owns a reference to each member.
    Some(unsafe { Obj::borrowed(e.py, m.get()) })
}

/// `SyntaxError`'s attributes (`msg`, `filename`, `lineno`, `offset`, `text`, `end_lineno`,
/// `end_offset`, `print_file_and_line`) for instance `e` of it or a subclass, read from its
/// args the way CPython's `SyntaxError.__init__` stores them: `(msg, (filename, lineno, offset,
/// text[, end_lineno, end_offset]))`, or the message alone; `None` where absent. `None` (no
/// answer) for other names and other exceptions.
pub(crate) fn syntax_attr<'py>(e: &Obj<'py>, name: &str) -> Option<Obj<'py>> {
    const DETAILS: [&str; 6] = [
        "filename",
        "lineno",
        "offset",
        "text",
        "end_lineno",
        "end_offset",
    ];
    let detail = match name {
        "msg" | "print_file_and_line" => None,
        _ => Some(DETAILS.iter().position(|d| *d == name)?),
    };
    // SAFETY: an exception instance's type is a live type object.
    if !unsafe { is_subtype_raw(crate::types::type_of(e.raw()), SYNTAX_ERROR.raw()) } {
        return None;
    }
    let py = e.py;
    // SAFETY: `e` is a live exception instance; its args tuple lives as long.
    let items = unsafe { crate::tuple::items(args(e.raw())) };
    // SAFETY: the items are live while the tuple holds them.
    let item = |i: usize| items.get(i).map(|p| unsafe { Obj::borrowed(py, *p) });
    let found = match (name, detail) {
        ("msg", _) => item(0),
        (_, Some(i)) if items.len() == 2 => item(1).and_then(|d| d.tuple_items()?.get(i).cloned()),
        _ => None,
    };
    Some(found.unwrap_or_else(|| py.none()))
}

/// `e.name` for member `name` of `ImportError` instance `e` (`None` for anything else).
pub(crate) fn import_attr<'py>(e: &Obj<'py>, name: &str) -> Option<Obj<'py>> {
    import_member(e, import_member_index(name)?)
}

/// `e.name = value` for member `name` of `ImportError` instance `e`; `false` (nothing done)
/// for anything else.
pub(crate) fn set_import_attr(e: &Obj<'_>, name: &str, value: &Obj<'_>) -> bool {
    // SAFETY: `e` is live.
    let members = unsafe { import_members(e.raw()) };
    let Some(m) = import_member_index(name).and_then(|i| members?.get(i)) else {
        return false;
    };
    let old = m.replace(value.clone().into_raw());
    // SAFETY: the instance's reference to its old member, taken out.
    unsafe { crate::handle::decref(e.py, old) };
    true
}

/// Releases what exception instance `p` owns (dealloc).
///
/// # Safety
/// `p` is an exception instance of `py`'s heap being freed (refcount zero), once.
pub(crate) unsafe fn drop_exception(py: Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    // SAFETY: `p` is live until dealloc frees it, after this.
    if let Some(members) = unsafe { import_members(p) } {
        for m in members {
            // SAFETY: the instance's reference to a live member, given up.
            unsafe { crate::handle::decref_into(py, m.get(), stack) };
        }
    }
    // SAFETY: an exception instance (the contract); its reference to its args, given up.
    unsafe { crate::handle::decref_into(py, args(p), stack) };
    // SAFETY: the contract: an exception instance being freed, once.
    unsafe { crate::exc_chain::drop_chain(py, p, stack) };
}

/// Visits what exception instance `p` owns: its args, import members and chain.
///
/// # Safety
/// `p` is a live exception instance.
pub(crate) unsafe fn traverse(p: Raw, f: &mut dyn FnMut(Raw)) {
    // SAFETY: the contract.
    if let Some(members) = unsafe { import_members(p) } {
        members.iter().for_each(|m| f(m.get()));
    }
    // SAFETY: the contract.
    f(unsafe { args(p) });
    // SAFETY: the contract.
    unsafe { crate::exc_chain::traverse(p, f) };
}

impl<'py> Obj<'py> {
    /// Replaces the `args` of an exception instance (`BaseException.__init__`, `e.args = t`).
    pub fn set_exception_args(&self, args: &Obj<'py>) -> PyResult<()> {
        if self.kind() != Kind::Exception || args.kind() != Kind::Tuple {
            return Err(PyErr::type_error("exception args must be a tuple"));
        }
        // SAFETY: kind checked: an exception instance, whose payload starts with `ExcData`.
        let d = unsafe {
            &mut *std::ptr::addr_of_mut!((*self.raw().as_ptr().cast::<ObjBox<ExcData>>()).payload)
        };
        let old = std::mem::replace(&mut d.args, args.clone().into_raw());
        // SAFETY: the instance's reference to its old args, replaced above.
        unsafe { crate::handle::decref(self.py, old) };
        Ok(())
    }
}

/// Whether `t` is a type object deriving from `BaseException`.
pub(crate) fn is_exception_class(t: &Obj<'_>) -> bool {
    // SAFETY: `t` is a type (checked first), held by the caller.
    t.kind() == Kind::Type && unsafe { is_subtype_raw(t.raw(), BASE_EXCEPTION.raw()) }
}

/// The `args` tuple of exception instance `p` (borrowed: the exception holds it).
///
/// # Safety
/// `p` is a live exception instance (laid out as `ObjBox<ExcData>`).
pub(crate) unsafe fn args(p: Raw) -> Raw {
    // SAFETY: forwarded contract.
    unsafe { payload::<ExcData>(p) }.args
}

/// `str(exc)`: `''` without args, `str(arg)` with one (`repr(arg)` for `KeyError`), else
/// `str(args)`.
///
/// For an `ImportError` whose `msg` is a str, that text (CPython's `ImportError_str`).
///
/// The args' reprs and strs go through `up` (an instance's `__repr__`).
///
/// # Safety
/// `e` is an exception instance.
pub(crate) unsafe fn exc_str<'py>(
    e: &Obj<'py>,
    up: &mut dyn crate::Upcall<'py>,
) -> PyResult<String> {
    if let Some(m) = import_member(e, 0)
        && let Some(t) = m.as_str()
    {
        return Ok(t.to_owned());
    }
    // SAFETY: `e` is a live exception instance (the contract), its args tuple lives as long.
    let items = unsafe { crate::tuple::items(args(e.raw())) };
    match items {
        // SAFETY: the type of a live object is a live type object.
        [] if unsafe { is_subtype_raw(crate::types::type_of(e.raw()), SYNTAX_ERROR.raw()) } => {
            // `SyntaxError_str` prints its `msg`, which is `None` without arguments.
            Ok("None".to_owned())
        }
        [] => Ok(String::new()),
        [a] => {
            // SAFETY: the item is live while the tuple holds it.
            let a = unsafe { Obj::borrowed(e.py, *a) };
            // SAFETY: the type of a live object is a live type object.
            if unsafe { is_subtype_raw(crate::types::type_of(e.raw()), KEY_ERROR.raw()) } {
                up.repr(&a)
            } else {
                a.str_with(up)
            }
        }
        [msg, details]
            // SAFETY: the type of a live object is a live type object.
            if unsafe { is_subtype_raw(crate::types::type_of(e.raw()), SYNTAX_ERROR.raw()) } =>
        {
            // SAFETY: the items are live while the tuple holds them.
            let (msg, details) = unsafe { (Obj::borrowed(e.py, *msg), Obj::borrowed(e.py, *details)) };
            syntax_error_str(&msg, &details)
        }
        // SAFETY: `e` is an exception instance (the contract); its args tuple is live.
        _ => up.repr(&unsafe { Obj::borrowed(e.py, args(e.raw())) }),
    }
}

/// CPython's `SyntaxError_str` for `SyntaxError(msg, (filename, lineno, ...))`:
/// `msg (file, line N)` with the file's base name, `msg (file)`, `msg (line N)` or `msg`.
fn syntax_error_str(msg: &Obj<'_>, details: &Obj<'_>) -> PyResult<String> {
    let text = msg.str()?;
    let items = details.tuple_items().unwrap_or_default();
    let file = items
        .first()
        .and_then(|f| f.as_str())
        .map(|f| f.rsplit('/').next().unwrap_or(f).to_owned());
    let line = items.get(1).and_then(|l| l.as_i64());
    Ok(match (file, line) {
        (Some(f), Some(l)) => format!("{text} ({f}, line {l})"),
        (Some(f), None) => format!("{text} ({f})"),
        (None, Some(l)) => format!("{text} (line {l})"),
        (None, None) => text,
    })
}
