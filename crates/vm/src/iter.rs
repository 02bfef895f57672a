//! Iteration: the iterator objects of the builtin containers, `range`, dict views, the lazy
//! builtins (`enumerate`, `zip`, `map`, `filter`, `reversed`), and the loop's helpers built on
//! them (`GET_ITER`/`FOR_ITER`, unpacking, `in`, truth values, `len`).

use std::cell::RefCell;

use subinterp_compile::CmpOp;
use subinterp_object::{Kind, Obj, ObjRef, Py, PyErr, PyResult, Slots, StaticType, exc};

use crate::Tstate;
use crate::builtin::Args;
use crate::function::bind;

/// An iterator's state; one Rust type serves every iterator class.
pub(crate) struct Iter(pub(crate) RefCell<State>);

/// Which part of a dict's entries an iterator or view yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DictPart {
    Keys,
    Values,
    Items,
}

pub(crate) enum State {
    /// A list or tuple, by index (a list growing meanwhile is followed, as CPython's).
    Seq {
        seq: ObjRef,
        i: usize,
    },
    /// A list or tuple backwards: `i` items are left.
    Rev {
        seq: ObjRef,
        i: usize,
    },
    /// A str, by byte offset.
    Str {
        s: ObjRef,
        pos: usize,
    },
    Range {
        next: i64,
        step: i64,
        left: u64,
    },
    /// A dict: the position in its entries (CPython's `di_pos`) and its size when iteration
    /// started.
    Dict {
        dict: ObjRef,
        i: usize,
        len: usize,
        part: DictPart,
    },
    /// A bytes object, by index.
    Bytes {
        b: ObjRef,
        i: usize,
    },
    /// A set or frozenset, by table slot, with its size when iteration started.
    Set {
        set: ObjRef,
        pos: usize,
        len: usize,
    },
    Enumerate {
        it: ObjRef,
        n: i64,
    },
    Zip {
        its: Vec<ObjRef>,
    },
    Map {
        f: ObjRef,
        its: Vec<ObjRef>,
    },
    Filter {
        f: Option<ObjRef>,
        it: ObjRef,
    },
    /// The old sequence protocol: `obj[0]`, `obj[1]`, ... until `IndexError` or
    /// `StopIteration` (an instance whose class defines `__getitem__` and not `__iter__`).
    GetItem {
        obj: ObjRef,
        i: i64,
    },
    /// `reversed()` over the sequence protocol: `obj[left - 1]`, ..., `obj[0]`.
    RevGetItem {
        obj: ObjRef,
        left: i64,
    },
    Done,
}

macro_rules! iter_types {
    ($($id:ident = $name:literal;)*) => {
        $(
            #[doc = concat!("`", $name, "`.")]
            pub(crate) static $id: StaticType = StaticType::native($name, "builtins", &ITER_SLOTS);
        )*
    };
}

iter_types! {
    LIST_ITER = "list_iterator";
    LIST_REV_ITER = "list_reverseiterator";
    TUPLE_ITER = "tuple_iterator";
    STR_ITER = "str_ascii_iterator";
    RANGE_ITER = "range_iterator";
    DICT_KEY_ITER = "dict_keyiterator";
    DICT_VALUE_ITER = "dict_valueiterator";
    DICT_ITEM_ITER = "dict_itemiterator";
    SET_ITER = "set_iterator";
    BYTES_ITER = "bytes_iterator";
    ENUMERATE = "enumerate";
    ZIP = "zip";
    MAP = "map";
    FILTER = "filter";
    REVERSED = "reversed";
    SEQ_ITER = "iterator";
}

/// The iterator of the old sequence protocol over `v` (its `__getitem__`).
pub(crate) fn seq_iter<'py>(py: Py<'py>, v: &Obj<'py>) -> PyResult<Obj<'py>> {
    new_iter(
        py,
        &SEQ_ITER,
        State::GetItem {
            obj: v.to_ref(),
            i: 0,
        },
    )
}

static ITER_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: Some(|o| Ok(format!("<{} object at {:#x}>", o.type_name(), o.id()))),
    traverse: Some(iter_traverse),
    ..Slots::EMPTY
};

