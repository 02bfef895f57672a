//! Insta snapshot of the `sys._debugmallocstats()`-format report after a fixed sequence, on
//! arenas placed deterministically (aligned, so the numbers do not depend on where mmap lands).

use subinterp_obmalloc::{Heap, OsSource};

#[test]
fn stats_report_after_a_fixed_sequence() {
    let heap = Heap::with_source(OsSource::new());
    let mut keep = Vec::new();
    for n in [1usize, 16, 17, 24, 100, 100, 200, 512, 512, 0, 600, 4096] {
        keep.push(heap.alloc(n).unwrap());
    }
    // A full pool of the 512-byte class and part of a second one.
    for _ in 0..40 {
        keep.push(heap.alloc(500).unwrap());
    }
    // Free every third block (pools stay used; raw blocks leave).
    for p in keep.iter().step_by(3) {
        // SAFETY: each block is live and freed once.
        unsafe { heap.free(*p).unwrap() };
    }
    insta::assert_snapshot!(heap.report());
}
