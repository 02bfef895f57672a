//! Calling objects from the object layer: exception classes make an instance. Native
//! functions (`builtin_function_or_method`) are the eval loop's (`subinterp-vm`'s `Builtin`):
//! they take the thread state, which this crate cannot name, so they are called there.

use std::any::Any;

use crate::types::{Kind, type_data};
use crate::{Obj, PyErr, PyResult};

/// The methods of a native class, as [`Slots::methods`](crate::Slots::methods) holds them.
///
/// The object crate cannot name the loop's native function type (it takes the loop's
/// thread state), so a table is opaque here: the vm owns the concrete table type
/// (`subinterp_vm::MethodTable`), finds a native class's methods by downcasting
/// [`as_any`](Self::as_any), and binds them to the instance. This crate only asks a table
/// whether it has a name (a method is a read-only attribute).
pub trait NativeMethods: Sync + 'static {
    /// Whether the table has a method `name`.
    fn has(&self, name: &str) -> bool;

    /// The table itself, for the crate that owns its type to downcast.
    fn as_any(&self) -> &dyn Any;
}

impl<'py> Obj<'py> {
    /// The method table of a native class's instance ([`Slots::methods`](crate::Slots)),
    /// `None` for other objects.
    pub fn native_methods(&self) -> Option<&'static dyn NativeMethods> {
        if self.kind() != Kind::Native {
            return None;
        }
        // SAFETY: an object holds its type alive, and a type is a type object.
        unsafe { type_data(crate::types::type_of(self.raw())) }
            .slots
            .methods
    }

    /// `self(*args, **kwargs)` for exception classes, which make an instance (they take no
    /// keyword arguments, except `ImportError` and its subclasses: `name`, `path` and
    /// `name_from`). Any other object is called through the eval loop (`Tstate::call`).
    pub fn call(&self, args: &[Obj<'py>], kwargs: &[(&str, Obj<'py>)]) -> PyResult<Obj<'py>> {
        match self.kind() {
            Kind::Type if crate::exc::is_exception_class(self) => {
                if kwargs.is_empty() {
                    return self.py.new_exception(self, args);
                }
                // SAFETY: kind checked: a type object, held by `self`.
                if !unsafe { crate::exc::is_import_error_class(self.raw()) } {
                    // SAFETY: kind checked: a type object, held by `self`.
                    let name = unsafe { type_data(self.raw()) }.name.as_str();
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
}
