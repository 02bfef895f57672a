//! `itertools`: lazy iterators with CPython 3.13's results, reprs (`count(5)`,
//! `repeat('a', 3)`, `<itertools.chain object at 0x...>`) and argument errors. The simple
//! iterators live here; `itertools_comb.rs` has the combinatoric ones, `itertools_group.rs`
//! `groupby` and `tee`.
//!
//! Every iterator keeps its state in a `RefCell` and releases the borrow before it calls out
//! (to an inner iterator or a Python function), which may use the same iterator again.

use std::cell::RefCell;

use num_traits::ToPrimitive;
use subinterp_object::{Kind, Obj, ObjRef, Py, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{
    Args, BinOp, BuiltinDef, NativeClass, Protocol, Tstate, bind_ref, ext_value, new_ext,
    register_class,
};

use crate::StdModule;
use crate::args::{check_positional, not_an_integer, positional};

/// The `itertools` module.
pub(crate) const MODULE: StdModule = StdModule {
    name: "itertools",
    doc: "Functional tools for creating and using iterators.",
    exec,
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    for class in CLASSES
        .iter()
        .chain(crate::itertools_comb::CLASSES.iter())
        .chain(crate::itertools_group::CLASSES.iter())
    {
        register_class(py, class);
        m.setattr(class.ty.name(), &class.ty.get(py))?;
    }
    let tee = subinterp_vm::new_builtin(py, &crate::itertools_group::TEE, Some(m))?;
    m.setattr("tee", &tee)?;
    Ok(())
}

/// `obj` bound to the object's interpreter.
pub(crate) fn get<'py>(py: Py<'py>, r: &ObjRef) -> PyResult<Obj<'py>> {
    bind_ref(r, py)
}

/// The iterator state of every simple class.
pub(crate) enum State {
    Count {
        cur: ObjRef,
        step: ObjRef,
    },
    Cycle {
        it: Option<ObjRef>,
        saved: Vec<ObjRef>,
        i: usize,
    },
    Repeat {
        obj: ObjRef,
        left: Option<i64>,
    },
    Accumulate {
        it: ObjRef,
        func: Option<ObjRef>,
        total: Option<ObjRef>,
        initial: Option<ObjRef>,
    },
    Chain {
        source: Option<ObjRef>,
        active: Option<ObjRef>,
    },
    Compress {
        data: ObjRef,
        selectors: ObjRef,
    },
    DropWhile {
        pred: ObjRef,
        it: ObjRef,
        dropping: bool,
    },
    TakeWhile {
        pred: ObjRef,
        it: ObjRef,
        done: bool,
    },
    FilterFalse {
        pred: Option<ObjRef>,
        it: ObjRef,
    },
    Islice {
        it: Option<ObjRef>,
        next: i64,
        stop: Option<i64>,
        step: i64,
        cnt: i64,
    },
    Pairwise {
        it: Option<ObjRef>,
        old: Option<ObjRef>,
    },
    Starmap {
        func: ObjRef,
        it: ObjRef,
    },
    ZipLongest {
        its: Vec<Option<ObjRef>>,
        fill: ObjRef,
        active: usize,
    },
    Batched {
        it: Option<ObjRef>,
        n: usize,
        strict: bool,
    },
}

/// An iterator of this module: its state.
pub(crate) struct It(pub(crate) RefCell<State>);

macro_rules! classes {
    ($($id:ident = $name:literal, $new:ident, $methods:expr;)*) => {
        $(
            static $id: StaticType = StaticType::native($name, "itertools", &SLOTS);
        )*
        static CLASSES: [NativeClass; 14] = [$(NativeClass {
            ty: &$id,
            new: $new,
            class_methods: $methods,
        }),*];
    };
}

