//! Instances of native classes ([`StaticType::native`]): objects carrying a Rust value, in the
//! owner's heap, dropped in the owner.

use std::any::{Any, TypeId};
use std::cell::Cell;

use crate::header::{Header, ObjBox, Raw, payload};
use crate::types::{Kind, StaticType};
use crate::{Obj, Py, PyErr, PyResult};

#[repr(C)]
struct NativeBox<T> {
    head: NativeHead,
    value: T,
}

/// The type-erased prefix of every `NativeBox<T>`. Both fields change once, when the value is
/// released at heap close ([`finalize_native`]): the type id to [`Released`]'s, so the value no
/// longer downcasts, and `drop` to a no-op.
#[repr(C)]
struct NativeHead {
    type_id: Cell<TypeId>,
    drop: Cell<unsafe fn(Raw)>,
    /// An object of the same heap the instance holds a strong reference to
    /// ([`Py::new_native_holding`]: the `__self__` of a bound native function), or null.
    /// Released with the token at dealloc, so it is never a deferred decref.
    held: Cell<*const Header>,
}

/// The type id a released native value reports (no payload has this private type).
struct Released;

/// The drop function of a released value: nothing left to drop.
unsafe fn drop_nothing(_: Raw) {}

unsafe fn drop_box<T>(p: Raw) {
    // SAFETY: `p` is a `NativeBox<T>` object (recorded at creation), dropped once by dealloc.
    unsafe {
        std::ptr::drop_in_place(std::ptr::addr_of_mut!(
            (*p.as_ptr().cast::<ObjBox<NativeBox<T>>>()).payload.value
        ))
    }
}

impl<'py> Py<'py> {
    /// An instance of native class `ty` holding `value`.
    ///
    /// `T` must be `Send`: the object may be used and dropped by whichever thread next holds
    /// the interpreter's GIL (a pool worker, a thread that ends the interpreter), not the one
    /// that made it. A thread-bound payload such as an `Rc` is refused at compile time:
    ///
    /// ```compile_fail,E0277
    /// # use subinterp_object::{InterpId, Objects, Slots, StaticType};
    /// # use subinterp_obmalloc::Heap;
    /// static SLOTS: Slots = Slots { methods: None, getattr: None, repr: None, ..Slots::EMPTY };
    /// static HANDLE: StaticType = StaticType::native("Handle", "demo", &SLOTS);
    /// let objs = Objects::new(InterpId::new(0), Heap::new());
    /// let shared = std::rc::Rc::new(1);
    /// // SAFETY: single-threaded doc test.
    /// unsafe { objs.with_gil(|py| py.new_native(&HANDLE, shared.clone()).map(drop)) };
    /// ```
    ///
    /// An `Arc` is fine:
    ///
    /// ```
    /// # use subinterp_object::{InterpId, Objects, Slots, StaticType};
    /// # use subinterp_obmalloc::Heap;
    /// static SLOTS: Slots = Slots { methods: None, getattr: None, repr: None, ..Slots::EMPTY };
    /// static HANDLE: StaticType = StaticType::native("Handle", "demo", &SLOTS);
    /// let objs = Objects::new(InterpId::new(0), Heap::new());
    /// let shared = std::sync::Arc::new(1);
    /// // SAFETY: single-threaded doc test.
    /// let r = unsafe { objs.with_gil(|py| py.new_native(&HANDLE, shared.clone()).map(drop)) };
    /// assert!(r.is_ok());
    /// ```
    pub fn new_native<T: Any + Send>(
        self,
        ty: &'static StaticType,
        value: T,
    ) -> PyResult<Obj<'py>> {
        self.new_native_in(ty, value, None)
    }

    /// An instance of native class `ty` holding `value` and a strong reference to `held`, an
    /// object of the same interpreter ([`Obj::native_held`]): what a bound native function
    /// keeps of its `__self__`. The reference is given up with the token when the instance is
    /// freed (an `ObjRef` in the value would be a deferred decref instead).
    pub fn new_native_holding<T: Any + Send>(
        self,
        ty: &'static StaticType,
        value: T,
        held: &Obj<'py>,
    ) -> PyResult<Obj<'py>> {
        self.new_native_in(ty, value, Some(held))
    }

    fn new_native_in<T: Any + Send>(
        self,
        ty: &'static StaticType,
        value: T,
        held: Option<&Obj<'py>>,
    ) -> PyResult<Obj<'py>> {
        if ty.data.kind != Kind::Native {
            return Err(PyErr::type_error(format!(
                "'{}' is not a native class",
                ty.name()
            )));
        }
        if std::mem::align_of::<T>() > 16 {
            return Err(PyErr::new(
                &crate::exc::SYSTEM_ERROR,
                "native value alignment above 16 bytes",
            ));
        }
        if let Some(h) = held
            && !std::ptr::eq(h.py.objects(), self.objects())
        {
            return Err(PyErr::new(
                &crate::exc::SYSTEM_ERROR,
                "a native instance can hold only objects of its own interpreter",
            ));
        }
        let p = self.new_obj(&ty.header, std::mem::size_of::<ObjBox<NativeBox<T>>>())?;
        let held = held.map_or(std::ptr::null(), |h| {
            h.clone().into_raw().as_ptr().cast_const()
        });
        // SAFETY: fresh block sized for `ObjBox<NativeBox<T>>`.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<NativeBox<T>>>()).payload).write(
                NativeBox {
                    head: NativeHead {
                        type_id: Cell::new(TypeId::of::<T>()),
                        drop: Cell::new(drop_box::<T>),
                        held: Cell::new(held),
                    },
                    value,
                },
            )
        };
        if std::mem::needs_drop::<T>() {
            // SAFETY: the token proves the GIL; `p` is a live object of its heap.
            unsafe { self.ctx().track(p) };
        }
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

