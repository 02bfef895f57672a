//! Methods of the builtin types (str, list, dict, tuple, int, generator), found by
//! `LOAD_METHOD`/`LOAD_ATTR` before the object crate's attributes.

use std::cmp::Ordering;

use subinterp_compile::CmpOp;
use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::iter::{DictPart, view};

macro_rules! defs {
    ($table:ident: $($name:literal => $f:path,)*) => {
        static $table: &[BuiltinDef] = &[$(BuiltinDef { name: $name, func: $f },)*];
    };
}
pub(crate) use defs;

defs! { LIST:
    "append" => list_append,
    "extend" => list_extend,
    "insert" => list_insert,
    "pop" => list_pop,
    "remove" => list_remove,
    "index" => seq_index,
    "count" => seq_count,
    "sort" => list_sort,
    "reverse" => list_reverse,
    "copy" => list_copy,
    "clear" => list_clear,
}

defs! { TUPLE:
    "index" => seq_index,
    "count" => seq_count,
}

defs! { DICT:
    "keys" => dict_keys,
    "values" => dict_values,
    "items" => dict_items,
    "get" => dict_get,
    "pop" => dict_pop,
    "setdefault" => dict_setdefault,
    "update" => dict_update,
    "copy" => dict_copy,
    "clear" => dict_clear,
    "popitem" => dict_popitem,
    "__getitem__" => crate::dict_dunder::getitem,
    "__setitem__" => crate::dict_dunder::setitem,
    "__delitem__" => crate::dict_dunder::delitem,
    "__contains__" => crate::dict_dunder::contains,
}

defs! { DICT_CLASS:
    "fromkeys" => dict_fromkeys,
}

defs! { ITER:
    "__next__" => iter_next,
    "__iter__" => iter_self,
}

defs! { RANGE:
    "index" => range_index,
    "count" => range_count,
}

