//! Weak references (`weakref.ref`, CPython's `Objects/weakrefobject.c`).
//!
//! A weak reference does not keep its referent alive. The heap's weak table maps each
//! referent (by address) to its weak references, newest callback reference first after the
//! basic one, as CPython's list; the referent's collector prefix is flagged so its dealloc
//! looks the table up only when there is something to clear. When the referent dies, each
//! reference is cleared (calling it returns `None`) and those with a callback are queued: the
//! callbacks run at the eval loop's next check ([`Py::gc_run_due`]), since a dealloc happens
//! inside whatever operation dropped the last reference and has no thread state to run
//! Python code with. A collection calls them itself, before finalizers, as CPython does.
//!
//! Objects weakly referenceable are those CPython's types allow: sets, frozensets, modules,
//! types, builtin functions, and native classes whose [`Slots`] say so (functions, methods,
//! generators, code objects); others give `TypeError: cannot create weak reference to 'int'
//! object`.

use std::cell::{Cell, RefCell};
use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use crate::gc::head::{self, HAS_WEAKREFS, UNREACHABLE, head_of};
use crate::gc::{GcHooks, Visit};
use crate::header::{Header, Raw};
use crate::types::{Kind, Slots, StaticType, kind_of, type_data, type_of};
use crate::{Obj, ObjRef, Py, PyErr, PyResult};

/// The payload of a weak reference.
struct WeakData {
    /// The referent's address; 0 once it died.
    referent: Cell<usize>,
    /// The callback (an owned reference), until called or cleared.
    callback: RefCell<Option<ObjRef>>,
    /// The referent's hash, once computed (kept after it dies, as CPython).
    hash: Cell<Option<i64>>,
}

static WEAKREF_SLOTS: Slots = Slots {
    getattr: Some(weakref_getattr),
    repr: Some(weakref_repr),
    traverse: Some(weakref_traverse),
    clear: Some(weakref_clear),
    ..Slots::EMPTY
};

/// `weakref.ReferenceType` (`weakref.ref`).
pub static WEAKREF: StaticType = StaticType::native("ReferenceType", "weakref", &WEAKREF_SLOTS);

fn data<'a>(wr: &'a Obj<'_>) -> Option<&'a WeakData> {
    wr.native::<WeakData>()
}

fn weakref_getattr<'py>(wr: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    (name == "__callback__").then(|| Ok(wr.weakref_callback().unwrap_or_else(|| wr.py().none())))
}

fn weakref_repr(wr: &Obj<'_>) -> PyResult<String> {
    Ok(match wr.weakref_get() {
        Some(o) => format!(
            "<weakref at {:#x}; to '{}' at {:#x}>",
            wr.id(),
            o.type_name(),
            o.id()
        ),
        None => format!("<weakref at {:#x}; dead>", wr.id()),
    })
}

fn weakref_traverse(wr: &Obj<'_>, v: &mut Visit<'_>) {
    if let Some(d) = data(wr)
        && let Ok(cb) = d.callback.try_borrow()
    {
        v.opt_ref(cb.as_ref());
    }
}

fn weakref_clear(wr: &Obj<'_>) {
    if let Some(cb) = data(wr).and_then(|d| d.callback.borrow_mut().take()) {
        cb.release(wr.py());
    }
}

/// Whether instances of `p`'s type can be weakly referenced.
fn weakrefable(p: Raw) -> bool {
    // SAFETY: the type of a live object is live.
    let td = unsafe { type_data(type_of(p)) };
    // Instances of classes (CPython gives them `__weakref__`).
    if td.heap.flags() & crate::heaptype::HEAPTYPE != 0 {
        return true;
    }
    match kind_of(p) {
        Kind::Set | Kind::FrozenSet | Kind::Module | Kind::Type => true,
        Kind::Native => td.slots.weakref,
        _ => false,
    }
}

/// The weak table of `py`'s heap.
fn table<'a>(py: Py<'a>) -> &'a RefCell<crate::gc::WeakTable> {
    &py.ctx().gc.weak
}

