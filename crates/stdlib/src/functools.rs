//! `functools`' native part (CPython's `_functools`): `reduce`, `partial` (a callable class
//! with `func`, `args`, `keywords`, nested partials flattened, CPython's repr) and
//! `cmp_to_key` (key objects comparing through the user's function). Registered as
//! `_functools`; the Python-source `functools` (`lib/functools.py`) re-exports them.

use subinterp_object::{Kind, Obj, ObjRef, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{
    Args, BuiltinDef, CmpOp, NativeClass, Protocol, Tstate, bind_ref, ext_value, new_ext,
    register_class,
};

use crate::StdModule;
use crate::args::add_functions;

/// `_functools`: the native part of `functools`.
pub(crate) const NATIVE_MODULE: StdModule = StdModule {
    name: "_functools",
    doc: "Tools that operate on functions.",
    exec,
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    add_functions(m, &FUNCTIONS)?;
    register_class(py, &PARTIAL_CLASS);
    m.setattr("partial", &PARTIAL.get(py))?;
    Ok(())
}

static FUNCTIONS: [BuiltinDef; 2] = [
    BuiltinDef {
        name: "reduce",
        func: reduce,
    },
    BuiltinDef {
        name: "cmp_to_key",
        func: cmp_to_key,
    },
];

fn reduce<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = a.between("reduce", 2, 3)?;
    let it = ts.get_iter(&v[1]).map_err(|e| {
        if e.is(&exc::TYPE_ERROR) {
            PyErr::type_error("reduce() arg 2 must support iteration")
        } else {
            e
        }
    })?;
    let mut acc = v.get(2).cloned();
    while let Some(x) = ts.next_item(&it)? {
        acc = Some(match acc {
            None => x,
            Some(r) => ts.call(&v[0], Args::positional(&[r, x]))?,
        });
    }
    acc.ok_or_else(|| PyErr::type_error("reduce() of empty iterable with no initial value"))
}

/// A `partial`: the function, the leading positional arguments, the keyword arguments.
struct Partial {
    func: ObjRef,
    args: ObjRef,
    keywords: ObjRef,
}

static PARTIAL_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(partial_getattr),
    repr: Some(partial_repr),
    traverse: Some(partial_traverse),
    ..Slots::EMPTY
};

/// The collector's view of a partial: its function, arguments and keywords (a cycle through
/// them is broken by clearing the list, dict or instance that closes it; the partial's own
/// references never change, as CPython's `partial_traverse` sees them).
fn partial_traverse(o: &Obj<'_>, v: &mut subinterp_object::Visit<'_>) {
    if let Some(p) = ext_value::<Partial>(o) {
        v.obj_ref(&p.func);
        v.obj_ref(&p.args);
        v.obj_ref(&p.keywords);
    }
}
static PARTIAL: StaticType = StaticType::native("partial", "functools", &PARTIAL_SLOTS);
static PARTIAL_CLASS: NativeClass = NativeClass {
    ty: &PARTIAL,
    new: partial_new,
    class_methods: &[],
};
static PARTIAL_PROTO: Protocol = Protocol::callable(partial_call);

fn partial_new<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let Some((func, rest)) = a.pos.split_first() else {
        return Err(PyErr::type_error(
            "type 'partial' takes at least one argument",
        ));
    };
    if !ts.is_callable(func) {
        return Err(PyErr::type_error("the first argument must be callable"));
    }
    let keywords = py.dict()?;
    let (func, mut args) = match ext_value::<Partial>(func) {
        // A partial of a partial is flattened into one.
        Some(inner) => {
            let d = bind_ref(&inner.keywords, py)?;
            keywords.dict_update(&d)?;
            (
                bind_ref(&inner.func, py)?,
                ts.to_vec(&bind_ref(&inner.args, py)?)?,
            )
        }
        None => (func.clone(), Vec::new()),
    };
    args.extend(rest.iter().cloned());
    for (k, v) in a.kw {
        keywords.set_item(k, v)?;
    }
    let p = Partial {
        func: func.unbind(),
        args: py.tuple(&args)?.unbind(),
        keywords: keywords.unbind(),
    };
    new_ext(py, &PARTIAL, &PARTIAL_PROTO, p)
}

