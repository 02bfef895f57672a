//! The sequence and distribution methods of `Random` (`choice`, `choices`, `shuffle`,
//! `sample`, `uniform`, `triangular`, `gauss`, `normalvariate`, `lognormvariate`,
//! `expovariate`, `paretovariate`, `weibullvariate`, `gammavariate`, `betavariate`),
//! following `random.py` 3.13 line for line: the same calls of the generator in the same
//! order, the same float operations through the platform libm.

use std::cell::RefCell;

use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};
use subinterp_vm::{Args, BinOp, CmpOp, Tstate};

use crate::args::float_arg;
use crate::math_float::libm;
use crate::pyargs;
use crate::random::{Gen, gen_of, randbelow_usize};

fn rnd(g: &RefCell<Gen>) -> f64 {
    g.borrow_mut().mt.random()
}

fn value_error(m: &str) -> PyErr {
    PyErr::new(&exc::VALUE_ERROR, m.to_owned())
}

pub(crate) fn choice<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [seq] = pyargs::bind(&a, "Random.choice", ["seq"], 1, 1)?;
    let seq = seq.unwrap_or_else(|| ts.py().none());
    let n = ts.length(&seq)?;
    if n == 0 {
        return Err(PyErr::new(
            &exc::INDEX_ERROR,
            "Cannot choose from an empty sequence",
        ));
    }
    let i = randbelow_usize(gen_of(slf)?, n);
    ts.get_item(&seq, &ts.py().int(i as i64)?)
}

pub(crate) fn choices<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [population, weights, cum_weights, k] = pyargs::bind(
        &a,
        "Random.choices",
        ["population", "weights", "cum_weights", "k"],
        2,
        1,
    )?;
    let py = ts.py();
    let g = gen_of(slf)?;
    let population = population.unwrap_or_else(|| py.none());
    let k = match k {
        Some(k) => crate::random::bits_arg(&k).unwrap_or(0),
        None => 1,
    };
    let n = ts.length(&population)?;
    let weights = weights.filter(|w| !w.is_none());
    let cum_weights = match (cum_weights.filter(|c| !c.is_none()), weights) {
        (None, None) => {
            let nf = n as f64;
            let mut out = Vec::with_capacity(k as usize);
            for _ in 0..k {
                let i = (rnd(g) * nf).floor() as i64;
                out.push(ts.get_item(&population, &py.int(i)?)?);
            }
            return py.list(&out);
        }
        (None, Some(w)) => {
            let it = match ts.get_iter(&w) {
                Ok(it) => it,
                Err(e) if e.is(&exc::TYPE_ERROR) && matches!(w.kind(), Kind::Int) => {
                    return Err(PyErr::type_error(format!(
                        "The number of choices must be a keyword argument: k={}",
                        w.repr()?
                    )));
                }
                Err(e) => return Err(e),
            };
            let mut cum = Vec::new();
            let mut total: Option<Obj<'py>> = None;
            while let Some(v) = ts.next_item(&it)? {
                let t = match total {
                    None => v,
                    Some(t) => ts.binary(BinOp::Add, false, &t, &v)?,
                };
                cum.push(t.clone());
                total = Some(t);
            }
            cum
        }
        (Some(c), None) => ts.to_vec(&c)?,
        (Some(_), Some(_)) => {
            return Err(PyErr::type_error(
                "Cannot specify both weights and cumulative weights",
            ));
        }
    };
    if cum_weights.len() != n {
        return Err(value_error(
            "The number of weights does not match the population",
        ));
    }
    let last = cum_weights
        .last()
        .cloned()
        .ok_or_else(|| PyErr::new(&exc::INDEX_ERROR, "list index out of range"))?;
    let total = ts.binary(BinOp::Add, false, &last, &py.float(0.0)?)?;
    let total = float_arg(&total)?;
    if total <= 0.0 {
        return Err(value_error("Total of weights must be greater than zero"));
    }
    if !total.is_finite() {
        return Err(value_error("Total of weights must be finite"));
    }
    let hi = n - 1;
    let mut out = Vec::with_capacity(k as usize);
    for _ in 0..k {
        let x = py.float(rnd(g) * total)?;
        // bisect_right(cum_weights, x, 0, hi)
        let (mut lo, mut h) = (0usize, hi);
        while lo < h {
            let mid = (lo + h) / 2;
            if ts.compare(CmpOp::Lt, &x, &cum_weights[mid])? {
                h = mid;
            } else {
                lo = mid + 1;
            }
        }
        out.push(ts.get_item(&population, &py.int(lo as i64)?)?);
    }
    py.list(&out)
}

