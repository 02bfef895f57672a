//! `random`: the `Random` class (CPython's `_random.Random` generator under `random.py`'s
//! methods, as one native class) and the module functions, which are the methods of a
//! hidden instance (`random._inst`) as in CPython. Seeding and every method follow
//! `random.py` 3.13 step for step (`random_dist.rs` has the sequence and distribution
//! methods), so `seed(int)`, `seed(str)` and the outputs match CPython's exactly.

use std::cell::RefCell;

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive};
use sha2::{Digest, Sha512};
use subinterp_object::{Kind, Obj, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{
    Args, BuiltinDef, NativeClass, Protocol, Tstate, ext_value, new_ext, register_class,
};

use crate::StdModule;
use crate::args::not_an_integer;
use crate::pyargs;
use crate::random_dist as dist;
use crate::random_mt::Mt;

/// The `random` module.
pub(crate) const MODULE: StdModule = StdModule {
    name: "random",
    doc: "Random variable generators.",
    exec,
};

/// One generator: the twister and `gauss`'s saved second value.
#[derive(Default)]
pub(crate) struct Gen {
    pub(crate) mt: Mt,
    pub(crate) gauss_next: Option<f64>,
}

static SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(getattr),
    repr: None,
    ..Slots::EMPTY
};
static RANDOM: StaticType = StaticType::native("Random", "random", &SLOTS);
static CLASS: NativeClass = NativeClass {
    ty: &RANDOM,
    new: random_new,
    class_methods: &[],
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    register_class(py, &CLASS);
    m.setattr("Random", &RANDOM.get(py))?;
    let mut g = Gen::default();
    seed_from_os(&mut g.mt)?;
    let inst = new_ext(py, &RANDOM, &Protocol::NONE, RefCell::new(g))?;
    for def in METHODS.iter() {
        let f = subinterp_vm::new_builtin(py, def, Some(&inst))?;
        m.setattr(def.name, &f)?;
    }
    m.setattr("_inst", &inst)?;
    Ok(())
}

fn getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    if name == "VERSION" {
        return Some(o.py().int(3));
    }
    let def = METHODS.iter().find(|d| d.name == name)?;
    Some(subinterp_vm::new_builtin(o.py(), def, Some(o)))
}

/// `Random(x=None)`.
fn random_new<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [x] = pyargs::bind(&a, "Random.__init__", ["x"], 1, 0)?;
    let mut g = Gen::default();
    seed_gen(ts, &mut g, x.as_ref(), 2)?;
    new_ext(ts.py(), &RANDOM, &Protocol::NONE, RefCell::new(g))
}

/// The generator of a method's receiver.
pub(crate) fn gen_of<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a RefCell<Gen>> {
    slf.and_then(ext_value::<RefCell<Gen>>)
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'random.Random' object"))
}

/// Seeds from the operating system's random source (CPython's `random_seed_urandom`).
fn seed_from_os(mt: &mut Mt) -> PyResult<()> {
    let mut key = [0u32; 624];
    let mut bytes = [0u8; 624 * 4];
    let mut filled = 0;
    while filled < bytes.len() {
        let rest = &mut bytes[filled..];
        // SAFETY: `rest` is a live, writable buffer of `rest.len()` bytes.
        let n = unsafe { libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0) };
        if n <= 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(PyErr::new(&exc::OS_ERROR, e.to_string()));
        }
        filled += n as usize;
    }
    for (k, chunk) in key.iter_mut().zip(bytes.chunks_exact(4)) {
        *k = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    mt.init_by_array(&key);
    Ok(())
}

