//! The demo's Python work: the object churn as a Python program run by 1 and 2 isolated
//! interpreters at once and by 1 and 2 threads of one interpreter, and the per-request
//! figure; each measured here and, when a CPython 3.13 is found, in CPython's
//! sub-interpreters in the same run (`bench::python`'s driver).

use std::path::PathBuf;

use serde_json::Value;
use subinterp_runtime::Runtime;

use crate::bench::python::corpus::Prog;
use crate::bench::python::cpython::{CPython, number};
use crate::bench::python::parallel::{self, Rate};
use crate::bench::python::request;

/// The churn program: `N` dicts of 32 str keys mapping to `[j, (j, i)]`, built and dropped.
pub(crate) fn churn_source(n: u32) -> String {
    format!(
        "def churn(n):\n    \
             total = 0\n    \
             for i in range(n):\n        \
                 d = {{str(j): [j, (j, i)] for j in range(32)}}\n        \
                 total += len(d)\n    \
             return total\n\
         \n\
         print(churn({n}))\n"
    )
}

/// The churn as a corpus program in a temporary folder (CPython's driver reads the file).
pub(crate) fn churn_program(n: u32) -> Result<Prog, String> {
    let folder = std::env::temp_dir().join(format!("subinterp-demo-{}", std::process::id()));
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let path: PathBuf = folder.join("churn.py");
    let source = churn_source(n);
    std::fs::write(&path, &source).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Prog {
        name: "churn".into(),
        path,
        folder,
        source: source.into_bytes(),
        expected: format!("{}\n", u64::from(n) * 32),
        args: Vec::new(),
    })
}

/// Removes the program's temporary folder.
pub(crate) fn clean(p: &Prog) {
    let _ = std::fs::remove_dir_all(&p.folder);
}

/// Speedups here and in CPython: 2 isolated interpreters over 1, 2 threads of one interpreter
/// over 1.
#[derive(Clone, Debug, Default)]
pub(crate) struct Parallel {
    pub(crate) iso: [Rate; 2],
    pub(crate) threads: [Rate; 2],
    /// CPython's `(isolated x2, threads x2)`, or why there is none.
    pub(crate) cpython: Option<Result<(f64, f64), String>>,
}

impl Parallel {
    pub(crate) fn iso_x2(&self) -> f64 {
        self.iso[1].per_sec / self.iso[0].per_sec.max(1e-9)
    }

    pub(crate) fn threads_x2(&self) -> f64 {
        self.threads[1].per_sec / self.threads[0].per_sec.max(1e-9)
    }
}

/// Measures the churn program `p` here (`reps` runs per thread) and in `cpython`.
pub(crate) fn parallel(
    rt: &Runtime,
    p: &Prog,
    reps: u32,
    cpython: Option<&CPython>,
) -> Result<Parallel, String> {
    let iso = [
        parallel::isolated(rt, p, 1, reps)?,
        parallel::isolated(rt, p, 2, reps)?,
    ];
    let threads = [
        parallel::threads(rt, p, 1, reps)?,
        parallel::threads(rt, p, 2, reps)?,
    ];
    let cpython = cpython.map(|c| {
        let v: Value = c.scaling(p, reps, 1)?;
        let x2 = |mode: &str| -> Result<f64, String> {
            Ok(number(&v, &format!("/{mode}/2/per_sec"))?
                / number(&v, &format!("/{mode}/1/per_sec"))?)
        };
        Ok((x2("isolated")?, x2("threads")?))
    });
    Ok(Parallel {
        iso,
        threads,
        cpython,
    })
}

/// The per-request figures here and in CPython.
#[derive(Clone, Debug)]
pub(crate) struct Requests {
    pub(crate) req: request::Request,
    pub(crate) here: request::PerRequest,
    /// CPython's `(cold, warm)` microseconds, or why there are none.
    pub(crate) cpython: Option<Result<(f64, f64), String>>,
}

/// Measures the per-request figure (`cold` fresh interpreters, `warm` pool requests).
pub(crate) fn requests(
    rt: &Runtime,
    cold: u32,
    warm: u32,
    cpython: Option<&CPython>,
) -> Result<Requests, String> {
    let req = request::choose(rt)?;
    let here = request::measure(rt, &req, cold, warm);
    let cpython = cpython.map(|c| {
        let v = c.request(&req.folder, 10, &req.source)?;
        Ok((number(&v, "cold_us")?, number(&v, "warm_us")?))
    });
    request::clean(&req);
    Ok(Requests {
        here: here?,
        req,
        cpython,
    })
}
