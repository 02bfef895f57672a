//! Type slots for classes made at run time: the dunder methods a class's MRO defines, found
//! the way the loop and native code reach a builtin type's behaviour.
//!
//! A heap class keeps a slot table (a bit per dunder method: is it defined by a class made
//! at run time along the MRO?) in its type object, filled from the MRO the first time it is
//! needed and kept while the class's version tag does not change: assigning or deleting a
//! dunder on the class or on a base gives it and every subclass a new tag
//! ([`Obj::type_modified`]), so the table is filled again. A clear bit is the fast answer
//! "native behaviour"; a set bit leads to the one dict lookup along the MRO that finds the
//! function. The walk stops at the first builtin class: its own behaviour (an `int`
//! subclass's `+`) is what the native fast paths of the loop already do.

use subinterp_compile::BinOp;
use subinterp_object::{Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::builtin::Args;

/// A dunder method reached through the slot table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// `__repr__`
    Repr,
    /// `__str__`
    Str,
    /// `__format__`
    Format,
    /// `__hash__`
    Hash,
    /// `__bool__`
    Bool,
    /// `__len__`
    Len,
    /// `__eq__`, `__ne__`, `__lt__`, `__le__`, `__gt__`, `__ge__` (by `CmpOp` order).
    Cmp(u8),
    /// `__iter__`
    Iter,
    /// `__next__`
    Next,
    /// `__getitem__`
    GetItem,
    /// `__setitem__`
    SetItem,
    /// `__delitem__`
    DelItem,
    /// `__contains__`
    Contains,
    /// `__call__`
    Call,
    /// `__neg__`
    Neg,
    /// `__pos__`
    Pos,
    /// `__invert__`
    Invert,
    /// `__abs__`
    Abs,
    /// `__index__`
    Index,
    /// `__int__`
    Int,
    /// `__float__`
    Float,
    /// `__round__`
    Round,
    /// `__divmod__`
    Divmod,
    /// `__rdivmod__`
    RDivmod,
    /// `__missing__` (dict subclasses)
    Missing,
    /// `__op__` of a binary operator (by [`op_index`]).
    Op(u8),
    /// `__rop__`
    ROp(u8),
    /// `__iop__`
    IOp(u8),
}

const CMP_NAMES: [&str; 6] = ["__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"];
const OPS: [&str; 13] = [
    "add", "and", "floordiv", "lshift", "matmul", "mul", "mod", "or", "pow", "rshift", "sub",
    "truediv", "xor",
];
const OP_NAMES: [&str; 13] = [
    "__add__",
    "__and__",
    "__floordiv__",
    "__lshift__",
    "__matmul__",
    "__mul__",
    "__mod__",
    "__or__",
    "__pow__",
    "__rshift__",
    "__sub__",
    "__truediv__",
    "__xor__",
];
const ROP_NAMES: [&str; 13] = [
    "__radd__",
    "__rand__",
    "__rfloordiv__",
    "__rlshift__",
    "__rmatmul__",
    "__rmul__",
    "__rmod__",
    "__ror__",
    "__rpow__",
    "__rrshift__",
    "__rsub__",
    "__rtruediv__",
    "__rxor__",
];
const IOP_NAMES: [&str; 13] = [
    "__iadd__",
    "__iand__",
    "__ifloordiv__",
    "__ilshift__",
    "__imatmul__",
    "__imul__",
    "__imod__",
    "__ior__",
    "__ipow__",
    "__irshift__",
    "__isub__",
    "__itruediv__",
    "__ixor__",
];

/// The index of `op` in the operator tables.
pub(crate) fn op_index(op: BinOp) -> u8 {
    match op {
        BinOp::Add => 0,
        BinOp::And => 1,
        BinOp::FloorDivide => 2,
        BinOp::Lshift => 3,
        BinOp::MatrixMultiply => 4,
        BinOp::Multiply => 5,
        BinOp::Remainder => 6,
        BinOp::Or => 7,
        BinOp::Power => 8,
        BinOp::Rshift => 9,
        BinOp::Subtract => 10,
        BinOp::TrueDivide => 11,
        BinOp::Xor => 12,
    }
}

