//! [`ParseCache`]: parsed programs kept by source text, so a source run again is not parsed
//! again.
//!
//! Scenario lines and benchmark loops run the same short sources many times; parsing costs
//! more than evaluating them (`x = 1` parses in about 360 ns and runs in about 50 ns; a hit
//! costs about 25 ns). The cache maps the exact source text to its shared tree. It is an
//! optimisation only: a hit returns the tree `parse` returns for that text, and running it is
//! the same as running a fresh parse (the tree holds no state).
//!
//! Bounds: at most `capacity` entries, each for a source of at most
//! [`ParseCache::MAX_SOURCE_LEN`] bytes (longer sources are parsed every time; they are rarely
//! repeated and would make the cache's memory unbounded). When full, an arbitrary entry is
//! evicted. Syntax errors are not cached.

use std::collections::HashMap;
use std::sync::Arc;

use crate::ast::Program;
use crate::error::SyntaxError;

/// A bounded map from source text to its parsed [`Program`].
///
/// `Send + Sync`: the runtime may keep one per interpreter, or one per runtime behind a lock.
///
/// ```
/// use subinterp_script::ParseCache;
///
/// let mut cache = ParseCache::default();
/// let a = cache.parse("x = 1").unwrap();
/// let b = cache.parse("x = 1").unwrap();
/// assert!(std::sync::Arc::ptr_eq(&a, &b));
/// assert_eq!(cache.parse("x = ").unwrap_err().to_string(), "SyntaxError: invalid syntax");
/// assert_eq!(cache.len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct ParseCache {
    map: HashMap<Box<str>, Arc<Program>>,
    capacity: usize,
}

impl ParseCache {
    /// Entries a [`ParseCache::default`] holds.
    pub const DEFAULT_CAPACITY: usize = 256;

    /// Sources longer than this (in bytes) are not cached.
    pub const MAX_SOURCE_LEN: usize = 1024;

    /// An empty cache holding at most `capacity` programs (0 disables caching).
    pub fn new(capacity: usize) -> ParseCache {
        ParseCache {
            map: HashMap::new(),
            capacity,
        }
    }

    /// The program `source` parses to: the cached tree, or a fresh parse (cached when it
    /// succeeds and the source is short enough).
    pub fn parse(&mut self, source: &str) -> Result<Arc<Program>, SyntaxError> {
        if let Some(p) = self.map.get(source) {
            return Ok(Arc::clone(p));
        }
        self.parse_slow(source)
    }

    #[cold]
    fn parse_slow(&mut self, source: &str) -> Result<Arc<Program>, SyntaxError> {
        let program = Arc::new(crate::parse(source)?);
        if self.capacity > 0 && source.len() <= Self::MAX_SOURCE_LEN {
            if self.map.len() >= self.capacity
                && let Some(k) = self.map.keys().next().cloned()
            {
                self.map.remove(&k);
            }
            self.map.insert(source.into(), Arc::clone(&program));
        }
        Ok(program)
    }

    /// Cached programs.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Drops every cached program.
    pub fn clear(&mut self) {
        self.map.clear();
    }
}

impl Default for ParseCache {
    /// A cache of [`ParseCache::DEFAULT_CAPACITY`] entries.
    fn default() -> ParseCache {
        ParseCache::new(ParseCache::DEFAULT_CAPACITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_skips_long_sources() {
        let mut c = ParseCache::new(2);
        for src in ["a = 1", "b = 2", "c = 3"] {
            c.parse(src).unwrap();
        }
        assert_eq!(c.len(), 2);
        let long = format!("x = '{}'", "y".repeat(ParseCache::MAX_SOURCE_LEN));
        c.clear();
        c.parse(&long).unwrap();
        assert!(c.is_empty());
        let mut off = ParseCache::new(0);
        off.parse("x = 1").unwrap();
        assert!(off.is_empty());
    }

    #[test]
    fn hit_is_the_same_tree_as_a_fresh_parse() {
        let mut c = ParseCache::default();
        let src = "import a.b as c; d[1] = f(x, k=-2) < 3";
        let first = c.parse(src).unwrap();
        let second = c.parse(src).unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(*second, crate::parse(src).unwrap());
    }
}
