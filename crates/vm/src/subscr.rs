//! Subscripts: `BINARY_SUBSCR`, `STORE_SUBSCR`, `DELETE_SUBSCR`, and slice objects with
//! slicing of lists, tuples and strs (CPython's `PySlice_GetIndicesEx` rules).

use subinterp_object::{Kind, Obj, ObjRef, Py, PyErr, PyResult, Slots, StaticType, exc};

use crate::Tstate;
use crate::function::bind;
use crate::int::{IntV, int_value};
use crate::iter::Range;

/// A slice object's bounds (`None` objects included, as given).
pub(crate) struct Slice {
    start: ObjRef,
    stop: ObjRef,
    step: ObjRef,
}

/// `slice`.
pub(crate) static SLICE: StaticType = StaticType::native("slice", "builtins", &SLICE_SLOTS);
static SLICE_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(|o, name| {
        let s = o.native::<Slice>()?;
        let r = match name {
            "start" => &s.start,
            "stop" => &s.stop,
            "step" => &s.step,
            _ => return None,
        };
        Some(bind(r, o.py()))
    }),
    repr: Some(|o| {
        let Some(s) = o.native::<Slice>() else {
            return Ok(String::new());
        };
        let py = o.py();
        Ok(format!(
            "slice({}, {}, {})",
            bind(&s.start, py)?.repr()?,
            bind(&s.stop, py)?.repr()?,
            bind(&s.step, py)?.repr()?
        ))
    }),
    ..Slots::EMPTY
};

/// `slice(start, stop, step)`.
pub(crate) fn new_slice<'py>(
    py: Py<'py>,
    start: Obj<'py>,
    stop: Obj<'py>,
    step: Option<Obj<'py>>,
) -> PyResult<Obj<'py>> {
    py.new_native(
        &SLICE,
        Slice {
            start: start.unbind(),
            stop: stop.unbind(),
            step: step.unwrap_or_else(|| py.none()).unbind(),
        },
    )
}

fn slice_index(v: &Obj<'_>) -> PyResult<Option<i64>> {
    if v.is_none() {
        return Ok(None);
    }
    match int_value(v) {
        Some(IntV::Small(i)) => Ok(Some(i)),
        Some(IntV::Big(b)) => Ok(Some(if b.sign() == num_bigint::Sign::Minus {
            i64::MIN
        } else {
            i64::MAX
        })),
        None => Err(PyErr::type_error(
            "slice indices must be integers or None or have an __index__ method",
        )),
    }
}

/// The `(start, step, count)` a slice selects in a sequence of `len` items.
fn indices(s: &Slice, py: Py<'_>, len: usize) -> PyResult<(i64, i64, usize)> {
    let (start, stop, step) = bounds(s, py, len as i64)?;
    let count = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok((start, step, count as usize))
}

/// `slice.indices(len)`: start, stop and step clamped to a sequence of `len` items
/// (CPython's `PySlice_GetIndicesEx` without the count).
fn bounds(s: &Slice, py: Py<'_>, len: i64) -> PyResult<(i64, i64, i64)> {
    let step = slice_index(&bind(&s.step, py)?)?.unwrap_or(1);
    if step == 0 {
        return Err(PyErr::value_error("slice step cannot be zero"));
    }
    let clamp = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(v) if v < 0 => {
                let v = v.saturating_add(len);
                if v < 0 {
                    if step < 0 { -1 } else { 0 }
                } else {
                    v
                }
            }
            Some(v) if v >= len => {
                if step < 0 {
                    len - 1
                } else {
                    len
                }
            }
            Some(v) => v,
        }
    };
    let (dstart, dstop) = if step < 0 { (len - 1, -1) } else { (0, len) };
    let start = clamp(slice_index(&bind(&s.start, py)?)?, dstart);
    let stop = clamp(slice_index(&bind(&s.stop, py)?)?, dstop);
    Ok((start, stop, step))
}