classes! {
    COUNT = "count", count, &[];
    CYCLE = "cycle", cycle, &[];
    REPEAT = "repeat", repeat, &[];
    ACCUMULATE = "accumulate", accumulate, &[];
    CHAIN = "chain", chain, &CHAIN_METHODS;
    COMPRESS = "compress", compress, &[];
    DROPWHILE = "dropwhile", dropwhile, &[];
    TAKEWHILE = "takewhile", takewhile, &[];
    FILTERFALSE = "filterfalse", filterfalse, &[];
    ISLICE = "islice", islice, &[];
    PAIRWISE = "pairwise", pairwise, &[];
    STARMAP = "starmap", starmap, &[];
    ZIP_LONGEST = "zip_longest", zip_longest, &[];
    BATCHED = "batched", batched, &[];
}

static CHAIN_METHODS: [BuiltinDef; 1] = [BuiltinDef {
    name: "from_iterable",
    func: chain_from_iterable,
}];

static SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: Some(repr),
    ..Slots::EMPTY
};

/// The protocol of every iterator of this module: `next` only (each is its own iterator).
pub(crate) static PROTO: Protocol = Protocol::iterator(next);

fn new<'py>(py: Py<'py>, ty: &'static StaticType, st: State) -> PyResult<Obj<'py>> {
    new_ext(py, ty, &PROTO, It(RefCell::new(st)))
}

fn repr(o: &Obj<'_>) -> PyResult<String> {
    let py = o.py();
    let default = || format!("<itertools.{} object at {:#x}>", o.type_name(), o.id());
    let Some(it) = ext_value::<It>(o) else {
        return Ok(default());
    };
    match &*it.0.borrow() {
        State::Count { cur, step } => {
            let cur = get(py, cur)?;
            let step = get(py, step)?;
            if step.kind() == Kind::Int && step.as_i64() == Some(1) {
                Ok(format!("count({})", cur.repr()?))
            } else {
                Ok(format!("count({}, {})", cur.repr()?, step.repr()?))
            }
        }
        State::Repeat { obj, left } => {
            let obj = get(py, obj)?.repr()?;
            Ok(match left {
                Some(n) => format!("repeat({obj}, {n})"),
                None => format!("repeat({obj})"),
            })
        }
        _ => Ok(default()),
    }
}

/// Advances the inner iterator `r`: its next item, `None` when exhausted.
pub(crate) fn step<'py>(ts: &mut Tstate<'py>, r: &ObjRef) -> PyResult<Option<Obj<'py>>> {
    let it = get(ts.py(), r)?;
    ts.next_item(&it)
}

fn call1<'py>(ts: &mut Tstate<'py>, f: &ObjRef, arg: &Obj<'py>) -> PyResult<Obj<'py>> {
    let f = get(ts.py(), f)?;
    ts.call(&f, Args::positional(std::slice::from_ref(arg)))
}

fn iter_ref<'py>(ts: &mut Tstate<'py>, v: &Obj<'py>) -> PyResult<ObjRef> {
    Ok(ts.get_iter(v)?.unbind())
}

fn next<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
    let Some(it) = ext_value::<It>(o) else {
        return Ok(None);
    };
    let py = ts.py();
    // Each arm copies what it needs under a short borrow, calls out without it, then stores.
    let st = it.0.borrow();
    match &*st {
        State::Count { cur, step } => {
            let (c, s) = (get(py, cur)?, get(py, step)?);
            drop(st);
            let n = ts.binary(BinOp::Add, false, &c, &s)?;
            if let State::Count { cur, .. } = &mut *it.0.borrow_mut() {
                *cur = n.unbind();
            }
            Ok(Some(c))
        }
        State::Repeat { obj, left } => {
            let obj = get(py, obj)?;
            let left = *left;
            drop(st);
            if let Some(n) = left {
                if n <= 0 {
                    return Ok(None);
                }
                if let State::Repeat { left, .. } = &mut *it.0.borrow_mut() {
                    *left = Some(n - 1);
                }
            }
            Ok(Some(obj))
        }
        _ => {
            drop(st);
            next_slow(ts, it)
        }
    }
}