/// The method `name` of `obj`'s builtin type.
pub(crate) fn find(obj: &Obj<'_>, name: &str) -> Option<&'static BuiltinDef> {
    table(obj)?.iter().find(|d| d.name == name)
}

/// The methods of `obj`'s builtin type.
pub(crate) fn table(obj: &Obj<'_>) -> Option<&'static [BuiltinDef]> {
    Some(match obj.kind() {
        Kind::Str => crate::str_methods::TABLE,
        Kind::List => LIST,
        Kind::Tuple => TUPLE,
        Kind::Dict => DICT,
        Kind::Int | Kind::Bool => crate::int_methods::INT,
        Kind::Set => crate::sets::SET_METHODS,
        Kind::FrozenSet => crate::sets::FROZENSET_METHODS,
        Kind::Bytes => crate::bytes_ops::BYTES_METHODS,
        Kind::Native if obj.native::<crate::iter::Range>().is_some() => RANGE,
        Kind::Native if crate::subscr::parts(obj).is_some() => crate::subscr::SLICE_METHODS,
        Kind::Native if obj.native::<crate::iter::Iter>().is_some() => ITER,
        Kind::Native if obj.native::<crate::descr::Property>().is_some() => {
            crate::descr::PROPERTY_METHODS
        }
        Kind::Native => crate::gen_methods::table(obj)
            .or_else(|| Some(crate::native::table_of(obj)?.methods))?,
        _ => return None,
    })
}

/// The method `name` of builtin type object `ty` (`str.lower`), with the type's name.
pub(crate) fn find_in_type(
    ty: &Obj<'_>,
    name: &str,
) -> Option<(&'static BuiltinDef, &'static str)> {
    let (st, table) = type_entry(ty)?;
    table
        .iter()
        .find(|d| d.name == name)
        .map(|d| (d, st.name()))
}

/// The methods of builtin type object `ty`.
pub(crate) fn type_table(ty: &Obj<'_>) -> Option<&'static [BuiltinDef]> {
    type_entry(ty).map(|(_, t)| t)
}

fn type_entry(
    ty: &Obj<'_>,
) -> Option<(&'static subinterp_object::StaticType, &'static [BuiltinDef])> {
    use subinterp_object::types;
    let py = ty.py();
    let tables: [(&'static subinterp_object::StaticType, &'static [BuiltinDef]); 8] = [
        (&types::BYTES, crate::bytes_ops::BYTES_METHODS),
        (&types::SET, crate::sets::SET_METHODS),
        (&types::FROZENSET, crate::sets::FROZENSET_METHODS),
        (&types::STR, crate::str_methods::TABLE),
        (&types::LIST, LIST),
        (&types::TUPLE, TUPLE),
        (&types::DICT, DICT),
        (&types::INT, crate::int_methods::INT),
    ];
    tables.into_iter().find(|(st, _)| ty.is(&st.get(py)))
}

/// The class method `name` of builtin type object `ty` (`int.from_bytes`): called with the
/// type as its receiver.
pub(crate) fn find_classmethod(ty: &Obj<'_>, name: &str) -> Option<&'static BuiltinDef> {
    use subinterp_object::types;
    let py = ty.py();
    let table: &[BuiltinDef] = if ty.is(&types::INT.get(py)) {
        crate::int_methods::INT_CLASS
    } else if ty.is(&types::DICT.get(py)) {
        DICT_CLASS
    } else if ty.is(&types::STR.get(py)) {
        crate::str_translate::STR_CLASS
    } else {
        return None;
    };
    table.iter().find(|d| d.name == name)
}

/// The type name a method of `obj` is listed under (`list.append`).
pub(crate) fn owner_name(obj: &Obj<'_>) -> &'static str {
    match obj.kind() {
        Kind::Str => "str",
        Kind::List => "list",
        Kind::Tuple => "tuple",
        Kind::Dict => "dict",
        Kind::Int | Kind::Bool => "int",
        Kind::Set => "set",
        Kind::FrozenSet => "frozenset",
        Kind::Bytes => "bytes",
        _ if crate::subscr::parts(obj).is_some() => "slice",
        _ if obj.native::<crate::iter::Range>().is_some() => "range",
        _ if obj.native::<crate::iter::Iter>().is_some() => "iterator",
        _ => match crate::native::table_of(obj) {
            Some(t) => t.owner,
            None => crate::gen_methods::owner(obj),
        },
    }
}

/// The receiver of a method (always given by the callers in this module's tables).
pub(crate) fn this<'a, 'py>(slf: Option<&'a Obj<'py>>) -> PyResult<&'a Obj<'py>> {
    slf.ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "method called without its receiver"))
}

fn list_append<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let l = this(slf)?;
    l.append(&a.exactly("list.append", 1)?[0])?;
    Ok(l.py().none())
}

fn bad() -> PyErr {
    PyErr::new(&exc::SYSTEM_ERROR, "argument count")
}

fn list_extend<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let l = this(slf)?;
    let it = &a.exactly("list.extend", 1)?[0];
    for v in ts.collect(it)? {
        l.append(&v)?;
    }
    Ok(l.py().none())
}

fn index_arg(o: &Obj<'_>) -> PyResult<i64> {
    match crate::int::int_value(o) {
        Some(crate::int::IntV::Small(i)) => Ok(i),
        Some(crate::int::IntV::Big(b)) => Ok(if b.sign() == num_bigint::Sign::Minus {
            i64::MIN
        } else {
            i64::MAX
        }),
        None => Err(crate::int::not_an_integer(o)),
    }
}

fn list_insert<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let l = this(slf)?;
    a.no_kw("list.insert")?;
    let a = a.exactly("insert", 2)?;
    l.insert(index_arg(&ts.index_if_defined(&a[0])?)?, &a[1])?;
    Ok(l.py().none())
}

fn list_pop<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let l = this(slf)?;
    a.no_kw("list.pop")?;
    let a = a.between("pop", 0, 1)?;
    let i = match a.first() {
        Some(i) => index_arg(&ts.index_if_defined(i)?)?,
        None => -1,
    };
    if l.seq_len() == Some(0) {
        return Err(PyErr::new(&exc::INDEX_ERROR, "pop from empty list"));
    }
    l.pop(i).map_err(|e| {
        if e.is(&exc::INDEX_ERROR) {
            PyErr::new(&exc::INDEX_ERROR, "pop index out of range")
        } else {
            e
        }
    })
}

