//! The `class` statement (`__build_class__`: metaclass selection, `__prepare__`, the body
//! run in the namespace, the `__class__` cell) and `type.__new__` (CPython's `type_new`:
//! bases, solid base and layout, C3, `__slots__`, `__qualname__`, `__set_name__`,
//! `__init_subclass__`).

use subinterp_object::heaptype::{BASETYPE, MANAGED_DICT};
use subinterp_object::types::{OBJECT, TYPE};
use subinterp_object::{Kind, Obj, PyErr, PyResult, TypeSpec, exc};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::descr::{CLASSMETHOD, MEMBER, Member, Property, STATICMETHOD, Wrapper};
use crate::function::{Cell, Function};
use crate::type_call::type_name;

/// `__build_class__` in builtins.
pub(crate) static BUILD_CLASS: BuiltinDef = BuiltinDef {
    name: "__build_class__",
    func: build_class,
};

fn build_class<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let [func, name, bases @ ..] = a.pos else {
        return Err(PyErr::type_error("__build_class__: not enough arguments"));
    };
    let Some(body) = func.native::<Function>() else {
        return Err(PyErr::type_error(
            "__build_class__: func must be a function",
        ));
    };
    if name.kind() != Kind::Str {
        return Err(PyErr::type_error("__build_class__: name is not a string"));
    }
    let mut meta = None;
    let mut kw = Vec::new();
    for (k, v) in a.kw {
        if k.as_str() == Some("metaclass") {
            meta = Some(v.clone());
        } else {
            kw.push((k.clone(), v.clone()));
        }
    }
    let orig_bases = py.tuple(bases)?;
    let resolved = update_bases(ts, bases, &orig_bases)?;
    let bases: &[Obj<'py>] = resolved.as_deref().unwrap_or(bases);
    let bases_t = match &resolved {
        Some(b) => py.tuple(b)?,
        None => orig_bases.clone(),
    };
    let meta = match meta {
        Some(m) if m.kind() != Kind::Type => m,
        Some(m) => calculate_meta(&m, bases)?,
        None => match bases.first() {
            Some(b) => calculate_meta(&b.get_type(), bases)?,
            None => TYPE.get(py),
        },
    };
    let prep = if meta.is(&TYPE.get(py)) {
        None
    } else {
        match ts.getattr(&meta, "__prepare__") {
            Ok(p) => Some(p),
            Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => None,
            Err(e) => return Err(e),
        }
    };
    let ns = if let Some(prep) = prep {
        let pos = [name.clone(), bases_t.clone()];
        let ns = ts.call(&prep, Args { pos: &pos, kw: &kw })?;
        if ns.kind() != Kind::Dict {
            let who = if meta.kind() == Kind::Type {
                type_name(&meta)
            } else {
                String::from("<metaclass>")
            };
            return Err(PyErr::type_error(format!(
                "{who}.__prepare__() must return a mapping, not {}",
                ns.type_name()
            )));
        }
        ns
    } else {
        py.dict()?
    };
    let mut frame = ts.function_frame(body, &[], &[])?;
    frame.locals = Some(ns.clone());
    let cell = ts.run_nested(frame)?;
    if resolved.is_some() {
        ns.set_item(&py.str("__orig_bases__")?, &orig_bases)?;
    }
    let pos = [name.clone(), bases_t, ns];
    let cls = ts.call(&meta, Args { pos: &pos, kw: &kw })?;
    if cls.kind() == Kind::Type && cell.native::<Cell>().is_some() {
        match crate::cells::get(&cell)? {
            Some(c) if c.is(&cls) => {}
            Some(c) => {
                return Err(PyErr::type_error(format!(
                    "__class__ set to {} defining '{}' as {}",
                    ts.repr(&c)?,
                    name.as_str().unwrap_or_default(),
                    ts.repr(&cls)?
                )));
            }
            None => {
                return Err(PyErr::new(
                    &exc::RUNTIME_ERROR,
                    format!(
                        "__class__ not set defining '{}' as {}. Was __classcell__ propagated to type.__new__?",
                        name.as_str().unwrap_or_default(),
                        ts.repr(&cls)?
                    ),
                ));
            }
        }
    }
    Ok(cls)
}

