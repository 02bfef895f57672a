//! Import benchmarks: a `sys.modules` hit, a multi-phase load in main, a single-phase load
//! rebuilt from the cached copy in a legacy sub-interpreter, and a multi-phase load in an
//! isolated sub-interpreter (its init function runs in main through a temporary thread state).

#[path = "../tests/common/mod.rs"]
mod common;

use common::Rt;
use std::time::Duration;

use criterion::Criterion;
use subinterp_import::{
    ImportConfig, ImportCx, Init, ModuleDef, MultiInterp, Size, Slot, create_module,
};
use subinterp_object::{Py, PyResult};

static MULTI: ModuleDef = ModuleDef {
    name: "multi",
    doc: None,
    methods: &[],
    size: Size::Zero,
    slots: Some(&[Slot::MultipleInterpreters(
        MultiInterp::PerInterpreterGilSupported,
    )]),
};

fn init_multi(_: Py<'_>) -> PyResult<Init<'_>> {
    Ok(Init::Def(&MULTI))
}

static SINGLE: ModuleDef = ModuleDef {
    name: "single",
    doc: None,
    methods: &[],
    size: Size::Legacy,
    slots: None,
};

fn init_single(py: Py<'_>) -> PyResult<Init<'_>> {
    let m = create_module(py, &SINGLE)?;
    for i in 0..8 {
        m.setattr(&format!("attr{i}"), &py.int(i)?)?;
    }
    Ok(Init::Module(m))
}

fn forget(py: Py<'_>, cx: &ImportCx<'_>, name: &str) {
    cx.state
        .modules(py)
        .unwrap()
        .del_item(&py.str(name).unwrap())
        .unwrap();
}

fn benches(c: &mut Criterion) {
    let mut cfg = ImportConfig::default();
    cfg.extensions
        .register("multi", "/bench/multi.so", init_multi);
    cfg.extensions
        .register("single", "/bench/single.so", init_single);
    let rt = Rt::new(cfg);
    rt.in_main(|py, cx| {
        cx.import(py, "single").unwrap();
        c.bench_function("import.sys_modules_hit", |b| {
            b.iter(|| cx.import(py, "single").unwrap())
        });
        c.bench_function("import.multi_phase.main", |b| {
            b.iter(|| {
                cx.import(py, "multi").unwrap();
                forget(py, cx, "multi");
            })
        });
    });
    let legacy = rt.legacy();
    rt.run(&legacy, |py, cx| {
        c.bench_function("import.single_phase_copy.legacy", |b| {
            b.iter(|| {
                cx.import(py, "single").unwrap();
                forget(py, cx, "single");
            })
        });
    });
    let isolated = rt.isolated();
    rt.run(&isolated, |py, cx| {
        c.bench_function("import.multi_phase.isolated_via_main", |b| {
            b.iter(|| {
                cx.import(py, "multi").unwrap();
                forget(py, cx, "multi");
            })
        });
    });
    rt.end(legacy);
    rt.end(isolated);
    rt.finalize();
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    benches(&mut c);
    c.final_summary();
}
