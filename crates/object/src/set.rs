//! `set` and `frozenset`: CPython's open-addressing table (`Objects/setobject.c`), kept to its
//! layout so that programs see CPython's iteration order: entries of (key, hash) in a
//! power-of-two table (8 slots at first), nine linear probes before each perturbed jump,
//! deleted entries left as dummies (hash -1), growth when fill reaches 3/5 of the table, and
//! the same insertion paths (`set_add_entry`, `set_insert_clean`, `set_merge`). The table
//! lives in the owner's heap.

use std::cell::Cell;
use std::ptr::NonNull;

use crate::exc::KEY_ERROR;
use crate::header::{Header, ObjBox, Raw, payload};
use crate::types::{FROZENSET, Kind, SET};
use crate::upcall::{NoUpcall, Upcall};
use crate::{Obj, Py, PyErr, PyResult};

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

/// The key of a deleted entry (never dereferenced: only its address is compared).
static DUMMY_MARK: u64 = 0;

fn dummy() -> *const Header {
    std::ptr::addr_of!(DUMMY_MARK).cast()
}

#[derive(Clone, Copy)]
struct Entry {
    /// Null: never used; [`dummy`]: deleted; otherwise the set's reference to a key.
    key: *const Header,
    /// 0 for an unused entry, -1 for a dummy.
    hash: i64,
}

const UNUSED: Entry = Entry {
    key: std::ptr::null(),
    hash: 0,
};

#[repr(C)]
pub(crate) struct SetData {
    table: Cell<*mut Entry>,
    mask: Cell<usize>,
    /// Active plus dummy entries.
    fill: Cell<usize>,
    /// Active entries.
    used: Cell<usize>,
    /// Where `pop` looks next.
    finger: Cell<usize>,
    /// A frozenset's cached hash (-1: not computed yet).
    hash: Cell<i64>,
}

impl SetData {
    #[inline]
    fn at(&self, i: usize) -> Entry {
        // SAFETY: `i <= mask`; the table has `mask + 1` initialised entries.
        unsafe { self.table.get().add(i).read() }
    }

    #[inline]
    fn put(&self, i: usize, e: Entry) {
        // SAFETY: as in `at`.
        unsafe { self.table.get().add(i).write(e) }
    }

    /// The slot holding `key`, or `None` (`set_lookkey`).
    fn lookup(&self, py: Py<'_>, key: Raw, hash: i64) -> PyResult<Option<usize>> {
        self.lookup_with(py, key, hash, &mut NoUpcall)
    }

