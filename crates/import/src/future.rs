//! `__future__` (CPython's `Lib/__future__.py`): the feature records programs import
//! (`from __future__ import annotations`; the compiler reads the flag itself), the `CO_*`
//! compiler flags, `all_feature_names` and `__all__`.
//!
//! CPython's module is Python source defining the class `_Feature`. Until the eval loop runs
//! class statements, `_Feature` is a native type here with CPython's attributes (`optional`,
//! `mandatory`, `compiler_flag`) and repr (`_Feature((3, 7, 0, 'beta', 1), None, 16777216)`);
//! its methods `getOptionalRelease` / `getMandatoryRelease` are left out.

use subinterp_object::{Obj, Py, PyResult, Slots, StaticType};

/// A release: `(major, minor, micro, level, serial)`.
type Release = (i64, i64, i64, &'static str, i64);

/// One `_Feature` record.
struct Feature {
    optional: Release,
    mandatory: Option<Release>,
    compiler_flag: i64,
}

const CO_NESTED: i64 = 0x0010;
const CO_GENERATOR_ALLOWED: i64 = 0;
const CO_FUTURE_DIVISION: i64 = 0x20000;
const CO_FUTURE_ABSOLUTE_IMPORT: i64 = 0x40000;
const CO_FUTURE_WITH_STATEMENT: i64 = 0x80000;
const CO_FUTURE_PRINT_FUNCTION: i64 = 0x100000;
const CO_FUTURE_UNICODE_LITERALS: i64 = 0x200000;
const CO_FUTURE_BARRY_AS_BDFL: i64 = 0x400000;
const CO_FUTURE_GENERATOR_STOP: i64 = 0x800000;
const CO_FUTURE_ANNOTATIONS: i64 = 0x1000000;

/// The flags, by name, in CPython's order.
const FLAGS: [(&str, i64); 10] = [
    ("CO_NESTED", CO_NESTED),
    ("CO_GENERATOR_ALLOWED", CO_GENERATOR_ALLOWED),
    ("CO_FUTURE_DIVISION", CO_FUTURE_DIVISION),
    ("CO_FUTURE_ABSOLUTE_IMPORT", CO_FUTURE_ABSOLUTE_IMPORT),
    ("CO_FUTURE_WITH_STATEMENT", CO_FUTURE_WITH_STATEMENT),
    ("CO_FUTURE_PRINT_FUNCTION", CO_FUTURE_PRINT_FUNCTION),
    ("CO_FUTURE_UNICODE_LITERALS", CO_FUTURE_UNICODE_LITERALS),
    ("CO_FUTURE_BARRY_AS_BDFL", CO_FUTURE_BARRY_AS_BDFL),
    ("CO_FUTURE_GENERATOR_STOP", CO_FUTURE_GENERATOR_STOP),
    ("CO_FUTURE_ANNOTATIONS", CO_FUTURE_ANNOTATIONS),
];

/// The features, in `all_feature_names` order.
const FEATURES: [(&str, Release, Option<Release>, i64); 10] = [
    (
        "nested_scopes",
        (2, 1, 0, "beta", 1),
        Some((2, 2, 0, "alpha", 0)),
        CO_NESTED,
    ),
    (
        "generators",
        (2, 2, 0, "alpha", 1),
        Some((2, 3, 0, "final", 0)),
        CO_GENERATOR_ALLOWED,
    ),
    (
        "division",
        (2, 2, 0, "alpha", 2),
        Some((3, 0, 0, "alpha", 0)),
        CO_FUTURE_DIVISION,
    ),
    (
        "absolute_import",
        (2, 5, 0, "alpha", 1),
        Some((3, 0, 0, "alpha", 0)),
        CO_FUTURE_ABSOLUTE_IMPORT,
    ),
    (
        "with_statement",
        (2, 5, 0, "alpha", 1),
        Some((2, 6, 0, "alpha", 0)),
        CO_FUTURE_WITH_STATEMENT,
    ),
    (
        "print_function",
        (2, 6, 0, "alpha", 2),
        Some((3, 0, 0, "alpha", 0)),
        CO_FUTURE_PRINT_FUNCTION,
    ),
    (
        "unicode_literals",
        (2, 6, 0, "alpha", 2),
        Some((3, 0, 0, "alpha", 0)),
        CO_FUTURE_UNICODE_LITERALS,
    ),
    (
        "barry_as_FLUFL",
        (3, 1, 0, "alpha", 2),
        Some((4, 0, 0, "alpha", 0)),
        CO_FUTURE_BARRY_AS_BDFL,
    ),
    (
        "generator_stop",
        (3, 5, 0, "beta", 1),
        Some((3, 7, 0, "alpha", 0)),
        CO_FUTURE_GENERATOR_STOP,
    ),
    (
        "annotations",
        (3, 7, 0, "beta", 1),
        None,
        CO_FUTURE_ANNOTATIONS,
    ),
];

fn release_tuple<'py>(py: Py<'py>, r: &Release) -> PyResult<Obj<'py>> {
    py.tuple(&[
        py.int(r.0)?,
        py.int(r.1)?,
        py.int(r.2)?,
        py.str(r.3)?,
        py.int(r.4)?,
    ])
}

fn release_repr(r: &Release) -> String {
    format!("({}, {}, {}, '{}', {})", r.0, r.1, r.2, r.3, r.4)
}

fn feature_getattr<'py>(obj: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let f = obj.native::<Feature>()?;
    let py = obj.py();
    Some(match name {
        "optional" => release_tuple(py, &f.optional),
        "mandatory" => match &f.mandatory {
            Some(r) => release_tuple(py, r),
            None => Ok(py.none()),
        },
        "compiler_flag" => py.int(f.compiler_flag),
        _ => return None,
    })
}

/// `_Feature.__repr__`: `"_Feature" + repr((optional, mandatory, compiler_flag))`.
fn feature_repr(obj: &Obj<'_>) -> PyResult<String> {
    let Some(f) = obj.native::<Feature>() else {
        return Ok(String::from("_Feature"));
    };
    let mandatory = f
        .mandatory
        .as_ref()
        .map_or_else(|| "None".to_owned(), release_repr);
    Ok(format!(
        "_Feature({}, {mandatory}, {})",
        release_repr(&f.optional),
        f.compiler_flag
    ))
}

static FEATURE_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(feature_getattr),
    repr: Some(feature_repr),
    ..Slots::EMPTY
};

/// `__future__._Feature`.
pub(crate) static FEATURE: StaticType =
    StaticType::native("_Feature", "__future__", &FEATURE_SLOTS);

/// Fills the `__future__` module.
pub(crate) fn fill<'py>(py: Py<'py>, m: &Obj<'py>) -> PyResult<()> {
    let names = FEATURES
        .iter()
        .map(|f| py.str(f.0))
        .collect::<PyResult<Vec<_>>>()?;
    let mut all = vec![py.str("all_feature_names")?];
    all.extend(names.iter().cloned());
    m.setattr("all_feature_names", &py.list_from(names)?)?;
    m.setattr("__all__", &py.list_from(all)?)?;
    for (name, value) in FLAGS {
        m.setattr(name, &py.int(value)?)?;
    }
    m.setattr("_Feature", &FEATURE.get(py))?;
    for (name, optional, mandatory, compiler_flag) in FEATURES {
        let f = py.new_native(
            &FEATURE,
            Feature {
                optional,
                mandatory,
                compiler_flag,
            },
        )?;
        m.setattr(name, &f)?;
    }
    Ok(())
}