/// The iterators that call out on every step.
fn next_slow<'py>(ts: &mut Tstate<'py>, it: &It) -> PyResult<Option<Obj<'py>>> {
    let py = ts.py();
    let st = it.0.borrow();
    match &*st {
        State::Cycle { it: src, saved, i } => {
            if let Some(src) = src {
                let src = src.clone_ref(py).map_err(bind_err)?;
                drop(st);
                if let Some(v) = step(ts, &src)? {
                    if let State::Cycle { saved, .. } = &mut *it.0.borrow_mut() {
                        saved.push(v.to_ref());
                    }
                    return Ok(Some(v));
                }
                let mut st = it.0.borrow_mut();
                if let State::Cycle { it: src, saved, i } = &mut *st {
                    *src = None;
                    if saved.is_empty() {
                        return Ok(None);
                    }
                    *i = 1 % saved.len();
                    return get(py, &saved[0]).map(Some);
                }
                return Ok(None);
            }
            if saved.is_empty() {
                return Ok(None);
            }
            let v = get(py, &saved[*i])?;
            let n = saved.len();
            drop(st);
            if let State::Cycle { i, .. } = &mut *it.0.borrow_mut() {
                *i = (*i + 1) % n;
            }
            Ok(Some(v))
        }
        State::Accumulate {
            it: src,
            func,
            total,
            initial,
        } => {
            if let Some(init) = initial {
                let v = get(py, init)?;
                drop(st);
                if let State::Accumulate { initial, total, .. } = &mut *it.0.borrow_mut() {
                    *initial = None;
                    *total = Some(v.to_ref());
                }
                return Ok(Some(v));
            }
            let src = src.clone_ref(py).map_err(bind_err)?;
            let func = func.as_ref().map(|f| get(py, f)).transpose()?;
            let total = total.as_ref().map(|t| get(py, t)).transpose()?;
            drop(st);
            let Some(v) = step(ts, &src)? else {
                return Ok(None);
            };
            let new_total = match (total, func) {
                (None, _) => v,
                (Some(t), None) => ts.binary(BinOp::Add, false, &t, &v)?,
                (Some(t), Some(f)) => ts.call(&f, Args::positional(&[t, v]))?,
            };
            if let State::Accumulate { total, .. } = &mut *it.0.borrow_mut() {
                *total = Some(new_total.to_ref());
            }
            Ok(Some(new_total))
        }
        State::Chain { .. } => {
            drop(st);
            chain_next(ts, it)
        }
        State::Compress { data, selectors } => {
            let (d, s) = (
                data.clone_ref(py).map_err(bind_err)?,
                selectors.clone_ref(py).map_err(bind_err)?,
            );
            drop(st);
            loop {
                let Some(v) = step(ts, &d)? else {
                    return Ok(None);
                };
                let Some(sel) = step(ts, &s)? else {
                    return Ok(None);
                };
                if ts.is_true(&sel)? {
                    return Ok(Some(v));
                }
            }
        }
        State::DropWhile {
            pred,
            it: src,
            dropping,
        } => {
            let (p, s, dropping) = (
                pred.clone_ref(py).map_err(bind_err)?,
                src.clone_ref(py).map_err(bind_err)?,
                *dropping,
            );
            drop(st);
            loop {
                let Some(v) = step(ts, &s)? else {
                    return Ok(None);
                };
                if !dropping {
                    return Ok(Some(v));
                }
                let r = call1(ts, &p, &v)?;
                if !ts.is_true(&r)? {
                    if let State::DropWhile { dropping, .. } = &mut *it.0.borrow_mut() {
                        *dropping = false;
                    }
                    return Ok(Some(v));
                }
            }
        }
        State::TakeWhile {
            pred,
            it: src,
            done,
        } => {
            if *done {
                return Ok(None);
            }
            let (p, s) = (
                pred.clone_ref(py).map_err(bind_err)?,
                src.clone_ref(py).map_err(bind_err)?,
            );
            drop(st);
            let Some(v) = step(ts, &s)? else {
                return Ok(None);
            };
            let r = call1(ts, &p, &v)?;
            if ts.is_true(&r)? {
                return Ok(Some(v));
            }
            if let State::TakeWhile { done, .. } = &mut *it.0.borrow_mut() {
                *done = true;
            }
            Ok(None)
        }
        State::FilterFalse { pred, it: src } => {
            let p = pred
                .as_ref()
                .map(|p| p.clone_ref(py).map_err(bind_err))
                .transpose()?;
            let s = src.clone_ref(py).map_err(bind_err)?;
            drop(st);
            loop {
                let Some(v) = step(ts, &s)? else {
                    return Ok(None);
                };
                let keep = match &p {
                    None => !ts.is_true(&v)?,
                    Some(p) => {
                        let r = call1(ts, p, &v)?;
                        !ts.is_true(&r)?
                    }
                };
                if keep {
                    return Ok(Some(v));
                }
            }
        }
        State::Islice { .. } => {
            drop(st);
            islice_next(ts, it)
        }
        State::Pairwise { it: src, old } => {
            let Some(src) = src
                .as_ref()
                .map(|s| s.clone_ref(py).map_err(bind_err))
                .transpose()?
            else {
                return Ok(None);
            };
            let old = old.as_ref().map(|o| get(py, o)).transpose()?;
            drop(st);
            let old = match old {
                Some(o) => o,
                None => match step(ts, &src)? {
                    Some(o) => o,
                    None => {
                        *it.0.borrow_mut() = State::Pairwise {
                            it: None,
                            old: None,
                        };
                        return Ok(None);
                    }
                },
            };
            let Some(new) = step(ts, &src)? else {
                *it.0.borrow_mut() = State::Pairwise {
                    it: None,
                    old: None,
                };
                return Ok(None);
            };
            if let State::Pairwise { old, .. } = &mut *it.0.borrow_mut() {
                *old = Some(new.to_ref());
            }
            py.tuple(&[old, new]).map(Some)
        }
        State::Starmap { func, it: src } => {
            let (f, s) = (get(py, func)?, src.clone_ref(py).map_err(bind_err)?);
            drop(st);
            let Some(args) = step(ts, &s)? else {
                return Ok(None);
            };
            let args = ts.to_vec(&args)?;
            ts.call(&f, Args::positional(&args)).map(Some)
        }
        State::ZipLongest { .. } => {
            drop(st);
            zip_longest_next(ts, it)
        }
        State::Batched { it: src, n, strict } => {
            let Some(src) = src
                .as_ref()
                .map(|s| s.clone_ref(py).map_err(bind_err))
                .transpose()?
            else {
                return Ok(None);
            };
            let (n, strict) = (*n, *strict);
            drop(st);
            let mut items = Vec::with_capacity(n.min(64));
            while items.len() < n {
                match step(ts, &src)? {
                    Some(v) => items.push(v),
                    None => {
                        if let State::Batched { it, .. } = &mut *it.0.borrow_mut() {
                            *it = None;
                        }
                        break;
                    }
                }
            }
            if items.is_empty() {
                return Ok(None);
            }
            if strict && items.len() < n {
                return Err(PyErr::new(&exc::VALUE_ERROR, "batched(): incomplete batch"));
            }
            py.tuple(&items).map(Some)
        }
        State::Count { .. } | State::Repeat { .. } => Ok(None),
    }
}

