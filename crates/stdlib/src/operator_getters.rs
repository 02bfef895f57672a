//! `operator.attrgetter`, `operator.itemgetter` and `operator.methodcaller`: callable
//! native classes with CPython's reprs (`operator.itemgetter(1, 'x')`) and texts.

use subinterp_object::{Kind, Obj, ObjRef, PyErr, PyResult, Slots, StaticType};
use subinterp_vm::{Args, NativeClass, Protocol, Tstate, bind_ref, ext_value, new_ext};

use crate::args::positional;

/// What a getter object does.
enum Getter {
    /// Dotted attribute paths, already split.
    Attr(Vec<Vec<String>>),
    /// Keys.
    Item(Vec<ObjRef>),
    /// A method name, its positional and keyword arguments.
    Method {
        name: String,
        args: Vec<ObjRef>,
        kw: Vec<(ObjRef, ObjRef)>,
    },
}

static SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: Some(repr),
    ..Slots::EMPTY
};
static ATTRGETTER: StaticType = StaticType::native("attrgetter", "operator", &SLOTS);
static ITEMGETTER: StaticType = StaticType::native("itemgetter", "operator", &SLOTS);
static METHODCALLER: StaticType = StaticType::native("methodcaller", "operator", &SLOTS);
static PROTO: Protocol = Protocol::callable(call);

/// The classes of this file.
pub(crate) static CLASSES: [NativeClass; 3] = [
    NativeClass {
        ty: &ATTRGETTER,
        new: attrgetter,
        class_methods: &[],
    },
    NativeClass {
        ty: &ITEMGETTER,
        new: itemgetter,
        class_methods: &[],
    },
    NativeClass {
        ty: &METHODCALLER,
        new: methodcaller,
        class_methods: &[],
    },
];

fn at_least_one<'a, 'py>(a: &Args<'a, 'py>, name: &str) -> PyResult<&'a [Obj<'py>]> {
    a.no_kw(name)?;
    if a.pos.is_empty() {
        return Err(PyErr::type_error(format!(
            "{name} expected 1 argument, got 0"
        )));
    }
    Ok(a.pos)
}

fn attrgetter<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let mut paths = Vec::new();
    for v in at_least_one(&a, "attrgetter")? {
        let Some(s) = v.as_str() else {
            return Err(PyErr::type_error("attribute name must be a string"));
        };
        paths.push(s.split('.').map(str::to_owned).collect());
    }
    new_ext(ts.py(), &ATTRGETTER, &PROTO, Getter::Attr(paths))
}

fn itemgetter<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let keys = at_least_one(&a, "itemgetter")?
        .iter()
        .map(Obj::to_ref)
        .collect();
    new_ext(ts.py(), &ITEMGETTER, &PROTO, Getter::Item(keys))
}

fn methodcaller<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let Some((name, rest)) = a.pos.split_first() else {
        return Err(PyErr::type_error(
            "methodcaller needs at least one argument, the method name",
        ));
    };
    let Some(name) = name.as_str() else {
        return Err(PyErr::type_error("method name must be a string"));
    };
    let g = Getter::Method {
        name: name.to_owned(),
        args: rest.iter().map(Obj::to_ref).collect(),
        kw: a.kw.iter().map(|(k, v)| (k.to_ref(), v.to_ref())).collect(),
    };
    new_ext(ts.py(), &METHODCALLER, &PROTO, g)
}

fn call<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let Some(g) = ext_value::<Getter>(o) else {
        return Err(PyErr::type_error("not a getter"));
    };
    let py = ts.py();
    let name = o.type_name().to_owned();
    let target = &positional(&a, &name, 1)?[0];
    match g {
        Getter::Attr(paths) => {
            let mut out = Vec::with_capacity(paths.len());
            for path in paths {
                let mut v = target.clone();
                for part in path {
                    v = ts.get_attr(&v, part)?;
                }
                out.push(v);
            }
            if out.len() == 1 {
                return Ok(out.swap_remove(0));
            }
            py.tuple(&out)
        }
        Getter::Item(keys) => {
            let mut out = Vec::with_capacity(keys.len());
            for k in keys {
                let k = bind_ref(k, py)?;
                out.push(ts.get_item(target, &k)?);
            }
            if out.len() == 1 {
                return Ok(out.swap_remove(0));
            }
            py.tuple(&out)
        }
        Getter::Method { name, args, kw } => {
            let m = ts.get_attr(target, name)?;
            let args = args
                .iter()
                .map(|r| bind_ref(r, py))
                .collect::<PyResult<Vec<_>>>()?;
            let kw = kw
                .iter()
                .map(|(k, v)| Ok((bind_ref(k, py)?, bind_ref(v, py)?)))
                .collect::<PyResult<Vec<_>>>()?;
            ts.call(
                &m,
                Args {
                    pos: &args,
                    kw: &kw,
                },
            )
        }
    }
}

fn repr(o: &Obj<'_>) -> PyResult<String> {
    let py = o.py();
    let Some(g) = ext_value::<Getter>(o) else {
        return Ok(format!("<operator.{} object>", o.type_name()));
    };
    let parts: Vec<String> = match g {
        Getter::Attr(paths) => paths
            .iter()
            .map(|p| py.str(&p.join("."))?.repr())
            .collect::<PyResult<_>>()?,
        Getter::Item(keys) => keys
            .iter()
            .map(|k| bind_ref(k, py)?.repr())
            .collect::<PyResult<_>>()?,
        Getter::Method { name, args, kw } => {
            let mut v = vec![py.str(name)?.repr()?];
            for a in args {
                v.push(bind_ref(a, py)?.repr()?);
            }
            for (k, val) in kw {
                let k = bind_ref(k, py)?;
                let key = if k.kind() == Kind::Str {
                    k.as_str().unwrap_or_default().to_owned()
                } else {
                    k.repr()?
                };
                v.push(format!("{key}={}", bind_ref(val, py)?.repr()?));
            }
            v
        }
    };
    Ok(format!("operator.{}({})", o.type_name(), parts.join(", ")))
}
