//! Calling a class (CPython's `type_call`: `__new__`, then `__init__` when the result is an
//! instance of the class), `object.__new__`/`object.__init__` with their excess-argument
//! rules, and the method tables of `object` and `type` that classes inherit.

use subinterp_object::types::{
    BYTES, DICT, FLOAT, FROZENSET, INT, LIST, OBJECT, SET, STR, TUPLE, TYPE,
};
use subinterp_object::{Kind, Obj, PyErr, PyResult, StaticType, exc};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::methods::this;
use crate::typeobj::{ClassExtras, is_def};

use crate::methods::defs;

defs! { OBJECT_METHODS:
    "__init__" => object_init,
    "__getattribute__" => object_getattribute,
    "__setattr__" => object_setattr,
    "__delattr__" => object_delattr,
    "__repr__" => object_repr,
    "__str__" => object_str,
    "__eq__" => object_eq,
    "__ne__" => object_ne,
    "__hash__" => object_hash,
}

defs! { OBJECT_CLASSMETHODS:
    "__init_subclass__" => object_init_subclass,
}

static OBJECT_NEW: BuiltinDef = BuiltinDef {
    name: "__new__",
    func: object_new,
};

defs! { TYPE_METHODS:
    "__call__" => type_call_method,
    "__init__" => type_init,
    "mro" => type_mro,
    "__subclasses__" => type_subclasses,
    "__instancecheck__" => type_instancecheck,
    "__subclasscheck__" => type_subclasscheck,
}

defs! { TYPE_CLASSMETHODS:
    "__prepare__" => type_prepare,
}

static TYPE_NEW: BuiltinDef = BuiltinDef {
    name: "__new__",
    func: type_new_entry,
};

defs! { EXC_METHODS:
    "__init__" => exc_init,
    "__str__" => exc_str,
    "with_traceback" => exc_with_traceback,
    "add_note" => exc_add_note,
}

static EXC_NEW: BuiltinDef = BuiltinDef {
    name: "__new__",
    func: exc_new,
};

static BUILTIN_NEW: BuiltinDef = BuiltinDef {
    name: "__new__",
    func: builtin_new,
};

defs! { LIST_EXTRAS:
    "__init__" => list_init,
}

defs! { DICT_EXTRAS:
    "__init__" => dict_init,
}

defs! { SET_EXTRAS:
    "__init__" => set_init,
}

/// The builtin classes that classes may subclass besides `object`, `type` and the
/// exceptions: their `__new__` is [`builtin_new`].
static VALUE_TYPES: [&StaticType; 9] = [
    &INT, &FLOAT, &STR, &BYTES, &TUPLE, &LIST, &DICT, &SET, &FROZENSET,
];

/// What builtin class `t` defines for classes to inherit, beyond `methods.rs`'s tables.
pub(crate) fn extras(t: &Obj<'_>) -> Option<ClassExtras> {
    let py = t.py();
    if let Some(st) = VALUE_TYPES.iter().find(|s| t.is(&s.get(py))) {
        let methods: &'static [BuiltinDef] = if std::ptr::eq(*st, &LIST) {
            LIST_EXTRAS
        } else if std::ptr::eq(*st, &DICT) {
            DICT_EXTRAS
        } else if std::ptr::eq(*st, &SET) {
            SET_EXTRAS
        } else {
            &[]
        };
        return Some(ClassExtras {
            methods,
            classmethods: &[],
            new: Some(&BUILTIN_NEW),
        });
    }
    if t.is(&OBJECT.get(py)) {
        return Some(ClassExtras {
            methods: OBJECT_METHODS,
            classmethods: OBJECT_CLASSMETHODS,
            new: Some(&OBJECT_NEW),
        });
    }
    if t.is(&TYPE.get(py)) {
        return Some(ClassExtras {
            methods: TYPE_METHODS,
            classmethods: TYPE_CLASSMETHODS,
            new: Some(&TYPE_NEW),
        });
    }
    if t.is(&exc::BASE_EXCEPTION.get(py)) {
        return Some(ClassExtras {
            methods: EXC_METHODS,
            classmethods: &[],
            new: Some(&EXC_NEW),
        });
    }
    None
}

/// Whether a method descriptor of builtin class `owner` (one of this module's) applies to
/// `slf`.
pub(crate) fn descr_applies(owner: &str, slf: &Obj<'_>) -> bool {
    match owner {
        "object" => true,
        "type" => slf.kind() == Kind::Type,
        "BaseException" => slf.kind() == Kind::Exception,
        "list" => slf.kind() == Kind::List,
        "dict" => slf.kind() == Kind::Dict,
        "set" => slf.kind() == Kind::Set,
        _ => false,
    }
}

