//! `queue.*`: the cross-interpreter queues, used as interpreter code uses them: each item is
//! converted to cross-interpreter data on `put` and rebuilt as an object of the receiving
//! interpreter on `get` (CPython's `_PyObject_GetXIData` / `_PyXIData_NewObject`).

use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use subinterp_runtime::{Interpreter, InterpreterConfig, Py};
use subinterp_xi::{NoNatives, Queue, Unbound, from_xi, to_xi};

use super::{Ctx, Figure};

/// `put(obj)`: to cross-interpreter data, then into the queue, waiting as long as it takes.
#[inline]
pub(crate) fn put(q: &Queue, obj: &subinterp_runtime::Obj<'_>) -> Result<(), String> {
    let data = to_xi(obj, &NoNatives).map_err(|e| e.to_string())?;
    q.put(data, None, None).map_err(|e| e.to_string())
}

/// `get()`: the front item rebuilt in `py`'s interpreter (`None` for the unbound marker).
#[inline]
pub(crate) fn get<'py>(py: Py<'py>, q: &Queue) -> Result<subinterp_runtime::Obj<'py>, String> {
    let r = q.get(None).map_err(|e| e.to_string())?;
    match r.into_data() {
        Some(d) => from_xi(py, &d, &NoNatives).map_err(|e| e.to_string()),
        None => Ok(py.none()),
    }
}

/// A joined thread's result; a panic becomes an error.
pub(crate) fn joined<T>(r: std::thread::Result<Result<T, String>>) -> Result<T, String> {
    r.unwrap_or_else(|_| Err("a worker thread panicked".to_owned()))
}

/// A queue (unbounded, default policy) with a handle for each interpreter.
pub(crate) fn queue_for(
    ctx: &Ctx<'_>,
    a: &Interpreter,
    b: &Interpreter,
) -> Result<(Queue, Queue), String> {
    let qs = ctx.rt.queues();
    let qa = qs
        .create(0, Unbound::default(), a.id())
        .map_err(|e| e.to_string())?;
    let qb = qs.bind(qa.id(), b.id()).map_err(|e| e.to_string())?;
    Ok((qa, qb))
}

/// `queue.same_interp.put_get`: `q.put(1); q.get()` in one interpreter, per pair.
pub(crate) fn same_interp(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let n: u32 = ctx.size.pick(1_000, 500_000, 5_000_000);
    let i = ctx
        .rt
        .new_interpreter(InterpreterConfig::isolated())
        .map_err(|e| e.to_string())?;
    let (q, _) = queue_for(ctx, &i, &i)?;
    let took = i
        .run(|cx| -> Result<Duration, String> {
            let py = cx.py();
            let one = py.int(1).map_err(|e| e.to_string())?;
            for _ in 0..n.min(10_000) {
                put(&q, &one)?;
                black_box(get(py, &q)?);
            }
            let t0 = Instant::now();
            for _ in 0..n {
                put(&q, &one)?;
                black_box(get(py, &q)?);
            }
            Ok(t0.elapsed())
        })
        .map_err(|e| e.to_string())??;
    drop(q);
    i.end().map_err(|e| e.to_string())?;
    let ns = took.as_secs_f64() * 1e9 / f64::from(n);
    Ok(vec![Figure::new(
        "queue.same_interp.put_get",
        ns,
        format!("{n} put+get pairs of an int in one isolated interpreter"),
    )?])
}

/// Sends `n` ints from a producer interpreter to a consumer interpreter through one queue,
/// each on its own thread; returns the time from the start until the consumer has the last
/// item, and checks the consumer got every item in order.
pub(crate) fn pipe(ctx: &Ctx<'_>, n: u64) -> Result<Duration, String> {
    let iso = InterpreterConfig::isolated();
    let producer = ctx.rt.new_interpreter(iso).map_err(|e| e.to_string())?;
    let consumer = ctx.rt.new_interpreter(iso).map_err(|e| e.to_string())?;
    let (qp, qc) = queue_for(ctx, &producer, &consumer)?;
    let start = Barrier::new(2);
    let (sent, got) = std::thread::scope(|s| {
        let p = s.spawn(|| {
            producer
                .run(|cx| -> Result<(), String> {
                    start.wait();
                    for k in 0..n {
                        let v = cx.py().int(k as i64).map_err(|e| e.to_string())?;
                        put(&qp, &v)?;
                    }
                    Ok(())
                })
                .map_err(|e| e.to_string())
                .and_then(|r| r)
        });
        let c = s.spawn(|| {
            consumer
                .run(|cx| -> Result<(Duration, u64), String> {
                    start.wait();
                    let t0 = Instant::now();
                    let mut sum = 0u64;
                    for k in 0..n {
                        let v = get(cx.py(), &qc)?;
                        let v = v.as_i64().ok_or("the consumer got a non-int")?;
                        if v as u64 != k {
                            return Err(format!("item {k} arrived as {v}"));
                        }
                        sum = sum.wrapping_add(v as u64);
                    }
                    Ok((t0.elapsed(), sum))
                })
                .map_err(|e| e.to_string())
                .and_then(|r| r)
        });
        (joined(p.join()), joined(c.join()))
    });
    drop((qp, qc));
    producer.end().map_err(|e| e.to_string())?;
    consumer.end().map_err(|e| e.to_string())?;
    sent?;
    let (took, _) = got?;
    Ok(took)
}

/// `queue.cross_interp.throughput`: ints from a producer interpreter to a consumer
/// interpreter, millions per second: the fastest of several runs (other processes only slow a
/// run down).
pub(crate) fn cross_interp(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let n: u64 = ctx.size.pick(1_000, 500_000, 2_000_000);
    let runs = ctx.size.pick(1, 3, 5);
    pipe(ctx, n.min(10_000))?;
    let mut best = Duration::MAX;
    for _ in 0..runs {
        best = best.min(pipe(ctx, n)?);
    }
    let m = n as f64 / best.as_secs_f64().max(1e-9) / 1e6;
    Ok(vec![Figure::new(
        "queue.cross_interp.throughput",
        m,
        format!(
            "{n} ints, producer and consumer isolated interpreters on two threads, best of \
             {runs} runs: {:.0} ms",
            best.as_secs_f64() * 1e3
        ),
    )?])
}
