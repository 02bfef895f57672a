//! Object <-> [`XiData`] (CPython's `_PyObject_GetCrossInterpreterData` with the builtin
//! getters of §4.2, and `new_object` in the receiver). Lookup is by **exact** type, as in
//! CPython: a subclass of a shareable type is not shareable.

use std::sync::Arc;

use subinterp_object::exc::{RECURSION_ERROR, RUNTIME_ERROR};
use subinterp_object::types::{
    BOOL, BYTES, DICT, FLOAT, FROZENSET, INT, LIST, NONE_TYPE, SET, STR, StaticType, TUPLE,
};
use subinterp_object::{Kind, Obj, Py, PyErr, PyResult};

use crate::{Container, Queue, ShareError, SharedBuffer, XiData};

/// Tuples nested deeper than this fail like CPython's recursion guard, on both sides: what
/// [`to_xi`] makes, [`from_xi`] rebuilds; deeper data (made in Rust) is refused, not allowed
/// to overflow the receiver's native stack.
const MAX_DEPTH: usize = 200;

/// The runtime's native shareables (queue objects, memoryviews): how to recognise them when
/// sharing, and how to rebuild them in the receiver. [`NoNatives`] knows none.
pub trait Natives {
    /// The data of `obj` if it is one of the runtime's shareable native objects.
    fn share(&self, obj: &Obj<'_>) -> Option<XiData>;

    /// The receiver's `Queue` object for `queue` (already bound to the receiver). CPython
    /// fails with `RuntimeError: _interpqueues module not imported yet` when the receiver has
    /// not imported the queues module.
    fn new_queue<'py>(&self, py: Py<'py>, queue: Queue) -> PyResult<Obj<'py>>;

    /// The receiver's `memoryview` over `buffer` (the same memory).
    fn new_buffer<'py>(&self, py: Py<'py>, buffer: SharedBuffer) -> PyResult<Obj<'py>>;
}

/// No native shareables: queue and buffer data cannot be rebuilt (the state of an interpreter
/// that has not imported the queues module).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoNatives;

impl Natives for NoNatives {
    fn share(&self, _obj: &Obj<'_>) -> Option<XiData> {
        None
    }

    fn new_queue<'py>(&self, _py: Py<'py>, _queue: Queue) -> PyResult<Obj<'py>> {
        Err(PyErr::new(
            &RUNTIME_ERROR,
            "_interpqueues module not imported yet",
        ))
    }

    fn new_buffer<'py>(&self, _py: Py<'py>, _buffer: SharedBuffer) -> PyResult<Obj<'py>> {
        Err(PyErr::new(
            &RUNTIME_ERROR,
            "_interpreters module not imported yet",
        ))
    }
}

fn exact(obj: &Obj<'_>, ty: &'static StaticType) -> bool {
    obj.get_type().is(&ty.get(obj.py()))
}

/// Whether `obj` can cross (CPython's `is_shareable`; never fails).
pub fn is_shareable(obj: &Obj<'_>, natives: &dyn Natives) -> bool {
    to_xi(obj, natives).is_ok()
}

/// The cross-interpreter data of `obj`, converted in its own interpreter (the sender). Fails
/// with `NotShareableError: <str(obj)> does not support cross-interpreter data` for anything
/// outside the shareable set, at any tuple depth.
pub fn to_xi(obj: &Obj<'_>, natives: &dyn Natives) -> Result<XiData, ShareError> {
    to_xi_at(obj, natives, 0, false)
}

/// [`to_xi`], plus copies of lists, dicts, sets and frozensets (exact types) of items that
/// can cross, at any nesting: what a queue `put`, `prepare_main` and `call` carry, where
/// CPython pickles what is not shareable. The receiver gets a new container built in its own
/// heap ([`XiData::Container`]); no pickle, no intermediate bytes. `is_shareable` stays
/// [`is_shareable`]: a list is still not *shareable* (it is not the same object on both
/// sides).
pub fn to_xi_copy(obj: &Obj<'_>, natives: &dyn Natives) -> Result<XiData, ShareError> {
    to_xi_at(obj, natives, 0, true)
}

