//! `lifecycle.*`: creating and ending interpreters, and the memory they hold and give back.

use std::time::{Duration, Instant};

use subinterp_runtime::{InterpreterConfig, Runtime, import, metrics};

use super::{Ctx, Figure};

/// The median of `v` (which must not be empty).
pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Mean time of one create+end cycle, the median of 5 batches.
fn create_destroy(
    ctx: &Ctx<'_>,
    name: &str,
    cfg: InterpreterConfig,
) -> Result<Vec<Figure>, String> {
    let per_batch: u32 = ctx.size.pick(10, 500, 5_000);
    let cycle = || -> Result<(), String> {
        let i = ctx.rt.new_interpreter(cfg).map_err(|e| e.to_string())?;
        i.end().map_err(|e| e.to_string())?;
        Ok(())
    };
    for _ in 0..per_batch.min(50) {
        cycle()?;
    }
    let mut batches = Vec::new();
    for _ in 0..5 {
        let t0 = Instant::now();
        for _ in 0..per_batch {
            cycle()?;
        }
        batches.push(t0.elapsed().as_secs_f64() * 1e6 / f64::from(per_batch));
    }
    let us = median(batches);
    Ok(vec![Figure::new(
        name,
        us,
        format!("median of 5 batches of {per_batch} create+end cycles"),
    )?])
}

/// `lifecycle.create_destroy.isolated`.
pub(crate) fn create_destroy_isolated(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    create_destroy(
        ctx,
        "lifecycle.create_destroy.isolated",
        InterpreterConfig::isolated(),
    )
}

/// `lifecycle.create_destroy.legacy`.
pub(crate) fn create_destroy_legacy(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    create_destroy(
        ctx,
        "lifecycle.create_destroy.legacy",
        InterpreterConfig::legacy(),
    )
}

fn rss() -> Result<usize, String> {
    metrics::rss_bytes().ok_or_else(|| "the RSS is not available (no /proc)".to_owned())
}

/// `lifecycle.idle_rss.isolated`: the RSS growth of creating N isolated interpreters that then
/// sit idle, per interpreter.
pub(crate) fn idle_rss(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let n: usize = ctx.size.pick(10, 200, 1_000);
    // Warm up what the first interpreters set up once (thread-locals, registry growth).
    for _ in 0..10 {
        let i = ctx
            .rt
            .new_interpreter(InterpreterConfig::isolated())
            .map_err(|e| e.to_string())?;
        i.end().map_err(|e| e.to_string())?;
    }
    let before = rss()?;
    let idle = (0..n)
        .map(|_| ctx.rt.new_interpreter(InterpreterConfig::isolated()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let after = rss()?;
    for i in &idle {
        i.end().map_err(|e| e.to_string())?;
    }
    let per = after.saturating_sub(before) as f64 / 1024.0 / n as f64;
    Ok(vec![Figure::new(
        "lifecycle.idle_rss.isolated",
        per,
        format!(
            "{n} idle isolated interpreters: RSS {} -> {} KiB",
            before / 1024,
            after / 1024
        ),
    )?])
}

/// One leak-test cycle: create, allocate some objects kept in `__main__`, end.
pub(crate) fn cycle(rt: &Runtime) -> Result<(), String> {
    let i = rt
        .new_interpreter(InterpreterConfig::isolated())
        .map_err(|e| e.to_string())?;
    i.run(|cx| -> Result<(), String> {
        let py = cx.py();
        let main = import(cx, "__main__").map_err(|e| e.to_string())?;
        let items = (0..64)
            .map(|n| py.str(&format!("item {n}")))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let list = py.list(&items).map_err(|e| e.to_string())?;
        main.setattr("kept", &list).map_err(|e| e.to_string())
    })
    .map_err(|e| e.to_string())??;
    let report = i.end().map_err(|e| e.to_string())?;
    if !report.is_clean() {
        return Err(format!("an interpreter ended unclean: {report:?}"));
    }
    Ok(())
}

/// `lifecycle.leak_per_cycle.isolated`: RSS growth over N create/use/end cycles, per cycle
/// (1,000 cycles by default as in targets.md; 100,000 with `--full`).
pub(crate) fn leak_per_cycle(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let n: u64 = ctx.size.pick(50, 1_000, 100_000);
    for _ in 0..100 {
        cycle(ctx.rt)?;
    }
    let before = rss()?;
    let t0 = Instant::now();
    for _ in 0..n {
        cycle(ctx.rt)?;
    }
    let took: Duration = t0.elapsed();
    let after = rss()?;
    let growth = after as f64 - before as f64;
    let mut f = Figure::new(
        "lifecycle.leak_per_cycle.isolated",
        (growth / 1024.0 / n as f64).max(0.0),
        format!(
            "{n} cycles in {:.1} s: RSS {} -> {} KiB ({:+.0} KiB)",
            took.as_secs_f64(),
            before / 1024,
            after / 1024,
            growth / 1024.0
        ),
    )?;
    f.cycles = n;
    Ok(vec![f])
}