/// `object`'s method `name` (`__getattribute__`, `__setattr__`, ...), to tell a class that
/// overrides it from one that inherits it.
pub(crate) fn object_method(name: &str) -> Option<&'static BuiltinDef> {
    OBJECT_METHODS.iter().find(|d| d.name == name)
}

/// `type.__new__`'s definition (a metaclass whose `__new__` is this one defers to it).
pub(crate) fn type_new_def() -> &'static BuiltinDef {
    &TYPE_NEW
}

/// The name of builtin class `t` for method-descriptor texts.
pub(crate) fn static_name(t: &Obj<'_>) -> &'static str {
    let py = t.py();
    [&OBJECT, &TYPE, &exc::BASE_EXCEPTION, &LIST, &DICT, &SET]
        .into_iter()
        .find(|s| t.is(&s.get(py)))
        .map_or("object", |s: &'static StaticType| s.name())
}

/// `cls(*args, **kwargs)` for a class made at run time, or any class whose metaclass is:
/// the metaclass's `__call__` when it defines one, else `type.__call__`.
pub(crate) fn call_class<'py>(
    ts: &mut Tstate<'py>,
    cls: &Obj<'py>,
    args: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let meta = cls.get_type();
    if meta.is_heap_type()
        && let Some(call) = ts.type_lookup(&meta, "__call__")?
        && !is_def(&call, &TYPE_METHODS[0])
    {
        let bound = ts.descr_get(&call, Some(cls), &meta)?;
        return ts.call(&bound, args);
    }
    type_call(ts, cls, args)
}

/// `type.__call__(cls, *args, **kwargs)`.
pub(crate) fn type_call<'py>(
    ts: &mut Tstate<'py>,
    cls: &Obj<'py>,
    args: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    if cls.is(&TYPE.get(py)) && args.pos.len() == 1 && args.kw.is_empty() {
        return Ok(args.pos[0].get_type());
    }
    let new = ts.type_lookup(cls, "__new__")?;
    let obj = match &new {
        None => object_new_for(ts, cls, args)?,
        Some(n) if is_def(n, &OBJECT_NEW) => object_new_for(ts, cls, args)?,
        Some(n) => {
            let f = ts.descr_get(n, None, cls)?;
            let pos = prepend(cls, args.pos);
            ts.call(
                &f,
                Args {
                    pos: &pos,
                    kw: args.kw,
                },
            )?
        }
    };
    if !obj.is_instance_of(cls) {
        return Ok(obj);
    }
    let Some(init) = ts.type_lookup(cls, "__init__")? else {
        return Ok(obj);
    };
    if is_def(&init, &OBJECT_METHODS[0]) {
        // `object_init`: excess arguments were refused by `object_new` already, unless
        // `__new__` is overridden, in which case they are allowed.
        return Ok(obj);
    }
    let bound = ts.descr_get(&init, Some(&obj), &obj.get_type())?;
    let r = ts.call(&bound, args)?;
    if !r.is_none() {
        return Err(PyErr::type_error(format!(
            "__init__() should return None, not '{}'",
            r.type_name()
        )));
    }
    Ok(obj)
}

/// `[first, *rest]`.
pub(crate) fn prepend<'py>(first: &Obj<'py>, rest: &[Obj<'py>]) -> Vec<Obj<'py>> {
    let mut v = Vec::with_capacity(rest.len() + 1);
    v.push(first.clone());
    v.extend(rest.iter().cloned());
    v
}

fn excess(args: &Args<'_, '_>) -> bool {
    !args.pos.is_empty() || !args.kw.is_empty()
}

/// `object.__new__(cls, *args, **kwargs)` (CPython's `object_new`).
fn object_new_for<'py>(
    ts: &mut Tstate<'py>,
    cls: &Obj<'py>,
    args: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    if excess(&args) {
        let new = ts.type_lookup(cls, "__new__")?;
        if !new.as_ref().is_some_and(|n| is_def(n, &OBJECT_NEW)) {
            return Err(PyErr::type_error(
                "object.__new__() takes exactly one argument (the type to instantiate)",
            ));
        }
        let init = ts.type_lookup(cls, "__init__")?;
        if init.as_ref().is_some_and(|i| is_def(i, &OBJECT_METHODS[0])) {
            return Err(PyErr::type_error(format!(
                "{}() takes no arguments",
                type_name(cls)
            )));
        }
    }
    crate::abstract_new::refuse_abstract(ts, cls)?;
    instantiate(ts, cls, args)
}

