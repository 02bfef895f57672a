//! [`Ended`]: the set of interpreters that have ended, as ranges of consecutive ids.
//!
//! The registry must answer "has this interpreter ended?" for any id, for the life of the
//! runtime: a handle bound later to an ended interpreter gets an already-ended cell. A set with
//! one entry per id grew by ~12 bytes per interpreter life cycle, for ever. Interpreter ids are
//! never reused and mostly end in creation order, so the ended ids form a few long runs: kept
//! as maximal ranges, the set is exact and its size is the number of runs, i.e. at most one
//! more than the number of ids in between that have not ended (live interpreters, failed
//! creations), however many interpreters ended.

use std::collections::BTreeMap;

use crate::InterpId;

/// Ended interpreter ids: `start -> end` (both inclusive) of maximal, disjoint runs; no two
/// runs touch (`end + 1 < next start`).
#[derive(Debug, Default)]
pub(crate) struct Ended {
    runs: BTreeMap<u64, u64>,
}

impl Ended {
    /// Whether `id` has ended.
    #[inline]
    pub(crate) fn contains(&self, id: InterpId) -> bool {
        self.run_at_or_before(id.get())
            .is_some_and(|(_, end)| id.get() <= end)
    }

    /// Records that `id` ended, merging it with the runs it touches; `false` if it had already.
    pub(crate) fn insert(&mut self, id: InterpId) -> bool {
        let x = id.get();
        let before = self.run_at_or_before(x);
        if before.is_some_and(|(_, end)| x <= end) {
            return false;
        }
        // `end < x` here, so `end + 1` cannot overflow.
        let start = match before {
            Some((start, end)) if end + 1 == x => start,
            _ => x,
        };
        let end = match x.checked_add(1).and_then(|n| self.runs.remove(&n)) {
            Some(after_end) => after_end,
            None => x,
        };
        self.runs.insert(start, end);
        true
    }

    /// The number of runs (what the set's size grows with).
    #[cfg(test)]
    pub(crate) fn runs(&self) -> usize {
        self.runs.len()
    }

    /// The run starting at or before `x`, as `(start, end)`.
    #[inline]
    fn run_at_or_before(&self, x: u64) -> Option<(u64, u64)> {
        self.runs.range(..=x).next_back().map(|(&s, &e)| (s, e))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Inserts `order`, checking after each step against a plain set: `contains` for every id
    /// around, the return value, and the number of runs (maximal sequences of consecutive ids).
    #[track_caller]
    fn check(order: &[u64]) {
        let mut ended = Ended::default();
        let mut model = BTreeSet::new();
        let top = order.iter().copied().max().unwrap_or(0).saturating_add(2);
        for &x in order {
            assert_eq!(
                ended.insert(InterpId::new(x)),
                model.insert(x),
                "insert {x} after {model:?}"
            );
            for y in 0..=top {
                assert_eq!(
                    ended.contains(InterpId::new(y)),
                    model.contains(&y),
                    "contains {y} after {model:?}"
                );
            }
            let runs = model
                .iter()
                .filter(|&&y| y == 0 || !model.contains(&(y - 1)))
                .count();
            assert_eq!(ended.runs(), runs, "runs of {model:?}");
        }
    }

    /// The permutations of `items`, by Heap's algorithm.
    fn permutations(items: &mut [u64], k: usize, out: &mut Vec<Vec<u64>>) {
        if k <= 1 {
            out.push(items.to_vec());
            return;
        }
        for i in 0..k {
            permutations(items, k - 1, out);
            let j = if k.is_multiple_of(2) { i } else { 0 };
            items.swap(j, k - 1);
        }
    }

    #[test]
    fn agrees_with_a_plain_set_for_every_order_of_seven_ids() {
        // 0..7 in every order (5,040): every way runs can start, grow at either end, and
        // bridge a gap.
        let mut all = Vec::new();
        permutations(&mut [0, 1, 2, 3, 4, 5, 6], 7, &mut all);
        assert_eq!(all.len(), 5040);
        for order in &all {
            check(order);
        }
    }

    #[test]
    fn agrees_with_a_plain_set_on_gaps_repeats_and_extremes() {
        check(&[]);
        check(&[3, 3, 5, 4, 4, 9, 7, 8, 6]);
        check(&[10, 0, 5, 1, 9, 6, 2, 8, 3, 7, 4]);
        let mut ended = Ended::default();
        for x in [u64::MAX, u64::MAX - 1, 0] {
            assert!(ended.insert(InterpId::new(x)));
        }
        assert!(!ended.insert(InterpId::new(u64::MAX)));
        assert!(ended.contains(InterpId::new(u64::MAX - 1)));
        assert!(!ended.contains(InterpId::new(u64::MAX - 2)));
        assert_eq!(ended.runs(), 2);
    }

    #[test]
    fn many_ended_interpreters_take_one_run() {
        // In order, and with each one ending after the next one started.
        let mut ended = Ended::default();
        for x in 1..=100_000 {
            ended.insert(InterpId::new(x));
        }
        assert_eq!(ended.runs(), 1);
        let mut ended = Ended::default();
        for pair in (1..=100_000u64).collect::<Vec<_>>().chunks(2) {
            for &x in pair.iter().rev() {
                ended.insert(InterpId::new(x));
            }
        }
        assert_eq!(ended.runs(), 1);
        // A long-lived interpreter splits them in two until it ends.
        let mut ended = Ended::default();
        for x in (1..=100_000).filter(|&x| x != 500) {
            ended.insert(InterpId::new(x));
        }
        assert_eq!(ended.runs(), 2);
        ended.insert(InterpId::new(500));
        assert_eq!(ended.runs(), 1);
    }
}
