//! [`XiData`]: the interpreter-independent form of a shareable value (CPython's
//! `_PyCrossInterpreterData` payloads for its built-in shareable types, §4.2).

use std::sync::Arc;

use crate::{Queue, ShareError, SharedBuffer};

/// A shareable value, detached from any interpreter: exactly CPython's shareable set (`None`,
/// `bool`, `int` within 64 bits, `float`, `str`, `bytes`, tuples of shareables, queue handles)
/// plus [`SharedBuffer`] for `memoryview`.
///
/// Cloning is cheap: strings, bytes and tuples are `Arc`-shared, so fanning one value out to
/// many queues or interpreters copies no payload. The receiving interpreter builds its own
/// object from the value (CPython's `new_object`); `str` and `bytes` are copied into its heap
/// there, a [`SharedBuffer`] is not.
///
/// Only [`XiData::Buffer`] (when made with [`SharedBuffer::from_owner`]) and [`XiData::Queue`]
/// hold state that must be released: the buffer through its owner's [`Release`](crate::Release)
/// sink, the queue handle by dropping its reference on the queue. Every other variant is plain
/// process memory and may be dropped anywhere.
///
/// `Drop`, `PartialEq` and `Debug` walk nested tuples with a heap stack, so any depth is safe
/// on any thread; rebuilding an object ([`from_xi`](crate::from_xi)) stops with
/// `RecursionError` past the depth [`to_xi`](crate::to_xi) accepts.
// A word-sized tag keeps every payload 8-byte aligned, so moving a value through the
// channel, `Received` and `Result` is three aligned word copies instead of the odd-offset byte
// shuffles a `u8` tag produces (which stalled store forwarding on the `get` path).
#[derive(Clone)]
#[repr(u64)]
pub enum XiData {
    /// `None` (the receiver gets its immortal `None`).
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` in `[-sys.maxsize-1, sys.maxsize]`.
    Int(i64),
    /// A `float`.
    Float(f64),
    /// A `str`.
    Str(Arc<str>),
    /// A `bytes`.
    Bytes(Arc<[u8]>),
    /// A `tuple` whose items are all shareable, at any depth.
    Tuple(Arc<[XiData]>),
    /// A handle on a queue: it keeps the queue alive while in transit (CPython's
    /// `_queueid_xid_new` incref); the receiver rebinds it with [`Queue::rebind`].
    Queue(Queue),
    /// A `memoryview`: the receiver reads the same memory.
    Buffer(SharedBuffer),
    /// A copy of a `list`, `dict`, `set` or `frozenset` whose items can cross (what CPython
    /// carries by pickling; made by [`to_xi_copy`](crate::to_xi_copy) only, never by
    /// [`to_xi`](crate::to_xi)): the receiver builds a new container of the same type in its
    /// own heap. A dict's items alternate key, value.
    Container(Container, Arc<[XiData]>),
}

/// The type of an [`XiData::Container`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// `list`.
    List,
    /// `dict` (items alternate key, value).
    Dict,
    /// `set`.
    Set,
    /// `frozenset`.
    FrozenSet,
}

impl Container {
    /// The CPython type name.
    pub fn type_name(self) -> &'static str {
        match self {
            Container::List => "list",
            Container::Dict => "dict",
            Container::Set => "set",
            Container::FrozenSet => "frozenset",
        }
    }
}

impl XiData {
    /// The CPython type name of the value (`type(obj).__name__`).
    pub fn type_name(&self) -> &'static str {
        match self {
            XiData::None => "NoneType",
            XiData::Bool(_) => "bool",
            XiData::Int(_) => "int",
            XiData::Float(_) => "float",
            XiData::Str(_) => "str",
            XiData::Bytes(_) => "bytes",
            XiData::Tuple(_) => "tuple",
            XiData::Queue(_) => "Queue",
            XiData::Buffer(_) => "memoryview",
            XiData::Container(c, _) => c.type_name(),
        }
    }

    /// A tuple of `items`.
    pub fn tuple(items: impl IntoIterator<Item = XiData>) -> XiData {
        XiData::Tuple(items.into_iter().collect())
    }
}

impl From<()> for XiData {
    fn from((): ()) -> XiData {
        XiData::None
    }
}

impl From<bool> for XiData {
    fn from(v: bool) -> XiData {
        XiData::Bool(v)
    }
}

impl From<i64> for XiData {
    fn from(v: i64) -> XiData {
        XiData::Int(v)
    }
}

/// Ints beyond 64 bits are not shareable: `OverflowError: try sending as bytes`.
impl TryFrom<i128> for XiData {
    type Error = ShareError;

    fn try_from(v: i128) -> Result<XiData, ShareError> {
        i64::try_from(v)
            .map(XiData::Int)
            .map_err(|_| ShareError::Overflow)
    }
}

impl From<f64> for XiData {
    fn from(v: f64) -> XiData {
        XiData::Float(v)
    }
}

impl From<&str> for XiData {
    fn from(v: &str) -> XiData {
        XiData::Str(v.into())
    }
}

impl From<String> for XiData {
    fn from(v: String) -> XiData {
        XiData::Str(v.into())
    }
}

impl From<&[u8]> for XiData {
    fn from(v: &[u8]) -> XiData {
        XiData::Bytes(v.into())
    }
}

impl From<Vec<u8>> for XiData {
    fn from(v: Vec<u8>) -> XiData {
        XiData::Bytes(v.into())
    }
}

impl From<SharedBuffer> for XiData {
    fn from(v: SharedBuffer) -> XiData {
        XiData::Buffer(v)
    }
}

impl From<Queue> for XiData {
    fn from(v: Queue) -> XiData {
        XiData::Queue(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(value: XiData, expect: (&str, &str)) {
        assert_eq!((value.type_name(), format!("{value:?}").as_str()), expect);
    }

    #[test]
    fn shareable_values() {
        check(XiData::None, ("NoneType", "None"));
        check(true.into(), ("bool", "True"));
        check((-10i64).into(), ("int", "-10"));
        check(100.0.into(), ("float", "100.0"));
        check("spam".into(), ("str", "\"spam\""));
        check(b"spam".as_slice().into(), ("bytes", "b\"spam\""));
        check(XiData::tuple([]), ("tuple", "()"));
        check(XiData::tuple([XiData::None]), ("tuple", "(None,)"));
        check(
            XiData::tuple([
                1i64.into(),
                XiData::tuple(["spam".into(), "eggs".into()]),
                true.into(),
            ]),
            ("tuple", "(1, (\"spam\", \"eggs\"), True)"),
        );
    }

    #[test]
    fn containers_print_like_python() {
        let list = XiData::Container(Container::List, Arc::from([1i64.into(), XiData::None]));
        check(list.clone(), ("list", "[1, None]"));
        let dict = XiData::Container(Container::Dict, Arc::from(["a".into(), list]));
        check(dict, ("dict", "{\"a\": [1, None]}"));
        check(
            XiData::Container(Container::Set, Arc::from([])),
            ("set", "set()"),
        );
        check(
            XiData::Container(Container::FrozenSet, Arc::from([2i64.into()])),
            ("frozenset", "frozenset({2})"),
        );
        check(
            XiData::tuple([XiData::Container(Container::List, Arc::from([]))]),
            ("tuple", "([],)"),
        );
    }

    #[test]
    fn int_range_is_64_bits() {
        // Scenario 49: sys.maxsize round-trips, sys.maxsize+1 and 2**1000-like values do not.
        assert_eq!(
            XiData::try_from(i64::MAX as i128),
            Ok(XiData::Int(i64::MAX))
        );
        assert_eq!(
            XiData::try_from(i64::MIN as i128),
            Ok(XiData::Int(i64::MIN))
        );
        assert_eq!(
            XiData::try_from(i64::MAX as i128 + 1),
            Err(ShareError::Overflow)
        );
        assert_eq!(
            XiData::try_from(i64::MIN as i128 - 1),
            Err(ShareError::Overflow)
        );
    }

    #[test]
    fn clones_share_payloads() {
        let s = XiData::from("x".repeat(1000));
        let t = s.clone();
        match (&s, &t) {
            (XiData::Str(a), XiData::Str(b)) => assert!(Arc::ptr_eq(a, b)),
            _ => unreachable!("both are str"),
        }
    }
}
