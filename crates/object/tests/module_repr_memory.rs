//! `repr(module)` under allocation failure: `MemoryError`, never a made-up `'?'` name
//! (CPython's `importlib._bootstrap._module_repr` falls back to `'?'` only when `__name__` is
//! missing, i.e. on `AttributeError`).

use subinterp_object::{InterpId, Objects, Origin, PyResult};
use subinterp_obmalloc::{FailingSource, Heap};

#[test]
fn module_repr_under_allocation_failure_is_memory_error_or_the_right_text() {
    let src = FailingSource::os();
    // No arenas: every block is a raw allocation, so the raw budget counts each one.
    src.arena_budget(Some(0));
    let o = Objects::new(InterpId::new(1), Heap::with_source(src.clone()));
    // SAFETY: this test owns `o` and uses it from this thread only.
    let got = unsafe {
        o.with_gil(|py| -> PyResult<Vec<String>> {
            let m = py.new_module("m")?;
            m.set_module_origin(Origin::BuiltIn)?;
            let texts = (0..8)
                .map(|k| {
                    src.raw_budget(Some(k));
                    let r = m.repr();
                    src.raw_budget(None);
                    r.unwrap_or_else(|e| e.to_string())
                })
                .collect();
            Ok(texts)
        })
    }
    .expect("no error outside the budgeted reprs");
    assert_eq!(got[0], "MemoryError", "{got:?}");
    assert!(
        got.iter()
            .all(|t| t == "MemoryError" || t == "<module 'm' (built-in)>"),
        "{got:?}"
    );
    assert_eq!(got[7], "<module 'm' (built-in)>", "{got:?}");
    let closed = o.end().closed.expect("heap closed");
    assert!(closed.leaks.is_clean(), "{closed:?}");
    assert_eq!(closed.live_objects, 0);
}
