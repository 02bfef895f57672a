//! Heap statistics: the structured [`HeapStats`] and the text report in the exact format of
//! CPython's `sys._debugmallocstats()` pymalloc section (`pymalloc_print_stats`, `printone`).

use std::fmt::Write as _;

use crate::geometry::{
    ARENA_SIZE, NB_SMALL_SIZE_CLASSES, POOL_OVERHEAD, POOL_SIZE, SMALL_REQUEST_THRESHOLD,
    index2size, numblocks,
};
use crate::registry;
use crate::state::State;

/// One row of the per-class table: a size class with at least one non-empty pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassStats {
    /// Size class index.
    pub class: usize,
    /// Block size of the class.
    pub size: usize,
    /// Pools of this class with at least one block in use.
    pub pools: usize,
    /// Blocks in use.
    pub blocks_in_use: usize,
    /// Free blocks in those pools, including never-carved ones.
    pub avail_blocks: usize,
}

/// A snapshot of a heap's allocator state (what `sys._debugmallocstats()` prints, as values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeapStats {
    /// Rows for classes with non-empty pools, ascending.
    pub classes: Vec<ClassStats>,
    /// `ntimes_arena_allocated`.
    pub arenas_allocated_total: usize,
    /// Arenas given back to the OS.
    pub arenas_reclaimed: usize,
    /// `narenas_highwater`.
    pub arenas_highwater: usize,
    /// Arenas mapped now.
    pub arenas_allocated_current: usize,
    /// Bytes of blocks in use in pools.
    pub allocated_bytes: usize,
    /// Bytes of free blocks in non-empty pools.
    pub available_bytes: usize,
    /// Empty cached pools plus never-carved pools.
    pub unused_pools: usize,
    /// `POOL_OVERHEAD` times the non-empty pools.
    pub pool_header_bytes: usize,
    /// Bytes at the end of non-empty pools that no block fits in.
    pub quantization_bytes: usize,
    /// One pool per arena whose base is not pool-aligned.
    pub arena_alignment_bytes: usize,
    /// Raw blocks (sizes 0 and over 512, fallbacks) and the bytes requested for them.
    pub raw_blocks: usize,
    /// Bytes requested by the raw blocks.
    pub raw_bytes: usize,
    /// `allocated_blocks()`: pool blocks in use plus raw blocks.
    pub allocated_blocks: usize,
    /// Distinct arena-map mid nodes that this heap's arenas use.
    pub arena_map_mid_nodes: usize,
    /// Distinct arena-map bottom nodes that this heap's arenas use.
    pub arena_map_bot_nodes: usize,
}

impl HeapStats {
    /// Bytes of mapped arenas (`narenas * ARENA_SIZE`).
    pub fn arena_bytes(&self) -> usize {
        self.arenas_allocated_current * ARENA_SIZE
    }

    /// The report in `sys._debugmallocstats()`'s format (its pymalloc part).
    pub fn report(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Small block threshold = {SMALL_REQUEST_THRESHOLD}, in {NB_SMALL_SIZE_CLASSES} size classes."
        );
        out.push_str("\nclass   size   num pools   blocks in use  avail blocks\n");
        out.push_str("-----   ----   ---------   -------------  ------------\n");
        for c in &self.classes {
            let _ = writeln!(
                out,
                "{:5} {:6} {:11} {:15} {:13}",
                c.class, c.size, c.pools, c.blocks_in_use, c.avail_blocks
            );
        }
        out.push('\n');
        let n = self.arenas_allocated_current;
        printone(
            &mut out,
            "# arenas allocated total",
            self.arenas_allocated_total,
        );
        printone(&mut out, "# arenas reclaimed", self.arenas_reclaimed);
        printone(&mut out, "# arenas highwater mark", self.arenas_highwater);
        printone(&mut out, "# arenas allocated current", n);
        printone(
            &mut out,
            &format!("{n} arenas * {ARENA_SIZE} bytes/arena"),
            n * ARENA_SIZE,
        );
        out.push('\n');
        let mut total = printone(
            &mut out,
            "# bytes in allocated blocks",
            self.allocated_bytes,
        );
        total += printone(
            &mut out,
            "# bytes in available blocks",
            self.available_bytes,
        );
        total += printone(
            &mut out,
            &format!("{} unused pools * {POOL_SIZE} bytes", self.unused_pools),
            self.unused_pools * POOL_SIZE,
        );
        total += printone(
            &mut out,
            "# bytes lost to pool headers",
            self.pool_header_bytes,
        );
        total += printone(
            &mut out,
            "# bytes lost to quantization",
            self.quantization_bytes,
        );
        total += printone(
            &mut out,
            "# bytes lost to arena alignment",
            self.arena_alignment_bytes,
        );
        printone(&mut out, "Total", total);
        out.push_str("\narena map counts\n");
        printone(&mut out, "# arena map mid nodes", self.arena_map_mid_nodes);
        printone(&mut out, "# arena map bot nodes", self.arena_map_bot_nodes);
        out.push('\n');
        let mut total = printone(
            &mut out,
            "# bytes lost to arena map root",
            registry::ROOT_BYTES,
        );
        total += printone(
            &mut out,
            "# bytes lost to arena map mid",
            registry::MID_BYTES * self.arena_map_mid_nodes,
        );
        total += printone(
            &mut out,
            "# bytes lost to arena map bot",
            registry::BOT_BYTES * self.arena_map_bot_nodes,
        );
        printone(&mut out, "Total", total);
        out
    }
}