pub(crate) fn bind_err(e: subinterp_object::BindError) -> PyErr {
    PyErr::new(&exc::SYSTEM_ERROR, e.to_string())
}

fn chain_next<'py>(ts: &mut Tstate<'py>, it: &It) -> PyResult<Option<Obj<'py>>> {
    let py = ts.py();
    loop {
        let (source, active) = match &*it.0.borrow() {
            State::Chain { source, active } => (
                source.as_ref().map(|s| get(py, s)).transpose()?,
                active.as_ref().map(|a| get(py, a)).transpose()?,
            ),
            _ => return Ok(None),
        };
        if let Some(a) = active {
            if let Some(v) = ts.next_item(&a)? {
                return Ok(Some(v));
            }
            if let State::Chain { active, .. } = &mut *it.0.borrow_mut() {
                *active = None;
            }
            continue;
        }
        let Some(src) = source else {
            return Ok(None);
        };
        let Some(next_iterable) = ts.next_item(&src)? else {
            if let State::Chain { source, .. } = &mut *it.0.borrow_mut() {
                *source = None;
            }
            return Ok(None);
        };
        let a = ts.get_iter(&next_iterable)?;
        if let State::Chain { active, .. } = &mut *it.0.borrow_mut() {
            *active = Some(a.unbind());
        }
    }
}

