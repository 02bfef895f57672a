//! CPython's 64-bit obmalloc geometry (`Include/internal/pycore_obmalloc.h`): alignment, size
//! classes, pools and arenas, and the size-class arithmetic every path uses.

/// Block alignment and size-class spacing (`ALIGNMENT`, 16 on 64-bit since 3.8, bpo-27987).
pub const ALIGNMENT: usize = 16;
/// `ALIGNMENT_SHIFT`: `log2(ALIGNMENT)`.
pub const ALIGNMENT_SHIFT: u32 = 4;
/// Largest request served from pools (`SMALL_REQUEST_THRESHOLD`); larger ones go raw.
pub const SMALL_REQUEST_THRESHOLD: usize = 512;
/// Number of size classes (`NB_SMALL_SIZE_CLASSES`).
pub const NB_SMALL_SIZE_CLASSES: usize = SMALL_REQUEST_THRESHOLD / ALIGNMENT;
/// Assumed OS page size (`SYSTEM_PAGE_SIZE`); CPython never queries it.
pub const SYSTEM_PAGE_SIZE: usize = 4096;
/// Pool size (`POOL_SIZE`, 16 KiB with the radix tree on 64-bit).
pub const POOL_SIZE: usize = 1 << POOL_BITS;
/// `POOL_BITS`.
pub const POOL_BITS: u32 = 14;
/// Mask of the offset inside a pool (`POOL_SIZE_MASK`).
pub const POOL_SIZE_MASK: usize = POOL_SIZE - 1;
/// Arena size (`ARENA_SIZE`, 1 MiB on 64-bit).
pub const ARENA_SIZE: usize = 1 << ARENA_BITS;
/// `ARENA_BITS`.
pub const ARENA_BITS: u32 = 20;
/// Mask of the offset inside an ideal (ARENA_SIZE-aligned) region (`ARENA_SIZE_MASK`).
pub const ARENA_SIZE_MASK: usize = ARENA_SIZE - 1;
/// Pools in a pool-aligned arena (`MAX_POOLS_IN_ARENA`); a misaligned arena holds one fewer.
pub const MAX_POOLS_IN_ARENA: usize = ARENA_SIZE / POOL_SIZE;
/// Bytes of pool header before the first block (`POOL_OVERHEAD`).
pub const POOL_OVERHEAD: usize = 48;
/// Initial length of the arena vector (`INITIAL_ARENA_OBJECTS`); it then doubles.
pub const INITIAL_ARENA_OBJECTS: usize = 16;

const _: () = assert!(ARENA_SIZE.is_multiple_of(POOL_SIZE));
const _: () = assert!(SMALL_REQUEST_THRESHOLD.is_multiple_of(ALIGNMENT));
const _: () = assert!(NB_SMALL_SIZE_CLASSES == 32 && MAX_POOLS_IN_ARENA == 64);

/// Block size of size class `i` (`INDEX2SIZE`). Classes run from 0 to 31; beyond, the size
/// saturates at `usize::MAX` instead of overflowing.
#[inline(always)]
pub const fn index2size(i: usize) -> usize {
    i.saturating_add(1).saturating_mul(1 << ALIGNMENT_SHIFT)
}

/// Size class of an `n`-byte request, or `None` when it goes raw (`n == 0` or `n > 512`).
///
/// One unsigned compare, as in CPython's `pymalloc_alloc`.
#[inline(always)]
pub const fn size_class(n: usize) -> Option<usize> {
    if n.wrapping_sub(1) < SMALL_REQUEST_THRESHOLD {
        Some((n - 1) >> ALIGNMENT_SHIFT)
    } else {
        None
    }
}

/// Blocks in one pool of size class `i` (`NUMBLOCKS`); 0 for a class too large for a pool.
#[inline]
pub const fn numblocks(i: usize) -> usize {
    (POOL_SIZE - POOL_OVERHEAD) / index2size(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_mapping_matches_cpython() {
        // Scenario 1: class = (n-1) >> 4 for 1..=512; 0 and 513 go raw.
        assert_eq!(size_class(0), None);
        assert_eq!(size_class(1), Some(0));
        assert_eq!(size_class(16), Some(0));
        assert_eq!(size_class(17), Some(1));
        assert_eq!(size_class(512), Some(31));
        assert_eq!(size_class(513), None);
        assert_eq!(size_class(usize::MAX), None);
        for n in 1..=512 {
            assert_eq!(size_class(n), Some((n - 1) >> 4));
            assert!(index2size((n - 1) >> 4) >= n);
        }
    }

    #[test]
    fn classes_out_of_range_saturate() {
        assert_eq!(index2size(usize::MAX), usize::MAX);
        assert_eq!(index2size(usize::MAX >> 4), usize::MAX);
        assert_eq!(numblocks(usize::MAX), 0);
        assert_eq!(numblocks(1 << 20), 0);
    }

    #[test]
    fn blocks_per_pool_table() {
        let expect = [
            1021, 510, 340, 255, 204, 170, 145, 127, 113, 102, 92, 85, 78, 72, 68, 63, 60, 56, 53,
            51, 48, 46, 44, 42, 40, 39, 37, 36, 35, 34, 32, 31,
        ];
        for (i, n) in expect.iter().enumerate() {
            assert_eq!(numblocks(i), *n, "class {i}");
        }
    }
}