/// `Random.seed(a, version)`, as `random.py` then `_random` do it.
fn seed_gen<'py>(
    ts: &mut Tstate<'py>,
    g: &mut Gen,
    a: Option<&Obj<'py>>,
    version: i64,
) -> PyResult<()> {
    g.gauss_next = None;
    let Some(a) = a.filter(|a| !a.is_none()) else {
        return seed_from_os(&mut g.mt);
    };
    let text_bytes = match a.kind() {
        Kind::Str => Some(a.as_str().unwrap_or_default().as_bytes().to_vec()),
        Kind::Bytes => Some(a.as_bytes().unwrap_or_default().to_vec()),
        _ => None,
    };
    let n: BigInt = match (text_bytes, a.kind()) {
        (Some(b), _) if version == 1 => {
            // Version 1: the old string hash, over the characters (latin-1 for bytes).
            let chars: Vec<u64> = match a.kind() {
                Kind::Str => a
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .map(u64::from)
                    .collect(),
                _ => b.iter().map(|&c| u64::from(c)).collect(),
            };
            let mut x: u64 = chars.first().map_or(0, |c| c << 7);
            for c in &chars {
                x = 1_000_003u64.wrapping_mul(x) ^ c;
            }
            x ^= chars.len() as u64;
            BigInt::from(x)
        }
        (Some(mut b), _) => {
            let digest = Sha512::digest(&b);
            b.extend_from_slice(&digest);
            BigInt::from_bytes_be(Sign::Plus, &b)
        }
        (None, Kind::Int | Kind::Bool) => a.as_bigint().unwrap_or_default(),
        (None, Kind::Float) => BigInt::from(ts.hash(a)?),
        _ => {
            return Err(PyErr::type_error(
                "The only supported seed types are:\nNone, int, float, str, bytes, and bytearray.",
            ));
        }
    };
    g.mt.seed_int(&n.abs());
    Ok(())
}

fn seed<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let [x, version] = pyargs::bind(&a, "Random.seed", ["a", "version"], 2, 0)?;
    let version = match version {
        Some(v) => v.as_i64().unwrap_or(2),
        None => 2,
    };
    let g = gen_of(slf)?;
    let mut fresh = Gen::default();
    seed_gen(ts, &mut fresh, x.as_ref(), version)?;
    *g.borrow_mut() = fresh;
    Ok(ts.py().none())
}

fn random<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("Random.random", 0)?;
    let r = gen_of(slf)?.borrow_mut().mt.random();
    ts.py().float(r)
}

/// `k` for `getrandbits`: an int, not negative.
pub(crate) fn bits_arg(v: &Obj<'_>) -> PyResult<u64> {
    if !matches!(v.kind(), Kind::Int | Kind::Bool) {
        return Err(not_an_integer(v));
    }
    let k = v.as_bigint().unwrap_or_default();
    if k.is_negative() {
        return Err(PyErr::new(
            &exc::VALUE_ERROR,
            "number of bits must be non-negative",
        ));
    }
    k.to_u64().ok_or_else(|| {
        PyErr::new(
            &exc::OVERFLOW_ERROR,
            "Python int too large to convert to C int",
        )
    })
}

fn getrandbits<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let k = bits_arg(&a.exactly("Random.getrandbits", 1)?[0])?;
    let r = gen_of(slf)?.borrow_mut().mt.getrandbits(k);
    ts.py().int_big(&r)
}

fn randbytes<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [n] = pyargs::bind(&a, "Random.randbytes", ["n"], 1, 1)?;
    let n = n.unwrap_or_else(|| ts.py().none());
    if !matches!(n.kind(), Kind::Int | Kind::Bool) {
        return Err(not_an_integer(&n));
    }
    let n = n.as_bigint().unwrap_or_default();
    if n.is_negative() {
        return Err(PyErr::new(
            &exc::VALUE_ERROR,
            "number of bits must be non-negative",
        ));
    }
    let n = n.to_u64().unwrap_or(u64::MAX / 16);
    let r = gen_of(slf)?.borrow_mut().mt.getrandbits(n * 8);
    let (_, mut bytes) = r.to_bytes_le();
    bytes.resize(n as usize, 0);
    ts.py().bytes(&bytes)
}

