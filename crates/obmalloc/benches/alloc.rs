//! Criterion benches, side by side in one run: obmalloc (`Heap`) vs the system allocator (glibc
//! malloc) vs mimalloc, on alloc+free pairs, batch patterns (allocate N, free N) and N threads
//! (each with its own heap vs the global allocators). All three run the same generic workload
//! code from `subinterp_obmalloc::workload`.

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use std::alloc::System;
use std::sync::Barrier;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mimalloc::MiMalloc;
use subinterp_obmalloc::Heap;
use subinterp_obmalloc::workload::{SIZES, batch, pairs, pairs_mixed};

/// A heap in the steady state of an interpreter: every class already has a block in use, so a
/// pair does not empty its pool (a fresh heap's pair empties and re-takes the pool each time).
fn warm_heap() -> (Heap, Vec<std::ptr::NonNull<u8>>) {
    let heap = Heap::new();
    let keep = (1..=32).filter_map(|i| heap.alloc(i * 16).ok()).collect();
    (heap, keep)
}

fn pair_group(c: &mut Criterion) {
    let mut g = c.benchmark_group("pair");
    let (heap, _keep) = warm_heap();
    let cold = Heap::new();
    for size in SIZES {
        g.bench_function(BenchmarkId::new("obmalloc", size), |b| {
            b.iter_custom(|n| pairs(&heap, size, n as usize))
        });
        g.bench_function(BenchmarkId::new("obmalloc_fresh", size), |b| {
            b.iter_custom(|n| pairs(&cold, size, n as usize))
        });
        g.bench_function(BenchmarkId::new("system", size), |b| {
            b.iter_custom(|n| pairs(&System, size, n as usize))
        });
        g.bench_function(BenchmarkId::new("mimalloc", size), |b| {
            b.iter_custom(|n| pairs(&MiMalloc, size, n as usize))
        });
    }
    g.finish();
}

const BATCH: usize = 1024;

fn batch_group(c: &mut Criterion) {
    let mut g = c.benchmark_group("batch1024");
    let heap = Heap::new();
    let mixed = "mixed16-512";
    g.bench_function(BenchmarkId::new("obmalloc", mixed), |b| {
        b.iter_custom(|n| batch(&heap, &SIZES, BATCH, n as usize))
    });
    g.bench_function(BenchmarkId::new("system", mixed), |b| {
        b.iter_custom(|n| batch(&System, &SIZES, BATCH, n as usize))
    });
    g.bench_function(BenchmarkId::new("mimalloc", mixed), |b| {
        b.iter_custom(|n| batch(&MiMalloc, &SIZES, BATCH, n as usize))
    });
    for size in [16usize, 128, 512] {
        g.bench_function(BenchmarkId::new("obmalloc", size), |b| {
            b.iter_custom(|n| batch(&heap, &[size], BATCH, n as usize))
        });
        g.bench_function(BenchmarkId::new("system", size), |b| {
            b.iter_custom(|n| batch(&System, &[size], BATCH, n as usize))
        });
        g.bench_function(BenchmarkId::new("mimalloc", size), |b| {
            b.iter_custom(|n| batch(&MiMalloc, &[size], BATCH, n as usize))
        });
    }
    g.finish();
}

/// Run `work` on `threads` threads at once; returns the wall time of the slowest.
fn parallel(threads: usize, work: impl Fn() -> Duration + Sync) -> Duration {
    let barrier = Barrier::new(threads);
    std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    work()
                })
            })
            .collect();
        hs.into_iter()
            .map(|h| h.join().unwrap_or_default())
            .max()
            .unwrap_or_default()
    })
}

fn thread_group(c: &mut Criterion) {
    let mut g = c.benchmark_group("threads_pairs");
    for threads in [1usize, 2, 4] {
        g.bench_function(BenchmarkId::new("obmalloc_heap_per_thread", threads), |b| {
            b.iter_custom(|n| {
                parallel(threads, || {
                    let heap = Heap::new();
                    let _ = pairs(&heap, 64, 1); // map the arena before timing
                    pairs_mixed(&heap, n as usize)
                })
            })
        });
        g.bench_function(BenchmarkId::new("system", threads), |b| {
            b.iter_custom(|n| parallel(threads, || pairs_mixed(&System, n as usize)))
        });
        g.bench_function(BenchmarkId::new("mimalloc", threads), |b| {
            b.iter_custom(|n| parallel(threads, || pairs_mixed(&MiMalloc, n as usize)))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("threads_batch1024");
    for threads in [1usize, 2, 4] {
        g.bench_function(BenchmarkId::new("obmalloc_heap_per_thread", threads), |b| {
            b.iter_custom(|n| {
                parallel(threads, || {
                    let heap = Heap::new();
                    batch(&heap, &SIZES, BATCH, n as usize)
                })
            })
        });
        g.bench_function(BenchmarkId::new("system", threads), |b| {
            b.iter_custom(|n| parallel(threads, || batch(&System, &SIZES, BATCH, n as usize)))
        });
        g.bench_function(BenchmarkId::new("mimalloc", threads), |b| {
            b.iter_custom(|n| parallel(threads, || batch(&MiMalloc, &SIZES, BATCH, n as usize)))
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = pair_group, batch_group, thread_group
}
criterion_main!(benches);
