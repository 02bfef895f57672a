//! The combinatoric iterators of `itertools` (`product`, `permutations`, `combinations`,
//! `combinations_with_replacement`), with CPython's index algorithms so items come in the
//! same order. Each materialises its input first, as CPython does.

use std::cell::RefCell;

use num_traits::ToPrimitive;
use subinterp_object::{Kind, Obj, ObjRef, Py, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{Args, NativeClass, Protocol, Tstate, ext_value, new_ext};

use crate::args::{PLAIN, not_an_integer};
use crate::itertools::get;

enum Kind2 {
    Product,
    Permutations,
    Combinations,
    WithReplacement,
}

/// The state of a combinatoric iterator: its pool(s), the current indices, and (for
/// `permutations`) the cycles; `first` until the first item, `done` after the last.
struct Comb {
    kind: Kind2,
    pools: Vec<Vec<ObjRef>>,
    indices: Vec<usize>,
    cycles: Vec<usize>,
    r: usize,
    first: bool,
    done: bool,
}

static SLOTS: Slots = PLAIN;
static PRODUCT: StaticType = StaticType::native("product", "itertools", &SLOTS);
static PERMUTATIONS: StaticType = StaticType::native("permutations", "itertools", &SLOTS);
static COMBINATIONS: StaticType = StaticType::native("combinations", "itertools", &SLOTS);
static WITH_REPLACEMENT: StaticType =
    StaticType::native("combinations_with_replacement", "itertools", &SLOTS);

/// The classes of this file.
pub(crate) static CLASSES: [NativeClass; 4] = [
    NativeClass {
        ty: &PRODUCT,
        new: product,
        class_methods: &[],
    },
    NativeClass {
        ty: &PERMUTATIONS,
        new: permutations,
        class_methods: &[],
    },
    NativeClass {
        ty: &COMBINATIONS,
        new: combinations,
        class_methods: &[],
    },
    NativeClass {
        ty: &WITH_REPLACEMENT,
        new: combinations_with_replacement,
        class_methods: &[],
    },
];

static PROTO: Protocol = Protocol::iterator(next);

fn new<'py>(py: Py<'py>, ty: &'static StaticType, c: Comb) -> PyResult<Obj<'py>> {
    new_ext(py, ty, &PROTO, RefCell::new(c))
}

fn pool<'py>(ts: &mut Tstate<'py>, v: &Obj<'py>) -> PyResult<Vec<ObjRef>> {
    Ok(ts.to_vec(v)?.into_iter().map(Obj::unbind).collect())
}

/// A count argument (`r`, `repeat`): an int, else CPython's `TypeError`.
fn count_arg(v: &Obj<'_>) -> PyResult<i64> {
    if !matches!(v.kind(), Kind::Int | Kind::Bool) {
        return Err(not_an_integer(v));
    }
    v.as_bigint().unwrap_or_default().to_i64().ok_or_else(|| {
        PyErr::new(
            &exc::OVERFLOW_ERROR,
            "Python int too large to convert to C ssize_t",
        )
    })
}

fn r_arg(v: &Obj<'_>) -> PyResult<usize> {
    let r = count_arg(v)?;
    usize::try_from(r).map_err(|_| PyErr::new(&exc::VALUE_ERROR, "r must be non-negative"))
}

fn product<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    if a.kw.len() > 1 {
        return Err(PyErr::type_error(format!(
            "product() takes at most 1 keyword argument ({} given)",
            a.kw.len()
        )));
    }
    a.only_kw("product", &["repeat"])?;
    let repeat = match a.kwarg("repeat") {
        Some(r) => count_arg(r)?,
        None => 1,
    };
    if repeat < 0 {
        return Err(PyErr::new(
            &exc::VALUE_ERROR,
            "repeat argument cannot be negative",
        ));
    }
    let mut base = Vec::with_capacity(a.pos.len());
    for v in a.pos {
        base.push(pool(ts, v)?);
    }
    let mut pools = Vec::new();
    for _ in 0..repeat {
        for p in &base {
            pools.push(
                p.iter()
                    .map(|r| r.clone_ref(ts.py()))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(crate::itertools::bind_err)?,
            );
        }
    }
    let done = pools.iter().any(Vec::is_empty);
    let n = pools.len();
    let c = Comb {
        kind: Kind2::Product,
        pools,
        indices: vec![0; n],
        cycles: Vec::new(),
        r: n,
        first: true,
        done,
    };
    new(ts.py(), &PRODUCT, c)
}

