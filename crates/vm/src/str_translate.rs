//! `str.translate` and `str.maketrans`: the character mapping pair.

use subinterp_object::{Kind, Obj, PyErr, PyResult};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};

use crate::str_methods::text;

/// `str.translate(table)`: each character looked up by its ordinal; a str or int value
/// replaces it, `None` deletes it, a missing key keeps it.
pub(crate) fn translate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let table = &a.exactly("translate", 1)?[0];
    let py = ts.py();
    let mut out = String::new();
    for c in text(slf)?.chars() {
        let key = py.int(i64::from(u32::from(c)))?;
        let v = match crate::subscr::get(ts, table, &key) {
            Ok(v) => v,
            Err(e) if e.is(&subinterp_object::exc::LOOKUP_ERROR) => {
                out.push(c);
                continue;
            }
            Err(e) => return Err(e),
        };
        if v.is_none() {
            continue;
        }
        if let Some(s) = v.as_str() {
            out.push_str(s);
        } else if let Some(ch) = v
            .as_i64()
            .and_then(|i| u32::try_from(i).ok())
            .and_then(char::from_u32)
        {
            out.push(ch);
        } else {
            return Err(PyErr::type_error(
                "character mapping must return integer, None or str",
            ));
        }
    }
    py.str(&out)
}

/// Static methods of `str` (`str.maketrans`): called with the type as receiver.
pub(crate) static STR_CLASS: &[BuiltinDef] = &[BuiltinDef {
    name: "maketrans",
    func: maketrans,
}];

/// `str.maketrans(x[, y[, z]])`.
fn maketrans<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let a = a.between("maketrans", 1, 3)?;
    let py = ts.py();
    let d = py.dict()?;
    let ord = |c: char| py.int(i64::from(u32::from(c)));
    if a.len() == 1 {
        if a[0].kind() != Kind::Dict {
            return Err(PyErr::type_error(
                "if you give only one argument to maketrans it must be a dict",
            ));
        }
        for (k, v) in a[0].dict_items()? {
            let key = match k.as_str() {
                Some(s) if s.chars().count() == 1 => ord(s.chars().next().unwrap_or('\0'))?,
                Some(_) => {
                    return Err(PyErr::value_error(
                        "string keys in translate table must be of length 1",
                    ));
                }
                None => k,
            };
            d.set_item(&key, &v)?;
        }
        return Ok(d);
    }
    let (Some(x), Some(y)) = (a[0].as_str(), a[1].as_str()) else {
        return Err(PyErr::type_error("maketrans() arguments must be str"));
    };
    if x.chars().count() != y.chars().count() {
        return Err(PyErr::value_error(
            "the first two maketrans arguments must have equal length",
        ));
    }
    for (cx, cy) in x.chars().zip(y.chars()) {
        d.set_item(&ord(cx)?, &ord(cy)?)?;
    }
    if let Some(z) = a.get(2).and_then(|z| z.as_str()) {
        for c in z.chars() {
            d.set_item(&ord(c)?, &py.none())?;
        }
    }
    Ok(d)
}
