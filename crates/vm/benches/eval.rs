//! The loop's per-operation costs: a Python function call, a loop iteration
//! (`for i in range(n): x += i`), a global load, an attribute load (`m.x`, a module's
//! attribute) and a bound-method call (`l.append(1)`); the native fast paths `x + 7` on ints,
//! `l[1]` and `d["b"]`; `a + b` / `a == b` on instances of a class defining `__add__` /
//! `__eq__` (reached through its slot table); and on an instance of a class an attribute load
//! (`o.x`), a method call (`o.m()`) and an instance made and dropped (`Obj()`). Each is measured
//! over 1000 iterations of a Python loop (divide the time by 1000 for nanoseconds per
//! operation). The `alloc_*` cases make and drop one list, tuple or dict per iteration
//! (what the cycle collector's tracking must not slow down).
//! `benches/eval_cpython.py` runs the same functions under CPython for comparison.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use subinterp_object::{InterpId, Objects};
use subinterp_obmalloc::Heap;
use subinterp_vm::{Args, Capture, Tstate};

const PROGRAM: &str = include_str!("eval_cases.py");
const N: i64 = 1000;

fn bench(c: &mut Criterion) {
    let objs = Objects::new(InterpId::new(0), Heap::new());
    // SAFETY: this thread is the only one using `objs`.
    unsafe {
        objs.with_gil(|py| {
            let mut ts = Tstate::new(py, Box::new(Capture::new())).expect("thread state");
            let code =
                subinterp_compile::compile(PROGRAM, "eval_cases.py", subinterp_compile::Mode::Exec)
                    .expect("the cases compile");
            let g = ts.main_globals().expect("globals");
            // `m`: the module whose attribute `bench_attr_load` reads.
            let m = py.new_module("m").expect("module");
            let one = py.int(1).expect("int");
            m.module_dict()
                .and_then(|d| d.set_item(&py.str("x").expect("str"), &one))
                .expect("m.x");
            g.set_item(&py.str("m").expect("str"), &m)
                .expect("global m");
            ts.exec(&code, &g).expect("the cases run");
            let n = py.int(N).expect("int");
            let mut group = c.benchmark_group("vm");
            group.throughput(Throughput::Elements(N as u64));
            for name in [
                "call",
                "loop",
                "global_load",
                "attr_load",
                "method_call",
                "alloc_list",
                "alloc_tuple",
                "alloc_dict",
                "int_add",
                "list_index",
                "dict_get",
                "inst_add",
                "inst_eq",
                "inst_attr_load",
                "inst_method_call",
                "inst_create",
            ] {
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
