//! `PyErr`: an exception as a Rust error value (type, message, optionally the instance, and an
//! `ImportError`'s `name` and `path`).
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

/// An `ImportError`'s `name` and `path`, as text.
#[derive(Default)]
struct ImportAttrs {
    name: Option<String>,
    path: Option<String>,
}

/// An exception: its class, its message (`str(exc)`), and the instance when one was made.
///
/// An `ImportError` also carries its `name` and `path` as text ([`PyErr::import_error`],
/// [`PyErr::import_name`]), which the instance made by [`PyErr::value`] has as attributes.
pub struct PyErr {
    ty: ErrType,
    name: Cow<'static, str>,
    module: Cow<'static, str>,
    msg: String,
    value: Option<ObjRef>,
    /// Boxed: rare, and keeps `PyErr` (inside every `PyResult`) small.
    import: Option<Box<ImportAttrs>>,
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
            import: None,
        }
    }

    /// An exception of class `ty` (a static or heap exception class object) with `msg`. A `ty`
    /// that is not an exception class gives CPython's `TypeError`.
    pub fn from_type(ty: &Obj<'_>, msg: impl Into<String>) -> PyErr {
        if !exc::is_exception_class(ty) {
            return PyErr::type_error("exceptions must derive from BaseException");
        }
        // SAFETY: an exception class is a type object, held by `ty`.
        let d = unsafe { type_data(ty.raw()) };
        PyErr {
            ty: if ty.is_immortal() {
                ErrType::Static(static_type(ty))
            } else {
                ErrType::Heap(ty.to_ref())
            },
            name: Cow::Owned(d.name.as_str().to_owned()),
            module: Cow::Owned(text(&d.module).to_owned()),
            msg: msg.into(),
            value: None,
            import: None,
        }
    }

    /// The exception an exception instance stands for (`raise value`).
    pub fn from_value(value: &Obj<'_>) -> PyErr {
        if value.kind() != Kind::Exception {
            return PyErr::type_error("exceptions must derive from BaseException");
        }
        // SAFETY: kind checked.
        let msg = match unsafe { exc::exc_str(value, &mut crate::upcall::NoUpcall) } {
            Ok(m) => m,
            Err(e) => return e,
        };
        let mut e = PyErr::from_type(&value.get_type(), msg);
        e.value = Some(value.to_ref());
        let text = |attr| exc::import_attr(value, attr).and_then(|v| v.as_str().map(str::to_owned));
        if exc::import_attr(value, "name").is_some() {
            e.import = Some(Box::new(ImportAttrs {
                name: text("name"),
                path: text("path"),
            }));
        }
        e
    }

    /// `ImportError(msg)` with `name` and `path` set (CPython's `PyErr_SetImportError`); the
    /// instance made by [`PyErr::value`] has them as `e.name` and `e.path`, `None` when not
    /// given.
    pub fn import_error(msg: impl Into<String>, name: Option<&str>, path: Option<&str>) -> PyErr {
        PyErr::import_error_subclass(&exc::IMPORT_ERROR, msg, name, path)
    }

    /// Like [`PyErr::import_error`] for `ty`, which must be `ImportError` or a subclass (e.g.
    /// `ModuleNotFoundError`); otherwise CPython's `TypeError` "expected a subclass of
    /// ImportError" (`PyErr_SetImportErrorSubclass`).
    pub fn import_error_subclass(
        ty: &'static StaticType,
        msg: impl Into<String>,
        name: Option<&str>,
        path: Option<&str>,
    ) -> PyErr {
        if !ty.is_subtype(&exc::IMPORT_ERROR) {
            return PyErr::type_error("expected a subclass of ImportError");
        }
        let mut e = PyErr::new(ty, msg);
        e.import = Some(Box::new(ImportAttrs {
            name: name.map(str::to_owned),
            path: path.map(str::to_owned),
        }));
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

    /// An `ImportError`'s `name` attribute (the module that could not be imported), when it
    /// is a str; `None` when absent, as `e.name` is in CPython, and for other exceptions.
    pub fn import_name(&self) -> Option<&str> {
        self.import.as_ref()?.name.as_deref()
    }

    /// An `ImportError`'s `path` attribute (the file that could not be loaded), when it is a
    /// str; `None` when absent, as `e.path` is in CPython, and for other exceptions.
    pub fn import_path(&self) -> Option<&str> {
        self.import.as_ref()?.path.as_deref()
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
            // SAFETY: `t` is the exception's class (a type object), held by `t`.
            Ok(t) => ty.kind() == Kind::Type && unsafe { is_subtype_raw(t.raw(), ty.raw()) },
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

    /// The exception instance: the one raised, or a new `type(message)` (with `name` and
    /// `path` set for an [`import_error`](PyErr::import_error)).
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
        let v = py.new_exception(&ty, &args)?;
        if let Some(a) = &self.import {
            for (attr, text) in [("name", &a.name), ("path", &a.path)] {
                if let Some(t) = text {
                    v.setattr(attr, &py.str(t)?)?;
                }
            }
        }
        Ok(v)
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