/// A new instance of `cls` laid out as its builtin base requires.
fn instantiate<'py>(
    ts: &mut Tstate<'py>,
    cls: &Obj<'py>,
    args: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    match cls.type_instance_kind() {
        Some(Kind::Object) => py.new_object(cls),
        Some(Kind::Exception) => py.new_exception(cls, args.pos),
        Some(Kind::List) => py.list_typed(cls),
        Some(Kind::Dict) => py.dict_typed(cls),
        Some(Kind::Set) => py.set_typed(cls),
        _ => Err(PyErr::type_error(format!(
            "object.__new__({}) is not safe, use {}.__new__()",
            type_name(cls),
            type_name(cls)
        ))),
    }
}

/// `__name__` of a class.
pub(crate) fn type_name(cls: &Obj<'_>) -> String {
    cls.getattr("__name__")
        .ok()
        .and_then(|n| n.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The class argument of a `__new__` (`X.__new__(X)`), with CPython's texts.
fn new_cls<'a, 'py>(owner: &str, args: &Args<'a, 'py>) -> PyResult<(&'a Obj<'py>, Args<'a, 'py>)> {
    let Some((cls, rest)) = args.pos.split_first() else {
        return Err(PyErr::type_error(format!(
            "{owner}.__new__(): not enough arguments"
        )));
    };
    if cls.kind() != Kind::Type {
        return Err(PyErr::type_error(format!(
            "{owner}.__new__(X): X is not a type object ({})",
            cls.type_name()
        )));
    }
    Ok((
        cls,
        Args {
            pos: rest,
            kw: args.kw,
        },
    ))
}

fn object_new<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (cls, rest) = new_cls("object", &a)?;
    if !cls.is_subclass(&OBJECT.get(ts.py()))? {
        return Err(PyErr::type_error(
            "object.__new__(X): X is not a subtype of object",
        ));
    }
    object_new_for(ts, cls, rest)
}

fn object_init<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let o = this(slf)?;
    if excess(&a) {
        let ty = o.get_type();
        let init = ts.type_lookup(&ty, "__init__")?;
        if !init.as_ref().is_some_and(|i| is_def(i, &OBJECT_METHODS[0])) {
            return Err(PyErr::type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
        let new = ts.type_lookup(&ty, "__new__")?;
        if new.as_ref().is_some_and(|n| is_def(n, &OBJECT_NEW)) {
            return Err(PyErr::type_error(format!(
                "{}.__init__() takes exactly one argument (the instance to initialize)",
                type_name(&ty)
            )));
        }
    }
    Ok(ts.py().none())
}

fn name_arg<'a, 'py>(a: &'a [Obj<'py>], what: &str) -> PyResult<&'a str> {
    a[0].as_str().ok_or_else(|| {
        PyErr::type_error(format!(
            "attribute name must be string, not '{}'",
            if what.is_empty() {
                a[0].type_name()
            } else {
                what
            }
        ))
    })
}

fn object_getattribute<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let o = this(slf)?;
    let a = a.exactly("__getattribute__", 1)?;
    let name = name_arg(a, "")?;
    crate::generic_attr::generic_getattr(ts, o, name, false)
}

fn object_setattr<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let o = this(slf)?;
    let a = a.exactly("__setattr__", 2)?;
    let name = name_arg(a, "")?;
    crate::generic_attr::generic_setattr(ts, o, name, Some(&a[1]))?;
    Ok(ts.py().none())
}

fn object_delattr<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let o = this(slf)?;
    let a = a.exactly("__delattr__", 1)?;
    let name = name_arg(a, "")?;
    crate::generic_attr::generic_setattr(ts, o, name, None)?;
    Ok(ts.py().none())
}

fn object_repr<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let o = this(slf)?;
    a.exactly("__repr__", 0)?;
    // `tuple.__repr__(self)` / `int.__repr__(self)` in a subclass's `__repr__` reach this
    // shared definition: an instance of a builtin layout gets its builtin repr.
    if matches!(
        o.kind(),
        Kind::Int | Kind::Float | Kind::Str | Kind::Bytes | Kind::Tuple | Kind::List | Kind::Dict
    ) {
        let text = o.repr_with(ts)?;
        return ts.py().str(&text);
    }
    let ty = o.get_type();
    let module = ty.getattr("__module__").ok();
    let q = ty.type_qualname().unwrap_or_default();
    let text = match module.as_ref().and_then(|m| m.as_str()) {
        Some(m) if m != "builtins" => format!("<{m}.{q} object at {:#x}>", o.id()),
        _ => format!("<{q} object at {:#x}>", o.id()),
    };
    ts.py().str(&text)
}

