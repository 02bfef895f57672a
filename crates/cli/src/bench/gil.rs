//! `gil.*`: the GIL crate's own workloads (`subinterp_gil::bench`), so the criterion benches
//! and this command measure the same thing.

use std::time::Duration;

use subinterp_gil::bench::{forced_switch_max_wait, handoff_vs_mutex};

use super::{Ctx, Figure};

/// `gil.handoff_vs_mutex`: several runs, each ping-pong's fastest run kept (other processes
/// only slow a handoff down), then their ratio.
pub(crate) fn handoff(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let rounds: u32 = ctx.size.pick(200, 20_000, 200_000);
    let runs = ctx.size.pick(1, 3, 5);
    let all: Vec<_> = (0..runs).map(|_| handoff_vs_mutex(rounds)).collect();
    let gil = all.iter().map(|h| h.gil).min().unwrap_or_default();
    let mutex = all.iter().map(|h| h.mutex).min().unwrap_or_default();
    let ratio = gil.as_secs_f64() / mutex.as_secs_f64().max(f64::MIN_POSITIVE);
    Ok(vec![Figure::new(
        "gil.handoff_vs_mutex",
        ratio,
        format!(
            "{rounds} handoffs, best of {runs}: GIL {:.2} us, Mutex+Condvar {:.2} us per handoff",
            gil.as_secs_f64() * 1e6,
            mutex.as_secs_f64() * 1e6
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
