//! Native objects of upper crates (the standard library's iterators, callables and
//! containers): a Rust value plus a [`Protocol`], the table of what the loop may do with it
//! (iterate, call, `len`, subscript, `in`, compare). CPython keeps these in the type's slots
//! (`tp_iternext`, `tp_call`, `sq_length`, ...); the object crate's native classes carry only
//! methods, attributes and a repr, so the vm keeps the rest beside the value.
//!
//! The loop consults the table after its own types: in `iter()`, `next()`, calls, `len()`,
//! truth values, `x[k]`, `x[k] = v`, `del x[k]`, `in` and comparisons.

use std::any::Any;

use subinterp_compile::CmpOp;
use subinterp_object::{Obj, ObjRef, Py, PyErr, PyResult, StaticType, exc};

use crate::Tstate;
use crate::builtin::Args;

/// `tp_iter`: the iterator of the object.
pub type IterFn = for<'py> fn(&mut Tstate<'py>, &Obj<'py>) -> PyResult<Obj<'py>>;
/// `tp_iternext`: the next item, `None` when exhausted.
pub type NextFn = for<'py> fn(&mut Tstate<'py>, &Obj<'py>) -> PyResult<Option<Obj<'py>>>;
/// `tp_call`: the object called with `args`.
pub type CallFn = for<'py> fn(&mut Tstate<'py>, &Obj<'py>, Args<'_, 'py>) -> PyResult<Obj<'py>>;
/// `sq_length`.
pub type LenFn = for<'py> fn(&mut Tstate<'py>, &Obj<'py>) -> PyResult<usize>;
/// `mp_subscript`: `obj[key]`.
pub type GetItemFn = for<'py> fn(&mut Tstate<'py>, &Obj<'py>, &Obj<'py>) -> PyResult<Obj<'py>>;
/// `mp_ass_subscript`: `obj[key] = value`, or `del obj[key]` when `value` is `None`.
pub type SetItemFn =
    for<'py> fn(&mut Tstate<'py>, &Obj<'py>, &Obj<'py>, Option<&Obj<'py>>) -> PyResult<()>;
/// `sq_contains`: `item in obj`.
pub type ContainsFn = for<'py> fn(&mut Tstate<'py>, &Obj<'py>, &Obj<'py>) -> PyResult<bool>;
/// `tp_richcompare`: `lhs op rhs` where `lhs` or `rhs` has this protocol; `None` when not
/// handled (CPython's `NotImplemented`).
pub type CompareFn =
    for<'py> fn(&mut Tstate<'py>, CmpOp, &Obj<'py>, &Obj<'py>) -> PyResult<Option<bool>>;

/// What the loop may do with a native object (CPython's type slots). An absent entry is
/// CPython's null slot: the operation raises its usual `TypeError`.
#[derive(Clone, Copy)]
pub struct Protocol {
    /// `iter(obj)`. An object with [`Protocol::next`] and no `iter` is its own iterator.
    pub iter: Option<IterFn>,
    /// `next(obj)`.
    pub next: Option<NextFn>,
    /// `obj(...)`.
    pub call: Option<CallFn>,
    /// `len(obj)` (also the truth value).
    pub len: Option<LenFn>,
    /// `obj[key]`.
    pub getitem: Option<GetItemFn>,
    /// `obj[key] = v`, `del obj[key]`.
    pub setitem: Option<SetItemFn>,
    /// `item in obj` (without it, `in` iterates).
    pub contains: Option<ContainsFn>,
    /// Comparisons.
    pub compare: Option<CompareFn>,
}

impl Protocol {
    /// A table with every entry absent.
    pub const NONE: Protocol = Protocol {
        iter: None,
        next: None,
        call: None,
        len: None,
        getitem: None,
        setitem: None,
        contains: None,
        compare: None,
    };

    /// An iterator: `next` only.
    pub const fn iterator(next: NextFn) -> Protocol {
        Protocol {
            next: Some(next),
            ..Protocol::NONE
        }
    }

    /// A callable: `call` only.
    pub const fn callable(call: CallFn) -> Protocol {
        Protocol {
            call: Some(call),
            ..Protocol::NONE
        }
    }
}

