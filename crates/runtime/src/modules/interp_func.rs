//! A Python function sent to another interpreter (`Interpreter.call(f, *args, **kwargs)` of
//! PEP 734 / CPython 3.14): its shared code (never re-compiled: the `Code` is process-wide),
//! name, defaults and the values of its closure cross as data, and the receiver makes a new
//! function over them whose globals are its own `__main__` (CPython 3.14's
//! `_PyFunction_GetXIData` does the same with marshalled code).

use std::cell::RefCell;
use std::sync::Arc;

use subinterp_compile::Code;
use subinterp_object::{Obj, Py, PyErr, PyResult};
use subinterp_vm::{CELL, CODE, Cell, CodeObj, FUNCTION, Function, Tstate};
use subinterp_xi::{ShareError, XiData, from_xi, to_xi_copy};

use crate::exec::share_pyerr;
use crate::modules::interpreters::RtNatives;

/// A function, detached from its interpreter.
pub(crate) struct FuncData {
    code: Arc<Code>,
    name: Arc<str>,
    qualname: Arc<str>,
    /// `__defaults__` (a tuple).
    defaults: Option<XiData>,
    /// `__kwdefaults__` (a dict).
    kwdefaults: Option<XiData>,
    /// The closure's cell contents, in the code's free-variable order (`None`: empty cell).
    closure: Option<Vec<Option<XiData>>>,
}

/// The data of `f`, a Python function of the caller, converted in the caller. A callable that
/// is not a Python function, or a default or closure value that cannot cross, is
/// `NotShareableError` (the latter naming the variable).
pub(crate) fn func_data(f: &Obj<'_>) -> PyResult<FuncData> {
    let py = f.py();
    let Some(func) = f.native::<Function>() else {
        return Err(share_pyerr(&not_shareable(f)));
    };
    let copy = |o: &Obj<'_>| to_xi_copy(o, &RtNatives).map_err(|e| share_pyerr(&e));
    let defaults = match &func.defaults {
        Some(d) => Some(copy(&bind(d, py)?)?),
        None => None,
    };
    let kwdefaults = match &func.kwdefaults {
        Some(d) => Some(copy(&bind(d, py)?)?),
        None => None,
    };
    let closure = match &func.closure {
        Some(cells) => {
            let cells = bind(cells, py)?.tuple_items().unwrap_or_default();
            let mut out = Vec::with_capacity(cells.len());
            for (cell, name) in cells.iter().zip(func.code.freevars()) {
                let value = cell
                    .native::<Cell>()
                    .and_then(|c| c.value.borrow().as_ref().map(|v| v.bind(py)));
                out.push(match value {
                    Some(v) => {
                        let v = v.map_err(|e| {
                            PyErr::new(&subinterp_object::exc::SYSTEM_ERROR, e.to_string())
                        })?;
                        Some(
                            to_xi_copy(&v, &RtNatives)
                                .map_err(|e| closure_error(&e, name, &func.qualname.borrow()))?,
                        )
                    }
                    None => None,
                });
            }
            Some(out)
        }
        None => None,
    };
    Ok(FuncData {
        code: func.code.clone(),
        name: func.name.borrow().clone(),
        qualname: func.qualname.borrow().clone(),
        defaults,
        kwdefaults,
        closure,
    })
}

fn bind<'py>(r: &subinterp_object::ObjRef, py: Py<'py>) -> PyResult<Obj<'py>> {
    r.bind(py)
        .map_err(|e| PyErr::new(&subinterp_object::exc::SYSTEM_ERROR, e.to_string()))
}

/// CPython's error for an object outside the shareable set.
fn not_shareable(o: &Obj<'_>) -> ShareError {
    match o.str() {
        Ok(repr) => ShareError::NotShareable { repr },
        Err(_) => ShareError::Unknown,
    }
}

/// A closure value that cannot cross: CPython's text, then the variable and the function.
fn closure_error(e: &ShareError, var: &str, func: &str) -> PyErr {
    let base = share_pyerr(e);
    PyErr::new(
        &crate::exec::NOT_SHAREABLE_ERROR,
        format!(
            "{} (closure variable '{var}' of function '{func}')",
            base.message()
        ),
    )
}

impl FuncData {
    /// The function made in the receiver `ts`, over its `__main__` namespace `globals`.
    pub(crate) fn build<'py>(&self, ts: &Tstate<'py>, globals: &Obj<'py>) -> PyResult<Obj<'py>> {
        let py = ts.py();
        let make = |d: &Option<XiData>| -> PyResult<Option<subinterp_object::ObjRef>> {
            d.as_ref()
                .map(|d| from_xi(py, d, &RtNatives).map(Obj::unbind))
                .transpose()
        };
        let closure = match &self.closure {
            Some(values) => {
                let mut cells = Vec::with_capacity(values.len());
                for v in values {
                    let value = v
                        .as_ref()
                        .map(|d| from_xi(py, d, &RtNatives).map(Obj::unbind))
                        .transpose()?;
                    cells.push(py.new_native(
                        &CELL,
                        Cell {
                            value: RefCell::new(value),
                        },
                    )?);
                }
                Some(py.tuple(&cells)?.unbind())
            }
            None => None,
        };
        let code_obj = py.new_native(&CODE, CodeObj(self.code.clone()))?;
        let func = Function {
            defaults: make(&self.defaults)?,
            kwdefaults: make(&self.kwdefaults)?,
            closure,
            name: RefCell::new(self.name.clone()),
            qualname: RefCell::new(self.qualname.clone()),
            ..Function::new(
                self.code.clone(),
                code_obj.unbind(),
                globals.to_ref(),
                ts.builtins().to_ref(),
            )
        };
        py.new_native(&FUNCTION, func)
    }
}
