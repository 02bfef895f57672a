//! `math`: CPython 3.13's functions over the platform libm (as CPython calls it: the same
//! special cases, `ValueError: math domain error` for a NaN from a non-NaN argument and for
//! a pole, `OverflowError: math range error` for an overflow), CPython's own algorithms
//! where it has them (`math_float.rs`), and ints of any size where CPython takes them.

use num_bigint::BigInt;
use num_traits::{Signed, Zero};
use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};
use subinterp_vm::{Args, BinOp, BuiltinDef, Tstate};

use crate::StdModule;
use crate::args::{add_functions, big_to_f64, check_positional, float_arg, float_to_int};
use crate::math_float::{self as mf, FloatResult, Fsum, FsumError, libm};
use crate::math_int;

/// The `math` module.
pub(crate) const MODULE: StdModule = StdModule {
    name: "math",
    doc: "This module provides access to the mathematical functions\ndefined by the C standard.",
    exec,
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    add_functions(m, &FUNCTIONS)?;
    for (name, v) in [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        m.setattr(name, &py.float(v)?)?;
    }
    Ok(())
}

fn domain() -> PyErr {
    PyErr::new(&exc::VALUE_ERROR, "math domain error")
}

fn range() -> PyErr {
    PyErr::new(&exc::OVERFLOW_ERROR, "math range error")
}

/// CPython's `math_1`: `func(x)`, a NaN from a non-NaN a domain error, an infinity from a
/// finite argument a range error when `can_overflow`, else a domain error (a pole).
fn math_1(x: f64, func: fn(f64) -> f64, can_overflow: bool) -> PyResult<f64> {
    let r = func(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow { range() } else { domain() });
    }
    Ok(r)
}

fn check(r: FloatResult) -> PyResult<f64> {
    match r {
        FloatResult::Ok(v) => Ok(v),
        FloatResult::Domain => Err(domain()),
        FloatResult::Range => Err(range()),
    }
}

/// One-argument float functions: the name CPython prints (`math.sqrt() takes exactly one
/// argument`), the libm function, whether an infinite result is an overflow.
macro_rules! unary {
    ($($fname:ident = $name:literal, $func:expr, $over:expr;)*) => {
        $(
            fn $fname<'py>(
                ts: &mut Tstate<'py>,
                _: Option<&Obj<'py>>,
                a: Args<'_, 'py>,
            ) -> PyResult<Obj<'py>> {
                let x = float_arg(&a.exactly(concat!("math.", $name), 1)?[0])?;
                ts.py().float(math_1(x, |v| $func(v), $over)?)
            }
        )*
    };
}

unary! {
    acos = "acos", libm::acos, false;
    acosh = "acosh", mf::m_acosh, false;
    asin = "asin", libm::asin, false;
    asinh = "asinh", mf::m_asinh, false;
    atan = "atan", libm::atan, false;
    atanh = "atanh", mf::m_atanh, false;
    cbrt = "cbrt", libm::cbrt, false;
    cos = "cos", libm::cos, false;
    cosh = "cosh", libm::cosh, true;
    erf = "erf", mf::m_erf, false;
    erfc = "erfc", mf::m_erfc, false;
    exp = "exp", libm::exp, true;
    exp2 = "exp2", libm::exp2, true;
    expm1 = "expm1", libm::expm1, true;
    fabs = "fabs", f64::abs, false;
    sin = "sin", libm::sin, false;
    sinh = "sinh", libm::sinh, true;
    sqrt = "sqrt", libm::sqrt, false;
    tan = "tan", libm::tan, false;
    tanh = "tanh", libm::tanh, false;
}

fn one<'a, 'py>(a: &Args<'a, 'py>, name: &str) -> PyResult<&'a Obj<'py>> {
    Ok(&a.exactly(name, 1)?[0])
}

fn two<'py>(a: &Args<'_, 'py>, name: &str) -> PyResult<(f64, f64)> {
    let v = a.exactly(name, 2)?;
    Ok((float_arg(&v[0])?, float_arg(&v[1])?))
}

fn gamma<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let x = float_arg(one(&a, "math.gamma")?)?;
    ts.py().float(check(mf::gamma(x))?)
}

fn lgamma<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let x = float_arg(one(&a, "math.lgamma")?)?;
    ts.py().float(check(mf::lgamma(x))?)
}

