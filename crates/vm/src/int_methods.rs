//! The methods of `int` (`bit_length`, `to_bytes`, ...) and its class method `from_bytes`.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};
use subinterp_object::{Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::int::from_big;
use crate::methods::this;

/// Methods of `int` instances.
pub(crate) static INT: &[BuiltinDef] = &[
    BuiltinDef {
        name: "bit_length",
        func: int_bit_length,
    },
    BuiltinDef {
        name: "bit_count",
        func: int_bit_count,
    },
    BuiltinDef {
        name: "to_bytes",
        func: int_to_bytes,
    },
    BuiltinDef {
        name: "conjugate",
        func: int_conjugate,
    },
    BuiltinDef {
        name: "as_integer_ratio",
        func: int_as_integer_ratio,
    },
    BuiltinDef {
        name: "is_integer",
        func: int_is_integer,
    },
];

/// Class methods of `int` (`int.from_bytes`): called with the type as receiver.
pub(crate) static INT_CLASS: &[BuiltinDef] = &[BuiltinDef {
    name: "from_bytes",
    func: int_from_bytes,
}];

/// The receiver's value (`bool` receivers included).
fn value(slf: Option<&Obj<'_>>) -> PyResult<BigInt> {
    let v = this(slf)?;
    v.as_bigint().ok_or_else(|| crate::int::not_an_integer(v))
}

fn int_bit_length<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("bit_length", 0)?;
    let n = match this(slf)?.as_i64() {
        Some(i) => u64::from(64 - i.unsigned_abs().leading_zeros()),
        None => value(slf)?.bits(),
    };
    ts.py().int(n as i64)
}

fn int_bit_count<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("bit_count", 0)?;
    let n: u64 = value(slf)?
        .magnitude()
        .to_u32_digits()
        .iter()
        .map(|d| u64::from(d.count_ones()))
        .sum();
    ts.py().int(n as i64)
}

fn int_conjugate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("conjugate", 0)?;
    from_big(ts.py(), value(slf)?)
}

fn int_as_integer_ratio<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("as_integer_ratio", 0)?;
    let py = ts.py();
    py.tuple(&[from_big(py, value(slf)?)?, py.int(1)?])
}

fn int_is_integer<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("is_integer", 0)?;
    Ok(ts.py().bool(true))
}

/// `byteorder`: `true` for little-endian.
fn little(fname: &str, o: Option<&Obj<'_>>) -> PyResult<bool> {
    match o {
        None => Ok(false),
        Some(o) => match o.as_str() {
            Some("little") => Ok(true),
            Some("big") => Ok(false),
            Some(_) => Err(PyErr::value_error(
                "byteorder must be either 'little' or 'big'",
            )),
            None => Err(PyErr::type_error(format!(
                "{fname}() argument 'byteorder' must be str, not {}",
                o.type_name()
            ))),
        },
    }
}

fn signed_arg<'py>(ts: &mut Tstate<'py>, o: Option<&Obj<'py>>) -> PyResult<bool> {
    match o {
        None => Ok(false),
        Some(o) => ts.truthy(o),
    }
}

fn at_most_positional(fname: &str, a: &Args<'_, '_>, n: usize) -> PyResult<()> {
    if a.pos.len() > n {
        return Err(PyErr::type_error(format!(
            "{fname}() takes at most {n} positional arguments ({} given)",
            a.pos.len()
        )));
    }
    Ok(())
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
fn int_to_bytes<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    at_most_positional("to_bytes", &a, 2)?;
    let [length, order, signed] = a.bind("to_bytes", ["length", "byteorder", "signed"], 0)?;
    let v = value(slf)?;
    let length = match &length {
        None => 1,
        Some(l) => {
            let n = crate::int::int_value(l).ok_or_else(|| crate::int::not_an_integer(l))?;
            match n {
                crate::int::IntV::Small(n) if n < 0 => {
                    return Err(PyErr::value_error("length argument must be non-negative"));
                }
                crate::int::IntV::Small(n) => usize::try_from(n).unwrap_or(usize::MAX),
                crate::int::IntV::Big(_) => {
                    return Err(PyErr::new(
                        &exc::OVERFLOW_ERROR,
                        "Python int too large to convert to C ssize_t",
                    ));
                }
            }
        }
    };
    let little = little("to_bytes", order.as_ref())?;
    let signed = signed_arg(ts, signed.as_ref())?;
    if !signed && v.is_negative() {
        return Err(PyErr::new(
            &exc::OVERFLOW_ERROR,
            "can't convert negative int to unsigned",
        ));
    }
    // Two's complement, little-endian, with the sign's fill beyond the value's own bytes.
    let mut bytes = v.to_signed_bytes_le();
    let fill = if v.is_negative() { 0xff } else { 0 };
    if !signed && bytes.len() > 1 && bytes.last() == Some(&0) {
        // An unsigned value's top byte may be the sign byte `to_signed_bytes_le` adds.
        bytes.pop();
    }
    if v.is_zero() {
        bytes.clear();
    }
    if bytes.len() > length {
        return Err(PyErr::new(&exc::OVERFLOW_ERROR, "int too big to convert"));
    }
    bytes.resize(length, fill);
    if !little {
        bytes.reverse();
    }
    ts.py().bytes(&bytes)
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`.
fn int_from_bytes<'py>(
    ts: &mut Tstate<'py>,
    _cls: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    at_most_positional("from_bytes", &a, 2)?;
    let [data, order, signed] = a.bind("from_bytes", ["bytes", "byteorder", "signed"], 1)?;
    let data = data.ok_or_else(|| PyErr::type_error("from_bytes() missing argument"))?;
    let little = little("from_bytes", order.as_ref())?;
    let signed = signed_arg(ts, signed.as_ref())?;
    let mut bytes = match data.as_bytes() {
        Some(b) => b.to_vec(),
        None if crate::int::int_value(&data).is_some() || data.as_str().is_some() => {
            return Err(PyErr::type_error(format!(
                "cannot convert '{}' object to bytes",
                data.type_name()
            )));
        }
        None => {
            let mut out = Vec::new();
            for item in ts.collect(&data)? {
                let b = item
                    .as_i64()
                    .and_then(|i| u8::try_from(i).ok())
                    .ok_or_else(|| PyErr::value_error("bytes must be in range(0, 256)"))?;
                out.push(b);
            }
            out
        }
    };
    if !little {
        bytes.reverse();
    }
    let v = if signed {
        BigInt::from_signed_bytes_le(&bytes)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &bytes)
    };
    from_big(ts.py(), v)
}