/// The items of `obj` converted, for a tuple or a copied container.
fn items_xi(
    items: &[Obj<'_>],
    natives: &dyn Natives,
    depth: usize,
    copy: bool,
) -> Result<Arc<[XiData]>, ShareError> {
    if depth >= MAX_DEPTH {
        return Err(ShareError::Recursion);
    }
    items
        .iter()
        .map(|item| to_xi_at(item, natives, depth + 1, copy))
        .collect()
}

/// A list, dict, set or frozenset (exact types) as an [`XiData::Container`].
fn container_xi(
    obj: &Obj<'_>,
    natives: &dyn Natives,
    depth: usize,
) -> Result<Option<XiData>, ShareError> {
    let unknown = |_| ShareError::Unknown;
    let (kind, items) = match obj.kind() {
        Kind::List if exact(obj, &LIST) => (Container::List, obj.list_items().unwrap_or_default()),
        Kind::Dict if exact(obj, &DICT) => {
            let pairs = obj.dict_items().map_err(unknown)?;
            let flat = pairs.into_iter().flat_map(|(k, v)| [k, v]).collect();
            (Container::Dict, flat)
        }
        Kind::Set if exact(obj, &SET) => (Container::Set, obj.set_items().map_err(unknown)?),
        Kind::FrozenSet if exact(obj, &FROZENSET) => {
            (Container::FrozenSet, obj.set_items().map_err(unknown)?)
        }
        _ => return Ok(None),
    };
    Ok(Some(XiData::Container(
        kind,
        items_xi(&items, natives, depth, true)?,
    )))
}

fn to_xi_at(
    obj: &Obj<'_>,
    natives: &dyn Natives,
    depth: usize,
    copy: bool,
) -> Result<XiData, ShareError> {
    let data = match obj.kind() {
        Kind::None if exact(obj, &NONE_TYPE) => Some(XiData::None),
        Kind::Bool if exact(obj, &BOOL) => obj.as_bool().map(XiData::Bool),
        // An int beyond 64 bits: CPython's `OverflowError: try sending as bytes`.
        Kind::Int if exact(obj, &INT) => {
            Some(XiData::Int(obj.as_i64().ok_or(ShareError::Overflow)?))
        }
        Kind::Float if exact(obj, &FLOAT) => obj.as_f64().map(XiData::Float),
        Kind::Str if exact(obj, &STR) => obj.as_str().map(|s| XiData::Str(Arc::from(s))),
        Kind::Bytes if exact(obj, &BYTES) => obj.as_bytes().map(|b| XiData::Bytes(Arc::from(b))),
        Kind::Tuple if exact(obj, &TUPLE) => {
            let items = obj.tuple_items().unwrap_or_default();
            Some(XiData::Tuple(items_xi(&items, natives, depth, copy)?))
        }
        Kind::Native => natives.share(obj),
        Kind::List | Kind::Dict | Kind::Set | Kind::FrozenSet if copy => {
            container_xi(obj, natives, depth)?
        }
        _ => None,
    };
    data.ok_or_else(|| match obj.str() {
        Ok(repr) => ShareError::NotShareable { repr },
        Err(_) => ShareError::Unknown,
    })
}

/// A new object for `data` in the receiving interpreter of `py` (CPython's `new_object`):
/// `None`, `True` and `False` are the shared immortals, `str`/`bytes`/tuples are fresh copies
/// in the receiver's heap, queues and buffers go through `natives`. Tuples nested deeper than
/// [`to_xi`] accepts fail with `RecursionError: maximum recursion depth exceeded while
/// receiving a tuple`.
pub fn from_xi<'py>(py: Py<'py>, data: &XiData, natives: &dyn Natives) -> PyResult<Obj<'py>> {
    from_xi_at(py, data, natives, 0)
}