fn partial_call<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let p = ext_value::<Partial>(o).ok_or_else(|| PyErr::type_error("not a partial"))?;
    let func = bind_ref(&p.func, py)?;
    let mut args = ts.to_vec(&bind_ref(&p.args, py)?)?;
    args.extend(a.pos.iter().cloned());
    let mut kw: Vec<(Obj<'py>, Obj<'py>)> = bind_ref(&p.keywords, py)?.dict_items()?;
    for (k, v) in a.kw {
        match kw.iter_mut().find(|(name, _)| name.as_str() == k.as_str()) {
            Some(slot) => slot.1 = v.clone(),
            None => kw.push((k.clone(), v.clone())),
        }
    }
    ts.call(
        &func,
        Args {
            pos: &args,
            kw: &kw,
        },
    )
}

fn partial_getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let p = ext_value::<Partial>(o)?;
    let r = match name {
        "func" => &p.func,
        "args" => &p.args,
        "keywords" => &p.keywords,
        _ => return None,
    };
    Some(bind_ref(r, o.py()))
}

fn partial_repr(o: &Obj<'_>) -> PyResult<String> {
    let py = o.py();
    let Some(p) = ext_value::<Partial>(o) else {
        return Ok(String::from("functools.partial(...)"));
    };
    let mut parts = vec![bind_ref(&p.func, py)?.repr()?];
    let args = bind_ref(&p.args, py)?;
    for i in 0..args.seq_len().unwrap_or(0) {
        if let Some(v) = args.seq_get(i) {
            parts.push(v.repr()?);
        }
    }
    for (k, v) in bind_ref(&p.keywords, py)?.dict_items()? {
        let key = match k.kind() {
            Kind::Str => k.as_str().unwrap_or_default().to_owned(),
            _ => k.repr()?,
        };
        parts.push(format!("{key}={}", v.repr()?));
    }
    Ok(format!("functools.partial({})", parts.join(", ")))
}

/// The callable `cmp_to_key` returns: it wraps objects in key objects.
struct KeyMaker {
    cmp: ObjRef,
}

/// A key object: the user's comparison function and the wrapped object.
struct Key {
    cmp: ObjRef,
    obj: ObjRef,
}

static KEY_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(key_getattr),
    repr: None,
    ..Slots::EMPTY
};
static KEY_WRAPPER: StaticType = StaticType::native("KeyWrapper", "functools", &KEY_SLOTS);
static MAKER_PROTO: Protocol = Protocol::callable(key_make);
static KEY_PROTO: Protocol = Protocol {
    compare: Some(key_compare),
    ..Protocol::NONE
};

fn cmp_to_key<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [mycmp] = a.bind("cmp_to_key", ["mycmp"], 1)?;
    let mycmp = mycmp.unwrap_or_else(|| ts.py().none());
    new_ext(
        ts.py(),
        &KEY_WRAPPER,
        &MAKER_PROTO,
        KeyMaker {
            cmp: mycmp.unbind(),
        },
    )
}

fn key_make<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let maker = ext_value::<KeyMaker>(o).ok_or_else(|| PyErr::type_error("not a key maker"))?;
    let [obj] = a.bind("K", ["obj"], 1)?;
    let py = ts.py();
    let obj = obj.unwrap_or_else(|| py.none());
    let key = Key {
        cmp: maker
            .cmp
            .clone_ref(py)
            .map_err(crate::itertools::bind_err)?,
        obj: obj.unbind(),
    };
    new_ext(py, &KEY_WRAPPER, &KEY_PROTO, key)
}

fn key_getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let k = ext_value::<Key>(o)?;
    (name == "obj").then(|| bind_ref(&k.obj, o.py()))
}

/// `a op b` for key objects: `mycmp(a.obj, b.obj) op 0`.
fn key_compare<'py>(
    ts: &mut Tstate<'py>,
    op: CmpOp,
    a: &Obj<'py>,
    b: &Obj<'py>,
) -> PyResult<Option<bool>> {
    let (Some(x), Some(y)) = (ext_value::<Key>(a), ext_value::<Key>(b)) else {
        return Err(PyErr::type_error("other argument must be K instance"));
    };
    let py = ts.py();
    let cmp = bind_ref(&x.cmp, py)?;
    let r = ts.call(
        &cmp,
        Args::positional(&[bind_ref(&x.obj, py)?, bind_ref(&y.obj, py)?]),
    )?;
    let zero = py.int(0)?;
    ts.compare(op, &r, &zero).map(Some)
}
