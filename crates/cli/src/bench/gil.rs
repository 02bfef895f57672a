//! `gil.*`: the GIL crate's own workloads (`subinterp_gil::bench`), so the criterion benches
//! and this command measure the same thing.

use std::time::Duration;

use subinterp_gil::bench::{forced_switch_max_wait, handoff_vs_mutex};

use super::lifecycle::median;
use super::{Ctx, Figure};

/// `gil.handoff_vs_mutex`: the median ratio of three runs.
pub(crate) fn handoff(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let rounds: u32 = ctx.size.pick(200, 20_000, 200_000);
    let runs: Vec<_> = (0..3).map(|_| handoff_vs_mutex(rounds)).collect();
    let mid = runs[1];
    let ratio = median(runs.iter().map(|h| h.ratio()).collect());
    Ok(vec![Figure::new(
        "gil.handoff_vs_mutex",
        ratio,
        format!(
            "{rounds} handoffs, median of 3: GIL {:.1} us, Mutex+Condvar {:.1} us per handoff",
            mid.gil.as_secs_f64() * 1e6,
            mid.mutex.as_secs_f64() * 1e6
        ),
    )?])
}

/// `gil.forced_switch_max_wait`: two CPU-bound threads on one GIL, switch interval 5 ms.
pub(crate) fn forced_switch(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let interval = Duration::from_millis(5);
    let run = Duration::from_millis(ctx.size.pick(60, 1_000, 5_000));
    let f = forced_switch_max_wait(interval, run);
    if f.forced_switches == 0 {
        return Err("no forced switch happened".to_owned());
    }
    Ok(vec![Figure::new(
        "gil.forced_switch_max_wait",
        f.ratio(),
        format!(
            "{:.1} s, interval 5 ms: max wait {:.2} ms, p50 {:.2} ms, p99 {:.2} ms, {} forced switches",
            run.as_secs_f64(),
            f.max_wait.as_secs_f64() * 1e3,
            f.p50_wait.as_secs_f64() * 1e3,
            f.p99_wait.as_secs_f64() * 1e3,
            f.forced_switches
        ),
    )?])
}
