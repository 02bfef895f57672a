//! Type objects: the static builtin types, static types defined by upper crates, heap types
//! created at run time (exception classes of modules), and the subclass relation.

use std::ptr::NonNull;

use crate::func::NativeMethods;
use crate::header::{Header, ObjBox, Raw, payload};
use crate::{Obj, Py, PyErr, PyResult};

/// The layout (and behaviour family) of a type's instances.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `object` itself (not instantiable here).
    Object,
    /// `type`: type objects.
    Type,
    /// `NoneType`.
    None,
    /// `bool`.
    Bool,
    /// `int` (64-bit).
    Int,
    /// `float`.
    Float,
    /// `str`.
    Str,
    /// `bytes`.
    Bytes,
    /// `tuple`.
    Tuple,
    /// `list`.
    List,
    /// `dict`.
    Dict,
    /// `module`.
    Module,
    /// `PyCapsule`.
    Capsule,
    /// `BaseException` and every exception class.
    Exception,
    /// `set`.
    Set,
    /// `frozenset`.
    FrozenSet,
    /// A native class defined by an upper crate (instances carry a Rust value).
    Native,
}

/// Behaviour hooks of a native class (see [`StaticType::native`]).
#[derive(Clone, Copy)]
pub struct Slots {
    /// Methods, found by the eval loop's attribute lookup and bound to the instance (a
    /// table of the vm's type: see [`NativeMethods`]).
    pub methods: Option<&'static dyn NativeMethods>,
    /// Data attributes: `Some(result)` when `name` is handled.
    pub getattr: Option<GetAttrFn>,
    /// `repr()`; CPython's `<module.Name object at 0x...>` when `None`.
    pub repr: Option<ReprFn>,
    /// The references an instance owns, for the cycle collector (see the crate's `gc`
    /// docs: [`Visit`](crate::Visit)). With one, instances are tracked containers.
    pub traverse: Option<TraverseFn>,
    /// Drops the references an instance owns that can form cycles (the collector breaks
    /// garbage cycles with it); instances stay valid, empty.
    pub clear: Option<ClearFn>,
    /// Whether instances can be weakly referenced (`weakref.ref`).
    pub weakref: bool,
}

impl Slots {
    /// No methods, attributes or hooks: the base of a `Slots` literal
    /// (`Slots { repr: Some(f), ..Slots::EMPTY }`).
    pub const EMPTY: Slots = Slots {
        methods: None,
        getattr: None,
        repr: None,
        traverse: None,
        clear: None,
        weakref: false,
    };
}

/// A native class's attribute hook.
pub type GetAttrFn = for<'py> fn(&Obj<'py>, &str) -> Option<PyResult<Obj<'py>>>;
/// A native class's `repr` hook.
pub type ReprFn = for<'py> fn(&Obj<'py>) -> PyResult<String>;
/// A native class's `traverse` hook: reports every reference the instance owns.
pub type TraverseFn = for<'py, 'v> fn(&Obj<'py>, &mut crate::Visit<'v>);
/// A native class's `clear` hook: drops the references the instance owns.
pub type ClearFn = for<'py> fn(&Obj<'py>);

const NO_SLOTS: Slots = Slots::EMPTY;
static NO_SLOTS_REF: Slots = NO_SLOTS;

/// The hooks of a class without native hooks (every heap type).
pub(crate) fn no_slots() -> &'static Slots {
    &NO_SLOTS_REF
}

/// A name stored in a type object: static text, or a `str` object owned by a heap type.
#[derive(Clone, Copy)]
pub(crate) enum Text {
    Static(&'static str),
    Obj(Raw),
}

/// A type's `__name__`: fixed for a static type; a heap type's may be replaced
/// (`C.__name__ = ...`), the names it had staying alive with it (see
/// [`Obj::set_type_name`]), so the text read lives as long as the type.
pub(crate) struct Name(std::cell::Cell<Text>);

impl Name {
    pub(crate) const fn new(t: Text) -> Name {
        Name(std::cell::Cell::new(t))
    }

    /// The current name.
    pub(crate) fn get(&self) -> Text {
        self.0.get()
    }

