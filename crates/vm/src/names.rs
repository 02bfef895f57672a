//! Name lookups of the loop: globals then builtins, deletion, and `from m import *`.

use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::frame::Frame;

/// `name` from the frame's globals, then its builtins (`NameError` when in neither).
#[inline]
pub(crate) fn load_global<'py>(f: &Frame<'py>, name: &Obj<'py>) -> PyResult<Obj<'py>> {
    if let Some(v) = f.globals.dict_get(name)? {
        return Ok(v);
    }
    if let Some(v) = f.builtins.dict_get(name)? {
        return Ok(v);
    }
    Err(name_error(name))
}

/// `NameError: name 'x' is not defined`.
pub(crate) fn name_error(name: &Obj<'_>) -> PyErr {
    PyErr::new(
        &exc::NAME_ERROR,
        format!(
            "name '{}' is not defined",
            name.as_str().unwrap_or_default()
        ),
    )
}

/// `del name` in a namespace dict.
pub(crate) fn delete<'py>(ns: &Obj<'py>, name: &Obj<'py>) -> PyResult<()> {
    match ns.dict_get(name)? {
        Some(_) => ns.del_item(name),
        None => Err(name_error(name)),
    }
}

/// `IMPORT_STAR`: `from m import *` into `locals`: the names of `m.__all__`, else every
/// name of `m.__dict__` not starting with an underscore (CPython's `import_all_from`).
pub(crate) fn import_star<'py>(
    ts: &mut Tstate<'py>,
    module: &Obj<'py>,
    locals: &Obj<'py>,
) -> PyResult<()> {
    let modname = || {
        if module.kind() == Kind::Module {
            module.module_name().unwrap_or_else(|_| String::from("?"))
        } else {
            String::from("?")
        }
    };
    let (names, from_all) = match module.getattr("__all__") {
        Ok(all) => (ts.collect(&all)?, true),
        Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => {
            if module.kind() != Kind::Module {
                return Err(PyErr::import_error(
                    "from-import-* object has no __dict__ and no __all__",
                    None,
                    None,
                ));
            }
            (module.module_dict()?.dict_keys()?, false)
        }
        Err(e) => return Err(e),
    };
    for name in names {
        let Some(text) = name.as_str() else {
            return Err(PyErr::type_error(format!(
                "{} in {}.{} must be str, not {}",
                if from_all { "Item" } else { "Key" },
                modname(),
                if from_all { "__all__" } else { "__dict__" },
                name.type_name()
            )));
        };
        if !from_all && text.starts_with('_') {
            continue;
        }
        let v = module.getattr(text)?;
        locals.set_item(&name, &v)?;
    }
    Ok(())
}
