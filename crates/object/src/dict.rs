//! `dict`: CPython's compact, insertion-ordered dict. Entries (hash, key, value) are appended to
//! a dense array in insertion order; a separate open-addressing index of `i32` slots maps hashes
//! to entry positions, probed with CPython's perturbation sequence. Deletion leaves a tombstone
//! entry and a DUMMY index slot; growing compacts both. All storage lives in the owner's heap.

use std::cell::Cell;
use std::ptr::NonNull;

use crate::header::{ObjBox, Raw, payload};
use crate::types::{DICT, Kind};
use crate::vec::HeapVec;
use crate::{Obj, Py, PyErr, PyResult};

const EMPTY: i32 = -1;
const DUMMY: i32 = -2;
const MIN_SIZE: usize = 8;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone, Copy)]
pub(crate) struct Entry {
    pub(crate) hash: i64,
    /// Null for a deleted entry.
    pub(crate) key: *const crate::header::Header,
    pub(crate) value: *const crate::header::Header,
}

#[repr(C)]
pub(crate) struct DictData {
    pub(crate) entries: HeapVec<Entry>,
    index: Cell<*mut i32>,
    /// Index size - 1 (0 while there is no index).
    mask: Cell<usize>,
    /// Live entries.
    used: Cell<usize>,
    /// Inserts left before the index must grow.
    usable: Cell<usize>,
}

impl<'py> Py<'py> {
    /// An empty `dict` (no storage until the first insert).
    pub fn dict(self) -> PyResult<Obj<'py>> {
        self.empty_dict(&DICT.header)
    }

    /// An empty dict of class `ty` (a subclass of `dict`).
    pub fn dict_typed(self, ty: &Obj<'py>) -> PyResult<Obj<'py>> {
        if ty.type_instance_kind() != Some(crate::Kind::Dict) {
            return Err(PyErr::type_error("dict_typed: not a dict class"));
        }
        self.empty_dict(ty.raw().as_ptr())
    }

    fn empty_dict(self, ty: *const crate::header::Header) -> PyResult<Obj<'py>> {
        let p = self.new_obj(ty, std::mem::size_of::<ObjBox<DictData>>())?;
        // SAFETY: fresh block sized for `ObjBox<DictData>`.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<DictData>>()).payload).write(
                DictData {
                    entries: HeapVec::new(),
                    index: Cell::new(std::ptr::null_mut()),
                    mask: Cell::new(0),
                    used: Cell::new(0),
                    usable: Cell::new(0),
                },
            )
        };
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }

    /// A `dict` from key/value pairs (later duplicates win, as in `dict(pairs)`).
    pub fn dict_from(
        self,
        pairs: impl IntoIterator<Item = (Obj<'py>, Obj<'py>)>,
    ) -> PyResult<Obj<'py>> {
        let d = self.dict()?;
        for (k, v) in pairs {
            d.set_item(&k, &v)?;
        }
        Ok(d)
    }
}

/// The payload of dict object `p`.
///
/// # Safety
/// `p` is a live dict object (laid out as `ObjBox<DictData>`), and the reference is not used
/// after it is freed.
#[inline]
pub(crate) unsafe fn data<'a>(p: Raw) -> &'a DictData {
    // SAFETY: forwarded contract.
    unsafe { payload::<DictData>(p) }
}

/// The key or value pointer of an entry, as a `Raw`.
///
/// # Safety
/// `p` is not null: the key or value of a live (not deleted) entry.
unsafe fn raw(p: *const crate::header::Header) -> Raw {
    // SAFETY: forwarded contract.
    unsafe { NonNull::new_unchecked(p.cast_mut()) }
}

impl DictData {
    #[inline]
    fn slot(&self, i: usize) -> i32 {
        // SAFETY: `i <= mask` and the index has `mask + 1` initialised slots.
        unsafe { *self.index.get().add(i) }
    }

    #[inline]
    fn set_slot(&self, i: usize, v: i32) {
        // SAFETY: as in `slot`.
        unsafe { *self.index.get().add(i) = v }
    }

