//! The dynamic object protocol the eval loop and native modules need: type queries, `len`, item
//! access, `in`, attributes and truth, with CPython's error texts.

use crate::exc::{ATTRIBUTE_ERROR, INDEX_ERROR};
use crate::types::{Kind, StaticType, is_subtype_raw, kind_of, text, type_data, type_of};
use crate::{Obj, PyErr, PyResult};

impl<'py> Obj<'py> {
    /// The instance layout of this object's type.
    #[inline]
    pub fn kind(&self) -> Kind {
        kind_of(self.raw())
    }

    /// `type(self)`.
    pub fn get_type(&self) -> Obj<'py> {
        // SAFETY: an object holds its type alive.
        unsafe { Obj::borrowed(self.py, type_of(self.raw())) }
    }

    /// `type(self).__name__`.
    pub fn type_name(&self) -> &str {
        // SAFETY: an object holds its type alive, and a type is a type object.
        unsafe { type_data(type_of(self.raw())) }.name.as_str()
    }

    /// `isinstance(self, ty)` for a static class.
    pub fn is_instance(&self, ty: &'static StaticType) -> bool {
        // SAFETY: the type of a live object is a live type object.
        unsafe { is_subtype_raw(type_of(self.raw()), ty.raw()) }
    }

    /// `isinstance(self, ty)` for any class object (`False` when `ty` is not a class).
    pub fn is_instance_of(&self, ty: &Obj<'_>) -> bool {
        // SAFETY: the type of a live object is a live type object.
        ty.kind() == Kind::Type && unsafe { is_subtype_raw(type_of(self.raw()), ty.raw()) }
    }

    /// `issubclass(self, base)` for class objects (`TypeError` otherwise).
    pub fn is_subclass(&self, base: &Obj<'_>) -> PyResult<bool> {
        if self.kind() != Kind::Type || base.kind() != Kind::Type {
            return Err(PyErr::type_error("issubclass() arg 1 must be a class"));
        }
        // SAFETY: `self` is a type (checked above), held by `self`.
        Ok(unsafe { is_subtype_raw(self.raw(), base.raw()) })
    }

    /// `len(self)`.
    pub fn len(&self) -> PyResult<usize> {
        let p = self.raw();
        Ok(match self.kind() {
            // SAFETY: kind checked; `self` holds the object.
            Kind::Str => unsafe { crate::str::head(p) }.nchars,
            // SAFETY: kind checked; `self` holds the object.
            Kind::Bytes => unsafe { crate::bytes::head(p) }.len,
            // SAFETY: kind checked.
            Kind::Tuple => unsafe { crate::tuple::items(p) }.len(),
            // SAFETY: kind checked; `self` holds the object.
            Kind::List => unsafe { crate::list::data(p) }.items.len(),
            // SAFETY: kind checked; `self` holds the object.
            Kind::Dict => unsafe { crate::dict::len(p) },
            // SAFETY: kind checked; `self` holds the object.
            Kind::Set | Kind::FrozenSet => unsafe { crate::set::len(p) },
            _ => {
                return Err(PyErr::type_error(format!(
                    "object of type '{}' has no len()",
                    self.type_name()
                )));
            }
        })
    }

    /// Whether `len(self) == 0` (`TypeError` for objects without a length).
    pub fn is_empty(&self) -> PyResult<bool> {
        Ok(self.len()? == 0)
    }

    fn index_of(&self, key: &Obj<'py>) -> PyResult<i64> {
        key.as_i64().ok_or_else(|| {
            PyErr::type_error(format!(
                "{} indices must be integers or slices, not {}",
                self.type_name(),
                key.type_name()
            ))
        })
    }

    /// `self[key]`.
    pub fn get_item(&self, key: &Obj<'py>) -> PyResult<Obj<'py>> {
        let py = self.py;
        match self.kind() {
            // SAFETY: kind checked.
            Kind::Dict => match unsafe { crate::dict::get(self, key) }? {
                // SAFETY: the value is live while the dict holds it.
                Some(v) => Ok(unsafe { Obj::borrowed(py, v) }),
                None => Err(PyErr::key_error(key)),
            },
            Kind::List => {
                let i = self.index_of(key)?;
                // SAFETY: kind checked.
                let p = unsafe { crate::list::get(self, i) }?;
                // SAFETY: the item is live while the list holds it.
                Ok(unsafe { Obj::borrowed(py, p) })
            }
            Kind::Tuple => {
                // SAFETY: kind checked.
                let items = unsafe { crate::tuple::items(self.raw()) };
                let i = crate::list::index(self.index_of(key)?, items.len())
                    .ok_or_else(|| PyErr::new(&INDEX_ERROR, "tuple index out of range"))?;
                // SAFETY: the item is live while the tuple holds it.
                Ok(unsafe { Obj::borrowed(py, items[i]) })
            }
            Kind::Str => {
                let s = self.as_str().unwrap_or_default();
                // SAFETY: kind checked; `self` holds the str.
                let n = unsafe { crate::str::head(self.raw()) }.nchars;
                let i = crate::list::index(self.index_of(key)?, n)
                    .ok_or_else(|| PyErr::new(&INDEX_ERROR, "string index out of range"))?;
                let c = s.chars().nth(i).unwrap_or_default();
                py.str(c.encode_utf8(&mut [0; 4]))
            }
            Kind::Bytes => {
                let b = self.as_bytes().unwrap_or_default();
                let i = crate::list::index(self.index_of(key)?, b.len())
                    .ok_or_else(|| PyErr::new(&INDEX_ERROR, "index out of range"))?;
                py.int(i64::from(b[i]))
            }
            _ => Err(PyErr::type_error(format!(
                "'{}' object is not subscriptable",
                self.type_name()
            ))),
        }
    }

    /// `self[key] = value`.
    pub fn set_item(&self, key: &Obj<'py>, value: &Obj<'py>) -> PyResult<()> {
        match self.kind() {
            // SAFETY: kind checked.
            Kind::Dict => unsafe { crate::dict::set(self, key, value) },
            Kind::List => {
                let i = self.index_of(key)?;
                // SAFETY: kind checked.
                unsafe { crate::list::set(self, i, value) }
            }
            _ => Err(PyErr::type_error(format!(
                "'{}' object does not support item assignment",
                self.type_name()
            ))),
        }
    }

    /// `del self[key]`.
    pub fn del_item(&self, key: &Obj<'py>) -> PyResult<()> {
        match self.kind() {
            // SAFETY: kind checked.
            Kind::Dict => unsafe { crate::dict::del(self, key) }.map(drop),
            Kind::List => {
                let i = self.index_of(key)?;
                // SAFETY: kind checked.
                unsafe { crate::list::del(self, i) }
            }
            _ => Err(PyErr::type_error(format!(
                "'{}' object doesn't support item deletion",
                self.type_name()
            ))),
        }
    }

    /// `item in self`.
    pub fn contains(&self, item: &Obj<'py>) -> PyResult<bool> {
        match self.kind() {
            // SAFETY: kind checked.
            Kind::Dict => Ok(unsafe { crate::dict::get(self, item) }?.is_some()),
            // SAFETY: kind checked; `self` holds the set.
            Kind::Set | Kind::FrozenSet => unsafe {
                crate::set::contains(self.py, self.raw(), item.raw())
            },
            Kind::List | Kind::Tuple => {
                let items = if self.kind() == Kind::List {
                    self.list_items()
                } else {
                    self.tuple_items()
                };
                for it in items.unwrap_or_default() {
                    if it.is(item) || it.eq(item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Kind::Str => match item.as_str() {
                Some(s) => Ok(self.as_str().unwrap_or_default().contains(s)),
                None => Err(PyErr::type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    item.type_name()
                ))),
            },
            Kind::Bytes => {
                let hay = self.as_bytes().unwrap_or_default();
                if let Some(n) = item.as_bytes() {
                    Ok(n.is_empty() || hay.windows(n.len()).any(|w| w == n))
                } else if let Some(v) = item.as_i64() {
                    let b = u8::try_from(v)
                        .map_err(|_| PyErr::value_error("byte must be in range(0, 256)"))?;
                    Ok(hay.contains(&b))
                } else {
                    Err(PyErr::type_error(format!(
                        "a bytes-like object is required, not '{}'",
                        item.type_name()
                    )))
                }
            }
            _ => Err(PyErr::type_error(format!(
                "argument of type '{}' is not iterable",
                self.type_name()
            ))),
        }
    }

    /// `bool(self)`.
    pub fn is_truthy(&self) -> PyResult<bool> {
        Ok(match self.kind() {
            Kind::None => false,
            Kind::Bool | Kind::Int => self.as_i64() != Some(0),
            Kind::Float => self.as_f64() != Some(0.0),
            Kind::Str
            | Kind::Bytes
            | Kind::Tuple
            | Kind::List
            | Kind::Dict
            | Kind::Set
            | Kind::FrozenSet => self.len()? != 0,
            _ => true,
        })
    }

    fn no_attr(&self, name: &str) -> PyErr {
        match self.kind() {
            // `module_getattro`: the module's name when `__name__` is a str; a failure to
            // look it up (MemoryError) is the error then.
            Kind::Module => match self.module_dict().and_then(|d| d.dict_get_str("__name__")) {
                Err(e) => e,
                Ok(n) => PyErr::new(
                    &ATTRIBUTE_ERROR,
                    match n.as_ref().and_then(|n| n.as_str()) {
                        Some(m) => format!("module '{m}' has no attribute '{name}'"),
                        None => format!("module has no attribute '{name}'"),
                    },
                ),
            },
            Kind::Type => PyErr::new(
                &ATTRIBUTE_ERROR,
                format!(
                    "type object '{}' has no attribute '{name}'",
                    // SAFETY: kind checked: a type object, held by `self`.
                    unsafe { type_data(self.raw()) }.name.as_str()
                ),
            ),
            _ => PyErr::new(
                &ATTRIBUTE_ERROR,
                format!("'{}' object has no attribute '{name}'", self.type_name()),
            ),
        }
    }

    /// `self.name`.
    pub fn getattr(&self, name: &str) -> PyResult<Obj<'py>> {
        let py = self.py;
        match self.kind() {
            Kind::Module => {
                // SAFETY: kind checked; the module holds its dict.
                let d = unsafe { Obj::borrowed(py, crate::module::dict_raw(self.raw())) };
                if name == "__dict__" {
                    return Ok(d);
                }
                d.dict_get_str(name)?.ok_or_else(|| self.no_attr(name))
            }
            Kind::Type => {
                // SAFETY: kind checked; `self` holds the type.
                let d = unsafe { type_data(self.raw()) };
                match name {
                    "__name__" => py.str(d.name.as_str()),
                    "__qualname__" => py.str(&self.type_qualname().unwrap_or_default()),
                    "__module__" => py.str(text(&d.module)),
                    _ => Err(self.no_attr(name)),
                }
            }
            Kind::Exception if name == "args" => {
                // SAFETY: kind checked; the exception holds its args tuple.
                Ok(unsafe { Obj::borrowed(py, crate::exc::args(self.raw())) })
            }
            Kind::Native => {
                // SAFETY: an object holds its type alive, and a type is a type object.
                let slots = unsafe { type_data(type_of(self.raw())) }.slots;
                if let Some(r) = slots.getattr.and_then(|f| f(self, name)) {
                    return r;
                }
                Err(self.no_attr(name))
            }
            _ if name == "__class__" => Ok(self.get_type()),
            Kind::Exception if crate::exc_chain::is_chain_attr(name) => {
                Ok(crate::exc_chain::get(self, name))
            }
            Kind::Exception => crate::exc::import_attr(self, name)
                .or_else(|| crate::exc::syntax_attr(self, name))
                .ok_or_else(|| self.no_attr(name)),
            _ => Err(self.no_attr(name)),
        }
    }

    /// `self.name = value` (module attributes live in the module's dict).
    pub fn setattr(&self, name: &str, value: &Obj<'py>) -> PyResult<()> {
        match self.kind() {
            Kind::Module => self.module_dict()?.set_item(&self.py.str(name)?, value),
            Kind::Type => Err(self.immutable_type(name)),
            Kind::Exception if crate::exc_chain::is_chain_attr(name) => {
                crate::exc_chain::set(self, name, value)
            }
            Kind::Exception if crate::exc::set_import_attr(self, name, value) => Ok(()),
            _ => Err(self.no_setattr(name)),
        }
    }

    /// `del self.name`, with CPython 3.13's texts, which are those of the generic attribute
    /// setter rather than of lookup: `'module' object has no attribute 'x'` for a module,
    /// the immutable-type error for a builtin class, `can't delete __class__ attribute`, and
    /// the no-`__dict__` error for objects without one.
    pub fn delattr(&self, name: &str) -> PyResult<()> {
        let kind = self.kind();
        if kind == Kind::Type && self.is_immortal() {
            return Err(self.immutable_type(name));
        }
        if name == "__class__" {
            return Err(PyErr::type_error("can't delete __class__ attribute"));
        }
        let missing = || {
            PyErr::new(
                &ATTRIBUTE_ERROR,
                format!("'{}' object has no attribute '{name}'", self.type_name()),
            )
        };
        match kind {
            Kind::Module => {
                let (dict, key) = (self.module_dict()?, self.py.str(name)?);
                // SAFETY: a module's dict is a dict.
                match unsafe { crate::dict::del(&dict, &key) } {
                    Ok(_) => Ok(()),
                    Err(e) if e.is(&crate::exc::KEY_ERROR) => Err(missing()),
                    Err(e) => Err(e),
                }
            }
            // A heap class (its dict holds nothing that can be deleted here).
            Kind::Type => Err(self.no_attr(name)),
            // Exceptions have a `__dict__` in CPython (empty here); `ImportError`'s members
            // are deleted to None, as `T_OBJECT` members are.
            Kind::Exception if name == "args" => Err(PyErr::type_error("args may not be deleted")),
            Kind::Exception if crate::exc::set_import_attr(self, name, &self.py.none()) => Ok(()),
            Kind::Exception => Err(missing()),
            _ => Err(self.no_setattr(name)),
        }
    }

    /// CPython's error for setting or deleting an attribute of a builtin class.
    fn immutable_type(&self, name: &str) -> PyErr {
        let ty = if self.kind() == Kind::Type {
            self.raw()
        } else {
            type_of(self.raw())
        };
        // SAFETY: `ty` is a type object: `self` (kind checked) or its type, held by `self`.
        let ty = unsafe { type_data(ty) };
        PyErr::type_error(format!(
            "cannot set '{name}' attribute of immutable type '{}'",
            ty.name.as_str()
        ))
    }

    /// The generic setter's error for an object without a `__dict__`: a method of a native
    /// class is a read-only attribute; anything else is missing.
    fn no_setattr(&self, name: &str) -> PyErr {
        // SAFETY: an object holds its type alive, and a type is a type object.
        let ty = unsafe { type_data(type_of(self.raw())) };
        let msg = if self.kind() == Kind::Native && ty.slots.methods.is_some_and(|m| m.has(name)) {
            format!(
                "'{}' object attribute '{name}' is read-only",
                self.type_name()
            )
        } else {
            format!(
                "'{}' object has no attribute '{name}' and no __dict__ for setting new attributes",
                self.type_name()
            )
        };
        PyErr::new(&ATTRIBUTE_ERROR, msg)
    }
}
