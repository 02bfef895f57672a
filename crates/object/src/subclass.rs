//! Instances of classes that subclass a builtin type (`class MyInt(int)`): the builtin value
//! copied into an object of the subclass, laid out as the builtin is (so every operation on
//! the builtin works on it unchanged) with the class's managed `__dict__` in front.

use crate::header::{Header, ObjBox, Raw, payload, tail};
use crate::types::Kind;
use crate::{Obj, PyErr, PyResult};

/// The size of the block of immutable builtin object `p` (header included).
///
/// # Safety
/// `p` is a live object of kind `kind`, one of int, float, str, bytes, tuple.
unsafe fn block_size(p: Raw, kind: Kind) -> usize {
    use std::mem::size_of;
    match kind {
        Kind::Int => {
            // SAFETY: an int's payload starts with its value or the big tag (the contract).
            if unsafe { *payload::<i64>(p) } != crate::bigint::BIG_TAG {
                size_of::<ObjBox<i64>>()
            } else {
                // SAFETY: the big form (tag checked).
                let h = unsafe { payload::<crate::bigint::BigHead>(p) };
                size_of::<ObjBox<crate::bigint::BigHead>>() + 4 * h.len
            }
        }
        Kind::Float => size_of::<ObjBox<f64>>(),
        Kind::Str => {
            // SAFETY: the contract: a str.
            let h = unsafe { crate::str::head(p) };
            size_of::<ObjBox<crate::str::StrHead>>() + h.len
        }
        Kind::Bytes => {
            // SAFETY: the contract: a bytes.
            let h = unsafe { crate::bytes::head(p) };
            size_of::<ObjBox<crate::bytes::BytesHead>>() + h.len
        }
        _ => {
            // SAFETY: the contract: a tuple.
            let items = unsafe { crate::tuple::items(p) };
            size_of::<ObjBox<crate::tuple::TupleHead>>() + std::mem::size_of_val(items)
        }
    }
}

impl<'py> Obj<'py> {
    /// A copy of this builtin value (an int, float, str, bytes, tuple, list, dict, set or
    /// frozenset) as an instance of `ty`, a class whose instances have this value's layout.
    pub fn copy_as(&self, ty: &Obj<'py>) -> PyResult<Obj<'py>> {
        let py = self.py;
        let kind = match self.kind() {
            Kind::Bool => Kind::Int,
            k => k,
        };
        if ty.type_instance_kind() != Some(kind) {
            return Err(PyErr::type_error(format!(
                "cannot make a '{}' from a '{}' value",
                ty.type_qualname().unwrap_or_default(),
                self.type_name()
            )));
        }
        match kind {
            Kind::Int | Kind::Float | Kind::Str | Kind::Bytes | Kind::Tuple => {
                let src = self.raw();
                // SAFETY: kind checked above.
                let size = unsafe { block_size(src, kind) };
                let p = py.new_obj(ty.raw().as_ptr(), size)?;
                let body = size - std::mem::size_of::<Header>();
                // SAFETY: both blocks are `size` bytes (same layout); the payload after the
                // header is plain data, except a tuple's item pointers, whose references
                // are taken below.
                unsafe {
                    std::ptr::copy_nonoverlapping(tail::<()>(src), tail::<()>(p), body);
                }
                if kind == Kind::Tuple {
                    // SAFETY: `p` is now a tuple with the same items as `self`.
                    for &it in unsafe { crate::tuple::items(p) } {
                        // SAFETY: the item is live (held by `self`); the copy takes a reference.
                        unsafe { crate::handle::incref(py, it) };
                    }
                }
                // SAFETY: fresh object, we own its only reference.
                Ok(unsafe { Obj::owned(py, p) })
            }
            Kind::List => {
                let l = py.list_typed(ty)?;
                for it in self.list_items().unwrap_or_default() {
                    l.append(&it)?;
                }
                Ok(l)
            }
            Kind::Dict => {
                let d = py.dict_typed(ty)?;
                d.dict_update(self)?;
                Ok(d)
            }
            Kind::Set | Kind::FrozenSet => {
                let s = py.set_typed(ty)?;
                s.set_merge(self)?;
                Ok(s)
            }
            _ => Err(PyErr::type_error(format!(
                "cannot subclass '{}' instances",
                self.type_name()
            ))),
        }
    }
}