    /// Finds `key`: `Ok(Some((slot, entry)))`, or `Ok(None)`, comparing keys through `up`
    /// when one is an instance of a class made at run time. Such an `__eq__` may change the dict: the key compared is
    /// held meanwhile, and the search starts again when the table or that entry changed
    /// (CPython's `dictkeys` restart).
    fn lookup_with<'py>(
        &self,
        py: Py<'py>,
        key: Raw,
        hash: i64,
        up: &mut dyn crate::Upcall<'py>,
    ) -> PyResult<Option<(usize, usize)>> {
        'restart: loop {
            let mask = self.mask.get();
            if mask == 0 {
                return Ok(None);
            }
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            loop {
                let ix = self.slot(i);
                if ix == EMPTY {
                    return Ok(None);
                }
                if ix >= 0 {
                    let e = self.entries.get(ix as usize).unwrap_or(Entry {
                        hash: 0,
                        key: std::ptr::null(),
                        value: std::ptr::null(),
                    });
                    if e.key == key.as_ptr().cast_const() {
                        return Ok(Some((i, ix as usize)));
                    }
                    if !e.key.is_null() && e.hash == hash {
                        // SAFETY: a live entry's key is not null.
                        let k = unsafe { raw(e.key) };
                        if crate::upcall::may_call_out(k, key) {
                            // SAFETY: live while the entry holds it; held from here on.
                            let held = unsafe { Obj::borrowed(py, k) };
                            let found = crate::cmp::item_eq(py, k, key, up)?;
                            let same = self.mask.get() == mask
                                && self.slot(i) == ix
                                && self
                                    .entries
                                    .get(ix as usize)
                                    .is_some_and(|x| x.key == e.key);
                            drop(held);
                            if !same {
                                continue 'restart;
                            }
                            if found {
                                return Ok(Some((i, ix as usize)));
                            }
                        } else if crate::cmp::eq_raw(py, k, key)? {
                            return Ok(Some((i, ix as usize)));
                        }
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(perturb as usize)
                    .wrapping_add(1))
                    & mask;
            }
        }
    }

    fn empty_slot(&self, hash: i64) -> usize {
        let mask = self.mask.get();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        while self.slot(i) >= 0 || self.slot(i) == DUMMY {
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
        i
    }

    /// Rebuilds the index for at least `used * 3` slots, compacting tombstones out.
    #[cold]
    fn grow(&self, py: Py<'_>) -> PyResult<()> {
        let want = (self.used.get() * 3).max(MIN_SIZE);
        let size = want
            .checked_next_power_of_two()
            .ok_or_else(PyErr::no_memory)?;
        if size > i32::MAX as usize {
            return Err(PyErr::no_memory());
        }
        let block = py
            .alloc(size * std::mem::size_of::<i32>())?
            .as_ptr()
            .cast::<i32>();
        let cap = size * 2 / 3;
        if let Err(e) = self
            .entries
            .reserve(py, cap.saturating_sub(self.entries.len()))
        {
            crate::vec::free_raw(py, block);
            return Err(e);
        }
        // Compact entries in place (only moves down); nothing can fail from here on.
        let mut w = 0;
        for r in 0..self.entries.len() {
            if let Some(e) = self.entries.get(r).filter(|e| !e.key.is_null()) {
                self.entries.set(w, e);
                w += 1;
            }
        }
        while self.entries.len() > w {
            self.entries.pop();
        }
        crate::vec::free_raw(py, self.index.get());
        // SAFETY: `block` has `size` slots.
        unsafe { std::slice::from_raw_parts_mut(block, size).fill(EMPTY) };
        self.index.set(block);
        self.mask.set(size - 1);
        for ix in 0..w {
            let h = self.entries.get(ix).map_or(0, |e| e.hash);
            let s = self.empty_slot(h);
            self.set_slot(s, ix as i32);
        }
        self.usable.set(cap - w);
        Ok(())
    }

    /// Inserts a key known to be absent; takes both references (to live objects).
    fn insert_new(&self, py: Py<'_>, hash: i64, key: Raw, value: Raw) -> PyResult<()> {
        if self.usable.get() == 0
            && let Err(e) = self.grow(py)
        {
            // SAFETY: the caller's references to live objects (the contract of
            // `insert_new`), given up since they could not be stored.
            unsafe {
                crate::handle::decref(py, key);
                crate::handle::decref(py, value);
            }
            return Err(e);
        }
        let s = self.empty_slot(hash);
        let ix = self.entries.len();
        // Capacity was reserved by `grow` (usable <= spare capacity).
        if let Err(e) = self.entries.push(
            py,
            Entry {
                hash,
                key: key.as_ptr(),
                value: value.as_ptr(),
            },
        ) {
            // SAFETY: the caller's references to live objects (the contract of
            // `insert_new`), given up since they could not be stored.
            unsafe {
                crate::handle::decref(py, key);
                crate::handle::decref(py, value);
            }
            return Err(e);
        }
        self.set_slot(s, ix as i32);
        self.used.set(self.used.get() + 1);
        self.usable.set(self.usable.get() - 1);
        Ok(())
    }
}