impl<'py> Obj<'py> {
    /// The object a native instance holds ([`Py::new_native_holding`]), if any.
    pub fn native_held(&self) -> Option<Obj<'py>> {
        if self.kind() != Kind::Native {
            return None;
        }
        // SAFETY: native instances start with a `NativeHead`.
        let head = unsafe { payload::<NativeHead>(self.raw()) };
        let held = std::ptr::NonNull::new(head.held.get().cast_mut())?;
        // SAFETY: the instance owns a reference to `held`, alive while `self` is.
        Some(unsafe { Obj::borrowed(self.py, held) })
    }

    /// The Rust value of a native-class instance, if it holds a `T`.
    pub fn native<T: Any>(&self) -> Option<&T> {
        // SAFETY: `self` keeps the object alive for the reference's lifetime.
        unsafe { native_raw(self.raw()) }
    }
}

/// The Rust value of object `p`, if it is a native instance holding a `T`.
///
/// # Safety
/// `p` is live, and the reference is not used after it is freed.
pub(crate) unsafe fn native_raw<'a, T: Any>(p: Raw) -> Option<&'a T> {
    if crate::types::kind_of(p) != Kind::Native {
        return None;
    }
    // SAFETY: native instances start with a `NativeHead` (repr(C) prefix of `NativeBox`).
    let head = unsafe { payload::<NativeHead>(p) };
    // SAFETY: the type id matches, so the layout is `NativeBox<T>`; live per the contract.
    (head.type_id.get() == TypeId::of::<T>()).then(|| unsafe { &payload::<NativeBox<T>>(p).value })
}

/// Drops the Rust value (dealloc).
///
/// # Safety
/// `p` is a native instance of `py`'s heap whose refcount reached zero; called once.
pub(crate) unsafe fn drop_native(py: Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    // SAFETY: the token proves the GIL.
    unsafe { py.ctx().untrack(p) };
    // SAFETY: `p` is a native instance, whose payload starts with a `NativeHead`.
    let head = unsafe { payload::<NativeHead>(p) };
    // SAFETY: the recorded drop function matches the value's type (or is the no-op of a
    // released value); dealloc calls it once.
    unsafe { (head.drop.get())(p) }
    // The value's unbound references (`ObjRef`s, which defer their release for want of a
    // token) are released now, so what it held dies with it: a bound method's instance is
    // freed, and its `__del__` queued, when the call that made the method returns.
    if py.ctx().may_have_pending() {
        // SAFETY: dealloc, with its worklist.
        unsafe { py.run_deferred_into(stack) };
    }
    if let Some(held) = std::ptr::NonNull::new(head.held.replace(std::ptr::null()).cast_mut()) {
        // SAFETY: the instance's own reference to a live object of this heap, given up once
        // (the slot is cleared above).
        unsafe { crate::handle::decref_into(py, held, stack) };
    }
}

/// Releases the Rust value of a native instance still alive at heap close: marks it released
/// first (so the object no longer yields it, and a later dealloc drops nothing), then drops it.
///
/// # Safety
/// `p` is a live native instance whose value was not released yet, and the caller holds the
/// GIL of its heap (or the closing user's exclusive access).
pub(crate) unsafe fn finalize_native(p: Raw) {
    // SAFETY: `p` is a native instance, whose payload starts with a `NativeHead`.
    let head = unsafe { payload::<NativeHead>(p) };
    let drop = head.drop.replace(drop_nothing);
    head.type_id.set(TypeId::of::<Released>());
    // The held object is of this closing heap: its memory goes with the arenas.
    head.held.set(std::ptr::null());
    // SAFETY: `drop` is the value's own drop function, taken out above so it runs once.
    unsafe { drop(p) }
}