impl Slot {
    /// The method's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Slot::Repr => "__repr__",
            Slot::Str => "__str__",
            Slot::Format => "__format__",
            Slot::Hash => "__hash__",
            Slot::Bool => "__bool__",
            Slot::Len => "__len__",
            Slot::Cmp(i) => CMP_NAMES[usize::from(i) % 6],
            Slot::Iter => "__iter__",
            Slot::Next => "__next__",
            Slot::GetItem => "__getitem__",
            Slot::SetItem => "__setitem__",
            Slot::DelItem => "__delitem__",
            Slot::Contains => "__contains__",
            Slot::Call => "__call__",
            Slot::Neg => "__neg__",
            Slot::Pos => "__pos__",
            Slot::Invert => "__invert__",
            Slot::Abs => "__abs__",
            Slot::Index => "__index__",
            Slot::Int => "__int__",
            Slot::Float => "__float__",
            Slot::Round => "__round__",
            Slot::Divmod => "__divmod__",
            Slot::RDivmod => "__rdivmod__",
            Slot::Missing => "__missing__",
            Slot::Op(i) => OP_NAMES[usize::from(i) % 13],
            Slot::ROp(i) => ROP_NAMES[usize::from(i) % 13],
            Slot::IOp(i) => IOP_NAMES[usize::from(i) % 13],
        }
    }

    /// The slot's bit in a class's table.
    fn bit(self) -> u128 {
        let i: u32 = match self {
            Slot::Repr => 0,
            Slot::Str => 1,
            Slot::Format => 2,
            Slot::Hash => 3,
            Slot::Bool => 4,
            Slot::Len => 5,
            Slot::Cmp(i) => 6 + u32::from(i % 6),
            Slot::Iter => 12,
            Slot::Next => 13,
            Slot::GetItem => 14,
            Slot::SetItem => 15,
            Slot::DelItem => 16,
            Slot::Contains => 17,
            Slot::Call => 18,
            Slot::Neg => 19,
            Slot::Pos => 20,
            Slot::Invert => 21,
            Slot::Abs => 22,
            Slot::Index => 23,
            Slot::Int => 24,
            Slot::Float => 25,
            Slot::Round => 26,
            Slot::Divmod => 27,
            Slot::RDivmod => 28,
            Slot::Missing => 29,
            Slot::Op(i) => 32 + u32::from(i % 13),
            Slot::ROp(i) => 48 + u32::from(i % 13),
            Slot::IOp(i) => 64 + u32::from(i % 13),
        };
        1 << i
    }

    /// The bit of the dunder `name`, 0 when it is not a slot.
    fn bit_of(name: &str) -> u128 {
        let Some(core) = name.strip_prefix("__").and_then(|n| n.strip_suffix("__")) else {
            return 0;
        };
        let fixed = [
            Slot::Repr,
            Slot::Str,
            Slot::Format,
            Slot::Hash,
            Slot::Bool,
            Slot::Len,
            Slot::Iter,
            Slot::Next,
            Slot::GetItem,
            Slot::SetItem,
            Slot::DelItem,
            Slot::Contains,
            Slot::Call,
            Slot::Neg,
            Slot::Pos,
            Slot::Invert,
            Slot::Abs,
            Slot::Index,
            Slot::Int,
            Slot::Float,
            Slot::Round,
            Slot::Divmod,
            Slot::RDivmod,
            Slot::Missing,
        ];
        if let Some(s) = fixed.iter().find(|s| s.name() == name) {
            return s.bit();
        }
        if let Some(i) = CMP_NAMES.iter().position(|n| *n == name) {
            return Slot::Cmp(i as u8).bit();
        }
        let find = |n: &str| OPS.iter().position(|o| *o == n).map(|i| i as u8);
        if let Some(i) = find(core) {
            return Slot::Op(i).bit();
        }
        if let Some(i) = core.strip_prefix('r').and_then(find) {
            return Slot::ROp(i).bit();
        }
        if let Some(i) = core.strip_prefix('i').and_then(find) {
            return Slot::IOp(i).bit();
        }
        0
    }
}

/// Whether `v` is `NotImplemented`.
#[inline]
pub(crate) fn is_not_implemented(v: &Obj<'_>) -> bool {
    v.native::<crate::tstate::NotImplementedValue>().is_some()
}