/// `d[k]` for raw pointers, or `None`.
///
/// # Safety
/// `d` is a live dict.
pub(crate) unsafe fn get_raw(py: Py<'_>, d: Raw, key: Raw) -> PyResult<Option<Raw>> {
    // SAFETY: forwarded contract.
    unsafe { get_raw_with(py, d, key, &mut crate::upcall::NoUpcall) }
}

/// `d[k]` for raw pointers, or `None`, hashing and comparing keys through `up`.
///
/// # Safety
/// `d` is a live dict.
pub(crate) unsafe fn get_raw_with<'py>(
    py: Py<'py>,
    d: Raw,
    key: Raw,
    up: &mut dyn crate::Upcall<'py>,
) -> PyResult<Option<Raw>> {
    let hash = crate::hash::key_hash(py, key, up)?;
    // SAFETY: the contract.
    let dd = unsafe { data(d) };
    Ok(dd
        .lookup_with(py, key, hash, up)?
        .and_then(|(_, ix)| dd.entries.get(ix))
        // SAFETY: a found entry is live: its value is not null.
        .map(|e| unsafe { raw(e.value) }))
}

/// `d[k]`, or `None`.
///
/// # Safety
/// `d` is a live dict.
pub(crate) unsafe fn get(d: &Obj<'_>, key: &Obj<'_>) -> PyResult<Option<Raw>> {
    // SAFETY: forwarded contract.
    unsafe { get_raw(d.py, d.raw(), key.raw()) }
}

/// `d[k] = v`.
///
/// # Safety
/// `d` is a live dict.
pub(crate) unsafe fn set<'py>(d: &Obj<'py>, key: &Obj<'py>, value: &Obj<'py>) -> PyResult<()> {
    // SAFETY: forwarded contract.
    unsafe { set_with(d, key, value, &mut crate::upcall::NoUpcall) }
}

/// `d[k] = v`, hashing and comparing keys through `up`.
///
/// # Safety
/// `d` is a live dict.
pub(crate) unsafe fn set_with<'py>(
    d: &Obj<'py>,
    key: &Obj<'py>,
    value: &Obj<'py>,
    up: &mut dyn crate::Upcall<'py>,
) -> PyResult<()> {
    let hash = crate::hash::key_hash(d.py, key.raw(), up)?;
    crate::gc::maintain_dict(d.raw(), key.raw(), value.raw());
    // SAFETY: the contract.
    let dd = unsafe { data(d.raw()) };
    match dd.lookup_with(d.py, key.raw(), hash, up)? {
        Some((_, ix)) => {
            let Some(mut e) = dd.entries.get(ix) else {
                return Ok(());
            };
            let old = e.value;
            e.value = value.clone().into_raw().as_ptr();
            dd.entries.set(ix, e);
            // SAFETY: a found entry is live: its old value is not null, and the dict's
            // reference to it was just taken out.
            unsafe { crate::handle::decref(d.py, raw(old)) };
            Ok(())
        }
        None => dd.insert_new(d.py, hash, key.clone().into_raw(), value.clone().into_raw()),
    }
}

/// `del d[k]`, handing the removed value back.
///
/// # Safety
/// `d` is a live dict.
pub(crate) unsafe fn del<'py>(d: &Obj<'py>, key: &Obj<'py>) -> PyResult<Obj<'py>> {
    // SAFETY: forwarded contract.
    unsafe { del_with(d, key, &mut crate::upcall::NoUpcall) }
}

/// `del d[k]`, hashing and comparing keys through `up`.
///
/// # Safety
/// `d` is a live dict.
pub(crate) unsafe fn del_with<'py>(
    d: &Obj<'py>,
    key: &Obj<'py>,
    up: &mut dyn crate::Upcall<'py>,
) -> PyResult<Obj<'py>> {
    let hash = crate::hash::key_hash(d.py, key.raw(), up)?;
    // SAFETY: the contract.
    let dd = unsafe { data(d.raw()) };
    let Some((slot, ix)) = dd.lookup_with(d.py, key.raw(), hash, up)? else {
        return Err(PyErr::key_error(key));
    };
    let Some(e) = dd.entries.get(ix) else {
        return Err(PyErr::key_error(key));
    };
    dd.set_slot(slot, DUMMY);
    dd.entries.set(
        ix,
        Entry {
            hash: 0,
            key: std::ptr::null(),
            value: std::ptr::null(),
        },
    );
    dd.used.set(dd.used.get() - 1);
    // SAFETY: a found entry is live: key and value are not null. The dict's reference to the
    // value moves to the caller.
    unsafe {
        crate::handle::decref(d.py, raw(e.key));
        Ok(Obj::owned(d.py, raw(e.value)))
    }
}

