//! `itertools.groupby` (with its `_grouper` sub-iterators sharing the parent's position, as
//! CPython's) and `itertools.tee` (`_tee` iterators over one shared buffer).

use std::cell::RefCell;
use std::collections::VecDeque;

use num_traits::ToPrimitive;
use subinterp_object::{Kind, Obj, ObjRef, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{Args, BuiltinDef, CmpOp, NativeClass, Protocol, Tstate, ext_value, new_ext};

use crate::args::{PLAIN, not_an_integer};
use crate::itertools::{bind_err, get, step};

static SLOTS: Slots = PLAIN;
static GROUPBY: StaticType = StaticType::native("groupby", "itertools", &SLOTS);
static GROUPER: StaticType = StaticType::native("_grouper", "itertools", &SLOTS);
static TEE_TYPE: StaticType = StaticType::native("_tee", "itertools", &SLOTS);
static TEE_DATA: StaticType = StaticType::native("_tee_dataobject", "itertools", &SLOTS);

/// The classes of this file.
pub(crate) static CLASSES: [NativeClass; 1] = [NativeClass {
    ty: &GROUPBY,
    new: groupby,
    class_methods: &[],
}];

/// `itertools.tee`, a function.
pub(crate) static TEE: BuiltinDef = BuiltinDef {
    name: "tee",
    func: tee,
};

/// The state of a `groupby`: the source, the key function, the target and current keys,
/// the current value, and which grouper is live (a serial number).
struct GroupBy {
    it: ObjRef,
    keyfunc: Option<ObjRef>,
    tgtkey: Option<ObjRef>,
    currkey: Option<ObjRef>,
    currvalue: Option<ObjRef>,
    current_grouper: u64,
    serial: u64,
}

struct Grouper {
    parent: ObjRef,
    tgtkey: ObjRef,
    serial: u64,
}

static GROUPBY_PROTO: Protocol = Protocol::iterator(groupby_next);
static GROUPER_PROTO: Protocol = Protocol::iterator(grouper_next);

fn groupby<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [iterable, key] = a.bind("groupby", ["iterable", "key"], 1)?;
    let it = ts.get_iter(iterable.as_ref().unwrap_or(&ts.py().none()))?;
    let g = GroupBy {
        it: it.unbind(),
        keyfunc: key.filter(|k| !k.is_none()).map(Obj::unbind),
        tgtkey: None,
        currkey: None,
        currvalue: None,
        current_grouper: 0,
        serial: 0,
    };
    new_ext(ts.py(), &GROUPBY, &GROUPBY_PROTO, RefCell::new(g))
}

/// Reads the next value of the source and its key into the state; `false` when exhausted.
fn group_step(ts: &mut Tstate<'_>, g: &RefCell<GroupBy>) -> PyResult<bool> {
    let py = ts.py();
    let (it, keyfunc) = {
        let b = g.borrow();
        (
            b.it.clone_ref(py).map_err(bind_err)?,
            b.keyfunc.as_ref().map(|k| get(py, k)).transpose()?,
        )
    };
    let Some(v) = step(ts, &it)? else {
        return Ok(false);
    };
    let key = match keyfunc {
        Some(f) => ts.call(&f, Args::positional(std::slice::from_ref(&v)))?,
        None => v.clone(),
    };
    let mut b = g.borrow_mut();
    b.currvalue = Some(v.unbind());
    b.currkey = Some(key.unbind());
    Ok(true)
}

fn keys_differ(ts: &mut Tstate<'_>, a: &ObjRef, b: &ObjRef) -> PyResult<bool> {
    let py = ts.py();
    let (a, b) = (get(py, a)?, get(py, b)?);
    Ok(!ts.compare(CmpOp::Eq, &a, &b)?)
}