fn getstate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("Random.getstate", 0)?;
    let py = ts.py();
    let g = gen_of(slf)?.borrow();
    let mut words = Vec::with_capacity(625);
    for w in g.mt.state {
        words.push(py.int(i64::from(w))?);
    }
    words.push(py.int(g.mt.index as i64)?);
    let gauss = match g.gauss_next {
        Some(v) => py.float(v)?,
        None => py.none(),
    };
    py.tuple(&[py.int(3)?, py.tuple(&words)?, gauss])
}

fn setstate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [state] = pyargs::bind(&a, "Random.setstate", ["state"], 1, 1)?;
    let py = ts.py();
    let state = state.unwrap_or_else(|| py.none());
    let version = ts.get_item(&state, &py.int(0)?)?;
    if version.as_i64() != Some(3) {
        return Err(PyErr::new(
            &exc::VALUE_ERROR,
            format!(
                "state with version {} passed to Random.setstate() of version 3",
                version.repr()?
            ),
        ));
    }
    let internal = ts.get_item(&state, &py.int(1)?)?;
    let gauss = ts.get_item(&state, &py.int(2)?)?;
    if internal.kind() != Kind::Tuple {
        return Err(PyErr::type_error("state vector must be a tuple"));
    }
    let items = ts.to_vec(&internal)?;
    if items.len() != 625 {
        return Err(PyErr::new(
            &exc::VALUE_ERROR,
            "state vector is the wrong size",
        ));
    }
    let mut mt = Mt::default();
    for (slot, v) in mt.state.iter_mut().zip(&items) {
        let w = v.as_bigint().and_then(|b| b.to_u64()).ok_or_else(|| {
            PyErr::new(
                &exc::OVERFLOW_ERROR,
                "Python int too large to convert to C unsigned long",
            )
        })?;
        *slot = w as u32;
    }
    let index = items[624].as_i64().unwrap_or(-1);
    if !(0..=624).contains(&index) {
        return Err(PyErr::new(&exc::VALUE_ERROR, "invalid state"));
    }
    mt.index = index as usize;
    let gauss_next = if gauss.is_none() {
        None
    } else {
        Some(crate::args::float_arg(&gauss)?)
    };
    *gen_of(slf)?.borrow_mut() = Gen { mt, gauss_next };
    Ok(py.none())
}

/// `_randbelow(n)` for `n > 0`: `getrandbits(n.bit_length())` until below `n`.
pub(crate) fn randbelow(g: &RefCell<Gen>, n: &BigInt) -> BigInt {
    let k = n.bits();
    let mut g = g.borrow_mut();
    if k <= 32 {
        let n = n.to_u64().unwrap_or(0);
        loop {
            let r = u64::from(g.mt.next_u32() >> (32 - k));
            if r < n {
                return BigInt::from(r);
            }
        }
    }
    loop {
        let r = g.mt.getrandbits(k);
        if &r < n {
            return r;
        }
    }
}

/// `randbelow` for a length.
pub(crate) fn randbelow_usize(g: &RefCell<Gen>, n: usize) -> usize {
    randbelow(g, &BigInt::from(n)).to_usize().unwrap_or(0)
}

/// An index argument of `randrange` (`operator.index`).
fn index_of(v: &Obj<'_>) -> PyResult<BigInt> {
    match v.kind() {
        Kind::Int | Kind::Bool => Ok(v.as_bigint().unwrap_or_default()),
        _ => Err(not_an_integer(v)),
    }
}