    /// The current name's text.
    pub(crate) fn as_str(&self) -> &str {
        match self.0.get() {
            Text::Static(s) => s,
            // SAFETY: a heap type owns its name objects (the current one and those it
            // had) until it is freed, and `self` lives inside the type.
            Text::Obj(p) => unsafe { crate::str::as_str(p) },
        }
    }

    /// Replaces the name, handing back the old one.
    pub(crate) fn replace(&self, t: Text) -> Text {
        self.0.replace(t)
    }
}

/// The payload of a type object.
#[repr(C)]
pub(crate) struct TypeData {
    pub(crate) name: Name,
    pub(crate) module: Text,
    /// The base type (null only for `object`). Heap types own a reference to it.
    pub(crate) base: std::cell::Cell<*const Header>,
    pub(crate) kind: Kind,
    pub(crate) slots: &'static Slots,
    /// What a heap type adds (`heaptype.rs`); never written for a static type.
    pub(crate) heap: crate::heaptype::HeapTypeData,
    /// What lies before its instances' headers, fixed when the type is made (`layout.rs`).
    pub(crate) prefix: crate::layout::Prefix,
}

/// A statically allocated, immortal type object, shared by every interpreter.
///
/// Upper crates define their own (exception classes such as `InterpreterError`, native
/// classes such as a queue handle) as `static` items:
///
/// ```
/// use subinterp_object::{StaticType, exc};
/// /// `interpreters.InterpreterError`.
/// pub static INTERPRETER_ERROR: StaticType =
///     StaticType::exception("InterpreterError", "interpreters", &exc::EXCEPTION);
/// assert_eq!(INTERPRETER_ERROR.name(), "InterpreterError");
/// assert!(INTERPRETER_ERROR.is_subtype(&exc::BASE_EXCEPTION));
/// ```
#[repr(C)]
pub struct StaticType {
    pub(crate) header: Header,
    pub(crate) data: TypeData,
}

// SAFETY: a static type is immortal (its header's heap pointer is null), so its refcount is
// never written; every other field is immutable after const initialisation and points to
// static data only (static strings, other static types, static slots).
unsafe impl Sync for StaticType {}

impl StaticType {
    pub(crate) const fn builtin(
        name: &'static str,
        kind: Kind,
        base: Option<&'static StaticType>,
    ) -> StaticType {
        StaticType::make(name, "builtins", kind, base, &NO_SLOTS_REF)
    }

    const fn make(
        name: &'static str,
        module: &'static str,
        kind: Kind,
        base: Option<&'static StaticType>,
        slots: &'static Slots,
    ) -> StaticType {
        let base = match base {
            Some(b) => &b.header as *const Header,
            None => std::ptr::null(),
        };
        StaticType {
            header: Header::immortal(&TYPE.header as *const Header),
            data: TypeData {
                name: Name::new(Text::Static(name)),
                module: Text::Static(module),
                base: std::cell::Cell::new(base),
                kind,
                slots,
                heap: crate::heaptype::HeapTypeData::fixed(if matches!(kind, Kind::Exception) {
                    crate::heaptype::MANAGED_DICT
                } else {
                    0
                }),
                prefix: crate::layout::Prefix::of(
                    kind,
                    slots,
                    if matches!(kind, Kind::Exception) {
                        crate::heaptype::MANAGED_DICT
                    } else {
                        0
                    },
                ),
            },
        }
    }

    /// An exception class `module.name` deriving from `base` (which must be an exception
    /// class; otherwise the result is not an exception class and cannot be raised).
    pub const fn exception(
        name: &'static str,
        module: &'static str,
        base: &'static StaticType,
    ) -> StaticType {
        StaticType::make(name, module, Kind::Exception, Some(base), &NO_SLOTS_REF)
    }

    /// A native class `module.name` deriving from `object`, whose instances carry a Rust value
    /// (see [`Py::new_native`]) and whose attributes come from `slots`.
    pub const fn native(
        name: &'static str,
        module: &'static str,
        slots: &'static Slots,
    ) -> StaticType {
        StaticType::make(name, module, Kind::Native, Some(&OBJECT), slots)
    }