fn islice_next<'py>(ts: &mut Tstate<'py>, it: &It) -> PyResult<Option<Obj<'py>>> {
    let py = ts.py();
    let (src, next, stop, stp, mut cnt) = match &*it.0.borrow() {
        State::Islice {
            it: Some(src),
            next,
            stop,
            step,
            cnt,
        } => (get(py, src)?, *next, *stop, *step, *cnt),
        _ => return Ok(None),
    };
    let finish = |it: &It| {
        if let State::Islice { it, .. } = &mut *it.0.borrow_mut() {
            *it = None;
        }
    };
    while cnt < next {
        if ts.next_item(&src)?.is_none() {
            finish(it);
            return Ok(None);
        }
        cnt += 1;
    }
    if stop.is_some_and(|s| cnt >= s) {
        finish(it);
        return Ok(None);
    }
    let Some(v) = ts.next_item(&src)? else {
        finish(it);
        return Ok(None);
    };
    cnt += 1;
    let mut new_next = next.saturating_add(stp);
    if let Some(s) = stop
        && new_next > s
    {
        new_next = s;
    }
    if let State::Islice { next, cnt: c, .. } = &mut *it.0.borrow_mut() {
        *next = new_next;
        *c = cnt;
    }
    Ok(Some(v))
}

fn zip_longest_next<'py>(ts: &mut Tstate<'py>, it: &It) -> PyResult<Option<Obj<'py>>> {
    let py = ts.py();
    let (its, fill, active) = match &*it.0.borrow() {
        State::ZipLongest { its, fill, active } => (
            its.iter()
                .map(|i| i.as_ref().map(|i| get(py, i)).transpose())
                .collect::<PyResult<Vec<_>>>()?,
            get(py, fill)?,
            *active,
        ),
        _ => return Ok(None),
    };
    if its.is_empty() || active == 0 {
        return Ok(None);
    }
    let mut items = Vec::with_capacity(its.len());
    let mut left = active;
    for (k, i) in its.iter().enumerate() {
        let v = match i {
            None => fill.clone(),
            Some(i) => match ts.next_item(i)? {
                Some(v) => v,
                None => {
                    left -= 1;
                    if left == 0 {
                        if let State::ZipLongest { active, .. } = &mut *it.0.borrow_mut() {
                            *active = 0;
                        }
                        return Ok(None);
                    }
                    if let State::ZipLongest { its, active, .. } = &mut *it.0.borrow_mut() {
                        its[k] = None;
                        *active = left;
                    }
                    fill.clone()
                }
            },
        };
        items.push(v);
    }
    py.tuple(&items).map(Some)
}

fn is_number(v: &Obj<'_>) -> bool {
    matches!(v.kind(), Kind::Int | Kind::Bool | Kind::Float)
}

/// Bools count as the ints they are (`count(True)` is `count(1)`).
fn as_number<'py>(v: Obj<'py>) -> PyResult<Obj<'py>> {
    if v.kind() == Kind::Bool {
        return v.py().int(i64::from(v.as_bool() == Some(true)));
    }
    Ok(v)
}

