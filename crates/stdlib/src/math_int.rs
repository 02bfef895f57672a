//! The integer functions of `math` (`factorial`, `gcd`, `lcm`, `comb`, `perm`, `isqrt`) on
//! ints of any size, with CPython's texts.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use subinterp_object::{Obj, PyErr, PyResult, exc};
use subinterp_vm::{Args, Tstate};

use crate::args::index_arg;

fn value_error(msg: &str) -> PyErr {
    PyErr::new(&exc::VALUE_ERROR, msg)
}

fn overflow(msg: String) -> PyErr {
    PyErr::new(&exc::OVERFLOW_ERROR, msg)
}

/// The product of `lo..hi` (binary splitting keeps the operands balanced).
fn range_product(lo: u64, hi: u64) -> BigInt {
    if hi <= lo {
        return BigInt::one();
    }
    if hi - lo <= 16 {
        return (lo..hi).fold(BigInt::one(), |acc, k| acc * k);
    }
    let mid = lo + (hi - lo) / 2;
    range_product(lo, mid) * range_product(mid, hi)
}

fn factorial_of(n: &BigInt) -> PyResult<BigInt> {
    if n.is_negative() {
        return Err(value_error("factorial() not defined for negative values"));
    }
    let n = n.to_i64().ok_or_else(|| {
        overflow(format!(
            "factorial() argument should not exceed {}",
            i64::MAX
        ))
    })?;
    Ok(range_product(1, n as u64 + 1))
}

/// `math.factorial(n)`.
pub(crate) fn factorial<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let n = index_arg(&a.exactly("math.factorial", 1)?[0])?;
    ts.py().int_big(&factorial_of(&n)?)
}

/// Folds the int arguments with `f` from `start`, skipping the work once `done` holds (a
/// gcd of 1, an lcm of 0 cannot change; the arguments are still checked).
fn fold_ints<'py>(
    ts: &mut Tstate<'py>,
    a: &Args<'_, 'py>,
    name: &str,
    start: BigInt,
    done: fn(&BigInt) -> bool,
    f: fn(&BigInt, &BigInt) -> BigInt,
) -> PyResult<Obj<'py>> {
    a.no_kw(name)?;
    let mut acc = start;
    for v in a.pos {
        let x = index_arg(v)?;
        if !done(&acc) {
            acc = f(&acc, &x);
        }
    }
    ts.py().int_big(&acc)
}

/// `math.gcd(*integers)`.
pub(crate) fn gcd<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    fold_ints(ts, &a, "gcd", BigInt::zero(), BigInt::is_one, |x, y| {
        x.gcd(y)
    })
}

/// `math.lcm(*integers)`.
pub(crate) fn lcm<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    fold_ints(ts, &a, "lcm", BigInt::one(), BigInt::is_zero, |x, y| {
        x.lcm(y)
    })
}

/// `n * (n-1) * ... * (n-k+1)`.
fn falling(n: &BigInt, k: u64) -> BigInt {
    if let Some(n) = n.to_u64() {
        return range_product(n - k + 1, n + 1);
    }
    let mut r = BigInt::one();
    let mut f = n.clone();
    for _ in 0..k {
        r *= &f;
        f -= 1;
    }
    r
}

/// `k` as a count, with CPython's overflow text naming `what`.
fn count(k: &BigInt, what: &str) -> PyResult<u64> {
    k.to_i64()
        .map(|k| k as u64)
        .ok_or_else(|| overflow(format!("{what} must not exceed {}", i64::MAX)))
}

/// `math.comb(n, k)`.
pub(crate) fn comb<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let args = a.exactly("comb", 2)?;
    let (n, k) = (index_arg(&args[0])?, index_arg(&args[1])?);
    if n.is_negative() {
        return Err(value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(value_error("k must be a non-negative integer"));
    }
    if k > n {
        return ts.py().int(0);
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let k = count(&k, "min(n - k, k)")?;
    let r = falling(&n, k) / range_product(1, k + 1);
    ts.py().int_big(&r)
}

/// `math.perm(n, k=None)`.
pub(crate) fn perm<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let args = a.between("perm", 1, 2)?;
    let n = index_arg(&args[0])?;
    let k = match args.get(1).filter(|k| !k.is_none()) {
        None => return ts.py().int_big(&factorial_of(&n)?),
        Some(k) => index_arg(k)?,
    };
    if n.is_negative() {
        return Err(value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(value_error("k must be a non-negative integer"));
    }
    if k > n {
        return ts.py().int(0);
    }
    let k = count(&k, "k")?;
    ts.py().int_big(&falling(&n, k))
}

/// `math.isqrt(n)`.
pub(crate) fn isqrt<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let n = index_arg(&a.exactly("math.isqrt", 1)?[0])?;
    if n.is_negative() {
        return Err(value_error("isqrt() argument must be nonnegative"));
    }
    ts.py().int_big(&n.sqrt())
}
