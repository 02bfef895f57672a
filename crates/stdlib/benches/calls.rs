//! The cost of calling the stdlib's native functions from Python: `math.sqrt(2.0)` and
//! `random.random()`, each over 1000 iterations of a Python loop, beside the loop alone
//! (divide by 1000 for nanoseconds per iteration). `benches/calls_cpython.py` runs the same
//! functions under CPython.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use subinterp_object::{InterpId, Objects};
use subinterp_obmalloc::Heap;
use subinterp_vm::{Args, Capture, Tstate};

const PROGRAM: &str = include_str!("calls_cases.py");
const N: i64 = 1000;

fn bench(c: &mut Criterion) {
    let objs = Objects::new(InterpId::new(0), Heap::new());
    // SAFETY: this thread is the only one using `objs`.
    unsafe {
        objs.with_gil(|py| {
            let mut ts = Tstate::new(py, Box::new(Capture::new())).expect("thread state");
            let g = ts.main_globals().expect("globals");
            for (module, name) in [("math", "sqrt"), ("random", "random")] {
                let m = subinterp_stdlib::find(module)
                    .expect("module")
                    .make(py)
                    .expect("made");
                let f = m.getattr(name).expect("function");
                g.set_item(&py.str(name).expect("str"), &f).expect("global");
            }
            let code = subinterp_compile::compile(
                PROGRAM,
                "calls_cases.py",
                subinterp_compile::Mode::Exec,
            )
            .expect("the cases compile");
            ts.exec(&code, &g).expect("the cases run");
            let n = py.int(N).expect("int");
            let mut group = c.benchmark_group("stdlib");
            group.throughput(Throughput::Elements(N as u64));
            for name in ["loop", "sqrt", "random"] {
                let f = g
                    .dict_get_str(&format!("bench_{name}"))
                    .expect("lookup")
                    .expect("defined");
                group.bench_function(name, |b| {
                    b.iter(|| {
                        ts.call(&f, Args::positional(std::slice::from_ref(&n)))
                            .expect("runs")
                    })
                });
            }
            group.finish();
        })
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
