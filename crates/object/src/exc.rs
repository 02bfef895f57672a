//! Exception classes (CPython's builtin hierarchy, as static types) and exception instances.

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
    SYNTAX_ERROR = "SyntaxError": EXCEPTION;
    INDENTATION_ERROR = "IndentationError": SYNTAX_ERROR;
    SYSTEM_ERROR = "SystemError": EXCEPTION;
    TYPE_ERROR = "TypeError": EXCEPTION;
    VALUE_ERROR = "ValueError": EXCEPTION;
    UNICODE_ERROR = "UnicodeError": VALUE_ERROR;
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
}

impl<'py> Py<'py> {
    /// An instance of exception class `ty` with `args` (`ty(*args)`).
    pub fn new_exception(self, ty: &Obj<'py>, args: &[Obj<'py>]) -> PyResult<Obj<'py>> {
        if !is_exception_class(ty) {
            return Err(PyErr::type_error(
                "exceptions must derive from BaseException",
            ));
        }
        let args = self.tuple(args)?;
        let p = self.new_obj(ty.raw().as_ptr(), std::mem::size_of::<ObjBox<ExcData>>())?;
        // SAFETY: fresh block sized for `ObjBox<ExcData>`.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<ExcData>>()).payload).write(ExcData {
                args: args.into_raw(),
            })
        };
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

/// Whether `t` is a type object deriving from `BaseException`.
pub(crate) fn is_exception_class(t: &Obj<'_>) -> bool {
    t.kind() == Kind::Type && is_subtype_raw(t.raw(), BASE_EXCEPTION.raw())
}

/// The `args` tuple of exception instance `p`.
pub(crate) fn args(p: Raw) -> Raw {
    // SAFETY: callers pass exception instances, laid out as `ObjBox<ExcData>`.
    unsafe { payload::<ExcData>(p) }.args
}

/// `str(exc)`: `''` without args, `str(arg)` with one (`repr(arg)` for `KeyError`), else
/// `str(args)`.
pub(crate) fn exc_str(e: &Obj<'_>) -> PyResult<String> {
    // SAFETY: `e` is a live exception instance, its args tuple lives as long.
    let items = unsafe { crate::tuple::items(args(e.raw())) };
    match items {
        [] => Ok(String::new()),
        [a] => {
            // SAFETY: the item is live while the tuple holds it.
            let a = unsafe { Obj::borrowed(e.py, *a) };
            if is_subtype_raw(crate::types::type_of(e.raw()), KEY_ERROR.raw()) {
                a.repr()
            } else {
                a.str()
            }
        }
        // SAFETY: the args tuple is live.
        _ => unsafe { Obj::borrowed(e.py, args(e.raw())) }.repr(),
    }
}
