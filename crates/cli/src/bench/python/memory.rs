//! `python.rss_per_interpreter` here: the process's RSS added per live isolated interpreter
//! after each ran one program (all kept alive while measuring), after one warm-up
//! interpreter ran it and ended (what is made once per process is not counted).

use subinterp_runtime::{InterpreterConfig, Runtime, metrics};

use super::corpus::{self, Prog};

/// KiB per interpreter, and the RSS before and after, in KiB.
pub(crate) fn measure(rt: &Runtime, p: &Prog, count: u32) -> Result<(f64, usize, usize), String> {
    let rss =
        || metrics::rss_bytes().ok_or_else(|| "the RSS is not available (no /proc)".to_owned());
    corpus::run_here(rt, p)?;
    let before = rss()?;
    let mut live = Vec::new();
    let mut failed = None;
    for _ in 0..count {
        let i = rt
            .new_interpreter(InterpreterConfig::isolated())
            .map_err(|e| e.to_string())?;
        let (out, _, res) = corpus::run_in(&i, p);
        live.push(i);
        if let Err(e) = res.and_then(|()| corpus::mismatch(&out, &p.expected).map_or(Ok(()), Err)) {
            failed = Some(e);
            break;
        }
    }
    let after = rss()?;
    for i in &live {
        i.end().map_err(|e| e.to_string())?;
    }
    if let Some(e) = failed {
        return Err(e);
    }
    let per = (after as f64 - before as f64) / 1024.0 / f64::from(count.max(1));
    Ok((per, before / 1024, after / 1024))
}
