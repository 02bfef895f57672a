//! The texts of argument-unpacking errors (`f(*x)`, `f(**x)`, `[*x]`), which name the
//! callee as CPython's `_PyObject_FunctionStr` does: `module.qualname()`, or `qualname()`
//! for the builtins.

use subinterp_object::{Kind, Obj, PyErr, exc};

use crate::builtin::Builtin;
use crate::call::MethodDescr;
use crate::function::{Function, bind};

/// How an error message names `callee`: `__main__.f()`, `print()`, `list.append()`.
pub(crate) fn function_str(callee: &Obj<'_>) -> String {
    if let Some(func) = callee.native::<Function>() {
        let module = bind(&func.globals, callee.py())
            .and_then(|g| g.dict_get_str("__name__"))
            .ok()
            .flatten()
            .and_then(|m| m.as_str().map(str::to_owned));
        let qualname = func.qualname.borrow();
        return match module {
            Some(m) if m != "builtins" => format!("{m}.{qualname}()"),
            _ => format!("{qualname}()"),
        };
    }
    if let Some(b) = callee.native::<Builtin>() {
        return match callee.native_held() {
            Some(s) => format!("{}.{}()", s.type_name(), b.def.name),
            None => format!("{}()", b.def.name),
        };
    }
    if let Some(m) = callee.native::<MethodDescr>() {
        return format!("{}.{}()", m.owner, m.def.name);
    }
    if callee.kind() == Kind::Type
        && let Ok(name) = callee.getattr("__qualname__").and_then(|n| n.str())
    {
        return format!("{name}()");
    }
    callee
        .str()
        .unwrap_or_else(|_| callee.type_name().to_owned())
}

/// `err`, or the `TypeError` `text()` when `err` is the plain "not iterable" error of `v`:
/// the contexts that iterate a value (`f(*v)`, `"".join(v)`, `l[a:b] = v`) each say it their
/// way; an error raised while iterating goes through unchanged, as in CPython.
pub(crate) fn not_iterable_as(err: PyErr, v: &Obj<'_>, text: impl FnOnce() -> String) -> PyErr {
    if err.is(&exc::TYPE_ERROR)
        && err.message() == format!("'{}' object is not iterable", v.type_name())
    {
        PyErr::type_error(text())
    } else {
        err
    }
}

/// `f(*v)` where `v` is not iterable: `__main__.f() argument after * must be an iterable,
/// not int`.
pub(crate) fn star_arg(err: PyErr, callee: &Obj<'_>, v: &Obj<'_>) -> PyErr {
    not_iterable_as(err, v, || {
        format!(
            "{} argument after * must be an iterable, not {}",
            function_str(callee),
            v.type_name()
        )
    })
}

/// `[*v]`, `(*v,)`, `f(1, *v)` where `v` is not iterable: `Value after * must be an
/// iterable, not int`.
pub(crate) fn value_after_star(err: PyErr, v: &Obj<'_>) -> PyErr {
    not_iterable_as(err, v, || {
        format!("Value after * must be an iterable, not {}", v.type_name())
    })
}
