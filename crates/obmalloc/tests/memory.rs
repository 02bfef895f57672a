//! Memory goes back to the OS: 64 MiB of small blocks allocated and freed, with the arenas
//! returned (the heap's mapped-bytes counter, the source's live arenas, and the process RSS).
//! One test per binary on purpose: RSS is process-wide, so nothing else may run meanwhile.

use subinterp_obmalloc::{FailingSource, Heap};

/// Resident set size of this process in bytes (`/proc/self/statm`), if readable.
fn rss() -> Option<usize> {
    let s = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = s.split_whitespace().nth(1)?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Some(pages * usize::try_from(page).ok()?)
}

#[test]
fn sixty_four_mib_of_small_blocks_come_back() {
    const TOTAL: usize = 64 << 20;
    let src = FailingSource::os();
    let heap = Heap::with_source(src.clone());
    let before = rss();
    let sizes = [16usize, 48, 128, 256, 512];
    let mut blocks = Vec::with_capacity(TOTAL / 128);
    let mut bytes = 0;
    let mut i = 0;
    while bytes < TOTAL {
        let n = sizes[i % sizes.len()];
        let p = heap.alloc(n).expect("alloc");
        // Touch every block so its pages are resident.
        // SAFETY: a fresh block of `n` bytes.
        unsafe { p.as_ptr().write_bytes(0x5a, n) };
        blocks.push(p);
        bytes += n;
        i += 1;
    }
    let peak_mapped = heap.mapped_bytes();
    assert!(
        peak_mapped >= TOTAL,
        "{peak_mapped} bytes mapped for {TOTAL} bytes of blocks"
    );
    assert_eq!(heap.allocated_blocks(), blocks.len());
    let peak_rss = rss();
    for p in blocks.drain(..) {
        // SAFETY: each block is live and freed once.
        unsafe { heap.free(p) }.expect("free");
    }
    // Every arena but the kept (wholly free, tail) one went back while freeing.
    assert_eq!(heap.allocated_blocks(), 0);
    assert!(
        heap.mapped_bytes() <= 1 << 20,
        "still mapped: {}",
        heap.mapped_bytes()
    );
    assert!(heap.stats().arenas_reclaimed >= peak_mapped / (1 << 20) - 1);
    assert!(src.arenas_live() <= 1);
    let after_free = rss();
    let report = heap.close();
    assert!(report.is_clean());
    assert_eq!(
        src.arenas_live(),
        0,
        "the kept arena is returned at the end"
    );
    if let (Some(b), Some(p), Some(a)) = (before, peak_rss, after_free) {
        assert!(
            p >= b + TOTAL / 2,
            "RSS did not grow with the blocks: {b} -> {p}"
        );
        assert!(
            a + TOTAL / 2 <= p,
            "RSS did not fall after freeing: {p} -> {a}"
        );
    }
}
