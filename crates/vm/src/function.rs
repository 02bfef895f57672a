//! Python function objects (`function`: code, globals, defaults, keyword defaults, closure,
//! name, qualname), cells, and code objects, as native classes of the object crate.
//!
//! Their fields are unbound references ([`ObjRef`]): a function outlives any one thread
//! state, and the loop binds a field back to its token when it uses it.

use std::cell::RefCell;
use std::sync::Arc;

use subinterp_compile::Code;
use subinterp_object::{Obj, ObjRef, Py, PyErr, PyResult, Slots, StaticType, Visit, exc};

/// A `def` or `lambda` made by `MAKE_FUNCTION`.
pub struct Function {
    /// The code the function runs.
    pub code: Arc<Code>,
    /// `__code__`: the code constant `MAKE_FUNCTION` took, so every access gives the same
    /// object (as CPython's `func_code`).
    pub code_obj: ObjRef,
    /// `__globals__`: the module namespace (a dict).
    pub globals: ObjRef,
    /// The builtins namespace (a dict) captured with the globals.
    pub builtins: ObjRef,
    /// `__defaults__`: a tuple, or `None`.
    pub defaults: Option<ObjRef>,
    /// `__kwdefaults__`: a dict, or `None`.
    pub kwdefaults: Option<ObjRef>,
    /// `__closure__`: a tuple of cells, or `None`.
    pub closure: Option<ObjRef>,
    /// `__name__` (the code's name until assigned).
    pub name: RefCell<Arc<str>>,
    /// `__qualname__`.
    pub qualname: RefCell<Arc<str>>,
    /// `__dict__`: attributes assigned to the function (`__wrapped__` and any other), made
    /// on first assignment.
    pub dict: RefCell<Option<ObjRef>>,
    /// `__doc__` and `__module__` once assigned (the code's docstring and the globals'
    /// `__name__` until then), and `__annotations__` (a dict, made empty on first read
    /// when the `def` had none).
    pub assigned: RefCell<[Option<ObjRef>; 3]>,
}

impl Function {
    /// A function running `code` (whose code object is `code_obj`) in `globals`, with no
    /// defaults, closure or assigned attributes; its names are the code's. Callers set the
    /// other fields with struct-update syntax, so a new field needs no edit at their sites.
    pub fn new(code: Arc<Code>, code_obj: ObjRef, globals: ObjRef, builtins: ObjRef) -> Function {
        Function {
            name: RefCell::new(code.name.clone()),
            qualname: RefCell::new(code.qualname.clone()),
            code,
            code_obj,
            globals,
            builtins,
            defaults: None,
            kwdefaults: None,
            closure: None,
            dict: RefCell::new(None),
            assigned: RefCell::new([None, None, None]),
        }
    }
}

/// `function`.
pub static FUNCTION: StaticType = StaticType::native("function", "builtins", &FUNCTION_SLOTS);
static FUNCTION_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(function_getattr),
    repr: Some(function_repr),
    traverse: Some(function_traverse),
    weakref: true,
    ..Slots::EMPTY
};

/// A cell: the shared variable of a closure (`LOAD_DEREF`/`STORE_DEREF`).
#[derive(Default)]
pub struct Cell {
    /// The content; `None` when empty (unbound).
    pub value: RefCell<Option<ObjRef>>,
}

/// `cell`.
pub static CELL: StaticType = StaticType::native("cell", "builtins", &CELL_SLOTS);
static CELL_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(cell_getattr),
    repr: Some(cell_repr),
    traverse: Some(cell_traverse),
    clear: Some(cell_clear),
    ..Slots::EMPTY
};

/// A code object constant (`Constant::Code`) made into an object.
pub struct CodeObj(pub Arc<Code>);

/// `code`.
pub static CODE: StaticType = StaticType::native("code", "builtins", &CODE_SLOTS);
static CODE_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(code_getattr),
    repr: Some(code_repr),
    weakref: true,
    ..Slots::EMPTY
};

/// Binds an unbound field to `py` (a `SystemError` if it belongs to another heap, which a
/// function of this interpreter never holds).
pub(crate) fn bind<'py>(r: &ObjRef, py: Py<'py>) -> PyResult<Obj<'py>> {
    r.bind(py)
        .map_err(|e| PyErr::new(&exc::SYSTEM_ERROR, e.to_string()))
}

fn opt<'py>(r: &Option<ObjRef>, py: Py<'py>) -> PyResult<Obj<'py>> {
    match r {
        Some(r) => bind(r, py),
        None => Ok(py.none()),
    }
}

