//! The float algorithms of `math` that CPython does not leave to the platform libm
//! (`Modules/mathmodule.c`): the Lanczos `gamma` and `lgamma`, `sinpi`, the accurate
//! `hypot`/`dist` norm, `fsum`'s exact partial sums, `remainder`; and the libm functions
//! Rust's `f64` does not call (`asinh`, `acosh`, `atanh`, `erf`, `erfc`, `frexp`, `ldexp`).

// The Lanczos constants are written with CPython's published digits.
#![allow(clippy::excessive_precision)]

use std::f64::consts::PI;

// SAFETY: these are the C99 math functions of the platform libm, which std already links;
// their signatures are the C ones (doubles in, double out; `frexp` writes one `int` through
// its pointer), and they have no preconditions on their arguments.
unsafe extern "C" {
    pub(crate) safe fn acos(x: f64) -> f64;
    pub(crate) safe fn asin(x: f64) -> f64;
    pub(crate) safe fn atan(x: f64) -> f64;
    pub(crate) safe fn atan2(y: f64, x: f64) -> f64;
    pub(crate) safe fn cos(x: f64) -> f64;
    pub(crate) safe fn cosh(x: f64) -> f64;
    pub(crate) safe fn exp(x: f64) -> f64;
    pub(crate) safe fn exp2(x: f64) -> f64;
    pub(crate) safe fn expm1(x: f64) -> f64;
    pub(crate) safe fn log(x: f64) -> f64;
    pub(crate) safe fn log1p(x: f64) -> f64;
    pub(crate) safe fn log2(x: f64) -> f64;
    pub(crate) safe fn log10(x: f64) -> f64;
    pub(crate) safe fn pow(x: f64, y: f64) -> f64;
    pub(crate) safe fn sin(x: f64) -> f64;
    pub(crate) safe fn sinh(x: f64) -> f64;
    pub(crate) safe fn sqrt(x: f64) -> f64;
    pub(crate) safe fn tan(x: f64) -> f64;
    pub(crate) safe fn tanh(x: f64) -> f64;
    pub(crate) safe fn asinh(x: f64) -> f64;
    pub(crate) safe fn acosh(x: f64) -> f64;
    pub(crate) safe fn atanh(x: f64) -> f64;
    pub(crate) safe fn erf(x: f64) -> f64;
    pub(crate) safe fn erfc(x: f64) -> f64;
    pub(crate) safe fn ldexp(x: f64, e: libc::c_int) -> f64;
    fn frexp(x: f64, e: *mut libc::c_int) -> f64;
}

/// The platform libm's functions, called as CPython calls them (Rust's `f64` methods may use
/// their own implementations, whose last bits differ from glibc's).
pub(crate) mod libm {
    pub(crate) use super::cbrt;
    pub(crate) use super::{
        acos, asin, atan, atan2, cos, cosh, exp, exp2, expm1, log, log1p, log2, log10, pow, sin,
        sinh, sqrt, tan, tanh,
    };
}

/// libm's `cbrt`. Rust's runtime links its own `cbrt` into the binary (compiler-builtins),
/// which wins over the platform's at link time and differs in the last bit, so the
/// platform's is looked up by name once (Rust's when there is none).
pub(crate) fn cbrt(x: f64) -> f64 {
    use std::sync::OnceLock;
    type F = unsafe extern "C" fn(f64) -> f64;
    static CBRT: OnceLock<Option<F>> = OnceLock::new();
    let f = CBRT.get_or_init(|| {
        // SAFETY: `dlsym` with `RTLD_DEFAULT` and a NUL-terminated name has no other
        // precondition; it returns null or the address of the loaded `cbrt`.
        let p = unsafe { libc::dlsym(libc::RTLD_DEFAULT, c"cbrt".as_ptr()) };
        // SAFETY: a non-null `cbrt` symbol is the C function `double cbrt(double)`.
        (!p.is_null()).then(|| unsafe { std::mem::transmute::<*mut libc::c_void, F>(p) })
    });
    match f {
        // SAFETY: `cbrt` has no preconditions.
        Some(f) => unsafe { f(x) },
        None => x.cbrt(),
    }
}

