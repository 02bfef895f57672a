//! `dict.__getitem__`, `__setitem__`, `__delitem__` and `__contains__` as methods, so a dict
//! subclass's own dunders (an enum's class namespace) can call the base's.

use subinterp_object::{Obj, PyErr, PyResult};

use crate::Tstate;
use crate::builtin::Args;
use crate::methods::this;
use crate::slots::Slot;

/// `dict.__getitem__(d, key)`: the stored value, else the subclass's `__missing__`, else
/// `KeyError` (never the subclass's own `__getitem__`).
pub(crate) fn getitem<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let d = this(slf)?;
    let key = &a.exactly("__getitem__", 1)?[0];
    if let Some(v) = d.dict_get_with(key, ts)? {
        return Ok(v);
    }
    match ts.call_slot(d, Slot::Missing, std::slice::from_ref(key))? {
        Some(v) => Ok(v),
        None => Err(PyErr::key_error(key)),
    }
}

/// `dict.__setitem__(d, key, value)`.
pub(crate) fn setitem<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let d = this(slf)?;
    let a = a.exactly("__setitem__", 2)?;
    d.dict_set_with(&a[0], &a[1], ts)?;
    Ok(ts.py().none())
}

/// `dict.__delitem__(d, key)`.
pub(crate) fn delitem<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let d = this(slf)?;
    let key = &a.exactly("__delitem__", 1)?[0];
    if d.dict_get_with(key, ts)?.is_none() {
        return Err(PyErr::key_error(key));
    }
    d.dict_del_with(key, ts)?;
    Ok(ts.py().none())
}

/// `dict.__contains__(d, key)`.
pub(crate) fn contains<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let d = this(slf)?;
    let key = &a.exactly("__contains__", 1)?[0];
    let found = d.dict_get_with(key, ts)?.is_some();
    Ok(ts.py().bool(found))
}
