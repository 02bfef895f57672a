//! `C.__bases__ = (...)` (CPython's `type_set_bases`): the new bases are checked as CPython
//! checks them, then the class and every class below it get a new MRO; when one of those
//! has no consistent order, everything is put back as it was.

use subinterp_object::{Kind, Obj, PyErr, PyResult};

use crate::type_call::type_name;

/// Whether instances of builtin or heap class `t` are freed as collector-tracked objects
/// (CPython's `tp_free`, which must not differ between the old and the new base).
fn tracked_layout(t: &Obj<'_>) -> bool {
    t.is_heap_type()
        || !matches!(
            t.type_instance_kind(),
            Some(Kind::Object | Kind::Int | Kind::Float | Kind::Str | Kind::Bytes)
        )
}

/// The checks of `type_check_new_bases`: the tuple, its items, cycles and the layout of
/// the new best base against the old one. The new best base.
fn check_new_bases<'py>(cls: &Obj<'py>, v: &Obj<'py>) -> PyResult<(Vec<Obj<'py>>, Obj<'py>)> {
    let name = type_name(cls);
    let Some(bases) = v.tuple_items() else {
        return Err(PyErr::type_error(format!(
            "can only assign tuple to {name}.__bases__, not {}",
            v.type_name()
        )));
    };
    if bases.is_empty() {
        return Err(PyErr::type_error(format!(
            "can only assign non-empty tuple to {name}.__bases__, not ()"
        )));
    }
    for b in &bases {
        if b.kind() != Kind::Type {
            return Err(PyErr::type_error(format!(
                "{name}.__bases__ must be tuple of classes, not '{}'",
                b.type_name()
            )));
        }
        if b.is_subclass(cls)? {
            return Err(PyErr::type_error(
                "a __bases__ item causes an inheritance cycle",
            ));
        }
    }
    let best = crate::build_class::best_base(&bases)?;
    let old = cls.type_base().unwrap_or_else(|| best.clone());
    let differs = |what: &str| {
        PyErr::type_error(format!(
            "__bases__ assignment: '{}' {what} differs from '{}'",
            type_name(&best),
            type_name(&old)
        ))
    };
    if tracked_layout(&best) != tracked_layout(&old) {
        return Err(differs("deallocator"));
    }
    if !best.is(&old) && !best.type_layout_matches(&old)? {
        return Err(differs("object layout"));
    }
    Ok((bases, best))
}

/// `cls.__bases__ = v` for a class made at run time.
pub(crate) fn set_bases<'py>(cls: &Obj<'py>, v: &Obj<'py>) -> PyResult<()> {
    let py = cls.py();
    let (bases, best) = check_new_bases(cls, v)?;
    let old_bases = py.tuple(&cls.type_bases())?;
    let Some(old_base) = cls.type_base() else {
        return Err(PyErr::type_error("__bases__ assignment: no base"));
    };
    cls.set_type_bases(&py.tuple(&bases)?, &best)?;
    // The class first, then its subclasses (each after its own bases' new MRO), the old
    // MROs kept to put back on failure.
    let mut done: Vec<(Obj<'py>, Obj<'py>)> = Vec::new();
    let mut todo = vec![cls.clone()];
    let mut failed = None;
    while let Some(t) = todo.pop() {
        let old_mro = py.tuple(&t.type_mro()[1..])?;
        match crate::mro::c3(&t.type_bases()).and_then(|m| t.set_type_mro(&py.tuple(&m)?)) {
            Ok(()) => done.push((t.clone(), old_mro)),
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
        todo.extend(t.type_subclasses());
    }
    let Some(err) = failed else {
        return Ok(());
    };
    for (t, m) in done.iter().rev() {
        t.set_type_mro(m)?;
    }
    cls.set_type_bases(&old_bases, &old_base)?;
    Err(err)
}