/// `slice(stop)`, `slice(start, stop[, step])`.
pub(crate) fn slice_new<'py>(py: Py<'py>, a: crate::builtin::Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.no_kw("slice")?;
    let a = a.between("slice", 1, 3)?;
    match a {
        [stop] => new_slice(py, py.none(), stop.clone(), None),
        [start, stop] => new_slice(py, start.clone(), stop.clone(), None),
        _ => new_slice(py, a[0].clone(), a[1].clone(), Some(a[2].clone())),
    }
}

/// The start, stop and step of a slice object, if `o` is one.
pub(crate) fn parts<'py>(o: &Obj<'py>) -> Option<PyResult<[Obj<'py>; 3]>> {
    let s = o.native::<Slice>()?;
    let py = o.py();
    Some((|| {
        Ok([bind(&s.start, py)?, bind(&s.stop, py)?, bind(&s.step, py)?])
    })())
}

/// Methods of `slice`.
pub(crate) static SLICE_METHODS: &[crate::builtin::BuiltinDef] = &[crate::builtin::BuiltinDef {
    name: "indices",
    func: slice_indices,
}];

fn slice_indices<'py>(
    ts: &mut crate::Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: crate::builtin::Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let o = crate::methods::this(slf)?;
    let Some(s) = o.native::<Slice>() else {
        return Err(PyErr::type_error(
            "descriptor 'indices' requires a 'slice' object",
        ));
    };
    let n = &a.exactly("indices", 1)?[0];
    let len = match int_value(n) {
        Some(IntV::Small(l)) => l,
        Some(IntV::Big(_)) => {
            return Err(PyErr::new(
                &subinterp_object::exc::OVERFLOW_ERROR,
                "Python int too large to convert to C ssize_t",
            ));
        }
        None => return Err(crate::int::not_an_integer(n)),
    };
    if len < 0 {
        return Err(PyErr::value_error("length should not be negative"));
    }
    let py = ts.py();
    let (start, stop, step) = bounds(s, py, len)?;
    py.tuple(&[py.int(start)?, py.int(stop)?, py.int(step)?])
}

/// `range[slice]`: the range of the selected items (`range(0, 20, 5)[1:3]` is
/// `range(5, 15, 5)`), from the slice's adjusted bounds as CPython computes it.
fn range_slice<'py>(py: Py<'py>, r: &Range, s: &Slice) -> PyResult<Obj<'py>> {
    let n = usize::try_from(r.len()).map_err(|_| PyErr::no_memory())?;
    let (start, stop, step) = bounds(s, py, n as i64)?;
    let at = |i: i64| i128::from(r.start) + i128::from(i) * i128::from(r.step);
    let fit = |v: i128| {
        i64::try_from(v).map_err(|_| {
            PyErr::new(
                &exc::OVERFLOW_ERROR,
                "Python int too large to convert to C ssize_t",
            )
        })
    };
    let range = Range {
        start: fit(at(start))?,
        stop: fit(at(stop))?,
        step: fit(i128::from(r.step) * i128::from(step))?,
    };
    py.new_native(&crate::iter::RANGE, range)
}

fn positions(start: i64, step: i64, count: usize) -> impl Iterator<Item = usize> {
    (0..count).map(move |k| (start + k as i64 * step) as usize)
}

/// An index operand (`TypeError` with the container's text when it is not an int).
fn index_of(key: &Obj<'_>, what: &str) -> PyResult<i64> {
    match int_value(key) {
        Some(IntV::Small(i)) => Ok(i),
        Some(IntV::Big(_)) => Err(PyErr::new(
            &exc::INDEX_ERROR,
            "cannot fit 'int' into an index-sized integer",
        )),
        None => Err(PyErr::type_error(format!(
            "{what} indices must be integers or slices, not {}",
            key.type_name()
        ))),
    }
}

