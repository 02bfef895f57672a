//! The object protocol for native code outside the loop (CPython's abstract object layer:
//! `PyObject_GetIter`, `PyIter_Next`, `PyObject_RichCompareBool`, `PyNumber_*`,
//! `PyObject_GetItem`, ...): what the standard library's modules call, with the loop's
//! semantics and texts.

use subinterp_object::{Obj, PyResult};

pub use subinterp_compile::{BinOp, CmpOp, Op};

use crate::Tstate;

impl<'py> Tstate<'py> {
    /// `iter(v)`.
    pub fn get_iter(&mut self, v: &Obj<'py>) -> PyResult<Obj<'py>> {
        self.iter(v)
    }

    /// `next(it)`: `None` when exhausted.
    pub fn next_item(&mut self, it: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
        self.next(it)
    }

    /// Every item of iterable `v`.
    pub fn to_vec(&mut self, v: &Obj<'py>) -> PyResult<Vec<Obj<'py>>> {
        self.collect(v)
    }

    /// `lhs op rhs` (`lhs op= rhs` when `inplace`).
    pub fn binary(
        &mut self,
        op: BinOp,
        inplace: bool,
        lhs: &Obj<'py>,
        rhs: &Obj<'py>,
    ) -> PyResult<Obj<'py>> {
        self.binary_op(op, inplace, lhs, rhs)
    }

    /// `-v`, `+v`, `~v`, `not v` (`op` one of the unary operations).
    pub fn unary(&mut self, op: Op, v: &Obj<'py>) -> PyResult<Obj<'py>> {
        crate::arith::unary_op(self, op, v)
    }

    /// `lhs op rhs` for a comparison, as a truth value (`PyObject_RichCompareBool`, without
    /// its identity shortcut).
    pub fn compare(&mut self, op: CmpOp, lhs: &Obj<'py>, rhs: &Obj<'py>) -> PyResult<bool> {
        crate::arith::compare(self, op, lhs, rhs)
    }

    /// `a == b` with the identity shortcut of containers (`PyObject_RichCompareBool`).
    pub fn equal(&mut self, a: &Obj<'py>, b: &Obj<'py>) -> PyResult<bool> {
        self.eq(a, b)
    }

    /// `bool(v)`.
    pub fn is_true(&mut self, v: &Obj<'py>) -> PyResult<bool> {
        self.truthy(v)
    }

    /// `len(v)`.
    pub fn length(&mut self, v: &Obj<'py>) -> PyResult<usize> {
        self.len(v)
    }

    /// `hash(v)`.
    pub fn hash(&mut self, v: &Obj<'py>) -> PyResult<i64> {
        crate::builtins::hash_of(self, v)
    }

    /// `obj.name`.
    pub fn get_attr(&mut self, obj: &Obj<'py>, name: &str) -> PyResult<Obj<'py>> {
        self.getattr(obj, name)
    }

    /// `container[key]`.
    pub fn get_item(&mut self, container: &Obj<'py>, key: &Obj<'py>) -> PyResult<Obj<'py>> {
        crate::subscr::get(self, container, key)
    }

    /// `container[key] = value`.
    pub fn set_item(
        &mut self,
        container: &Obj<'py>,
        key: &Obj<'py>,
        value: &Obj<'py>,
    ) -> PyResult<()> {
        crate::subscr::set(self, container, key, value)
    }

    /// `del container[key]`.
    pub fn del_item(&mut self, container: &Obj<'py>, key: &Obj<'py>) -> PyResult<()> {
        crate::subscr::del(self, container, key)
    }

    /// `item in container`.
    pub fn contains_item(&mut self, container: &Obj<'py>, item: &Obj<'py>) -> PyResult<bool> {
        self.contains(container, item)
    }

    /// `callable(v)`.
    pub fn is_callable(&self, v: &Obj<'py>) -> bool {
        crate::builtins::is_callable(v)
    }
}
