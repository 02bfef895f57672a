//! Native functions and methods (`builtin_function_or_method`), bound to their module or
//! instance (`m_self`), and calling objects.

use std::ptr::NonNull;

use crate::header::{Header, ObjBox, Raw, payload};
use crate::types::{FUNC, Kind, type_data};
use crate::{Obj, Py, PyErr, PyResult};

/// A native function: `(py, self, args, kwargs)`. `self` is the module a module function is
/// bound to, or the instance of a method; `kwargs` are `(name, value)` pairs in call order.
pub type NativeFn =
    for<'py> fn(Py<'py>, Option<&Obj<'py>>, &[Obj<'py>], &[(&str, Obj<'py>)]) -> PyResult<Obj<'py>>;

/// A function definition (CPython's `PyMethodDef`).
pub struct MethodDef {
    /// `__name__`.
    pub name: &'static str,
    /// The implementation.
    pub func: NativeFn,
    /// `__doc__`.
    pub doc: &'static str,
}

#[repr(C)]
pub(crate) struct FuncData {
    def: &'static MethodDef,
    /// `m_self`: owned, or null.
    slf: *const Header,
}

impl<'py> Py<'py> {
    /// A native function from `def`, bound to `slf` (its module, or the instance for a method).
    pub fn new_function(
        self,
        def: &'static MethodDef,
        slf: Option<&Obj<'py>>,
    ) -> PyResult<Obj<'py>> {
        let p = self.new_obj(&FUNC.header, std::mem::size_of::<ObjBox<FuncData>>())?;
        let slf = slf.map_or(std::ptr::null(), |s| {
            s.clone().into_raw().as_ptr().cast_const()
        });
        // SAFETY: fresh block sized for `ObjBox<FuncData>`.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<FuncData>>()).payload)
                .write(FuncData { def, slf })
        };
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }

    /// Creates functions for `defs` bound to `module` and stores them in its dict
    /// (`PyModule_AddFunctions`).
    pub fn add_functions(self, module: &Obj<'py>, defs: &'static [MethodDef]) -> PyResult<()> {
        let dict = module.module_dict()?;
        for def in defs {
            dict.set_item(&self.str(def.name)?, &self.new_function(def, Some(module))?)?;
        }
        Ok(())
    }
}

/// The payload of native function `p`.
///
/// # Safety
/// `p` is a live function object (laid out as `ObjBox<FuncData>`), and the reference is not used
/// after it is freed.
unsafe fn data<'a>(p: Raw) -> &'a FuncData {
    // SAFETY: forwarded contract.
    unsafe { payload::<FuncData>(p) }
}

impl<'py> Obj<'py> {
    /// `self(*args, **kwargs)`: native functions, and exception classes (which make an
    /// instance; they take no keyword arguments, except `ImportError` and its subclasses:
    /// `name`, `path` and `name_from`).
    pub fn call(&self, args: &[Obj<'py>], kwargs: &[(&str, Obj<'py>)]) -> PyResult<Obj<'py>> {
        match self.kind() {
            Kind::Func => {
                // A native function may call back into objects (and them into it): bounded
                // like CPython's `cfunction_call`.
                let _level = crate::recursion::enter(crate::recursion::While::Call)?;
                // SAFETY: kind checked; `self` holds the function.
                let d = unsafe { data(self.raw()) };
                // SAFETY: the function owns `slf` for its whole life.
                let slf =
                    NonNull::new(d.slf.cast_mut()).map(|s| unsafe { Obj::borrowed(self.py, s) });
                (d.def.func)(self.py, slf.as_ref(), args, kwargs)
            }
            Kind::Type if crate::exc::is_exception_class(self) => {
                if kwargs.is_empty() {
                    return self.py.new_exception(self, args);
                }
                // SAFETY: kind checked: a type object, held by `self`.
                if !unsafe { crate::exc::is_import_error_class(self.raw()) } {
                    // SAFETY: kind checked: a type object, held by `self`.
                    let name = crate::types::text(&unsafe { type_data(self.raw()) }.name);
                    return Err(PyErr::type_error(format!(
                        "{name}() takes no keyword arguments"
                    )));
                }
                // `ImportError_init`'s keyword-only `name`, `path`, `name_from` (its format
                // names `ImportError` whatever the subclass).
                if let Some((k, _)) = kwargs
                    .iter()
                    .find(|(k, _)| !matches!(*k, "name" | "path" | "name_from"))
                {
                    return Err(PyErr::type_error(format!(
                        "ImportError() got an unexpected keyword argument '{k}'"
                    )));
                }
                let e = self.py.new_exception(self, args)?;
                for (k, v) in kwargs {
                    e.setattr(k, v)?;
                }
                Ok(e)
            }
            _ => Err(PyErr::type_error(format!(
                "'{}' object is not callable",
                self.type_name()
            ))),
        }
    }

    /// The instance or module a native function is bound to (`__self__`).
    pub fn func_self(&self) -> Option<Obj<'py>> {
        if self.kind() != Kind::Func {
            return None;
        }
        // SAFETY: kind checked; `self` holds the function.
        let slf = unsafe { data(self.raw()) }.slf;
        // SAFETY: the function owns `slf`.
        NonNull::new(slf.cast_mut()).map(|s| unsafe { Obj::borrowed(self.py, s) })
    }
}

/// `repr(f)`: `<built-in function NAME>` for module functions, else
/// `<built-in method NAME of TYPE object at 0x...>`.
///
/// # Safety
/// `f` is a native function.
pub(crate) unsafe fn func_repr(f: &Obj<'_>) -> String {
    // SAFETY: the contract; `f` holds the function.
    let d = unsafe { data(f.raw()) };
    match f.func_self() {
        Some(s) if s.kind() != Kind::Module => {
            format!(
                "<built-in method {} of {} object at {:#x}>",
                d.def.name,
                s.type_name(),
                s.id()
            )
        }
        _ => format!("<built-in function {}>", d.def.name),
    }
}

/// `f.__name__`.
///
/// # Safety
/// `f` is a native function.
pub(crate) unsafe fn func_name(f: &Obj<'_>) -> &'static str {
    // SAFETY: the contract.
    unsafe { data(f.raw()) }.def.name
}

/// The `__self__` function `p` owns, if any.
///
/// # Safety
/// `p` is a live native function.
pub(crate) unsafe fn self_raw(p: Raw) -> Option<Raw> {
    // SAFETY: the contract.
    NonNull::new(unsafe { data(p) }.slf.cast_mut())
}

/// Releases what a function owns (dealloc).
///
/// # Safety
/// `p` is a native function of `py`'s heap being freed (refcount zero), once.
pub(crate) unsafe fn drop_func(py: Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    // SAFETY: the contract.
    let slf = unsafe { data(p) }.slf;
    if let Some(s) = NonNull::new(slf.cast_mut()) {
        // SAFETY: the function's reference to its live `__self__`, given up.
        unsafe { crate::handle::decref_into(py, s, stack) };
    }
}

/// A `MethodDef`-based method of a native class bound to `obj`.
pub(crate) fn bind_method<'py>(obj: &Obj<'py>, def: &'static MethodDef) -> PyResult<Obj<'py>> {
    obj.py.new_function(def, Some(obj))
}