fn groupby_next<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
    let Some(g) = ext_value::<RefCell<GroupBy>>(o) else {
        return Ok(None);
    };
    let py = ts.py();
    g.borrow_mut().current_grouper = 0;
    loop {
        let (curr, tgt) = {
            let b = g.borrow();
            (
                b.currkey
                    .as_ref()
                    .map(|k| k.clone_ref(py))
                    .transpose()
                    .map_err(bind_err)?,
                b.tgtkey
                    .as_ref()
                    .map(|k| k.clone_ref(py))
                    .transpose()
                    .map_err(bind_err)?,
            )
        };
        match (curr, tgt) {
            (None, _) => {}
            (Some(_), None) => break,
            (Some(c), Some(t)) => {
                if keys_differ(ts, &t, &c)? {
                    break;
                }
            }
        }
        if !group_step(ts, g)? {
            return Ok(None);
        }
    }
    let (key, serial) = {
        let mut b = g.borrow_mut();
        let key = b
            .currkey
            .as_ref()
            .map(|k| k.clone_ref(py))
            .transpose()
            .map_err(bind_err)?;
        b.tgtkey = key
            .as_ref()
            .map(|k| k.clone_ref(py))
            .transpose()
            .map_err(bind_err)?;
        b.serial += 1;
        b.current_grouper = b.serial;
        (key, b.serial)
    };
    let key = key.ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "groupby without a key"))?;
    let grouper = new_ext(
        py,
        &GROUPER,
        &GROUPER_PROTO,
        Grouper {
            parent: o.to_ref(),
            tgtkey: key.clone_ref(py).map_err(bind_err)?,
            serial,
        },
    )?;
    py.tuple(&[get(py, &key)?, grouper]).map(Some)
}

fn grouper_next<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
    let Some(gr) = ext_value::<Grouper>(o) else {
        return Ok(None);
    };
    let py = ts.py();
    let parent = get(py, &gr.parent)?;
    let Some(g) = ext_value::<RefCell<GroupBy>>(&parent) else {
        return Ok(None);
    };
    if g.borrow().current_grouper != gr.serial {
        return Ok(None);
    }
    if g.borrow().currvalue.is_none() && !group_step(ts, g)? {
        return Ok(None);
    }
    let curr = g
        .borrow()
        .currkey
        .as_ref()
        .map(|k| k.clone_ref(py))
        .transpose()
        .map_err(bind_err)?;
    if let Some(c) = curr
        && keys_differ(ts, &gr.tgtkey, &c)?
    {
        return Ok(None);
    }
    let v = g.borrow_mut().currvalue.take();
    v.map(|v| get(py, &v)).transpose()
}

/// The buffer shared by the iterators of one `tee` call: the items some iterator has not
/// read yet (from absolute position `base`) and each iterator's position.
struct TeeData {
    it: ObjRef,
    buf: VecDeque<ObjRef>,
    base: usize,
    positions: Vec<usize>,
}

struct Tee {
    data: ObjRef,
    index: usize,
}

static TEE_PROTO: Protocol = Protocol::iterator(tee_next);

fn tee<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = a.between("tee", 1, 2)?;
    let n = match v.get(1) {
        None => 2,
        Some(n) => {
            if !matches!(n.kind(), Kind::Int | Kind::Bool) {
                return Err(not_an_integer(n));
            }
            n.as_bigint()
                .unwrap_or_default()
                .to_i64()
                .unwrap_or(i64::MAX)
        }
    };
    if n < 0 {
        return Err(PyErr::new(&exc::VALUE_ERROR, "n must be >= 0"));
    }
    let py = ts.py();
    let it = ts.get_iter(&v[0])?;
    let n = n as usize;
    let data = new_ext(
        py,
        &TEE_DATA,
        &Protocol::NONE,
        RefCell::new(TeeData {
            it: it.unbind(),
            buf: VecDeque::new(),
            base: 0,
            positions: vec![0; n],
        }),
    )?;
    let tees = (0..n)
        .map(|index| {
            new_ext(
                py,
                &TEE_TYPE,
                &TEE_PROTO,
                Tee {
                    data: data.to_ref(),
                    index,
                },
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    py.tuple(&tees)
}

fn tee_next<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
    let Some(t) = ext_value::<Tee>(o) else {
        return Ok(None);
    };
    let py = ts.py();
    let data = get(py, &t.data)?;
    let Some(d) = ext_value::<RefCell<TeeData>>(&data) else {
        return Ok(None);
    };
    let (pos, base, len, it) = {
        let b = d.borrow();
        (
            b.positions[t.index],
            b.base,
            b.buf.len(),
            b.it.clone_ref(py).map_err(bind_err)?,
        )
    };
    let v = if pos < base + len {
        get(py, &d.borrow().buf[pos - base])?
    } else {
        let Some(v) = step(ts, &it)? else {
            return Ok(None);
        };
        d.borrow_mut().buf.push_back(v.to_ref());
        v
    };
    let mut b = d.borrow_mut();
    b.positions[t.index] = pos + 1;
    // Items every iterator has read are dropped from the front.
    let min = b.positions.iter().copied().min().unwrap_or(0);
    while b.base < min && !b.buf.is_empty() {
        b.buf.pop_front();
        b.base += 1;
    }
    Ok(Some(v))
}