pub(crate) fn shuffle<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [x] = pyargs::bind(&a, "Random.shuffle", ["x"], 1, 1)?;
    let py = ts.py();
    let x = x.unwrap_or_else(|| py.none());
    let n = crate::args::len_of(ts, &x)?;
    let g = gen_of(slf)?;
    for i in (1..n).rev() {
        let j = randbelow_usize(g, i + 1);
        let (ki, kj) = (py.int(i as i64)?, py.int(j as i64)?);
        let (vi, vj) = (ts.get_item(&x, &ki)?, ts.get_item(&x, &kj)?);
        ts.set_item(&x, &ki, &vj)?;
        ts.set_item(&x, &kj, &vi)?;
    }
    Ok(py.none())
}

fn is_sequence(v: &Obj<'_>) -> bool {
    matches!(v.kind(), Kind::List | Kind::Tuple | Kind::Str | Kind::Bytes)
        || v.type_name() == "range"
}

pub(crate) fn sample<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [population, k, counts] =
        pyargs::bind(&a, "Random.sample", ["population", "k", "counts"], 2, 2)?;
    let py = ts.py();
    let population = population.unwrap_or_else(|| py.none());
    if !is_sequence(&population) {
        return Err(PyErr::type_error(
            "Population must be a sequence.  For dicts or sets, use sorted(d).",
        ));
    }
    let n = ts.length(&population)?;
    let k = k.unwrap_or_else(|| py.none());
    let g = gen_of(slf)?;
    if let Some(counts) = counts.filter(|c| !c.is_none()) {
        return sample_counts(ts, slf, &population, n, &k, &counts);
    }
    if !matches!(k.kind(), Kind::Int | Kind::Bool) {
        return Err(crate::args::not_an_integer(&k));
    }
    let kk = k.as_i64().unwrap_or(-1);
    if kk < 0 || kk as usize > n {
        return Err(value_error("Sample larger than population or is negative"));
    }
    let k = kk as usize;
    let mut setsize = 21usize;
    if k > 5 {
        let e = (libm::log((k * 3) as f64) / libm::log(4.0)).ceil();
        setsize += 4usize.pow(e as u32);
    }
    let mut result = Vec::with_capacity(k);
    if n <= setsize {
        let mut pool = ts.to_vec(&population)?;
        for i in 0..k {
            let j = randbelow_usize(g, n - i);
            result.push(pool[j].clone());
            pool[j] = pool[n - i - 1].clone();
        }
    } else {
        let mut selected = std::collections::HashSet::new();
        for _ in 0..k {
            let mut j = randbelow_usize(g, n);
            while selected.contains(&j) {
                j = randbelow_usize(g, n);
            }
            selected.insert(j);
            result.push(ts.get_item(&population, &py.int(j as i64)?)?);
        }
    }
    py.list(&result)
}

/// `sample(population, k, counts=...)`: a sample of `range(total)` mapped back through the
/// cumulative counts.
fn sample_counts<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    population: &Obj<'py>,
    n: usize,
    k: &Obj<'py>,
    counts: &Obj<'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let mut cum: Vec<i64> = Vec::new();
    let mut acc = 0i64;
    for c in ts.to_vec(counts)? {
        if !matches!(c.kind(), Kind::Int | Kind::Bool) {
            return Err(PyErr::type_error("Counts must be integers"));
        }
        acc += c.as_i64().unwrap_or(0);
        cum.push(acc);
    }
    if cum.len() != n {
        return Err(value_error(
            "The number of counts does not match the population",
        ));
    }
    let total = cum.pop().unwrap_or(0);
    if total < 0 {
        return Err(value_error("Counts must be non-negative"));
    }
    let range = ts
        .builtins()
        .dict_get_str("range")?
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "no builtin range"))?;
    let r = ts.call(&range, Args::positional(&[py.int(total)?]))?;
    let sel = sample(ts, slf, Args::positional(&[r, k.clone()]))?;
    let mut out = Vec::new();
    for s in ts.to_vec(&sel)? {
        let s = s.as_i64().unwrap_or(0);
        let i = cum.partition_point(|&c| c <= s);
        out.push(ts.get_item(population, &py.int(i as i64)?)?);
    }
    py.list(&out)
}