impl<'py> Tstate<'py> {
    /// The definition of `slot` that a class made at run time in the MRO of `ty` gives
    /// (before any builtin class), unbound; `None`: native behaviour.
    #[inline]
    pub(crate) fn slot_def(&mut self, ty: &Obj<'py>, slot: Slot) -> PyResult<Option<Obj<'py>>> {
        if !ty.is_heap_type() {
            return Ok(None);
        }
        let bits = match ty.type_slots() {
            Some(b) => b,
            None => self.fill_slots(ty)?,
        };
        if bits & slot.bit() == 0 {
            return Ok(None);
        }
        let py = self.py();
        let key = self.consts.intern(py, slot.name())?;
        let eq = if slot == Slot::Hash {
            Some(self.consts.intern(py, "__eq__")?)
        } else {
            None
        };
        ty.type_heap_dicts(|d| {
            if let Some(v) = d.dict_get(&key)? {
                return Ok(Some(v));
            }
            // A class that defines `__eq__` and not `__hash__` gets `__hash__ = None`
            // (CPython's `type_new`): its instances are unhashable.
            match &eq {
                Some(eq) if d.dict_get(eq)?.is_some() => Ok(Some(py.none())),
                _ => Ok(None),
            }
        })
    }

    /// Fills the slot table of heap class `ty` from its MRO.
    #[cold]
    fn fill_slots(&mut self, ty: &Obj<'py>) -> PyResult<u128> {
        let mut bits = 0;
        ty.type_heap_dicts(|d| {
            for k in d.dict_keys()? {
                bits |= k.as_str().map_or(0, Slot::bit_of);
                if k.as_str() == Some("__eq__") {
                    bits |= Slot::Hash.bit();
                }
            }
            Ok(None::<()>)
        })?;
        ty.set_type_slots(bits);
        Ok(bits)
    }

    /// The definition of `slot` for `obj`'s class (see [`slot_def`](Self::slot_def)).
    #[inline]
    pub(crate) fn slot_of(&mut self, obj: &Obj<'py>, slot: Slot) -> PyResult<Option<Obj<'py>>> {
        if !obj.has_heap_type() {
            return Ok(None);
        }
        self.slot_def(&obj.get_type(), slot)
    }

    /// Calls the definition `f` of a slot of `obj`'s class with `obj` first.
    pub(crate) fn call_def(
        &mut self,
        f: &Obj<'py>,
        obj: &Obj<'py>,
        args: &[Obj<'py>],
    ) -> PyResult<Obj<'py>> {
        if f.native::<crate::function::Function>().is_some() {
            return match args {
                [] => self.call(f, Args::positional(std::slice::from_ref(obj))),
                [a] => self.call(f, Args::positional(&[obj.clone(), a.clone()])),
                _ => self.call(f, Args::positional(&crate::type_call::prepend(obj, args))),
            };
        }
        if f.is_none() {
            return Err(PyErr::type_error(format!(
                "'{}' object is not callable",
                f.type_name()
            )));
        }
        let bound = self.descr_get(f, Some(obj), &obj.get_type())?;
        self.call(&bound, Args::positional(args))
    }

    /// `obj.slot(*args)` when `obj`'s class defines it; `None` else.
    pub(crate) fn call_slot(
        &mut self,
        obj: &Obj<'py>,
        slot: Slot,
        args: &[Obj<'py>],
    ) -> PyResult<Option<Obj<'py>>> {
        match self.slot_of(obj, slot)? {
            Some(f) => self.call_def(&f, obj, args).map(Some),
            None => Ok(None),
        }
    }
}

/// `TypeError: __X__ returned non-string (type T)`.
pub(crate) fn non_string(what: &str, v: &Obj<'_>) -> PyErr {
    PyErr::type_error(format!(
        "{what} returned non-string (type {})",
        v.type_name()
    ))
}

/// `TypeError: unhashable type: 'C'`.
pub(crate) fn unhashable(v: &Obj<'_>) -> PyErr {
    PyErr::new(
        &exc::TYPE_ERROR,
        format!("unhashable type: '{}'", v.type_name()),
    )
}