/// `floor`/`ceil`/`trunc`: ints come back unchanged, floats rounded to an int of any size.
fn rounding<'py>(
    ts: &mut Tstate<'py>,
    v: &Obj<'py>,
    f: fn(f64) -> f64,
    trunc: bool,
) -> PyResult<Obj<'py>> {
    match v.kind() {
        Kind::Int => Ok(v.clone()),
        Kind::Bool => ts.py().int(i64::from(v.as_bool() == Some(true))),
        Kind::Float => float_to_int(ts.py(), f(v.as_f64().unwrap_or(f64::NAN))),
        _ if trunc => Err(PyErr::type_error(format!(
            "type {} doesn't define __trunc__ method",
            v.type_name()
        ))),
        _ => float_to_int(ts.py(), f(float_arg(v)?)),
    }
}

fn floor<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = one(&a, "math.floor")?;
    rounding(ts, v, f64::floor, false)
}

fn ceil<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = one(&a, "math.ceil")?;
    rounding(ts, v, f64::ceil, false)
}

fn trunc<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = one(&a, "math.trunc")?;
    rounding(ts, v, f64::trunc, true)
}

/// CPython's `loghelper`: ints too large for a float are split as `m * 2**e`.
fn loghelper(v: &Obj<'_>, func: fn(f64) -> f64) -> PyResult<f64> {
    if matches!(v.kind(), Kind::Int | Kind::Bool) {
        let n = v.as_bigint().unwrap_or_default();
        if !n.is_positive() {
            return Err(domain());
        }
        if let Ok(x) = big_to_f64(&n) {
            return math_1(x, func, false);
        }
        // x = m * 2**e with 0.5 <= m < 1: the top 64 bits, the rest folded into a sticky
        // bit, so the conversion to a float rounds as CPython's `_PyLong_Frexp`.
        let bits = n.bits();
        let shift = bits - 64;
        let top: BigInt = &n >> shift;
        let sticky = !(&n - (&top << shift)).is_zero();
        let t = num_traits::ToPrimitive::to_u64(&top).unwrap_or(u64::MAX) | u64::from(sticky);
        let m = t as f64 / 18_446_744_073_709_551_616.0;
        return Ok(func(m) + func(2.0) * bits as f64);
    }
    math_1(float_arg(v)?, func, false)
}

/// `m_log`/`m_log2`/`m_log10`: positive finite arguments to libm, the special values as
/// CPython (a zero or negative argument is NaN, a domain error).
fn log_of(f: fn(f64) -> f64) -> impl Fn(f64) -> f64 {
    move |x: f64| {
        if x.is_finite() {
            if x > 0.0 { f(x) } else { f64::NAN }
        } else if x.is_nan() || x > 0.0 {
            x
        } else {
            f64::NAN
        }
    }
}

fn m_log(x: f64) -> f64 {
    log_of(|v| libm::log(v))(x)
}
fn m_log2(x: f64) -> f64 {
    log_of(|v| libm::log2(v))(x)
}
fn m_log10(x: f64) -> f64 {
    log_of(|v| libm::log10(v))(x)
}

fn log<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let args = a.between("log", 1, 2)?;
    let num = loghelper(&args[0], m_log)?;
    let r = match args.get(1) {
        None => num,
        Some(base) => {
            let den = loghelper(base, m_log)?;
            if den == 0.0 {
                return Err(PyErr::new(
                    &exc::ZERO_DIVISION_ERROR,
                    "float division by zero",
                ));
            }
            num / den
        }
    };
    ts.py().float(r)
}

fn log2<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = one(&a, "math.log2")?;
    ts.py().float(loghelper(v, m_log2)?)
}

fn log10<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = one(&a, "math.log10")?;
    ts.py().float(loghelper(v, m_log10)?)
}

fn log1p<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let x = float_arg(one(&a, "math.log1p")?)?;
    // libm's log1p(-1) is -inf (a pole): a domain error, as CPython's `m_log1p`.
    ts.py().float(math_1(x, |v| libm::log1p(v), false)?)
}

