//! `PyErr`: an exception as a Rust error value (type, message, optionally the instance).
//!
//! `Send`: it carries the class's names as text, so it can be printed on any thread and after
//! the raising interpreter ended; the class itself (and the instance, when one exists) is held
//! as an [`ObjRef`] for code that needs the object back under a token.

use std::borrow::Cow;
use std::fmt;

use crate::exc;
use crate::types::{Kind, StaticType, is_subtype_raw, text, type_data};
use crate::{BindError, Obj, ObjRef, Py};

/// `Result<T, PyErr>`.
pub type PyResult<T> = Result<T, PyErr>;

enum ErrType {
    Static(&'static StaticType),
    Heap(ObjRef),
}

/// An exception: its class, its message (`str(exc)`), and the instance when one was made.
pub struct PyErr {
    ty: ErrType,
    name: Cow<'static, str>,
    module: Cow<'static, str>,
    msg: String,
    value: Option<ObjRef>,
}

impl PyErr {
    /// An exception of static class `ty` with message `msg` (`ty(msg)`; an empty message is
    /// `ty()`).
    pub fn new(ty: &'static StaticType, msg: impl Into<String>) -> PyErr {
        PyErr {
            ty: ErrType::Static(ty),
            name: Cow::Borrowed(ty.name()),
            module: Cow::Borrowed(ty.module()),
            msg: msg.into(),
            value: None,
        }
    }

    /// An exception of class `ty` (a static or heap exception class object) with `msg`. A `ty`
    /// that is not an exception class gives CPython's `TypeError`.
    pub fn from_type(ty: &Obj<'_>, msg: impl Into<String>) -> PyErr {
        if !exc::is_exception_class(ty) {
            return PyErr::type_error("exceptions must derive from BaseException");
        }
        let d = type_data(ty.raw());
        PyErr {
            ty: if ty.is_immortal() {
                ErrType::Static(static_type(ty))
            } else {
                ErrType::Heap(ty.to_ref())
            },
            name: Cow::Owned(text(&d.name).to_owned()),
            module: Cow::Owned(text(&d.module).to_owned()),
            msg: msg.into(),
            value: None,
        }
    }

    /// The exception an exception instance stands for (`raise value`).
    pub fn from_value(value: &Obj<'_>) -> PyErr {
        if value.kind() != Kind::Exception {
            return PyErr::type_error("exceptions must derive from BaseException");
        }
        let msg = match exc::exc_str(value) {
            Ok(m) => m,
            Err(e) => return e,
        };
        let mut e = PyErr::from_type(&value.get_type(), msg);
        e.value = Some(value.to_ref());
        e
    }

    /// `TypeError(msg)`.
    pub fn type_error(msg: impl Into<String>) -> PyErr {
        PyErr::new(&exc::TYPE_ERROR, msg)
    }

    /// `ValueError(msg)`.
    pub fn value_error(msg: impl Into<String>) -> PyErr {
        PyErr::new(&exc::VALUE_ERROR, msg)
    }

    /// `MemoryError()`.
    pub fn no_memory() -> PyErr {
        PyErr::new(&exc::MEMORY_ERROR, "")
    }

    /// `KeyError(key)`: the message is `repr(key)`, as CPython prints it.
    pub fn key_error(key: &Obj<'_>) -> PyErr {
        let py = key.py();
        match py.new_exception(&exc::KEY_ERROR.get(py), std::slice::from_ref(key)) {
            Ok(v) => PyErr::from_value(&v),
            Err(e) => e,
        }
    }

    /// The class name (`type(e).__name__`).
    pub fn type_name(&self) -> &str {
        &self.name
    }

    /// The class's module (`type(e).__module__`).
    pub fn module(&self) -> &str {
        &self.module
    }

    /// `str(e)`.
    pub fn message(&self) -> &str {
        &self.msg
    }

    /// The class, when it is a static class.
    pub fn static_type(&self) -> Option<&'static StaticType> {
        match self.ty {
            ErrType::Static(t) => Some(t),
            ErrType::Heap(_) => None,
        }
    }

    /// Whether the class is `ty` or a subclass of it, decided without a token (a heap class
    /// only matches static classes it derives from through static bases... so this answers
    /// `false` for heap classes: use [`PyErr::matches`] with a token for those).
    pub fn is(&self, ty: &'static StaticType) -> bool {
        match self.ty {
            ErrType::Static(t) => t.is_subtype(ty),
            ErrType::Heap(_) => false,
        }
    }

    /// `isinstance(e, ty)` for any exception class object `ty`.
    pub fn matches(&self, py: Py<'_>, ty: &Obj<'_>) -> bool {
        match self.get_type(py) {
            Ok(t) => ty.kind() == Kind::Type && is_subtype_raw(t.raw(), ty.raw()),
            Err(_) => false,
        }
    }

    /// The class object.
    pub fn get_type<'py>(&self, py: Py<'py>) -> Result<Obj<'py>, BindError> {
        match &self.ty {
            ErrType::Static(t) => Ok(t.get(py)),
            ErrType::Heap(r) => r.bind(py),
        }
    }

    /// The exception instance: the one raised, or a new `type(message)`.
    pub fn value<'py>(&self, py: Py<'py>) -> PyResult<Obj<'py>> {
        if let Some(v) = self.value.as_ref().and_then(|v| v.bind(py).ok()) {
            return Ok(v);
        }
        let ty = self
            .get_type(py)
            .map_err(|e| PyErr::new(&exc::SYSTEM_ERROR, e.to_string()))?;
        let args = if self.msg.is_empty() {
            vec![]
        } else {
            vec![py.str(&self.msg)?]
        };
        py.new_exception(&ty, &args)
    }

    /// The last line of a traceback: `module.Name: message`, with the module left out for
    /// `builtins` and `__main__` (and `: message` left out when the message is empty).
    pub fn traceback_line(&self) -> String {
        let mut s = String::new();
        if self.module != "builtins" && self.module != "__main__" {
            s.push_str(&self.module);
            s.push('.');
        }
        s.push_str(&self.name);
        if !self.msg.is_empty() {
            s.push_str(": ");
            s.push_str(&self.msg);
        }
        s
    }
}

fn static_type(ty: &Obj<'_>) -> &'static StaticType {
    // SAFETY: an immortal type object is a `StaticType` (the only immortal type objects are
    // statics of that type), which lives for the whole program.
    unsafe { &*ty.raw().as_ptr().cast::<StaticType>() }
}

/// `Name: message` (`Name` alone when the message is empty), the form the scenario
/// transcripts print. See [`PyErr::traceback_line`] for the module-qualified form.
impl fmt::Display for PyErr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.msg.is_empty() {
            f.write_str(&self.name)
        } else {
            write!(f, "{}: {}", self.name, self.msg)
        }
    }
}

impl fmt::Debug for PyErr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PyErr({})", self.traceback_line())
    }
}

impl std::error::Error for PyErr {}

impl From<BindError> for PyErr {
    fn from(e: BindError) -> PyErr {
        PyErr::new(&exc::RUNTIME_ERROR, e.to_string())
    }
}