fn permutations<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [iterable, r] = a.bind("permutations", ["iterable", "r"], 1)?;
    let p = pool(ts, iterable.as_ref().unwrap_or(&ts.py().none()))?;
    let n = p.len();
    let r = match r.filter(|r| !r.is_none()) {
        None => n,
        Some(r) => {
            if !matches!(r.kind(), Kind::Int | Kind::Bool) {
                return Err(PyErr::type_error("Expected int as r"));
            }
            r_arg(&r)?
        }
    };
    let c = Comb {
        kind: Kind2::Permutations,
        pools: vec![p],
        indices: (0..n).collect(),
        cycles: (0..r.min(n)).map(|i| n - i).collect(),
        r,
        first: true,
        done: r > n,
    };
    new(ts.py(), &PERMUTATIONS, c)
}

fn combinations_of<'py>(
    ts: &mut Tstate<'py>,
    a: &Args<'_, 'py>,
    name: &str,
    kind: Kind2,
    ty: &'static StaticType,
) -> PyResult<Obj<'py>> {
    let [iterable, r] = a.bind(name, ["iterable", "r"], 2)?;
    let none = ts.py().none();
    let p = pool(ts, iterable.as_ref().unwrap_or(&none))?;
    let r = r_arg(r.as_ref().unwrap_or(&none))?;
    let n = p.len();
    let (indices, done) = match kind {
        Kind2::Combinations => ((0..r).collect(), r > n),
        _ => (vec![0; r], n == 0 && r > 0),
    };
    let c = Comb {
        kind,
        pools: vec![p],
        indices,
        cycles: Vec::new(),
        r,
        first: true,
        done,
    };
    new(ts.py(), ty, c)
}

fn combinations<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    combinations_of(ts, &a, "combinations", Kind2::Combinations, &COMBINATIONS)
}

fn combinations_with_replacement<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    combinations_of(
        ts,
        &a,
        "combinations_with_replacement",
        Kind2::WithReplacement,
        &WITH_REPLACEMENT,
    )
}

impl Comb {
    /// Moves the indices to the next item; `false` when there is none.
    fn advance(&mut self) -> bool {
        match self.kind {
            Kind2::Product => {
                for i in (0..self.indices.len()).rev() {
                    self.indices[i] += 1;
                    if self.indices[i] < self.pools[i].len() {
                        return true;
                    }
                    self.indices[i] = 0;
                }
                false
            }
            Kind2::Combinations => {
                let (n, r) = (self.pools[0].len(), self.r);
                let Some(i) = (0..r).rev().find(|&i| self.indices[i] != i + n - r) else {
                    return false;
                };
                self.indices[i] += 1;
                for j in i + 1..r {
                    self.indices[j] = self.indices[j - 1] + 1;
                }
                true
            }
            Kind2::WithReplacement => {
                let n = self.pools[0].len();
                let Some(i) = (0..self.r).rev().find(|&i| self.indices[i] != n - 1) else {
                    return false;
                };
                let v = self.indices[i] + 1;
                for j in i..self.r {
                    self.indices[j] = v;
                }
                true
            }
            Kind2::Permutations => {
                let n = self.pools[0].len();
                for i in (0..self.r).rev() {
                    self.cycles[i] -= 1;
                    if self.cycles[i] == 0 {
                        let moved = self.indices.remove(i);
                        self.indices.push(moved);
                        self.cycles[i] = n - i;
                    } else {
                        let j = self.cycles[i];
                        self.indices.swap(i, n - j);
                        return true;
                    }
                }
                false
            }
        }
    }

    fn item<'py>(&self, py: Py<'py>) -> PyResult<Obj<'py>> {
        let items = match self.kind {
            Kind2::Product => self
                .indices
                .iter()
                .zip(&self.pools)
                .map(|(&i, p)| get(py, &p[i]))
                .collect::<PyResult<Vec<_>>>()?,
            _ => self.indices[..self.r]
                .iter()
                .map(|&i| get(py, &self.pools[0][i]))
                .collect::<PyResult<Vec<_>>>()?,
        };
        py.tuple(&items)
    }
}

fn next<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
    let Some(c) = ext_value::<RefCell<Comb>>(o) else {
        return Ok(None);
    };
    let mut c = c.borrow_mut();
    if c.done {
        return Ok(None);
    }
    if c.first {
        c.first = false;
    } else if !c.advance() {
        c.done = true;
        return Ok(None);
    }
    c.item(ts.py()).map(Some)
}