fn pow<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let (x, y) = two(&a, "pow")?;
    let r = if !x.is_finite() || !y.is_finite() {
        if x.is_nan() {
            if y == 0.0 { 1.0 } else { x }
        } else if y.is_nan() {
            if x == 1.0 { 1.0 } else { y }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y { x } else { x.abs() }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if (y > 0.0 && x.abs() > 1.0) || (y < 0.0 && x.abs() < 1.0) {
            f64::INFINITY
        } else {
            0.0
        }
    } else {
        let r = libm::pow(x, y);
        if r.is_nan() || (r.is_infinite() && x == 0.0) {
            return Err(domain());
        }
        if r.is_infinite() {
            return Err(range());
        }
        r
    };
    ts.py().float(r)
}

fn atan2<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let (y, x) = two(&a, "atan2")?;
    ts.py().float(libm::atan2(y, x))
}

fn copysign<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (x, y) = two(&a, "copysign")?;
    ts.py().float(x.copysign(y))
}

fn fmod<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let (x, y) = two(&a, "fmod")?;
    // fmod(x, +-inf) is x for finite x; a NaN from non-NaN arguments is a domain error.
    if y.is_infinite() && x.is_finite() {
        return ts.py().float(x);
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain());
    }
    ts.py().float(r)
}

fn remainder<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (x, y) = two(&a, "remainder")?;
    let r = mf::remainder(x, y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain());
    }
    ts.py().float(r)
}

fn modf<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let x = float_arg(one(&a, "math.modf")?)?;
    let py = ts.py();
    let (frac, int) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else {
        let i = x.trunc();
        ((x - i).copysign(x), i)
    };
    py.tuple(&[py.float(frac)?, py.float(int)?])
}

fn frexp<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let x = float_arg(one(&a, "math.frexp")?)?;
    let py = ts.py();
    let (m, e) = if x.is_finite() {
        mf::m_frexp(x)
    } else {
        (x, 0)
    };
    py.tuple(&[py.float(m)?, py.int(i64::from(e))?])
}

fn ldexp<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = a.exactly("ldexp", 2)?;
    let x = float_arg(&v[0])?;
    if !matches!(v[1].kind(), Kind::Int | Kind::Bool) {
        return Err(PyErr::type_error(
            "Expected an int as second argument to ldexp.",
        ));
    }
    let e = v[1].as_bigint().unwrap_or_default();
    let e = num_traits::ToPrimitive::to_i64(&e).unwrap_or(if e.is_negative() {
        i64::MIN
    } else {
        i64::MAX
    });
    let r = if x == 0.0 || !x.is_finite() {
        x
    } else {
        let r = mf::m_ldexp(x, e);
        if r.is_infinite() {
            return Err(range());
        }
        r
    };
    ts.py().float(r)
}

fn predicate<'py>(
    ts: &mut Tstate<'py>,
    a: &Args<'_, 'py>,
    name: &str,
    f: fn(f64) -> bool,
) -> PyResult<Obj<'py>> {
    let x = float_arg(one(a, name)?)?;
    Ok(ts.py().bool(f(x)))
}

fn isnan<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    predicate(ts, &a, "math.isnan", f64::is_nan)
}

fn isinf<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    predicate(ts, &a, "math.isinf", f64::is_infinite)
}

fn isfinite<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    predicate(ts, &a, "math.isfinite", f64::is_finite)
}

fn isclose<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    if a.pos.len() > 2 {
        check_positional(&a, "isclose", 2, true)?;
    }
    let [x, y, rel, abs] = a.bind("isclose", ["a", "b", "rel_tol", "abs_tol"], 2)?;
    let (x, y) = (
        float_arg(x.as_ref().unwrap_or(&ts.py().none()))?,
        float_arg(y.as_ref().unwrap_or(&ts.py().none()))?,
    );
    let rel = rel.map(|v| float_arg(&v)).transpose()?.unwrap_or(1e-9);
    let abs = abs.map(|v| float_arg(&v)).transpose()?.unwrap_or(0.0);
    if rel < 0.0 || abs < 0.0 {
        return Err(PyErr::new(
            &exc::VALUE_ERROR,
            "tolerances must be non-negative",
        ));
    }
    let close = if x == y {
        true
    } else if x.is_infinite() || y.is_infinite() {
        false
    } else {
        let diff = (y - x).abs();
        diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs
    };
    Ok(ts.py().bool(close))
}

fn degrees<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let x = float_arg(one(&a, "math.degrees")?)?;
    ts.py().float(x * (180.0 / std::f64::consts::PI))
}

fn radians<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let x = float_arg(one(&a, "math.radians")?)?;
    ts.py().float(x * (std::f64::consts::PI / 180.0))
}

