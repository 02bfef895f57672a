//! Cell access for `MAKE_CELL`, `LOAD_DEREF`, `STORE_DEREF` and `DELETE_DEREF`.

use subinterp_object::{Obj, Py, PyErr, PyResult, exc};

use crate::function::{CELL, Cell, bind};

/// A new cell holding `value`.
pub(crate) fn new_cell<'py>(py: Py<'py>, value: Option<Obj<'py>>) -> PyResult<Obj<'py>> {
    py.new_native(
        &CELL,
        Cell {
            value: std::cell::RefCell::new(value.map(Obj::unbind)),
        },
    )
}

fn cell_of<'a>(cell: &'a Obj<'_>) -> PyResult<&'a Cell> {
    cell.native::<Cell>()
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "expected a cell"))
}

/// The content of `cell` (`None` when empty).
pub(crate) fn get<'py>(cell: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
    let c = cell_of(cell)?;
    let v = c.value.borrow();
    v.as_ref().map(|r| bind(r, cell.py())).transpose()
}

/// Sets (or, with `None`, empties) `cell`. The old content is released after the cell is
/// consistent again.
pub(crate) fn set<'py>(cell: &Obj<'py>, value: Option<Obj<'py>>) -> PyResult<()> {
    let c = cell_of(cell)?;
    let old = c.value.replace(value.map(Obj::unbind));
    if let Some(old) = old {
        old.release(cell.py());
    }
    Ok(())
}
