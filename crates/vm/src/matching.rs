//! Structural pattern matching (`match`): the sequence, mapping and class tests of
//! `MATCH_SEQUENCE`, `MATCH_MAPPING`, `MATCH_KEYS`, `COPY_DICT_WITHOUT_KEYS` and
//! `MATCH_CLASS`.

use subinterp_object::types::{BOOL, BYTES, DICT, FLOAT, INT, LIST, STR, TUPLE};
use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::iter::Range;

/// Whether `subject` matches a sequence pattern (not str, bytes or a mapping).
pub(crate) fn is_sequence(subject: &Obj<'_>) -> bool {
    matches!(subject.kind(), Kind::List | Kind::Tuple) || subject.native::<Range>().is_some()
}

/// Whether `subject` matches a mapping pattern.
pub(crate) fn is_mapping(subject: &Obj<'_>) -> bool {
    subject.kind() == Kind::Dict
}

/// `MATCH_KEYS`: the values of `keys` in `subject` as a tuple, or `None` if one is missing.
pub(crate) fn match_keys<'py>(subject: &Obj<'py>, keys: &Obj<'py>) -> PyResult<Obj<'py>> {
    let py = subject.py();
    let keys = keys.tuple_items().unwrap_or_default();
    let mut values = Vec::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        if keys[..i].iter().any(|seen| seen.eq(k).unwrap_or(false)) {
            return Err(PyErr::value_error(format!(
                "mapping pattern checks duplicate key ({})",
                k.repr()?
            )));
        }
        match subject.dict_get(k)? {
            Some(v) => values.push(v),
            None => return Ok(py.none()),
        }
    }
    py.tuple(&values)
}

/// `COPY_DICT_WITHOUT_KEYS`: the rest of a mapping for `**rest`.
pub(crate) fn without_keys<'py>(subject: &Obj<'py>, keys: &Obj<'py>) -> PyResult<Obj<'py>> {
    let rest = subject.dict_copy()?;
    for k in keys.tuple_items().unwrap_or_default() {
        rest.del_item(&k)?;
    }
    Ok(rest)
}

/// The builtin classes whose one positional sub-pattern matches the subject itself.
const SELF_MATCHING: [&subinterp_object::StaticType; 8] =
    [&BOOL, &BYTES, &DICT, &FLOAT, &INT, &LIST, &STR, &TUPLE];

/// `MATCH_CLASS`: the attributes of `subject` for a class pattern `cls(p1, ..., k1=...)`
/// with `count` positional sub-patterns and keyword names `names`, or `None` when the
/// subject is not an instance or lacks an attribute.
pub(crate) fn match_class<'py>(
    ts: &mut Tstate<'py>,
    subject: &Obj<'py>,
    cls: &Obj<'py>,
    names: &Obj<'py>,
    count: usize,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    if cls.kind() != Kind::Type {
        return Err(PyErr::type_error("called match pattern must be a class"));
    }
    if !crate::exc_group::instance_of(subject, cls) {
        return Ok(py.none());
    }
    let mut attrs = Vec::new();
    let mut positional: Vec<String> = Vec::new();
    if count > 0 {
        let name = cls.getattr("__name__")?.str()?;
        let accepts = |accepted: usize| {
            PyErr::type_error(format!(
                "{name}() accepts {accepted} positional sub-pattern{} ({count} given)",
                if accepted == 1 { "" } else { "s" }
            ))
        };
        let match_args = match ts.getattr(cls, "__match_args__") {
            Ok(m) => Some(m),
            Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => None,
            Err(e) => return Err(e),
        };
        match match_args {
            Some(m) => {
                let Some(items) = m.tuple_items() else {
                    return Err(PyErr::type_error(format!(
                        "{name}.__match_args__ must be a tuple (got {})",
                        m.type_name()
                    )));
                };
                if count > items.len() {
                    return Err(accepts(items.len()));
                }
                for it in &items[..count] {
                    let Some(s) = it.as_str() else {
                        return Err(PyErr::type_error(format!(
                            "__match_args__ elements must be strings (got {})",
                            it.type_name()
                        )));
                    };
                    positional.push(s.to_owned());
                }
            }
            None => {
                // The builtins matching themselves, and their subclasses.
                let self_matching = SELF_MATCHING
                    .iter()
                    .any(|t| cls.is_subclass(&t.get(py)).unwrap_or(false));
                if !self_matching || count > 1 {
                    return Err(accepts(usize::from(self_matching)));
                }
                attrs.push(subject.clone());
            }
        }
    }
    let keywords: Vec<String> = names
        .tuple_items()
        .unwrap_or_default()
        .iter()
        .map(Obj::str)
        .collect::<PyResult<_>>()?;
    for (i, n) in positional.iter().chain(&keywords).enumerate() {
        if positional.iter().chain(&keywords).take(i).any(|m| m == n) {
            return Err(PyErr::type_error(format!(
                "{}() got multiple sub-patterns for attribute '{n}'",
                cls.getattr("__name__")?.str()?
            )));
        }
    }
    for n in positional.iter().chain(&keywords) {
        match ts.getattr(subject, n) {
            Ok(v) => attrs.push(v),
            Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => return Ok(py.none()),
            Err(e) => return Err(e),
        }
    }
    py.tuple(&attrs)
}