fn object_str<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let o = this(slf)?;
    a.exactly("__str__", 0)?;
    let s = ts.repr(o)?;
    ts.py().str(&s)
}

fn object_eq<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let o = this(slf)?;
    let a = a.exactly("__eq__", 1)?;
    let py = ts.py();
    Ok(if o.is(&a[0]) {
        py.bool(true)
    } else {
        ts.not_implemented.clone()
    })
}

fn object_ne<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let o = this(slf)?;
    let a = a.exactly("__ne__", 1)?;
    let py = ts.py();
    // `object.__ne__`: the inverse of `__eq__` unless that is `NotImplemented`.
    let eq = ts.lookup_special(o, "__eq__")?;
    let r = match eq {
        Some(eq) => ts.call(&eq, Args::positional(&a[..1]))?,
        None => ts.not_implemented.clone(),
    };
    if r.is(&ts.not_implemented) {
        return Ok(r);
    }
    Ok(py.bool(!ts.truthy(&r)?))
}

fn object_hash<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let o = this(slf)?;
    a.exactly("__hash__", 0)?;
    ts.py().int(subinterp_object::hash_pointer(o.id()))
}

fn object_init_subclass<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let cls = this(slf)?;
    if !a.kw.is_empty() || !a.pos.is_empty() {
        return Err(PyErr::type_error(format!(
            "{}.__init_subclass__() takes no keyword arguments",
            type_name(cls)
        )));
    }
    Ok(ts.py().none())
}

fn type_call_method<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let cls = this(slf)?;
    type_call(ts, cls, a)
}

fn type_init<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    if a.pos.len() != 1 && a.pos.len() != 3 {
        return Err(PyErr::type_error("type.__init__() takes 1 or 3 arguments"));
    }
    Ok(ts.py().none())
}

fn type_mro<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let cls = this(slf)?;
    a.exactly("mro", 0)?;
    ts.py().list_from(cls.type_mro())
}

fn type_subclasses<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let cls = this(slf)?;
    a.exactly("__subclasses__", 0)?;
    ts.py().list_from(cls.type_subclasses())
}

fn type_instancecheck<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let cls = this(slf)?;
    let a = a.exactly("__instancecheck__", 1)?;
    Ok(ts.py().bool(crate::exc_group::instance_of(&a[0], cls)))
}

fn type_subclasscheck<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let cls = this(slf)?;
    let a = a.exactly("__subclasscheck__", 1)?;
    if a[0].kind() != Kind::Type {
        return Err(PyErr::type_error("issubclass() arg 1 must be a class"));
    }
    let r = a[0].is_subclass(cls)? || crate::exc_group::subclass_of(&a[0], cls)?;
    Ok(ts.py().bool(r))
}

fn type_prepare<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    ts.py().dict()
}

/// `type.__new__(mcs, ...)`: `type(x)`, or a new class from `(name, bases, ns)`.
fn type_new_entry<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (mcs, rest) = new_cls("type", &a)?;
    if !mcs.is_subclass(&TYPE.get(ts.py()))? {
        return Err(PyErr::type_error(format!(
            "type.__new__({}): {} is not a subtype of type",
            type_name(mcs),
            type_name(mcs)
        )));
    }
    if mcs.is(&TYPE.get(ts.py())) && rest.pos.len() == 1 && rest.kw.is_empty() {
        return Ok(rest.pos[0].get_type());
    }
    crate::build_class::type_new(ts, mcs, rest)
}

fn exc_new<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (cls, rest) = new_cls("BaseException", &a)?;
    if !cls.is_subclass(&exc::BASE_EXCEPTION.get(ts.py()))? {
        return Err(PyErr::type_error(format!(
            "BaseException.__new__({}): {} is not a subtype of BaseException",
            type_name(cls),
            type_name(cls)
        )));
    }
    ts.py().new_exception(cls, rest.pos)
}

fn exc_init<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let e = this(slf)?;
    if !a.kw.is_empty() {
        return Err(PyErr::type_error(format!(
            "{}() takes no keyword arguments",
            e.type_name()
        )));
    }
    e.set_exception_args(&ts.py().tuple(a.pos)?)?;
    Ok(ts.py().none())
}

