//! Criterion benches, side by side in one run: obmalloc (`Heap`) vs the system allocator (glibc
//! malloc) vs mimalloc, on alloc+free pairs, batch patterns (allocate N, free N) and N threads
//! (each with its own heap vs the global allocators). All three run the same generic workload
//! code from `subinterp_obmalloc::workload`.

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use std::alloc::System;
use std::sync::Barrier;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group};
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

fn lifecycle_group(c: &mut Criterion) {
    let mut g = c.benchmark_group("heap_lifecycle");
    g.bench_function("new_alloc_free_close", |b| {
        b.iter(|| {
            let heap = Heap::new();
            if let Ok(p) = heap.alloc(64) {
                // SAFETY: a live block of `heap`.
                let _ = unsafe { heap.free(p) };
            }
            heap.close()
        })
    });
    g.finish();
}

/// The CLI's `alloc.*` figures: best of 5 runs of 3M mixed 16..512 B pairs per allocator.
fn figures() {
    const N: usize = 3_000_000;
    let heap = Heap::new();
    let best = |f: &dyn Fn() -> Duration| (0..5).map(|_| f()).min().unwrap_or_default();
    let ob = best(&|| pairs_mixed(&heap, N)).as_secs_f64();
    let sys = best(&|| pairs_mixed(&System, N)).as_secs_f64();
    let mi = best(&|| pairs_mixed(&MiMalloc, N)).as_secs_f64();
    let ns = |t: f64| t * 1e9 / N as f64;
    println!("alloc.pair_ns.obmalloc: {:.2} ns", ns(ob));
    println!("alloc.pair_ns.system: {:.2} ns", ns(sys));
    println!("alloc.pair_ns.mimalloc: {:.2} ns", ns(mi));
    println!("alloc.obmalloc_vs_system: {:.2}x", sys / ob);
    println!("alloc.obmalloc_vs_mimalloc: {:.2}x", mi / ob);
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
    targets = pair_group, batch_group, thread_group, lifecycle_group
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    figures();
}
