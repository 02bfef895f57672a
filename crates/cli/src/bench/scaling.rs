//! `scaling.*`: the object churn (`crate::churn`) on 1, 2 and 4 threads; a figure is the
//! throughput with N threads over the throughput with 1 thread, measured in the same call.

use std::time::Duration;

use super::{Ctx, Figure};
use crate::churn::{self, Churn, Mode};

fn window(ctx: &Ctx<'_>) -> Duration {
    Duration::from_millis(ctx.size.pick(30, 500, 3_000))
}

fn note(mode: &str, one: &Churn, many: &Churn) -> String {
    format!(
        "{mode}: 1 thread {:.0} it/s on {:.2} cores, {} threads {:.0} it/s on {:.2} cores",
        one.per_sec,
        one.cores(),
        many.threads,
        many.per_sec,
        many.cores()
    )
}

/// `scaling.isolated.x2` and `.x4`: one isolated interpreter per thread (own GIL, own heap).
pub(crate) fn isolated(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let d = window(ctx);
    let one = churn::measure(ctx.rt, Mode::Isolated, 1, d)?;
    let two = churn::measure(ctx.rt, Mode::Isolated, 2, d)?;
    let four = churn::measure(ctx.rt, Mode::Isolated, 4, d)?;
    Ok(vec![
        Figure::new(
            "scaling.isolated.x2",
            two.per_sec / one.per_sec.max(1e-9),
            note("isolated interpreters", &one, &two),
        )?,
        Figure::new(
            "scaling.isolated.x4",
            four.per_sec / one.per_sec.max(1e-9),
            note("isolated interpreters", &one, &four),
        )?,
    ])
}

/// `scaling.threads.x2`: two threads of the main interpreter (one GIL).
pub(crate) fn threads(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let (x, one, two) = churn::speedup(ctx.rt, Mode::Threads, 2, window(ctx))?;
    Ok(vec![Figure::new(
        "scaling.threads.x2",
        x,
        note("threads sharing main's GIL", &one, &two),
    )?])
}

/// `scaling.legacy.x2`: two legacy interpreters (main's GIL and heap).
pub(crate) fn legacy(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let (x, one, two) = churn::speedup(ctx.rt, Mode::Legacy, 2, window(ctx))?;
    Ok(vec![Figure::new(
        "scaling.legacy.x2",
        x,
        note("legacy interpreters (shared GIL)", &one, &two),
    )?])
}
