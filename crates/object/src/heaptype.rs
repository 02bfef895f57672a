//! Heap types (classes made by `class` statements and `type(name, bases, ns)`): what a type
//! object carries beyond a static type (its `__dict__`, `__bases__`, `__mro__`, qualname,
//! flags, version tag, slot count, subclasses), and the instances of classes: the
//! layout-`object` instance with its `__slots__` cells, and the managed `__dict__` that any
//! instance of a class with the [`MANAGED_DICT`] flag carries in a pre-header (CPython's
//! managed dict, at a negative offset, so every layout, `int` or `list` or exception, can
//! have one without changing where its payload lives).
//!
//! The semantics (C3, descriptors, `__new__`/`__init__`) are the eval loop's; this module
//! only keeps the data and its ownership right.

use std::cell::Cell;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::header::{Header, ObjBox, Raw};
use crate::types::{Kind, TYPE, Text, TypeData, type_data, type_of};
use crate::vec::HeapVec;
use crate::{Obj, Py, PyErr, PyResult};

/// The type was made at run time and lives in a heap (CPython's `Py_TPFLAGS_HEAPTYPE`).
pub const HEAPTYPE: u32 = 1 << 9;
/// Instances carry a `__dict__` in a pre-header (CPython's `Py_TPFLAGS_MANAGED_DICT`).
pub const MANAGED_DICT: u32 = 1 << 4;
/// The class may be subclassed (CPython's `Py_TPFLAGS_BASETYPE`); the loop's to set.
pub const BASETYPE: u32 = 1 << 10;
/// The class has abstract methods (CPython's `Py_TPFLAGS_IS_ABSTRACT`).
pub const IS_ABSTRACT: u32 = 1 << 20;

/// Version tags handed out to heap types (0: none left, the type is not cached).
static NEXT_VERSION: AtomicU32 = AtomicU32::new(2);

fn next_version() -> u32 {
    NEXT_VERSION
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
            Some(if v == 0 { 0 } else { v.wrapping_add(1) })
        })
        .unwrap_or(0)
}

/// What a type object carries besides its name, base and layout. For a static type the
/// pointers are null and nothing is ever written (its version is 1 for ever).
pub(crate) struct HeapTypeData {
    /// `__dict__` (owned dict).
    dict: Cell<*const Header>,
    /// `__bases__` (owned tuple).
    bases: Cell<*const Header>,
    /// `__mro__` without the type itself (owned tuple; never handed out, so the type
    /// alone decides its lifetime).
    mro: Cell<*const Header>,
    /// `__qualname__` (owned str).
    qualname: Cell<*const Header>,
    flags: Cell<u32>,
    version: Cell<u32>,
    /// Number of `__slots__` cells an instance of layout `object` carries.
    nslots: Cell<u32>,
    /// Addresses of the heap types that name this one in their `__bases__` (not owned: a
    /// subclass removes itself when it is freed).
    subclasses: HeapVec<usize>,
    /// The `__name__` strs replaced by assignment (owned): kept until the type is freed,
    /// as texts read from the name may still be in use.
    old_names: HeapVec<usize>,
    /// The eval loop's slot table: which dunder methods the classes of the MRO define
    /// (one bit per slot), valid while `slots_version` equals `version`.
    slots: Cell<u128>,
    slots_version: Cell<u32>,
    /// Whether the MRO defines `__del__` (dealloc's question, see `gc/pending.rs`), valid
    /// while `del_version` equals `version`.
    pub(crate) has_del: Cell<bool>,
    pub(crate) del_version: Cell<u32>,
}

impl HeapTypeData {
    /// The version tag.
    #[inline]
    pub(crate) fn version(&self) -> u32 {
        self.version.get()
    }

    /// The data of a static type with `flags`.
    pub(crate) const fn fixed(flags: u32) -> HeapTypeData {
        HeapTypeData {
            dict: Cell::new(std::ptr::null()),
            bases: Cell::new(std::ptr::null()),
            mro: Cell::new(std::ptr::null()),
            qualname: Cell::new(std::ptr::null()),
            flags: Cell::new(flags),
            version: Cell::new(1),
            nslots: Cell::new(0),
            subclasses: HeapVec::new(),
            old_names: HeapVec::new(),
            slots: Cell::new(0),
            slots_version: Cell::new(0),
            has_del: Cell::new(false),
            del_version: Cell::new(0),
        }
    }