    /// Whether entry `e` (at slot `j`, with the hash looked for) holds `key`, compared
    /// through `up` for an instance of a class made at run time; `None` when its `__eq__`
    /// changed the table meanwhile (the search starts again, as CPython's).
    fn entry_is<'py>(
        &self,
        py: Py<'py>,
        j: usize,
        e: Entry,
        key: Raw,
        up: &mut dyn Upcall<'py>,
    ) -> PyResult<Option<bool>> {
        if e.key == key.as_ptr().cast_const() {
            return Ok(Some(true));
        }
        // SAFETY: an entry with a real hash holds a live key.
        let k = unsafe { raw(e.key) };
        if !crate::upcall::may_call_out(k, key) {
            return crate::cmp::eq_raw(py, k, key).map(Some);
        }
        let (table, mask) = (self.table.get(), self.mask.get());
        // SAFETY: live while the entry holds it; held from here on.
        let held = unsafe { Obj::borrowed(py, k) };
        let found = crate::cmp::item_eq(py, k, key, up)?;
        let same = self.table.get() == table && self.mask.get() == mask && self.at(j).key == e.key;
        drop(held);
        Ok(same.then_some(found))
    }

    /// [`lookup`](Self::lookup) comparing keys through `up`.
    fn lookup_with<'py>(
        &self,
        py: Py<'py>,
        key: Raw,
        hash: i64,
        up: &mut dyn Upcall<'py>,
    ) -> PyResult<Option<usize>> {
        'restart: loop {
            let mask = self.mask.get();
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in i..=i + probes {
                    let e = self.at(j);
                    if e.hash == 0 && e.key.is_null() {
                        return Ok(None);
                    }
                    if e.hash == hash {
                        match self.entry_is(py, j, e, key, up)? {
                            Some(true) => return Ok(Some(j)),
                            Some(false) => {}
                            None => continue 'restart,
                        }
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            }
        }
    }

    /// Adds `key` (a borrowed reference; the set takes its own) unless present
    /// (`set_add_entry`). Whether it was added.
    fn add(&self, py: Py<'_>, key: Raw, hash: i64) -> PyResult<bool> {
        self.add_with(py, key, hash, &mut NoUpcall)
    }

    /// [`add`](Self::add) comparing keys through `up`.
    fn add_with<'py>(
        &self,
        py: Py<'py>,
        key: Raw,
        hash: i64,
        up: &mut dyn Upcall<'py>,
    ) -> PyResult<bool> {
        let (slot, freeslot, mask) = 'restart: loop {
            let mask = self.mask.get();
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            let mut freeslot = None;
            let slot = 'search: loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in i..=i + probes {
                    let e = self.at(j);
                    if e.hash == 0 && e.key.is_null() {
                        break 'search j;
                    }
                    if e.hash == hash {
                        match self.entry_is(py, j, e, key, up)? {
                            Some(true) => return Ok(false),
                            Some(false) => {}
                            None => continue 'restart,
                        }
                    } else if e.hash == -1 {
                        freeslot = Some(j);
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            };
            break (slot, freeslot, mask);
        };
        // SAFETY: `key` is live (the caller's borrow); the set takes a reference.
        unsafe { crate::handle::incref(py, key) };
        let new = Entry {
            key: key.as_ptr(),
            hash,
        };
        self.used.set(self.used.get() + 1);
        if let Some(f) = freeslot {
            self.put(f, new);
            return Ok(true);
        }
        self.fill.set(self.fill.get() + 1);
        self.put(slot, new);
        if self.fill.get() * 5 >= mask * 3 {
            let used = self.used.get();
            self.resize(py, if used > 50_000 { used * 2 } else { used * 4 })?;
        }
        Ok(true)
    }

    /// Rebuilds the table for more than `minused` entries, dropping dummies
    /// (`set_table_resize`).
    fn resize(&self, py: Py<'_>, minused: usize) -> PyResult<()> {
        let mut size = MIN_SIZE;
        while size <= minused {
            size = size.checked_mul(2).ok_or_else(PyErr::no_memory)?;
        }
        if size == MIN_SIZE && self.mask.get() + 1 == MIN_SIZE && self.fill.get() == self.used.get()
        {
            return Ok(());
        }
        let new = alloc_table(py, size)?;
        let (old, old_mask) = (self.table.get(), self.mask.get());
        self.table.set(new);
        self.mask.set(size - 1);
        self.fill.set(self.used.get());
        for i in 0..=old_mask {
            // SAFETY: the old table has `old_mask + 1` initialised entries.
            let e = unsafe { old.add(i).read() };
            if !e.key.is_null() && e.key != dummy() {
                self.insert_clean(e.key, e.hash);
            }
        }
        crate::vec::free_raw(py, old);
        Ok(())
    }

    /// Stores an entry known to be absent in a table without dummies (`set_insert_clean`).
    fn insert_clean(&self, key: *const Header, hash: i64) {
        let mask = self.mask.get();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            if self.at(i).key.is_null() {
                self.put(i, Entry { key, hash });
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in i + 1..=i + LINEAR_PROBES {
                    if self.at(j).key.is_null() {
                        self.put(j, Entry { key, hash });
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// Removes `key` if present; the set's reference to it is returned.
    fn discard<'py>(
        &self,
        py: Py<'py>,
        key: Raw,
        hash: i64,
        up: &mut dyn Upcall<'py>,
    ) -> PyResult<Option<Raw>> {
        let Some(i) = self.lookup_with(py, key, hash, up)? else {
            return Ok(None);
        };
        // SAFETY: a found entry holds a live key.
        Ok(Some(unsafe { raw(self.take(i).key) }))
    }

    /// Turns active entry `i` into a dummy, handing back what it held.
    fn take(&self, i: usize) -> Entry {
        let e = self.at(i);
        self.put(
            i,
            Entry {
                key: dummy(),
                hash: -1,
            },
        );
        self.used.set(self.used.get() - 1);
        e
    }

    /// Active entries in table order.
    fn active(&self) -> Vec<Entry> {
        (0..=self.mask.get())
            .map(|i| self.at(i))
            .filter(|e| !e.key.is_null() && e.key != dummy())
            .collect()
    }
}

fn alloc_table(py: Py<'_>, size: usize) -> PyResult<*mut Entry> {
    let bytes = size
        .checked_mul(std::mem::size_of::<Entry>())
        .ok_or_else(PyErr::no_memory)?;
    let t = py.alloc(bytes)?.as_ptr().cast::<Entry>();
    // SAFETY: a fresh block of `size` entries, aligned for them (blocks are 16-aligned).
    unsafe { std::slice::from_raw_parts_mut(t, size).fill(UNUSED) };
    Ok(t)
}

/// # Safety
/// `p` is not null and points to a live object.
unsafe fn raw(p: *const Header) -> Raw {
    // SAFETY: forwarded contract.
    unsafe { NonNull::new_unchecked(p.cast_mut()) }
}

/// The payload of set or frozenset `p`.
///
/// # Safety
/// `p` is a live set or frozenset, and the reference is not used after it is freed.
#[inline]
pub(crate) unsafe fn data<'a>(p: Raw) -> &'a SetData {
    // SAFETY: forwarded contract.
    unsafe { payload::<SetData>(p) }
}

/// The keys of set `p` (the set's references), in table order.
///
/// # Safety
/// `p` is a live set or frozenset.
pub(crate) unsafe fn keys(p: Raw) -> Vec<Raw> {
    // SAFETY: the contract.
    let d = unsafe { data(p) };
    if d.table.get().is_null() {
        return Vec::new();
    }
    d.active()
        .into_iter()
        // SAFETY: active entries hold a key.
        .map(|e| unsafe { raw(e.key) })
        .collect()
}

/// Whether `kind` is `set` or `frozenset`.
#[inline]
pub(crate) fn is_any_set(kind: Kind) -> bool {
    matches!(kind, Kind::Set | Kind::FrozenSet)
}

fn shuffle(h: u64) -> u64 {
    ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
}

/// `hash(frozenset)` (CPython's `frozenset_hash`: order-independent, from the table's
/// entries, unused and dummy ones included).
///
/// # Safety
/// `p` is a live set or frozenset.
pub(crate) unsafe fn hash_set(p: Raw) -> i64 {
    // SAFETY: the contract.
    let d = unsafe { data(p) };
    if d.hash.get() != -1 {
        return d.hash.get();
    }
    let mut h: u64 = 0;
    for i in 0..=d.mask.get() {
        h ^= shuffle(d.at(i).hash as u64);
    }
    let (mask, fill, used) = (
        d.mask.get() as u64,
        d.fill.get() as u64,
        d.used.get() as u64,
    );
    if (mask + 1 - fill) & 1 == 1 {
        h ^= shuffle(0);
    }
    if (fill - used) & 1 == 1 {
        h ^= shuffle(u64::MAX);
    }
    h ^= (used + 1).wrapping_mul(1_927_868_237);
    h ^= (h >> 11) ^ (h >> 25);
    h = h.wrapping_mul(69_069).wrapping_add(907_133_923);
    let h = if h == u64::MAX { 590_923_713 } else { h as i64 };
    // Only a frozenset (immutable) may keep it; immortal objects are never written.
    // SAFETY: `p` is live.
    if kind_is_frozen(p) && !unsafe { p.as_ref() }.is_immortal() {
        d.hash.set(h);
    }
    h
}

fn kind_is_frozen(p: Raw) -> bool {
    crate::types::kind_of(p) == Kind::FrozenSet
}

/// The hash a key is looked up with: a `set` key is looked up as the frozenset of its items
/// (CPython's `set_contains`/`discard`/`remove` retry).
fn lookup_hash(key: Raw) -> PyResult<i64> {
    if crate::types::kind_of(key) == Kind::Set {
        // SAFETY: kind checked; the caller holds the key.
        return Ok(unsafe { hash_set(key) });
    }
    crate::hash::hash_raw(key)
}

/// `len(s)`.
///
/// # Safety
/// `p` is a live set or frozenset.
pub(crate) unsafe fn len(p: Raw) -> usize {
    // SAFETY: the contract.
    unsafe { data(p) }.used.get()
}

/// `key in s`.
///
/// # Safety
/// `p` is a live set or frozenset.
pub(crate) unsafe fn contains(py: Py<'_>, p: Raw, key: Raw) -> PyResult<bool> {
    let hash = lookup_hash(key)?;
    // SAFETY: the contract.
    Ok(unsafe { data(p) }.lookup(py, key, hash)?.is_some())
}

/// `a == b` for two sets or frozensets.
///
/// # Safety
/// `a` and `b` are live sets or frozensets.
pub(crate) unsafe fn eq<'py>(
    py: Py<'py>,
    a: Raw,
    b: Raw,
    up: &mut dyn Upcall<'py>,
) -> PyResult<bool> {
    // SAFETY: the contract.
    unsafe { Ok(len(a) == len(b) && subset_with(py, a, b, up)?) }
}

/// Whether every key of `a` is in `b`.
///
/// # Safety
/// `a` and `b` are live sets or frozensets.
pub(crate) unsafe fn subset(py: Py<'_>, a: Raw, b: Raw) -> PyResult<bool> {
    // SAFETY: forwarded contract.
    unsafe { subset_with(py, a, b, &mut NoUpcall) }
}

/// [`subset`] comparing keys through `up` (each key of `a` held while it is looked up).
///
/// # Safety
/// `a` and `b` are live sets or frozensets.
unsafe fn subset_with<'py>(
    py: Py<'py>,
    a: Raw,
    b: Raw,
    up: &mut dyn Upcall<'py>,
) -> PyResult<bool> {
    // SAFETY: the contract.
    let (da, db) = unsafe { (data(a), data(b)) };
    if da.used.get() > db.used.get() {
        return Ok(false);
    }
    let keys: Vec<(Obj<'py>, i64)> = da
        .active()
        .into_iter()
        // SAFETY: active entries hold live keys; held from here on.
        .map(|e| (unsafe { Obj::borrowed(py, raw(e.key)) }, e.hash))
        .collect();
    for (k, h) in keys {
        if db.lookup_with(py, k.raw(), h, up)?.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Releases a set's keys and table (dealloc, `clear`), leaving an empty 8-slot table when
/// `reset`.
///
/// # Safety
/// `p` is a live set of `py`'s heap whose keys nothing else uses through it any more.
pub(crate) unsafe fn drop_set(
    py: Py<'_>,
    p: Raw,
    stack: &mut Vec<Raw>,
    reset: bool,
) -> PyResult<()> {
    // SAFETY: the contract.
    let d = unsafe { data(p) };
    let (old, mask) = (d.table.get(), d.mask.get());
    let fresh = if reset {
        alloc_table(py, MIN_SIZE)?
    } else {
        std::ptr::null_mut()
    };
    d.table.set(fresh);
    d.mask.set(MIN_SIZE - 1);
    d.fill.set(0);
    d.used.set(0);
    if old.is_null() {
        return Ok(());
    }
    for i in 0..=mask {
        // SAFETY: the old table has `mask + 1` initialised entries.
        let e = unsafe { old.add(i).read() };
        if !e.key.is_null() && e.key != dummy() {
            // SAFETY: the set's reference to a live key, given up.
            unsafe { crate::handle::decref_into(py, raw(e.key), stack) };
        }
    }
    crate::vec::free_raw(py, old);
    Ok(())
}

impl<'py> Py<'py> {
    fn new_set_of(self, ty: *const crate::header::Header) -> PyResult<Obj<'py>> {
        let table = alloc_table(self, MIN_SIZE)?;
        let p = match self.new_obj(ty, std::mem::size_of::<ObjBox<SetData>>()) {
            Ok(p) => p,
            Err(e) => {
                crate::vec::free_raw(self, table);
                return Err(e);
            }
        };
        // SAFETY: fresh block sized for `ObjBox<SetData>`.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<SetData>>()).payload).write(SetData {
                table: Cell::new(table),
                mask: Cell::new(MIN_SIZE - 1),
                fill: Cell::new(0),
                used: Cell::new(0),
                finger: Cell::new(0),
                hash: Cell::new(-1),
            })
        };
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }

    /// An empty `set`.
    pub fn set(self) -> PyResult<Obj<'py>> {
        self.new_set_of(&SET.header)
    }

    /// An empty `frozenset`, to be filled with [`Obj::set_add`] before anything else sees it.
    pub fn frozenset(self) -> PyResult<Obj<'py>> {
        self.new_set_of(&FROZENSET.header)
    }

    /// An empty set of class `ty` (a subclass of `set` or `frozenset`; a frozenset is filled
    /// with [`Obj::set_add`] before anything else sees it).
    pub fn set_typed(self, ty: &Obj<'py>) -> PyResult<Obj<'py>> {
        if !matches!(ty.type_instance_kind(), Some(Kind::Set | Kind::FrozenSet)) {
            return Err(PyErr::type_error("set_typed: not a set class"));
        }
        self.new_set_of(ty.raw().as_ptr())
    }
}

