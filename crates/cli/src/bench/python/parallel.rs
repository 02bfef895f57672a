//! `python.scaling.*` here: 1, 2 and 4 isolated interpreters, each on its own thread, running
//! the same program `reps` times at once, and 2 threads of one interpreter (one GIL) running
//! it; throughput (runs per second) relative to one. Each count runs in every round,
//! interleaved, and the best round is kept (other processes only ever slow a round down).

use std::sync::{Arc, Barrier};
use std::time::Instant;

use subinterp_runtime::{GilStats, Interpreter, InterpreterConfig, Runtime, import};

use super::corpus::{self, Prog};

/// The stack each measuring thread gets (the eval loop's frames are large in debug builds).
const STACK: usize = 16 << 20;

/// One timed window: runs per second, the cores the process got meanwhile (its CPU time over
/// the wall time), and the GIL counters of the interpreters that ran (summed).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Rate {
    pub(crate) per_sec: f64,
    pub(crate) cores: f64,
    pub(crate) gil: GilStats,
}

impl Rate {
    fn of(runs: f64, wall: std::time::Duration, cpu: std::time::Duration, gil: GilStats) -> Rate {
        let wall = wall.as_secs_f64().max(1e-9);
        Rate {
            per_sec: runs / wall,
            cores: cpu.as_secs_f64() / wall,
            gil,
        }
    }
}

/// The best window by thread count: `isolated` for 1, 2, 4 interpreters, `threads` for 1 and
/// 2 threads of one interpreter.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Scaling {
    pub(crate) isolated: [Rate; 3],
    pub(crate) threads: [Rate; 2],
}

impl Scaling {
    /// Keeps, per count, the faster window of `self` and `other`.
    pub(crate) fn keep_best(&mut self, other: &Scaling) {
        let pairs = self
            .isolated
            .iter_mut()
            .zip(&other.isolated)
            .chain(self.threads.iter_mut().zip(&other.threads));
        for (mine, theirs) in pairs {
            if theirs.per_sec > mine.per_sec {
                *mine = *theirs;
            }
        }
    }
}

/// The CPython driver's results of two rounds, merged: per mode and count, the faster window.
pub(crate) fn merge_best(mut old: serde_json::Value, new: serde_json::Value) -> serde_json::Value {
    let rate = |v: &serde_json::Value| v["per_sec"].as_f64().unwrap_or(0.0);
    for mode in ["isolated", "threads"] {
        let Some(counts) = new[mode].as_object() else {
            continue;
        };
        for (n, r) in counts {
            if rate(r) > rate(&old[mode][n]) {
                old[mode][n] = r.clone();
            }
        }
    }
    old
}