/// `key` as a sequence (list, tuple, str, bytes) needs it: an instance of a class defining
/// `__index__` becomes its int, and a slice with such bounds a slice of ints (CPython's
/// `PyNumber_AsSsize_t` on each bound). Other keys, and keys of other containers, as given.
fn seq_key<'py>(ts: &mut Tstate<'py>, container: &Obj<'py>, key: &Obj<'py>) -> PyResult<Obj<'py>> {
    if !matches!(
        container.kind(),
        Kind::List | Kind::Tuple | Kind::Str | Kind::Bytes
    ) {
        return Ok(key.clone());
    }
    let Some(s) = key.native::<Slice>() else {
        return ts.index_if_defined(key);
    };
    let py = ts.py();
    let parts = [&s.start, &s.stop, &s.step].map(|r| bind(r, py));
    let [start, stop, step] = parts;
    let (start, stop, step) = (start?, stop?, step?);
    if !(start.has_heap_type() || stop.has_heap_type() || step.has_heap_type()) {
        return Ok(key.clone());
    }
    let start = ts.index_if_defined(&start)?;
    let stop = ts.index_if_defined(&stop)?;
    let step = ts.index_if_defined(&step)?;
    new_slice(py, start, stop, Some(step))
}

/// `container[key]`.
pub(crate) fn get<'py>(
    ts: &mut Tstate<'py>,
    container: &Obj<'py>,
    key: &Obj<'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    if let Some(f) = crate::ext::proto(container).and_then(|p| p.getitem) {
        return f(ts, container, key);
    }
    if (container.has_heap_type()
        || container.is_heap_type()
        || container.kind() == Kind::Type && crate::dunder::is_pep585_generic(container))
        && let Some(v) = ts.getitem_dunder(container, key)?
    {
        return Ok(v);
    }
    let key = &seq_key(ts, container, key)?;
    if let Some(s) = key.native::<Slice>() {
        return match container.kind() {
            Kind::List | Kind::Tuple => {
                let n = container.seq_len().unwrap_or(0);
                let (start, step, count) = indices(s, py, n)?;
                let items: Vec<_> = positions(start, step, count)
                    .filter_map(|i| container.seq_get(i))
                    .collect();
                if container.kind() == Kind::List {
                    py.list_from(items)
                } else {
                    py.tuple(&items)
                }
            }
            Kind::Str => {
                let chars: Vec<char> = container.as_str().unwrap_or_default().chars().collect();
                let (start, step, count) = indices(s, py, chars.len())?;
                let out: String = positions(start, step, count).map(|i| chars[i]).collect();
                py.str(&out)
            }
            Kind::Bytes => {
                let b = container.as_bytes().unwrap_or_default();
                let (start, step, count) = indices(s, py, b.len())?;
                let out: Vec<u8> = positions(start, step, count).map(|i| b[i]).collect();
                py.bytes(&out)
            }
            // Slices are hashable (3.12): a dict looks one up as any key.
            Kind::Dict => container.get_item(key),
            _ => match container.native::<Range>() {
                Some(r) => range_slice(py, r, s),
                None => Err(not_subscriptable(container)),
            },
        };
    }
    match container.kind() {
        Kind::List | Kind::Tuple | Kind::Str => {
            let i = match container.kind() {
                Kind::List => index_of(key, "list")?,
                Kind::Tuple => index_of(key, "tuple")?,
                // str's own text (3.13) names neither slices nor the type without quotes.
                _ => index_of(key, "string").map_err(|e| {
                    if e.is(&exc::TYPE_ERROR) {
                        PyErr::type_error(format!(
                            "string indices must be integers, not '{}'",
                            key.type_name()
                        ))
                    } else {
                        e
                    }
                })?,
            };
            container.get_item(&py.int(i)?)
        }
        Kind::Dict => match container.dict_get_with(key, ts)? {
            Some(v) => Ok(v),
            None => Err(PyErr::key_error(key)),
        },
        Kind::Bytes => container.get_item(key),
        _ => {
            if let Some(r) = container.native::<Range>() {
                let i = index_of(key, "range")?;
                let n = r.len() as i64;
                let j = if i < 0 { i + n } else { i };
                if !(0..n).contains(&j) {
                    return Err(PyErr::new(
                        &exc::INDEX_ERROR,
                        "range object index out of range",
                    ));
                }
                return py.int(r.item(j as u64));
            }
            Err(not_subscriptable(container))
        }
    }
}