impl<'py> Obj<'py> {
    fn set_data(&self) -> PyResult<&SetData> {
        if is_any_set(self.kind()) {
            // SAFETY: kind checked; `self` holds the set.
            Ok(unsafe { data(self.raw()) })
        } else {
            Err(PyErr::type_error(format!(
                "descriptor 'add' for 'set' objects doesn't apply to a '{}' object",
                self.type_name()
            )))
        }
    }

    /// `s.add(key)` (also how a new frozenset is filled). Whether it was added.
    pub fn set_add(&self, key: &Obj<'py>) -> PyResult<bool> {
        let d = self.set_data()?;
        d.add(self.py, key.raw(), key.hash()?)
    }

    /// `s.add(key)`, hashing and comparing keys through `up` (see [`Upcall`]).
    pub fn set_add_with(&self, key: &Obj<'py>, up: &mut dyn Upcall<'py>) -> PyResult<bool> {
        let d = self.set_data()?;
        let hash = crate::hash::key_hash(self.py, key.raw(), up)?;
        d.add_with(self.py, key.raw(), hash, up)
    }

    /// `key in s`, hashing and comparing keys through `up` (a `set` key is looked up as a
    /// frozenset).
    pub fn set_contains_with(&self, key: &Obj<'py>, up: &mut dyn Upcall<'py>) -> PyResult<bool> {
        let d = self.set_data()?;
        let hash = if crate::types::kind_of(key.raw()) == Kind::Set {
            lookup_hash(key.raw())?
        } else {
            crate::hash::key_hash(self.py, key.raw(), up)?
        };
        Ok(d.lookup_with(self.py, key.raw(), hash, up)?.is_some())
    }