/// CPython's `printone`: `msg` padded to 35 columns, `=`, then `value` with thousands
/// separators right-aligned in 21 columns. Returns `value`.
pub(crate) fn printone(out: &mut String, msg: &str, value: usize) -> usize {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let _ = writeln!(out, "{msg:<35}={grouped:>21}");
    value
}

/// Gather the statistics of `st` (`pymalloc_print_stats`'s walk; O(carved pools)).
pub(crate) fn stats_of(st: &mut State) -> HeapStats {
    // SAFETY: the state's invariants hold between calls.
    unsafe { st.flush_pending() };
    let st = &*st;
    let mut pools = [0usize; NB_SMALL_SIZE_CLASSES];
    let mut blocks = [0usize; NB_SMALL_SIZE_CLASSES];
    let mut free = [0usize; NB_SMALL_SIZE_CLASSES];
    let mut unused_pools = 0;
    let mut misaligned = 0;
    let mut mids = Vec::new();
    let mut bots = Vec::new();
    for ao in st.arenas.iter().filter(|ao| !ao.base.is_null()) {
        unused_pools += ao.nfreepools as usize;
        let base = ao.base.addr();
        let mut regions = vec![base];
        if ao.first_pool() != ao.base {
            misaligned += 1;
        }
        if base % ARENA_SIZE != 0 {
            regions.push(base + ARENA_SIZE);
        }
        for r in regions {
            // A mid node is named by its top index, a bottom node by (top, mid).
            let (t, m, _) = registry::split(r);
            mids.push(t);
            bots.push((t, m));
        }
    }
    st.for_each_pool(|_, p| {
        // SAFETY: carved pools have valid headers.
        let (count, sz) = unsafe { ((*p).count as usize, (*p).szidx as usize) };
        if count == 0 {
            return;
        }
        pools[sz] += 1;
        blocks[sz] += count;
        free[sz] += numblocks(sz) - count;
    });
    mids.sort_unstable();
    mids.dedup();
    bots.sort_unstable();
    bots.dedup();
    let mut s = HeapStats {
        classes: Vec::new(),
        arenas_allocated_total: st.ntimes,
        arenas_reclaimed: st.ntimes - st.narenas,
        arenas_highwater: st.highwater,
        arenas_allocated_current: st.narenas,
        allocated_bytes: 0,
        available_bytes: 0,
        unused_pools,
        pool_header_bytes: 0,
        quantization_bytes: 0,
        arena_alignment_bytes: misaligned * POOL_SIZE,
        raw_blocks: st.raw.len(),
        raw_bytes: st.raw.bytes(),
        allocated_blocks: st.raw.len() + blocks.iter().sum::<usize>(),
        arena_map_mid_nodes: mids.len(),
        arena_map_bot_nodes: bots.len(),
    };
    for i in 0..NB_SMALL_SIZE_CLASSES {
        if pools[i] == 0 {
            continue;
        }
        let size = index2size(i);
        s.classes.push(ClassStats {
            class: i,
            size,
            pools: pools[i],
            blocks_in_use: blocks[i],
            avail_blocks: free[i],
        });
        s.allocated_bytes += blocks[i] * size;
        s.available_bytes += free[i] * size;
        s.pool_header_bytes += pools[i] * POOL_OVERHEAD;
        s.quantization_bytes += pools[i] * ((POOL_SIZE - POOL_OVERHEAD) % size);
    }
    s
}

/// The text report of `st`.
pub(crate) fn report_of(st: &mut State) -> String {
    stats_of(st).report()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printone_matches_cpython() {
        let mut s = String::new();
        printone(&mut s, "# arenas allocated total", 1);
        printone(&mut s, "1 arenas * 1048576 bytes/arena", 1_048_576);
        printone(
            &mut s,
            "a message that is longer than thirty-five columns",
            1000,
        );
        printone(&mut s, "zero", 0);
        assert_eq!(
            s,
            "# arenas allocated total           =                    1\n\
             1 arenas * 1048576 bytes/arena     =            1,048,576\n\
             a message that is longer than thirty-five columns=                1,000\n\
             zero                               =                    0\n"
        );
    }
}