/// libm's `asinh`.
pub(crate) fn m_asinh(x: f64) -> f64 {
    asinh(x)
}
/// libm's `acosh`.
pub(crate) fn m_acosh(x: f64) -> f64 {
    acosh(x)
}
/// libm's `atanh`.
pub(crate) fn m_atanh(x: f64) -> f64 {
    atanh(x)
}
/// libm's `erf`.
pub(crate) fn m_erf(x: f64) -> f64 {
    erf(x)
}
/// libm's `erfc`.
pub(crate) fn m_erfc(x: f64) -> f64 {
    erfc(x)
}
/// libm's `ldexp` (exponents clamped to the `int` range: beyond it the result is already
/// zero or infinite).
pub(crate) fn m_ldexp(x: f64, e: i64) -> f64 {
    ldexp(x, e.clamp(-100_000, 100_000) as libc::c_int)
}

/// libm's `frexp`: `(m, e)` with `x == m * 2**e` and `0.5 <= |m| < 1` (or `m == x` for zero,
/// infinities and NaN, with `e == 0`).
pub(crate) fn m_frexp(x: f64) -> (f64, i32) {
    let mut e: libc::c_int = 0;
    // SAFETY: `e` is a live, writable `int` for the duration of the call.
    let m = unsafe { frexp(x, &mut e) };
    (m, e)
}

/// `sin(pi * x)`, accurate near integers (finite `x` only).
fn sinpi(x: f64) -> f64 {
    let y = x.abs() % 2.0;
    let n = (2.0 * y).round() as i32;
    let r = match n {
        0 => sin(PI * y),
        1 => cos(PI * (y - 0.5)),
        2 => sin(PI * (1.0 - y)),
        3 => -cos(PI * (y - 1.5)),
        _ => sin(PI * (y - 2.0)),
    };
    1.0f64.copysign(x) * r
}

const LANCZOS_G: f64 = 6.024_680_040_776_729_583_740_234_375;
const LANCZOS_G_MINUS_HALF: f64 = 5.524_680_040_776_729_583_740_234_375;
const LANCZOS_NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN: [f64; 13] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];
const LOG_PI: f64 = 1.144_729_885_849_400_174_143_427_351_353_058_711_647;

/// Lanczos' sum for positive `x`, as a rational function (in `1/x` for large `x`).
fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// What a float function's result means for `math`: a value, a domain error or a range
/// error (CPython's `errno` after the call).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum FloatResult {
    Ok(f64),
    Domain,
    Range,
}