    /// `s.discard(key)`: whether it was there (a `set` key is looked up as a frozenset).
    pub fn set_discard(&self, key: &Obj<'py>) -> PyResult<bool> {
        self.set_discard_with(key, &mut NoUpcall)
    }

    /// `s.discard(key)`, hashing and comparing keys through `up` (see [`Upcall`]).
    pub fn set_discard_with(&self, key: &Obj<'py>, up: &mut dyn Upcall<'py>) -> PyResult<bool> {
        let d = self.set_data()?;
        let hash = if crate::types::kind_of(key.raw()) == Kind::Set {
            lookup_hash(key.raw())?
        } else {
            crate::hash::key_hash(self.py, key.raw(), up)?
        };
        Ok(match d.discard(self.py, key.raw(), hash, up)? {
            Some(k) => {
                // SAFETY: the set's reference, taken out of the table, given up.
                unsafe { crate::handle::decref(self.py, k) };
                true
            }
            None => false,
        })
    }

    /// `s.pop()`: an arbitrary key (CPython's: the next active entry from the finger), or
    /// `KeyError: 'pop from an empty set'`.
    pub fn set_pop(&self) -> PyResult<Obj<'py>> {
        let d = self.set_data()?;
        if d.used.get() == 0 {
            return Err(PyErr::new(&KEY_ERROR, "pop from an empty set"));
        }
        let mask = d.mask.get();
        let mut i = d.finger.get() & mask;
        while d.at(i).key.is_null() || d.at(i).key == dummy() {
            i = if i == mask { 0 } else { i + 1 };
        }
        let e = d.take(i);
        d.finger.set(i + 1);
        // SAFETY: the set's reference to a live key, taken out of the table.
        Ok(unsafe { Obj::owned(self.py, raw(e.key)) })
    }

    /// `s.clear()`.
    pub fn set_clear(&self) -> PyResult<()> {
        self.set_data()?;
        let mut stack = Vec::new();
        // SAFETY: a set (checked) of this token's heap; the keys taken out are released below.
        let r = unsafe { drop_set(self.py, self.raw(), &mut stack, true) };
        // SAFETY: `drop_set` pushed only objects of this heap it brought to zero.
        unsafe { crate::dealloc::drain(self.py, stack) };
        r
    }

    /// The keys of a set or frozenset in iteration order (new references).
    pub fn set_items(&self) -> PyResult<Vec<Obj<'py>>> {
        let d = self.set_data()?;
        // SAFETY: active entries hold live keys; each gets a new reference.
        Ok(d.active()
            .into_iter()
            .map(|e| unsafe { Obj::borrowed(self.py, raw(e.key)) })
            .collect())
    }

    /// The key at table slot `*pos` or after it, advancing `*pos` past it: how an iterator
    /// walks a set without a snapshot. `None` at the end.
    pub fn set_next(&self, pos: &mut usize) -> PyResult<Option<Obj<'py>>> {
        let d = self.set_data()?;
        while *pos <= d.mask.get() {
            let e = d.at(*pos);
            *pos += 1;
            if !e.key.is_null() && e.key != dummy() {
                // SAFETY: an active entry holds a live key; we take a new reference.
                return Ok(Some(unsafe { Obj::borrowed(self.py, raw(e.key)) }));
            }
        }
        Ok(None)
    }

    /// `s |= other` for another set or frozenset (`set_merge`: one resize up front, then a
    /// straight copy or clean inserts into an empty table, as CPython).
    pub fn set_merge(&self, other: &Obj<'py>) -> PyResult<()> {
        self.set_merge_with(other, &mut NoUpcall)
    }

    /// [`set_merge`](Self::set_merge), comparing keys through `up` when `self` is not empty.
    pub fn set_merge_with(&self, other: &Obj<'py>, up: &mut dyn Upcall<'py>) -> PyResult<()> {
        let (d, o) = (self.set_data()?, other.set_data()?);
        if self.is(other) || o.used.get() == 0 {
            return Ok(());
        }
        if (d.fill.get() + o.used.get()) * 5 >= d.mask.get() * 3 {
            d.resize(self.py, (d.used.get() + o.used.get()) * 2)?;
        }
        if d.fill.get() == 0 {
            let same_shape = d.mask.get() == o.mask.get() && o.fill.get() == o.used.get();
            for i in 0..=o.mask.get() {
                let e = o.at(i);
                if e.key.is_null() || e.key == dummy() {
                    continue;
                }
                // SAFETY: an active entry of `other` holds a live key; `self` takes a
                // reference.
                unsafe { crate::handle::incref(self.py, raw(e.key)) };
                if same_shape {
                    d.put(i, e);
                } else {
                    d.insert_clean(e.key, e.hash);
                }
            }
            d.fill.set(o.used.get());
            d.used.set(o.used.get());
            return Ok(());
        }
        // Held, since an `__eq__` called through `up` may change `other`.
        let keys: Vec<(Obj<'py>, i64)> = o
            .active()
            .into_iter()
            // SAFETY: active entries hold live keys; each gets a new reference.
            .map(|e| (unsafe { Obj::borrowed(self.py, raw(e.key)) }, e.hash))
            .collect();
        for (k, hash) in keys {
            d.add_with(self.py, k.raw(), hash, up)?;
        }
        Ok(())
    }

    /// Exchanges the contents of two sets (CPython's `set_swap_bodies`: how
    /// `intersection_update` adopts the table its intersection built).
    pub fn set_swap(&self, other: &Obj<'py>) -> PyResult<()> {
        let (a, b) = (self.set_data()?, other.set_data()?);
        if self.is(other) {
            return Ok(());
        }
        a.table.swap(&b.table);
        a.mask.swap(&b.mask);
        a.fill.swap(&b.fill);
        a.used.swap(&b.used);
        a.hash.swap(&b.hash);
        Ok(())
    }

    /// Whether every key of this set is in `other` (both sets or frozensets).
    pub fn set_is_subset(&self, other: &Obj<'py>) -> PyResult<bool> {
        self.set_data()?;
        other.set_data()?;
        // SAFETY: both checked to be sets or frozensets.
        unsafe { subset(self.py, self.raw(), other.raw()) }
    }

    /// `self <= other`, comparing keys through `up` (see [`Upcall`]).
    pub fn set_is_subset_with(&self, other: &Obj<'py>, up: &mut dyn Upcall<'py>) -> PyResult<bool> {
        self.set_data()?;
        other.set_data()?;
        // SAFETY: both checked to be sets or frozensets.
        unsafe { subset_with(self.py, self.raw(), other.raw(), up) }
    }

    /// `key in s` (a `set` key is looked up as a frozenset).
    pub fn set_contains(&self, key: &Obj<'py>) -> PyResult<bool> {
        self.set_data()?;
        // SAFETY: a set or frozenset (checked).
        unsafe { contains(self.py, self.raw(), key.raw()) }
    }

    /// Drops dummies when more than a quarter of the table is dummies (what CPython does
    /// after `difference_update`).
    pub fn set_compact(&self) -> PyResult<()> {
        let d = self.set_data()?;
        if d.fill.get() - d.used.get() <= d.mask.get() / 4 {
            return Ok(());
        }
        let used = d.used.get();
        d.resize(self.py, if used > 50_000 { used * 2 } else { used * 4 })
    }

    /// Grows the table up front for `extra` more keys (CPython's one resize before adding a
    /// dict's keys).
    pub fn set_reserve(&self, extra: usize) -> PyResult<()> {
        let d = self.set_data()?;
        if (d.fill.get() + extra) * 5 >= d.mask.get() * 3 {
            d.resize(self.py, (d.used.get() + extra) * 2)?;
        }
        Ok(())
    }
}
