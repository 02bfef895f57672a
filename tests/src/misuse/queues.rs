//! Queue use after the queue was destroyed, after its interpreter ended, or after the runtime
//! finalized, and bad queue arguments: reference `cpython-lifecycle-xi.md` §3.4, §3.5. Every
//! refused put hands its item back (checked in each case).

use std::time::Duration;

use subinterp_runtime::Runtime;
use subinterp_xi::{InterpId, PutError, QueueId, Received, Unbound, XiData, timeout};

use super::running::{isolated, rt};
use super::{Area, Case, Outcome};

const A: Area = Area::Queues;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            A,
            "put into a destroyed queue",
            "QueueNotFoundError: queue 1 not found",
            "QueueError::NotFound",
            "queue 1 not found",
            put_after_destroy,
        ),
        Case::new(
            A,
            "get from a destroyed queue",
            "QueueNotFoundError: queue 1 not found",
            "QueueError::NotFound",
            "queue 1 not found",
            get_after_destroy,
        ),
        Case::new(
            A,
            "destroy a queue twice",
            "QueueNotFoundError: queue 1 not found",
            "QueueError::NotFound",
            "queue 1 not found",
            destroy_twice,
        ),
        Case::new(
            A,
            "bind an unknown queue id",
            "QueueNotFoundError: queue 99 not found",
            "QueueError::NotFound",
            "queue 99 not found",
            bind_unknown,
        ),
        Case::new(
            A,
            "a get blocked when its queue is destroyed",
            "polls every 10 ms, then QueueNotFoundError",
            "QueueError::NotFound",
            "queue 1 not found",
            blocked_get_destroyed,
        ),
        Case::new(
            A,
            "put through the handle of an interpreter that has ended",
            "cannot happen (an ended interpreter runs no code)",
            "QueueError::InterpreterEnded",
            "interpreter 1 has ended",
            put_after_interp_end,
        ),
        Case::new(
            A,
            "get an UNBOUND_ERROR item whose interpreter ended",
            "ItemInterpreterDestroyed: item's original interpreter destroyed",
            "QueueError::ItemInterpreterDestroyed",
            "item's original interpreter destroyed",
            get_error_item,
        ),
        Case::new(
            A,
            "get an UNBOUND (replace) item whose interpreter ended",
            "returns queues.UNBOUND",
            "ok",
            "Unbound marker, then the next item: Data(2)",
            get_replace_item,
        ),
        Case::new(
            A,
            "use a queue after the runtime finalized",
            "queues destroyed at module finalization: QueueNotFoundError",
            "QueueError::NotFound",
            "queue 1 not found",
            use_after_finalize,
        ),
        Case::new(
            A,
            "get with a negative timeout",
            "ValueError: timeout value must be non-negative",
            "QueueError::NegativeTimeout",
            "timeout value must be non-negative",
            negative_timeout,
        ),
        Case::new(
            A,
            "get with an infinite timeout (timeout=1e400)",
            "OverflowError: cannot convert float infinity to integer",
            "QueueError::InfiniteTimeout",
            "cannot convert float infinity to integer",
            infinite_timeout,
        ),
        Case::new(
            A,
            "put with a NaN timeout",
            "ValueError: cannot convert float NaN to integer",
            "QueueError::NanTimeout",
            "cannot convert float NaN to integer",
            nan_timeout,
        ),
        Case::new(
            A,
            "put with a str timeout that is not a number (timeout='x')",
            "ValueError: invalid literal for int() with base 10: 'x'",
            "ExecutionFailed",
            "ValueError: invalid literal for int() with base 10: 'x'",
            str_timeout,
        ),
        Case::new(
            A,
            "get with a timeout of another type (timeout=[])",
            "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'",
            "ExecutionFailed",
            "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'",
            list_timeout,
        ),
        Case::new(
            A,
            "a put blocked on a full queue through an interpreter's handle when that interpreter ends",
            "cannot happen (an ended interpreter runs no code)",
            "QueueError::InterpreterEnded",
            "interpreter 1 has ended",
            blocked_put_interp_ends,
        ),
        Case::new(
            A,
            "get an item nested 10,000 tuples deep (made in Rust) on a 2 MiB stack",
            "cannot be made from Python (sharing stops at the recursion limit); a C stack overflow when rebuilt",
            "ExecError::Failed",
            "RecursionError: maximum recursion depth exceeded while receiving a tuple",
            get_deep_item,
        ),
        Case::new(
            A,
            "an unbound-item flag outside 1..=3",
            "ValueError: unsupported unboundop 7",
            "QueueError::UnsupportedUnboundOp",
            "unsupported unboundop 7",
            bad_unbound_flag,
        ),
        Case::new(
            A,
            "get_nowait from an empty queue",
            "QueueEmpty: queue 1 is empty",
            "QueueError::Empty",
            "queue 1 is empty",
            get_empty,
        ),
        Case::new(
            A,
            "put_nowait into a full queue",
            "QueueFull: queue 1 is full",
            "QueueError::Full",
            "queue 1 is full",
            put_full,
        ),
    ]
}