/// Process CPU time (every thread's).
fn process_cpu() -> std::time::Duration {
    crate::churn::cpu_clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

/// The best of `rounds` rounds of each count.
pub(crate) fn measure(rt: &Runtime, p: &Prog, reps: u32, rounds: u32) -> Result<Scaling, String> {
    std::env::set_current_dir(&p.folder).map_err(|e| e.to_string())?;
    let mut best = Scaling::default();
    for _ in 0..rounds {
        let mut round = Scaling::default();
        for (slot, n) in round.isolated.iter_mut().zip([1, 2, 4]) {
            *slot = isolated(rt, p, n, reps)?;
        }
        for (slot, n) in round.threads.iter_mut().zip([1, 2]) {
            *slot = threads(rt, p, n, reps)?;
        }
        best.keep_best(&round);
    }
    Ok(best)
}

/// `n` isolated interpreters, made before the clock starts, each running `p` `reps` times on
/// its own thread; runs per second.
pub(crate) fn isolated(rt: &Runtime, p: &Prog, n: usize, reps: u32) -> Result<Rate, String> {
    let interps = (0..n)
        .map(|_| rt.new_interpreter(InterpreterConfig::isolated()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let barrier = Barrier::new(n + 1);
    let res = std::thread::scope(|s| {
        let mut handles = Vec::new();
        for i in &interps {
            let spawned = std::thread::Builder::new()
                .stack_size(STACK)
                .spawn_scoped(s, || {
                    barrier.wait();
                    (0..reps).try_for_each(|_| {
                        let (out, _, res) = corpus::run_in(i, p);
                        res?;
                        corpus::mismatch(&out, &p.expected).map_or(Ok(()), Err)
                    })
                });
            match spawned {
                Ok(h) => handles.push(h),
                Err(e) => {
                    // The threads that did start wait at the barrier: take the places of
                    // those that did not (they run; the scope joins them).
                    for _ in handles.len()..n {
                        let _ = std::thread::Builder::new().spawn_scoped(s, || {
                            barrier.wait();
                        });
                    }
                    barrier.wait();
                    return Err(e.to_string());
                }
            }
        }
        barrier.wait();
        let (t0, c0) = (Instant::now(), process_cpu());
        for h in handles {
            h.join()
                .map_err(|_| "a measuring thread panicked".to_owned())??;
        }
        Ok((t0.elapsed(), process_cpu().saturating_sub(c0)))
    });
    let gil = crate::churn::sum(interps.iter().map(Interpreter::gil_stats));
    for i in &interps {
        i.end().map_err(|e| e.to_string())?;
    }
    let (wall, cpu) = res?;
    Ok(Rate::of(n as f64 * f64::from(reps), wall, cpu, gil))
}

/// Binds `_bench_work()` in `i`'s `__main__`: it runs `p` in a fresh namespace with `print`
/// replaced by a no-op (threads of one interpreter share its `__main__` and its output).
fn prepare_work(i: &Interpreter, p: &Prog) -> Result<(), String> {
    let source = String::from_utf8_lossy(&p.source).into_owned();
    let path = p.path_text();
    let mut argv = vec![path.clone()];
    argv.extend(p.args.iter().cloned());
    i.run(|cx| -> Result<(), String> {
        let py = cx.py();
        let e = |e: subinterp_runtime::PyErr| e.to_string();
        let main = import(cx, "__main__").map_err(e)?;
        main.setattr("_bench_source", &py.str(&source).map_err(e)?)
            .map_err(e)?;
        main.setattr("_bench_path", &py.str(&path).map_err(e)?)
            .map_err(e)?;
        let argv = argv
            .iter()
            .map(|a| py.str(a))
            .collect::<Result<Vec<_>, _>>()
            .map_err(e)?;
        main.setattr("_bench_argv", &py.list(&argv).map_err(e)?)
            .map_err(e)
    })
    .map_err(|e| e.to_string())??;
    i.exec_to(
        "import sys\n\
         sys.argv = _bench_argv\n\
         _bench_code = compile(_bench_source, _bench_path, 'exec')\n\
         def _bench_no_print(*args, **kwargs):\n    pass\n\
         def _bench_work():\n    \
             exec(_bench_code, {'__name__': '__main__', 'print': _bench_no_print})\n",
        &mut std::io::sink(),
    )
    .map_err(|e| e.transcript_line())
}

/// `n` threads of one isolated interpreter (one GIL), each running `p` `reps` times through
/// `_bench_work()`; runs per second.
pub(crate) fn threads(rt: &Runtime, p: &Prog, n: usize, reps: u32) -> Result<Rate, String> {
    let i = rt
        .new_interpreter(InterpreterConfig::isolated())
        .map_err(|e| e.to_string())?;
    let res = threads_in(rt, &i, p, n, reps);
    i.end().map_err(|e| e.to_string())?;
    res
}

fn threads_in(
    rt: &Runtime,
    i: &Interpreter,
    p: &Prog,
    n: usize,
    reps: u32,
) -> Result<Rate, String> {
    prepare_work(i, p)?;
    let barrier = Arc::new(Barrier::new(n + 1));
    let mut handles = Vec::new();
    for _ in 0..n {
        let start = barrier.clone();
        let spawned = rt.spawn_thread(i, false, move |t| {
            start.wait();
            (0..reps).try_for_each(|_| {
                t.run(|cx| {
                    t.interpreter()
                        .exec_in_run(cx, "_bench_work()")
                        .map_err(|e| e.transcript_line())
                })
                .map_err(|e| e.to_string())?
            })
        });
        match spawned {
            Ok(h) => handles.push(h),
            Err(e) => {
                // Let the threads already waiting go (they run, and are joined by the end).
                for _ in handles.len()..n {
                    let b = barrier.clone();
                    std::thread::spawn(move || b.wait());
                }
                barrier.wait();
                return Err(e.to_string());
            }
        }
    }
    barrier.wait();
    let (t0, c0) = (Instant::now(), process_cpu());
    for h in handles {
        h.join().map_err(|e| e.to_string())??;
    }
    let (wall, cpu) = (t0.elapsed(), process_cpu().saturating_sub(c0));
    Ok(Rate::of(
        n as f64 * f64::from(reps),
        wall,
        cpu,
        i.gil_stats(),
    ))
}