pub(crate) fn uniform<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [x, y] = pyargs::bind(&a, "Random.uniform", ["a", "b"], 2, 2)?;
    let none = ts.py().none();
    let (x, y) = (x.unwrap_or(none.clone()), y.unwrap_or(none));
    let r = ts.py().float(rnd(gen_of(slf)?))?;
    let d = ts.binary(BinOp::Subtract, false, &y, &x)?;
    let p = ts.binary(BinOp::Multiply, false, &d, &r)?;
    ts.binary(BinOp::Add, false, &x, &p)
}

pub(crate) fn triangular<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [low, high, mode] = pyargs::bind(&a, "Random.triangular", ["low", "high", "mode"], 3, 0)?;
    let py = ts.py();
    let mut low = low.unwrap_or(py.float(0.0)?);
    let mut high = high.unwrap_or(py.float(1.0)?);
    let mut u = rnd(gen_of(slf)?);
    let mut c = match mode.filter(|m| !m.is_none()) {
        None => 0.5,
        Some(m) => {
            let num = ts.binary(BinOp::Subtract, false, &m, &low)?;
            let den = ts.binary(BinOp::Subtract, false, &high, &low)?;
            match ts.binary(BinOp::TrueDivide, false, &num, &den) {
                Ok(c) => float_arg(&c)?,
                Err(e) if e.is(&exc::ZERO_DIVISION_ERROR) => return Ok(low),
                Err(e) => return Err(e),
            }
        }
    };
    if u > c {
        u = 1.0 - u;
        c = 1.0 - c;
        std::mem::swap(&mut low, &mut high);
    }
    let d = ts.binary(BinOp::Subtract, false, &high, &low)?;
    let s = py.float(libm::sqrt(u * c))?;
    let p = ts.binary(BinOp::Multiply, false, &d, &s)?;
    ts.binary(BinOp::Add, false, &low, &p)
}

/// `mu` and `sigma` with their defaults.
fn mu_sigma(a: &Args<'_, '_>, name: &str) -> PyResult<(f64, f64)> {
    let [mu, sigma] = pyargs::bind(a, name, ["mu", "sigma"], 2, 0)?;
    Ok((
        mu.map(|v| float_arg(&v)).transpose()?.unwrap_or(0.0),
        sigma.map(|v| float_arg(&v)).transpose()?.unwrap_or(1.0),
    ))
}

pub(crate) fn gauss<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (mu, sigma) = mu_sigma(&a, "Random.gauss")?;
    let g = gen_of(slf)?;
    let z = g.borrow_mut().gauss_next.take();
    let z = match z {
        Some(z) => z,
        None => {
            let x2pi = rnd(g) * std::f64::consts::TAU;
            let g2rad = libm::sqrt(-2.0 * libm::log(1.0 - rnd(g)));
            g.borrow_mut().gauss_next = Some(libm::sin(x2pi) * g2rad);
            libm::cos(x2pi) * g2rad
        }
    };
    ts.py().float(mu + z * sigma)
}

fn normal(g: &RefCell<Gen>, mu: f64, sigma: f64) -> f64 {
    let nv_magicconst = 4.0 * libm::exp(-0.5) / libm::sqrt(2.0);
    loop {
        let u1 = rnd(g);
        let u2 = 1.0 - rnd(g);
        let z = nv_magicconst * (u1 - 0.5) / u2;
        let zz = z * z / 4.0;
        if zz <= -libm::log(u2) {
            return mu + z * sigma;
        }
    }
}

pub(crate) fn normalvariate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (mu, sigma) = mu_sigma(&a, "Random.normalvariate")?;
    ts.py().float(normal(gen_of(slf)?, mu, sigma))
}

pub(crate) fn lognormvariate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [mu, sigma] = pyargs::bind(&a, "Random.lognormvariate", ["mu", "sigma"], 2, 2)?;
    let none = ts.py().none();
    let (mu, sigma) = (
        float_arg(mu.as_ref().unwrap_or(&none))?,
        float_arg(sigma.as_ref().unwrap_or(&none))?,
    );
    ts.py().float(libm::exp(normal(gen_of(slf)?, mu, sigma)))
}