/// The outcome of a refused put, after checking that the item came back.
fn refused_put(r: Result<(), PutError>, item: XiData) -> Outcome {
    match r {
        Ok(()) => Outcome::ok("put succeeded"),
        Err(e) if e.data == item => Outcome::err(&e.error),
        Err(e) => Outcome::ok(format!("item lost: {e} handed back {:?}", e.data)),
    }
}

fn queue(rt: &Runtime, maxsize: i64) -> subinterp_xi::Queue {
    rt.queues()
        .create(maxsize, Unbound::Replace, InterpId::MAIN)
        .expect("a queue")
}

fn put_after_destroy() -> Outcome {
    let rt = rt();
    let q = queue(&rt, 0);
    rt.queues().destroy(q.id()).expect("destroy");
    refused_put(q.put_nowait(XiData::Int(1), None), XiData::Int(1))
}

fn get_after_destroy() -> Outcome {
    let rt = rt();
    let q = queue(&rt, 0);
    q.put_nowait(XiData::Int(1), None).expect("put");
    rt.queues().destroy(q.id()).expect("destroy");
    Outcome::of(q.get_nowait())
}

fn destroy_twice() -> Outcome {
    let rt = rt();
    let q = queue(&rt, 0);
    rt.queues().destroy(q.id()).expect("destroy");
    Outcome::of(rt.queues().destroy(q.id()))
}

fn bind_unknown() -> Outcome {
    let rt = rt();
    Outcome::of(rt.queues().bind(QueueId::new(99), InterpId::MAIN))
}

fn blocked_get_destroyed() -> Outcome {
    let rt = rt();
    let q = queue(&rt, 0);
    let getter = {
        let q = q.clone();
        std::thread::spawn(move || q.get(Some(Duration::from_secs(30))))
    };
    // Give the getter time to block; the outcome is the same if it has not yet.
    std::thread::sleep(Duration::from_millis(20));
    rt.queues().destroy(q.id()).expect("destroy");
    Outcome::of(getter.join().expect("the getter returns"))
}

fn put_after_interp_end() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    let q = queue(&rt, 0);
    let from_a = rt.queues().bind(q.id(), a.id()).expect("bind");
    a.end().expect("end");
    refused_put(from_a.put_nowait(XiData::Int(5), None), XiData::Int(5))
}

fn get_error_item() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    let q = queue(&rt, 0);
    let from_a = rt.queues().bind(q.id(), a.id()).expect("bind");
    from_a
        .put_nowait(XiData::Int(1), Some(Unbound::Error))
        .expect("put");
    a.end().expect("end");
    Outcome::of(q.get_nowait())
}

