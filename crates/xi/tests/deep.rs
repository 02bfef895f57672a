//! Deeply nested cross-interpreter data (issue 13, item 4, the xi part): every recursive walk
//! over `XiData` is bounded on a 2 MiB stack (a pool worker's), whatever the depth. Rebuilding
//! past the sending side's limit is `RecursionError`; drop, clone, equality and `Debug` work at
//! any depth; a chain of queues each holding the last handle on the next is dropped without
//! recursing once per queue.

use std::thread;

use subinterp_object::{InterpId, Objects};
use subinterp_obmalloc::Heap;
use subinterp_xi::{NoNatives, Queues, Unbound, XiData, from_xi};

/// A pool worker's stack.
const STACK: usize = 2 << 20;

/// Runs `f` on a thread with a 2 MiB stack (a native overflow there aborts the test binary).
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    thread::Builder::new()
        .stack_size(STACK)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// `(((... (0,) ...),),)`, `depth` tuples deep, built without recursion.
fn nested(depth: usize) -> XiData {
    (0..depth).fold(XiData::Int(0), |d, _| XiData::tuple([d]))
}

#[test]
fn from_xi_of_data_nested_10000_deep_is_a_recursion_error() {
    let (kind, msg) = on_small_stack(|| {
        let data = nested(10_000);
        let objects = Objects::new(InterpId::new(1), Heap::new());
        // SAFETY: this thread is the only one using `objects`.
        let err = unsafe { objects.with_gil(|py| from_xi(py, &data, &NoNatives).unwrap_err()) };
        (err.type_name().to_owned(), err.message().to_owned())
    });
    assert_eq!(
        (kind.as_str(), msg.as_str()),
        (
            "RecursionError",
            "maximum recursion depth exceeded while receiving a tuple"
        )
    );
}

#[test]
fn data_as_deep_as_the_sender_allows_still_round_trips() {
    let repr = on_small_stack(|| {
        let data = nested(200);
        let objects = Objects::new(InterpId::new(1), Heap::new());
        // SAFETY: this thread is the only one using `objects`.
        unsafe {
            objects.with_gil(|py| {
                let obj = from_xi(py, &data, &NoNatives).unwrap();
                let back = subinterp_xi::to_xi(&obj, &NoNatives).unwrap();
                back == data
            })
        }
    });
    assert!(repr);
}

#[test]
fn drop_clone_eq_and_debug_of_data_nested_100000_deep() {
    let (equal, unequal, debug_len) = on_small_stack(|| {
        let a = nested(100_000);
        let b = nested(100_000);
        let c = (0..100_000).fold(XiData::Int(1), |d, _| XiData::tuple([d]));
        let copy = a.clone();
        let text = format!("{a:?}");
        let out = (a == b && copy == a, a != c, text.len());
        drop((a, b, c, copy));
        out
    });
    assert!(equal && unequal);
    // "(" * n + "0" + ",)" * n
    assert_eq!(debug_len, 100_000 * 3 + 1);
}

#[test]
fn a_chain_of_queues_each_holding_the_next_is_dropped_without_deep_recursion() {
    on_small_stack(|| {
        let queues = Queues::new();
        let first = queues.create(0, Unbound::Replace, InterpId::MAIN).unwrap();
        let mut last = first.clone();
        for _ in 0..20_000 {
            let next = queues.create(0, Unbound::Replace, InterpId::MAIN).unwrap();
            last.put_nowait(XiData::Queue(next.clone()), None).unwrap();
            last = next;
        }
        drop(last);
        assert_eq!(queues.len(), 20_001);
        drop(first);
        assert_eq!(queues.len(), 0, "each queue died with its last handle");
    });
}
