//! `BUILD_STRING` (f-string pieces, already `str`).

use subinterp_object::{Obj, Py, PyResult};

/// The concatenation of `pieces` (each a `str`).
pub(crate) fn concat<'py>(py: Py<'py>, pieces: &[Obj<'py>]) -> PyResult<Obj<'py>> {
    let mut s = String::new();
    for p in pieces {
        s.push_str(p.as_str().unwrap_or_default());
    }
    py.str(&s)
}
