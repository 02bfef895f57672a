//! CPython's `PyObject_GenericGetAttr`/`GenericSetAttr` and `type.__getattribute__`/
//! `type.__setattr__`: data descriptors on the class win over the instance `__dict__`,
//! which wins over other class attributes (functions bind to methods); then `__getattr__`.
//! Classes look names up on their metaclass the same way.

use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::builtin::Args;
use crate::descr::{Member, Property};
use crate::function::bind;
use crate::typeobj::property_name;

/// The attribute hooks whose inheritance from `object` the lookup cache memoises, in the
/// order of its `plain_hook` entries.
const HOOKS: [&str; 3] = ["__getattribute__", "__setattr__", "__delattr__"];

fn no_attr(obj: &Obj<'_>, name: &str) -> PyErr {
    PyErr::new(
        &exc::ATTRIBUTE_ERROR,
        format!("'{}' object has no attribute '{name}'", obj.type_name()),
    )
}

fn no_type_attr(cls: &Obj<'_>, name: &str) -> PyErr {
    PyErr::new(
        &exc::ATTRIBUTE_ERROR,
        format!(
            "type object '{}' has no attribute '{name}'",
            crate::type_call::type_name(cls)
        ),
    )
}

/// `object.__getattribute__(obj, name)`, then the class's `__getattr__` on an
/// `AttributeError` (unless `no_hook`).
pub(crate) fn generic_getattr<'py>(
    ts: &mut Tstate<'py>,
    obj: &Obj<'py>,
    name: &str,
    no_hook: bool,
) -> PyResult<Obj<'py>> {
    match lookup(ts, obj, name) {
        Err(e) if !no_hook && e.is(&exc::ATTRIBUTE_ERROR) => getattr_hook(ts, obj, name, e),
        r => r,
    }
}

/// After an `AttributeError` `e` for `obj.name`: the class's `__getattr__(name)`, else `e`.
fn getattr_hook<'py>(
    ts: &mut Tstate<'py>,
    obj: &Obj<'py>,
    name: &str,
    e: PyErr,
) -> PyResult<Obj<'py>> {
    let ty = obj.get_type();
    match ts.type_lookup(&ty, "__getattr__")? {
        Some(hook) => {
            let hook = ts.descr_get(&hook, Some(obj), &ty)?;
            let n = ts.py().str(name)?;
            ts.call(&hook, Args::positional(&[n]))
        }
        None => Err(e),
    }
}

fn lookup<'py>(ts: &mut Tstate<'py>, obj: &Obj<'py>, name: &str) -> PyResult<Obj<'py>> {
    let ty = obj.get_type();
    let (found, key) = ts.type_lookup_named(&ty, name)?;
    if let Some(d) = &found
        && ts.is_data_descr(d)?
    {
        return ts.descr_get(d, Some(obj), &ty);
    }
    match name {
        "__class__" => return Ok(ty),
        "__dict__" => {
            if let Some(d) = obj.inst_dict()? {
                return Ok(d);
            }
        }
        _ => {}
    }
    // The builtin base's own attributes, unless the class (or a class between it and the
    // base) defines `name`: `D.update` of a dict subclass overriding `update` is the
    // override.
    if obj.kind() != Kind::Object && found.is_none() {
        match ts.getattr_builtin(obj, name) {
            Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => {}
            r => return r,
        }
    }
    if let Some(d) = obj.inst_dict_peek()
        && let Some(v) = d.dict_get(&key)?
    {
        return Ok(v);
    }
    match found {
        Some(d) => ts.descr_get(&d, Some(obj), &ty),
        None => Err(no_attr(obj, name)),
    }
}

