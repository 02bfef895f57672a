//! `collections.deque` (CPython's `_collections.deque`): a double-ended queue with an
//! optional `maxlen`, its methods, indexing, iteration (a mutation during it raises
//! `RuntimeError: deque mutated during iteration`), comparisons and CPython's repr.
//! Registered as `_collections`; the Python-source `collections` (`lib/collections`)
//! re-exports it.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use num_traits::ToPrimitive;
use subinterp_object::{Kind, Obj, ObjRef, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{
    Args, BuiltinDef, CmpOp, NativeClass, Protocol, Tstate, bind_ref, ext_value, new_ext,
    register_class,
};

use crate::StdModule;
use crate::args::not_an_integer;

/// `_collections`: the native part of `collections`.
pub(crate) const NATIVE_MODULE: StdModule = StdModule {
    name: "_collections",
    doc: "High performance data structures.",
    exec,
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    register_class(py, &CLASS);
    m.setattr("deque", &DEQUE.get(py))
}

/// The items, the bound, and a counter of mutations (what iterators check).
struct Deque {
    items: RefCell<VecDeque<ObjRef>>,
    maxlen: Option<usize>,
    state: Cell<u64>,
}

static SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(getattr),
    repr: Some(repr),
    traverse: Some(deque_traverse),
    clear: Some(deque_clear),
    ..Slots::EMPTY
};

/// The collector's view of a deque: its items (a deque holding itself, or an object that
/// holds it, is collected). Items borrowed at that moment (the deque is being changed) are
/// skipped: the deque then only stays alive.
fn deque_traverse(o: &Obj<'_>, v: &mut subinterp_object::Visit<'_>) {
    if let Some(d) = ext_value::<Deque>(o)
        && let Ok(items) = d.items.try_borrow()
    {
        items.iter().for_each(|r| v.obj_ref(r));
    }
}

/// The collector's `clear` (CPython's `deque_clear`): the deque gives up its items.
fn deque_clear(o: &Obj<'_>) {
    let Some(d) = ext_value::<Deque>(o) else {
        return;
    };
    let Ok(mut items) = d.items.try_borrow_mut() else {
        return;
    };
    let old = std::mem::take(&mut *items);
    drop(items);
    d.state.set(d.state.get().wrapping_add(1));
    for r in old {
        r.release(o.py());
    }
}
static DEQUE: StaticType = StaticType::native("deque", "collections", &SLOTS);
static CLASS: NativeClass = NativeClass {
    ty: &DEQUE,
    new: deque_new,
    class_methods: &[],
};
static PROTO: Protocol = Protocol {
    iter: Some(iter),
    len: Some(|_, o| Ok(this(o)?.items.borrow().len())),
    getitem: Some(getitem),
    setitem: Some(setitem),
    compare: Some(compare),
    ..Protocol::NONE
};

fn this<'a>(o: &'a Obj<'_>) -> PyResult<&'a Deque> {
    ext_value::<Deque>(o)
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'collections.deque' object"))
}

fn recv<'a>(slf: Option<&'a Obj<'_>>) -> PyResult<&'a Deque> {
    this(slf.ok_or_else(|| PyErr::type_error("deque method without a deque"))?)
}

impl Deque {
    fn touch(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }

    fn push_back(&self, v: ObjRef) {
        let mut d = self.items.borrow_mut();
        if self.maxlen == Some(0) {
            return;
        }
        if Some(d.len()) == self.maxlen {
            d.pop_front();
        }
        d.push_back(v);
        self.touch();
    }

    fn push_front(&self, v: ObjRef) {
        let mut d = self.items.borrow_mut();
        if self.maxlen == Some(0) {
            return;
        }
        if Some(d.len()) == self.maxlen {
            d.pop_back();
        }
        d.push_front(v);
        self.touch();
    }
}