fn from_xi_at<'py>(
    py: Py<'py>,
    data: &XiData,
    natives: &dyn Natives,
    depth: usize,
) -> PyResult<Obj<'py>> {
    match data {
        XiData::None => Ok(py.none()),
        XiData::Bool(v) => Ok(py.bool(*v)),
        XiData::Int(v) => py.int(*v),
        XiData::Float(v) => py.float(*v),
        XiData::Str(s) => py.str(s),
        XiData::Bytes(b) => py.bytes(b),
        XiData::Tuple(items) => {
            if depth >= MAX_DEPTH {
                return Err(PyErr::new(
                    &RECURSION_ERROR,
                    "maximum recursion depth exceeded while receiving a tuple",
                ));
            }
            let items: PyResult<Vec<Obj<'py>>> = items
                .iter()
                .map(|it| from_xi_at(py, it, natives, depth + 1))
                .collect();
            py.tuple(&items?)
        }
        XiData::Queue(q) => {
            let mine = q
                .rebind(py.interp())
                .map_err(|err| PyErr::new(&RUNTIME_ERROR, err.to_string()))?;
            natives.new_queue(py, mine)
        }
        XiData::Buffer(b) => natives.new_buffer(py, b.clone()),
        XiData::Container(kind, items) => {
            if depth >= MAX_DEPTH {
                return Err(PyErr::new(
                    &RECURSION_ERROR,
                    "maximum recursion depth exceeded while receiving a container",
                ));
            }
            let items: PyResult<Vec<Obj<'py>>> = items
                .iter()
                .map(|it| from_xi_at(py, it, natives, depth + 1))
                .collect();
            new_container(py, *kind, items?)
        }
    }
}