/// `type.__getattribute__(cls, name)`.
pub(crate) fn type_getattr<'py>(
    ts: &mut Tstate<'py>,
    cls: &Obj<'py>,
    name: &str,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let meta = cls.get_type();
    let meta_attr = ts.type_lookup(&meta, name)?;
    if let Some(m) = &meta_attr
        && ts.is_data_descr(m)?
    {
        return ts.descr_get(m, Some(cls), &meta);
    }
    match name {
        "__name__" => {
            return match cls.type_name_obj() {
                Some(n) => Ok(n),
                None => py.str(&crate::type_call::type_name(cls)),
            };
        }
        "__qualname__" => return py.str(&cls.type_qualname().unwrap_or_default()),
        "__mro__" => return py.tuple(&cls.type_mro()),
        "__bases__" => return py.tuple(&cls.type_bases()),
        "__base__" => return Ok(cls.type_base().unwrap_or_else(|| py.none())),
        "__class__" => return Ok(meta),
        "__dict__" => {
            if let Some(d) = cls.type_dict() {
                return d.dict_copy();
            }
        }
        "__module__" | "__doc__" if cls.type_dict().is_none() => {
            if let Ok(v) = cls.getattr(name) {
                return Ok(v);
            }
        }
        _ => {}
    }
    if let Some(a) = ts.type_lookup(cls, name)? {
        return ts.descr_get(&a, None, cls);
    }
    if let Some(m) = meta_attr {
        return ts.descr_get(&m, Some(cls), &meta);
    }
    match cls.getattr(name) {
        Ok(v) => Ok(v),
        Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => Err(no_type_attr(cls, name)),
        Err(e) => Err(e),
    }
}

/// `obj.name = v` (`Some`) or `del obj.name` (`None`), CPython's generic setter.
pub(crate) fn generic_setattr<'py>(
    ts: &mut Tstate<'py>,
    obj: &Obj<'py>,
    name: &str,
    v: Option<&Obj<'py>>,
) -> PyResult<()> {
    if obj.kind() == Kind::Type {
        return type_setattr(ts, obj, name, v);
    }
    let ty = obj.get_type();
    let (found, key) = ts.type_lookup_named(&ty, name)?;
    if let Some(d) = found
        && ts.is_data_descr(&d)?
    {
        return descr_set(ts, &d, obj, v);
    }
    match name {
        "__class__" => return set_class(obj, v),
        "__dict__" => {
            return match v {
                Some(d) if d.kind() == Kind::Dict => {
                    if obj.set_inst_dict(d) {
                        Ok(())
                    } else {
                        Err(no_dict(obj, name))
                    }
                }
                Some(d) => Err(PyErr::type_error(format!(
                    "__dict__ must be set to a dictionary, not a '{}'",
                    d.type_name()
                ))),
                None => Err(PyErr::type_error("cannot delete __dict__")),
            };
        }
        _ => {}
    }
    if obj.kind() == Kind::Exception && name == "args" {
        return match v {
            Some(v) => {
                let t = ts.collect(v)?;
                obj.set_exception_args(&ts.py().tuple(&t)?)
            }
            None => Err(PyErr::type_error("args may not be deleted")),
        };
    }
    if obj.kind() != Kind::Object {
        let r = match v {
            Some(v) => obj.setattr(name, v),
            None => obj.delattr(name),
        };
        match r {
            Err(e) if e.is(&exc::ATTRIBUTE_ERROR) && obj.inst_dict_peek().is_some() => {}
            Err(e) if e.is(&exc::ATTRIBUTE_ERROR) && obj.inst_dict()?.is_some() => {}
            r => return r,
        }
    }
    let Some(d) = obj.inst_dict()? else {
        return Err(match v {
            Some(_) => no_dict(obj, name),
            None => no_attr(obj, name),
        });
    };
    match v {
        Some(v) => d.set_item(&key, v),
        None => match d.dict_pop(&key) {
            Ok(_) => Ok(()),
            Err(e) if e.is(&exc::KEY_ERROR) => Err(no_attr(obj, name)),
            Err(e) => Err(e),
        },
    }
}

fn no_dict(obj: &Obj<'_>, name: &str) -> PyErr {
    PyErr::new(
        &exc::ATTRIBUTE_ERROR,
        format!(
            "'{}' object has no attribute '{name}' and no __dict__ for setting new attributes",
            obj.type_name()
        ),
    )
}