fn deque_new<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [iterable, maxlen] = a.bind("deque", ["iterable", "maxlen"], 0)?;
    let maxlen = match maxlen.filter(|m| !m.is_none()) {
        None => None,
        Some(m) => {
            if !matches!(m.kind(), Kind::Int | Kind::Bool) {
                return Err(PyErr::type_error("an integer is required"));
            }
            let n = m.as_bigint().and_then(|b| b.to_i64()).unwrap_or(i64::MAX);
            if n < 0 {
                return Err(PyErr::new(&exc::VALUE_ERROR, "maxlen must be non-negative"));
            }
            Some(n as usize)
        }
    };
    let d = Deque {
        items: RefCell::new(VecDeque::new()),
        maxlen,
        state: Cell::new(0),
    };
    if let Some(it) = iterable {
        for v in ts.to_vec(&it)? {
            d.push_back(v.unbind());
        }
    }
    new_ext(ts.py(), &DEQUE, &PROTO, d)
}

/// An index into a deque of `len` items (negative from the end).
fn index(key: &Obj<'_>, len: usize) -> PyResult<usize> {
    if !matches!(key.kind(), Kind::Int | Kind::Bool) {
        return Err(PyErr::type_error(format!(
            "sequence index must be integer, not '{}'",
            key.type_name()
        )));
    }
    let i = key.as_bigint().and_then(|b| b.to_i64()).unwrap_or(i64::MAX);
    let i = if i < 0 { i + len as i64 } else { i };
    if i < 0 || i as usize >= len {
        return Err(PyErr::new(&exc::INDEX_ERROR, "deque index out of range"));
    }
    Ok(i as usize)
}

fn getitem<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>, key: &Obj<'py>) -> PyResult<Obj<'py>> {
    let d = this(o)?;
    let items = d.items.borrow();
    let i = index(key, items.len())?;
    bind_ref(&items[i], ts.py())
}

fn setitem<'py>(
    _: &mut Tstate<'py>,
    o: &Obj<'py>,
    key: &Obj<'py>,
    value: Option<&Obj<'py>>,
) -> PyResult<()> {
    let d = this(o)?;
    let mut items = d.items.borrow_mut();
    let i = index(key, items.len())?;
    match value {
        Some(v) => items[i] = v.to_ref(),
        None => {
            items.remove(i);
            drop(items);
            d.touch();
        }
    }
    Ok(())
}

fn snapshot<'py>(o: &Obj<'py>) -> PyResult<Vec<Obj<'py>>> {
    let py = o.py();
    this(o)?
        .items
        .borrow()
        .iter()
        .map(|r| bind_ref(r, py))
        .collect()
}

fn compare<'py>(
    ts: &mut Tstate<'py>,
    op: CmpOp,
    a: &Obj<'py>,
    b: &Obj<'py>,
) -> PyResult<Option<bool>> {
    if ext_value::<Deque>(a).is_none() || ext_value::<Deque>(b).is_none() {
        return Ok(None);
    }
    let py = ts.py();
    let (x, y) = (py.list(&snapshot(a)?)?, py.list(&snapshot(b)?)?);
    ts.compare(op, &x, &y).map(Some)
}

fn repr(o: &Obj<'_>) -> PyResult<String> {
    let d = this(o)?;
    let mut parts = Vec::new();
    for v in snapshot(o)? {
        parts.push(v.repr()?);
    }
    Ok(match d.maxlen {
        Some(m) => format!("deque([{}], maxlen={m})", parts.join(", ")),
        None => format!("deque([{}])", parts.join(", ")),
    })
}

/// An iterator over a deque: the deque, the next position, the mutation count it started at.
struct DequeIter {
    deque: ObjRef,
    pos: Cell<usize>,
    state: u64,
}

static ITER: StaticType = StaticType::native("_deque_iterator", "collections", &crate::args::PLAIN);
static ITER_PROTO: Protocol = Protocol::iterator(iter_next);