fn hypot<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.no_kw("hypot")?;
    let mut coords = Vec::with_capacity(a.pos.len());
    for v in a.pos {
        coords.push(float_arg(v)?.abs());
    }
    ts.py().float(norm(&coords))
}

fn norm(v: &[f64]) -> f64 {
    let found_nan = v.iter().any(|x| x.is_nan());
    let max = v.iter().fold(0.0f64, |m, &x| if x > m { x } else { m });
    mf::vector_norm(v, max, found_nan)
}

fn dist<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = a.exactly("dist", 2)?;
    let p = ts.to_vec(&v[0])?;
    let q = ts.to_vec(&v[1])?;
    if p.len() != q.len() {
        return Err(PyErr::new(
            &exc::VALUE_ERROR,
            "both points must have the same number of dimensions",
        ));
    }
    let mut diffs = Vec::with_capacity(p.len());
    for (x, y) in p.iter().zip(&q) {
        diffs.push((float_arg(x)? - float_arg(y)?).abs());
    }
    ts.py().float(norm(&diffs))
}

fn fsum<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let it = ts.get_iter(one(&a, "math.fsum")?)?;
    let mut sum = Fsum::default();
    let fsum_err = |e: FsumError| match e {
        FsumError::Overflow => PyErr::new(&exc::OVERFLOW_ERROR, "intermediate overflow in fsum"),
        FsumError::InfMinusInf => PyErr::new(&exc::VALUE_ERROR, "-inf + inf in fsum"),
    };
    while let Some(v) = ts.next_item(&it)? {
        sum.add(float_arg(&v)?).map_err(fsum_err)?;
    }
    ts.py().float(sum.total().map_err(fsum_err)?)
}

fn prod<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    check_positional(&a, "prod", 1, true)?;
    a.only_kw("prod", &["start"])?;
    let mut acc = match a.kwarg("start") {
        Some(s) => s.clone(),
        None => ts.py().int(1)?,
    };
    let it = ts.get_iter(&a.pos[0])?;
    while let Some(v) = ts.next_item(&it)? {
        acc = ts.binary(BinOp::Multiply, false, &acc, &v)?;
    }
    Ok(acc)
}

/// `math.sumprod(p, q)`: the sum of products, exactly as repeated `+` and `*` (CPython's
/// extended-precision float path is not reproduced for mixed float inputs).
fn sumprod<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.exactly("sumprod", 2)?;
    let p = ts.get_iter(&v[0])?;
    let q = ts.get_iter(&v[1])?;
    let mut acc = ts.py().int(0)?;
    loop {
        match (ts.next_item(&p)?, ts.next_item(&q)?) {
            (Some(x), Some(y)) => {
                let m = ts.binary(BinOp::Multiply, false, &x, &y)?;
                acc = ts.binary(BinOp::Add, false, &acc, &m)?;
            }
            (None, None) => return Ok(acc),
            _ => {
                return Err(PyErr::new(
                    &exc::VALUE_ERROR,
                    "Inputs are not the same length",
                ));
            }
        }
    }
}

fn nextafter<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (x, y) = two(&a, "nextafter")?;
    ts.py().float(next_toward(x, y))
}

/// The float after `x` in the direction of `y` (C's `nextafter`).
fn next_toward(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
}

fn ulp<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let x = float_arg(one(&a, "math.ulp")?)?.abs();
    let r = if x.is_nan() || x.is_infinite() {
        x
    } else {
        let next = next_toward(x, f64::INFINITY);
        if next.is_infinite() {
            x - next_toward(x, 0.0)
        } else {
            next - x
        }
    };
    ts.py().float(r)
}