/// CPython's `m_tgamma`.
pub(crate) fn gamma(x: f64) -> FloatResult {
    use FloatResult::*;
    if !x.is_finite() {
        return if x.is_nan() || x > 0.0 { Ok(x) } else { Domain };
    }
    if x == 0.0 {
        return Domain;
    }
    if x == x.floor() {
        if x < 0.0 {
            return Domain;
        }
        if x <= 23.0 {
            let mut r = 1.0;
            for k in 2..(x as i64) {
                r *= k as f64;
            }
            return Ok(r);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() { Range } else { Ok(r) };
    }
    if absx > 200.0 {
        return if x < 0.0 { Ok(0.0 / sinpi(x)) } else { Range };
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    let z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    let z = z * LANCZOS_G / y;
    let r = if x < 0.0 {
        let mut r = -PI / sinpi(absx) / absx * exp(y) / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= pow(y, absx - 0.5);
        } else {
            let s = pow(y, absx / 2.0 - 0.25);
            r /= s;
            r /= s;
        }
        r
    } else {
        let mut r = lanczos_sum(absx) / exp(y);
        r += z * r;
        if absx < 140.0 {
            r *= pow(y, absx - 0.5);
        } else {
            let s = pow(y, absx / 2.0 - 0.25);
            r *= s;
            r *= s;
        }
        r
    };
    if r.is_infinite() { Range } else { Ok(r) }
}

/// CPython's `m_lgamma`.
pub(crate) fn lgamma(x: f64) -> FloatResult {
    use FloatResult::*;
    if !x.is_finite() {
        return Ok(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        return if x <= 0.0 { Domain } else { Ok(0.0) };
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return Ok(-log(absx));
    }
    let mut r = log(lanczos_sum(absx)) - LANCZOS_G;
    r += (absx - 0.5) * (log(absx + LANCZOS_G - 0.5) - 1.0);
    if x < 0.0 {
        r = LOG_PI - log(sinpi(absx).abs()) - log(absx) - r;
    }
    if r.is_infinite() { Range } else { Ok(r) }
}

/// The Euclidean norm of `vec` (absolute values, `max` the largest), CPython's
/// `vector_norm`: exact squares and sums carried in extra terms, one correction step.
pub(crate) fn vector_norm(vec: &[f64], max: f64, found_nan: bool) -> f64 {
    // 2**27 + 1: splits a double into two 26-bit halves (Veltkamp).
    const T27: f64 = 134_217_729.0;
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = m_frexp(max);
    let (mut csum, mut frac1, mut frac2, mut frac3) = (1.0f64, 0.0f64, 0.0f64, 0.0f64);
    let add = |csum: &mut f64, frac: &mut f64, x: f64| {
        let old = *csum;
        *csum += x;
        *frac += (old - *csum) + x;
    };
    if max_e >= -1023 {
        let scale = m_ldexp(1.0, -i64::from(max_e));
        let split = |x: f64| {
            let t = x * T27;
            let hi = t - (t - x);
            (hi, x - hi)
        };
        for &v in vec {
            let (hi, lo) = split(v * scale);
            add(&mut csum, &mut frac1, hi * hi);
            add(&mut csum, &mut frac2, 2.0 * hi * lo);
            frac3 += lo * lo;
        }
        let h = sqrt(csum - 1.0 + (frac1 + frac2 + frac3));
        let (hi, lo) = split(h);
        add(&mut csum, &mut frac1, -hi * hi);
        add(&mut csum, &mut frac2, -2.0 * hi * lo);
        add(&mut csum, &mut frac3, -lo * lo);
        let x = csum - 1.0 + (frac1 + frac2 + frac3);
        return (h + x / (2.0 * h)) / scale;
    }
    // Subnormal maximum: 2**-max_e would overflow, so divide by max instead.
    for &v in vec {
        let x = v / max;
        add(&mut csum, &mut frac1, x * x);
    }
    max * sqrt(csum - 1.0 + frac1)
}

/// Why `fsum` failed.
#[derive(Debug, PartialEq)]
pub(crate) enum FsumError {
    /// `OverflowError: intermediate overflow in fsum`.
    Overflow,
    /// `ValueError: -inf + inf in fsum`.
    InfMinusInf,
}

/// `math.fsum`'s state: non-overlapping partial sums in increasing magnitude, plus the sum
/// of the special values seen (CPython's msum with Dickinson's exact rounding).
#[derive(Default)]
pub(crate) struct Fsum {
    partials: Vec<f64>,
    special: f64,
    inf: f64,
}

impl Fsum {
    /// Adds one summand.
    pub(crate) fn add(&mut self, mut x: f64) -> Result<(), FsumError> {
        let xsave = x;
        let mut i = 0;
        for j in 0..self.partials.len() {
            let mut y = self.partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        self.partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(FsumError::Overflow);
                }
                if xsave.is_infinite() {
                    self.inf += xsave;
                }
                self.special += xsave;
                self.partials.clear();
            } else {
                self.partials.push(x);
            }
        }
        Ok(())
    }

    /// The correctly rounded sum.
    pub(crate) fn total(self) -> Result<f64, FsumError> {
        if self.special != 0.0 {
            return if self.inf.is_nan() {
                Err(FsumError::InfMinusInf)
            } else {
                Ok(self.special)
            };
        }
        let p = self.partials;
        let mut n = p.len();
        if n == 0 {
            return Ok(0.0);
        }
        n -= 1;
        let mut hi = p[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
        Ok(hi)
    }
}

/// IEEE 754 `remainder(x, y)`: `x - n*y` for the integer `n` nearest `x/y`, ties to even
/// (exact), with CPython's special values.
pub(crate) fn remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (absx, absy) = (x.abs(), y.abs());
        let m = absx % absy;
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            m - 2.0 * ((0.5 * (absx - m)) % absy)
        };
        return 1.0f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}