/// The bases after `__mro_entries__` (CPython's `update_bases`): each base that is not a class
/// and has the method is replaced by the items of the tuple it returns for `orig` (the bases
/// as written); `None` when no base has one.
fn update_bases<'py>(
    ts: &mut Tstate<'py>,
    bases: &[Obj<'py>],
    orig: &Obj<'py>,
) -> PyResult<Option<Vec<Obj<'py>>>> {
    let mut out: Option<Vec<Obj<'py>>> = None;
    for (i, b) in bases.iter().enumerate() {
        let entries = if b.kind() == Kind::Type {
            None
        } else {
            match ts.getattr(b, "__mro_entries__") {
                Ok(m) => Some(ts.call(&m, Args::positional(std::slice::from_ref(orig)))?),
                Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => None,
                Err(e) => return Err(e),
            }
        };
        match entries {
            Some(t) => {
                let Some(items) = t.tuple_items() else {
                    return Err(PyErr::type_error("__mro_entries__ must return a tuple"));
                };
                out.get_or_insert_with(|| bases[..i].to_vec()).extend(items);
            }
            None => {
                if let Some(v) = out.as_mut() {
                    v.push(b.clone());
                }
            }
        }
    }
    Ok(out)
}

/// Whether a call of `callee` with `pos` is `type(name, bases, ns)`, which reads its
/// caller's module name.
#[inline]
pub(crate) fn needs_module(callee: &Obj<'_>, pos: &[Obj<'_>]) -> bool {
    pos.len() == 3 && callee.kind() == Kind::Type && callee.is(&TYPE.get(callee.py()))
}

/// The most derived metaclass of `meta` and the classes of `bases` (CPython's
/// `_PyType_CalculateMetaclass`).
fn calculate_meta<'py>(meta: &Obj<'py>, bases: &[Obj<'py>]) -> PyResult<Obj<'py>> {
    let mut winner = meta.clone();
    for b in bases {
        let t = b.get_type();
        if winner.is_subclass(&t)? {
            continue;
        }
        if t.is_subclass(&winner)? {
            winner = t;
            continue;
        }
        return Err(PyErr::type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
        ));
    }
    Ok(winner)
}

/// Whether builtin class `t` may be subclassed.
fn acceptable_base(t: &Obj<'_>) -> bool {
    if t.is_heap_type() {
        return t.type_flags() & BASETYPE != 0 || t.type_dict().is_none();
    }
    match t.type_instance_kind() {
        Some(
            Kind::Object
            | Kind::Type
            | Kind::Int
            | Kind::Float
            | Kind::Str
            | Kind::Bytes
            | Kind::Tuple
            | Kind::List
            | Kind::Dict
            | Kind::Set
            | Kind::FrozenSet
            | Kind::Exception,
        ) => !crate::exc_group::is_group_type(t),
        _ => false,
    }
}

/// The class whose instance layout `t`'s instances extend (CPython's `solid_base`).
fn solid_base<'py>(t: &Obj<'py>) -> Obj<'py> {
    match t.type_base() {
        None => t.clone(),
        Some(b) => {
            let own_layout = t.type_nslots() > b.type_nslots()
                || (!t.is_heap_type() && t.type_instance_kind() != b.type_instance_kind());
            if own_layout {
                t.clone()
            } else {
                solid_base(&b)
            }
        }
    }
}

/// The base whose layout the new class extends (CPython's `best_base`).
pub(crate) fn best_base<'py>(bases: &[Obj<'py>]) -> PyResult<Obj<'py>> {
    let mut best: Option<(Obj<'py>, Obj<'py>)> = None;
    for b in bases {
        if !acceptable_base(b) {
            return Err(PyErr::type_error(format!(
                "type '{}' is not an acceptable base type",
                b.type_qualname().unwrap_or_default()
            )));
        }
        let s = solid_base(b);
        best = match best {
            None => Some((b.clone(), s)),
            Some((wb, ws)) => {
                if ws.is_subclass(&s)? {
                    Some((wb, ws))
                } else if s.is_subclass(&ws)? {
                    Some((b.clone(), s))
                } else {
                    return Err(PyErr::type_error(
                        "multiple bases have instance lay-out conflict",
                    ));
                }
            }
        };
    }
    best.map(|(b, _)| b)
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "no base"))
}