/// The collector's view of an iterator: what it iterates (a cycle through one, a list holding
/// its own iterator or a `map` whose function refers back to it, is collected). A state
/// borrowed at that moment (the iterator is running) is skipped: it then only stays alive.
fn iter_traverse(o: &Obj<'_>, v: &mut subinterp_object::Visit<'_>) {
    let Some(it) = o.native::<Iter>() else {
        return;
    };
    let Ok(st) = it.0.try_borrow() else {
        return;
    };
    match &*st {
        State::Seq { seq, .. } | State::Rev { seq, .. } => v.obj_ref(seq),
        State::Str { s, .. } => v.obj_ref(s),
        State::Dict { dict, .. } => v.obj_ref(dict),
        State::Bytes { b, .. } => v.obj_ref(b),
        State::Set { set, .. } => v.obj_ref(set),
        State::Enumerate { it, .. } => v.obj_ref(it),
        State::Zip { its } => its.iter().for_each(|r| v.obj_ref(r)),
        State::Map { f, its } => {
            v.obj_ref(f);
            its.iter().for_each(|r| v.obj_ref(r));
        }
        State::Filter { f, it } => {
            v.opt_ref(f.as_ref());
            v.obj_ref(it);
        }
        State::GetItem { obj, .. } | State::RevGetItem { obj, .. } => v.obj_ref(obj),
        State::Range { .. } | State::Done => {}
    }
}

/// `range(start, stop, step)`.
pub struct Range {
    /// First value.
    pub start: i64,
    /// End (excluded).
    pub stop: i64,
    /// Step (never 0).
    pub step: i64,
}

impl Range {
    /// `len(range)`.
    pub fn len(&self) -> u64 {
        let (lo, hi, step) = if self.step > 0 {
            (self.start as i128, self.stop as i128, self.step as i128)
        } else {
            (self.stop as i128, self.start as i128, -(self.step as i128))
        };
        if lo >= hi {
            0
        } else {
            ((hi - lo - 1) / step + 1) as u64
        }
    }

    /// Whether the range is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `v` is one of the range's values.
    pub(crate) fn contains(&self, v: i64) -> bool {
        let in_bounds = if self.step > 0 {
            self.start <= v && v < self.stop
        } else {
            self.stop < v && v <= self.start
        };
        in_bounds && (v as i128 - self.start as i128) % self.step as i128 == 0
    }

    /// Item `i` (already resolved to `0..len`).
    pub(crate) fn item(&self, i: u64) -> i64 {
        (self.start as i128 + i as i128 * self.step as i128) as i64
    }
}

/// `range`.
pub static RANGE: StaticType = StaticType::native("range", "builtins", &RANGE_SLOTS);
static RANGE_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(|o, name| {
        let r = o.native::<Range>()?;
        let v = match name {
            "start" => r.start,
            "stop" => r.stop,
            "step" => r.step,
            _ => return None,
        };
        Some(o.py().int(v))
    }),
    repr: Some(|o| {
        Ok(match o.native::<Range>() {
            Some(r) if r.step == 1 => format!("range({}, {})", r.start, r.stop),
            Some(r) => format!("range({}, {}, {})", r.start, r.stop, r.step),
            None => String::from("range"),
        })
    }),
    ..Slots::EMPTY
};

/// A dict view (`d.keys()`, `d.values()`, `d.items()`).
pub(crate) struct DictView {
    pub(crate) dict: ObjRef,
    pub(crate) part: DictPart,
}

/// `dict_keys`.
pub(crate) static DICT_KEYS: StaticType = StaticType::native("dict_keys", "builtins", &VIEW_SLOTS);
/// `dict_values`.
pub(crate) static DICT_VALUES: StaticType =
    StaticType::native("dict_values", "builtins", &VIEW_SLOTS);
/// `dict_items`.
pub(crate) static DICT_ITEMS: StaticType =
    StaticType::native("dict_items", "builtins", &VIEW_SLOTS);
static VIEW_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: Some(|o| {
        let Some(v) = o.native::<DictView>() else {
            return Ok(String::new());
        };
        let py = o.py();
        let d = bind(&v.dict, py)?;
        let items = view_items(py, &d, v.part)?;
        Ok(format!(
            "{}({})",
            o.type_name(),
            py.list_from(items)?.repr()?
        ))
    }),
    ..Slots::EMPTY
};