/// A new container of `kind` in `py`'s heap holding `items` (a dict's alternate key, value).
/// A list takes the references themselves (no second count of each item).
fn new_container<'py>(py: Py<'py>, kind: Container, items: Vec<Obj<'py>>) -> PyResult<Obj<'py>> {
    match kind {
        Container::List => py.list_from(items),
        Container::Dict => {
            let d = py.dict()?;
            for pair in items.chunks_exact(2) {
                d.set_item(&pair[0], &pair[1])?;
            }
            Ok(d)
        }
        Container::Set | Container::FrozenSet => {
            let s = if kind == Container::Set {
                py.set()?
            } else {
                py.frozenset()?
            };
            for item in &items {
                s.set_add(item)?;
            }
            Ok(s)
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use subinterp_object::{InterpId, Objects};
    use subinterp_obmalloc::Heap;

    use super::*;

    /// Converts in interpreter 1, rebuilds in interpreter 2, and returns the receiver's repr.
    #[track_caller]
    fn check(make: impl for<'py> Fn(Py<'py>) -> PyResult<Obj<'py>>, expect: &str) {
        check_with(to_xi, make, expect);
    }

    /// [`check`] with `convert` as the sender's conversion.
    #[track_caller]
    fn check_with(
        convert: fn(&Obj<'_>, &dyn Natives) -> Result<XiData, ShareError>,
        make: impl for<'py> Fn(Py<'py>) -> PyResult<Obj<'py>>,
        expect: &str,
    ) {
        let sender = Objects::new(InterpId::new(1), Heap::new());
        let receiver = Objects::new(InterpId::new(2), Heap::new());
        // SAFETY: this thread is the only one using either `Objects`.
        let data = unsafe { sender.with_gil(|py| convert(&make(py).unwrap(), &NoNatives)) };
        let got = match data {
            // SAFETY: as above.
            Ok(data) => unsafe {
                receiver.with_gil(|py| from_xi(py, &data, &NoNatives).and_then(|o| o.repr()))
            }
            .unwrap(),
            Err(err) => format!("{}: {err}", err.python_type()),
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn s48_s49_shareable_round_trips() {
        check(|py| Ok(py.none()), "None");
        check(|py| py.bytes(b"spam"), "b'spam'");
        check(|py| py.str("spam"), "'spam'");
        check(|py| py.str(""), "''");
        check(
            |py| py.str("h\u{e9}llo \u{1f600}"),
            "'h\u{e9}llo \u{1f600}'",
        );
        check(|py| py.int(10), "10");
        check(|py| py.int(-10), "-10");
        check(|py| py.int(i64::MAX), "9223372036854775807");
        check(|py| Ok(py.bool(true)), "True");
        check(|py| Ok(py.bool(false)), "False");
        check(|py| py.float(100.0), "100.0");
        check(|py| py.tuple(&[]), "()");
        check(
            |py| {
                let inner = py.tuple(&[py.str("spam")?, py.str("eggs")?])?;
                py.tuple(&[py.int(1)?, inner, py.bool(true)])
            },
            "(1, ('spam', 'eggs'), True)",
        );
    }

    #[test]
    fn s48_not_shareable() {
        check(
            |py| py.list_of((1, 2, 3)),
            "NotShareableError: [1, 2, 3] does not support cross-interpreter data",
        );
        check(
            |py| py.dict(),
            "NotShareableError: {} does not support cross-interpreter data",
        );
        check(
            |py| {
                let inner = py.tuple(&[py.list_of((1,))?])?;
                py.tuple(&[py.int(0)?, inner])
            },
            // CPython reports the innermost offending item, not the tuple.
            "NotShareableError: [1] does not support cross-interpreter data",
        );
    }

    /// [`check`] with [`to_xi_copy`] as the sender's conversion.
    #[track_caller]
    fn check_copy(make: impl for<'py> Fn(Py<'py>) -> PyResult<Obj<'py>>, expect: &str) {
        check_with(to_xi_copy, make, expect);
    }

    #[test]
    fn containers_cross_as_copies() {
        check_copy(|py| py.list_of((1, 2, 3)), "[1, 2, 3]");
        check_copy(|py| py.list(&[]), "[]");
        check_copy(
            |py| {
                let d = py.dict()?;
                d.set_item(&py.str("a")?, &py.list_of((1,))?)?;
                d.set_item(&py.int(2)?, &py.tuple(&[py.list_of(("x",))?])?)?;
                Ok(d)
            },
            "{'a': [1], 2: (['x'],)}",
        );
        check_copy(
            |py| {
                let s = py.set()?;
                s.set_add(&py.int(7)?)?;
                Ok(s)
            },
            "{7}",
        );
        check_copy(
            |py| {
                let s = py.frozenset()?;
                s.set_add(&py.str("f")?)?;
                Ok(s)
            },
            "frozenset({'f'})",
        );
        check_copy(
            |py| {
                let inner = py.list_of((1,))?;
                let objects = py.list(&[inner, py.dict()?])?;
                let d = py.dict()?;
                objects.append(&d)?;
                Ok(objects)
            },
            "[[1], {}, {}]",
        );
    }

    #[test]
    fn copies_refuse_what_cannot_cross() {
        // The strict conversion still refuses containers.
        check(
            |py| py.list_of((1,)),
            "NotShareableError: [1] does not support cross-interpreter data",
        );
        check_copy(
            |py| {
                let m = py.new_module("m")?;
                py.list(&[py.int(1)?, m])
            },
            "NotShareableError: <module 'm'> does not support cross-interpreter data",
        );
    }

    #[test]
    fn immortals_are_the_same_objects_on_both_sides() {
        let a = Objects::new(InterpId::new(1), Heap::new());
        // SAFETY: this thread is the only one using `a`.
        unsafe {
            a.with_gil(|py| {
                let none = from_xi(py, &XiData::None, &NoNatives).unwrap();
                assert!(none.is(&py.none()));
            })
        };
    }

    #[test]
    fn queue_data_needs_the_queues_module_in_the_receiver() {
        let queues = crate::Queues::new();
        let q = queues
            .create(0, crate::Unbound::Replace, crate::InterpId::new(1))
            .unwrap();
        let b = Objects::new(InterpId::new(2), Heap::new());
        // SAFETY: this thread is the only one using `b`.
        let err =
            unsafe { b.with_gil(|py| from_xi(py, &XiData::Queue(q), &NoNatives).unwrap_err()) };
        assert_eq!(
            (err.type_name(), err.message()),
            ("RuntimeError", "_interpqueues module not imported yet")
        );
    }
}
