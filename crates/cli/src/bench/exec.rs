//! `exec.trivial`: running `x = 1` in an existing interpreter (CPython's `interp.exec('x = 1')`:
//! enter the interpreter, run the statement in `__main__`, leave).

use std::time::Instant;

use subinterp_runtime::InterpreterConfig;

use super::{Ctx, Figure};

/// `exec.trivial`: the mean of N runs after a warm-up.
pub(crate) fn trivial(ctx: &Ctx<'_>) -> Result<Vec<Figure>, String> {
    let n: u32 = ctx.size.pick(100, 100_000, 1_000_000);
    let i = ctx
        .rt
        .new_interpreter(InterpreterConfig::isolated())
        .map_err(|e| e.to_string())?;
    let mut sink = std::io::sink();
    for _ in 0..n.min(1_000) {
        i.exec_to("x = 1", &mut sink).map_err(|e| e.to_string())?;
    }
    let t0 = Instant::now();
    for _ in 0..n {
        i.exec_to("x = 1", &mut sink).map_err(|e| e.to_string())?;
    }
    let us = t0.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    i.end().map_err(|e| e.to_string())?;
    Ok(vec![Figure::new(
        "exec.trivial",
        us,
        format!("{n} runs of `x = 1` in one isolated interpreter"),
    )?])
}
