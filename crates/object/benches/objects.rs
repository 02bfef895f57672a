//! Create+drop costs of small objects and of a 32-key dict (the scaling workload's shape),
//! against the same work on `Rc` and `std` collections as a baseline, in the same run.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::collections::HashMap;
use std::hint::black_box;
use std::rc::Rc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use subinterp_object::{InterpId, Objects};
use subinterp_obmalloc::Heap;

/// The baseline's value type for the dict workload.
#[allow(dead_code)]
enum Value {
    Int(i64),
    Tuple(Vec<Rc<Value>>),
    List(Vec<Rc<Value>>),
}

fn small(c: &mut Criterion) {
    let objs = Objects::new(InterpId::new(0), Heap::new());
    let mut g = c.benchmark_group("small");
    // SAFETY: the benchmark thread is the only user of `objs`.
    unsafe {
        objs.with_gil(|py| {
            g.bench_function("int/object", |b| {
                b.iter(|| drop(black_box(py.int(black_box(1000)).unwrap())))
            });
            g.bench_function("str/object", |b| {
                b.iter(|| drop(black_box(py.str(black_box("key17")).unwrap())))
            });
            g.bench_function("tuple2/object", |b| {
                b.iter(|| {
                    let (x, y) = (
                        py.int(black_box(1000)).unwrap(),
                        py.int(black_box(1001)).unwrap(),
                    );
                    drop(black_box(py.tuple(&[x, y]).unwrap()))
                })
            });
        })
    };
    g.bench_function("int/rc", |b| {
        b.iter(|| drop(black_box(Rc::new(black_box(1000i64)))))
    });
    g.bench_function("str/rc", |b| {
        b.iter(|| drop(black_box(Rc::<str>::from(black_box("key17")))))
    });
    g.bench_function("tuple2/rc", |b| {
        b.iter(|| {
            let (x, y) = (Rc::new(black_box(1000i64)), Rc::new(black_box(1001i64)));
            drop(black_box(Rc::new((x, y))))
        })
    });
    g.finish();
}

fn dict32(c: &mut Criterion) {
    let keys: Vec<String> = (0..32).map(|j| format!("key{j}")).collect();
    let objs = Objects::new(InterpId::new(0), Heap::new());
    let mut g = c.benchmark_group("dict32");
    let i = 7i64;
    // SAFETY: the benchmark thread is the only user of `objs`.
    unsafe {
        objs.with_gil(|py| {
            g.bench_function("object", |b| {
                b.iter(|| {
                    let d = py.dict().unwrap();
                    for (j, k) in keys.iter().enumerate() {
                        let j = j as i64;
                        d.set_item(&py.str(k).unwrap(), &py.list_of((j, (j, i))).unwrap())
                            .unwrap();
                    }
                    drop(black_box(d))
                })
            });
        })
    };
    g.bench_function("std", |b| {
        b.iter(|| {
            let mut d: HashMap<Rc<str>, Rc<Value>> = HashMap::new();
            for (j, k) in keys.iter().enumerate() {
                let j = j as i64;
                let t = Rc::new(Value::Tuple(vec![
                    Rc::new(Value::Int(j)),
                    Rc::new(Value::Int(i)),
                ]));
                d.insert(
                    Rc::from(k.as_str()),
                    Rc::new(Value::List(vec![Rc::new(Value::Int(j)), t])),
                );
            }
            drop(black_box(d))
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
    targets = small, dict32
}
criterion_main!(benches);