/// The function's `__dict__`, made when `make` is set and none exists yet.
fn func_dict<'py>(f: &Obj<'py>, func: &Function, make: bool) -> PyResult<Option<Obj<'py>>> {
    let py = f.py();
    if let Some(d) = &*func.dict.borrow() {
        return bind(d, py).map(Some);
    }
    if !make {
        return Ok(None);
    }
    let d = py.dict()?;
    *func.dict.borrow_mut() = Some(d.to_ref());
    Ok(Some(d))
}

/// `f.name = v` (`del f.name` when `v` is `None`) for a function: `__name__` and
/// `__qualname__` (strings only, CPython's texts), the read-only fields, the rest in its
/// `__dict__`.
pub(crate) fn function_setattr<'py>(
    f: &Obj<'py>,
    name: &str,
    v: Option<&Obj<'py>>,
) -> PyResult<()> {
    let Some(func) = f.native::<Function>() else {
        return Err(PyErr::new(&exc::SYSTEM_ERROR, "not a function"));
    };
    match name {
        "__name__" | "__qualname__" => {
            let Some(s) = v.and_then(|v| v.as_str().map(Arc::<str>::from)) else {
                return Err(PyErr::type_error(format!(
                    "{name} must be set to a string object"
                )));
            };
            let cell = if name == "__name__" {
                &func.name
            } else {
                &func.qualname
            };
            *cell.borrow_mut() = s;
            Ok(())
        }
        "__annotations__" if v.is_some_and(|v| v.kind() != subinterp_object::Kind::Dict) => Err(
            PyErr::type_error("__annotations__ must be set to a dict object"),
        ),
        "__doc__" | "__module__" | "__annotations__" => {
            let i = match name {
                "__doc__" => 0,
                "__module__" => 1,
                _ => 2,
            };
            // A deleted `__doc__`/`__module__` reads `None`; deleted annotations read `{}`.
            func.assigned.borrow_mut()[i] = match v {
                Some(v) => Some(v.to_ref()),
                None if i == 2 => None,
                None => Some(f.py().none().unbind()),
            };
            Ok(())
        }
        "__code__" | "__globals__" | "__closure__" | "__builtins__" | "__defaults__"
        | "__kwdefaults__" => Err(PyErr::new(&exc::ATTRIBUTE_ERROR, "readonly attribute")),
        "__dict__" => match v {
            Some(d) if d.kind() == subinterp_object::Kind::Dict => {
                *func.dict.borrow_mut() = Some(d.to_ref());
                Ok(())
            }
            Some(d) => Err(PyErr::type_error(format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                d.type_name()
            ))),
            None => Err(PyErr::type_error("cannot delete __dict__")),
        },
        _ => {
            let py = f.py();
            let key = py.str(name)?;
            match v {
                Some(v) => func_dict(f, func, true)?
                    .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "no function dict"))?
                    .set_item(&key, v),
                None => {
                    let missing = || {
                        PyErr::new(
                            &exc::ATTRIBUTE_ERROR,
                            format!("'function' object has no attribute '{name}'"),
                        )
                    };
                    let d = func_dict(f, func, false)?.ok_or_else(missing)?;
                    if d.dict_get(&key)?.is_none() {
                        return Err(missing());
                    }
                    d.del_item(&key)
                }
            }
        }
    }
}

fn function_getattr<'py>(f: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let py = f.py();
    let func = f.native::<Function>()?;
    if name == "__dict__" {
        return Some(func_dict(f, func, true).map(|d| d.unwrap_or_else(|| py.none())));
    }
    match func_dict(f, func, false) {
        Ok(Some(d)) => match d.dict_get_str(name) {
            Ok(Some(v)) => return Some(Ok(v)),
            Ok(None) => {}
            Err(e) => return Some(Err(e)),
        },
        Ok(None) => {}
        Err(e) => return Some(Err(e)),
    }
    if let i @ (0..=2) = match name {
        "__doc__" => 0,
        "__module__" => 1,
        "__annotations__" => 2,
        _ => 3,
    } && let Some(v) = &func.assigned.borrow()[i]
    {
        return Some(bind(v, py));
    }
    if name == "__annotations__" {
        return Some(py.dict().inspect(|d| {
            func.assigned.borrow_mut()[2] = Some(d.to_ref());
        }));
    }
    Some(match name {
        "__name__" => py.str(&func.name.borrow()),
        "__qualname__" => py.str(&func.qualname.borrow()),
        "__defaults__" => opt(&func.defaults, py),
        "__kwdefaults__" => opt(&func.kwdefaults, py),
        "__closure__" => opt(&func.closure, py),
        "__globals__" => bind(&func.globals, py),
        "__code__" => bind(&func.code_obj, py),
        "__module__" => bind(&func.globals, py)
            .and_then(|g| g.dict_get_str("__name__"))
            .map(|m| m.unwrap_or_else(|| py.none())),
        // A `def` whose body starts with a string keeps it as its first constant.
        "__doc__" => match func.code.consts.first() {
            Some(subinterp_compile::Constant::Str(s)) if &*func.code.name != "<lambda>" => {
                py.str(s)
            }
            _ => Ok(py.none()),
        },
        _ => return None,
    })
}