impl<'py> Py<'py> {
    /// `weakref.ref(referent, callback)`: a weak reference (the existing basic one when there
    /// is no callback and one exists, as CPython).
    pub fn weakref_new(
        self,
        referent: &Obj<'py>,
        callback: Option<&Obj<'py>>,
    ) -> PyResult<Obj<'py>> {
        let p = referent.raw();
        if !weakrefable(p) {
            return Err(PyErr::type_error(format!(
                "cannot create weak reference to '{}' object",
                referent.type_name()
            )));
        }
        let callback = callback.filter(|c| !c.is_none());
        // Immortal referents (static types) never die: their references are never cleared.
        let registered = !referent.is_immortal();
        // SAFETY: `p` is live (held by `referent`).
        if registered && unsafe { p.as_ref() }.heap != self.ctx_ptr() {
            return Err(PyErr::type_error(format!(
                "cannot create weak reference to '{}' object of another interpreter",
                referent.type_name()
            )));
        }
        if registered && callback.is_none() {
            let basic = table(self)
                .borrow()
                .get(&(p.as_ptr() as usize))
                .and_then(|l| {
                    l.first()
                        .copied()
                        // SAFETY: a registered weak reference is live (it unregisters when freed).
                        .map(|w| ManuallyDrop::new(unsafe { Obj::owned(self, w) }))
                        .filter(|w| data(w).is_some_and(|d| d.callback.borrow().is_none()))
                        .map(|w| (*w).clone())
                });
            if let Some(w) = basic {
                return Ok(w);
            }
        }
        let wr = self.new_native(
            &WEAKREF,
            WeakData {
                referent: Cell::new(p.as_ptr() as usize),
                callback: RefCell::new(callback.map(|c| c.clone().unbind())),
                hash: Cell::new(None),
            },
        )?;
        if registered {
            let mut t = table(self).borrow_mut();
            let list = t.entry(p.as_ptr() as usize).or_default();
            // The basic reference first, then callback references newest first.
            let at = usize::from(
                callback.is_some()
                    && list.first().is_some_and(|&w| {
                        // SAFETY: a registered weak reference is live.
                        let w = ManuallyDrop::new(unsafe { Obj::owned(self, w) });
                        data(&w).is_some_and(|d| d.callback.borrow().is_none())
                    }),
            );
            list.insert(at, wr.raw());
            head_of(p).set(HAS_WEAKREFS);
        }
        Ok(wr)
    }

    /// `weakref.getweakrefcount(obj)`.
    pub fn weakref_count(self, obj: &Obj<'py>) -> usize {
        table(self).borrow().get(&obj.id()).map_or(0, Vec::len)
    }

    /// `weakref.getweakrefs(obj)`.
    pub fn weakrefs_of(self, obj: &Obj<'py>) -> Vec<Obj<'py>> {
        table(self)
            .borrow()
            .get(&obj.id())
            .map_or_else(Vec::new, |l| {
                l.iter()
                    // SAFETY: registered weak references are live.
                    .map(|&w| unsafe { Obj::borrowed(self, w) })
                    .collect()
            })
    }
}

impl<'py> Obj<'py> {
    /// Whether this is a weak reference.
    pub fn is_weakref(&self) -> bool {
        data(self).is_some()
    }

    /// A weak reference's referent while it lives (`wr()`); `None` once it died, or when
    /// `self` is not a weak reference.
    pub fn weakref_get(&self) -> Option<Obj<'py>> {
        let addr = data(self)?.referent.get();
        let p = NonNull::new(addr as *mut Header)?;
        // SAFETY: a referent still recorded is live: its dealloc clears the record first.
        Some(unsafe { Obj::borrowed(self.py, p) })
    }

    /// A weak reference's callback (`__callback__`), until it was called.
    pub fn weakref_callback(&self) -> Option<Obj<'py>> {
        let d = data(self)?;
        let cb = d.callback.borrow();
        cb.as_ref().and_then(|c| c.bind(self.py).ok())
    }
}

/// The payload of `p` when it is a weak reference.
///
/// # Safety
/// `p` is live, and the reference is not used after it is freed.
unsafe fn data_raw<'a>(p: Raw) -> Option<&'a WeakData> {
    // SAFETY: forwarded contract.
    unsafe { crate::native::native_raw::<WeakData>(p) }
}

/// The referent of weak reference data `d`, while it lives.
fn referent(d: &WeakData) -> Option<Raw> {
    NonNull::new(d.referent.get() as *mut Header)
}

/// `hash(wr)` for weak reference `wr` (CPython's `weakref_hash`): the referent's hash,
/// computed once.
pub(crate) fn hash(wr: Raw) -> PyResult<i64> {
    // SAFETY: the caller holds `wr`.
    let Some(d) = (unsafe { data_raw(wr) }) else {
        return Ok(crate::hash::hash_pointer(wr.as_ptr() as usize));
    };
    if let Some(h) = d.hash.get() {
        return Ok(h);
    }
    let Some(r) = referent(d) else {
        return Err(PyErr::type_error("weak object has gone away"));
    };
    // A referent still recorded is live (its dealloc clears the record first).
    let h = crate::hash::hash_raw(r)?;
    d.hash.set(Some(h));
    Ok(h)
}

