//! What every exception instance carries besides its `args` (CPython's `PyBaseExceptionObject`
//! fields): `__context__`, `__cause__`, `__traceback__` and `__suppress_context__`. The eval
//! loop sets them while raising; programs read and set them as attributes.

use std::cell::Cell;

use crate::exc::ExcData;
use crate::header::{Raw, payload};
use crate::types::Kind;
use crate::{Obj, PyErr, PyResult};

/// The chaining fields of one exception instance; each present object is an owned reference.
#[repr(C)]
pub(crate) struct Chain {
    context: Cell<Option<Raw>>,
    cause: Cell<Option<Raw>>,
    traceback: Cell<Option<Raw>>,
    suppress: Cell<bool>,
}

impl Chain {
    pub(crate) const fn new() -> Chain {
        Chain {
            context: Cell::new(None),
            cause: Cell::new(None),
            traceback: Cell::new(None),
            suppress: Cell::new(false),
        }
    }
}

/// The chaining fields of exception instance `p`.
///
/// # Safety
/// `p` is a live exception instance, and the reference does not outlive it.
unsafe fn chain<'a>(p: Raw) -> &'a Chain {
    // SAFETY: an exception instance's payload starts with `ExcData` (also the first field of
    // `ImportErrorData`); live as long as the caller promises.
    &unsafe { payload::<ExcData>(p) }.chain
}

/// The chaining fields of `e`, when it is an exception instance.
fn chain_of<'a>(e: &'a Obj<'_>) -> Option<&'a Chain> {
    // SAFETY: kind checked; `e` keeps the instance alive for the reference's lifetime.
    (e.kind() == Kind::Exception).then(|| unsafe { chain(e.raw()) })
}

/// Releases the chaining fields of exception `p` (dealloc).
///
/// # Safety
/// `p` is an exception instance of `py`'s heap being freed (refcount zero), once.
pub(crate) unsafe fn drop_chain(py: crate::Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    // SAFETY: the contract: a live exception instance until dealloc frees it, after this.
    let c = unsafe { chain(p) };
    for f in [&c.context, &c.cause, &c.traceback] {
        if let Some(o) = f.take() {
            // SAFETY: the instance's owned reference to the field's object, given up.
            unsafe { crate::handle::decref_into(py, o, stack) };
        }
    }
}

/// Visits the chaining fields of exception `p`.
///
/// # Safety
/// `p` is a live exception instance.
pub(crate) unsafe fn traverse(p: Raw, f: &mut dyn FnMut(Raw)) {
    // SAFETY: the contract.
    let c = unsafe { chain(p) };
    for o in [&c.context, &c.cause, &c.traceback]
        .into_iter()
        .filter_map(Cell::get)
    {
        f(o);
    }
}

/// Whether `name` is one of the chaining attributes.
pub(crate) fn is_chain_attr(name: &str) -> bool {
    matches!(
        name,
        "__context__" | "__cause__" | "__traceback__" | "__suppress_context__"
    )
}

fn field<'a>(c: &'a Chain, name: &str) -> &'a Cell<Option<Raw>> {
    match name {
        "__context__" => &c.context,
        "__cause__" => &c.cause,
        _ => &c.traceback,
    }
}

/// `e.__context__` and friends (`None` when unset).
pub(crate) fn get<'py>(e: &Obj<'py>, name: &str) -> Obj<'py> {
    let Some(c) = chain_of(e) else {
        return e.py.none();
    };
    if name == "__suppress_context__" {
        return e.py.bool(c.suppress.get());
    }
    let f = field(c, name);
    match f.get() {
        // SAFETY: the exception owns a reference to the field's object.
        Some(p) => unsafe { Obj::borrowed(e.py, p) },
        None => e.py.none(),
    }
}

fn replace(e: &Obj<'_>, f: &Cell<Option<Raw>>, value: Option<&Obj<'_>>) {
    let new = value.filter(|v| !v.is_none()).map(|v| v.clone().into_raw());
    if let Some(old) = f.replace(new) {
        // SAFETY: the field owned this reference to a live object of `e`'s heap, given up.
        unsafe { crate::handle::decref(e.py, old) };
    }
}

/// `e.NAME = value` for a chaining attribute, with CPython's type checks and texts.
/// A no-op on objects that are not exceptions.
pub(crate) fn set(e: &Obj<'_>, name: &str, value: &Obj<'_>) -> PyResult<()> {
    let Some(c) = chain_of(e) else {
        return Ok(());
    };
    let ok_exc = value.is_none() || value.kind() == Kind::Exception;
    match name {
        "__suppress_context__" => c.suppress.set(value.is_truthy()?),
        "__context__" if !ok_exc => {
            return Err(PyErr::type_error(
                "exception context must be None or derive from BaseException",
            ));
        }
        "__cause__" if !ok_exc => {
            return Err(PyErr::type_error(
                "exception cause must be None or derive from BaseException",
            ));
        }
        "__traceback__" if !(value.is_none() || value.kind() == Kind::Native) => {
            return Err(PyErr::type_error(
                "__traceback__ must be a traceback or None",
            ));
        }
        _ => {
            replace(e, field(c, name), Some(value));
            // `PyException_SetCause`: setting a cause suppresses the context in the report.
            if name == "__cause__" {
                c.suppress.set(true);
            }
        }
    }
    Ok(())
}

impl<'py> Obj<'py> {
    /// `__context__` of an exception instance (`None` for other objects or when unset).
    pub fn exc_context(&self) -> Option<Obj<'py>> {
        self.exc_field("__context__")
    }

    /// `__cause__` of an exception instance.
    pub fn exc_cause(&self) -> Option<Obj<'py>> {
        self.exc_field("__cause__")
    }

    /// `__traceback__` of an exception instance.
    pub fn exc_traceback(&self) -> Option<Obj<'py>> {
        self.exc_field("__traceback__")
    }

    /// `__suppress_context__` of an exception instance (`false` for other objects).
    pub fn exc_suppress_context(&self) -> bool {
        chain_of(self).is_some_and(|c| c.suppress.get())
    }

    fn exc_field(&self, name: &str) -> Option<Obj<'py>> {
        if self.kind() != Kind::Exception {
            return None;
        }
        let o = get(self, name);
        (!o.is_none()).then_some(o)
    }

    /// Sets `__context__` (`PyException_SetContext`); a no-op on other objects.
    pub fn set_exc_context(&self, context: Option<&Obj<'py>>) {
        if let Some(c) = chain_of(self) {
            replace(self, &c.context, context);
        }
    }

    /// Sets `__cause__` and `__suppress_context__ = True` (`raise ... from ...`); a no-op on
    /// other objects.
    pub fn set_exc_cause(&self, cause: Option<&Obj<'py>>) {
        if let Some(c) = chain_of(self) {
            replace(self, &c.cause, cause);
            c.suppress.set(true);
        }
    }

    /// Sets `__traceback__` (the eval loop's traceback object); a no-op on other objects.
    pub fn set_exc_traceback(&self, tb: Option<&Obj<'py>>) {
        if let Some(c) = chain_of(self) {
            replace(self, &c.traceback, tb);
        }
    }
}