fn get_replace_item() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    let q = queue(&rt, 0);
    let from_a = rt.queues().bind(q.id(), a.id()).expect("bind");
    from_a
        .put_nowait(XiData::Int(1), Some(Unbound::Replace))
        .expect("put");
    q.put_nowait(XiData::Int(2), None).expect("put");
    a.end().expect("end");
    match (q.get_nowait(), q.get_nowait()) {
        (Ok(Received::Unbound), Ok(next)) => {
            Outcome::ok(format!("Unbound marker, then the next item: {next:?}"))
        }
        other => Outcome::ok(format!("unexpected: {other:?}")),
    }
}

fn use_after_finalize() -> Outcome {
    let rt = rt();
    let q = queue(&rt, 0);
    rt.finalize().expect("finalize");
    Outcome::of(q.qsize())
}

fn negative_timeout() -> Outcome {
    Outcome::of(timeout(Some(-1.0)))
}

fn infinite_timeout() -> Outcome {
    Outcome::of(timeout(Some(f64::INFINITY)))
}

/// CPython's queue takes `int(timeout)`: a str is parsed (`'5'` waits five seconds).
fn str_timeout() -> Outcome {
    timeout_in_run("q.put(1, timeout='x')")
}

fn list_timeout() -> Outcome {
    timeout_in_run("q.get(timeout=[])")
}

fn timeout_in_run(call: &str) -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    match a.exec(&format!(
        "import interpreters; q = interpreters.create_queue(); {call}"
    )) {
        Ok(()) => Outcome::ok("succeeded"),
        // The uncaught exception, not its traceback.
        Err(e) => match e.execution_failed() {
            Some(failed) => Outcome {
                kind: "ExecutionFailed".into(),
                text: failed.excinfo.formatted().into(),
            },
            None => Outcome::err(&e),
        },
    }
}

fn nan_timeout() -> Outcome {
    Outcome::of(timeout(Some(f64::NAN)))
}

/// A put blocked for room through interpreter A's handle; A ends. The put fails (handing its
/// item back) and the queue keeps its capacity: one `get` later it takes one item again.
fn blocked_put_interp_ends() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    let q = queue(&rt, 1);
    q.put_nowait(XiData::Int(1), None).expect("put");
    let from_a = rt.queues().bind(q.id(), a.id()).expect("bind");
    let putter = std::thread::spawn(move || from_a.put(XiData::Int(2), None, None));
    // Give the putter time to block; the outcome is the same if it has not yet.
    std::thread::sleep(Duration::from_millis(20));
    a.end().expect("end");
    let _ = q.get_nowait();
    let got = refused_put(putter.join().expect("the putter returns"), XiData::Int(2));
    let room =
        q.put_nowait(XiData::Int(3), None).is_ok() && (q.qsize(), q.full()) == (Ok(1), Ok(true));
    if room {
        got
    } else {
        Outcome::ok(format!("capacity lost after {}", got.text))
    }
}

/// The receiver rebuilds the item on a pool worker's stack size.
fn get_deep_item() -> Outcome {
    let run = || {
        let rt = rt();
        let a = isolated(&rt);
        let q = queue(&rt, 0);
        let deep = (0..10_000).fold(XiData::Int(0), |d, _| XiData::tuple([d]));
        q.put_nowait(deep, None).expect("put");
        rt.share("q", q, &a).expect("share");
        match a.exec("q.get_nowait()") {
            Ok(()) => Outcome::ok("rebuilt"),
            Err(e) => Outcome {
                kind: Outcome::err(&e).kind,
                text: e.transcript_line(),
            },
        }
    };
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(run)
        .map_or_else(
            |e| Outcome::ok(format!("no thread: {e}")),
            |h| h.join().unwrap_or_else(|_| Outcome::ok("panicked")),
        )
}

fn bad_unbound_flag() -> Outcome {
    Outcome::of(Unbound::from_flag(7))
}

fn get_empty() -> Outcome {
    let rt = rt();
    Outcome::of(queue(&rt, 0).get_nowait())
}

fn put_full() -> Outcome {
    let rt = rt();
    let q = queue(&rt, 1);
    q.put_nowait(XiData::Int(1), None).expect("put");
    refused_put(q.put_nowait(XiData::Int(2), None), XiData::Int(2))
}
