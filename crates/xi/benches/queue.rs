//! Queue benchmarks: same-thread put+get and 1-producer/1-consumer throughput, each next to
//! the raw crossbeam channel underneath (baseline in the same run, so the ratio is meaningful).

#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use subinterp_xi::{InterpId, Queues, Received, Unbound, XiData};

const PRODUCER: InterpId = InterpId::new(1);
const CONSUMER: InterpId = InterpId::new(2);

fn same_thread(c: &mut Criterion) {
    let mut g = c.benchmark_group("queue.same_interp.put_get");
    g.bench_function("raw_crossbeam", |b| {
        let (tx, rx) = crossbeam_channel::unbounded::<XiData>();
        b.iter(|| {
            tx.send(black_box(XiData::Int(7))).unwrap();
            black_box(rx.try_recv().unwrap());
        });
    });
    g.bench_function("queue", |b| {
        let queues = Queues::new();
        let q = queues.create(0, Unbound::Replace, PRODUCER).unwrap();
        b.iter(|| {
            q.put(black_box(XiData::Int(7)), None, None).unwrap();
            black_box(q.get_nowait().unwrap());
        });
    });
    g.bench_function("queue_bounded", |b| {
        let queues = Queues::new();
        let q = queues.create(16, Unbound::Replace, PRODUCER).unwrap();
        b.iter(|| {
            q.put(black_box(XiData::Int(7)), None, None).unwrap();
            black_box(q.get_nowait().unwrap());
        });
    });
    g.finish();
}

/// Moves `n` ints from one thread to another and returns the elapsed time.
fn pump_raw(n: u64) -> Duration {
    let (tx, rx) = crossbeam_channel::unbounded::<XiData>();
    let start = Instant::now();
    let producer = thread::spawn(move || {
        for i in 0..n {
            tx.send(XiData::Int(i as i64)).unwrap();
        }
    });
    for _ in 0..n {
        black_box(rx.recv().unwrap());
    }
    producer.join().unwrap();
    start.elapsed()
}

fn pump_queue(n: u64, maxsize: i64) -> Duration {
    let queues = Queues::new();
    let tx = queues.create(maxsize, Unbound::Replace, PRODUCER).unwrap();
    let rx = tx.rebind(CONSUMER).unwrap();
    let start = Instant::now();
    let producer = thread::spawn(move || {
        for i in 0..n {
            tx.put(XiData::Int(i as i64), None, None).unwrap();
        }
    });
    for _ in 0..n {
        match rx.get(None).unwrap() {
            Received::Data(d) => {
                black_box(d);
            }
            Received::Unbound => unreachable!("the producer is alive"),
        }
    }
    producer.join().unwrap();
    start.elapsed()
}

fn cross_thread(c: &mut Criterion) {
    const N: u64 = 100_000;
    let mut g = c.benchmark_group("queue.cross_interp.throughput");
    g.throughput(Throughput::Elements(N));
    g.sample_size(20);
    g.bench_function("raw_crossbeam", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| pump_raw(N)).sum())
    });
    g.bench_function("queue", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| pump_queue(N, 0)).sum())
    });
    g.bench_function("queue_bounded_1024", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| pump_queue(N, 1024)).sum())
    });
    g.finish();
}

criterion_group!(benches, same_thread, cross_thread);
criterion_main!(benches);
