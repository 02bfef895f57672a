//! `scaling.*`: the object churn (`crate::churn`) on 1, 2 and 4 threads; a figure is the
//! throughput with N threads over the throughput with 1 thread, measured in the same call.
//!
//! Other processes can only slow a window down, never speed it up, so each thread count runs
//! in several rounds (interleaved, so drift hits every count alike) and the best window of each
//! count is kept: the ratio of two best windows is the speedup the code allows, with as little
//! of the machine's noise as the run can remove. The note says how many cores the best windows
//! got (CPU time over wall time).

use std::time::Duration;

use super::{Ctx, Figure};
use crate::churn::{self, Churn, Mode};

fn window(ctx: &Ctx<'_>) -> Duration {
    Duration::from_millis(ctx.size.pick(30, 250, 750))
}

fn rounds(ctx: &Ctx<'_>) -> usize {
    ctx.size.pick(1, 3, 4)
}

/// The best window of each thread count in `counts`, over the rounds.
fn best(ctx: &Ctx<'_>, mode: Mode, counts: &[usize]) -> Result<Vec<Churn>, String> {
    let mut best: Vec<Option<Churn>> = vec![None; counts.len()];
    for _ in 0..rounds(ctx) {
        for (slot, &n) in best.iter_mut().zip(counts) {
            let c = churn::measure(ctx.rt, mode, n, window(ctx))?;
            if slot.is_none_or(|b| c.per_sec > b.per_sec) {
                *slot = Some(c);
            }
        }
    }
    best.into_iter()
        .map(|c| c.ok_or_else(|| "no round ran".to_owned()))
        .collect()
}

fn figure(
    ctx: &Ctx<'_>,
    name: &str,
    what: &str,
    one: &Churn,
    many: &Churn,
) -> Result<Figure, String> {
    Figure::new(
        name,
        many.per_sec / one.per_sec.max(1e-9),
        format!(
            "{what}, best of {} rounds of {} ms: 1 thread {:.0} it/s on {:.2} cores, {} threads \
             {:.0} it/s on {:.2} cores ({} of {} GIL acquisitions contended)",
            rounds(ctx),
            window(ctx).as_millis(),
            one.per_sec,
            one.cores(),
            many.threads,
            many.per_sec,
            many.cores(),
            many.gil.contended,
            many.gil.acquisitions
        ),
    )
}

/// `scaling.isolated.x2` and `.x4`: one isolated interpreter per thread (own GIL, own heap).
pub(crate) fn isolated(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let b = best(ctx, Mode::Isolated, &[1, 2, 4])?;
    let what = "isolated interpreters";
    Ok(vec![
        figure(ctx, "scaling.isolated.x2", what, &b[0], &b[1])?,
        figure(ctx, "scaling.isolated.x4", what, &b[0], &b[2])?,
    ])
}

/// `scaling.threads.x2`: two threads of the main interpreter (one GIL).
pub(crate) fn threads(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let b = best(ctx, Mode::Threads, &[1, 2])?;
    let what = "threads sharing main's GIL";
    Ok(vec![figure(ctx, "scaling.threads.x2", what, &b[0], &b[1])?])
}

/// `scaling.legacy.x2`: two legacy interpreters (main's GIL and heap).
pub(crate) fn legacy(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let b = best(ctx, Mode::Legacy, &[1, 2])?;
    let what = "legacy interpreters (shared GIL)";
    Ok(vec![figure(ctx, "scaling.legacy.x2", what, &b[0], &b[1])?])
}
