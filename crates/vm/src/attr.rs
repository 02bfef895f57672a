//! Attribute access as the loop sees it (methods of builtin types bound to their receiver,
//! then the object crate's attributes), `repr`/`str` of every object, and the context
//! manager protocol of `with`.

use subinterp_object::{Kind, Obj, PyErr, PyResult};

use crate::Tstate;
use crate::builtin::Args;

impl<'py> Tstate<'py> {
    /// `obj.name`: the generic lookup (descriptors, `__dict__`, `__getattr__`) for instances
    /// of classes and for classes made at run time; the builtin types' own attributes else.
    pub(crate) fn getattr(&mut self, obj: &Obj<'py>, name: &str) -> PyResult<Obj<'py>> {
        if obj.has_heap_type() && obj.kind() != Kind::Type {
            return self.getattr_instance(obj, name);
        }
        if let Some(s) = obj.native::<crate::super_obj::Super>() {
            return crate::super_obj::getattr(self, obj, s, name);
        }
        if obj.kind() == Kind::Type {
            if obj.is_heap_type() || obj.has_heap_type() {
                return crate::generic_attr::type_getattr(self, obj, name);
            }
            return match self.getattr_builtin(obj, name) {
                Err(e) if e.is(&subinterp_object::exc::ATTRIBUTE_ERROR) => {
                    crate::generic_attr::type_getattr(self, obj, name)
                }
                r => r,
            };
        }
        match self.getattr_builtin(obj, name) {
            Err(e)
                if e.is(&subinterp_object::exc::ATTRIBUTE_ERROR)
                    && (matches!(obj.kind(), Kind::Object | Kind::Exception)
                        || obj.inst_dict_peek().is_some()) =>
            {
                crate::generic_attr::generic_getattr(self, obj, name, false)
            }
            r => r,
        }
    }

    /// `obj.name = v`.
    pub(crate) fn setattr(&mut self, obj: &Obj<'py>, name: &str, v: &Obj<'py>) -> PyResult<()> {
        // An instance of a class, or a class whose metaclass was made at run time (its
        // `__setattr__` answers: an enum refuses to reassign a member).
        if obj.has_heap_type() {
            return self.setattr_instance(obj, name, Some(v));
        }
        if obj.is_heap_type() || obj.kind() == Kind::Exception {
            return crate::generic_attr::generic_setattr(self, obj, name, Some(v));
        }
        if name == "__class__" {
            return crate::generic_attr::set_class(obj, Some(v));
        }
        if obj.native::<crate::function::Function>().is_some() {
            return crate::function::function_setattr(obj, name, Some(v));
        }
        obj.setattr(name, v)
    }

    /// `del obj.name`.
    pub(crate) fn delattr(&mut self, obj: &Obj<'py>, name: &str) -> PyResult<()> {
        if obj.has_heap_type() {
            return self.setattr_instance(obj, name, None);
        }
        if obj.is_heap_type() || obj.inst_dict_peek().is_some() {
            return crate::generic_attr::generic_setattr(self, obj, name, None);
        }
        if obj.native::<crate::function::Function>().is_some() {
            return crate::function::function_setattr(obj, name, None);
        }
        obj.delattr(name)
    }

    /// The attributes of builtin types: their methods bound to `obj`, then the object
    /// crate's attributes.
    pub(crate) fn getattr_builtin(&mut self, obj: &Obj<'py>, name: &str) -> PyResult<Obj<'py>> {
        if name == "__class__" {
            return Ok(obj.get_type());
        }
        if let Some(def) = crate::methods::find(obj, name) {
            return crate::new_builtin(self.py(), def, Some(obj));
        }
        if obj.kind() == Kind::Type
            && let Some((def, owner)) = crate::methods::find_in_type(obj, name)
        {
            return self.py().new_native(
                &crate::call::METHOD_DESCR,
                crate::call::MethodDescr { def, owner },
            );
        }
        if obj.kind() == Kind::Type
            && let Some(def) = crate::methods::find_classmethod(obj, name)
        {
            return crate::new_builtin(self.py(), def, Some(obj));
        }
        if obj.kind() == Kind::Type
            && let Some(r) = crate::ext::class_attr(obj, name)
        {
            return r;
        }
        if obj.kind() == Kind::Exception
            && let Some(r) = crate::exc_group::getattr(obj, name)
        {
            return r;
        }
        if name == "value" && obj.is_instance(&subinterp_object::exc::STOP_ITERATION) {
            return crate::generator::stop_value(obj);
        }
        if let Some(i) = crate::int::int_value(obj) {
            let py = self.py();
            match name {
                "real" | "numerator" => return crate::int::from_big(py, i.to_big()),
                "imag" => return py.int(0),
                "denominator" => return py.int(1),
                _ => {}
            }
        }
        if obj.kind() == Kind::Float {
            match name {
                "real" => return Ok(obj.clone()),
                "imag" => return self.py().float(0.0),
                _ => {}
            }
        }
        obj.getattr(name)
    }

    /// `repr(v)`.
    pub fn repr(&mut self, v: &Obj<'py>) -> PyResult<String> {
        if v.has_heap_type()
            && let Some(s) = self.repr_dunder(v)?
        {
            return Ok(s);
        }
        v.repr_with(self)
    }

    /// `str(v)`.
    pub fn str(&mut self, v: &Obj<'py>) -> PyResult<String> {
        if v.has_heap_type()
            && let Some(s) = self.str_dunder(v)?
        {
            return Ok(s);
        }
        match v.kind() {
            Kind::Native => v.repr(),
            Kind::Exception if let Some(s) = crate::exc_group::str_of(v) => s,
            _ => v.str_with(self),
        }
    }

    /// `BEFORE_WITH`: the bound `__exit__` and the result of `__enter__()`.
    pub(crate) fn before_with(&mut self, mgr: &Obj<'py>) -> PyResult<(Obj<'py>, Obj<'py>)> {
        let unsupported = || {
            PyErr::type_error(format!(
                "'{}' object does not support the context manager protocol",
                mgr.type_name()
            ))
        };
        let enter = self.getattr(mgr, "__enter__").map_err(|_| unsupported())?;
        let exit = self.getattr(mgr, "__exit__").map_err(|_| {
            PyErr::type_error(format!(
                "'{}' object does not support the context manager protocol (missed __exit__ method)",
                mgr.type_name()
            ))
        })?;
        let value = self.call(&enter, Args::positional(&[]))?;
        Ok((exit, value))
    }
}