fn view_items<'py>(py: Py<'py>, d: &Obj<'py>, part: DictPart) -> PyResult<Vec<Obj<'py>>> {
    d.dict_items()?
        .into_iter()
        .map(|(k, v)| match part {
            DictPart::Keys => Ok(k),
            DictPart::Values => Ok(v),
            DictPart::Items => py.tuple(&[k, v]),
        })
        .collect()
}

/// A dict view object of `d`.
pub(crate) fn view<'py>(d: &Obj<'py>, part: DictPart) -> PyResult<Obj<'py>> {
    let ty = match part {
        DictPart::Keys => &DICT_KEYS,
        DictPart::Values => &DICT_VALUES,
        DictPart::Items => &DICT_ITEMS,
    };
    d.py().new_native(
        ty,
        DictView {
            dict: d.to_ref(),
            part,
        },
    )
}

/// A new iterator object of class `ty`.
pub(crate) fn new_iter<'py>(py: Py<'py>, ty: &'static StaticType, st: State) -> PyResult<Obj<'py>> {
    py.new_native(ty, Iter(RefCell::new(st)))
}

fn dict_iter<'py>(d: &Obj<'py>, part: DictPart) -> PyResult<Obj<'py>> {
    let ty = match part {
        DictPart::Keys => &DICT_KEY_ITER,
        DictPart::Values => &DICT_VALUE_ITER,
        DictPart::Items => &DICT_ITEM_ITER,
    };
    let len = d.len()?;
    new_iter(
        d.py(),
        ty,
        State::Dict {
            dict: d.to_ref(),
            i: 0,
            len,
            part,
        },
    )
}

