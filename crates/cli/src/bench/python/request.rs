//! `python.per_request` here: create an isolated interpreter, run a request (import a small
//! module, call one function with an argument), take the result back, end the interpreter;
//! and the same request in a pool's warm interpreter. The request imports a source module
//! (`reqmod.py`, written to a temporary folder) when this build can import source modules,
//! else a builtin one (`_imp`); the CPython side runs the very same request text.

use std::path::{Path, PathBuf};
use std::time::Instant;

use subinterp_runtime::{InterpreterConfig, InterpreterPool, Runtime, import};

/// The source module the request imports.
const REQMOD: &str = "def handle(n):\n    return sum(i * i for i in range(n))\n";

/// A request: its source text (binds `result`) and what the note says it is.
#[derive(Clone, Debug)]
pub(crate) struct Request {
    pub(crate) source: String,
    pub(crate) what: String,
    /// The folder the source module is in (CPython runs there too).
    pub(crate) folder: PathBuf,
}

/// Cold and warm microseconds per request, and the result's repr.
#[derive(Clone, Debug)]
pub(crate) struct PerRequest {
    pub(crate) cold_us: f64,
    pub(crate) warm_us: f64,
    pub(crate) result: String,
}

/// The request this build can run: the source-module one when importing `reqmod` from a
/// folder on `sys.path` works here, else the builtin-module one (with the reason).
pub(crate) fn choose(rt: &Runtime) -> Result<Request, String> {
    let folder = std::env::temp_dir().join(format!("subinterp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    std::fs::write(folder.join("reqmod.py"), REQMOD).map_err(|e| e.to_string())?;
    let dir = folder.display().to_string();
    let source = format!(
        "import sys\nif {dir:?} not in sys.path:\n    sys.path.insert(0, {dir:?})\n\
         import reqmod\nresult = reqmod.handle(20)\n"
    );
    let probe = rt
        .new_interpreter(InterpreterConfig::isolated())
        .map_err(|e| e.to_string())?;
    let tried = probe.exec_to(&source, &mut std::io::sink());
    probe.end().map_err(|e| e.to_string())?;
    Ok(match tried {
        Ok(()) => Request {
            source,
            what: "import a source module (reqmod.py: def handle(n): return sum(i * i for i \
                   in range(n))) and call reqmod.handle(20)"
                .to_owned(),
            folder,
        },
        Err(e) => Request {
            source: "import _imp\nresult = _imp.is_builtin('sys')\n".to_owned(),
            what: format!(
                "import a builtin module and call _imp.is_builtin('sys') (source modules \
                 cannot be imported here yet: {})",
                e.transcript_line()
            ),
            folder,
        },
    })
}

/// `result`'s repr from `i`'s `__main__` (a copy out of its heap).
fn result_of(i: &subinterp_runtime::Interpreter) -> Result<String, String> {
    i.run(|cx| {
        import(cx, "__main__")
            .and_then(|m| m.getattr("result"))
            .and_then(|r| r.repr())
            .map_err(|e| e.to_string())
    })
    .map_err(|e| e.to_string())?
}

/// `cold` requests in fresh interpreters, then `warm` in a one-worker pool.
pub(crate) fn measure(
    rt: &Runtime,
    req: &Request,
    cold: u32,
    warm: u32,
) -> Result<PerRequest, String> {
    let mut result = String::new();
    let t0 = Instant::now();
    for _ in 0..cold {
        let i = rt
            .new_interpreter(InterpreterConfig::isolated())
            .map_err(|e| e.to_string())?;
        let ran = i
            .exec_to(&req.source, &mut std::io::sink())
            .map_err(|e| e.transcript_line())
            .and_then(|()| result_of(&i));
        i.end().map_err(|e| e.to_string())?;
        result = ran?;
    }
    let cold_us = t0.elapsed().as_secs_f64() * 1e6 / f64::from(cold.max(1));
    let pool = InterpreterPool::new(rt, 1).map_err(|e| e.to_string())?;
    let warm_source = format!("{}print(repr(result))\n", req.source);
    let one = |pool: &InterpreterPool| -> Result<String, String> {
        pool.submit_exec(warm_source.clone())
            .map_err(|e| e.error.to_string())?
            .wait()
            .map_err(|e| e.to_string())
    };
    one(&pool)?;
    let t0 = Instant::now();
    for _ in 0..warm {
        let got = one(&pool)?;
        if got.trim_end() != result {
            return Err(format!(
                "a warm request gave {got:?}, a cold one {result:?}"
            ));
        }
    }
    let warm_us = t0.elapsed().as_secs_f64() * 1e6 / f64::from(warm.max(1));
    pool.shutdown(false);
    Ok(PerRequest {
        cold_us,
        warm_us,
        result,
    })
}

/// Removes the request's temporary folder.
pub(crate) fn clean(req: &Request) {
    let _ = std::fs::remove_dir_all(Path::new(&req.folder));
}