fn iter<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>) -> PyResult<Obj<'py>> {
    let d = this(o)?;
    let it = DequeIter {
        deque: o.to_ref(),
        pos: Cell::new(0),
        state: d.state.get(),
    };
    new_ext(ts.py(), &ITER, &ITER_PROTO, it)
}

fn iter_next<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
    let Some(it) = ext_value::<DequeIter>(o) else {
        return Ok(None);
    };
    let py = ts.py();
    let dq = bind_ref(&it.deque, py)?;
    let d = this(&dq)?;
    if d.state.get() != it.state {
        return Err(PyErr::new(
            &exc::RUNTIME_ERROR,
            "deque mutated during iteration",
        ));
    }
    let i = it.pos.get();
    let v = d
        .items
        .borrow()
        .get(i)
        .map(|r| bind_ref(r, py))
        .transpose()?;
    if v.is_some() {
        it.pos.set(i + 1);
    }
    Ok(v)
}

fn getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let d = ext_value::<Deque>(o)?;
    let py = o.py();
    if name == "maxlen" {
        return Some(match d.maxlen {
            Some(m) => py.int(m as i64),
            None => Ok(py.none()),
        });
    }
    let def = METHODS.iter().find(|m| m.name == name)?;
    Some(subinterp_vm::new_builtin(py, def, Some(o)))
}

fn one<'a, 'py>(a: &Args<'a, 'py>, name: &str) -> PyResult<&'a Obj<'py>> {
    Ok(&a.exactly(name, 1)?[0])
}

fn append<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    recv(slf)?.push_back(one(&a, "deque.append")?.to_ref());
    Ok(ts.py().none())
}

fn appendleft<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    recv(slf)?.push_front(one(&a, "deque.appendleft")?.to_ref());
    Ok(ts.py().none())
}

fn pop_end<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: &Args<'_, 'py>,
    name: &str,
    left: bool,
) -> PyResult<Obj<'py>> {
    a.exactly(name, 0)?;
    let d = recv(slf)?;
    let v = {
        let mut items = d.items.borrow_mut();
        if left {
            items.pop_front()
        } else {
            items.pop_back()
        }
    };
    let v = v.ok_or_else(|| PyErr::new(&exc::INDEX_ERROR, "pop from an empty deque"))?;
    d.touch();
    bind_ref(&v, ts.py())
}

fn pop<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    pop_end(ts, slf, &a, "deque.pop", false)
}

fn popleft<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    pop_end(ts, slf, &a, "deque.popleft", true)
}

fn extend_end<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: &Args<'_, 'py>,
    name: &str,
    left: bool,
) -> PyResult<Obj<'py>> {
    let v = one(a, name)?;
    let d = recv(slf)?;
    // Extending with itself reads a copy first.
    for x in ts.to_vec(v)? {
        if left {
            d.push_front(x.unbind());
        } else {
            d.push_back(x.unbind());
        }
    }
    Ok(ts.py().none())
}

fn extend<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    extend_end(ts, slf, &a, "deque.extend", false)
}

fn extendleft<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    extend_end(ts, slf, &a, "deque.extendleft", true)
}

fn rotate<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.between("rotate", 0, 1)?;
    let n = match v.first() {
        None => 1,
        Some(n) if matches!(n.kind(), Kind::Int | Kind::Bool) => {
            n.as_bigint().and_then(|b| b.to_i64()).unwrap_or(0)
        }
        Some(n) => return Err(not_an_integer(n)),
    };
    let d = recv(slf)?;
    let mut items = d.items.borrow_mut();
    let len = items.len() as i64;
    if len > 1 {
        let k = n.rem_euclid(len) as usize;
        items.rotate_right(k);
    }
    drop(items);
    d.touch();
    Ok(ts.py().none())
}

fn clear<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("deque.clear", 0)?;
    let d = recv(slf)?;
    let old = std::mem::take(&mut *d.items.borrow_mut());
    d.touch();
    drop(old);
    Ok(ts.py().none())
}

