//! Evaluator speed: `exec.trivial` (run `x = 1` in an existing interpreter) as parse + exec,
//! as exec of a pre-parsed program, and through a warm [`ParseCache`]; plus a scenario-sized
//! line with a call, a comparison chain and a print.
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use subinterp_script::{ParseCache, exec, exec_source, parse};

fn bench(c: &mut Criterion) {
    let o = common::interp();
    common::with_gil(&o, |py| {
        let mut host = common::TestHost::new(py).expect("host");
        let mut g = c.benchmark_group("exec");

        g.bench_function("parse x = 1", |b| b.iter(|| parse(black_box("x = 1"))));

        g.bench_function("trivial: parse + exec x = 1", |b| {
            b.iter(|| exec_source(py, &mut host, black_box("x = 1")))
        });

        let program = parse("x = 1").expect("parses");
        g.bench_function("trivial: exec pre-parsed x = 1", |b| {
            b.iter(|| exec(py, &mut host, black_box(&program)))
        });

        let mut cache = ParseCache::default();
        g.bench_function("trivial: cached parse + exec x = 1", |b| {
            b.iter(|| {
                let p = cache.parse(black_box("x = 1")).expect("parses");
                exec(py, &mut host, &p)
            })
        });

        let line = "import fake; d = {'k': [1, 2.5]}; n = len(d['k']); \
                    print(n, 0 < n <= 2 != 3, fake.echo(n, key='v'))";
        let program = parse(line).expect("parses");
        g.bench_function("scenario line: exec pre-parsed", |b| {
            b.iter(|| {
                host.out.clear();
                exec(py, &mut host, black_box(&program))
            })
        });
        g.bench_function("builtins: new + release", |b| {
            b.iter(|| {
                subinterp_script::Builtins::new(py)
                    .expect("builtins")
                    .release(py)
            })
        });
        g.finish();
        host.teardown(py).expect("teardown");
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
