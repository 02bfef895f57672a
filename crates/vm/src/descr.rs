//! The descriptor objects of classes: bound methods (`method`), `staticmethod`,
//! `classmethod`, `property` and the member descriptors of `__slots__`, as native classes.
//! How they bind is `typeobj.rs`'s (`descr_get`); here are their data, attributes and reprs.

use std::cell::RefCell;

use subinterp_object::{Obj, ObjRef, PyErr, PyResult, Slots, StaticType, Visit};

use crate::function::bind;

/// A function bound to a receiver (CPython's `PyMethodObject`).
pub struct Method {
    /// `__func__`.
    pub func: ObjRef,
    /// `__self__`.
    pub slf: ObjRef,
}

/// `method`.
pub static METHOD: StaticType = StaticType::native("method", "builtins", &METHOD_SLOTS);
static METHOD_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(method_getattr),
    repr: None,
    traverse: Some(method_traverse),
    weakref: true,
    ..Slots::EMPTY
};

/// The collector's view of a bound method (a cycle through one, `self.cb = self.f`, is
/// broken through the instance's dict).
fn method_traverse(m: &Obj<'_>, v: &mut Visit<'_>) {
    if let Some(meth) = m.native::<Method>() {
        v.obj_ref(&meth.func);
        v.obj_ref(&meth.slf);
    }
}

fn wrapper_traverse(w: &Obj<'_>, v: &mut Visit<'_>) {
    if let Some(wrap) = w.native::<Wrapper>() {
        v.obj_ref(&wrap.func);
    }
}

fn property_traverse(p: &Obj<'_>, v: &mut Visit<'_>) {
    if let Some(prop) = p.native::<Property>() {
        prop.parts.iter().for_each(|r| v.obj_ref(r));
        if let Ok(n) = prop.name.try_borrow() {
            v.opt_ref(n.as_ref());
        }
    }
}

fn method_getattr<'py>(m: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let meth = m.native::<Method>()?;
    let py = m.py();
    match name {
        "__func__" => Some(bind(&meth.func, py)),
        "__self__" => Some(bind(&meth.slf, py)),
        "__name__" | "__qualname__" | "__doc__" | "__module__" => {
            Some(bind(&meth.func, py).and_then(|f| f.getattr(name)))
        }
        _ => None,
    }
}

/// `staticmethod(f)` or `classmethod(f)`: the wrapped callable.
pub struct Wrapper {
    /// `__func__`.
    pub func: ObjRef,
}

/// `staticmethod`.
pub static STATICMETHOD: StaticType =
    StaticType::native("staticmethod", "builtins", &WRAPPER_SLOTS);
/// `classmethod`.
pub static CLASSMETHOD: StaticType = StaticType::native("classmethod", "builtins", &WRAPPER_SLOTS);
static WRAPPER_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(wrapper_getattr),
    repr: None,
    traverse: Some(wrapper_traverse),
    ..Slots::EMPTY
};

fn wrapper_getattr<'py>(w: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let wrap = w.native::<Wrapper>()?;
    let py = w.py();
    match name {
        "__func__" | "__wrapped__" => Some(bind(&wrap.func, py)),
        "__name__" | "__qualname__" | "__doc__" | "__module__" => {
            Some(bind(&wrap.func, py).and_then(|f| f.getattr(name)))
        }
        "__isabstractmethod__" => Some(Ok(py.bool(false))),
        _ => None,
    }
}

/// `property(fget, fset, fdel, doc)`.
pub struct Property {
    /// `fget`, `fset`, `fdel`, `__doc__` (each `None` when absent).
    pub parts: [ObjRef; 4],
    /// The attribute name given by `__set_name__` (for the error texts).
    pub name: RefCell<Option<ObjRef>>,
}

/// `property`.
pub static PROPERTY: StaticType = StaticType::native("property", "builtins", &PROPERTY_SLOTS);
static PROPERTY_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(property_getattr),
    repr: None,
    traverse: Some(property_traverse),
    ..Slots::EMPTY
};

/// The index of property part `name` in [`Property::parts`].
pub(crate) fn property_part(name: &str) -> Option<usize> {
    ["fget", "fset", "fdel", "__doc__"]
        .iter()
        .position(|p| *p == name)
}

fn property_getattr<'py>(p: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let prop = p.native::<Property>()?;
    let py = p.py();
    if name == "__isabstractmethod__" {
        return Some(Ok(py.bool(false)));
    }
    property_part(name).map(|i| bind(&prop.parts[i], py))
}

/// A `__slots__` entry (CPython's `member_descriptor`): cell `index` of the instance.
pub struct Member {
    /// The slot's cell index in the instance.
    pub index: usize,
    /// The attribute name.
    pub name: String,
    /// The name of the class that declared it.
    pub owner: String,
}

/// `member_descriptor`.
pub static MEMBER: StaticType = StaticType::native("member_descriptor", "builtins", &MEMBER_SLOTS);
static MEMBER_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(member_getattr),
    repr: Some(|m| {
        Ok(match m.native::<Member>() {
            Some(d) => format!("<member '{}' of '{}' objects>", d.name, d.owner),
            None => String::from("<member>"),
        })
    }),
    ..Slots::EMPTY
};

fn member_getattr<'py>(m: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let d = m.native::<Member>()?;
    (name == "__name__").then(|| m.py().str(&d.name))
}

