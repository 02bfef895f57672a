//! The demo's queue pipeline: a producer interpreter sends ints through a queue to a worker
//! interpreter, which squares them and sends the results through a second queue to a
//! consumer interpreter, which adds them up. Each interpreter is isolated and runs on its own
//! thread; every item is copied out of one heap and rebuilt in the next (cross-interpreter
//! data), so no object is ever shared.

use std::sync::Barrier;
use std::time::{Duration, Instant};

use subinterp_runtime::{Interpreter, Runtime};
use subinterp_xi::{Queue, Unbound};

use crate::bench::queue::{get, joined, put};

/// What the pipeline did.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pipeline {
    /// Items sent through both queues.
    pub(crate) items: u64,
    /// From the start until the consumer had the last item.
    pub(crate) took: Duration,
    /// The consumer's sum, and the sum it must be.
    pub(crate) sum: (i64, i64),
}

impl Pipeline {
    /// Items per second through the whole pipeline.
    pub(crate) fn per_sec(&self) -> f64 {
        self.items as f64 / self.took.as_secs_f64().max(1e-9)
    }
}

fn handle(rt: &Runtime, q: &Queue, owner: &Interpreter) -> Result<Queue, String> {
    rt.queues()
        .bind(q.id(), owner.id())
        .map_err(|e| e.to_string())
}

/// Runs `n` items through `producer -> worker -> consumer`.
pub(crate) fn run(
    rt: &Runtime,
    [producer, worker, consumer]: [&Interpreter; 3],
    n: u64,
) -> Result<Pipeline, String> {
    let qs = rt.queues();
    let raw = qs
        .create(0, Unbound::default(), producer.id())
        .map_err(|e| e.to_string())?;
    let squared = qs
        .create(0, Unbound::default(), worker.id())
        .map_err(|e| e.to_string())?;
    let (raw_in, sq_in) = (handle(rt, &raw, worker)?, handle(rt, &squared, consumer)?);
    let start = Barrier::new(4);
    let err = |e: subinterp_runtime::Error| e.to_string();
    let (a, b, c, took) = std::thread::scope(|s| {
        let a = s.spawn(|| {
            start.wait();
            producer
                .run(|py| -> Result<(), String> {
                    for k in 0..n {
                        put(&raw, &py.int(k as i64).map_err(|e| e.to_string())?)?;
                    }
                    Ok(())
                })
                .map_err(err)
                .and_then(|r| r)
        });
        let b = s.spawn(|| {
            start.wait();
            worker
                .run(|py| -> Result<(), String> {
                    for _ in 0..n {
                        let v = get(py, &raw_in)?.as_i64().ok_or("not an int")?;
                        put(&squared, &py.int(v * v).map_err(|e| e.to_string())?)?;
                    }
                    Ok(())
                })
                .map_err(err)
                .and_then(|r| r)
        });
        let c = s.spawn(|| {
            start.wait();
            consumer
                .run(|py| -> Result<i64, String> {
                    let mut sum = 0i64;
                    for _ in 0..n {
                        sum = sum.wrapping_add(get(py, &sq_in)?.as_i64().ok_or("not an int")?);
                    }
                    Ok(sum)
                })
                .map_err(err)
                .and_then(|r| r)
        });
        start.wait();
        let t0 = Instant::now();
        let c = joined(c.join());
        let took = t0.elapsed();
        (joined(a.join()), joined(b.join()), c, took)
    });
    a?;
    b?;
    let sum = c?;
    let expect = (0..n as i64).fold(0i64, |acc, k| acc.wrapping_add(k * k));
    Ok(Pipeline {
        items: n,
        took,
        sum: (sum, expect),
    })
}

#[cfg(test)]
mod tests {
    use subinterp_runtime::InterpreterConfig;

    use super::*;

    #[test]
    fn every_item_arrives_squared() {
        let rt = crate::setup::runtime().unwrap();
        let iso = || rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
        let (p, w, c) = (iso(), iso(), iso());
        let r = run(&rt, [&p, &w, &c], 1_000).unwrap();
        assert_eq!(r.sum.0, r.sum.1);
        assert_eq!(r.items, 1_000);
        for i in [p, w, c] {
            assert!(i.end().unwrap().is_clean());
        }
        assert_eq!(
            rt.queues().len(),
            0,
            "the queues went with their last handle"
        );
    }
}
