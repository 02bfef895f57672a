//! The process-wide (per runtime) extension-module cache: CPython's
//! `_PyRuntime.imports.extensions` (reference §3), keyed by a structured `(path, name)` and
//! guarded by its own lock.
//!
//! # Ownership and locking
//!
//! - The map and its values are plain Rust (`Arc<CachedExt>`), owned by no interpreter, behind
//!   one `std` `Mutex` that is independent of every GIL. The lock is held only to get,
//!   insert or remove an `Arc`: never while running an init function, touching an object or
//!   waiting for a GIL, so it cannot take part in a deadlock.
//! - The one object a value holds, the shallow copy of a single-phase module's dict
//!   (`m_copy`), is an unbound [`ObjRef`] into **main's** heap: it is made and released only
//!   with a token of a heap-sharing interpreter (main, or one that uses main's allocator and
//!   therefore main's GIL), or its release is deferred to main by the object layer.

use std::collections::HashMap;
use std::sync::Arc;

use std::sync::{Mutex, MutexGuard, PoisonError};
use subinterp_object::{InterpId, ObjRef, Py};

use crate::def::{InitFn, ModuleDef};

/// Where a cached module came from (`_Py_ext_module_origin`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExtOrigin {
    /// `_Py_ext_module_origin_BUILTIN`: the inittab (key `(name, name)`).
    Builtin,
    /// `_Py_ext_module_origin_DYNAMIC`: an extension library (key `(path, name)`).
    Dynamic,
}

/// A cache value (`struct extensions_cache_value`).
pub(crate) struct CachedExt {
    pub(crate) def: &'static ModuleDef,
    /// The init function, kept for single-phase modules with `m_size >= 0` (re-run on each
    /// load) and for re-running a legacy module in an interpreter with its own heap.
    pub(crate) init: InitFn,
    /// The def's module index in this runtime.
    pub(crate) index: usize,
    /// `m_dict.copied`: the main-owned shallow copy of an `m_size == -1` module's dict.
    pub(crate) m_dict: Option<ObjRef>,
    /// The module the init function made in main (`M0`, the `m_self` of the functions in the
    /// copy), kept so finalization can clear its dict and break its cycles in main.
    pub(crate) module: Option<ObjRef>,
    pub(crate) origin: ExtOrigin,
    /// The interpreter the copy belongs to (always main, `m_dict->interpid`).
    pub(crate) owner: InterpId,
}

impl CachedExt {
    /// Releases the copy with a token of its heap, or defers the release to its owner.
    pub(crate) fn release(self, py: Py<'_>) {
        if let Some(d) = self.m_dict {
            d.release(py);
        }
        if let Some(m) = self.module {
            if let Ok(o) = m.bind(py) {
                // An error only means it is not a module: there is no cycle to break.
                let _ = o.module_clear();
            }
            m.release(py);
        }
    }
}

/// What the cache holds for one extension (for inspection and tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheEntryInfo {
    /// The key's path (the name itself for a builtin).
    pub path: String,
    /// The key's module name.
    pub name: String,
    /// The definition's `m_name`.
    pub def_name: &'static str,
    /// The definition's module index in this runtime.
    pub index: usize,
    /// Where the module came from.
    pub origin: ExtOrigin,
    /// Whether a dict copy (`m_copy`) is held (`m_size == -1`).
    pub has_copy: bool,
    /// The interpreter owning the copy and the init function's module (main).
    pub owner: InterpId,
}

/// The cache key: `(path, name)`. A builtin's path is its name.
pub(crate) type Key = (String, String);

/// The cache's map, locked.
pub(crate) type CacheGuard<'a> = MutexGuard<'a, HashMap<Key, Arc<CachedExt>>>;

#[derive(Default)]
pub(crate) struct ExtensionCache {
    map: Mutex<HashMap<Key, Arc<CachedExt>>>,
}

impl ExtensionCache {
    /// The map's lock. A futex (std): it is held across a `fork()`
    /// ([`ImportSystem::hold_for_fork`](crate::ImportSystem::hold_for_fork)), and a
    /// `parking_lot` unlock in the child could hand it to a waiter that does not exist there.
    pub(crate) fn lock(&self) -> CacheGuard<'_> {
        self.map.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn get(&self, path: &str, name: &str) -> Option<Arc<CachedExt>> {
        self.lock()
            .get(&(path.to_owned(), name.to_owned()))
            .cloned()
    }

    /// `_extensions_cache_set`: an existing value wins (gh-123880); then the rejected new
    /// value comes back so the caller can release it under its token.
    pub(crate) fn set(
        &self,
        path: &str,
        name: &str,
        value: CachedExt,
    ) -> (Arc<CachedExt>, Option<CachedExt>) {
        let mut map = self.lock();
        match map.get(&(path.to_owned(), name.to_owned())) {
            Some(old) => (old.clone(), Some(value)),
            None => {
                let v = Arc::new(value);
                map.insert((path.to_owned(), name.to_owned()), v.clone());
                (v, None)
            }
        }
    }

    pub(crate) fn delete(&self, path: &str, name: &str) -> Option<Arc<CachedExt>> {
        self.lock().remove(&(path.to_owned(), name.to_owned()))
    }

    /// Every key, sorted.
    pub(crate) fn keys(&self) -> Vec<Key> {
        let mut v: Vec<Key> = self.lock().keys().cloned().collect();
        v.sort();
        v
    }

    pub(crate) fn entries(&self) -> Vec<CacheEntryInfo> {
        let mut v: Vec<CacheEntryInfo> = self
            .lock()
            .iter()
            .map(|((path, name), e)| CacheEntryInfo {
                path: path.clone(),
                name: name.clone(),
                def_name: e.def.name,
                index: e.index,
                origin: e.origin,
                has_copy: e.m_dict.is_some(),
                owner: e.owner,
            })
            .collect();
        v.sort_by(|a, b| (&a.path, &a.name).cmp(&(&b.path, &b.name)));
        v
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    /// Empties the cache (`_extensions_cache_clear_all`, under the lock here).
    pub(crate) fn take_all(&self) -> Vec<Arc<CachedExt>> {
        self.lock().drain().map(|(_, v)| v).collect()
    }
}