/// `a == b` for two native objects (CPython's `weakref_richcompare`): two weak references
/// whose referents both live compare their referents; otherwise identity.
pub(crate) fn eq(py: Py<'_>, a: Raw, b: Raw) -> PyResult<bool> {
    // SAFETY: the caller holds both.
    let (Some(da), Some(db)) = (unsafe { data_raw(a) }, unsafe { data_raw(b) }) else {
        return Ok(a == b);
    };
    match (referent(da), referent(db)) {
        (Some(x), Some(y)) => {
            // Hold both referents while comparing: the comparison may run code.
            // SAFETY: recorded referents are live.
            let (x, y) = unsafe { (Obj::borrowed(py, x), Obj::borrowed(py, y)) };
            x.eq(&y)
        }
        _ => Ok(a == b),
    }
}

/// Clears the weak references to `p`, which is dying: each is emptied, and those with a
/// callback are queued, or when `unreachable` is set (a collection) pushed there unless the
/// reference is itself garbage.
///
/// # Safety
/// `p` is a live object of `py`'s heap flagged `HAS_WEAKREFS`.
pub(crate) unsafe fn referent_died(py: Py<'_>, p: Raw, mut due: Option<&mut Vec<Raw>>) {
    head_of(p).unset(HAS_WEAKREFS);
    let Some(list) = table(py).borrow_mut().remove(&(p.as_ptr() as usize)) else {
        return;
    };
    for w in list {
        // SAFETY: registered weak references are live; the handle owns no reference.
        let wo = ManuallyDrop::new(unsafe { Obj::owned(py, w) });
        let Some(d) = data(&wo) else { continue };
        d.referent.set(0);
        if d.callback.borrow().is_none() {
            continue;
        }
        match due.as_deref_mut() {
            Some(v) => {
                if !head_of(w).has(UNREACHABLE) {
                    v.push((*wo).clone().into_raw());
                }
            }
            None => py.ctx().gc.queue_callback((*wo).clone().into_raw()),
        }
    }
}

/// Forgets weak reference `wr` (being freed) in its referent's entry.
///
/// # Safety
/// `wr` is a weak reference of `py`'s heap being freed.
pub(crate) unsafe fn unregister(py: Py<'_>, wr: Raw) {
    // SAFETY: live until freed; the handle owns no reference.
    let wo = ManuallyDrop::new(unsafe { Obj::owned(py, wr) });
    let Some(addr) = data(&wo).map(|d| d.referent.get()).filter(|&a| a != 0) else {
        return;
    };
    let mut t = table(py).borrow_mut();
    if let Some(list) = t.get_mut(&addr) {
        list.retain(|&w| w != wr);
        if list.is_empty() {
            t.remove(&addr);
            if let Some(r) = NonNull::new(addr as *mut Header) {
                head_of(r).unset(HAS_WEAKREFS);
            }
        }
    }
}

/// Calls the callbacks of the weak references in `due` (owned), each with its reference.
fn call_callbacks<'py>(py: Py<'py>, due: Vec<Raw>, hooks: &mut dyn GcHooks<'py>) {
    for w in due {
        // SAFETY: `due` holds owned references to weak references of this heap.
        let wo = unsafe { Obj::owned(py, w) };
        let cb = data(&wo).and_then(|d| d.callback.borrow_mut().take());
        if let Some(cb) = cb.and_then(|c| c.into_bound(py).ok()) {
            hooks.weakref_callback(&wo, &cb);
        }
    }
}

/// Runs the callbacks queued by deallocs.
pub(crate) fn run_callbacks<'py>(py: Py<'py>, hooks: &mut dyn GcHooks<'py>) {
    loop {
        let due = std::mem::take(&mut *py.ctx().gc.callbacks.borrow_mut());
        if due.is_empty() {
            return;
        }
        call_callbacks(py, due, hooks);
    }
}

/// Clears the weak references to the members of `unreachable` and calls the callbacks of
/// those that are not garbage themselves (CPython's `handle_weakrefs`); whether any ran.
///
/// # Safety
/// The members of `unreachable` are live objects of `py`'s heap.
pub(crate) unsafe fn clear_unreachable<'py>(
    py: Py<'py>,
    unreachable: &head::List,
    hooks: &mut dyn GcHooks<'py>,
) -> bool {
    let mut due = Vec::new();
    for p in unreachable.members() {
        if head_of(p).has(HAS_WEAKREFS) {
            // SAFETY: the contract.
            unsafe { referent_died(py, p, Some(&mut due)) };
        }
    }
    let ran = !due.is_empty();
    call_callbacks(py, due, hooks);
    ran
}
