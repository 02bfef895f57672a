//! Raising: `raise`, `raise ... from ...`, bare `raise`, `except` matching, context chaining
//! and the texts of unbound variables.

use subinterp_compile::{Code, LocalKind};
use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::frame::Frame;

/// Sets `exc.__context__ = handled` (CPython's `_PyErr_SetObject`), first cutting a cycle
/// `exc` would close in `handled`'s context chain.
pub(crate) fn set_context<'py>(exc: &Obj<'py>, handled: &Obj<'py>) {
    if exc.is(handled) {
        return;
    }
    let mut o = handled.clone();
    while let Some(c) = o.exc_context() {
        if c.is(exc) {
            o.set_exc_context(None);
            break;
        }
        o = c;
    }
    exc.set_exc_context(Some(handled));
}

/// An exception instance from the operand of `raise`: an instance as is, a class called
/// with no arguments.
fn instance<'py>(v: &Obj<'py>, what: &str) -> PyResult<Obj<'py>> {
    match v.kind() {
        Kind::Exception => Ok(v.clone()),
        Kind::Type if v.is_subclass(&exc::BASE_EXCEPTION.get(v.py()))? => {
            let e = v.call(&[], &[])?;
            if e.kind() != Kind::Exception {
                return Err(PyErr::type_error(format!(
                    "calling {} should have returned an instance of BaseException, not {}",
                    v.repr()?,
                    e.type_name()
                )));
            }
            Ok(e)
        }
        _ => Err(PyErr::type_error(format!(
            "exception{what} must derive from BaseException"
        ))),
    }
}

/// `RAISE_VARARGS`: the error to raise for `raise` with `argc` operands.
pub(crate) fn raise_varargs<'py>(
    ts: &mut Tstate<'py>,
    f: &mut Frame<'py>,
    argc: usize,
) -> PyResult<PyErr> {
    match argc {
        0 => match ts.exc_info() {
            Some(e) => {
                ts.reraise = true;
                Ok(PyErr::from_value(&e))
            }
            None => Ok(PyErr::new(
                &exc::RUNTIME_ERROR,
                "No active exception to reraise",
            )),
        },
        1 => {
            let v = f.pop()?;
            Ok(PyErr::from_value(&instance(&v, "s")?))
        }
        _ => {
            let cause = f.pop()?;
            let v = f.pop()?;
            let e = instance(&v, "s")?;
            let cause = if cause.is_none() {
                None
            } else {
                Some(instance(&cause, " causes")?)
            };
            e.set_exc_cause(cause.as_ref());
            Ok(PyErr::from_value(&e))
        }
    }
}

/// `CHECK_EXC_MATCH`: whether `exc` is an instance of `ty` (a class or a tuple of classes),
/// with CPython's error when a class does not derive from `BaseException`.
pub(crate) fn exc_matches<'py>(e: &Obj<'py>, ty: &Obj<'py>) -> PyResult<bool> {
    let base = exc::BASE_EXCEPTION.get(e.py());
    let bad = || {
        PyErr::type_error("catching classes that do not inherit from BaseException is not allowed")
    };
    if ty.kind() == Kind::Tuple {
        let mut any = false;
        for t in ty.tuple_items().unwrap_or_default() {
            if t.kind() != Kind::Type || !t.is_subclass(&base)? {
                return Err(bad());
            }
            any |= crate::exc_group::instance_of(e, &t);
        }
        return Ok(any);
    }
    if ty.kind() != Kind::Type || !ty.is_subclass(&base)? {
        return Err(bad());
    }
    Ok(crate::exc_group::instance_of(e, ty))
}

fn slot_name(code: &Code, slot: usize) -> &str {
    code.localsplus_names.get(slot).map_or("?", |n| n)
}

/// `LOAD_FAST` of an unset local.
pub(crate) fn unbound_local(code: &Code, slot: usize) -> PyErr {
    PyErr::new(
        &exc::UNBOUND_LOCAL_ERROR,
        format!(
            "cannot access local variable '{}' where it is not associated with a value",
            slot_name(code, slot)
        ),
    )
}

/// `LOAD_DEREF` of an empty cell: a free variable's text, or a local's.
pub(crate) fn unbound_deref(code: &Code, slot: usize) -> PyErr {
    let free = code
        .localsplus_kinds
        .get(slot)
        .is_some_and(|k| k.has(LocalKind::FREE));
    if free {
        PyErr::new(
            &exc::NAME_ERROR,
            format!(
                "cannot access free variable '{}' where it is not associated with a value in enclosing scope",
                slot_name(code, slot)
            ),
        )
    } else {
        unbound_local(code, slot)
    }
}