fn count<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let [start, stp] = a.bind("count", ["start", "step"], 0)?;
    let start = start.unwrap_or(py.int(0)?);
    let stp = stp.unwrap_or(py.int(1)?);
    if !is_number(&start) || !is_number(&stp) {
        return Err(PyErr::type_error("a number is required"));
    }
    let st = State::Count {
        cur: as_number(start)?.unbind(),
        step: as_number(stp)?.unbind(),
    };
    new(py, &COUNT, st)
}

fn cycle<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = &positional(&a, "cycle", 1)?[0];
    let it = iter_ref(ts, v)?;
    new(
        ts.py(),
        &CYCLE,
        State::Cycle {
            it: Some(it),
            saved: Vec::new(),
            i: 0,
        },
    )
}

fn repeat<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let [obj, times] = a.bind("repeat", ["object", "times"], 1)?;
    let left = match times {
        None => None,
        Some(t) => {
            if !matches!(t.kind(), Kind::Int | Kind::Bool) {
                return Err(not_an_integer(&t));
            }
            Some(
                t.as_bigint()
                    .unwrap_or_default()
                    .to_i64()
                    .ok_or_else(|| {
                        PyErr::new(
                            &exc::OVERFLOW_ERROR,
                            "Python int too large to convert to C ssize_t",
                        )
                    })?
                    .max(0),
            )
        }
    };
    let obj = obj.unwrap_or_else(|| ts.py().none());
    new(
        ts.py(),
        &REPEAT,
        State::Repeat {
            obj: obj.unbind(),
            left,
        },
    )
}

fn accumulate<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    check_positional(&a, "accumulate", 2, false)?;
    let [iterable, func, initial] = a.bind("accumulate", ["iterable", "func", "initial"], 1)?;
    let it = iter_ref(ts, &iterable.unwrap_or_else(|| ts.py().none()))?;
    let nonnull = |o: Option<Obj<'py>>| o.filter(|o| !o.is_none()).map(|o| o.unbind());
    new(
        ts.py(),
        &ACCUMULATE,
        State::Accumulate {
            it,
            func: nonnull(func),
            total: None,
            initial: nonnull(initial),
        },
    )
}

fn chain<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.no_kw("chain")?;
    let py = ts.py();
    let args = py.tuple(a.pos)?;
    let source = iter_ref(ts, &args)?;
    new(
        py,
        &CHAIN,
        State::Chain {
            source: Some(source),
            active: None,
        },
    )
}

fn chain_from_iterable<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("from_iterable", 1)?[0];
    let source = iter_ref(ts, v)?;
    new(
        ts.py(),
        &CHAIN,
        State::Chain {
            source: Some(source),
            active: None,
        },
    )
}

fn compress<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [data, sel] = a.bind("compress", ["data", "selectors"], 2)?;
    let none = ts.py().none();
    let data = iter_ref(ts, data.as_ref().unwrap_or(&none))?;
    let selectors = iter_ref(ts, sel.as_ref().unwrap_or(&none))?;
    new(ts.py(), &COMPRESS, State::Compress { data, selectors })
}

fn pred_and_iter<'py>(
    ts: &mut Tstate<'py>,
    a: &Args<'_, 'py>,
    name: &str,
) -> PyResult<(Obj<'py>, ObjRef)> {
    let v = a.exactly(name, 2)?;
    Ok((v[0].clone(), iter_ref(ts, &v[1])?))
}

fn dropwhile<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (pred, it) = pred_and_iter(ts, &a, "dropwhile")?;
    let st = State::DropWhile {
        pred: pred.unbind(),
        it,
        dropping: true,
    };
    new(ts.py(), &DROPWHILE, st)
}

fn takewhile<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (pred, it) = pred_and_iter(ts, &a, "takewhile")?;
    let st = State::TakeWhile {
        pred: pred.unbind(),
        it,
        done: false,
    };
    new(ts.py(), &TAKEWHILE, st)
}