fn position<'py>(ts: &mut Tstate<'py>, seq: &Obj<'py>, v: &Obj<'py>) -> PyResult<Option<usize>> {
    let n = seq.seq_len().unwrap_or(0);
    for i in 0..n {
        let Some(x) = seq.seq_get(i) else { break };
        if ts.eq(&x, v)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn list_remove<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let l = this(slf)?;
    let v = &a.exactly("list.remove", 1)?[0];
    match position(ts, l, v)? {
        Some(i) => {
            l.pop(i as i64)?;
            Ok(l.py().none())
        }
        None => Err(PyErr::value_error("list.remove(x): x not in list")),
    }
}

fn seq_index<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = this(slf)?;
    a.no_kw(if s.kind() == Kind::List {
        "list.index"
    } else {
        "tuple.index"
    })?;
    let a = a.between("index", 1, 3)?;
    let v = &a[0];
    let n = s.seq_len().unwrap_or(0) as i64;
    let bound = |o: Option<&Obj<'py>>, default: i64| -> PyResult<i64> {
        let i = match o {
            Some(o) => index_arg(o).map_err(|_| {
                PyErr::type_error("slice indices must be integers or have an __index__ method")
            })?,
            None => default,
        };
        Ok(if i < 0 { (i + n).max(0) } else { i.min(n) })
    };
    let (start, stop) = (bound(a.get(1), 0)?, bound(a.get(2), n)?);
    for i in start..stop {
        let Some(x) = s.seq_get(i as usize) else {
            break;
        };
        if ts.eq(&x, v)? {
            return s.py().int(i);
        }
    }
    if s.kind() == Kind::List {
        Err(PyErr::value_error(format!(
            "{} is not in list",
            ts.repr(v)?
        )))
    } else {
        Err(PyErr::value_error("tuple.index(x): x not in tuple"))
    }
}

fn seq_count<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let s = this(slf)?;
    let fname = if s.kind() == Kind::List {
        "list.count"
    } else {
        "tuple.count"
    };
    let v = &a.exactly(fname, 1)?[0];
    let mut n = 0;
    for x in ts.collect(s)? {
        if ts.eq(&x, v)? {
            n += 1;
        }
    }
    s.py().int(n)
}

/// Sorts `items` stably with `<` on their keys (`key(item)` when given), like `list.sort`.
pub(crate) fn sort_items<'py>(
    ts: &mut Tstate<'py>,
    items: Vec<Obj<'py>>,
    key: Option<&Obj<'py>>,
    reverse: bool,
) -> PyResult<Vec<Obj<'py>>> {
    let mut keyed = Vec::with_capacity(items.len());
    for v in items {
        let k = match key {
            Some(f) => ts.call(f, Args::positional(std::slice::from_ref(&v)))?,
            None => v.clone(),
        };
        keyed.push((k, v));
    }
    let mut err = None;
    let mut lt = |a: &Obj<'py>, b: &Obj<'py>| -> bool {
        if err.is_some() {
            return false;
        }
        match crate::arith::compare(ts, CmpOp::Lt, a, b) {
            Ok(r) => r,
            Err(e) => {
                err = Some(e);
                false
            }
        }
    };
    keyed.sort_by(|(a, _), (b, _)| {
        let (a, b) = if reverse { (b, a) } else { (a, b) };
        if lt(a, b) {
            Ordering::Less
        } else if lt(b, a) {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    });
    match err {
        Some(e) => Err(e),
        None => Ok(keyed.into_iter().map(|(_, v)| v).collect()),
    }
}

fn key_reverse<'py>(
    ts: &mut Tstate<'py>,
    fname: &str,
    a: &Args<'_, 'py>,
) -> PyResult<(Option<Obj<'py>>, bool)> {
    a.only_kw(fname, &["key", "reverse"])?;
    let key = a.kwarg("key").filter(|k| !k.is_none()).cloned();
    let reverse = match a.kwarg("reverse") {
        Some(r) => ts.truthy(r)?,
        None => false,
    };
    Ok((key, reverse))
}

fn list_sort<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let l = this(slf)?;
    if !a.pos.is_empty() {
        return Err(PyErr::type_error("sort() takes no positional arguments"));
    }
    let (key, reverse) = key_reverse(ts, "sort", &a)?;
    let items = l.list_items().unwrap_or_default();
    let sorted = sort_items(ts, items, key.as_ref(), reverse)?;
    set_all(l, sorted)?;
    Ok(l.py().none())
}

fn set_all<'py>(l: &Obj<'py>, items: Vec<Obj<'py>>) -> PyResult<()> {
    let py = l.py();
    for (i, v) in items.iter().enumerate() {
        l.set_item(&py.int(i as i64)?, v)?;
    }
    Ok(())
}

fn list_reverse<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "list.reverse")?;
    let l = this(slf)?;
    let mut items = l.list_items().unwrap_or_default();
    items.reverse();
    set_all(l, items)?;
    Ok(l.py().none())
}

fn list_copy<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "list.copy")?;
    let l = this(slf)?;
    l.py().list_from(l.list_items().unwrap_or_default())
}

fn list_clear<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "list.clear")?;
    let l = this(slf)?;
    while l.seq_len().unwrap_or(0) > 0 {
        l.pop(-1)?;
    }
    Ok(l.py().none())
}

fn dict_keys<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "dict.keys")?;
    view(this(slf)?, DictPart::Keys)
}

fn dict_values<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "dict.values")?;
    view(this(slf)?, DictPart::Values)
}

