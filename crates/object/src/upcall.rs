//! What the native algorithms of this crate (hashing a tuple, `==` and ordering of
//! containers, dict and set lookups, `repr` of containers) ask of the eval loop when they
//! meet an instance of a class made at run time, whose `__hash__`, `__eq__`, `__lt__` or
//! `__repr__` may be Python code.
//!
//! The loop passes itself, explicitly (there is no thread-local): `d.dict_get_with(k, ts)`.
//! The plain methods (`dict_get`, `eq`, `repr`, ...) pass [`NoUpcall`], which gives such
//! instances the behaviour of `object` (identity, `<C object at 0x...>`).
//!
//! An upcall is made for the items of a container and for the keys of a lookup, never for
//! the object the method was called on: the loop handles that one itself before it calls
//! in, so its own fallback to native behaviour cannot loop back.

use crate::header::Raw;
use crate::types::{type_data, type_of};
use crate::{CompareOp, Obj, PyResult};

/// The eval loop's side of the data model, for native code of this crate.
pub trait Upcall<'py> {
    /// `hash(o)`.
    fn hash(&mut self, o: &Obj<'py>) -> PyResult<i64>;
    /// `a == b` as a truth value.
    fn eq(&mut self, a: &Obj<'py>, b: &Obj<'py>) -> PyResult<bool>;
    /// `a OP b` as a truth value.
    fn compare(&mut self, a: &Obj<'py>, b: &Obj<'py>, op: CompareOp) -> PyResult<bool>;
    /// `repr(o)`.
    fn repr(&mut self, o: &Obj<'py>) -> PyResult<String>;
}

/// No eval loop: instances of classes made at run time behave as `object`'s.
pub struct NoUpcall;

impl<'py> Upcall<'py> for NoUpcall {
    fn hash(&mut self, o: &Obj<'py>) -> PyResult<i64> {
        o.hash()
    }

    fn eq(&mut self, a: &Obj<'py>, b: &Obj<'py>) -> PyResult<bool> {
        a.eq(b)
    }

    fn compare(&mut self, a: &Obj<'py>, b: &Obj<'py>, op: CompareOp) -> PyResult<bool> {
        a.compare(b, op)
    }

    fn repr(&mut self, o: &Obj<'py>) -> PyResult<String> {
        o.repr()
    }
}

/// Whether `p` is an instance of a class made at run time (the loop decides its behaviour).
#[inline]
pub(crate) fn is_heap_instance(p: Raw) -> bool {
    // SAFETY: the type of a live object is a live type object.
    unsafe { type_data(type_of(p)) }.heap.flags() & crate::heaptype::HEAPTYPE != 0
}

/// Whether comparing lookup keys `a` and `b` may run the loop's code: one is an instance of a
/// class made at run time, or a tuple or frozenset (whose items may be).
#[inline]
pub(crate) fn may_call_out(a: Raw, b: Raw) -> bool {
    use crate::types::{Kind, kind_of};
    is_heap_instance(a)
        || is_heap_instance(b)
        || matches!(kind_of(b), Kind::Tuple | Kind::FrozenSet)
}
