//! `heapq`: `heappush`, `heappop`, `heapify`, `heapreplace`, `heappushpop` with CPython's
//! `_heapq` sift algorithms (so heaps match element for element), and `nsmallest`,
//! `nlargest` following `heapq.py` step for step (the `min`/`max` shortcut, the `sorted`
//! shortcut, the decorated heap with its tie-breaking order). All comparisons are `<`.

use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};
use subinterp_vm::{Args, BuiltinDef, CmpOp, Tstate};

use crate::StdModule;
use crate::args::add_functions;

/// The `heapq` module.
pub(crate) const MODULE: StdModule = StdModule {
    name: "heapq",
    doc: "Heap queue algorithm (a.k.a. priority queue).",
    exec,
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    add_functions(m, &FUNCTIONS)
}

fn list_arg<'a, 'py>(v: &'a Obj<'py>, what: &str) -> PyResult<&'a Obj<'py>> {
    if v.kind() != Kind::List {
        return Err(PyErr::type_error(format!(
            "{what} must be list, not {}",
            v.type_name()
        )));
    }
    Ok(v)
}

fn at<'py>(h: &Obj<'py>, i: usize) -> PyResult<Obj<'py>> {
    h.seq_get(i)
        .ok_or_else(|| PyErr::new(&exc::RUNTIME_ERROR, "list changed size during iteration"))
}

fn put<'py>(h: &Obj<'py>, i: usize, v: &Obj<'py>) -> PyResult<()> {
    h.set_item(&h.py().int(i as i64)?, v)
}

/// `a < b`, or `b < a` for the max-heap variants.
fn less<'py>(ts: &mut Tstate<'py>, a: &Obj<'py>, b: &Obj<'py>, max: bool) -> PyResult<bool> {
    if max {
        ts.compare(CmpOp::Lt, b, a)
    } else {
        ts.compare(CmpOp::Lt, a, b)
    }
}

/// Moves `heap[pos]` up towards `start` while it is smaller than its parent.
fn siftdown<'py>(
    ts: &mut Tstate<'py>,
    h: &Obj<'py>,
    start: usize,
    mut pos: usize,
    max: bool,
) -> PyResult<()> {
    let size = h.seq_len().unwrap_or(0);
    let newitem = at(h, pos)?;
    while pos > start {
        let parentpos = (pos - 1) >> 1;
        let parent = at(h, parentpos)?;
        let lt = less(ts, &newitem, &parent, max)?;
        if h.seq_len() != Some(size) {
            return Err(PyErr::new(
                &exc::RUNTIME_ERROR,
                "list changed size during iteration",
            ));
        }
        if !lt {
            break;
        }
        put(h, pos, &parent)?;
        pos = parentpos;
    }
    put(h, pos, &newitem)
}

/// Bubbles the smaller child up from `pos` to a leaf, then sifts the item there down.
fn siftup<'py>(ts: &mut Tstate<'py>, h: &Obj<'py>, mut pos: usize, max: bool) -> PyResult<()> {
    let end = h.seq_len().unwrap_or(0);
    let start = pos;
    let limit = end >> 1;
    while pos < limit {
        let mut child = 2 * pos + 1;
        if child + 1 < end {
            let (a, b) = (at(h, child)?, at(h, child + 1)?);
            let lt = less(ts, &a, &b, max)?;
            if h.seq_len() != Some(end) {
                return Err(PyErr::new(
                    &exc::RUNTIME_ERROR,
                    "list changed size during iteration",
                ));
            }
            if !lt {
                child += 1;
            }
        }
        let (c, p) = (at(h, child)?, at(h, pos)?);
        put(h, pos, &c)?;
        put(h, child, &p)?;
        pos = child;
    }
    siftdown(ts, h, start, pos, max)
}

fn heapify_list<'py>(ts: &mut Tstate<'py>, h: &Obj<'py>, max: bool) -> PyResult<()> {
    let n = h.seq_len().unwrap_or(0);
    for i in (0..n / 2).rev() {
        siftup(ts, h, i, max)?;
    }
    Ok(())
}

fn pop_last<'py>(h: &Obj<'py>) -> PyResult<Obj<'py>> {
    if h.seq_len() == Some(0) {
        return Err(PyErr::new(&exc::INDEX_ERROR, "index out of range"));
    }
    h.pop(-1)
}

