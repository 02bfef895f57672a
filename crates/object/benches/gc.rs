//! The cycle collector: time of a full collection over 1,000,000 tracked lists of which half
//! are garbage (250,000 two-list cycles) and half are reachable (held by one list), the
//! workload `benches/gc_cpython.py` times under CPython 3.13.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use subinterp_object::{InterpId, Obj, Objects, Py};
use subinterp_obmalloc::Heap;

const LIVE: usize = 500_000;
const CYCLES: usize = 250_000;

/// Makes the reachable half (returned) and leaves the garbage half in cycles.
fn build(py: Py<'_>) -> Obj<'_> {
    let keep = py
        .list_from((0..LIVE).map(|_| py.list(&[]).unwrap()))
        .unwrap();
    for _ in 0..CYCLES {
        let a = py.list(&[]).unwrap();
        let b = py.list(std::slice::from_ref(&a)).unwrap();
        a.append(&b).unwrap();
    }
    keep
}

fn collect(c: &mut Criterion) {
    let objs = Objects::new(InterpId::new(0), Heap::new());
    let mut g = c.benchmark_group("gc");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    // SAFETY: the benchmark thread is the only user of `objs`.
    unsafe {
        objs.with_gil(|py| {
            // Automatic collections would eat the garbage while it is made.
            py.gc_set_enabled(false);
            g.bench_function("collect_1m_half_garbage", |b| {
                b.iter_batched(
                    || build(py),
                    |keep| {
                        let n = py.gc_collect(2, &mut ()).unwrap();
                        assert_eq!(n, 2 * CYCLES);
                        keep
                    },
                    BatchSize::PerIteration,
                )
            });
        })
    };
    g.finish();
}

criterion_group!(benches, collect);
criterion_main!(benches);
