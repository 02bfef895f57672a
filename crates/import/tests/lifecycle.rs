//! Module lifetimes: modules an interpreter made are cleared at its end, and modules nothing
//! refers to any more are released along the way, so re-importing forever does not grow the
//! heap.

mod common;

use common::Rt;
use subinterp_import::{ImportConfig, Init, ModuleDef, MultiInterp, Size, Slot};
use subinterp_object::{Py, PyResult};

static PLAIN: ModuleDef = ModuleDef {
    name: "plain",
    doc: Some("no functions, so no cycle"),
    methods: &[],
    size: Size::Zero,
    slots: Some(&[Slot::MultipleInterpreters(
        MultiInterp::PerInterpreterGilSupported,
    )]),
};

fn init_plain(_: Py<'_>) -> PyResult<Init<'_>> {
    Ok(Init::Def(&PLAIN))
}

#[test]
fn reimporting_does_not_grow_the_heap() {
    let mut cfg = ImportConfig::default();
    cfg.extensions
        .register("plain", "/test/plain.so", init_plain);
    let rt = Rt::new(cfg);
    let sub = rt.isolated();
    rt.run(&sub, |py, cx| {
        let cycle = |cx: &mut subinterp_import::ImportCx<'_>| {
            cx.import(py, "plain").unwrap();
            let modules = cx.state.modules(py).unwrap();
            modules.del_item(&py.str("plain").unwrap()).unwrap();
        };
        for _ in 0..10 {
            cycle(cx);
        }
        let before = py.live_objects();
        for _ in 0..2000 {
            cycle(cx);
        }
        let grown = py.live_objects().saturating_sub(before);
        // One module is a handful of objects; without releasing, 2000 cycles would keep
        // tens of thousands alive. Releasing happens each time the list doubles.
        assert!(grown < 2000, "grew by {grown} objects");
    });
    let closed = rt.end(sub).closed.unwrap();
    assert_eq!(closed.live_objects, 0);
    rt.finalize();
}
