//! `super`: `super(C, obj)` and the zero-argument form, which reads the calling frame's
//! first argument and its `__class__` cell (CPython's `super_init_without_args`). An
//! attribute of a super object is looked up along the MRO of `obj`'s class after `C`.

use subinterp_compile::LocalKind;
use subinterp_object::{Kind, Obj, ObjRef, PyErr, PyResult, Slots, StaticType, exc};

use crate::Tstate;
use crate::builtin::Args;
use crate::frame::Frame;
use crate::function::bind;

/// A super object: the class to start after, the receiver and the receiver's class.
pub struct Super {
    /// `__thisclass__`.
    pub ty: ObjRef,
    /// `__self__`.
    pub obj: ObjRef,
    /// `__self_class__`.
    pub obj_type: ObjRef,
}

/// `super`.
pub static SUPER: StaticType = StaticType::native("super", "builtins", &SUPER_SLOTS);
static SUPER_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: Some(super_repr),
    traverse: Some(super_traverse),
    ..Slots::EMPTY
};

/// The collector's view of a super object (CPython's `super_traverse`): its class, receiver
/// and receiver's class (an object holding a super bound to itself is collected once its
/// `__dict__` is cleared).
fn super_traverse(s: &Obj<'_>, v: &mut subinterp_object::Visit<'_>) {
    if let Some(sup) = s.native::<Super>() {
        v.obj_ref(&sup.ty);
        v.obj_ref(&sup.obj);
        v.obj_ref(&sup.obj_type);
    }
}

fn super_repr(s: &Obj<'_>) -> PyResult<String> {
    let Some(sup) = s.native::<Super>() else {
        return Ok(String::from("<super>"));
    };
    let py = s.py();
    let ty = bind(&sup.ty, py)?;
    let ot = bind(&sup.obj_type, py)?;
    Ok(format!(
        "<super: <class '{}'>, <{} object>>",
        crate::type_call::type_name(&ty),
        crate::type_call::type_name(&ot)
    ))
}

/// Whether a call of `callee` with `pos` is a zero-argument `super()`.
#[inline]
pub(crate) fn is_zero_arg(callee: &Obj<'_>, pos: &[Obj<'_>]) -> bool {
    pos.is_empty() && callee.kind() == Kind::Type && callee.is(&SUPER.get(callee.py()))
}

/// `super()` in frame `f`.
pub(crate) fn zero_arg<'py>(ts: &mut Tstate<'py>, f: &Frame<'py>) -> PyResult<Obj<'py>> {
    let rt = |m: &str| PyErr::new(&exc::RUNTIME_ERROR, m.to_owned());
    let code = &f.code;
    if code.arg_count == 0 {
        return Err(rt("super(): no arguments"));
    }
    let first = f.fast.first().and_then(Option::as_ref);
    let first = match first {
        Some(v) if code.localsplus_kinds[0].has(LocalKind::CELL) => {
            crate::cells::get(v)?.ok_or_else(|| rt("super(): arg[0] deleted"))?
        }
        Some(v) => v.clone(),
        None => return Err(rt("super(): arg[0] deleted")),
    };
    let names = code
        .localsplus_names
        .iter()
        .zip(code.localsplus_kinds.iter());
    let Some(i) = names
        .enumerate()
        .position(|(_, (n, k))| &**n == "__class__" && k.has(LocalKind::FREE))
    else {
        return Err(rt("super(): __class__ cell not found"));
    };
    let cell = f
        .fast
        .get(i)
        .and_then(Option::as_ref)
        .ok_or_else(|| rt("super(): bad __class__ cell"))?;
    let Some(cls) = crate::cells::get(cell)? else {
        return Err(rt("super(): empty __class__ cell"));
    };
    if cls.kind() != Kind::Type {
        return Err(rt("super(): __class__ is not a type"));
    }
    new_super(ts, &cls, &first)
}

/// `super(ty, obj)`.
pub(crate) fn new_super<'py>(
    ts: &mut Tstate<'py>,
    ty: &Obj<'py>,
    obj: &Obj<'py>,
) -> PyResult<Obj<'py>> {
    if ty.kind() != Kind::Type {
        return Err(PyErr::type_error(format!(
            "super() argument 1 must be a type, not {}",
            ty.type_name()
        )));
    }
    let obj_type = if obj.kind() == Kind::Type && obj.is_subclass(ty)? {
        obj.clone()
    } else if crate::exc_group::instance_of(obj, ty) {
        obj.get_type()
    } else {
        let (what, name) = if obj.kind() == Kind::Type {
            ("type", crate::type_call::type_name(obj))
        } else {
            ("instance of", obj.type_name().to_owned())
        };
        return Err(PyErr::type_error(format!(
            "super(type, obj): obj ({what} {name}) is not an instance or subtype of type ({}).",
            crate::type_call::type_name(ty)
        )));
    };
    ts.py().new_native(
        &SUPER,
        Super {
            ty: ty.to_ref(),
            obj: obj.to_ref(),
            obj_type: obj_type.to_ref(),
        },
    )
}

/// `super(...)` called with arguments.
pub(crate) fn call<'py>(ts: &mut Tstate<'py>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.no_kw("super")?;
    match a.pos {
        [ty, obj] => new_super(ts, ty, obj),
        [_] => Err(PyErr::type_error(
            "super() with one argument is not supported here",
        )),
        [] => Err(PyErr::new(&exc::RUNTIME_ERROR, "super(): no arguments")),
        _ => Err(PyErr::type_error(format!(
            "super() takes at most 2 arguments ({} given)",
            a.pos.len()
        ))),
    }
}

/// `sup.name` for super object `s`.
pub(crate) fn getattr<'py>(
    ts: &mut Tstate<'py>,
    s: &Obj<'py>,
    sup: &Super,
    name: &str,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let ty = bind(&sup.ty, py)?;
    let obj = bind(&sup.obj, py)?;
    let start = bind(&sup.obj_type, py)?;
    match name {
        "__thisclass__" => return Ok(ty),
        "__self__" => return Ok(obj),
        "__self_class__" => return Ok(start),
        "__class__" => return Ok(s.get_type()),
        _ => {}
    }
    let mro = start.type_mro();
    if let Some(i) = mro.iter().position(|t| t.is(&ty))
        && let Some(found) = ts.lookup_in(&mro[i + 1..], name)?
    {
        let inst = (!obj.is(&start)).then_some(&obj);
        return ts.descr_get(&found, inst, &start);
    }
    Err(PyErr::new(
        &exc::ATTRIBUTE_ERROR,
        format!("'super' object has no attribute '{name}'"),
    ))
}