fn filterfalse<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (pred, it) = pred_and_iter(ts, &a, "filterfalse")?;
    let pred = (!pred.is_none()).then(|| pred.unbind());
    new(ts.py(), &FILTERFALSE, State::FilterFalse { pred, it })
}

/// An islice bound: `None`, or an int in `0..=sys.maxsize`.
fn islice_index(v: &Obj<'_>, err: &str) -> PyResult<Option<i64>> {
    if v.is_none() {
        return Ok(None);
    }
    let bad = || PyErr::new(&exc::VALUE_ERROR, err.to_owned());
    if !matches!(v.kind(), Kind::Int | Kind::Bool) {
        return Err(bad());
    }
    match v.as_bigint().and_then(|b| b.to_i64()) {
        Some(i) if i >= 0 => Ok(Some(i)),
        _ => Err(bad()),
    }
}

fn islice<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = a.between("islice", 2, 4)?;
    const STOP: &str =
        "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    const INDICES: &str = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let (start, stop, stp) = if v.len() == 2 {
        (0, islice_index(&v[1], STOP)?, 1)
    } else {
        let start = islice_index(&v[1], INDICES)?.unwrap_or(0);
        let stop = islice_index(&v[2], STOP)?;
        let stp = match v.get(3) {
            None => 1,
            Some(s) if s.is_none() => 1,
            Some(s) => {
                match islice_index(s, "Step for islice() must be a positive integer or None.") {
                    Ok(Some(k)) if k > 0 => k,
                    _ => {
                        return Err(PyErr::new(
                            &exc::VALUE_ERROR,
                            "Step for islice() must be a positive integer or None.",
                        ));
                    }
                }
            }
        };
        (start, stop, stp)
    };
    let it = iter_ref(ts, &v[0])?;
    new(
        ts.py(),
        &ISLICE,
        State::Islice {
            it: Some(it),
            next: start,
            stop,
            step: stp,
            cnt: 0,
        },
    )
}

fn pairwise<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &positional(&a, "pairwise", 1)?[0];
    let it = iter_ref(ts, v)?;
    new(
        ts.py(),
        &PAIRWISE,
        State::Pairwise {
            it: Some(it),
            old: None,
        },
    )
}

fn starmap<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (func, it) = pred_and_iter(ts, &a, "starmap")?;
    let st = State::Starmap {
        func: func.unbind(),
        it,
    };
    new(ts.py(), &STARMAP, st)
}

fn zip_longest<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    if a.kw.iter().any(|(k, _)| k.as_str() != Some("fillvalue")) {
        return Err(PyErr::type_error(
            "zip_longest() got an unexpected keyword argument",
        ));
    }
    let fill = a
        .kwarg("fillvalue")
        .cloned()
        .unwrap_or_else(|| ts.py().none());
    let mut its = Vec::with_capacity(a.pos.len());
    for v in a.pos {
        its.push(Some(iter_ref(ts, v)?));
    }
    let active = its.len();
    new(
        ts.py(),
        &ZIP_LONGEST,
        State::ZipLongest {
            its,
            fill: fill.unbind(),
            active,
        },
    )
}

fn batched<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [iterable, n, strict] = a.bind("batched", ["iterable", "n", "strict"], 2)?;
    let n = n.unwrap_or_else(|| ts.py().none());
    if !matches!(n.kind(), Kind::Int | Kind::Bool) {
        return Err(not_an_integer(&n));
    }
    let n = n
        .as_bigint()
        .unwrap_or_default()
        .to_i64()
        .unwrap_or(i64::MAX);
    if n < 1 {
        return Err(PyErr::new(&exc::VALUE_ERROR, "n must be at least one"));
    }
    let strict = match strict {
        Some(s) => ts.is_true(&s)?,
        None => false,
    };
    let it = iter_ref(ts, &iterable.unwrap_or_else(|| ts.py().none()))?;
    new(
        ts.py(),
        &BATCHED,
        State::Batched {
            it: Some(it),
            n: n as usize,
            strict,
        },
    )
}