/// `type.__new__(mcs, name, bases, ns, **kwargs)`.
pub(crate) fn type_new<'py>(
    ts: &mut Tstate<'py>,
    mcs: &Obj<'py>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let [name, bases, ns] = a.pos else {
        return Err(PyErr::type_error(if mcs.is(&TYPE.get(py)) {
            String::from("type() takes 1 or 3 arguments")
        } else {
            format!(
                "type.__new__() takes exactly 3 arguments ({} given)",
                a.pos.len()
            )
        }));
    };
    for (i, (v, want)) in [(name, Kind::Str), (bases, Kind::Tuple), (ns, Kind::Dict)]
        .into_iter()
        .enumerate()
    {
        if v.kind() != want {
            let want = ["str", "tuple", "dict"][i];
            return Err(PyErr::type_error(format!(
                "type.__new__() argument {} must be {want}, not {}",
                i + 1,
                v.type_name()
            )));
        }
    }
    let mut bases_v = bases.tuple_items().unwrap_or_default();
    // The most derived metaclass; another `__new__` than this one takes over.
    let winner = calculate_meta(mcs, &bases_v)?;
    for b in &bases_v {
        if b.kind() != Kind::Type {
            return Err(PyErr::type_error(format!(
                "type.__new__() argument 2 must be tuple of types, not {}",
                b.type_name()
            )));
        }
    }
    if !winner.is(mcs)
        && let Some(new) = ts.type_lookup(&winner, "__new__")?
        && !crate::typeobj::is_def(&new, crate::type_call::type_new_def())
    {
        {
            let f = ts.descr_get(&new, None, &winner)?;
            let pos = crate::type_call::prepend(&winner, a.pos);
            return ts.call(
                &f,
                Args {
                    pos: &pos,
                    kw: a.kw,
                },
            );
        }
    }
    let mcs = winner;
    if bases_v.is_empty() {
        bases_v.push(OBJECT.get(py));
    }
    let base = best_base(&bases_v)?;
    let mro_tail = crate::mro::c3(&bases_v)?;
    let dict = ns.dict_copy()?;
    let qualname = match dict.dict_get_str("__qualname__")? {
        Some(q) if q.kind() == Kind::Str => {
            dict.dict_pop(&py.str("__qualname__")?)?;
            q
        }
        Some(q) => {
            return Err(PyErr::type_error(format!(
                "type __qualname__ must be a str, not {}",
                q.type_name()
            )));
        }
        None => name.clone(),
    };
    if dict.dict_get_str("__module__")?.is_none()
        && let Some(m) = ts.caller_module()?
    {
        dict.set_item(&py.str("__module__")?, &m)?;
    }
    if dict.dict_get_str("__doc__")?.is_none() {
        dict.set_item(&py.str("__doc__")?, &py.none())?;
    }
    let kind = base.type_instance_kind().unwrap_or(Kind::Object);
    let base_slots = base.type_nslots();
    let (own_slots, add_dict) = slots(ts, &dict, name, kind)?;
    let mut flags = BASETYPE;
    if own_slots.is_none() || add_dict || bases_v.iter().any(|b| b.type_flags() & MANAGED_DICT != 0)
    {
        flags |= MANAGED_DICT;
    }
    let own = own_slots.unwrap_or_default();
    let owner = name.as_str().unwrap_or_default().to_owned();
    for (i, s) in own.iter().enumerate() {
        let m = py.new_native(
            &MEMBER,
            Member {
                index: base_slots + i,
                name: s.clone(),
                owner: owner.clone(),
            },
        )?;
        dict.set_item(&py.str(s)?, &m)?;
    }
    for (n, wrap) in [
        ("__new__", &STATICMETHOD),
        ("__init_subclass__", &CLASSMETHOD),
        ("__class_getitem__", &CLASSMETHOD),
    ] {
        if let Some(f) = dict.dict_get_str(n)?
            && f.native::<Function>().is_some()
        {
            let w = py.new_native(wrap, Wrapper { func: f.unbind() })?;
            dict.set_item(&py.str(n)?, &w)?;
        }
    }
    let cell = match dict.dict_get_str("__classcell__")? {
        Some(c) if c.native::<Cell>().is_some() => {
            dict.dict_pop(&py.str("__classcell__")?)?;
            Some(c)
        }
        Some(c) => {
            return Err(PyErr::type_error(format!(
                "__classcell__ must be a nonlocal cell, not {}",
                ts.repr(&c.get_type())?
            )));
        }
        None => None,
    };
    let module = match dict.dict_get_str("__module__")? {
        Some(m) if m.kind() == Kind::Str => m,
        _ => py.str("builtins")?,
    };
    let cls = py.new_heap_type(TypeSpec {
        meta: &mcs,
        name,
        qualname: &qualname,
        module: &module,
        base: &base,
        bases: &py.tuple(&bases_v)?,
        mro_tail: &py.tuple(&mro_tail)?,
        dict: &dict,
        kind,
        flags,
        nslots: u32::try_from(base_slots + own.len()).unwrap_or(u32::MAX),
    })?;
    if let Some(c) = cell {
        crate::cells::set(&c, Some(cls.clone()))?;
    }
    set_names(ts, &cls, &dict)?;
    init_subclass(ts, &cls, a.kw)?;
    Ok(cls)
}

