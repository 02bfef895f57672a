//! `traverse` and `clear` of every container kind (CPython's `tp_traverse` / `tp_clear`).

use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use crate::header::Raw;
use crate::types::{Kind, kind_of, type_data, type_of};
use crate::{Obj, Py};

use super::Visit;

/// Calls `f` on every reference container `p` owns (its heap type included), each once per
/// reference held.
///
/// # Safety
/// `p` is a live object of `py`'s heap with a collector prefix; `f` changes no refcount and
/// frees nothing.
pub(crate) unsafe fn traverse(py: Py<'_>, p: Raw, f: &mut dyn FnMut(Raw)) {
    match kind_of(p) {
        // Items last to first, as CPython's `tupletraverse` and `list_traverse` (the order
        // `gc.get_referents` shows).
        // SAFETY: kind checked; the items are the tuple's references.
        Kind::Tuple => unsafe { crate::tuple::items(p) }
            .iter()
            .rev()
            .for_each(|&i| f(i)),
        Kind::List => {
            // SAFETY: kind checked.
            let d = unsafe { crate::list::data(p) };
            (0..d.items.len())
                .rev()
                .filter_map(|i| d.items.get(i))
                .for_each(&mut *f);
        }
        Kind::Dict => {
            // SAFETY: kind checked.
            for (k, v) in unsafe { crate::dict::entries(p) } {
                f(v);
                // CPython's dicts of str keys visit their values only; a str is no
                // container, so leaving it out changes nothing for the collector.
                if kind_of(k) != Kind::Str {
                    f(k);
                }
            }
        }
        // SAFETY: kind checked.
        Kind::Set | Kind::FrozenSet => unsafe { crate::set::keys(p) }.into_iter().for_each(&mut *f),
        // SAFETY: kind checked.
        Kind::Module => f(unsafe { crate::module::dict_raw(p) }),
        Kind::Type => {
            // SAFETY: kind checked: a type object.
            if let Some(b) = NonNull::new(unsafe { type_data(p) }.base.get().cast_mut()) {
                f(b);
            }
            // A class's dict, bases, mro and qualname (null cells for the others).
            // SAFETY: kind checked.
            for c in unsafe { crate::heaptype::type_cells(p) } {
                if let Some(o) = NonNull::new(c.get().cast_mut()) {
                    f(o);
                }
            }
        }
        Kind::Exception => {
            // SAFETY: kind checked.
            unsafe { crate::exc::traverse(p, f) };
        }
        Kind::Native => {
            // SAFETY: the type of a live object is live.
            if let Some(t) = unsafe { type_data(type_of(p)) }.slots.traverse {
                // A handle that owns no reference: nothing is increfed or decrefed.
                // SAFETY: `p` is live and of `py`'s heap.
                let o = ManuallyDrop::new(unsafe { Obj::owned(py, p) });
                let mut v = Visit {
                    f: &mut *f,
                    heap: py.ctx_ptr(),
                };
                t(&o, &mut v);
            }
        }
        _ => {}
    }
    // What an instance owns because of its class: `__slots__` values and its `__dict__`.
    // SAFETY: `p` is live, and its type.
    unsafe {
        crate::heaptype::for_each_instance_cell(p, &mut |c| {
            if let Some(o) = NonNull::new(c.get().cast_mut()) {
                f(o);
            }
        })
    };
    // Instances of heap types own a reference to their type.
    let ty = type_of(p);
    // SAFETY: the type is live.
    if !unsafe { ty.as_ref() }.is_immortal() {
        f(ty);
    }
}

/// Drops the references container `p` owns that can form cycles (CPython's `tp_clear`).
///
/// # Safety
/// `p` is a live object of `py`'s heap with a collector prefix, and the caller holds a
/// reference to it.
pub(crate) unsafe fn clear(py: Py<'_>, p: Raw) {
    let mut stack = Vec::new();
    match kind_of(p) {
        // SAFETY: kind checked; the caller's reference keeps `p` live.
        Kind::List => unsafe { crate::list::drop_list(py, p, &mut stack) },
        // SAFETY: kind checked.
        Kind::Dict => unsafe { crate::dict::drop_dict(py, p, &mut stack) },
        Kind::Set | Kind::FrozenSet => {
            // SAFETY: kind checked; without a reset nothing is allocated, and a set whose
            // table is gone is an empty set.
            let _ = unsafe { crate::set::drop_set(py, p, &mut stack, false) };
        }
        Kind::Module => {
            // SAFETY: kind checked.
            unsafe { crate::dict::drop_dict(py, crate::module::dict_raw(p), &mut stack) };
        }
        // SAFETY: kind checked.
        Kind::Exception => unsafe { crate::exc_chain::drop_chain(py, p, &mut stack) },
        Kind::Type => {
            // A class's dict is emptied (CPython's `type_clear`); the class stays usable.
            // SAFETY: kind checked.
            let dict = unsafe { crate::heaptype::type_cells(p) }[0].get();
            if let Some(d) = NonNull::new(dict.cast_mut()) {
                // SAFETY: a class's dict is a live dict of this heap it owns.
                unsafe { crate::dict::drop_dict(py, d, &mut stack) };
                // Lookup caches keyed by its version must not find what it held.
                // SAFETY: `p` is live; the handle owns no reference.
                ManuallyDrop::new(unsafe { Obj::owned(py, p) }).type_modified();
            }
        }
        Kind::Native => {
            // SAFETY: the type of a live object is live.
            if let Some(c) = unsafe { type_data(type_of(p)) }.slots.clear {
                // SAFETY: `p` is live and of `py`'s heap; the handle owns no reference.
                let o = ManuallyDrop::new(unsafe { Obj::owned(py, p) });
                c(&o);
            }
        }
        _ => {}
    }
    // An instance's `__dict__` and `__slots__` values (CPython's `subtype_clear`).
    // SAFETY: `p` is live (the caller holds it) and of this heap, its type alive.
    unsafe { crate::heaptype::drop_instance_parts(py, p, &mut stack) };
    // SAFETY: the drops above pushed only objects of this heap they brought to zero.
    unsafe { crate::dealloc::drain(py, stack) };
}
