//! `alloc.*`: alloc+free pairs of 16..512 bytes on one thread (`workload::pairs_mixed`), the
//! same code run against an obmalloc heap, the system allocator (glibc malloc) and mimalloc.
//! A figure is the other allocator's time over obmalloc's (above 1: obmalloc is faster).

use std::alloc::System;
use std::time::Duration;

use mimalloc::MiMalloc;
use subinterp_obmalloc::Heap;
use subinterp_obmalloc::workload::pairs_mixed;

use super::{Ctx, Figure};

/// `alloc.obmalloc_vs_system` and `alloc.obmalloc_vs_mimalloc`: the fastest of several rounds
/// of each, rounds interleaved so drift hits all three alike.
pub(crate) fn ratios(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let n: usize = ctx.size.pick(10_000, 2_000_000, 10_000_000);
    let rounds = ctx.size.pick(2, 5, 9);
    let heap = Heap::new();
    let (mut ob, mut sys, mut mi) = (Duration::MAX, Duration::MAX, Duration::MAX);
    for _ in 0..rounds {
        ob = ob.min(pairs_mixed(&heap, n));
        sys = sys.min(pairs_mixed(&System, n));
        mi = mi.min(pairs_mixed(&MiMalloc, n));
    }
    let leaks = heap.close();
    if !leaks.is_clean() {
        return Err(format!("the workload left blocks in the heap: {leaks:?}"));
    }
    let ns = |d: Duration| d.as_secs_f64() * 1e9 / n as f64;
    let note = format!(
        "{n} pairs, best of {rounds}: obmalloc {:.1} ns, glibc {:.1} ns, mimalloc {:.1} ns per pair",
        ns(ob),
        ns(sys),
        ns(mi)
    );
    let ob = ob.as_secs_f64().max(1e-12);
    Ok(vec![
        Figure::new(
            "alloc.obmalloc_vs_system",
            sys.as_secs_f64() / ob,
            note.clone(),
        )?,
        Figure::new("alloc.obmalloc_vs_mimalloc", mi.as_secs_f64() / ob, note)?,
    ])
}