    /// The class name (`__name__`).
    pub fn name(&'static self) -> &'static str {
        match self.data.name.get() {
            Text::Static(s) => s,
            // Static types are only made by the const constructors above.
            Text::Obj(_) => "?",
        }
    }

    /// The defining module (`__module__`).
    pub fn module(&'static self) -> &'static str {
        match self.data.module {
            Text::Static(s) => s,
            Text::Obj(_) => "?",
        }
    }

    /// Whether `self` is `other` or derives from it.
    pub fn is_subtype(&'static self, other: &'static StaticType) -> bool {
        // SAFETY: a static type is a type object that lives forever.
        unsafe { is_subtype_raw(NonNull::from(&self.header), NonNull::from(&other.header)) }
    }

    /// A handle to this type object.
    pub fn get<'py>(&'static self, py: Py<'py>) -> Obj<'py> {
        Obj::immortal(py, &self.header)
    }

    pub(crate) fn raw(&'static self) -> Raw {
        NonNull::from(&self.header)
    }
}

/// Whether type `t` is type `base` or a subclass of it (walks the base chain).
///
/// # Safety
/// `t` is a live type object (`base` is only compared).
pub(crate) unsafe fn is_subtype_raw(t: Raw, base: Raw) -> bool {
    // SAFETY: the contract.
    if let Some(mro) = unsafe { crate::heaptype::mro_raw(t) } {
        // SAFETY: a heap type's MRO tuple lives as long as the type.
        return t == base || unsafe { crate::tuple::items(mro) }.contains(&base);
    }
    let mut cur: *const Header = t.as_ptr();
    while !cur.is_null() {
        if cur == base.as_ptr().cast_const() {
            return true;
        }
        // SAFETY: `cur` is a live type object: `t` (the contract), or a base kept alive by its
        // subclass.
        cur = unsafe { type_data(NonNull::new_unchecked(cur.cast_mut())) }
            .base
            .get();
    }
    false
}

/// The payload of type object `t`.
///
/// # Safety
/// `t` is a live type object (static or heap, laid out as `ObjBox<TypeData>`), and the
/// reference is not used after it is freed.
#[inline]
pub(crate) unsafe fn type_data<'a>(t: Raw) -> &'a TypeData {
    // SAFETY: forwarded contract.
    unsafe { payload::<TypeData>(t) }
}

/// The type object of `p`.
#[inline]
pub(crate) fn type_of(p: Raw) -> Raw {
    // SAFETY: `p` is live; `ty` is never null for a live object.
    unsafe { NonNull::new_unchecked(p.as_ref().ty.get().cast_mut()) }
}

/// The instance layout of `p`.
#[inline]
pub(crate) fn kind_of(p: Raw) -> Kind {
    // SAFETY: the type of a live object is a live type object (it holds a reference to it).
    unsafe { type_data(type_of(p)) }.kind
}

/// The text of a type's name field.
pub(crate) fn text(t: &Text) -> &str {
    match *t {
        Text::Static(s) => s,
        // SAFETY: a heap type owns its name object, which lives as long as the type.
        Text::Obj(p) => unsafe { crate::str::as_str(p) },
    }
}

/// `type`.
pub static TYPE: StaticType = StaticType::builtin("type", Kind::Type, Some(&OBJECT));
/// `object`.
pub static OBJECT: StaticType = StaticType::builtin("object", Kind::Object, None);
/// `NoneType`.
pub static NONE_TYPE: StaticType = StaticType::builtin("NoneType", Kind::None, Some(&OBJECT));
/// `int`.
pub static INT: StaticType = StaticType::builtin("int", Kind::Int, Some(&OBJECT));
/// `bool` (a subclass of `int`).
pub static BOOL: StaticType = StaticType::builtin("bool", Kind::Bool, Some(&INT));
/// `float`.
pub static FLOAT: StaticType = StaticType::builtin("float", Kind::Float, Some(&OBJECT));
/// `str`.
pub static STR: StaticType = StaticType::builtin("str", Kind::Str, Some(&OBJECT));
/// `bytes`.
pub static BYTES: StaticType = StaticType::builtin("bytes", Kind::Bytes, Some(&OBJECT));
/// `tuple`.
pub static TUPLE: StaticType = StaticType::builtin("tuple", Kind::Tuple, Some(&OBJECT));
/// `list`.
pub static LIST: StaticType = StaticType::builtin("list", Kind::List, Some(&OBJECT));
/// `dict`.
pub static DICT: StaticType = StaticType::builtin("dict", Kind::Dict, Some(&OBJECT));
/// `set`.
pub static SET: StaticType = StaticType::builtin("set", Kind::Set, Some(&OBJECT));
/// `frozenset`.
pub static FROZENSET: StaticType = StaticType::builtin("frozenset", Kind::FrozenSet, Some(&OBJECT));
/// `module`.
pub static MODULE: StaticType = StaticType::builtin("module", Kind::Module, Some(&OBJECT));
/// `PyCapsule`.
pub static CAPSULE: StaticType = StaticType::builtin("PyCapsule", Kind::Capsule, Some(&OBJECT));

impl<'py> Py<'py> {
    /// Creates a heap type: an exception class named `dotted` (`"module.Name"`, as
    /// `PyErr_NewException` takes it) deriving from `base` (`Exception` when `None`), owned by
    /// this interpreter. Its repr is `<class 'module.Name'>`.
    pub fn new_exception_type(self, dotted: &str, base: Option<&Obj<'py>>) -> PyResult<Obj<'py>> {
        let Some((module, name)) = dotted.rsplit_once('.') else {
            return Err(PyErr::new(
                &crate::exc::SYSTEM_ERROR,
                "PyErr_NewException: name must be module.class",
            ));
        };
        let base = match base {
            Some(b) => {
                if b.kind() != Kind::Type
                    // SAFETY: `b` is a type (checked first), held by the caller.
                    || !unsafe { is_subtype_raw(b.raw(), crate::exc::BASE_EXCEPTION.raw()) }
                {
                    return Err(PyErr::new(
                        &crate::exc::TYPE_ERROR,
                        "base must be an exception class",
                    ));
                }
                b.clone()
            }
            None => crate::exc::EXCEPTION.get(self),
        };
        let name = self.str(name)?;
        let module = self.str(module)?;
        let p = self.new_obj(&TYPE.header, std::mem::size_of::<ObjBox<TypeData>>())?;
        let data = TypeData {
            name: Name::new(Text::Obj(name.into_raw())),
            module: Text::Obj(module.into_raw()),
            base: std::cell::Cell::new(base.into_raw().as_ptr()),
            kind: Kind::Exception,
            slots: &NO_SLOTS_REF,
            heap: crate::heaptype::HeapTypeData::fixed(crate::heaptype::MANAGED_DICT),
            prefix: crate::layout::Prefix::of(
                Kind::Exception,
                &NO_SLOTS_REF,
                crate::heaptype::MANAGED_DICT,
            ),
        };
        // SAFETY: `p` is a fresh block sized for `ObjBox<TypeData>`.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<TypeData>>()).payload).write(data)
        };
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

/// Releases what a heap type owns (dealloc).
///
/// # Safety
/// `p` is a heap type of `py`'s heap being freed (refcount zero), once.
pub(crate) unsafe fn drop_type(py: Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    // SAFETY: the contract.
    let d = unsafe { type_data(p) };
    for t in [d.name.get(), d.module] {
        if let Text::Obj(s) = t {
            // SAFETY: the type's reference to its name or module str, given up.
            unsafe { crate::handle::decref_into(py, s, stack) };
        }
    }
    if let Some(b) = NonNull::new(d.base.get().cast_mut()) {
        // SAFETY: the type's reference to its base, given up.
        unsafe { crate::handle::decref_into(py, b, stack) };
    }
    // SAFETY: the contract.
    unsafe { crate::heaptype::drop_heap_data(py, p, stack) };
}

impl StaticType {
    pub(crate) const fn builtin_exception_root(
        name: &'static str,
        base: &'static StaticType,
    ) -> StaticType {
        StaticType::make(name, "builtins", Kind::Exception, Some(base), &NO_SLOTS_REF)
    }
}
