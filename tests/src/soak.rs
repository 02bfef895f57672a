//! The soak figure `lifecycle.leak_per_cycle.isolated`: the resident set size after many
//! isolated create/use/end cycles against the start (targets.md: within 1 MiB of the start;
//! CPython 3.13.5 grows by about 1.6 MiB per cycle, since an isolated interpreter's arenas are
//! never returned).
//!
//! Each cycle is the one `subinterp bench` measures: create an isolated interpreter, run code
//! that keeps 64 strings in `__main__`, end it, and check that its heap closed with nothing
//! left. A warm-up first lets the one-time growth (thread-locals, the registry's first
//! allocations, the arena cache filling) happen before the start is read.

use std::time::{Duration, Instant};

use subinterp_runtime::{Error, InterpreterConfig, Runtime, import, metrics};

/// What a soak run measured.
#[derive(Clone, Debug)]
pub struct SoakReport {
    /// Cycles measured (after the warm-up).
    pub cycles: u64,
    /// Warm-up cycles run before the start was read.
    pub warmup: u64,
    /// RSS at the start, in bytes (`None` without `/proc`).
    pub rss_start: Option<usize>,
    /// RSS at the end, in bytes.
    pub rss_end: Option<usize>,
    /// Cycles whose heap did not close clean (blocks or objects left): always 0 unless the
    /// runtime leaks.
    pub unclean: u64,
    /// Wall time of the measured cycles.
    pub took: Duration,
}

impl SoakReport {
    /// RSS growth over the measured cycles, in bytes (negative when RSS shrank).
    pub fn growth(&self) -> Option<i64> {
        let (a, b) = (self.rss_start?, self.rss_end?);
        Some(i64::try_from(b).ok()? - i64::try_from(a).ok()?)
    }

    /// Growth per cycle in KiB, never below 0: the `lifecycle.leak_per_cycle.isolated` figure.
    pub fn per_cycle_kib(&self) -> Option<f64> {
        let g = self.growth()? as f64;
        Some((g / 1024.0 / self.cycles.max(1) as f64).max(0.0))
    }

    /// Whether the run meets the target: RSS within 1 MiB of the start, every heap clean.
    pub fn within_target(&self) -> bool {
        self.unclean == 0 && self.growth().is_none_or(|g| g <= 1 << 20)
    }

    /// The figure lines, `name: value unit` as `subinterp bench` prints them, then a detail
    /// line.
    pub fn render(&self) -> String {
        let kib = |b: usize| b / 1024;
        match (
            self.rss_start,
            self.rss_end,
            self.growth(),
            self.per_cycle_kib(),
        ) {
            (Some(a), Some(b), Some(g), Some(per)) => format!(
                "lifecycle.leak_per_cycle.isolated: {per:.4} KiB\n\
                 lifecycle.leak_total.isolated: {:.0} KiB\n\
                 # {} isolated create/use/end cycles (after {} warm-up) in {:.1} s: \
                 RSS {} -> {} KiB ({:+} KiB); unclean heaps: {}; target: within 1024 KiB: {}",
                (g as f64 / 1024.0).max(0.0),
                self.cycles,
                self.warmup,
                self.took.as_secs_f64(),
                kib(a),
                kib(b),
                g / 1024,
                self.unclean,
                if self.within_target() {
                    "met"
                } else {
                    "MISSED"
                },
            ),
            _ => format!(
                "# {} cycles in {:.1} s; RSS unavailable (no /proc); unclean heaps: {}",
                self.cycles,
                self.took.as_secs_f64(),
                self.unclean
            ),
        }
    }
}

/// One cycle: create an isolated interpreter, keep 64 strings in its `__main__`, end it.
/// Returns whether its heap closed clean.
pub fn cycle(rt: &Runtime) -> Result<bool, Error> {
    let i = rt.new_interpreter(InterpreterConfig::isolated())?;
    i.run(|cx| -> Result<(), Error> {
        let py = cx.py();
        let main = import(cx, "__main__")?;
        let items = (0..64)
            .map(|n| py.str(&format!("item {n}")))
            .collect::<Result<Vec<_>, _>>()?;
        main.setattr("kept", &py.list(&items)?)?;
        Ok(())
    })??;
    Ok(i.end()?.is_clean())
}

/// Runs `warmup` cycles, reads RSS, runs `cycles` more, reads RSS again. `progress` is called
/// every 1,000 cycles with the count done so far.
pub fn run(
    rt: &Runtime,
    cycles: u64,
    warmup: u64,
    mut progress: impl FnMut(u64),
) -> Result<SoakReport, Error> {
    let mut unclean = 0;
    for _ in 0..warmup {
        unclean += u64::from(!cycle(rt)?);
    }
    let rss_start = metrics::rss_bytes();
    let t0 = Instant::now();
    for n in 0..cycles {
        unclean += u64::from(!cycle(rt)?);
        if (n + 1) % 1_000 == 0 {
            progress(n + 1);
        }
    }
    let took = t0.elapsed();
    let rss_end = metrics::rss_bytes();
    Ok(SoakReport {
        cycles,
        warmup,
        rss_start,
        rss_end,
        unclean,
        took,
    })
}