fn not_subscriptable(o: &Obj<'_>) -> PyErr {
    PyErr::type_error(format!("'{}' object is not subscriptable", o.type_name()))
}

/// `container[key] = value`.
pub(crate) fn set<'py>(
    ts: &mut Tstate<'py>,
    container: &Obj<'py>,
    key: &Obj<'py>,
    value: &Obj<'py>,
) -> PyResult<()> {
    let py = ts.py();
    if let Some(f) = crate::ext::proto(container).and_then(|p| p.setitem) {
        return f(ts, container, key, Some(value));
    }
    if container.has_heap_type() && ts.setitem_dunder(container, key, Some(value))? {
        return Ok(());
    }
    let key = &seq_key(ts, container, key)?;
    match container.kind() {
        Kind::List => {
            if let Some(s) = key.native::<Slice>() {
                let (start, step, count) = list_slice(container, s)?;
                let new = ts.collect(value).map_err(|e| {
                    crate::call_errors::not_iterable_as(e, value, || {
                        "must assign iterable to extended slice".into()
                    })
                })?;
                let mut items = container.list_items().unwrap_or_default();
                if step == 1 {
                    let start = start as usize;
                    items.splice(start..start + count, new);
                } else {
                    if new.len() != count {
                        return Err(PyErr::value_error(format!(
                            "attempt to assign sequence of size {} to extended slice of size {count}",
                            new.len()
                        )));
                    }
                    for (i, v) in positions(start, step, count).zip(new) {
                        items[i] = v;
                    }
                }
                return replace_all(container, items);
            }
            let i = index_of(key, "list")?;
            container.set_item(&py.int(i)?, value)
        }
        Kind::Dict => container.dict_set_with(key, value, ts),
        _ => Err(PyErr::type_error(format!(
            "'{}' object does not support item assignment",
            container.type_name()
        ))),
    }
}

/// What slice `s` selects in list `l`.
fn list_slice(l: &Obj<'_>, s: &Slice) -> PyResult<(i64, i64, usize)> {
    indices(s, l.py(), l.seq_len().unwrap_or(0))
}

/// Replaces every item of list `l` (slice assignment and deletion).
fn replace_all<'py>(l: &Obj<'py>, items: Vec<Obj<'py>>) -> PyResult<()> {
    while l.seq_len().unwrap_or(0) > 0 {
        l.pop(-1)?;
    }
    for v in &items {
        l.append(v)?;
    }
    Ok(())
}

/// `del container[key]`.
pub(crate) fn del<'py>(ts: &mut Tstate<'py>, container: &Obj<'py>, key: &Obj<'py>) -> PyResult<()> {
    if let Some(f) = crate::ext::proto(container).and_then(|p| p.setitem) {
        return f(ts, container, key, None);
    }
    let py = ts.py();
    if container.has_heap_type() && ts.setitem_dunder(container, key, None)? {
        return Ok(());
    }
    let key = &seq_key(ts, container, key)?;
    match container.kind() {
        Kind::List => {
            if let Some(s) = key.native::<Slice>() {
                let (start, step, count) = list_slice(container, s)?;
                let gone: std::collections::HashSet<usize> =
                    positions(start, step, count).collect();
                let items = container
                    .list_items()
                    .unwrap_or_default()
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| !gone.contains(i))
                    .map(|(_, v)| v)
                    .collect();
                return replace_all(container, items);
            }
            let i = index_of(key, "list")?;
            container.del_item(&py.int(i)?)
        }
        Kind::Dict => container.dict_del_with(key, ts).map(drop),
        _ => Err(PyErr::type_error(format!(
            "'{}' object doesn't support item deletion",
            container.type_name()
        ))),
    }
}
