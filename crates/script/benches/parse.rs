//! Parser throughput: scenario-sized statement lines, a long program, and a Markdown
//! scenario file.
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use subinterp_script::parse;
use subinterp_script::scenario::{SourceKind, parse_scenario_file};

const LINES: &[&str] = &[
    "import _testsinglephase",
    "_testsinglephase.initialized_count()",
    "q.put(b'data', timeout=None); x = q.get(timeout=1.5)",
    "m = sys.modules['x'] is not None; d = {'a': [1, 2, (3,)], 'b': -4}",
    "import interpreters as i; i.get_current() == i.get_main()",
];

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    let bytes: usize = LINES.iter().map(|l| l.len()).sum();
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("statement lines", |b| {
        b.iter(|| {
            for line in LINES {
                let _ = black_box(parse(black_box(line)));
            }
        })
    });

    let program: String = (0..500)
        .map(|i| format!("x{i} = f(a.b[{i}], 'text {i}', key=[1, 2.5, None]) == {{'k': x}}\n"))
        .collect();
    g.throughput(Throughput::Bytes(program.len() as u64));
    g.bench_function("500-line program", |b| {
        b.iter(|| parse(black_box(&program)))
    });

    let doc: String = (0..50)
        .map(|i| {
            format!(
                "## Case {i}\n\nSome prose.\n\n```scenario\ninterp new s{i} isolated\n\
                 s{i}> import _testsinglephase\nmain> x = {i}\nqueue new q{i} maxsize=3\n```\n\n"
            )
        })
        .collect();
    g.throughput(Throughput::Bytes(doc.len() as u64));
    g.bench_function("50-block Markdown scenario", |b| {
        b.iter(|| parse_scenario_file(black_box(&doc), SourceKind::Markdown))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