    /// The flags.
    #[inline]
    pub(crate) fn flags(&self) -> u32 {
        self.flags.get()
    }
}

/// What [`Py::new_heap_type`] makes a class from; the eval loop has checked it (the bases
/// are classes, the MRO is their C3 linearisation, `kind` is the solid base's layout).
pub struct TypeSpec<'a, 'py> {
    /// The metaclass (`type`, or a subclass of it).
    pub meta: &'a Obj<'py>,
    /// `__name__` (a str).
    pub name: &'a Obj<'py>,
    /// `__qualname__` (a str).
    pub qualname: &'a Obj<'py>,
    /// The module name shown by `repr` (a str; `__module__` itself lives in the dict).
    pub module: &'a Obj<'py>,
    /// The best base (CPython's `tp_base`): the one whose layout instances extend.
    pub base: &'a Obj<'py>,
    /// `__bases__` (a tuple of classes).
    pub bases: &'a Obj<'py>,
    /// `__mro__` without the class itself (a tuple of classes).
    pub mro_tail: &'a Obj<'py>,
    /// `__dict__` (a dict, taken over as is).
    pub dict: &'a Obj<'py>,
    /// The instance layout.
    pub kind: Kind,
    /// Flags ([`MANAGED_DICT`], [`BASETYPE`], ...); [`HEAPTYPE`] is added.
    pub flags: u32,
    /// `__slots__` cells of a layout-`object` instance.
    pub nslots: u32,
}

fn is_type(o: &Obj<'_>) -> bool {
    o.kind() == Kind::Type
}

