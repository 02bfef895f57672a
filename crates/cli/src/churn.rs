//! The object-churn workload behind the `scaling.*` figures and the demo's parallel section
//! (targets.md): per iteration, a dict of 32 str keys mapping to `[j, (j, i)]` lists is built
//! and dropped, allocating from the interpreter's heap, and the eval breaker is passed once
//! (`check`), so threads sharing a GIL really contend for it, as CPython threads do.
//!
//! The same work in Python is `d = {str(j): [j, (j, i)] for j in range(32)}`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use subinterp_runtime::{
    Error, GilStats, Interpreter, InterpreterConfig, Py, PyResult, Run, Runtime, check,
};

/// The keys, made once per iteration as the Python code does (`str(j)`).
const KEYS: [&str; 32] = [
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
];

/// One iteration: builds the dict and drops it.
#[inline]
pub(crate) fn iteration(py: Py<'_>, i: i64) -> PyResult<()> {
    let d = py.dict()?;
    let big_i = py.int(i)?;
    for (j, key) in (0i64..).zip(KEYS) {
        let k = py.str(key)?;
        let jj = py.int(j)?;
        let pair = py.tuple(&[jj.clone(), big_i.clone()])?;
        let v = py.list(&[jj, pair])?;
        d.set_item(&k, &v)?;
    }
    Ok(())
}

/// CPU time the calling thread has used (`CLOCK_THREAD_CPUTIME_ID`), zero if unavailable.
fn thread_cpu() -> Duration {
    cpu_clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// CPU time on `clock` (a thread's or the process's CPU-time clock), zero if unavailable.
pub(crate) fn cpu_clock(clock: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(ts.tv_sec).unwrap_or(0),
        u32::try_from(ts.tv_nsec).unwrap_or(0),
    )
}

/// What one thread did: iterations, wall time, CPU time.
type Spun = (u64, Duration, Duration);

/// Iterations until `stop` is set, passing the eval breaker after each; the count, the time it
/// took, and the CPU time the thread got meanwhile.
fn spin(cx: &mut Run<'_>, stop: &AtomicBool) -> Result<Spun, String> {
    let py = cx.py();
    let c0 = thread_cpu();
    let t0 = Instant::now();
    let mut n = 0u64;
    while !stop.load(Ordering::Relaxed) {
        // Past a small-int cache, as CPython's `i` is.
        iteration(py, 1_000 + n as i64).map_err(|e| e.to_string())?;
        check(cx).map_err(|e| e.to_string())?;
        n += 1;
    }
    Ok((n, t0.elapsed(), thread_cpu().saturating_sub(c0)))
}

/// Who runs the churn threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Each thread in its own isolated interpreter (own GIL, own heap).
    Isolated,
    /// Each thread in its own legacy interpreter (main's GIL and heap).
    Legacy,
    /// Threads of the main interpreter (`threading` threads: one GIL, one heap).
    Threads,
}

/// What one measurement gave.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Churn {
    /// Threads that ran.
    pub(crate) threads: usize,
    /// Iterations over all threads.
    pub(crate) iterations: u64,
    /// Iterations per second over all threads (the sum of each thread's rate).
    pub(crate) per_sec: f64,
    /// Wall time of the window (the longest thread's).
    pub(crate) wall: Duration,
    /// CPU time the threads got, summed: close to `threads * wall` when each had a core, less
    /// when the machine was busy (then `per_sec` says more about the machine than the code).
    pub(crate) cpu: Duration,
    /// What the GILs involved counted during the run: main's GIL for threads and legacy
    /// interpreters (one GIL); the sum over the interpreters' own GILs for isolated ones
    /// (`max_wait` the largest).
    pub(crate) gil: GilStats,
}

impl Churn {
    /// Cores the threads had on average (CPU time over wall time).
    pub(crate) fn cores(&self) -> f64 {
        self.cpu.as_secs_f64() / self.wall.as_secs_f64().max(1e-9)
    }
}

/// `after - before` for the counters (the longest wait is the later snapshot's).
fn delta(before: GilStats, after: GilStats) -> GilStats {
    GilStats {
        acquisitions: after.acquisitions - before.acquisitions,
        contended: after.contended - before.contended,
        switches: after.switches - before.switches,
        forced_switches: after.forced_switches - before.forced_switches,
        drop_requests: after.drop_requests - before.drop_requests,
        total_wait: after.total_wait.saturating_sub(before.total_wait),
        max_wait: after.max_wait,
    }
}