fn dict_items<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "dict.items")?;
    view(this(slf)?, DictPart::Items)
}

fn dict_get<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let d = this(slf)?;
    a.no_kw("dict.get")?;
    let a = a.between("get", 1, 2)?;
    Ok(d.dict_get_with(&a[0], ts)?
        .or_else(|| a.get(1).cloned())
        .unwrap_or_else(|| d.py().none()))
}

fn dict_pop<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let d = this(slf)?;
    a.no_kw("dict.pop")?;
    let a = a.between("pop", 1, 2)?;
    match d.dict_get_with(&a[0], ts)? {
        Some(_) => d.dict_del_with(&a[0], ts),
        None => match a.get(1) {
            Some(default) => Ok(default.clone()),
            None => Err(PyErr::key_error(&a[0])),
        },
    }
}

fn dict_setdefault<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let d = this(slf)?;
    a.no_kw("dict.setdefault")?;
    let a = a.between("setdefault", 1, 2)?;
    if let Some(v) = d.dict_get_with(&a[0], ts)? {
        return Ok(v);
    }
    let v = a.get(1).cloned().unwrap_or_else(|| d.py().none());
    d.dict_set_with(&a[0], &v, ts)?;
    Ok(v)
}

fn dict_update<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let d = this(slf)?;
    let py = ts.py();
    let pos = Args::positional(a.pos).between("update", 0, 1)?;
    if let Some(other) = pos.first() {
        let tmp = crate::types::call_type(
            ts,
            &subinterp_object::types::DICT.get(py),
            Args::positional(std::slice::from_ref(other)),
        )?;
        d.dict_update_with(&tmp, ts)?;
    }
    for (k, v) in a.kw {
        d.set_item(k, v)?;
    }
    Ok(py.none())
}

fn dict_copy<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "dict.copy")?;
    this(slf)?.dict_copy()
}

fn dict_clear<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "dict.clear")?;
    let d = this(slf)?;
    d.dict_clear()?;
    Ok(d.py().none())
}

fn dict_popitem<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::str_extra::no_args(&a, "dict.popitem")?;
    let d = this(slf)?;
    let Some((k, v)) = d.dict_items()?.pop() else {
        return Err(PyErr::key_error(
            &ts.py().str("popitem(): dictionary is empty")?,
        ));
    };
    d.dict_del_with(&k, ts)?;
    ts.py().tuple(&[k, v])
}

/// The position of `v` in range `slf`, when `v` is an int in it.
fn range_position(slf: Option<&Obj<'_>>, v: &Obj<'_>) -> PyResult<Option<i64>> {
    let r = this(slf)?.native::<crate::iter::Range>().ok_or_else(bad)?;
    Ok(match v.as_i64() {
        Some(i) if v.kind() != Kind::Float && r.contains(i) => Some((i - r.start) / r.step),
        _ => None,
    })
}

fn range_index<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("range.index", 1)?[0];
    match range_position(slf, v)? {
        Some(i) => ts.py().int(i),
        None => Err(PyErr::value_error(format!(
            "{} is not in range",
            ts.repr(v)?
        ))),
    }
}

fn range_count<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("range.count", 1)?[0];
    ts.py().int(i64::from(range_position(slf, v)?.is_some()))
}

/// `it.__next__()` of the builtin iterators: the next item, `StopIteration` at the end.
fn iter_next<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    slot_no_args(&a)?;
    match ts.next(this(slf)?)? {
        Some(v) => Ok(v),
        None => Err(PyErr::new(&exc::STOP_ITERATION, "")),
    }
}

/// `it.__iter__()`: an iterator is its own iterator.
fn iter_self<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    slot_no_args(&a)?;
    Ok(this(slf)?.clone())
}

/// The argument check of a slot wrapper (`it.__next__(1)`): CPython's own text.
fn slot_no_args(a: &Args<'_, '_>) -> PyResult<()> {
    if a.pos.is_empty() && a.kw.is_empty() {
        return Ok(());
    }
    Err(PyErr::type_error(format!(
        "expected 0 arguments, got {}",
        a.pos.len() + a.kw.len()
    )))
}

/// `dict.fromkeys(iterable, value=None)`.
fn dict_fromkeys<'py>(
    ts: &mut Tstate<'py>,
    _cls: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.no_kw("fromkeys")?;
    let a = a.between("fromkeys", 1, 2)?;
    let py = ts.py();
    let value = a.get(1).cloned().unwrap_or_else(|| py.none());
    let d = py.dict()?;
    for k in ts.collect(&a[0])? {
        d.dict_set_with(&k, &value, ts)?;
    }
    Ok(d)
}
