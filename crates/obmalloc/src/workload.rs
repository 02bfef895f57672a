//! Allocation workloads shared by this crate's benches and the CLI's `alloc.*` figures, written
//! once against [`GlobalAlloc`] so obmalloc, the system allocator and mimalloc run the very same
//! code (a [`Heap`](crate::Heap) implements `GlobalAlloc` for this; see `api2.rs`).

use std::alloc::{GlobalAlloc, Layout};
use std::hint::black_box;
use std::time::{Duration, Instant};

use crate::geometry::ALIGNMENT;

/// Sizes of the small-block workloads: every 16-byte class boundary worth reporting.
pub const SIZES: [usize; 6] = [16, 32, 64, 128, 256, 512];

fn layout(size: usize) -> Layout {
    // `size` is at most a few KiB in every workload, far below the Layout limits.
    Layout::from_size_align(size.max(1), ALIGNMENT).unwrap_or(Layout::new::<[u8; 16]>())
}

/// Allocate one `size`-byte block and free it at once, `n` times (the "alloc+free pair").
/// Returns the elapsed time; a failed allocation ends the run early.
pub fn pairs<A: GlobalAlloc>(alloc: &A, size: usize, n: usize) -> Duration {
    let l = layout(size);
    let start = Instant::now();
    for _ in 0..n {
        // SAFETY: `l` has non-zero size; the block is freed with the layout it was made with.
        unsafe {
            let p = alloc.alloc(l);
            if p.is_null() {
                break;
            }
            black_box(p).write(1);
            alloc.dealloc(p, l);
        }
    }
    start.elapsed()
}

/// `n` alloc+free pairs spread evenly over [`SIZES`] (16..512 bytes): the workload behind the
/// `alloc.obmalloc_vs_system` and `alloc.obmalloc_vs_mimalloc` figures. Returns the elapsed
/// time; divide by `n` for the cost of one pair.
pub fn pairs_mixed<A: GlobalAlloc>(alloc: &A, n: usize) -> Duration {
    let per = n.div_ceil(SIZES.len()).max(1);
    SIZES.iter().map(|&s| pairs(alloc, s, per)).sum()
}

/// Allocate `n` blocks with sizes cycling through `sizes`, then free them all, `rounds` times
/// (the "batch" pattern). Returns the elapsed time.
pub fn batch<A: GlobalAlloc>(alloc: &A, sizes: &[usize], n: usize, rounds: usize) -> Duration {
    let mut held: Vec<(*mut u8, Layout)> = Vec::with_capacity(n);
    let start = Instant::now();
    for _ in 0..rounds {
        for i in 0..n {
            let l = layout(sizes[i % sizes.len().max(1)]);
            // SAFETY: `l` has non-zero size.
            let p = unsafe { alloc.alloc(l) };
            if p.is_null() {
                break;
            }
            // SAFETY: a fresh block of at least one byte.
            unsafe { p.write(1) };
            held.push((p, l));
        }
        for (p, l) in held.drain(..) {
            // SAFETY: each block is live and freed once, with its layout.
            unsafe { alloc.dealloc(black_box(p), l) };
        }
    }
    start.elapsed()
}