impl<'py> Tstate<'py> {
    /// `iter(v)`.
    pub(crate) fn iter(&mut self, v: &Obj<'py>) -> PyResult<Obj<'py>> {
        let py = self.py();
        match v.kind() {
            Kind::List => {
                return new_iter(
                    py,
                    &LIST_ITER,
                    State::Seq {
                        seq: v.to_ref(),
                        i: 0,
                    },
                );
            }
            Kind::Tuple => {
                return new_iter(
                    py,
                    &TUPLE_ITER,
                    State::Seq {
                        seq: v.to_ref(),
                        i: 0,
                    },
                );
            }
            Kind::Str => {
                return new_iter(
                    py,
                    &STR_ITER,
                    State::Str {
                        s: v.to_ref(),
                        pos: 0,
                    },
                );
            }
            Kind::Dict => return dict_iter(v, DictPart::Keys),
            Kind::Bytes => {
                return new_iter(
                    py,
                    &BYTES_ITER,
                    State::Bytes {
                        b: v.to_ref(),
                        i: 0,
                    },
                );
            }
            Kind::Set | Kind::FrozenSet => {
                return new_iter(
                    py,
                    &SET_ITER,
                    State::Set {
                        set: v.to_ref(),
                        pos: 0,
                        len: v.len()?,
                    },
                );
            }
            _ => {}
        }
        if v.native::<Iter>().is_some() || crate::generator::is_generator(v) {
            return Ok(v.clone());
        }
        if let Some(p) = crate::ext::proto(v) {
            if let Some(f) = p.iter {
                return f(self, v);
            }
            if p.next.is_some() {
                return Ok(v.clone());
            }
        }
        if v.has_heap_type()
            && let Some(it) = self.iter_dunder(v)?
        {
            return Ok(it);
        }
        if let Some(r) = v.native::<Range>() {
            let st = State::Range {
                next: r.start,
                step: r.step,
                left: r.len(),
            };
            return new_iter(py, &RANGE_ITER, st);
        }
        if let Some(dv) = v.native::<DictView>() {
            return dict_iter(&bind(&dv.dict, py)?, dv.part);
        }
        Err(PyErr::type_error(format!(
            "'{}' object is not iterable",
            v.type_name()
        )))
    }

    /// `next(it)`: `None` when exhausted.
    pub(crate) fn next(&mut self, it: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
        if let Some(iter) = it.native::<Iter>() {
            return self.iter_next(iter);
        }
        if crate::generator::is_generator(it) {
            return crate::generator::gen_next(self, it);
        }
        if let Some(f) = crate::ext::proto(it).and_then(|p| p.next) {
            return f(self, it);
        }
        if it.has_heap_type()
            && let Some(r) = self.next_dunder(it)?
        {
            return Ok(r);
        }
        Err(PyErr::type_error(format!(
            "'{}' object is not an iterator",
            it.type_name()
        )))
    }

    fn iter_next(&mut self, iter: &Iter) -> PyResult<Option<Obj<'py>>> {
        let py = self.py();
        // States that call out (to other iterators or functions) copy what they need and
        // release the borrow first: the callee may use this iterator again.
        let callout = {
            let mut st = iter.0.borrow_mut();
            match &mut *st {
                State::Seq { seq, i } => {
                    let s = bind(seq, py)?;
                    let v = s.seq_get(*i);
                    match v {
                        Some(v) => {
                            *i += 1;
                            return Ok(Some(v));
                        }
                        None => {
                            *st = State::Done;
                            return Ok(None);
                        }
                    }
                }
                State::Rev { seq, i } => {
                    let s = bind(seq, py)?;
                    let n = s.seq_len().unwrap_or(0);
                    if *i == 0 || *i > n {
                        *st = State::Done;
                        return Ok(None);
                    }
                    *i -= 1;
                    return Ok(s.seq_get(*i));
                }
                State::Str { s, pos } => {
                    let s = bind(s, py)?;
                    let text = s.as_str().unwrap_or_default();
                    let Some(c) = text.get(*pos..).and_then(|t| t.chars().next()) else {
                        *st = State::Done;
                        return Ok(None);
                    };
                    *pos += c.len_utf8();
                    return py.str(c.encode_utf8(&mut [0; 4])).map(Some);
                }
                State::Range { next, step, left } => {
                    if *left == 0 {
                        return Ok(None);
                    }
                    let v = *next;
                    *left -= 1;
                    *next = next.wrapping_add(*step);
                    return py.int(v).map(Some);
                }
                State::Bytes { b, i } => {
                    let b = bind(b, py)?;
                    let Some(&v) = b.as_bytes().unwrap_or_default().get(*i) else {
                        *st = State::Done;
                        return Ok(None);
                    };
                    *i += 1;
                    return py.int(i64::from(v)).map(Some);
                }
                State::Set { set, pos, len } => {
                    let s = bind(set, py)?;
                    if s.len()? != *len {
                        *st = State::Done;
                        return Err(PyErr::new(
                            &exc::RUNTIME_ERROR,
                            "Set changed size during iteration",
                        ));
                    }
                    let v = s.set_next(pos)?;
                    if v.is_none() {
                        *st = State::Done;
                    }
                    return Ok(v);
                }
                State::Dict { dict, i, len, part } => {
                    let d = bind(dict, py)?;
                    if d.len()? != *len {
                        *st = State::Done;
                        return Err(PyErr::new(
                            &exc::RUNTIME_ERROR,
                            "dictionary changed size during iteration",
                        ));
                    }
                    // By position, as CPython's: no key is looked up again (which would hash
                    // and compare instances without a thread state).
                    if let Some((k, v)) = d.dict_next(i)? {
                        return Ok(Some(match part {
                            DictPart::Keys => k,
                            DictPart::Values => v,
                            DictPart::Items => py.tuple(&[k, v])?,
                        }));
                    }
                    *st = State::Done;
                    return Ok(None);
                }
                State::Done => return Ok(None),
                State::Enumerate { it, n } => {
                    let r = Callout::Enumerate(bind(it, py)?, *n);
                    *n = n.wrapping_add(1);
                    r
                }
                State::Zip { its } => {
                    Callout::Zip(its.iter().map(|r| bind(r, py)).collect::<PyResult<_>>()?)
                }
                State::Map { f, its } => Callout::Map(
                    bind(f, py)?,
                    its.iter().map(|r| bind(r, py)).collect::<PyResult<_>>()?,
                ),
                State::Filter { f, it } => {
                    Callout::Filter(f.as_ref().map(|f| bind(f, py)).transpose()?, bind(it, py)?)
                }
                State::GetItem { obj, i } => {
                    let r = Callout::GetItem(bind(obj, py)?, *i);
                    *i = i.wrapping_add(1);
                    r
                }
                State::RevGetItem { obj, left } => {
                    if *left <= 0 {
                        *st = State::Done;
                        return Ok(None);
                    }
                    *left -= 1;
                    Callout::GetItem(bind(obj, py)?, *left)
                }
            }
        };
        let r = match callout {
            Callout::Enumerate(it, n) => match self.next(&it)? {
                Some(v) => Some(py.tuple(&[py.int(n)?, v])?),
                None => None,
            },
            Callout::Zip(its) => {
                let mut items = Vec::with_capacity(its.len());
                for it in &its {
                    match self.next(it)? {
                        Some(v) => items.push(v),
                        None => break,
                    }
                }
                (items.len() == its.len() && !its.is_empty())
                    .then(|| py.tuple(&items))
                    .transpose()?
            }
            Callout::Map(f, its) => {
                let mut args = Vec::with_capacity(its.len());
                for it in &its {
                    match self.next(it)? {
                        Some(v) => args.push(v),
                        None => break,
                    }
                }
                if args.len() == its.len() {
                    Some(self.call(&f, Args::positional(&args))?)
                } else {
                    None
                }
            }
            Callout::Filter(f, it) => loop {
                let Some(v) = self.next(&it)? else { break None };
                let keep = match &f {
                    Some(f) => {
                        let r = self.call(f, Args::positional(std::slice::from_ref(&v)))?;
                        self.truthy(&r)?
                    }
                    None => self.truthy(&v)?,
                };
                if keep {
                    break Some(v);
                }
            },
            Callout::GetItem(obj, i) => {
                let key = py.int(i)?;
                match crate::subscr::get(self, &obj, &key) {
                    Ok(v) => Some(v),
                    Err(e) if e.is(&exc::INDEX_ERROR) || e.is(&exc::STOP_ITERATION) => None,
                    Err(e) => return Err(e),
                }
            }
        };
        if r.is_none() {
            *iter.0.borrow_mut() = State::Done;
        }
        Ok(r)
    }