fn heappush<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.exactly("heappush", 2)?;
    let h = list_arg(&v[0], "heappush() argument 1")?;
    h.append(&v[1])?;
    let n = h.seq_len().unwrap_or(1);
    siftdown(ts, h, 0, n - 1, false)?;
    Ok(ts.py().none())
}

fn heappop_of<'py>(ts: &mut Tstate<'py>, h: &Obj<'py>, max: bool) -> PyResult<Obj<'py>> {
    let last = pop_last(h)?;
    if h.seq_len() == Some(0) {
        return Ok(last);
    }
    let top = at(h, 0)?;
    put(h, 0, &last)?;
    siftup(ts, h, 0, max)?;
    Ok(top)
}

fn heappop<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("heappop", 1)?[0];
    let h = list_arg(v, "heappop() argument")?;
    heappop_of(ts, h, false)
}

fn heapreplace_of<'py>(
    ts: &mut Tstate<'py>,
    h: &Obj<'py>,
    item: &Obj<'py>,
    max: bool,
) -> PyResult<Obj<'py>> {
    if h.seq_len() == Some(0) {
        return Err(PyErr::new(&exc::INDEX_ERROR, "index out of range"));
    }
    let top = at(h, 0)?;
    put(h, 0, item)?;
    siftup(ts, h, 0, max)?;
    Ok(top)
}

fn heapreplace<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.exactly("heapreplace", 2)?;
    let h = list_arg(&v[0], "heapreplace() argument 1")?;
    heapreplace_of(ts, h, &v[1], false)
}

fn heappushpop<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.exactly("heappushpop", 2)?;
    let h = list_arg(&v[0], "heappushpop() argument 1")?;
    let item = &v[1];
    if h.seq_len() == Some(0) {
        return Ok(item.clone());
    }
    let top = at(h, 0)?;
    if !ts.compare(CmpOp::Lt, &top, item)? {
        return Ok(item.clone());
    }
    if h.seq_len() == Some(0) {
        return Err(PyErr::new(&exc::INDEX_ERROR, "index out of range"));
    }
    let top = at(h, 0)?;
    put(h, 0, item)?;
    siftup(ts, h, 0, false)?;
    Ok(top)
}

fn heapify<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("heapify", 1)?[0];
    let h = list_arg(v, "heapify() argument")?;
    heapify_list(ts, h, false)?;
    Ok(ts.py().none())
}

/// A builtin function of the running interpreter, called with `args` and `kw`.
fn builtin<'py>(
    ts: &mut Tstate<'py>,
    name: &str,
    args: &[Obj<'py>],
    kw: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    let f = ts
        .builtins()
        .dict_get_str(name)?
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, format!("no builtin {name}")))?;
    let py = ts.py();
    let kw = kw
        .iter()
        .map(|(k, v)| Ok((py.str(k)?, v.clone())))
        .collect::<PyResult<Vec<_>>>()?;
    ts.call(&f, Args { pos: args, kw: &kw })
}

