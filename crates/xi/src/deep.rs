//! Walks over nested [`XiData`] that keep their stack on the heap, so no depth of nesting can
//! overflow a thread's native stack (a pool worker has 2 MiB): `Drop`, `PartialEq` and `Debug`
//! of tuples, and the dropping of queue items that hold the last handle on another queue
//! ([`drop_freed`]). Rebuilding objects (`from_xi`) and sharing them (`to_xi`) recurse, but
//! under a depth limit (`convert.rs`).

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use crate::XiData;
use crate::data::Container;

/// The items of a tuple or container, which nest.
fn children_mut(data: &mut XiData) -> Option<&mut Arc<[XiData]>> {
    match data {
        XiData::Tuple(items) | XiData::Container(_, items) => Some(items),
        _ => None,
    }
}

/// Tuples and containers are taken apart child by child: one this drop owns alone gives its
/// nested ones to a heap stack (leaving `None` in their place) before it is freed, so each
/// native drop is one level deep. One still shared elsewhere just loses one reference.
impl Drop for XiData {
    fn drop(&mut self) {
        let Some(items) = children_mut(self) else {
            return;
        };
        let mut stack = Vec::new();
        detach_nested(items, &mut stack);
        while let Some(mut data) = stack.pop() {
            if let Some(items) = children_mut(&mut data) {
                detach_nested(items, &mut stack);
            }
        }
    }
}

/// Moves the tuples and containers among `items` to `stack`, if `items` is not shared.
fn detach_nested(items: &mut Arc<[XiData]>, stack: &mut Vec<XiData>) {
    let Some(items) = Arc::get_mut(items) else {
        return;
    };
    for item in items {
        if matches!(item, XiData::Tuple(_) | XiData::Container(..)) {
            stack.push(std::mem::replace(item, XiData::None));
        }
    }
}

/// Structural equality (floats compare as `f64`, queues by identity, buffers by memory).
impl PartialEq for XiData {
    fn eq(&self, other: &XiData) -> bool {
        let mut stack: Vec<(&XiData, &XiData)> = Vec::new();
        let (mut a, mut b) = (self, other);
        loop {
            match (a, b) {
                (XiData::Tuple(x), XiData::Tuple(y)) => {
                    if x.len() != y.len() {
                        return false;
                    }
                    stack.extend(x.iter().zip(y.iter()).rev());
                }
                (XiData::Container(k, x), XiData::Container(l, y)) => {
                    if k != l || x.len() != y.len() {
                        return false;
                    }
                    stack.extend(x.iter().zip(y.iter()).rev());
                }
                _ if !leaf_eq(a, b) => return false,
                _ => {}
            }
            match stack.pop() {
                Some((x, y)) => (a, b) = (x, y),
                None => return true,
            }
        }
    }
}

fn leaf_eq(a: &XiData, b: &XiData) -> bool {
    match (a, b) {
        (XiData::None, XiData::None) => true,
        (XiData::Bool(x), XiData::Bool(y)) => x == y,
        (XiData::Int(x), XiData::Int(y)) => x == y,
        (XiData::Float(x), XiData::Float(y)) => x == y,
        (XiData::Str(x), XiData::Str(y)) => x == y,
        (XiData::Bytes(x), XiData::Bytes(y)) => x == y,
        (XiData::Queue(x), XiData::Queue(y)) => x == y,
        (XiData::Buffer(x), XiData::Buffer(y)) => x == y,
        _ => false,
    }
}

/// Python-like: `(1, ('spam',), True)`, `b"x"`, `Queue(3)`, `[1, 2]`, `{1: 2}`,
/// `frozenset({1})`.
impl fmt::Debug for XiData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Open sequences: their items, the index of the next one to print, and how they
        // print.
        let mut open: Vec<(&[XiData], usize, Option<Container>)> = Vec::new();
        let mut next = self;
        loop {
            match next {
                XiData::Tuple(items) => {
                    f.write_str("(")?;
                    open.push((items, 0, None));
                }
                // CPython's repr of an empty set is `set()` (`{}` is a dict).
                XiData::Container(Container::Set, items) if items.is_empty() => {
                    f.write_str("set()")?;
                }
                XiData::Container(c, items) => {
                    f.write_str(match c {
                        Container::List => "[",
                        Container::Dict | Container::Set => "{",
                        Container::FrozenSet => "frozenset({",
                    })?;
                    open.push((items, 0, Some(*c)));
                }
                leaf => leaf_fmt(leaf, f)?,
            }
            loop {
                let Some((items, i, kind)) = open.last_mut() else {
                    return Ok(());
                };
                let items: &[XiData] = items;
                if *i < items.len() {
                    if *i > 0 {
                        let key_done = *kind == Some(Container::Dict) && *i % 2 == 1;
                        f.write_str(if key_done { ": " } else { ", " })?;
                    }
                    next = &items[*i];
                    *i += 1;
                    break;
                }
                f.write_str(match kind {
                    None if items.len() == 1 => ",)",
                    None => ")",
                    Some(Container::List) => "]",
                    Some(Container::Dict | Container::Set) => "}",
                    Some(Container::FrozenSet) => "})",
                })?;
                open.pop();
            }
        }
    }
}

fn leaf_fmt(leaf: &XiData, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match leaf {
        XiData::None => f.write_str("None"),
        XiData::Bool(v) => f.write_str(if *v { "True" } else { "False" }),
        XiData::Int(v) => write!(f, "{v}"),
        XiData::Float(v) => write!(f, "{v:?}"),
        XiData::Str(v) => write!(f, "{v:?}"),
        XiData::Bytes(v) => write!(f, "b{:?}", v.escape_ascii().to_string()),
        XiData::Queue(q) => write!(f, "Queue({})", q.id()),
        XiData::Buffer(b) => write!(f, "<memory at {:p}, {} bytes>", b.as_ptr(), b.len()),
        XiData::Tuple(_) | XiData::Container(..) => f.write_str("(...)"),
    }
}

thread_local! {
    /// While this thread is in [`drop_freed`]: the items dropped by nested calls, for the
    /// outermost call to drop in turn.
    static PENDING: RefCell<Option<Vec<XiData>>> = const { RefCell::new(None) };
}

/// Drops the items a destroyed or purged queue gave up. An item may hold the last handle on
/// another queue, whose destruction drops its items in turn: a chain of queues would recurse
/// once per queue. Nested calls on the same thread queue their items instead, and the
/// outermost call drops them in a loop.
pub(crate) fn drop_freed(freed: Vec<XiData>) {
    if freed.is_empty() {
        return;
    }
    let outermost = PENDING.try_with(|p| {
        let mut p = p.borrow_mut();
        match p.as_mut() {
            Some(pending) => {
                pending.extend(freed);
                None
            }
            None => {
                *p = Some(Vec::new());
                Some(freed)
            }
        }
    });
    let mut work = match outermost {
        Ok(Some(work)) => work,
        Ok(None) => return,
        // Thread-locals already torn down: drop inline.
        Err(_) => return,
    };
    let _reset = Reset;
    loop {
        drop(work);
        work = PENDING.with(|p| {
            p.borrow_mut()
                .as_mut()
                .map(std::mem::take)
                .unwrap_or_default()
        });
        if work.is_empty() {
            return;
        }
    }
}

/// Leaves [`drop_freed`]'s outermost call (also on unwind): later calls drain for themselves.
struct Reset;

impl Drop for Reset {
    fn drop(&mut self) {
        let left = PENDING.try_with(|p| p.borrow_mut().take()).ok().flatten();
        drop(left);
    }
}