/// Live entries of a dict as raw pointers, in order (callers take references before use).
///
/// # Safety
/// `p` is a live dict.
pub(crate) unsafe fn entries(p: Raw) -> Vec<(Raw, Raw)> {
    // SAFETY: the contract.
    let d = unsafe { data(p) };
    (0..d.entries.len())
        .filter_map(|i| d.entries.get(i))
        .filter(|e| !e.key.is_null())
        // SAFETY: live entries (key not null) have a key and a value.
        .map(|e| unsafe { (raw(e.key), raw(e.value)) })
        .collect()
}

/// `len(d)`.
///
/// # Safety
/// `p` is a live dict.
pub(crate) unsafe fn len(p: Raw) -> usize {
    // SAFETY: the contract.
    unsafe { data(p) }.used.get()
}

/// Releases a dict's entries and storage (dealloc, `clear`).
///
/// # Safety
/// `p` is a live dict of `py`'s heap whose entries nothing else uses any more (it is being
/// freed, or cleared).
pub(crate) unsafe fn drop_dict(py: Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    // SAFETY: the contract.
    let d = unsafe { data(p) };
    let (ptr, n) = d.entries.take();
    crate::vec::free_raw(py, d.index.replace(std::ptr::null_mut()));
    d.mask.set(0);
    d.used.set(0);
    d.usable.set(0);
    // Pushed last entry first, value before key, so the worklist frees them in CPython's
    // order (first key, its value, the next key...): observable through `__del__`.
    for i in (0..n).rev() {
        // SAFETY: the taken storage holds `n` initialised entries.
        let e = unsafe { ptr.add(i).read() };
        if !e.key.is_null() {
            // SAFETY: a live entry (key not null) has a key and a value; their references
            // were the dict's.
            unsafe {
                crate::handle::decref_into(py, raw(e.value), stack);
                crate::handle::decref_into(py, raw(e.key), stack);
            }
        }
    }
    crate::vec::free_raw(py, ptr);
}

impl<'py> Obj<'py> {
    fn dict_check(&self, what: &str) -> PyResult<()> {
        if self.kind() == Kind::Dict {
            Ok(())
        } else {
            Err(PyErr::type_error(format!(
                "descriptor '{what}' for 'dict' objects doesn't apply to a '{}' object",
                self.type_name()
            )))
        }
    }

    /// `d.get(key)`: the value or `None` (Rust's), errors only for unhashable keys.
    pub fn dict_get(&self, key: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
        self.dict_check("get")?;
        // SAFETY: checked to be a dict.
        let found = unsafe { get(self, key) }?;
        // SAFETY: the value is live while the dict holds it; we take a new reference.
        Ok(found.map(|p| unsafe { Obj::borrowed(self.py, p) }))
    }