/// The collector's view of a function: every reference it owns (none can be dropped: the
/// cycles it is part of are broken through its globals, closure cells or defaults).
fn function_traverse(f: &Obj<'_>, v: &mut Visit<'_>) {
    let Some(func) = f.native::<Function>() else {
        return;
    };
    v.obj_ref(&func.globals);
    v.obj_ref(&func.builtins);
    v.opt_ref(func.defaults.as_ref());
    v.opt_ref(func.kwdefaults.as_ref());
    v.opt_ref(func.closure.as_ref());
    if let Ok(d) = func.dict.try_borrow() {
        v.opt_ref(d.as_ref());
    }
    if let Ok(a) = func.assigned.try_borrow() {
        for r in a.iter() {
            v.opt_ref(r.as_ref());
        }
    }
}

fn cell_traverse(c: &Obj<'_>, v: &mut Visit<'_>) {
    if let Some(cell) = c.native::<Cell>()
        && let Ok(value) = cell.value.try_borrow()
    {
        v.opt_ref(value.as_ref());
    }
}

fn cell_clear(c: &Obj<'_>) {
    let old = c
        .native::<Cell>()
        .and_then(|cell| cell.value.try_borrow_mut().ok()?.take());
    if let Some(old) = old {
        old.release(c.py());
    }
}

fn function_repr(f: &Obj<'_>) -> PyResult<String> {
    let q = f
        .native::<Function>()
        .map(|func| func.qualname.borrow().clone())
        .unwrap_or_else(|| Arc::from("?"));
    Ok(format!("<function {q} at {:#x}>", f.id()))
}

fn cell_getattr<'py>(c: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let cell = c.native::<Cell>()?;
    (name == "cell_contents").then(|| match &*cell.value.borrow() {
        Some(v) => bind(v, c.py()),
        None => Err(PyErr::value_error("Cell is empty")),
    })
}

fn cell_repr(c: &Obj<'_>) -> PyResult<String> {
    let Some(cell) = c.native::<Cell>() else {
        return Ok(String::from("<cell>"));
    };
    Ok(match &*cell.value.borrow() {
        None => format!("<cell at {:#x}: empty>", c.id()),
        Some(v) => {
            let v = bind(v, c.py())?;
            format!(
                "<cell at {:#x}: {} object at {:#x}>",
                c.id(),
                v.type_name(),
                v.id()
            )
        }
    })
}

fn code_getattr<'py>(c: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let py = c.py();
    let code = &c.native::<CodeObj>()?.0;
    let names = |it: &mut dyn Iterator<Item = &Arc<str>>| -> PyResult<Obj<'py>> {
        let v = it.map(|n| py.str(n)).collect::<PyResult<Vec<_>>>()?;
        py.tuple(&v)
    };
    Some(match name {
        "co_name" => py.str(&code.name),
        "co_qualname" => py.str(&code.qualname),
        "co_filename" => py.str(&code.filename),
        "co_firstlineno" => py.int(i64::from(code.first_line)),
        "co_argcount" => py.int(i64::from(code.arg_count)),
        "co_posonlyargcount" => py.int(i64::from(code.posonly_count)),
        "co_kwonlyargcount" => py.int(i64::from(code.kwonly_count)),
        "co_flags" => py.int(i64::from(code.flags.0)),
        "co_varnames" => names(&mut code.varnames()),
        "co_cellvars" => names(&mut code.cellvars()),
        "co_freevars" => names(&mut code.freevars()),
        "co_names" => names(&mut code.names.iter()),
        _ => return None,
    })
}

fn code_repr(c: &Obj<'_>) -> PyResult<String> {
    let Some(code) = c.native::<CodeObj>() else {
        return Ok(String::from("<code>"));
    };
    Ok(format!(
        "<code object {} at {:#x}, file \"{}\", line {}>",
        code.0.name,
        c.id(),
        code.0.filename,
        code.0.first_line
    ))
}
