//! The process-wide compile cache: the same (source, filename, mode) gives the same
//! `Arc<Code>`, so a second interpreter that runs or imports the same source neither parses
//! nor compiles it again.
//!
//! Bounded two ways: at most [`CACHE_MAX_ENTRIES`] entries and at most [`CACHE_MAX_BYTES`]
//! bytes of source text held as keys; the least recently used entry goes first. A source
//! larger than the byte bound is compiled but not kept. Errors are not cached.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;

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

#[derive(PartialEq, Eq, Hash)]
struct Key {
    source: Box<[u8]>,
    filename: Box<str>,
    mode: Mode,
}

struct Entry {
    code: Arc<Code>,
    used: u64,
}

struct Cache {
    map: HashMap<Arc<Key>, Entry>,
    bytes: usize,
    tick: u64,
}

static CACHE: Mutex<Option<Cache>> = Mutex::new(None);
static HITS: AtomicU64 = AtomicU64::new(0);
static MISSES: AtomicU64 = AtomicU64::new(0);
static EVICTIONS: AtomicU64 = AtomicU64::new(0);

/// [`compile`] through the process-wide cache.
pub fn compile_cached(
    source: impl AsRef<[u8]>,
    filename: &str,
    mode: Mode,
) -> Result<Arc<Code>, CompileError> {
    let source = source.as_ref();
    let probe = Key {
        source: source.into(),
        filename: filename.into(),
        mode,
    };
    {
        let mut guard = CACHE.lock();
        let cache = guard.get_or_insert_with(|| Cache {
            map: HashMap::new(),
            bytes: 0,
            tick: 0,
        });
        cache.tick += 1;
        let tick = cache.tick;
        if let Some(e) = cache.map.get_mut(&probe) {
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
    let mut guard = CACHE.lock();
    let Some(cache) = guard.as_mut() else {
        return Ok(code);
    };
    cache.tick += 1;
    let tick = cache.tick;
    if let Some(e) = cache.map.get_mut(&probe) {
        e.used = tick;
        return Ok(e.code.clone());
    }
    while !cache.map.is_empty()
        && (cache.map.len() >= CACHE_MAX_ENTRIES || cache.bytes + size > CACHE_MAX_BYTES)
    {
        let oldest = cache
            .map
            .iter()
            .min_by_key(|(_, e)| e.used)
            .map(|(k, _)| k.clone());
        if let Some(k) = oldest {
            cache.bytes -= k.source.len();
            cache.map.remove(&k);
            EVICTIONS.fetch_add(1, Ordering::Relaxed);
        }
    }
    cache.bytes += size;
    cache.map.insert(
        Arc::new(probe),
        Entry {
            code: code.clone(),
            used: tick,
        },
    );
    Ok(code)
}

/// The cache's counters and size.
pub fn cache_stats() -> CacheStats {
    let guard = CACHE.lock();
    let (entries, bytes) = guard.as_ref().map_or((0, 0), |c| (c.map.len(), c.bytes));
    CacheStats {
        hits: HITS.load(Ordering::Relaxed),
        misses: MISSES.load(Ordering::Relaxed),
        evictions: EVICTIONS.load(Ordering::Relaxed),
        entries,
        bytes,
    }
}