    /// `d.get(key)`, hashing and comparing keys through `up` (see [`crate::Upcall`]).
    pub fn dict_get_with(
        &self,
        key: &Obj<'py>,
        up: &mut dyn crate::Upcall<'py>,
    ) -> PyResult<Option<Obj<'py>>> {
        self.dict_check("get")?;
        // SAFETY: checked to be a dict.
        let found = unsafe { get_raw_with(self.py, self.raw(), key.raw(), up) }?;
        // SAFETY: the value is live while the dict holds it; we take a new reference.
        Ok(found.map(|p| unsafe { Obj::borrowed(self.py, p) }))
    }

    /// `d[key] = value`, hashing and comparing keys through `up`.
    pub fn dict_set_with(
        &self,
        key: &Obj<'py>,
        value: &Obj<'py>,
        up: &mut dyn crate::Upcall<'py>,
    ) -> PyResult<()> {
        self.dict_check("__setitem__")?;
        // SAFETY: checked to be a dict.
        unsafe { set_with(self, key, value, up) }
    }

    /// `d.pop(key)` (`del d[key]` giving the value back), hashing and comparing keys
    /// through `up`; `KeyError` when missing.
    pub fn dict_del_with(
        &self,
        key: &Obj<'py>,
        up: &mut dyn crate::Upcall<'py>,
    ) -> PyResult<Obj<'py>> {
        self.dict_check("__delitem__")?;
        // SAFETY: checked to be a dict.
        unsafe { del_with(self, key, up) }
    }

    /// The entry at position `*pos` of the entries or after it, advancing `*pos` past it:
    /// how CPython's dict iterators walk a dict. `None` at the end.
    pub fn dict_next(&self, pos: &mut usize) -> PyResult<Option<(Obj<'py>, Obj<'py>)>> {
        self.dict_check("__iter__")?;
        // SAFETY: checked to be a dict.
        let d = unsafe { data(self.raw()) };
        while let Some(e) = d.entries.get(*pos) {
            *pos += 1;
            if !e.key.is_null() {
                // SAFETY: a live entry holds a live key and value; each gets a new reference.
                return Ok(Some(unsafe {
                    (
                        Obj::borrowed(self.py, raw(e.key)),
                        Obj::borrowed(self.py, raw(e.value)),
                    )
                }));
            }
        }
        Ok(None)
    }

    /// `d.get(name)` for a str key.
    pub fn dict_get_str(&self, name: &str) -> PyResult<Option<Obj<'py>>> {
        self.dict_get(&self.py.str(name)?)
    }

    /// `d.items()` as a snapshot of new references, in insertion order.
    pub fn dict_items(&self) -> PyResult<Vec<(Obj<'py>, Obj<'py>)>> {
        self.dict_check("items")?;
        // SAFETY: checked to be a dict.
        let entries = unsafe { entries(self.raw()) };
        // SAFETY: entries are live while the dict holds them; each gets a new reference.
        Ok(entries
            .into_iter()
            .map(|(k, v)| unsafe { (Obj::borrowed(self.py, k), Obj::borrowed(self.py, v)) })
            .collect())
    }

    /// `d.keys()` as a snapshot.
    pub fn dict_keys(&self) -> PyResult<Vec<Obj<'py>>> {
        Ok(self.dict_items()?.into_iter().map(|(k, _)| k).collect())
    }

    /// `d.copy()`: a new dict holding the same keys and values (the shallow copy a
    /// single-phase module's `m_copy` is made and restored with).
    pub fn dict_copy(&self) -> PyResult<Obj<'py>> {
        self.dict_check("copy")?;
        let new = self.py.dict()?;
        new.dict_update(self)?;
        Ok(new)
    }

    /// `d.update(other)` with another dict (`PyDict_Update`).
    pub fn dict_update(&self, other: &Obj<'py>) -> PyResult<()> {
        self.dict_update_with(other, &mut crate::upcall::NoUpcall)
    }

    /// `self.update(other)` for two dicts, comparing keys through `up` (see
    /// [`crate::Upcall`]); a key's hash is the one `other` stored.
    pub fn dict_update_with(
        &self,
        other: &Obj<'py>,
        up: &mut dyn crate::Upcall<'py>,
    ) -> PyResult<()> {
        self.dict_check("update")?;
        other.dict_check("update")?;
        // SAFETY: both checked to be dicts.
        let (dst, src) = unsafe { (data(self.raw()), data(other.raw())) };
        // Into an empty dict, keys (unique in `other`) need no lookup.
        let fresh = dst.used.get() == 0 && !self.is(other);
        for i in 0..src.entries.len() {
            let Some(e) = src.entries.get(i).filter(|e| !e.key.is_null()) else {
                continue;
            };
            // SAFETY: entries of `other` are live; we take new references.
            let (k, v) = unsafe {
                (
                    Obj::borrowed(self.py, raw(e.key)),
                    Obj::borrowed(self.py, raw(e.value)),
                )
            };
            if fresh {
                crate::gc::maintain_dict(self.raw(), k.raw(), v.raw());
                dst.insert_new(self.py, e.hash, k.into_raw(), v.into_raw())?;
            } else {
                // SAFETY: checked to be a dict.
                unsafe { set_with(self, &k, &v, up) }?;
            }
        }
        Ok(())
    }

    /// `d.clear()`.
    pub fn dict_clear(&self) -> PyResult<()> {
        self.dict_check("clear")?;
        let mut stack = Vec::new();
        // SAFETY: checked to be a dict, of this token's heap (a handle's object); the entries
        // taken out are released below.
        unsafe { drop_dict(self.py, self.raw(), &mut stack) };
        // SAFETY: `drop_dict` pushed only objects of this heap it brought to zero.
        unsafe { crate::dealloc::drain(self.py, stack) };
        Ok(())
    }

    /// `d.pop(key)`: the removed value, or `KeyError`.
    pub fn dict_pop(&self, key: &Obj<'py>) -> PyResult<Obj<'py>> {
        self.dict_check("pop")?;
        // SAFETY: checked to be a dict.
        unsafe { del(self, key) }
    }
}
