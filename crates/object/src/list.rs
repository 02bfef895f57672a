//! `list`: a mutable array of references whose storage lives in the owner's heap.

use crate::exc::INDEX_ERROR;
use crate::header::{ObjBox, Raw, payload};
use crate::types::{Kind, LIST};
use crate::vec::HeapVec;
use crate::{Obj, Py, PyErr, PyResult};

#[repr(C)]
pub(crate) struct ListData {
    pub(crate) items: HeapVec<Raw>,
}

impl<'py> Py<'py> {
    /// A `list` of new references to `items`.
    pub fn list(self, items: &[Obj<'py>]) -> PyResult<Obj<'py>> {
        self.list_from(items.iter().cloned())
    }

    /// A `list` taking the references `items` yields.
    pub fn list_from(self, items: impl IntoIterator<Item = Obj<'py>>) -> PyResult<Obj<'py>> {
        let list = self.empty_list(&LIST.header)?;
        let items = items.into_iter();
        // SAFETY: a list just made, held by `list`.
        let d = unsafe { data(list.raw()) };
        d.items.reserve(self, items.size_hint().0)?;
        for it in items {
            d.items.push(self, it.into_raw())?;
        }
        Ok(list)
    }

    /// An empty list of class `ty` (a subclass of `list`).
    pub fn list_typed(self, ty: &Obj<'py>) -> PyResult<Obj<'py>> {
        if ty.type_instance_kind() != Some(crate::Kind::List) {
            return Err(crate::PyErr::type_error("list_typed: not a list class"));
        }
        self.empty_list(ty.raw().as_ptr())
    }

    fn empty_list(self, ty: *const crate::header::Header) -> PyResult<Obj<'py>> {
        let p = self.new_obj(ty, std::mem::size_of::<ObjBox<ListData>>())?;
        // SAFETY: fresh block sized for `ObjBox<ListData>`.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<ListData>>()).payload).write(
                ListData {
                    items: HeapVec::new(),
                },
            )
        };
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

/// The payload of list object `p`.
///
/// # Safety
/// `p` is a live list object (laid out as `ObjBox<ListData>`), and the reference is not used
/// after it is freed.
#[inline]
pub(crate) unsafe fn data<'a>(p: Raw) -> &'a ListData {
    // SAFETY: forwarded contract.
    unsafe { payload::<ListData>(p) }
}

/// Resolves a possibly negative index against `len`.
pub(crate) fn index(i: i64, len: usize) -> Option<usize> {
    let i = if i < 0 { i.checked_add(len as i64)? } else { i };
    (0..len as i64).contains(&i).then_some(i as usize)
}

impl<'py> Obj<'py> {
    fn list_data(&self) -> PyResult<&ListData> {
        if self.kind() == Kind::List {
            // SAFETY: kind checked; `self` holds the list.
            Ok(unsafe { data(self.raw()) })
        } else {
            Err(PyErr::type_error(format!(
                "descriptor 'append' for 'list' objects doesn't apply to a '{}' object",
                self.type_name()
            )))
        }
    }

    /// `list.append(v)`.
    pub fn append(&self, v: &Obj<'py>) -> PyResult<()> {
        let d = self.list_data()?;
        d.items.push(self.py, v.clone().into_raw())
    }

    /// `list.insert(i, v)`.
    pub fn insert(&self, i: i64, v: &Obj<'py>) -> PyResult<()> {
        let d = self.list_data()?;
        let n = d.items.len() as i64;
        let i = if i < 0 { (i + n).max(0) } else { i.min(n) };
        d.items.insert(self.py, i as usize, v.clone().into_raw())
    }

    /// `list.pop(i)` (`i = -1` for the last item).
    pub fn pop(&self, i: i64) -> PyResult<Obj<'py>> {
        let d = self.list_data()?;
        if d.items.len() == 0 {
            return Err(PyErr::new(&INDEX_ERROR, "pop from empty list"));
        }
        let Some(i) = index(i, d.items.len()) else {
            return Err(PyErr::new(&INDEX_ERROR, "pop index out of range"));
        };
        let p = d
            .items
            .remove(i)
            .ok_or_else(|| PyErr::new(&INDEX_ERROR, "pop index out of range"))?;
        // SAFETY: the list's reference moves to the caller.
        Ok(unsafe { Obj::owned(self.py, p) })
    }

    /// The items of a `list` (a snapshot of new references).
    pub fn list_items(&self) -> Option<Vec<Obj<'py>>> {
        if self.kind() != Kind::List {
            return None;
        }
        // SAFETY: kind checked; `self` holds the list.
        let d = unsafe { data(self.raw()) };
        // SAFETY: items are live while the list holds them; each gets a new reference.
        Some(
            (0..d.items.len())
                .filter_map(|i| d.items.get(i))
                .map(|p| unsafe { Obj::borrowed(self.py, p) })
                .collect(),
        )
    }
}

/// `l[i]`.
///
/// # Safety
/// `l` is a list.
pub(crate) unsafe fn get(l: &Obj<'_>, i: i64) -> PyResult<Raw> {
    // SAFETY: the contract; `l` holds the list.
    let d = unsafe { data(l.raw()) };
    index(i, d.items.len())
        .and_then(|i| d.items.get(i))
        .ok_or_else(|| PyErr::new(&INDEX_ERROR, "list index out of range"))
}

/// `l[i] = v`; the old item is released after the list is consistent again.
///
/// # Safety
/// `l` is a list.
pub(crate) unsafe fn set<'py>(l: &Obj<'py>, i: i64, v: &Obj<'py>) -> PyResult<()> {
    // SAFETY: the contract; `l` holds the list.
    let d = unsafe { data(l.raw()) };
    let Some(i) = index(i, d.items.len()) else {
        return Err(PyErr::new(
            &INDEX_ERROR,
            "list assignment index out of range",
        ));
    };
    if let Some(old) = d.items.set(i, v.clone().into_raw()) {
        // SAFETY: the list's reference to the old item, taken out of it.
        unsafe { crate::handle::decref(l.py, old) };
    }
    Ok(())
}

/// `del l[i]`.
///
/// # Safety
/// `l` is a list.
pub(crate) unsafe fn del(l: &Obj<'_>, i: i64) -> PyResult<()> {
    // SAFETY: the contract; `l` holds the list.
    let d = unsafe { data(l.raw()) };
    let Some(i) = index(i, d.items.len()) else {
        return Err(PyErr::new(
            &INDEX_ERROR,
            "list assignment index out of range",
        ));
    };
    if let Some(old) = d.items.remove(i) {
        // SAFETY: the list's reference to the removed item, taken out of it.
        unsafe { crate::handle::decref(l.py, old) };
    }
    Ok(())
}

/// Releases a list's items and storage (dealloc).
///
/// # Safety
/// `p` is a list of `py`'s heap being freed (refcount zero), once.
pub(crate) unsafe fn drop_list(py: Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    // SAFETY: the contract.
    let d = unsafe { data(p) };
    let (ptr, len) = d.items.take();
    for i in 0..len {
        // SAFETY: the taken storage holds `len` initialised items, the list's references to
        // live objects, given up.
        unsafe { crate::handle::decref_into(py, ptr.add(i).read(), stack) };
    }
    crate::vec::free_raw(py, ptr);
}