static FUNCTIONS: [BuiltinDef; 57] = [
    BuiltinDef {
        name: "acos",
        func: acos,
    },
    BuiltinDef {
        name: "acosh",
        func: acosh,
    },
    BuiltinDef {
        name: "asin",
        func: asin,
    },
    BuiltinDef {
        name: "asinh",
        func: asinh,
    },
    BuiltinDef {
        name: "atan",
        func: atan,
    },
    BuiltinDef {
        name: "atan2",
        func: atan2,
    },
    BuiltinDef {
        name: "atanh",
        func: atanh,
    },
    BuiltinDef {
        name: "cbrt",
        func: cbrt,
    },
    BuiltinDef {
        name: "ceil",
        func: ceil,
    },
    BuiltinDef {
        name: "comb",
        func: math_int::comb,
    },
    BuiltinDef {
        name: "copysign",
        func: copysign,
    },
    BuiltinDef {
        name: "cos",
        func: cos,
    },
    BuiltinDef {
        name: "cosh",
        func: cosh,
    },
    BuiltinDef {
        name: "degrees",
        func: degrees,
    },
    BuiltinDef {
        name: "dist",
        func: dist,
    },
    BuiltinDef {
        name: "erf",
        func: erf,
    },
    BuiltinDef {
        name: "erfc",
        func: erfc,
    },
    BuiltinDef {
        name: "exp",
        func: exp,
    },
    BuiltinDef {
        name: "exp2",
        func: exp2,
    },
    BuiltinDef {
        name: "expm1",
        func: expm1,
    },
    BuiltinDef {
        name: "fabs",
        func: fabs,
    },
    BuiltinDef {
        name: "factorial",
        func: math_int::factorial,
    },
    BuiltinDef {
        name: "floor",
        func: floor,
    },
    BuiltinDef {
        name: "fmod",
        func: fmod,
    },
    BuiltinDef {
        name: "frexp",
        func: frexp,
    },
    BuiltinDef {
        name: "fsum",
        func: fsum,
    },
    BuiltinDef {
        name: "gamma",
        func: gamma,
    },
    BuiltinDef {
        name: "gcd",
        func: math_int::gcd,
    },
    BuiltinDef {
        name: "hypot",
        func: hypot,
    },
    BuiltinDef {
        name: "isclose",
        func: isclose,
    },
    BuiltinDef {
        name: "isfinite",
        func: isfinite,
    },
    BuiltinDef {
        name: "isinf",
        func: isinf,
    },
    BuiltinDef {
        name: "isnan",
        func: isnan,
    },
    BuiltinDef {
        name: "isqrt",
        func: math_int::isqrt,
    },
    BuiltinDef {
        name: "lcm",
        func: math_int::lcm,
    },
    BuiltinDef {
        name: "ldexp",
        func: ldexp,
    },
    BuiltinDef {
        name: "lgamma",
        func: lgamma,
    },
    BuiltinDef {
        name: "log",
        func: log,
    },
    BuiltinDef {
        name: "log10",
        func: log10,
    },
    BuiltinDef {
        name: "log1p",
        func: log1p,
    },
    BuiltinDef {
        name: "log2",
        func: log2,
    },
    BuiltinDef {
        name: "modf",
        func: modf,
    },
    BuiltinDef {
        name: "nextafter",
        func: nextafter,
    },
    BuiltinDef {
        name: "perm",
        func: math_int::perm,
    },
    BuiltinDef {
        name: "pow",
        func: pow,
    },
    BuiltinDef {
        name: "prod",
        func: prod,
    },
    BuiltinDef {
        name: "radians",
        func: radians,
    },
    BuiltinDef {
        name: "remainder",
        func: remainder,
    },
    BuiltinDef {
        name: "sin",
        func: sin,
    },
    BuiltinDef {
        name: "sinh",
        func: sinh,
    },
    BuiltinDef {
        name: "sqrt",
        func: sqrt,
    },
    BuiltinDef {
        name: "sumprod",
        func: sumprod,
    },
    BuiltinDef {
        name: "tan",
        func: tan,
    },
    BuiltinDef {
        name: "tanh",
        func: tanh,
    },
    BuiltinDef {
        name: "trunc",
        func: trunc,
    },
    BuiltinDef {
        name: "ulp",
        func: ulp,
    },
    BuiltinDef {
        name: "fma",
        func: fma,
    },
];

fn fma<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = a.exactly("fma", 3)?;
    let (x, y, z) = (float_arg(&v[0])?, float_arg(&v[1])?, float_arg(&v[2])?);
    let r = x.mul_add(y, z);
    if r.is_finite() || x.is_nan() || y.is_nan() || z.is_nan() {
        return ts.py().float(r);
    }
    if r.is_nan() {
        return Err(PyErr::new(&exc::VALUE_ERROR, "invalid operation in fma"));
    }
    if x.is_finite() && y.is_finite() && z.is_finite() {
        return Err(PyErr::new(&exc::OVERFLOW_ERROR, "overflow in fma"));
    }
    ts.py().float(r)
}