/// `BaseException.__str__(e)`, also when reached explicitly (`super().__str__()` in a subclass
/// that overrides it): the message, not `object.__str__`'s repr.
fn exc_str<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let e = this(slf)?;
    a.exactly("__str__", 0)?;
    if e.kind() != Kind::Exception {
        return Err(PyErr::type_error(format!(
            "descriptor '__str__' requires a 'BaseException' object but received a '{}'",
            e.type_name()
        )));
    }
    ts.py().str(&e.str()?)
}

/// The builtin class whose layout the instances of `cls` have (`int` for a subclass of it).
fn builtin_base<'py>(cls: &Obj<'py>) -> Option<Obj<'py>> {
    cls.type_mro().into_iter().find(|t| !t.is_heap_type())
}

/// `int.__new__(cls, ...)`, `list.__new__(cls)`, ...: the builtin's constructor, its value
/// copied into an instance of `cls` when `cls` is a subclass; lists, dicts and sets start empty
/// (their `__init__` fills them).
fn builtin_new<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    // The class this `__new__` belongs to (the receiver it is bound to), else the first
    // builtin class of the argument's MRO.
    let owner = match slf {
        Some(o) => Some(o.clone()),
        None => a
            .pos
            .first()
            .filter(|c| c.kind() == Kind::Type)
            .and_then(builtin_base),
    };
    let Some(base) = owner.filter(|b| VALUE_TYPES.iter().any(|s| b.is(&s.get(py)))) else {
        return Err(PyErr::type_error("__new__(): not enough arguments"));
    };
    let owner_name = type_name(&base);
    let (cls, rest) = new_cls(&owner_name, &a)?;
    if !cls.is_subclass(&base)? {
        return Err(PyErr::type_error(format!(
            "{owner_name}.__new__({}): {} is not a subtype of {owner_name}",
            type_name(cls),
            type_name(cls)
        )));
    }
    let base = builtin_base(cls).unwrap_or(base);
    if cls.is(&base) {
        return crate::types::call_type(ts, &base, rest);
    }
    match cls.type_instance_kind() {
        Some(Kind::List) => py.list_typed(cls),
        Some(Kind::Dict) => py.dict_typed(cls),
        Some(Kind::Set) => py.set_typed(cls),
        _ => crate::types::call_type(ts, &base, rest)?.copy_as(cls),
    }
}

fn list_init<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let l = this(slf)?;
    a.no_kw("list")?;
    let a = a.between("list", 0, 1)?;
    let items = match a.first() {
        Some(x) => ts.collect(x)?,
        None => Vec::new(),
    };
    while l.seq_len().unwrap_or(0) > 0 {
        l.pop(-1)?;
    }
    for it in items {
        l.append(&it)?;
    }
    Ok(ts.py().none())
}

fn dict_init<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let d = this(slf)?;
    let made = crate::types::call_type(ts, &DICT.get(ts.py()), a)?;
    d.dict_update(&made)?;
    Ok(ts.py().none())
}

/// `set.__init__(self, iterable=())`: empties the set, then adds the items.
fn set_init<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = this(slf)?;
    a.no_kw("set")?;
    // CPython's `set_init` names the instance's class in the count error.
    let a = a.between(s.type_name(), 0, 1)?;
    s.set_clear()?;
    if let Some(x) = a.first() {
        ts.set_update(s, x)?;
    }
    Ok(ts.py().none())
}

/// `BaseException.add_note(note)`: appends to `__notes__`, made a list on the first note.
fn exc_add_note<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let e = this(slf)?;
    let note = &a.exactly("add_note", 1)?[0];
    if note.as_str().is_none() {
        return Err(PyErr::type_error(format!(
            "note must be a str, not '{}'",
            note.type_name()
        )));
    }
    let notes = match ts.getattr(e, "__notes__") {
        Ok(n) => n,
        Err(err) if err.is(&exc::ATTRIBUTE_ERROR) => {
            let l = ts.py().list(&[])?;
            ts.setattr(e, "__notes__", &l)?;
            l
        }
        Err(err) => return Err(err),
    };
    if notes.kind() != Kind::List {
        return Err(PyErr::type_error(
            "Cannot add note: __notes__ is not a list",
        ));
    }
    notes.append(note)?;
    Ok(ts.py().none())
}

fn exc_with_traceback<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let e = this(slf)?;
    let tb = &a.exactly("with_traceback", 1)?[0];
    e.setattr("__traceback__", tb)?;
    Ok(e.clone())
}
