//! Criterion benches of the cross-interpreter figures (targets.md), each with its baseline in
//! the same run:
//!
//! - `queue.same_interp.put_get` (target <= 100 ns; CPython 3.13.5: 1,567 ns): an int object
//!   put and got back in one interpreter (object -> XI data -> queue -> XI data -> object),
//!   and `queue.same_interp.put_get_data` without the object conversions; baseline
//!   `queue.baseline.crossbeam_send_recv`, the raw channel beneath (overhead ratio);
//! - `queue.cross_interp.throughput` (target >= 10 M items/s; CPython: 0.40 M items/s): a
//!   producer interpreter puts ints, a consumer interpreter on another thread gets them as
//!   objects; baseline `queue.baseline.crossbeam_cross_thread`, the same i64s through a raw
//!   channel between two plain threads;
//! - `exec.trivial` (target <= 1 us; CPython: 14 us): `x = 1` in an existing interpreter;
//!   `call.trivial`: a native function with one int argument and result; `pool.submit_wait`:
//!   a closure through an `InterpreterPool` of 2 and back.

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, black_box, criterion_group, criterion_main};
use subinterp_runtime::{
    Args, BuiltinDef, Interpreter, InterpreterConfig, InterpreterPool, Obj, PyResult, Received,
    RtNatives, Runtime, Tstate, Unbound, XiData, allow_threads,
};
use subinterp_xi::{from_xi, to_xi};

fn isolated(rt: &Runtime) -> Interpreter {
    rt.new_interpreter(InterpreterConfig::isolated())
        .expect("create")
}

fn same_interp(c: &mut Criterion) {
    let rt = Runtime::new().expect("runtime");
    let sub = isolated(&rt);
    let q = sub.create_queue(0, Unbound::Replace).expect("queue");
    let mut g = c.benchmark_group("queue");
    g.bench_function("same_interp.put_get", |b| {
        sub.run(|cx| {
            let py = cx.py();
            let one = py.int(12345).expect("int");
            b.iter(|| {
                let data = to_xi(black_box(&one), &RtNatives).expect("share");
                q.put_nowait(data, None).expect("put");
                let got = q.get_nowait().expect("get");
                let Received::Data(d) = got else {
                    unreachable!("a live putter")
                };
                from_xi(py, &d, &RtNatives).expect("object")
            })
        })
        .expect("run")
    });
    g.bench_function("same_interp.put_get_data", |b| {
        b.iter(|| {
            q.put_nowait(XiData::Int(black_box(7)), None).expect("put");
            q.get_nowait().expect("get")
        })
    });
    let (tx, rx) = crossbeam_channel::unbounded::<XiData>();
    g.bench_function("baseline.crossbeam_send_recv", |b| {
        b.iter(|| {
            tx.send(XiData::Int(black_box(7))).expect("send");
            rx.try_recv().expect("recv")
        })
    });
    g.finish();
}

/// Items moved per measured transfer.
const ITEMS: i64 = 200_000;

/// Moves `ITEMS` ints from `producer` to `consumer` through a queue, as objects on both
/// sides; returns the time from start to the last item received.
fn transfer(rt: &Runtime, producer: &Interpreter, consumer: &Interpreter) -> Duration {
    let q = rt.create_queue(0, Unbound::Replace).expect("queue");
    let (pq, cq) = (
        producer.bind_queue(q.id()).expect("bind"),
        consumer.bind_queue(q.id()).expect("bind"),
    );
    let start = Instant::now();
    std::thread::scope(|s| {
        s.spawn(|| {
            producer
                .run(|cx| {
                    let py = cx.py();
                    for i in 0..ITEMS {
                        let obj = py.int(i).expect("int");
                        pq.put_nowait(to_xi(&obj, &RtNatives).expect("share"), None)
                            .expect("put");
                    }
                })
                .expect("run")
        });
        consumer
            .run(|cx| {
                let py = cx.py();
                let mut sum = 0i64;
                for _ in 0..ITEMS {
                    let got = match cq.get_nowait() {
                        Ok(g) => g,
                        Err(_) => allow_threads(cx, || cq.get(None))
                            .expect("wait")
                            .expect("get"),
                    };
                    let Received::Data(d) = got else {
                        unreachable!("a live putter")
                    };
                    sum += from_xi(py, &d, &RtNatives)
                        .expect("object")
                        .as_i64()
                        .expect("int");
                }
                black_box(sum)
            })
            .expect("run");
    });
    start.elapsed()
}

fn cross_interp(c: &mut Criterion) {
    let rt = Runtime::new().expect("runtime");
    let (p, k) = (isolated(&rt), isolated(&rt));
    let mut g = c.benchmark_group("queue");
    g.throughput(Throughput::Elements(ITEMS as u64));
    g.bench_function("cross_interp.throughput", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| transfer(&rt, &p, &k)).sum())
    });
    g.bench_function("baseline.crossbeam_cross_thread", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    let (tx, rx) = crossbeam_channel::unbounded::<XiData>();
                    let start = Instant::now();
                    std::thread::scope(|s| {
                        s.spawn(move || {
                            for i in 0..ITEMS {
                                tx.send(XiData::Int(i)).expect("send");
                            }
                        });
                        let mut sum = 0i64;
                        for _ in 0..ITEMS {
                            if let XiData::Int(v) = rx.recv().expect("recv") {
                                sum += v;
                            }
                        }
                        black_box(sum);
                    });
                    start.elapsed()
                })
                .sum()
        })
    });
    g.finish();
}

fn add_one<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let args = given.pos;
    py.int(args.first().and_then(|a| a.as_i64()).unwrap_or(0) + 1)
}

static ADD_ONE: BuiltinDef = BuiltinDef {
    name: "add_one",
    func: add_one,
};

fn exec_call(c: &mut Criterion) {
    let rt = Runtime::new().expect("runtime");
    let sub = isolated(&rt);
    sub.exec("x = 0").expect("warm up");
    let mut g = c.benchmark_group("exec");
    g.bench_function("trivial", |b| {
        b.iter(|| sub.exec(black_box("x = 1")).expect("exec"))
    });
    let mut sink = Vec::new();
    g.bench_function("print_to_sink", |b| {
        b.iter(|| {
            sink.clear();
            sub.exec_to(black_box("x"), &mut sink).expect("exec")
        })
    });
    g.finish();
    let mut g = c.benchmark_group("call");
    g.bench_function("trivial", |b| {
        b.iter(|| {
            sub.call(&ADD_ONE, &[XiData::Int(black_box(41))])
                .expect("call")
        })
    });
    g.finish();
    let pool = InterpreterPool::new(&rt, 2).expect("pool");
    let mut g = c.benchmark_group("pool");
    g.bench_function("submit_wait", |b| {
        b.iter(|| {
            pool.submit(|cx| cx.py().interp())
                .expect("submit")
                .wait()
                .expect("task")
        })
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = same_interp, cross_interp, exec_call
}
criterion_main!(benches);