    /// Every item of an iterable.
    pub(crate) fn collect(&mut self, v: &Obj<'py>) -> PyResult<Vec<Obj<'py>>> {
        match v.kind() {
            Kind::List if !v.has_heap_type() => return Ok(v.list_items().unwrap_or_default()),
            Kind::Tuple if !v.has_heap_type() => {
                return Ok(v.tuple_items().unwrap_or_default());
            }
            _ => {}
        }
        let mut out = Vec::new();
        if let Some(r) = v.native::<Range>() {
            // A range knows its length: an impossible list is a `MemoryError` at once, as in
            // CPython, not a loop that allocates until the process dies.
            let n = usize::try_from(r.len()).map_err(|_| PyErr::no_memory())?;
            out.try_reserve_exact(n).map_err(|_| PyErr::no_memory())?;
        }
        let it = self.iter(v)?;
        while let Some(x) = self.next(&it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// `UNPACK_SEQUENCE` (`after` is `None`) and `UNPACK_EX`: the targets' values in order.
    pub(crate) fn unpack(
        &mut self,
        seq: &Obj<'py>,
        before: usize,
        after: Option<usize>,
    ) -> PyResult<Vec<Obj<'py>>> {
        let items = match seq.kind() {
            Kind::List | Kind::Tuple => self.collect(seq)?,
            _ => {
                let it = match self.iter(seq) {
                    Ok(it) => it,
                    Err(e) if e.is(&exc::TYPE_ERROR) => {
                        return Err(PyErr::type_error(format!(
                            "cannot unpack non-iterable {} object",
                            seq.type_name()
                        )));
                    }
                    Err(e) => return Err(e),
                };
                let mut v = Vec::new();
                // Without a star, one item past the targets is enough to know there are too
                // many (an endless iterator must not hang).
                while after.is_some() || v.len() <= before {
                    match self.next(&it)? {
                        Some(x) => v.push(x),
                        None => break,
                    }
                }
                v
            }
        };
        let n = items.len();
        match after {
            None if n == before => Ok(items),
            None if n > before => Err(PyErr::value_error(format!(
                "too many values to unpack (expected {before})"
            ))),
            None => Err(PyErr::value_error(format!(
                "not enough values to unpack (expected {before}, got {n})"
            ))),
            Some(after) => {
                if n < before + after {
                    return Err(PyErr::value_error(format!(
                        "not enough values to unpack (expected at least {}, got {n})",
                        before + after
                    )));
                }
                let mut items = items;
                let tail = items.split_off(n - after);
                let middle = items.split_off(before);
                items.push(self.py().list_from(middle)?);
                items.extend(tail);
                Ok(items)
            }
        }
    }

    /// `item in container`.
    pub(crate) fn contains(&mut self, container: &Obj<'py>, item: &Obj<'py>) -> PyResult<bool> {
        if container.has_heap_type()
            && let Some(r) = self.contains_dunder(container, item)?
        {
            return Ok(r);
        }
        match container.kind() {
            Kind::Dict => return Ok(container.dict_get_with(item, self)?.is_some()),
            Kind::Set | Kind::FrozenSet => return container.set_contains_with(item, self),
            Kind::Str | Kind::Bytes => return container.contains(item),
            Kind::List | Kind::Tuple => {
                let n = container.seq_len().unwrap_or(0);
                for i in 0..n {
                    let Some(x) = container.seq_get(i) else { break };
                    if self.eq(&x, item)? {
                        return Ok(true);
                    }
                }
                return Ok(false);
            }
            _ => {}
        }
        if let Some(r) = container.native::<Range>() {
            return Ok(match crate::int::int_value(item) {
                Some(crate::int::IntV::Small(v)) => r.contains(v),
                Some(crate::int::IntV::Big(_)) => false,
                None => {
                    let n = r.len();
                    for i in 0..n {
                        if self.eq(&self.py().int(r.item(i))?, item)? {
                            return Ok(true);
                        }
                    }
                    false
                }
            });
        }
        if let Some(v) = container.native::<DictView>() {
            let d = bind(&v.dict, self.py())?;
            match v.part {
                DictPart::Keys => return d.contains(item),
                DictPart::Items => {
                    let Some([k, val]) = item
                        .tuple_items()
                        .and_then(|t| <[Obj; 2]>::try_from(t).ok())
                    else {
                        return Ok(false);
                    };
                    return match d.dict_get_with(&k, self)? {
                        Some(x) => self.eq(&x, &val),
                        None => Ok(false),
                    };
                }
                DictPart::Values => {}
            }
        }
        if let Some(p) = crate::ext::proto(container)
            && let Some(f) = p.contains
        {
            return f(self, container, item);
        }
        if container.native::<Iter>().is_some()
            || crate::generator::is_generator(container)
            || container.native::<DictView>().is_some()
            || crate::ext::proto(container).is_some_and(|p| p.iter.is_some() || p.next.is_some())
        {
            let it = self.iter(container)?;
            while let Some(x) = self.next(&it)? {
                if self.eq(&x, item)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        container.contains(item)
    }

    /// `a == b` with the identity shortcut containers use.
    pub(crate) fn eq(&mut self, a: &Obj<'py>, b: &Obj<'py>) -> PyResult<bool> {
        if a.is(b) {
            return Ok(true);
        }
        crate::arith::compare(self, CmpOp::Eq, a, b)
    }

    /// `bool(v)`.
    pub(crate) fn truthy(&mut self, v: &Obj<'py>) -> PyResult<bool> {
        if v.has_heap_type()
            && let Some(b) = self.truthy_dunder(v)?
        {
            return Ok(b);
        }
        match v.kind() {
            Kind::Bool => Ok(v.as_bool() == Some(true)),
            Kind::Native => Ok(match self.len_native(v)? {
                Some(n) => n != 0,
                None => true,
            }),
            _ => v.is_truthy(),
        }
    }

    /// `len(v)`.
    pub(crate) fn len(&mut self, v: &Obj<'py>) -> PyResult<usize> {
        if v.has_heap_type()
            && let Some(n) = self.len_dunder(v)?
        {
            return Ok(n);
        }
        if v.kind() == Kind::Native
            && let Some(n) = self.len_native(v)?
        {
            return Ok(n);
        }
        v.len()
    }

    fn len_native(&mut self, v: &Obj<'py>) -> PyResult<Option<usize>> {
        if let Some(r) = v.native::<Range>() {
            return usize::try_from(r.len()).map(Some).map_err(|_| {
                PyErr::new(
                    &exc::OVERFLOW_ERROR,
                    "Python int too large to convert to C ssize_t",
                )
            });
        }
        if let Some(dv) = v.native::<DictView>() {
            return bind(&dv.dict, self.py())?.len().map(Some);
        }
        if let Some(f) = crate::ext::proto(v).and_then(|p| p.len) {
            return f(self, v).map(Some);
        }
        Ok(None)
    }
}

enum Callout<'py> {
    Enumerate(Obj<'py>, i64),
    Zip(Vec<Obj<'py>>),
    Map(Obj<'py>, Vec<Obj<'py>>),
    Filter(Option<Obj<'py>>, Obj<'py>),
    GetItem(Obj<'py>, i64),
}

/// Comparisons the object crate cannot do: ranges by value. `None`: not handled here.
pub(crate) fn native_compare<'py>(
    ts: &mut Tstate<'py>,
    op: CmpOp,
    lhs: &Obj<'py>,
    rhs: &Obj<'py>,
) -> PyResult<Option<bool>> {
    if let (Some(a), Some(b)) = (lhs.native::<Range>(), rhs.native::<Range>()) {
        let key = |r: &Range| {
            let n = r.len();
            (
                n,
                if n > 0 { r.start } else { 0 },
                if n > 1 { r.step } else { 1 },
            )
        };
        let same = key(a) == key(b);
        return match op {
            CmpOp::Eq => Ok(Some(same)),
            CmpOp::Ne => Ok(Some(!same)),
            _ => Err(crate::arith::not_supported(op, lhs, rhs)),
        };
    }
    if let (Some(a), Some(b)) = (lhs.native::<DictView>(), rhs.native::<DictView>())
        && matches!(op, CmpOp::Eq | CmpOp::Ne)
        && let Some(same) = views_equal(ts, a, b, lhs.py())?
    {
        return Ok(Some(same == (op == CmpOp::Eq)));
    }
    if let (Some(a), Some(b)) = (crate::subscr::parts(lhs), crate::subscr::parts(rhs)) {
        // Slices compare as the tuples of their start, stop and step.
        let (a, b) = (ts.py().tuple(&a?)?, ts.py().tuple(&b?)?);
        return crate::arith::compare(ts, op, &a, &b).map(Some);
    }
    if let Some(f) = crate::ext::proto(lhs).and_then(|p| p.compare)
        && let Some(r) = f(ts, op, lhs, rhs)?
    {
        return Ok(Some(r));
    }
    if let Some(f) = crate::ext::proto(rhs).and_then(|p| p.compare)
        && let Some(r) = f(ts, crate::ext::reflected(op), rhs, lhs)?
    {
        return Ok(Some(r));
    }
    if lhs.is_weakref() && rhs.is_weakref() && matches!(op, CmpOp::Eq | CmpOp::Ne) {
        // Weak references compare their referents while both live, else by identity.
        let same = match (lhs.weakref_get(), rhs.weakref_get()) {
            (Some(a), Some(b)) => ts.eq(&a, &b)?,
            _ => lhs.is(rhs),
        };
        return Ok(Some(same == (op == CmpOp::Eq)));
    }
    if lhs.kind() == Kind::Native || rhs.kind() == Kind::Native {
        return match op {
            CmpOp::Eq => Ok(Some(lhs.is(rhs))),
            CmpOp::Ne => Ok(Some(!lhs.is(rhs))),
            _ => Err(crate::arith::not_supported(op, lhs, rhs)),
        };
    }
    Ok(None)
}

/// `==` of two keys views or two items views, which compare as sets (`None` for values
/// views, which compare by identity).
fn views_equal<'py>(
    ts: &mut Tstate<'py>,
    a: &DictView,
    b: &DictView,
    py: Py<'py>,
) -> PyResult<Option<bool>> {
    let same_part = matches!(
        (&a.part, &b.part),
        (DictPart::Keys, DictPart::Keys) | (DictPart::Items, DictPart::Items)
    );
    if !same_part {
        return Ok(None);
    }
    let (da, db) = (bind(&a.dict, py)?, bind(&b.dict, py)?);
    let items = da.dict_items()?;
    if items.len() != db.dict_items()?.len() {
        return Ok(Some(false));
    }
    for (k, v) in items {
        match db.dict_get_with(&k, ts)? {
            Some(w) if matches!(a.part, DictPart::Keys) || ts.eq(&v, &w)? => {}
            _ => return Ok(Some(false)),
        }
    }
    Ok(Some(true))
}