/// The counters of several GILs added up.
pub(crate) fn sum(all: impl IntoIterator<Item = GilStats>) -> GilStats {
    all.into_iter().fold(GilStats::default(), |a, s| GilStats {
        acquisitions: a.acquisitions + s.acquisitions,
        contended: a.contended + s.contended,
        switches: a.switches + s.switches,
        forced_switches: a.forced_switches + s.forced_switches,
        drop_requests: a.drop_requests + s.drop_requests,
        total_wait: a.total_wait + s.total_wait,
        max_wait: a.max_wait.max(s.max_wait),
    })
}

/// Runs the churn on `threads` threads in `mode` for about `duration` and measures the
/// throughput. Interpreters are created before and ended after the timed window.
pub(crate) fn measure(
    rt: &Runtime,
    mode: Mode,
    threads: usize,
    duration: Duration,
) -> Result<Churn, String> {
    let err = |e: Error| e.to_string();
    let interps: Vec<Interpreter> = match mode {
        Mode::Threads => Vec::new(),
        Mode::Isolated | Mode::Legacy => {
            let cfg = if mode == Mode::Isolated {
                InterpreterConfig::isolated()
            } else {
                InterpreterConfig::legacy()
            };
            (0..threads)
                .map(|_| rt.new_interpreter(cfg))
                .collect::<Result<_, _>>()
                .map_err(err)?
        }
    };
    let main = rt.main().map_err(err)?;
    let gil_before = main.gil_stats();
    let stop = Arc::new(AtomicBool::new(false));
    let start = Arc::new(Barrier::new(threads + 1));
    let results: Vec<Result<Spun, String>> = match mode {
        Mode::Threads => {
            let handles = (0..threads)
                .map(|_| {
                    let (stop, start) = (stop.clone(), start.clone());
                    rt.spawn_thread(&main, false, move |t| {
                        start.wait();
                        t.run(|cx| spin(cx, &stop))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(err)?;
            window(&start, &stop, duration);
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .map_err(err)
                        .and_then(|r| r.map_err(err))
                        .and_then(|r| r)
                })
                .collect()
        }
        Mode::Isolated | Mode::Legacy => std::thread::scope(|s| {
            let handles: Vec<_> = interps
                .iter()
                .map(|i| {
                    let (stop, start) = (&stop, &start);
                    s.spawn(move || {
                        start.wait();
                        i.run(|cx| spin(cx, stop)).map_err(err).and_then(|r| r)
                    })
                })
                .collect();
            window(&start, &stop, duration);
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err("churn thread panicked".into()))
                })
                .collect()
        }),
    };
    let gil = match mode {
        Mode::Isolated => sum(interps.iter().map(Interpreter::gil_stats)),
        Mode::Legacy | Mode::Threads => delta(gil_before, main.gil_stats()),
    };
    for i in &interps {
        i.end().map_err(err)?;
    }
    let mut total = Churn {
        threads,
        iterations: 0,
        per_sec: 0.0,
        wall: Duration::ZERO,
        cpu: Duration::ZERO,
        gil,
    };
    for r in results {
        let (n, took, cpu) = r?;
        total.iterations += n;
        total.per_sec += n as f64 / took.as_secs_f64().max(1e-9);
        total.wall = total.wall.max(took);
        total.cpu += cpu;
    }
    Ok(total)
}

/// Releases the threads, lets them run for `duration`, and stops them.
fn window(start: &Barrier, stop: &AtomicBool, duration: Duration) {
    start.wait();
    std::thread::sleep(duration);
    stop.store(true, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iteration_leaves_nothing_behind() {
        let rt = crate::setup::runtime().unwrap();
        let i = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
        let (before, after) = i
            .run(|cx| {
                let py = cx.py();
                let before = py.heap().allocated_blocks();
                for n in 0..10 {
                    iteration(py, n).unwrap();
                }
                (before, py.heap().allocated_blocks())
            })
            .unwrap();
        assert_eq!(before, after);
        assert!(i.end().unwrap().is_clean());
    }

    #[test]
    fn every_mode_measures_work_on_every_thread() {
        let rt = crate::setup::runtime().unwrap();
        for mode in [Mode::Isolated, Mode::Legacy, Mode::Threads] {
            let c = measure(&rt, mode, 2, Duration::from_millis(30)).unwrap();
            assert_eq!(c.threads, 2);
            assert!(c.iterations > 0 && c.per_sec > 0.0, "{mode:?}: {c:?}");
            assert!(c.gil.acquisitions >= 2, "{mode:?}: {c:?}");
            if mode == Mode::Isolated {
                assert_eq!(c.gil.contended, 0, "own GILs are never contended: {c:?}");
            }
        }
        assert_eq!(rt.list().len(), 1, "the churn interpreters were ended");
        assert!(rt.finalize().unwrap().is_clean());
    }
}