/// `type.__setattr__(cls, name, v)` (or delete).
fn type_setattr<'py>(
    ts: &mut Tstate<'py>,
    cls: &Obj<'py>,
    name: &str,
    v: Option<&Obj<'py>>,
) -> PyResult<()> {
    let meta = cls.get_type();
    if let Some(d) = ts.type_lookup(&meta, name)?
        && ts.is_data_descr(&d)?
    {
        return descr_set(ts, &d, cls, v);
    }
    let Some(dict) = cls.type_dict() else {
        return match v {
            Some(v) => cls.setattr(name, v),
            None => cls.delattr(name),
        };
    };
    match (name, v) {
        ("__qualname__", Some(q)) => return cls.set_type_qualname(q),
        ("__name__", Some(n)) => return cls.set_type_name(n),
        ("__bases__", Some(b)) => return crate::set_bases::set_bases(cls, b),
        ("__name__" | "__qualname__" | "__mro__" | "__bases__" | "__base__", None) => {
            return Err(PyErr::type_error(format!(
                "cannot delete '{name}' attribute of immutable type '{}'",
                crate::type_call::type_name(cls)
            )));
        }
        ("__mro__" | "__base__" | "__dict__", Some(_)) => {
            return Err(PyErr::new(&exc::ATTRIBUTE_ERROR, "readonly attribute"));
        }
        _ => {}
    }
    let key = ts.consts.intern(ts.py(), name)?;
    let r = match v {
        Some(v) => dict.set_item(&key, v),
        None => match dict.dict_pop(&key) {
            Ok(_) => Ok(()),
            Err(e) if e.is(&exc::KEY_ERROR) => Err(no_type_attr(cls, name)),
            Err(e) => Err(e),
        },
    };
    cls.type_modified();
    r
}

/// `d.__set__(obj, v)` / `d.__delete__(obj)` for a data descriptor `d`.
fn descr_set<'py>(
    ts: &mut Tstate<'py>,
    d: &Obj<'py>,
    obj: &Obj<'py>,
    v: Option<&Obj<'py>>,
) -> PyResult<()> {
    let py = ts.py();
    if let Some(p) = d.native::<Property>() {
        let (i, what) = if v.is_some() {
            (1, "setter")
        } else {
            (2, "deleter")
        };
        let f = bind(&p.parts[i], py)?;
        if f.is_none() {
            return Err(PyErr::new(
                &exc::ATTRIBUTE_ERROR,
                format!(
                    "property {}of '{}' object has no {what}",
                    property_name(p, py),
                    obj.type_name()
                ),
            ));
        }
        let mut args = vec![obj.clone()];
        args.extend(v.cloned());
        ts.call(&f, Args::positional(&args))?;
        return Ok(());
    }
    if let Some(m) = d.native::<Member>() {
        return m.set(obj, v);
    }
    let dt = d.get_type();
    let hook = if v.is_some() { "__set__" } else { "__delete__" };
    let Some(f) = ts.type_lookup(&dt, hook)? else {
        return Err(PyErr::new(&exc::ATTRIBUTE_ERROR, hook));
    };
    let f = ts.descr_get(&f, Some(d), &dt)?;
    let mut args = vec![obj.clone()];
    args.extend(v.cloned());
    ts.call(&f, Args::positional(&args))?;
    Ok(())
}

impl<'py> Tstate<'py> {
    /// `LOAD_METHOD` on an instance of a class: a function (or builtin method) found on the
    /// class and not shadowed by the instance dict comes back unbound with the receiver
    /// (no bound method is made); anything else is the attribute with no receiver.
    pub(crate) fn load_method_heap(
        &mut self,
        obj: &Obj<'py>,
        name: &str,
    ) -> PyResult<(Obj<'py>, Option<Obj<'py>>)> {
        if self.attr_hook(obj, "__getattribute__")?.is_some() {
            return Ok((self.getattr_instance(obj, name)?, None));
        }
        let ty = obj.get_type();
        if let (Some(d), key) = self.type_lookup_named(&ty, name)?
            && (d.native::<crate::function::Function>().is_some()
                || d.native::<crate::call::MethodDescr>().is_some())
        {
            let shadowed = match obj.inst_dict_peek() {
                Some(dict) => dict.dict_get(&key)?.is_some(),
                None => false,
            };
            if !shadowed {
                return Ok((d, Some(obj.clone())));
            }
        }
        Ok((self.getattr(obj, name)?, None))
    }
}