/// Python's `x / y` on floats (`ZeroDivisionError: float division by zero`).
fn fdiv(x: f64, y: f64) -> PyResult<f64> {
    if y == 0.0 {
        return Err(PyErr::new(
            &exc::ZERO_DIVISION_ERROR,
            "float division by zero",
        ));
    }
    Ok(x / y)
}

pub(crate) fn expovariate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [lambd] = pyargs::bind(&a, "Random.expovariate", ["lambd"], 1, 0)?;
    let lambd = lambd.map(|v| float_arg(&v)).transpose()?.unwrap_or(1.0);
    let u = rnd(gen_of(slf)?);
    ts.py().float(fdiv(-libm::log(1.0 - u), lambd)?)
}

pub(crate) fn paretovariate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [alpha] = pyargs::bind(&a, "Random.paretovariate", ["alpha"], 1, 1)?;
    let alpha = float_arg(alpha.as_ref().unwrap_or(&ts.py().none()))?;
    let u = 1.0 - rnd(gen_of(slf)?);
    ts.py().float(libm::pow(u, fdiv(-1.0, alpha)?))
}

pub(crate) fn weibullvariate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [alpha, beta] = pyargs::bind(&a, "Random.weibullvariate", ["alpha", "beta"], 2, 2)?;
    let none = ts.py().none();
    let alpha = float_arg(alpha.as_ref().unwrap_or(&none))?;
    let beta = float_arg(beta.as_ref().unwrap_or(&none))?;
    let u = 1.0 - rnd(gen_of(slf)?);
    ts.py()
        .float(alpha * libm::pow(-libm::log(u), fdiv(1.0, beta)?))
}

fn gamma(g: &RefCell<Gen>, alpha: f64, beta: f64) -> PyResult<f64> {
    if alpha <= 0.0 || beta <= 0.0 {
        return Err(value_error("gammavariate: alpha and beta must be > 0.0"));
    }
    if alpha > 1.0 {
        let log4 = libm::log(4.0);
        let sg_magicconst = 1.0 + libm::log(4.5);
        let ainv = libm::sqrt(2.0 * alpha - 1.0);
        let bbb = alpha - log4;
        let ccc = alpha + ainv;
        loop {
            let u1 = rnd(g);
            if !(1e-7 < u1 && u1 < 0.9999999) {
                continue;
            }
            let u2 = 1.0 - rnd(g);
            let v = libm::log(u1 / (1.0 - u1)) / ainv;
            let x = alpha * libm::exp(v);
            let z = u1 * u1 * u2;
            let r = bbb + ccc * v - x;
            if r + sg_magicconst - 4.5 * z >= 0.0 || r >= libm::log(z) {
                return Ok(x * beta);
            }
        }
    }
    if alpha == 1.0 {
        return Ok(-libm::log(1.0 - rnd(g)) * beta);
    }
    let e = std::f64::consts::E;
    loop {
        let u = rnd(g);
        let b = (e + alpha) / e;
        let p = b * u;
        let x = if p <= 1.0 {
            libm::pow(p, 1.0 / alpha)
        } else {
            -libm::log((b - p) / alpha)
        };
        let u1 = rnd(g);
        if p > 1.0 {
            if u1 <= libm::pow(x, alpha - 1.0) {
                return Ok(x * beta);
            }
        } else if u1 <= libm::exp(-x) {
            return Ok(x * beta);
        }
    }
}

fn two_floats<'py>(ts: &Tstate<'py>, a: &Args<'_, 'py>, name: &str) -> PyResult<(f64, f64)> {
    let [x, y] = pyargs::bind(a, name, ["alpha", "beta"], 2, 2)?;
    let none = ts.py().none();
    Ok((
        float_arg(x.as_ref().unwrap_or(&none))?,
        float_arg(y.as_ref().unwrap_or(&none))?,
    ))
}

pub(crate) fn gammavariate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (alpha, beta) = two_floats(ts, &a, "Random.gammavariate")?;
    ts.py().float(gamma(gen_of(slf)?, alpha, beta)?)
}

pub(crate) fn betavariate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (alpha, beta) = two_floats(ts, &a, "Random.betavariate")?;
    let g = gen_of(slf)?;
    let y = gamma(g, alpha, 1.0)?;
    let r = if y != 0.0 {
        y / (y + gamma(g, beta, 1.0)?)
    } else {
        0.0
    };
    ts.py().float(r)
}