/// The `__slots__` names of a class body (`None` without `__slots__`) and whether
/// `__dict__` is among them.
fn slots<'py>(
    ts: &mut Tstate<'py>,
    dict: &Obj<'py>,
    name: &Obj<'py>,
    kind: Kind,
) -> PyResult<(Option<Vec<String>>, bool)> {
    let Some(s) = dict.dict_get_str("__slots__")? else {
        return Ok((None, false));
    };
    let items = if s.kind() == Kind::Str {
        vec![s]
    } else {
        ts.collect(&s)?
    };
    let mut names = Vec::new();
    let mut add_dict = false;
    for it in items {
        let Some(n) = it.as_str() else {
            return Err(PyErr::type_error(format!(
                "__slots__ items must be strings, not '{}'",
                it.type_name()
            )));
        };
        let valid = n
            .chars()
            .next()
            .is_some_and(|c| c == '_' || c.is_alphabetic())
            && n.chars().all(|c| c == '_' || c.is_alphanumeric());
        if !valid {
            return Err(PyErr::type_error("__slots__ must be identifiers"));
        }
        match n {
            "__dict__" => {
                if add_dict {
                    return Err(PyErr::type_error(
                        "__dict__ slot disallowed: we already got one",
                    ));
                }
                add_dict = true;
            }
            "__weakref__" => {}
            _ => {
                let mangled = mangle(name.as_str().unwrap_or_default(), n);
                if dict.dict_get_str(&mangled)?.is_some() {
                    return Err(PyErr::value_error(format!(
                        "'{n}' in __slots__ conflicts with class variable"
                    )));
                }
                names.push(mangled);
            }
        }
    }
    if !names.is_empty() && kind != Kind::Object {
        return Err(PyErr::type_error(format!(
            "nonempty __slots__ not supported for subtype of '{}'",
            kind_name(kind)
        )));
    }
    names.sort();
    Ok((Some(names), add_dict))
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Int | Kind::Bool => "int",
        Kind::Float => "float",
        Kind::Str => "str",
        Kind::Bytes => "bytes",
        Kind::Tuple => "tuple",
        Kind::List => "list",
        Kind::Dict => "dict",
        Kind::Set => "set",
        Kind::FrozenSet => "frozenset",
        Kind::Exception => "BaseException",
        _ => "object",
    }
}

/// Private name mangling of a slot name (`__x` in class `C` is `_C__x`).
fn mangle(class: &str, n: &str) -> String {
    if !n.starts_with("__") || n.ends_with("__") {
        return n.to_owned();
    }
    let c = class.trim_start_matches('_');
    if c.is_empty() {
        n.to_owned()
    } else {
        format!("_{c}{n}")
    }
}

/// `__set_name__(cls, name)` on every namespace value whose class defines it.
fn set_names<'py>(ts: &mut Tstate<'py>, cls: &Obj<'py>, dict: &Obj<'py>) -> PyResult<()> {
    for (k, v) in dict.dict_items()? {
        if let Some(p) = v.native::<Property>() {
            if p.name.borrow().is_none() {
                *p.name.borrow_mut() = Some(k.to_ref());
            }
            continue;
        }
        let t = v.get_type();
        if !t.is_heap_type() {
            continue;
        }
        if let Some(f) = ts.type_lookup(&t, "__set_name__")? {
            let f = ts.descr_get(&f, Some(&v), &t)?;
            ts.call(&f, Args::positional(&[cls.clone(), k]))?;
        }
    }
    Ok(())
}

/// `super(cls, cls).__init_subclass__(**kwargs)`.
fn init_subclass<'py>(
    ts: &mut Tstate<'py>,
    cls: &Obj<'py>,
    kw: &[(Obj<'py>, Obj<'py>)],
) -> PyResult<()> {
    let mro = cls.type_mro();
    let Some(f) = ts.lookup_in(&mro[1..], "__init_subclass__")? else {
        return Ok(());
    };
    let f = ts.descr_get(&f, None, cls)?;
    ts.call(&f, Args { pos: &[], kw })?;
    Ok(())
}