impl<'py> Tstate<'py> {
    /// The override of `object`'s attribute method `hook` (`__getattribute__`,
    /// `__setattr__`, `__delattr__`) that `obj`'s class defines, bound to `obj`.
    pub(crate) fn attr_hook(&mut self, obj: &Obj<'py>, hook: &str) -> PyResult<Option<Obj<'py>>> {
        let ty = obj.get_type();
        // Every attribute access on an instance asks this: the answer for the last class
        // seen is memoised by its version tag.
        let memo = HOOKS.iter().position(|h| *h == hook);
        let version = ty.type_version();
        if let Some(m) = memo
            && self.lookup_cache.plain_hook(m, ty.id(), version)
        {
            return Ok(None);
        }
        let Some(f) = self.type_lookup(&ty, hook)? else {
            return Ok(None);
        };
        if crate::type_call::object_method(hook).is_some_and(|d| crate::typeobj::is_def(&f, d)) {
            if let Some(m) = memo {
                self.lookup_cache.set_plain_hook(m, ty.id(), version);
            }
            return Ok(None);
        }
        Ok(Some(self.descr_get(&f, Some(obj), &ty)?))
    }

    /// `obj.name` for an instance of a class: its `__getattribute__` when it overrides
    /// `object`'s (then `__getattr__` on an `AttributeError`), else the generic lookup.
    pub(crate) fn getattr_instance(&mut self, obj: &Obj<'py>, name: &str) -> PyResult<Obj<'py>> {
        let Some(ga) = self.attr_hook(obj, "__getattribute__")? else {
            return generic_getattr(self, obj, name, false);
        };
        let n = self.py().str(name)?;
        match self.call(&ga, Args::positional(std::slice::from_ref(&n))) {
            Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => getattr_hook(self, obj, name, e),
            r => r,
        }
    }

    /// `obj.name = v` / `del obj.name` for an instance of a class: its `__setattr__` /
    /// `__delattr__` when it overrides `object`'s, else the generic setter.
    pub(crate) fn setattr_instance(
        &mut self,
        obj: &Obj<'py>,
        name: &str,
        v: Option<&Obj<'py>>,
    ) -> PyResult<()> {
        let hook = if v.is_some() {
            "__setattr__"
        } else {
            "__delattr__"
        };
        let Some(f) = self.attr_hook(obj, hook)? else {
            return generic_setattr(self, obj, name, v);
        };
        let mut args = vec![self.py().str(name)?];
        args.extend(v.cloned());
        self.call(&f, Args::positional(&args))?;
        Ok(())
    }
}

/// `obj.__class__ = v` (CPython's `object_set_class`): `v` must be a class, both classes made
/// at run time, and their instances laid out alike.
pub(crate) fn set_class<'py>(obj: &Obj<'py>, v: Option<&Obj<'py>>) -> PyResult<()> {
    let Some(new) = v else {
        return Err(PyErr::type_error("can't delete __class__ attribute"));
    };
    if new.kind() != Kind::Type {
        return Err(PyErr::type_error(format!(
            "__class__ must be set to a class, not '{}' object",
            new.type_name()
        )));
    }
    let old = obj.get_type();
    if !new.is_heap_type() || !old.is_heap_type() {
        return Err(PyErr::type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses",
        ));
    }
    if !new.type_layout_matches(&old)? {
        return Err(PyErr::type_error(format!(
            "__class__ assignment: '{}' object layout differs from '{}'",
            new.type_short_name().unwrap_or_default(),
            old.type_short_name().unwrap_or_default()
        )));
    }
    obj.set_class(new)
}
