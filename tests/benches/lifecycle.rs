//! Criterion benches of the runtime facade's lifecycle figures (targets.md):
//! `lifecycle.create_destroy.isolated` / `.legacy` (target <= 20 us; CPython 3.13.5: 7,054 us
//! and 6,057 us), entering and leaving an interpreter with a trivial closure, and a scoped
//! switch between two interpreters.

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use criterion::{Criterion, criterion_group, criterion_main};
use subinterp_runtime::{InterpreterConfig, Runtime};

fn lifecycle(c: &mut Criterion) {
    let rt = Runtime::new().expect("runtime");
    let mut g = c.benchmark_group("lifecycle");
    g.bench_function("create_destroy.isolated", |b| {
        b.iter(|| {
            let i = rt
                .new_interpreter(InterpreterConfig::isolated())
                .expect("create");
            i.end().expect("end")
        })
    });
    g.bench_function("create_destroy.legacy", |b| {
        b.iter(|| {
            let i = rt
                .new_interpreter(InterpreterConfig::legacy())
                .expect("create");
            i.end().expect("end")
        })
    });
    g.finish();

    let mut g = c.benchmark_group("run");
    let sub = rt
        .new_interpreter(InterpreterConfig::isolated())
        .expect("create");
    g.bench_function("enter_leave.trivial", |b| {
        b.iter(|| sub.run(|cx| cx.py().interp()).expect("run"))
    });
    let other = rt
        .new_interpreter(InterpreterConfig::isolated())
        .expect("create");
    g.bench_function("switch.run_from", |b| {
        sub.run(|cx| b.iter(|| other.run_from(cx, |cx2| cx2.py().interp()).expect("switch")))
            .expect("run")
    });
    g.finish();
}

criterion_group!(benches, lifecycle);
criterion_main!(benches);