/// The position of the first item equal to `x` (identity first), with CPython's text.
fn find<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, x: &Obj<'py>) -> PyResult<usize> {
    let items = snapshot(slf.ok_or_else(|| PyErr::type_error("no deque"))?)?;
    for (i, v) in items.iter().enumerate() {
        if ts.equal(v, x)? {
            return Ok(i);
        }
    }
    Err(PyErr::new(
        &exc::VALUE_ERROR,
        format!("{} is not in deque", x.repr()?),
    ))
}

fn count<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let x = one(&a, "deque.count")?;
    let items = snapshot(slf.ok_or_else(|| PyErr::type_error("no deque"))?)?;
    let mut n = 0;
    for v in &items {
        if ts.equal(v, x)? {
            n += 1;
        }
    }
    ts.py().int(n)
}

fn index_m<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.between("index", 1, 3)?;
    let i = find(ts, slf, &v[0])?;
    ts.py().int(i as i64)
}

fn remove<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let x = one(&a, "deque.remove")?;
    let i = find(ts, slf, x)?;
    let d = recv(slf)?;
    d.items.borrow_mut().remove(i);
    d.touch();
    Ok(ts.py().none())
}

fn reverse<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("deque.reverse", 0)?;
    let d = recv(slf)?;
    d.items.borrow_mut().make_contiguous().reverse();
    d.touch();
    Ok(ts.py().none())
}

fn insert<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.exactly("insert", 2)?;
    let d = recv(slf)?;
    let len = d.items.borrow().len();
    if d.maxlen == Some(len) {
        return Err(PyErr::new(
            &exc::INDEX_ERROR,
            "deque already at its maximum size",
        ));
    }
    if !matches!(v[0].kind(), Kind::Int | Kind::Bool) {
        return Err(not_an_integer(&v[0]));
    }
    let i = v[0].as_bigint().and_then(|b| b.to_i64()).unwrap_or(0);
    let i = if i < 0 {
        (i + len as i64).max(0)
    } else {
        i.min(len as i64)
    } as usize;
    d.items.borrow_mut().insert(i, v[1].to_ref());
    d.touch();
    Ok(ts.py().none())
}

fn copy<'py>(ts: &mut Tstate<'py>, slf: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.exactly("deque.copy", 0)?;
    let o = slf.ok_or_else(|| PyErr::type_error("no deque"))?;
    let d = this(o)?;
    let c = Deque {
        items: RefCell::new(snapshot(o)?.into_iter().map(Obj::unbind).collect()),
        maxlen: d.maxlen,
        state: Cell::new(0),
    };
    new_ext(ts.py(), &DEQUE, &PROTO, c)
}

static METHODS: [BuiltinDef; 15] = [
    BuiltinDef {
        name: "append",
        func: append,
    },
    BuiltinDef {
        name: "appendleft",
        func: appendleft,
    },
    BuiltinDef {
        name: "pop",
        func: pop,
    },
    BuiltinDef {
        name: "popleft",
        func: popleft,
    },
    BuiltinDef {
        name: "extend",
        func: extend,
    },
    BuiltinDef {
        name: "extendleft",
        func: extendleft,
    },
    BuiltinDef {
        name: "rotate",
        func: rotate,
    },
    BuiltinDef {
        name: "clear",
        func: clear,
    },
    BuiltinDef {
        name: "count",
        func: count,
    },
    BuiltinDef {
        name: "index",
        func: index_m,
    },
    BuiltinDef {
        name: "remove",
        func: remove,
    },
    BuiltinDef {
        name: "reverse",
        func: reverse,
    },
    BuiltinDef {
        name: "insert",
        func: insert,
    },
    BuiltinDef {
        name: "copy",
        func: copy,
    },
    BuiltinDef {
        name: "__copy__",
        func: copy,
    },
];
