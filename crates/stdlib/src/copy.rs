//! `copy`: `copy` and `deepcopy` for the builtin types (CPython's `copy.py` dispatch:
//! immutable atoms come back as they are; lists, dicts, sets and byte arrays are copied;
//! `deepcopy` copies recursively with a memo, so shared and cyclic references stay shared,
//! and rebuilds a tuple only when one of its items changed). Other objects are copied
//! through their `__copy__`/`__deepcopy__` methods, else CPython's `TypeError: cannot
//! pickle 'X' object`.

use subinterp_object::{Kind, Obj, PyErr, PyResult};
use subinterp_vm::{Args, BuiltinDef, Tstate};

use crate::StdModule;
use crate::args::add_functions;

/// The `copy` module.
pub(crate) const MODULE: StdModule = StdModule {
    name: "copy",
    doc: "Generic (shallow and deep) copying operations.",
    exec,
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    add_functions(m, &FUNCTIONS)
}

/// Objects copied as themselves (CPython's `_copy_immutable` and the atomic types).
fn is_atomic(v: &Obj<'_>) -> bool {
    matches!(
        v.kind(),
        Kind::None
            | Kind::Bool
            | Kind::Int
            | Kind::Float
            | Kind::Str
            | Kind::Bytes
            | Kind::Type
            | Kind::FrozenSet
            | Kind::Module
    ) || matches!(
        v.type_name(),
        "function" | "builtin_function_or_method" | "range" | "slice" | "ellipsis" | "code"
    )
}

fn cannot(v: &Obj<'_>) -> PyErr {
    PyErr::type_error(format!("cannot pickle '{}' object", v.type_name()))
}

fn call_method<'py>(
    ts: &mut Tstate<'py>,
    v: &Obj<'py>,
    name: &str,
    args: &[Obj<'py>],
) -> PyResult<Option<Obj<'py>>> {
    match ts.get_attr(v, name) {
        Ok(m) => ts.call(&m, Args::positional(args)).map(Some),
        Err(e) if e.is(&subinterp_object::exc::ATTRIBUTE_ERROR) => Ok(None),
        Err(e) => Err(e),
    }
}

fn shallow<'py>(ts: &mut Tstate<'py>, v: &Obj<'py>) -> PyResult<Obj<'py>> {
    let py = ts.py();
    if is_atomic(v) || v.kind() == Kind::Tuple {
        return Ok(v.clone());
    }
    match v.kind() {
        Kind::List => py.list(&v.list_items().unwrap_or_default()),
        Kind::Dict => v.dict_copy(),
        Kind::Set => {
            let s = py.set()?;
            s.set_merge(v)?;
            Ok(s)
        }
        _ => call_method(ts, v, "__copy__", &[])?.ok_or_else(|| cannot(v)),
    }
}

fn copy<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let [x] = crate::pyargs::bind_function(&a, "copy", ["x"], 1)?;
    shallow(ts, x.as_ref().unwrap_or(&ts.py().none()))
}

fn deep<'py>(ts: &mut Tstate<'py>, v: &Obj<'py>, memo: &Obj<'py>) -> PyResult<Obj<'py>> {
    let py = ts.py();
    if is_atomic(v) {
        return Ok(v.clone());
    }
    let key = py.int(v.id() as i64)?;
    if let Some(done) = memo.dict_get(&key)? {
        return Ok(done);
    }
    let r = match v.kind() {
        Kind::List => {
            let out = py.list(&[])?;
            memo.set_item(&key, &out)?;
            for item in v.list_items().unwrap_or_default() {
                out.append(&deep(ts, &item, memo)?)?;
            }
            out
        }
        Kind::Dict => {
            let out = py.dict()?;
            memo.set_item(&key, &out)?;
            for (k, val) in v.dict_items()? {
                let (k, val) = (deep(ts, &k, memo)?, deep(ts, &val, memo)?);
                out.set_item(&k, &val)?;
            }
            out
        }
        Kind::Tuple => {
            let items = v.tuple_items().unwrap_or_default();
            let mut copied = Vec::with_capacity(items.len());
            for item in &items {
                copied.push(deep(ts, item, memo)?);
            }
            // A tuple that reached itself through its items was memoised meanwhile.
            if let Some(done) = memo.dict_get(&key)? {
                return Ok(done);
            }
            if copied.iter().zip(&items).all(|(c, i)| c.is(i)) {
                v.clone()
            } else {
                py.tuple(&copied)?
            }
        }
        Kind::Set => {
            let out = py.set()?;
            for item in v.set_items()? {
                out.set_add(&deep(ts, &item, memo)?)?;
            }
            out
        }
        _ => match call_method(ts, v, "__deepcopy__", std::slice::from_ref(memo))? {
            Some(r) => r,
            None => {
                let c = call_method(ts, v, "__copy__", &[])?.ok_or_else(|| cannot(v))?;
                // A container copied shallowly gets deep copies of its items.
                let n = ts.length(&c).unwrap_or(0);
                for i in 0..n {
                    let k = py.int(i as i64)?;
                    let item = ts.get_item(&c, &k)?;
                    let d = deep(ts, &item, memo)?;
                    ts.set_item(&c, &k, &d)?;
                }
                c
            }
        },
    };
    memo.set_item(&key, &r)?;
    Ok(r)
}

fn deepcopy<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [x, memo] = crate::pyargs::bind_function(&a, "deepcopy", ["x", "memo"], 1)?;
    let py = ts.py();
    let memo = match memo.filter(|m| !m.is_none()) {
        Some(m) => m,
        None => py.dict()?,
    };
    deep(ts, x.as_ref().unwrap_or(&py.none()), &memo)
}

static FUNCTIONS: [BuiltinDef; 2] = [
    BuiltinDef {
        name: "copy",
        func: copy,
    },
    BuiltinDef {
        name: "deepcopy",
        func: deepcopy,
    },
];
