//! Property tests: random alloc/free/realloc/calloc sequences run against a model of live
//! blocks (contents and counts), with the structural invariants checked, and differentially
//! against a heap with deferred empty-pool moves turned off (every decision must be the same).

use std::ptr::NonNull;

use proptest::prelude::*;

use crate::pool::pool_of;
use crate::scenarios::check_invariants;
use crate::{FailingSource, Heap, OsSource};

#[derive(Debug, Clone)]
enum Op {
    Alloc(usize),
    Calloc(usize, usize),
    Free(usize),
    Realloc(usize, usize),
    /// Allocate many blocks of one size (drives pools and arenas through their states).
    Bulk(usize, usize),
    /// Free every `step`-th live block starting at `start`.
    FreeMany(usize, usize),
}

fn size() -> impl Strategy<Value = usize> {
    prop_oneof![8 => 1usize..=512, 1 => Just(0usize), 1 => 513usize..2000]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => size().prop_map(Op::Alloc),
        1 => (0usize..40, 0usize..20).prop_map(|(n, m)| Op::Calloc(n, m)),
        5 => any::<usize>().prop_map(Op::Free),
        3 => (any::<usize>(), size()).prop_map(|(i, n)| Op::Realloc(i, n)),
        1 => (1usize..2500, 1usize..=512).prop_map(|(n, s)| Op::Bulk(n, s)),
        1 => (0usize..8, 1usize..4).prop_map(|(a, b)| Op::FreeMany(a, b)),
    ]
}

/// One heap under test plus its model: live blocks with their size and fill byte.
struct Subject {
    heap: Heap,
    live: Vec<(NonNull<u8>, usize, u8)>,
}

/// What a decision looks like independently of where the OS put the arenas:
/// raw, or (arena slot, offset from the arena base).
fn where_is(h: &Heap, p: NonNull<u8>) -> Option<(u32, usize)> {
    if !h.in_arenas(p.as_ptr()) {
        return None;
    }
    h.with_raw_state(|st| {
        // SAFETY: `p` is a live block in this heap's arenas.
        let a = unsafe { (*pool_of(p.as_ptr())).arenaindex };
        Some((a, p.as_ptr().addr() - st.arenas[a as usize].base.addr()))
    })
}

fn fill(p: NonNull<u8>, n: usize, b: u8) {
    // SAFETY: `p` is a live block of at least `n` bytes.
    unsafe { p.as_ptr().write_bytes(b, n) };
}

fn holds(p: NonNull<u8>, n: usize, b: u8) -> bool {
    // SAFETY: `p` is a live block of at least `n` bytes.
    unsafe { std::slice::from_raw_parts(p.as_ptr(), n) }
        .iter()
        .all(|&x| x == b)
}

impl Subject {
    fn new(defer: bool) -> Subject {
        let heap = Heap::with_source(FailingSource::new(OsSource::with_offset(4096)));
        heap.with_raw_state(|st| st.defer = defer);
        Subject {
            heap,
            live: Vec::new(),
        }
    }

    /// Apply `op`; returns the decisions it made, for the differential check.
    fn apply(&mut self, op: &Op, tag: u8) -> Result<Vec<Option<(u32, usize)>>, TestCaseError> {
        let h = &self.heap;
        let mut out = Vec::new();
        match *op {
            Op::Alloc(n) => {
                let p = h.alloc(n).map_err(|e| TestCaseError::fail(e.to_string()))?;
                fill(p, n, tag);
                out.push(where_is(h, p));
                self.live.push((p, n, tag));
            }
            Op::Calloc(n, m) => {
                let p = h
                    .calloc(n, m)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert!(holds(p, n * m, 0), "calloc block not zeroed");
                out.push(where_is(h, p));
                self.live.push((p, n * m, 0));
            }
            Op::Free(i) if !self.live.is_empty() => {
                let (p, n, b) = self.live.swap_remove(i % self.live.len());
                prop_assert!(holds(p, n, b), "block contents changed while live");
                // SAFETY: a live block of this heap, freed once.
                unsafe { h.free(p) }.map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            Op::Realloc(i, n) if !self.live.is_empty() => {
                let k = i % self.live.len();
                let (p, old, b) = self.live[k];
                // SAFETY: a live block of this heap.
                let q =
                    unsafe { h.realloc(p, n) }.map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert!(holds(q, old.min(n), b), "realloc lost bytes");
                fill(q, n, tag);
                out.push(where_is(h, q));
                self.live[k] = (q, n, tag);
            }
            Op::Bulk(count, n) => {
                for _ in 0..count {
                    let p = h.alloc(n).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    fill(p, n.min(16), tag);
                    out.push(where_is(h, p));
                    self.live.push((p, n.min(16), tag));
                }
            }
            Op::FreeMany(start, step) => {
                let mut i = start;
                let mut keep = Vec::with_capacity(self.live.len());
                for (j, blk) in self.live.drain(..).enumerate() {
                    if j == i {
                        // SAFETY: a live block of this heap, freed once.
                        unsafe { h.free(blk.0) }.map_err(|e| TestCaseError::fail(e.to_string()))?;
                        i += step;
                    } else {
                        keep.push(blk);
                    }
                }
                self.live = keep;
            }
            Op::Free(_) | Op::Realloc(..) => {}
        }
        prop_assert_eq!(h.allocated_blocks(), self.live.len());
        Ok(out)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_match_the_model_and_cpython_decisions(
        ops in proptest::collection::vec(op(), 1..120)
    ) {
        let mut fast = Subject::new(true);
        let mut faithful = Subject::new(false);
        for (k, op) in ops.iter().enumerate() {
            let tag = (k % 251) as u8 + 1;
            let a = fast.apply(op, tag)?;
            let b = faithful.apply(op, tag)?;
            prop_assert_eq!(a, b, "decisions differ at op {} ({:?})", k, op);
        }
        for s in [&fast, &faithful] {
            s.heap.with_state(|st| check_invariants(st)).map_err(TestCaseError::fail)?;
        }
        let strip = |mut s: crate::HeapStats| {
            s.arena_map_mid_nodes = 0;
            s.arena_map_bot_nodes = 0;
            s
        };
        prop_assert_eq!(strip(fast.heap.stats()), strip(faithful.heap.stats()));
        // Free everything: the heap must end with no block and at most the kept arena.
        for s in [&mut fast, &mut faithful] {
            for (p, n, b) in s.live.drain(..) {
                prop_assert!(holds(p, n, b));
                // SAFETY: a live block, freed once.
                unsafe { s.heap.free(p) }.map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            prop_assert_eq!(s.heap.allocated_blocks(), 0);
            prop_assert!(s.heap.mapped_bytes() <= crate::geometry::ARENA_SIZE);
            s.heap.with_state(|st| check_invariants(st)).map_err(TestCaseError::fail)?;
        }
    }
}
