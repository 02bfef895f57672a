//! `object.__new__`'s refusal to instantiate an abstract class (CPython's `object_new` with
//! `Py_TPFLAGS_IS_ABSTRACT`): a class whose own `__abstractmethods__` is non-empty (what
//! `abc.ABCMeta` sets) cannot be instantiated.

use subinterp_object::types::TYPE;
use subinterp_object::{Obj, PyErr, PyResult, str_repr};

use crate::Tstate;

/// `TypeError: Can't instantiate abstract class X without an implementation for abstract
/// method 'f'` (`methods 'f', 'g'`, sorted) when `cls` is abstract.
///
/// CPython keeps a type flag, set when `__abstractmethods__` is assigned; here the class's own
/// dict is read, and only for classes of a metaclass other than `type` (every abstract class
/// of `abc` has one), so plain classes pay one pointer comparison.
pub(crate) fn refuse_abstract<'py>(ts: &mut Tstate<'py>, cls: &Obj<'py>) -> PyResult<()> {
    if cls.get_type().is(&TYPE.get(ts.py())) {
        return Ok(());
    }
    let Some(dict) = cls.type_dict() else {
        return Ok(());
    };
    let Some(methods) = dict.dict_get_str("__abstractmethods__")? else {
        return Ok(());
    };
    if !ts.is_true(&methods)? {
        return Ok(());
    }
    let it = ts.get_iter(&methods)?;
    let mut names = Vec::new();
    while let Some(m) = ts.next_item(&it)? {
        names.push(m.as_str().map(str::to_owned).unwrap_or_default());
    }
    names.sort();
    let names: Vec<String> = names.iter().map(|n| str_repr(n)).collect();
    let name = cls
        .getattr("__name__")
        .ok()
        .and_then(|n| n.as_str().map(str::to_owned))
        .unwrap_or_default();
    Err(PyErr::type_error(format!(
        "Can't instantiate abstract class {name} without an implementation for abstract method{} {}",
        if names.len() > 1 { "s" } else { "" },
        names.join(", ")
    )))
}
