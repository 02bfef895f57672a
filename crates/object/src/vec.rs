//! `HeapVec`: a growable array of `Copy` items (object pointers, dict entries, index slots)
//! whose storage lives in the owning interpreter's heap.
//!
//! Interior mutability with `Cell`s: containers are mutated through shared handles under the
//! GIL, like CPython's. No reference into the storage is ever handed out, so growth (which
//! moves it) cannot invalidate anything.

use std::cell::Cell;
use std::ptr::NonNull;

use crate::{Py, PyResult};

pub(crate) struct HeapVec<T: Copy> {
    ptr: Cell<*mut T>,
    len: Cell<usize>,
    cap: Cell<usize>,
}

impl<T: Copy> HeapVec<T> {
    pub(crate) const fn new() -> HeapVec<T> {
        HeapVec {
            ptr: Cell::new(std::ptr::null_mut()),
            len: Cell::new(0),
            cap: Cell::new(0),
        }
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.len.get()
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<T> {
        // SAFETY: `i < len <= cap`, and slots below `len` are initialised.
        (i < self.len.get()).then(|| unsafe { self.ptr.get().add(i).read() })
    }

    /// Replaces item `i`, returning the old one.
    #[inline]
    pub(crate) fn set(&self, i: usize, v: T) -> Option<T> {
        if i >= self.len.get() {
            return None;
        }
        // SAFETY: `i < len`, initialised slot.
        Some(unsafe { self.ptr.get().add(i).replace(v) })
    }

    /// Ensures room for `extra` more items.
    pub(crate) fn reserve(&self, py: Py<'_>, extra: usize) -> PyResult<()> {
        let need = self
            .len
            .get()
            .checked_add(extra)
            .ok_or_else(crate::PyErr::no_memory)?;
        if need <= self.cap.get() {
            return Ok(());
        }
        let cap = need.max(self.cap.get().saturating_mul(2)).max(4);
        self.grow_to(py, cap)
    }

    #[cold]
    fn grow_to(&self, py: Py<'_>, cap: usize) -> PyResult<()> {
        let bytes = cap
            .checked_mul(std::mem::size_of::<T>())
            .ok_or_else(crate::PyErr::no_memory)?;
        let new = match NonNull::new(self.ptr.get().cast::<u8>()) {
            None => py.alloc(bytes)?,
            Some(old) => {
                // SAFETY: the old block came from this heap (`py` is the owner's token:
                // containers are only mutated through same-heap handles) and is not used after
                // a success.
                unsafe { py.heap().realloc(old, bytes) }.map_err(|_| crate::PyErr::no_memory())?
            }
        };
        self.ptr.set(new.as_ptr().cast::<T>());
        self.cap.set(cap);
        Ok(())
    }

    #[inline]
    pub(crate) fn push(&self, py: Py<'_>, v: T) -> PyResult<()> {
        if self.len.get() == self.cap.get() {
            self.reserve(py, 1)?;
        }
        // SAFETY: `len < cap` after the reserve.
        unsafe { self.ptr.get().add(self.len.get()).write(v) };
        self.len.set(self.len.get() + 1);
        Ok(())
    }

    pub(crate) fn pop(&self) -> Option<T> {
        let n = self.len.get().checked_sub(1)?;
        self.len.set(n);
        // SAFETY: slot `n` was initialised.
        Some(unsafe { self.ptr.get().add(n).read() })
    }

    /// Inserts at `i` (clamped to `len`).
    pub(crate) fn insert(&self, py: Py<'_>, i: usize, v: T) -> PyResult<()> {
        self.reserve(py, 1)?;
        let n = self.len.get();
        let i = i.min(n);
        // SAFETY: `n < cap`; moves the initialised tail `[i, n)` one slot up.
        unsafe {
            let p = self.ptr.get().add(i);
            std::ptr::copy(p, p.add(1), n - i);
            p.write(v);
        }
        self.len.set(n + 1);
        Ok(())
    }

    /// Removes item `i`, shifting the tail down.
    pub(crate) fn remove(&self, i: usize) -> Option<T> {
        let n = self.len.get();
        if i >= n {
            return None;
        }
        // SAFETY: `i < n`; moves the initialised tail `(i, n)` one slot down.
        unsafe {
            let p = self.ptr.get().add(i);
            let v = p.read();
            std::ptr::copy(p.add(1), p, n - i - 1);
            self.len.set(n - 1);
            Some(v)
        }
    }

    /// Takes the storage out, leaving an empty vector: `(ptr, len)`; free with [`free_raw`].
    pub(crate) fn take(&self) -> (*mut T, usize) {
        let r = (self.ptr.get(), self.len.get());
        self.ptr.set(std::ptr::null_mut());
        self.len.set(0);
        self.cap.set(0);
        r
    }
}

/// Frees storage taken from a [`HeapVec`].
pub(crate) fn free_raw<T>(py: Py<'_>, p: *mut T) {
    if let Some(p) = NonNull::new(p.cast::<u8>()) {
        // SAFETY: the storage came from `py`'s heap (see `grow_to`) and was taken out.
        unsafe { py.free(p) };
    }
}