/// `nsmallest` (`largest == false`) and `nlargest`, as `heapq.py`.
fn select<'py>(
    ts: &mut Tstate<'py>,
    a: &Args<'_, 'py>,
    fname: &str,
    largest: bool,
) -> PyResult<Obj<'py>> {
    if a.pos.len() > 2 {
        return Err(PyErr::type_error(format!(
            "{fname}() takes from 2 to 3 positional arguments but {} were given",
            a.pos.len()
        )));
    }
    let [n, iterable, key] = a.bind(fname, ["n", "iterable", "key"], 0)?;
    let missing = |what: &str| {
        PyErr::type_error(format!(
            "{fname}() missing 1 required positional argument: '{what}'"
        ))
    };
    let n = n.ok_or_else(|| missing("n"))?;
    let iterable = iterable.ok_or_else(|| missing("iterable"))?;
    let py = ts.py();
    let key = key.filter(|k| !k.is_none());
    let one = py.int(1)?;
    if ts.equal(&n, &one)? {
        let it = ts.get_iter(&iterable)?;
        let mut kw: Vec<(&str, Obj<'py>)> = vec![("default", py.list(&[])?)];
        if let Some(k) = &key {
            kw.push(("key", k.clone()));
        }
        let sentinel = kw[0].1.clone();
        let r = builtin(ts, if largest { "max" } else { "min" }, &[it], &kw)?;
        return if r.is(&sentinel) {
            py.list(&[])
        } else {
            py.list(&[r])
        };
    }
    if let Ok(size) = ts.length(&iterable) {
        let size = py.int(size as i64)?;
        if ts.compare(CmpOp::Ge, &n, &size)? {
            let mut kw: Vec<(&str, Obj<'py>)> = Vec::new();
            kw.push(("key", key.clone().unwrap_or_else(|| py.none())));
            if largest {
                kw.push(("reverse", py.bool(true)));
            }
            let sorted = builtin(ts, "sorted", &[iterable], &kw)?;
            let sl = builtin(ts, "slice", &[py.none(), n.clone()], &[])?;
            return ts.get_item(&sorted, &sl);
        }
    }
    let count = match n
        .as_bigint()
        .and_then(|b| num_traits::ToPrimitive::to_i64(&b))
    {
        Some(c) => c.max(0),
        None => {
            // `range(n)` rejects what is not an int.
            builtin(ts, "range", std::slice::from_ref(&n), &[])?;
            0
        }
    };
    let it = ts.get_iter(&iterable)?;
    let mut entries = Vec::new();
    // Decorate: (elem, order) or (key, order, elem); order counts up (nsmallest) or down
    // (nlargest) so equal elements keep their input order.
    let decorate = |ts: &mut Tstate<'py>, elem: Obj<'py>, order: i64| -> PyResult<Obj<'py>> {
        let o = ts.py().int(order)?;
        match &key {
            None => ts.py().tuple(&[elem, o]),
            Some(k) => {
                let kv = ts.call(k, Args::positional(std::slice::from_ref(&elem)))?;
                ts.py().tuple(&[kv, o, elem])
            }
        }
    };
    for i in 0..count {
        let Some(elem) = ts.next_item(&it)? else {
            break;
        };
        let order = if largest { -i } else { i };
        entries.push(decorate(ts, elem, order)?);
    }
    if entries.is_empty() {
        return py.list(&[]);
    }
    let result = py.list(&entries)?;
    // nsmallest keeps a max-heap of the n smallest, nlargest a min-heap of the n largest.
    heapify_list(ts, &result, !largest)?;
    let mut top = ts.get_item(&at(&result, 0)?, &py.int(0)?)?;
    let mut order = if largest { -count } else { count };
    while let Some(elem) = ts.next_item(&it)? {
        let k = match &key {
            None => elem.clone(),
            Some(kf) => ts.call(kf, Args::positional(std::slice::from_ref(&elem)))?,
        };
        let better = if largest {
            ts.compare(CmpOp::Lt, &top, &k)?
        } else {
            ts.compare(CmpOp::Lt, &k, &top)?
        };
        if better {
            let o = py.int(order)?;
            let entry = match &key {
                None => py.tuple(&[elem, o])?,
                Some(_) => py.tuple(&[k, o, elem])?,
            };
            heapreplace_of(ts, &result, &entry, !largest)?;
            top = ts.get_item(&at(&result, 0)?, &py.int(0)?)?;
            order += if largest { -1 } else { 1 };
        }
    }
    let sort = ts.get_attr(&result, "sort")?;
    let kw = if largest {
        vec![(py.str("reverse")?, py.bool(true))]
    } else {
        Vec::new()
    };
    ts.call(&sort, Args { pos: &[], kw: &kw })?;
    let last = py.int(if key.is_some() { 2 } else { 0 })?;
    let mut out = Vec::new();
    for e in ts.to_vec(&result)? {
        out.push(ts.get_item(&e, &last)?);
    }
    py.list(&out)
}

fn nsmallest<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    select(ts, &a, "nsmallest", false)
}

fn nlargest<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    select(ts, &a, "nlargest", true)
}

static FUNCTIONS: [BuiltinDef; 7] = [
    BuiltinDef {
        name: "heappush",
        func: heappush,
    },
    BuiltinDef {
        name: "heappop",
        func: heappop,
    },
    BuiltinDef {
        name: "heapify",
        func: heapify,
    },
    BuiltinDef {
        name: "heapreplace",
        func: heapreplace,
    },
    BuiltinDef {
        name: "heappushpop",
        func: heappushpop,
    },
    BuiltinDef {
        name: "nsmallest",
        func: nsmallest,
    },
    BuiltinDef {
        name: "nlargest",
        func: nlargest,
    },
];
