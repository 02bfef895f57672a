//! Criterion bench of source imports (issue 17): `import m` of a generated 1,000-line module
//! in a fresh interpreter, first with a source no interpreter compiled before (parse and
//! compile: `import.source_1000.first`), then with the source the process-wide compile cache
//! holds (`import.source_1000.cached`: a second interpreter pays no parse). Only the `import`
//! is timed; creating the interpreter, setting `sys.path` and ending it are not.
//!
//! The module is written to `target/source_import/m1000.py`; `source_import_cpython.py`
//! times CPython 3.13's import of the same file in fresh sub-interpreters
//! (`_interpreters.create()` + `_interpreters.exec(id, "import m1000")`).

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use subinterp_runtime::{InterpreterConfig, Runtime};

/// The module: a docstring, 40 constants and 120 eight-line functions (1,000 lines), with
/// `stamp` in its first line so each stamp is a text no cache has seen.
fn module(stamp: u64) -> String {
    let mut s = format!("\"\"\"Generated for the import bench ({stamp}).\"\"\"\n");
    for i in 0..39 {
        let _ = writeln!(s, "C{i} = {i} * 3 + 1");
    }
    for i in 0..120 {
        let _ = write!(
            s,
            "def f{i}(a, b=2):\n    x = a + b * {i}\n    if x % 3 == 0:\n        x = x // 3\n    for k in range(3):\n        x += k\n    return [x, {{'k': x}}, (x, {i})]\n\n"
        );
    }
    assert_eq!(s.lines().count(), 1000);
    s
}

fn dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/source_import");
    std::fs::create_dir_all(&d).expect("bench folder");
    d
}

/// Times `import m1000` in `n` fresh interpreters, `prepare(i)` run before each (untimed).
fn timed_imports(rt: &Runtime, n: u64, mut prepare: impl FnMut(u64)) -> Duration {
    let path = format!(
        "import sys\nsys.path = [{:?}]\n",
        dir().to_str().expect("utf-8")
    );
    let mut total = Duration::ZERO;
    for i in 0..n {
        prepare(i);
        let sub = rt
            .new_interpreter(InterpreterConfig::isolated())
            .expect("create");
        sub.exec(&path).expect("sys.path");
        let start = Instant::now();
        sub.exec("import m1000").expect("import");
        total += start.elapsed();
        sub.end().expect("end");
    }
    total
}

fn source_import(c: &mut Criterion) {
    let rt = Runtime::new().expect("runtime");
    let file = dir().join("m1000.py");
    let mut g = c.benchmark_group("import.source_1000");
    g.sample_size(20);
    let mut stamp = 1u64 << 32;
    g.bench_function("first", |b| {
        b.iter_custom(|n| {
            timed_imports(&rt, n, |_| {
                stamp += 1;
                std::fs::write(&file, module(stamp)).expect("write module");
            })
        })
    });
    std::fs::write(&file, module(0)).expect("write module");
    g.bench_function("cached", |b| {
        b.iter_custom(|n| timed_imports(&rt, n, |_| {}))
    });
    g.finish();
}

criterion_group!(benches, source_import);
criterion_main!(benches);