impl<'py> Py<'py> {
    /// A new class. `spec.meta` must be `type` or a subclass of it, and the other parts what
    /// [`TypeSpec`] says (a `TypeError` otherwise, never a broken type).
    pub fn new_heap_type(self, spec: TypeSpec<'_, 'py>) -> PyResult<Obj<'py>> {
        let bad = |what: &str| Err(PyErr::type_error(format!("new_heap_type: bad {what}")));
        let meta_ok = is_type(spec.meta)
            // SAFETY: `meta` is a type (checked first), held by the caller.
            && unsafe { crate::types::is_subtype_raw(spec.meta.raw(), TYPE.raw()) };
        if !meta_ok {
            return bad("metaclass");
        }
        if spec.name.kind() != Kind::Str
            || spec.qualname.kind() != Kind::Str
            || spec.module.kind() != Kind::Str
        {
            return bad("name");
        }
        if !is_type(spec.base) || spec.dict.kind() != Kind::Dict {
            return bad("base or dict");
        }
        let all_types = |t: &Obj<'py>| {
            t.tuple_items()
                .is_some_and(|items| items.iter().all(is_type))
        };
        if !all_types(spec.bases) || !all_types(spec.mro_tail) {
            return bad("bases or mro");
        }
        if spec.kind != Kind::Object && spec.nslots != 0 {
            return bad("slots");
        }
        let p = self.new_obj(
            spec.meta.raw().as_ptr(),
            std::mem::size_of::<ObjBox<TypeData>>(),
        )?;
        let data = TypeData {
            name: crate::types::Name::new(Text::Obj(spec.name.clone().into_raw())),
            module: Text::Obj(spec.module.clone().into_raw()),
            base: Cell::new(spec.base.clone().into_raw().as_ptr()),
            kind: spec.kind,
            slots: crate::types::no_slots(),
            heap: HeapTypeData {
                dict: Cell::new(spec.dict.clone().into_raw().as_ptr()),
                bases: Cell::new(spec.bases.clone().into_raw().as_ptr()),
                mro: Cell::new(spec.mro_tail.clone().into_raw().as_ptr()),
                qualname: Cell::new(spec.qualname.clone().into_raw().as_ptr()),
                flags: Cell::new(spec.flags | HEAPTYPE),
                version: Cell::new(next_version()),
                nslots: Cell::new(spec.nslots),
                subclasses: HeapVec::new(),
                old_names: HeapVec::new(),
                slots: Cell::new(0),
                slots_version: Cell::new(0),
                has_del: Cell::new(false),
                del_version: Cell::new(0),
            },
            prefix: crate::layout::Prefix::of(
                spec.kind,
                crate::types::no_slots(),
                spec.flags | HEAPTYPE,
            ),
        };
        // SAFETY: `p` is a fresh block sized for `ObjBox<TypeData>`.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<TypeData>>()).payload).write(data)
        };
        // SAFETY: fresh object, we own its only reference.
        let ty = unsafe { Obj::owned(self, p) };
        for b in spec.bases.tuple_items().unwrap_or_default() {
            if b.is_heap_type() {
                // SAFETY: `b` is a type, held by `spec.bases`.
                unsafe { type_data(b.raw()) }
                    .heap
                    .subclasses
                    .push(self, p.as_ptr() as usize)?;
            }
        }
        Ok(ty)
    }

    /// An instance of layout-`object` class `ty` (`object.__new__(ty)`): empty slots and,
    /// when the class has [`MANAGED_DICT`], no dict until one is needed.
    pub fn new_object(self, ty: &Obj<'py>) -> PyResult<Obj<'py>> {
        if !is_type(ty) {
            return Err(PyErr::type_error(
                "object.__new__(X): X is not a type object",
            ));
        }
        // SAFETY: `ty` is a type (checked), held by the caller.
        let d = unsafe { type_data(ty.raw()) };
        if d.kind != Kind::Object {
            return Err(PyErr::type_error(format!(
                "object.__new__({}) is not safe, use {}.__new__()",
                d.name.as_str(),
                d.name.as_str()
            )));
        }
        let n = d.heap.nslots.get() as usize;
        let size = std::mem::size_of::<Header>() + n * std::mem::size_of::<Cell<*const Header>>();
        let p = self.new_obj(ty.raw().as_ptr(), size)?;
        for i in 0..n {
            // SAFETY: the block has room for `n` cells after the header.
            unsafe { slot_ptr(p, i).write(Cell::new(std::ptr::null())) };
        }
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

/// The address of slot cell `i` of layout-`object` instance `p`.
fn slot_ptr(p: Raw, i: usize) -> *mut Cell<*const Header> {
    p.as_ptr()
        .cast::<u8>()
        .wrapping_add(std::mem::size_of::<Header>())
        .cast::<Cell<*const Header>>()
        .wrapping_add(i)
}

/// The managed-dict cell of `p`, when its type has one.
///
/// # Safety
/// `p` is a live object, and the reference does not outlive it.
#[inline]
pub(crate) unsafe fn dict_cell<'a>(p: Raw) -> Option<&'a Cell<*const Header>> {
    // SAFETY: the type of a live object is a live type object.
    let flags = unsafe { type_data(type_of(p)) }.heap.flags();
    // SAFETY: objects of a class with a managed dict were allocated with the cell among
    // their prefixes (`Py::new_obj`, `layout.rs`).
    (flags & MANAGED_DICT != 0).then(|| unsafe { &*crate::layout::dict_cell_ptr(p) })
}

/// The MRO tuple of type `t` without `t`, for a heap type made by [`Py::new_heap_type`].
///
/// # Safety
/// `t` is a live type object.
#[inline]
pub(crate) unsafe fn mro_raw(t: Raw) -> Option<Raw> {
    // SAFETY: the contract.
    NonNull::new(unsafe { type_data(t) }.heap.mro.get().cast_mut())
}

/// The `__qualname__` text of type `t`, when it is a heap type.
///
/// # Safety
/// `t` is a live type object, and the text is not used after it is freed or its qualname
/// replaced.
pub(crate) unsafe fn qualname_text<'a>(t: Raw) -> Option<&'a str> {
    // SAFETY: the contract.
    let q = NonNull::new(unsafe { type_data(t) }.heap.qualname.get().cast_mut())?;
    // SAFETY: a heap type's qualname is a str it owns.
    Some(unsafe { crate::str::as_str(q) })
}

/// Releases what heap type `p` owns beyond the static fields (dealloc), and takes it out of
/// its bases' subclass lists.
///
/// # Safety
/// `p` is a heap type of `py`'s heap being freed (refcount zero), once.
pub(crate) unsafe fn drop_heap_data(py: Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    // SAFETY: the contract.
    let h = &unsafe { type_data(p) }.heap;
    let me = p.as_ptr() as usize;
    if let Some(bases) = NonNull::new(h.bases.get().cast_mut()) {
        // SAFETY: the type's bases tuple is live (owned by the type, released below).
        for &b in unsafe { crate::tuple::items(bases) } {
            // SAFETY: a base is a live type (the tuple holds it).
            let subs = &unsafe { type_data(b) }.heap.subclasses;
            if let Some(i) = (0..subs.len()).find(|&i| subs.get(i) == Some(me)) {
                subs.remove(i);
            }
        }
    }
    for c in [&h.dict, &h.bases, &h.mro, &h.qualname] {
        if let Some(o) = NonNull::new(c.replace(std::ptr::null()).cast_mut()) {
            // SAFETY: the type's owned reference, given up once (the cell is cleared).
            unsafe { crate::handle::decref_into(py, o, stack) };
        }
    }
    let (buf, _) = h.subclasses.take();
    crate::vec::free_raw(py, buf);
    for i in 0..h.old_names.len() {
        if let Some(o) = h
            .old_names
            .get(i)
            .and_then(|a| NonNull::new(a as *mut Header))
        {
            // SAFETY: the type's owned reference to a name it had, given up once (the
            // vector is freed below).
            unsafe { crate::handle::decref_into(py, o, stack) };
        }
    }
    let (buf, _) = h.old_names.take();
    crate::vec::free_raw(py, buf);
}

/// Releases what an instance owns because of its class: its `__slots__` cells (layout
/// `object`) and its managed dict (dealloc, and the collector's clear).
///
/// # Safety
/// `p` is a live object of `py`'s heap whose references are being released (it is being
/// freed, or cleared), and whose type is alive.
pub(crate) unsafe fn drop_instance_parts(py: Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    // SAFETY: the contract.
    unsafe {
        for_each_instance_cell(p, &mut |c| {
            if let Some(o) = NonNull::new(c.replace(std::ptr::null()).cast_mut()) {
                // SAFETY: the cell's owned reference, given up once (the cell is cleared).
                crate::handle::decref_into(py, o, stack);
            }
        })
    };
}

/// Calls `f` on each cell holding what an instance owns because of its class: its
/// `__slots__` (layout `object`), then its managed dict.
///
/// # Safety
/// `p` is a live object whose type is alive.
#[inline]
pub(crate) unsafe fn for_each_instance_cell(p: Raw, f: &mut dyn FnMut(&Cell<*const Header>)) {
    // SAFETY: the type of a live object is a live type object.
    let d = unsafe { type_data(type_of(p)) };
    if d.heap.nslots.get() != 0 && d.kind == Kind::Object {
        for i in 0..d.heap.nslots.get() as usize {
            // SAFETY: the instance was made by `new_object` with this many cells.
            f(unsafe { &*slot_ptr(p, i) });
        }
    }
    // SAFETY: the contract.
    if let Some(c) = unsafe { dict_cell(p) } {
        f(c);
    }
}

/// The references heap type `t` owns beyond the static fields: dict, bases, mro, qualname.
///
/// # Safety
/// `t` is a live type object.
pub(crate) unsafe fn type_cells<'a>(t: Raw) -> [&'a Cell<*const Header>; 4] {
    // SAFETY: the contract.
    let h = &unsafe { type_data(t) }.heap;
    [&h.dict, &h.bases, &h.mro, &h.qualname]
}

impl<'py> Obj<'py> {
    fn type_payload(&self) -> Option<&TypeData> {
        // SAFETY: kind checked; `self` holds the type alive for the reference's lifetime.
        is_type(self).then(|| unsafe { type_data(self.raw()) })
    }

    fn borrow_cell(&self, c: &Cell<*const Header>) -> Option<Obj<'py>> {
        // SAFETY: a non-null cell of a live type or instance holds an owned reference.
        NonNull::new(c.get().cast_mut()).map(|p| unsafe { Obj::borrowed(self.py, p) })
    }

    /// Whether this object's class was made at run time.
    #[inline]
    pub fn has_heap_type(&self) -> bool {
        // SAFETY: the type of a live object is a live type object.
        unsafe { type_data(type_of(self.raw())) }.heap.flags() & HEAPTYPE != 0
    }

    /// Whether this is a class made at run time ([`HEAPTYPE`]).
    pub fn is_heap_type(&self) -> bool {
        self.type_flags() & HEAPTYPE != 0
    }

    /// The flags of a class (0 for a non-class).
    pub fn type_flags(&self) -> u32 {
        self.type_payload().map_or(0, |d| d.heap.flags())
    }

    /// Sets or clears the loop's flag bits `bits` of a heap class (not [`HEAPTYPE`] or
    /// [`MANAGED_DICT`], which fix the layout).
    pub fn set_type_flags(&self, bits: u32, on: bool) {
        let bits = bits & !(HEAPTYPE | MANAGED_DICT);
        if let Some(d) = self.type_payload().filter(|_| self.is_heap_type()) {
            let f = d.heap.flags.get();
            d.heap.flags.set(if on { f | bits } else { f & !bits });
        }
    }

    /// The layout of a class's instances.
    pub fn type_instance_kind(&self) -> Option<Kind> {
        self.type_payload().map(|d| d.kind)
    }

    /// `__dict__` of a heap class (static classes keep theirs in the eval loop).
    pub fn type_dict(&self) -> Option<Obj<'py>> {
        self.type_payload()
            .and_then(|d| self.borrow_cell(&d.heap.dict))
    }

    /// The base whose layout instances extend (`tp_base`; `None` for `object`).
    pub fn type_base(&self) -> Option<Obj<'py>> {
        let d = self.type_payload()?;
        // SAFETY: a type holds its base alive.
        NonNull::new(d.base.get().cast_mut()).map(|p| unsafe { Obj::borrowed(self.py, p) })
    }

    /// `__bases__`: a heap class's tuple, else the one base (or none for `object`).
    pub fn type_bases(&self) -> Vec<Obj<'py>> {
        if let Some(t) = self
            .type_payload()
            .and_then(|d| self.borrow_cell(&d.heap.bases))
        {
            return t.tuple_items().unwrap_or_default();
        }
        self.type_base().into_iter().collect()
    }

    /// `__mro__`: the class, then its bases in method resolution order.
    pub fn type_mro(&self) -> Vec<Obj<'py>> {
        if !is_type(self) {
            return Vec::new();
        }
        // SAFETY: `self` is a type (checked), held alive.
        if let Some(m) = unsafe { mro_raw(self.raw()) } {
            let mut out = vec![self.clone()];
            // SAFETY: the MRO tuple lives as long as the type; its items are types it holds.
            for &p in unsafe { crate::tuple::items(m) } {
                // SAFETY: as above.
                out.push(unsafe { Obj::borrowed(self.py, p) });
            }
            return out;
        }
        let mut out = vec![self.clone()];
        while let Some(b) = out.last().and_then(Obj::type_base) {
            out.push(b);
        }
        out
    }

    /// Calls `f` with the `__dict__` of heap class `self`, then of each class of its MRO, up
    /// to the first builtin (static) class, until `f` gives an answer; no allocation (the
    /// eval loop's slot lookups).
    pub fn type_heap_dicts<R>(
        &self,
        mut f: impl FnMut(&Obj<'py>) -> PyResult<Option<R>>,
    ) -> PyResult<Option<R>> {
        let Some(d) = self.type_dict() else {
            return Ok(None);
        };
        if let Some(r) = f(&d)? {
            return Ok(Some(r));
        }
        // SAFETY: `self` has a dict, so it is a heap type, held alive.
        let Some(m) = (unsafe { mro_raw(self.raw()) }) else {
            return Ok(None);
        };
        // SAFETY: the MRO tuple lives as long as the type; its items are types it holds.
        for &t in unsafe { crate::tuple::items(m) } {
            // SAFETY: as above.
            let t = unsafe { Obj::borrowed(self.py, t) };
            let Some(d) = t.type_dict() else {
                break;
            };
            if let Some(r) = f(&d)? {
                return Ok(Some(r));
            }
        }
        Ok(None)
    }

    /// The version tag of a class (CPython's `tp_version_tag`): equal tags mean nothing
    /// reachable by lookup on the class changed; 0 means "do not cache".
    pub fn type_version(&self) -> u32 {
        self.type_payload().map_or(0, |d| d.heap.version.get())
    }

    /// The slot table of a heap class (see [`set_type_slots`](Self::set_type_slots)), when
    /// it was filled at the class's current version; `None` when it must be filled again.
    #[inline]
    pub fn type_slots(&self) -> Option<u128> {
        let d = self.type_payload()?;
        let v = d.heap.version.get();
        (v != 0 && d.heap.slots_version.get() == v).then(|| d.heap.slots.get())
    }

    /// Records the slot table of a heap class at its current version: one bit per dunder
    /// method its MRO defines (the bits are the eval loop's). A new version tag
    /// ([`type_modified`](Self::type_modified)) makes it stale.
    pub fn set_type_slots(&self, bits: u128) {
        if let Some(d) = self.type_payload().filter(|_| self.is_heap_type()) {
            d.heap.slots.set(bits);
            d.heap.slots_version.set(d.heap.version.get());
        }
    }

    /// Records a change to heap class `self` (an attribute set or deleted): it and every
    /// subclass get a new version tag (CPython's `PyType_Modified`).
    pub fn type_modified(&self) {
        let mut todo = vec![self.raw()];
        while let Some(t) = todo.pop() {
            // SAFETY: `t` is `self` or a live subclass (a subclass removes itself from its
            // bases' lists before it is freed).
            let h = &unsafe { type_data(t) }.heap;
            if h.flags() & HEAPTYPE == 0 {
                continue;
            }
            h.version.set(next_version());
            for i in 0..h.subclasses.len() {
                if let Some(s) = h
                    .subclasses
                    .get(i)
                    .and_then(|a| NonNull::new(a as *mut Header))
                {
                    todo.push(s);
                }
            }
        }
    }

    /// Whether instances of classes `self` and `other` have the same layout, so that one's
    /// instance may become the other's (CPython's `compatible_for_assignment`): the same
    /// first builtin ancestor and instance layout, a managed dict in both or neither, and
    /// the same `__slots__`.
    pub fn type_layout_matches(&self, other: &Obj<'py>) -> PyResult<bool> {
        let (Some(a), Some(b)) = (self.type_payload(), other.type_payload()) else {
            return Ok(false);
        };
        let solid = |t: &Obj<'py>| {
            let mut t = t.clone();
            while t.is_heap_type() {
                match t.type_base() {
                    Some(b) => t = b,
                    None => break,
                }
            }
            t
        };
        if a.kind != b.kind
            || a.prefix.dict != b.prefix.dict
            || a.heap.nslots.get() != b.heap.nslots.get()
            || !solid(self).is(&solid(other))
        {
            return Ok(false);
        }
        let slots = |t: &Obj<'py>| -> PyResult<Vec<String>> {
            let Some(v) = t
                .type_dict()
                .map(|d| d.dict_get_str("__slots__"))
                .transpose()?
            else {
                return Ok(Vec::new());
            };
            Ok(match v {
                Some(v) if v.kind() == Kind::Str => vec![v.as_str().unwrap_or("").to_owned()],
                Some(v) => v
                    .tuple_items()
                    .or_else(|| v.list_items())
                    .unwrap_or_default()
                    .iter()
                    .map(|s| s.as_str().unwrap_or("").to_owned())
                    .collect(),
                None => Vec::new(),
            })
        };
        Ok(slots(self)? == slots(other)?)
    }

    /// `obj.__class__ = new` for an instance of a heap class, `new` a heap class whose layout
    /// matches (the loop checked it with [`type_layout_matches`](Self::type_layout_matches)):
    /// the instance takes a reference to `new` and gives up the one to its old class.
    pub fn set_class(&self, new: &Obj<'py>) -> PyResult<()> {
        let old = self.get_type();
        if !self.has_heap_type() || !new.is_heap_type() || !old.type_layout_matches(new)? {
            return Err(PyErr::type_error("__class__ assignment: layouts differ"));
        }
        let new = new.clone().into_raw();
        // SAFETY: `self` is live (held); the header's type cell is only read by `type_of`,
        // under the GIL this token proves. The instance owned one reference to its old
        // class, handed to `old` below, and now owns `new`'s.
        unsafe { self.raw().as_ref() }.ty.set(new.as_ptr());
        // SAFETY: the instance's reference to its old class, given up once.
        unsafe { crate::handle::decref(self.py, old.raw()) };
        Ok(())
    }

    /// `__subclasses__()` of a heap class, oldest first (static classes record none).
    pub fn type_subclasses(&self) -> Vec<Obj<'py>> {
        let Some(d) = self.type_payload() else {
            return Vec::new();
        };
        (0..d.heap.subclasses.len())
            .filter_map(|i| d.heap.subclasses.get(i))
            .filter_map(|a| NonNull::new(a as *mut Header))
            // SAFETY: a listed subclass is alive (it unlists itself when freed).
            .map(|p| unsafe { Obj::borrowed(self.py, p) })
            .collect()
    }

    /// `__name__` of a class.
    pub fn type_short_name(&self) -> Option<String> {
        let d = self.type_payload()?;
        Some(d.name.as_str().to_owned())
    }

    /// `__qualname__` of a class (its name for a static class).
    pub fn type_qualname(&self) -> Option<String> {
        let d = self.type_payload()?;
        match self.borrow_cell(&d.heap.qualname) {
            Some(q) => q.as_str().map(str::to_owned),
            None => Some(d.name.as_str().to_owned()),
        }
    }

    /// Sets `__qualname__` of a heap class (a str).
    pub fn set_type_qualname(&self, q: &Obj<'py>) -> PyResult<()> {
        let d = self
            .type_payload()
            .filter(|_| self.is_heap_type())
            .ok_or_else(|| PyErr::type_error("not a heap type"))?;
        if q.kind() != Kind::Str {
            return Err(PyErr::type_error(format!(
                "can only assign string to {}.__qualname__, not '{}'",
                d.name.as_str(),
                q.type_name()
            )));
        }
        let old = d.heap.qualname.replace(q.clone().into_raw().as_ptr());
        if let Some(o) = NonNull::new(old.cast_mut()) {
            // SAFETY: the type's old reference, replaced above.
            unsafe { crate::handle::decref(self.py, o) };
        }
        Ok(())
    }

    /// Replaces `__bases__` of a heap class and the base its layout extends (CPython's
    /// `type_set_bases`; the caller has checked the tuple and the layouts), moving the class
    /// from its old bases' subclass lists to the new ones'. The MRO is set apart
    /// ([`set_type_mro`](Self::set_type_mro)).
    pub fn set_type_bases(&self, bases: &Obj<'py>, base: &Obj<'py>) -> PyResult<()> {
        let d = self
            .type_payload()
            .filter(|_| self.is_heap_type())
            .ok_or_else(|| PyErr::type_error("not a heap type"))?;
        let new = bases
            .tuple_items()
            .filter(|v| v.iter().all(is_type) && is_type(base))
            .ok_or_else(|| PyErr::type_error("__bases__ must be a tuple of classes"))?;
        let me = self.raw().as_ptr() as usize;
        for b in self.type_bases() {
            // SAFETY: `b` is a type, held by the old bases tuple.
            let subs = &unsafe { type_data(b.raw()) }.heap.subclasses;
            if let Some(i) = (0..subs.len()).find(|&i| subs.get(i) == Some(me)) {
                subs.remove(i);
            }
        }
        for b in new.iter().filter(|b| b.is_heap_type()) {
            // SAFETY: `b` is a type, held by `bases`.
            unsafe { type_data(b.raw()) }
                .heap
                .subclasses
                .push(self.py, me)?;
        }
        let old = d.heap.bases.replace(bases.clone().into_raw().as_ptr());
        let old_base = d.base.replace(base.clone().into_raw().as_ptr());
        for o in [old, old_base] {
            if let Some(o) = NonNull::new(o.cast_mut()) {
                // SAFETY: the type's reference to its old bases tuple or base, replaced above.
                unsafe { crate::handle::decref(self.py, o) };
            }
        }
        self.type_modified();
        Ok(())
    }

    /// Replaces `__mro__` of a heap class (`mro_tail`: a tuple of classes, without the
    /// class itself), as `__bases__` assignment recomputes it.
    pub fn set_type_mro(&self, mro_tail: &Obj<'py>) -> PyResult<()> {
        let d = self
            .type_payload()
            .filter(|_| self.is_heap_type())
            .ok_or_else(|| PyErr::type_error("not a heap type"))?;
        if !mro_tail
            .tuple_items()
            .is_some_and(|v| v.iter().all(is_type))
        {
            return Err(PyErr::type_error("__mro__ must be a tuple of classes"));
        }
        let old = d.heap.mro.replace(mro_tail.clone().into_raw().as_ptr());
        if let Some(o) = NonNull::new(old.cast_mut()) {
            // SAFETY: the type's reference to its old MRO tuple, replaced above.
            unsafe { crate::handle::decref(self.py, o) };
        }
        self.type_modified();
        Ok(())
    }

    /// `__name__` of a heap class as the object it was given (a str subclass stays one).
    pub fn type_name_obj(&self) -> Option<Obj<'py>> {
        match self.type_payload()?.name.get() {
            // SAFETY: the type owns its name object, alive while `self` is.
            crate::types::Text::Obj(p) => Some(unsafe { Obj::borrowed(self.py, p) }),
            crate::types::Text::Static(_) => None,
        }
    }

    /// Sets `__name__` of a heap class (CPython's `type_set_name`: a str without NUL
    /// characters). The old name stays alive with the type.
    pub fn set_type_name(&self, n: &Obj<'py>) -> PyResult<()> {
        let d = self
            .type_payload()
            .filter(|_| self.is_heap_type())
            .ok_or_else(|| PyErr::type_error("not a heap type"))?;
        let Some(text) = n.as_str() else {
            return Err(PyErr::type_error(format!(
                "can only assign string to {}.__name__, not '{}'",
                d.name.as_str(),
                n.type_name()
            )));
        };
        if text.contains('\0') {
            return Err(PyErr::new(
                &crate::exc::VALUE_ERROR,
                "type name must not contain null characters",
            ));
        }
        d.heap.old_names.reserve(self.py, 1)?;
        let old = d
            .name
            .replace(crate::types::Text::Obj(n.clone().into_raw()));
        if let crate::types::Text::Obj(o) = old {
            d.heap.old_names.push(self.py, o.as_ptr() as usize)?;
        }
        Ok(())
    }

    /// The number of `__slots__` cells of a layout-`object` class.
    pub fn type_nslots(&self) -> usize {
        self.type_payload()
            .map_or(0, |d| d.heap.nslots.get() as usize)
    }

    /// The instance's managed `__dict__`, made on first use; `None` when its class has none.
    pub fn inst_dict(&self) -> PyResult<Option<Obj<'py>>> {
        // SAFETY: `self` holds the object alive for the reference's lifetime.
        let Some(c) = (unsafe { dict_cell(self.raw()) }) else {
            return Ok(None);
        };
        if let Some(d) = self.borrow_cell(c) {
            return Ok(Some(d));
        }
        let d = self.py.dict()?;
        c.set(d.clone().into_raw().as_ptr());
        Ok(Some(d))
    }

    /// The instance's managed `__dict__` if one was made (none is made here).
    #[inline]
    pub fn inst_dict_peek(&self) -> Option<Obj<'py>> {
        // SAFETY: `self` holds the object alive for the reference's lifetime.
        let c = unsafe { dict_cell(self.raw()) }?;
        self.borrow_cell(c)
    }

    /// Replaces the instance's `__dict__` (`obj.__dict__ = d`); `false` when its class has
    /// no managed dict.
    pub fn set_inst_dict(&self, d: &Obj<'py>) -> bool {
        // SAFETY: `self` holds the object alive for the reference's lifetime.
        let Some(c) = (unsafe { dict_cell(self.raw()) }) else {
            return false;
        };
        let old = c.replace(d.clone().into_raw().as_ptr());
        if let Some(o) = NonNull::new(old.cast_mut()) {
            // SAFETY: the instance's old dict reference, replaced above.
            unsafe { crate::handle::decref(self.py, o) };
        }
        true
    }

    fn slot_cell(&self, i: usize) -> Option<&Cell<*const Header>> {
        let n = self.get_type().type_nslots();
        // SAFETY: a layout-`object` instance has its class's `nslots` cells (`i < n`).
        (self.kind() == Kind::Object && i < n).then(|| unsafe { &*slot_ptr(self.raw(), i) })
    }

    /// The value of `__slots__` cell `i` (`None` when empty or out of range).
    pub fn slot_get(&self, i: usize) -> Option<Obj<'py>> {
        self.borrow_cell(self.slot_cell(i)?)
    }

    /// Sets (`Some`) or empties (`None`) `__slots__` cell `i`; whether it held a value.
    pub fn slot_set(&self, i: usize, v: Option<&Obj<'py>>) -> bool {
        let Some(c) = self.slot_cell(i) else {
            return false;
        };
        let new = v.map_or(std::ptr::null(), |v| {
            v.clone().into_raw().as_ptr().cast_const()
        });
        let old = c.replace(new);
        match NonNull::new(old.cast_mut()) {
            Some(o) => {
                // SAFETY: the cell's old reference, replaced above.
                unsafe { crate::handle::decref(self.py, o) };
                true
            }
            None => false,
        }
    }
}