/// `randrange(start, stop=None, step=1)`; `shown` are the arguments as the texts print
/// them (`randint` passes `b + 1`).
fn randrange_of<'py>(
    ts: &mut Tstate<'py>,
    g: &RefCell<Gen>,
    start: &Obj<'py>,
    stop: Option<&Obj<'py>>,
    step: Option<&Obj<'py>>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let istart = index_of(start)?;
    let value_error = |m: String| PyErr::new(&exc::VALUE_ERROR, m);
    let Some(stop) = stop.filter(|s| !s.is_none()) else {
        if step.is_some() {
            return Err(PyErr::type_error("Missing a non-None stop argument"));
        }
        if istart.is_positive() {
            return py.int_big(&randbelow(g, &istart));
        }
        return Err(value_error("empty range for randrange()".into()));
    };
    let istop = index_of(stop)?;
    let width = &istop - &istart;
    let istep = match step {
        Some(s) => index_of(s)?,
        None => BigInt::from(1),
    };
    if istep == BigInt::from(1) {
        if width.is_positive() {
            return py.int_big(&(istart + randbelow(g, &width)));
        }
        return Err(value_error(format!(
            "empty range in randrange({}, {})",
            start.repr()?,
            stop.repr()?
        )));
    }
    let n = if istep.is_positive() {
        num_integer::Integer::div_floor(&(&width + &istep - 1), &istep)
    } else if istep.is_negative() {
        num_integer::Integer::div_floor(&(&width + &istep + 1), &istep)
    } else {
        return Err(value_error("zero step for randrange()".into()));
    };
    if !n.is_positive() {
        let step = step.map(|s| s.repr()).transpose()?.unwrap_or_default();
        return Err(value_error(format!(
            "empty range in randrange({}, {}, {step})",
            start.repr()?,
            stop.repr()?
        )));
    }
    py.int_big(&(istart + istep * randbelow(g, &n)))
}

fn randrange<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [start, stop, step] =
        pyargs::bind(&a, "Random.randrange", ["start", "stop", "step"], 3, 1)?;
    let start = start.unwrap_or_else(|| ts.py().none());
    randrange_of(ts, gen_of(slf)?, &start, stop.as_ref(), step.as_ref())
}

fn randint<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [x, y] = pyargs::bind(&a, "Random.randint", ["a", "b"], 2, 2)?;
    let none = ts.py().none();
    let (x, y) = (x.unwrap_or(none.clone()), y.unwrap_or(none));
    let one = ts.py().int(1)?;
    let stop = ts.binary(subinterp_vm::BinOp::Add, false, &y, &one)?;
    randrange_of(ts, gen_of(slf)?, &x, Some(&stop), None)
}

/// Every method, in `random.py`'s names (also the module functions).
static METHODS: [BuiltinDef; 22] = [
    BuiltinDef {
        name: "seed",
        func: seed,
    },
    BuiltinDef {
        name: "random",
        func: random,
    },
    BuiltinDef {
        name: "getrandbits",
        func: getrandbits,
    },
    BuiltinDef {
        name: "randbytes",
        func: randbytes,
    },
    BuiltinDef {
        name: "getstate",
        func: getstate,
    },
    BuiltinDef {
        name: "setstate",
        func: setstate,
    },
    BuiltinDef {
        name: "randrange",
        func: randrange,
    },
    BuiltinDef {
        name: "randint",
        func: randint,
    },
    BuiltinDef {
        name: "choice",
        func: dist::choice,
    },
    BuiltinDef {
        name: "choices",
        func: dist::choices,
    },
    BuiltinDef {
        name: "shuffle",
        func: dist::shuffle,
    },
    BuiltinDef {
        name: "sample",
        func: dist::sample,
    },
    BuiltinDef {
        name: "uniform",
        func: dist::uniform,
    },
    BuiltinDef {
        name: "triangular",
        func: dist::triangular,
    },
    BuiltinDef {
        name: "gauss",
        func: dist::gauss,
    },
    BuiltinDef {
        name: "normalvariate",
        func: dist::normalvariate,
    },
    BuiltinDef {
        name: "lognormvariate",
        func: dist::lognormvariate,
    },
    BuiltinDef {
        name: "expovariate",
        func: dist::expovariate,
    },
    BuiltinDef {
        name: "paretovariate",
        func: dist::paretovariate,
    },
    BuiltinDef {
        name: "weibullvariate",
        func: dist::weibullvariate,
    },
    BuiltinDef {
        name: "betavariate",
        func: dist::betavariate,
    },
    BuiltinDef {
        name: "gammavariate",
        func: dist::gammavariate,
    },
];