/// The payload of a native object made by [`new_ext`]: its protocol and its Rust value.
pub struct Ext {
    proto: &'static Protocol,
    value: Box<dyn Any + Send>,
}

/// A native object of class `ty` (a [`StaticType::native`]) holding `value`, which the loop
/// uses through `proto`. Read the value back with [`ext_value`].
pub fn new_ext<'py, T: Any + Send>(
    py: Py<'py>,
    ty: &'static StaticType,
    proto: &'static Protocol,
    value: T,
) -> PyResult<Obj<'py>> {
    py.new_native(
        ty,
        Ext {
            proto,
            value: Box::new(value),
        },
    )
}

/// The value of an object made by [`new_ext`], if it holds a `T`.
pub fn ext_value<'a, T: Any>(o: &'a Obj<'_>) -> Option<&'a T> {
    o.native::<Ext>()?.value.downcast_ref::<T>()
}

/// The protocol of an object made by [`new_ext`].
pub(crate) fn proto(o: &Obj<'_>) -> Option<&'static Protocol> {
    o.native::<Ext>().map(|e| e.proto)
}

/// Whether `o` is a native iterator of an upper crate (it has [`Protocol::next`]).
pub(crate) fn is_iterator(o: &Obj<'_>) -> bool {
    proto(o).is_some_and(|p| p.next.is_some())
}

/// `obj` bound to `py`, or `SystemError` (a reference kept by a native value of another
/// heap cannot be used here).
pub fn bind_ref<'py>(r: &ObjRef, py: Py<'py>) -> PyResult<Obj<'py>> {
    r.bind(py)
        .map_err(|e| PyErr::new(&exc::SYSTEM_ERROR, e.to_string()))
}

/// The operator of the reflected comparison (`a < b` is `b > a`).
pub(crate) fn reflected(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        CmpOp::Eq => CmpOp::Eq,
        CmpOp::Ne => CmpOp::Ne,
    }
}

/// A native class of an upper crate that Python code calls to make instances
/// (`itertools.chain(...)`, `collections.deque()`) and whose class methods it reads
/// (`itertools.chain.from_iterable`): CPython's `tp_new` and the class's method table.
pub struct NativeClass {
    /// The class.
    pub ty: &'static StaticType,
    /// `ty(...)`: called with no receiver.
    pub new: crate::BuiltinFn,
    /// Class methods, bound to the class when read from it.
    pub class_methods: &'static [crate::BuiltinDef],
}

/// Every registered class, by the address of its type object (sorted). Process-wide: the
/// classes are static definitions shared by every interpreter (as CPython's static types
/// are), registered once by the module that owns them.
static CLASSES: std::sync::RwLock<Vec<(usize, &'static NativeClass)>> =
    std::sync::RwLock::new(Vec::new());

/// Makes calls of `class.ty` and reads of its class methods go to `class` (again for the same
/// class: nothing changes).
pub fn register_class(py: Py<'_>, class: &'static NativeClass) {
    let key = class.ty.get(py).id();
    let mut v = CLASSES
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Err(i) = v.binary_search_by_key(&key, |(k, _)| *k) {
        v.insert(i, (key, class));
    }
}

/// The registered class of type object `ty`.
pub(crate) fn class_of(ty: &Obj<'_>) -> Option<&'static NativeClass> {
    // Registered classes are static native types: calls of `int`, `str`, classes and the
    // other builtin types (every `T(...)` of a program) take no lock.
    if ty.type_instance_kind() != Some(subinterp_object::Kind::Native) || ty.is_heap_type() {
        return None;
    }
    let v = CLASSES
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let i = v.binary_search_by_key(&ty.id(), |(k, _)| *k).ok()?;
    Some(v[i].1)
}

/// `ty.name` for a class method of a registered class, bound to the class.
pub(crate) fn class_attr<'py>(ty: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let c = class_of(ty)?;
    let def = c.class_methods.iter().find(|d| d.name == name)?;
    Some(crate::native::new_builtin(ty.py(), def, Some(ty)))
}