impl Member {
    /// The instance's value (`AttributeError` when the cell is empty).
    pub(crate) fn get<'py>(&self, obj: &Obj<'py>) -> PyResult<Obj<'py>> {
        obj.slot_get(self.index).ok_or_else(|| {
            PyErr::new(
                &subinterp_object::exc::ATTRIBUTE_ERROR,
                format!(
                    "'{}' object has no attribute '{}'",
                    obj.type_name(),
                    self.name
                ),
            )
        })
    }

    /// Sets (`Some`) or deletes (`None`) the instance's value.
    pub(crate) fn set<'py>(&self, obj: &Obj<'py>, v: Option<&Obj<'py>>) -> PyResult<()> {
        if !self.applies(obj) {
            return Err(PyErr::type_error(format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                self.name,
                self.owner,
                obj.type_name()
            )));
        }
        if !obj.slot_set(self.index, v) && v.is_none() {
            return Err(PyErr::new(
                &subinterp_object::exc::ATTRIBUTE_ERROR,
                self.name.clone(),
            ));
        }
        Ok(())
    }

    fn applies(&self, obj: &Obj<'_>) -> bool {
        self.index < obj.get_type().type_nslots()
    }
}

/// `staticmethod(f)`, `classmethod(f)`, `property(...)` when `ty` is one of them.
pub(crate) fn construct<'py>(
    ts: &mut crate::Tstate<'py>,
    ty: &Obj<'py>,
    args: crate::builtin::Args<'_, 'py>,
) -> Option<PyResult<Obj<'py>>> {
    let py = ts.py();
    for (st, name) in [
        (&STATICMETHOD, "staticmethod"),
        (&CLASSMETHOD, "classmethod"),
    ] {
        if ty.is(&st.get(py)) {
            return Some(args.exactly(name, 1).and_then(|a| {
                py.new_native(
                    st,
                    Wrapper {
                        func: a[0].to_ref(),
                    },
                )
            }));
        }
    }
    if ty.is(&METHOD.get(py)) {
        // `types.MethodType(func, obj)`.
        return Some(args.exactly("method", 2).and_then(|a| {
            if !crate::builtins::is_callable(&a[0]) {
                return Err(PyErr::type_error("first argument must be callable"));
            }
            if a[1].is_none() {
                return Err(PyErr::type_error("instance must not be None"));
            }
            py.new_native(
                &METHOD,
                Method {
                    func: a[0].to_ref(),
                    slf: a[1].to_ref(),
                },
            )
        }));
    }
    if ty.is(&subinterp_object::types::MODULE.get(py)) {
        // `types.ModuleType(name, doc=None)`.
        return Some(
            args.bind("module", ["name", "doc"], 1)
                .and_then(|[name, doc]| {
                    let name = name.unwrap_or_else(|| py.none());
                    let Some(n) = name.as_str() else {
                        return Err(PyErr::type_error(format!(
                            "module.__init__() argument 'name' must be str, not {}",
                            name.type_name()
                        )));
                    };
                    let m = py.new_module(n)?;
                    m.setattr("__doc__", &doc.unwrap_or_else(|| py.none()))?;
                    Ok(m)
                }),
        );
    }
    if !ty.is(&PROPERTY.get(py)) {
        return None;
    }
    Some(
        args.bind("property", ["fget", "fset", "fdel", "doc"], 0)
            .and_then(|parts| new_property(ts, parts, None)),
    )
}

/// A property from its four parts (`None` where absent); its `__doc__` is `fget`'s when
/// no doc is given.
pub(crate) fn new_property<'py>(
    ts: &mut crate::Tstate<'py>,
    parts: [Option<Obj<'py>>; 4],
    name: Option<ObjRef>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let [fget, fset, fdel, doc] = parts.map(|p| p.unwrap_or_else(|| py.none()));
    let doc = if doc.is_none() && !fget.is_none() {
        match ts.getattr(&fget, "__doc__") {
            Ok(d) => d,
            Err(e) if e.is(&subinterp_object::exc::ATTRIBUTE_ERROR) => py.none(),
            Err(e) => return Err(e),
        }
    } else {
        doc
    };
    py.new_native(
        &PROPERTY,
        Property {
            parts: [fget.unbind(), fset.unbind(), fdel.unbind(), doc.unbind()],
            name: RefCell::new(name),
        },
    )
}

fn property_copy<'py>(
    ts: &mut crate::Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: crate::builtin::Args<'_, 'py>,
    which: usize,
    fname: &str,
) -> PyResult<Obj<'py>> {
    let p = crate::methods::this(slf)?;
    let f = a.exactly(fname, 1)?[0].clone();
    let prop = p
        .native::<Property>()
        .ok_or_else(|| PyErr::type_error("not a property"))?;
    let py = ts.py();
    let mut parts: [Option<Obj<'py>>; 4] = [None, None, None, None];
    for (i, part) in parts.iter_mut().enumerate() {
        *part = Some(bind(&prop.parts[i], py)?);
    }
    parts[which] = Some(f);
    // A doc taken from the old getter follows a new getter.
    if which == 0 {
        parts[3] = None;
    }
    let name = match prop.name.borrow().as_ref() {
        Some(n) => Some(bind(n, py)?.unbind()),
        None => None,
    };
    new_property(ts, parts, name)
}

fn property_getter<'py>(
    ts: &mut crate::Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: crate::builtin::Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    property_copy(ts, slf, a, 0, "getter")
}

fn property_setter<'py>(
    ts: &mut crate::Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: crate::builtin::Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    property_copy(ts, slf, a, 1, "setter")
}

fn property_deleter<'py>(
    ts: &mut crate::Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: crate::builtin::Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    property_copy(ts, slf, a, 2, "deleter")
}

/// `property`'s methods.
pub(crate) static PROPERTY_METHODS: &[crate::builtin::BuiltinDef] = &[
    crate::builtin::BuiltinDef {
        name: "getter",
        func: property_getter,
    },
    crate::builtin::BuiltinDef {
        name: "setter",
        func: property_setter,
    },
    crate::builtin::BuiltinDef {
        name: "deleter",
        func: property_deleter,
    },
];
