//! The process-wide compile cache: the same (source, filename, mode) gives the same
//! `Arc<Code>`, so a second interpreter that runs or imports the same source neither parses
//! nor compiles it again.
//!
//! Bounded two ways: at most [`CACHE_MAX_ENTRIES`] entries and at most [`CACHE_MAX_BYTES`]
//! bytes of source text held as keys; the least recently used entry goes first. A source
//! larger than the byte bound is compiled but not kept. Errors are not cached.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::{Code, CompileError, Mode, compile};

/// Most entries the cache keeps.
pub const CACHE_MAX_ENTRIES: usize = 512;
/// Most bytes of source text the cache keeps (its keys; code objects are shared, not counted).
pub const CACHE_MAX_BYTES: usize = 64 * 1024 * 1024;

/// The cache's counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Lookups that found the code.
    pub hits: u64,
    /// Lookups that compiled.
    pub misses: u64,
    /// Entries dropped to stay within the bounds.
    pub evictions: u64,
    /// Entries held now.
    pub entries: usize,
    /// Source bytes held now.
    pub bytes: usize,
}

struct Entry {
    source: Box<[u8]>,
    filename: Box<str>,
    mode: Mode,
    code: Arc<Code>,
    used: u64,
}

impl Entry {
    fn is(&self, source: &[u8], filename: &str, mode: Mode) -> bool {
        self.mode == mode && *self.filename == *filename && *self.source == *source
    }
}

/// Entries by the hash of their key: a lookup hashes and compares the borrowed source, and
/// copies nothing.
struct Cache {
    map: HashMap<u64, Vec<Entry>>,
    entries: usize,
    bytes: usize,
    tick: u64,
}

impl Cache {
    fn find(&mut self, hash: u64, source: &[u8], filename: &str, mode: Mode) -> Option<&mut Entry> {
        self.map
            .get_mut(&hash)?
            .iter_mut()
            .find(|e| e.is(source, filename, mode))
    }

    /// Drops the least recently used entry.
    fn evict_one(&mut self) {
        let oldest = self
            .map
            .iter()
            .flat_map(|(h, v)| v.iter().enumerate().map(move |(i, e)| (e.used, *h, i)))
            .min();
        if let Some((_, h, i)) = oldest
            && let Some(list) = self.map.get_mut(&h)
        {
            let e = list.swap_remove(i);
            if list.is_empty() {
                self.map.remove(&h);
            }
            self.entries -= 1;
            self.bytes -= e.source.len();
            EVICTIONS.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// A futex (std), not `parking_lot`: [`hold_for_fork`] holds it across a `fork()`, and a
/// `parking_lot` unlock in the child could hand it to a waiter of the parent that does not
/// exist there.
static CACHE: Mutex<Option<Cache>> = Mutex::new(None);

/// The cache's lock (a panic while it was held leaves a consistent map: every update is one
/// insert or remove).
fn lock() -> MutexGuard<'static, Option<Cache>> {
    CACHE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The compile cache's lock, held until the guard drops, for a `fork()` made meanwhile: a
/// thread compiling in the parent cannot leave it held in the child (which would hang the
/// child's first `exec`); the child releases it by dropping the guard.
pub fn hold_for_fork() -> ForkHold {
    ForkHold { _guard: lock() }
}

/// The compile cache's lock, held across a `fork()` ([`hold_for_fork`]).
#[must_use]
pub struct ForkHold {
    _guard: MutexGuard<'static, Option<Cache>>,
}

impl std::fmt::Debug for ForkHold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ForkHold")
    }
}
static HITS: AtomicU64 = AtomicU64::new(0);
static MISSES: AtomicU64 = AtomicU64::new(0);
static EVICTIONS: AtomicU64 = AtomicU64::new(0);

fn key_hash(source: &[u8], filename: &str, mode: Mode) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    source.hash(&mut h);
    filename.hash(&mut h);
    mode.hash(&mut h);
    h.finish()
}

/// [`compile`] through the process-wide cache.
pub fn compile_cached(
    source: impl AsRef<[u8]>,
    filename: &str,
    mode: Mode,
) -> Result<Arc<Code>, CompileError> {
    let source = source.as_ref();
    let hash = key_hash(source, filename, mode);
    {
        let mut guard = lock();
        let cache = guard.get_or_insert_with(|| Cache {
            map: HashMap::new(),
            entries: 0,
            bytes: 0,
            tick: 0,
        });
        cache.tick += 1;
        let tick = cache.tick;
        if let Some(e) = cache.find(hash, source, filename, mode) {
            e.used = tick;
            HITS.fetch_add(1, Ordering::Relaxed);
            return Ok(e.code.clone());
        }
    }
    MISSES.fetch_add(1, Ordering::Relaxed);
    // Compile without the lock: another thread may compile the same source meanwhile; the
    // first to insert wins and both callers then share its code.
    let code = compile(source, filename, mode)?;
    let size = source.len();
    if size > CACHE_MAX_BYTES {
        return Ok(code);
    }
    let mut guard = lock();
    let Some(cache) = guard.as_mut() else {
        return Ok(code);
    };
    cache.tick += 1;
    let tick = cache.tick;
    if let Some(e) = cache.find(hash, source, filename, mode) {
        e.used = tick;
        return Ok(e.code.clone());
    }
    while cache.entries > 0
        && (cache.entries >= CACHE_MAX_ENTRIES || cache.bytes + size > CACHE_MAX_BYTES)
    {
        cache.evict_one();
    }
    cache.entries += 1;
    cache.bytes += size;
    cache.map.entry(hash).or_default().push(Entry {
        source: source.into(),
        filename: filename.into(),
        mode,
        code: code.clone(),
        used: tick,
    });
    Ok(code)
}

/// The cache's counters and size.
pub fn cache_stats() -> CacheStats {
    let guard = lock();
    let (entries, bytes) = guard.as_ref().map_or((0, 0), |c| (c.entries, c.bytes));
    CacheStats {
        hits: HITS.load(Ordering::Relaxed),
        misses: MISSES.load(Ordering::Relaxed),
        evictions: EVICTIONS.load(Ordering::Relaxed),
        entries,
        bytes,
    }
}
