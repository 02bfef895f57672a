//! The demo's queue pipeline, in Python: a producer interpreter puts ints on a queue, a worker
//! interpreter squares them onto a second queue, a consumer interpreter adds them up and puts
//! the total on a third queue. Each interpreter is isolated and runs its Python source on its
//! own thread; every item is copied out of one heap and rebuilt in the next
//! (cross-interpreter data), so no object is ever shared. CPython runs the same three sources
//! in its sub-interpreters with its 3.13 queues (`test.support.interpreters.queues`).

use std::sync::Barrier;
use std::time::{Duration, Instant};

use subinterp_runtime::{Interpreter, Runtime, Unbound, XiData};

use crate::bench::queue::joined;

/// What the producer runs (`raw` and `N` are bound in its `__main__`).
pub(crate) const PRODUCER: &str = "for k in range(N):\n    raw.put(k)\n";
/// What the worker runs.
pub(crate) const WORKER: &str = "for _ in range(N):\n    k = raw.get()\n    squared.put(k * k)\n";
/// What the consumer runs.
pub(crate) const CONSUMER: &str =
    "total = 0\nfor _ in range(N):\n    total += squared.get()\nout.put(total)\n";

/// What the pipeline did.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pipeline {
    /// Items sent through both queues.
    pub(crate) items: u64,
    /// From the start until the consumer's total arrived.
    pub(crate) took: Duration,
    /// The consumer's total, and what it must be.
    pub(crate) sum: (i64, i64),
}

impl Pipeline {
    /// Items per second through the whole pipeline.
    pub(crate) fn per_sec(&self) -> f64 {
        self.items as f64 / self.took.as_secs_f64().max(1e-9)
    }
}

/// Σ k² for k in 0..n.
pub(crate) fn expected_sum(n: u64) -> i64 {
    (0..n as i64).fold(0i64, |acc, k| acc.wrapping_add(k * k))
}

/// Runs `n` items through `producer -> worker -> consumer`.
pub(crate) fn run(
    rt: &Runtime,
    [producer, worker, consumer]: [&Interpreter; 3],
    n: u64,
) -> Result<Pipeline, String> {
    let err = |e: subinterp_runtime::ExecError| e.to_string();
    let queue = || {
        rt.create_queue(0, Unbound::default())
            .map_err(|e| e.to_string())
    };
    let (raw, squared, out) = (queue()?, queue()?, queue()?);
    let count = XiData::Int(i64::try_from(n).map_err(|e| e.to_string())?);
    let shares: [(&Interpreter, &[(&str, XiData)]); 3] = [
        (producer, &[("raw", raw.clone().into())]),
        (
            worker,
            &[
                ("raw", raw.clone().into()),
                ("squared", squared.clone().into()),
            ],
        ),
        (
            consumer,
            &[
                ("squared", squared.clone().into()),
                ("out", out.clone().into()),
            ],
        ),
    ];
    for (i, names) in shares {
        rt.share("N", count.clone(), i).map_err(err)?;
        for (name, value) in names {
            rt.share(name, value.clone(), i).map_err(err)?;
        }
    }
    let start = Barrier::new(4);
    let run = |i: &Interpreter, source: &str| {
        start.wait();
        i.exec_to(source, &mut std::io::sink())
            .map_err(|e| e.transcript_line())
    };
    let (results, total, took) = std::thread::scope(|s| {
        let hs = [(producer, PRODUCER), (worker, WORKER), (consumer, CONSUMER)]
            .map(|(i, src)| s.spawn(move || run(i, src)));
        start.wait();
        let t0 = Instant::now();
        let total = out.get(None).map(|r| r.into_data());
        let took = t0.elapsed();
        (hs.map(|h| joined(h.join())), total, took)
    });
    for r in results {
        r?;
    }
    let total = match total.map_err(|e| e.to_string())? {
        Some(XiData::Int(t)) => t,
        other => return Err(format!("the consumer put {other:?}, not an int")),
    };
    Ok(Pipeline {
        items: n,
        took,
        sum: (total, expected_sum(n)),
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
