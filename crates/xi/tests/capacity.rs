//! A bounded queue's capacity and an ended interpreter's footprint (issue 13, items 3 and 8):
//! every path that takes an item out (get, the interpreter-end purge under each unbound
//! policy, destroy, a blocked putter woken by its interpreter's end) gives its place back, and
//! an ended interpreter leaves neither items nor bookkeeping behind.

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use subinterp_xi::{InterpId, PutError, Queue, QueueError, Queues, Received, Unbound, XiData};

const MAIN: InterpId = InterpId::MAIN;
const POLICIES: [Unbound; 3] = [Unbound::Remove, Unbound::Error, Unbound::Replace];

/// Fills `q` with `put_nowait` until it refuses, then drains it with `get_nowait`: the queue
/// must take exactly `room` items and report `qsize`, `empty` and `full` consistently on the way.
#[track_caller]
fn assert_room(q: &Queue, room: usize) {
    assert_eq!(q.qsize(), Ok(0), "starts empty");
    assert_eq!(q.empty(), Ok(true));
    assert_eq!(q.full(), Ok(false), "empty is not full");
    for i in 0..room {
        q.put_nowait(XiData::Int(i as i64), None).unwrap();
        assert_eq!(q.qsize(), Ok(i + 1));
        assert_eq!(q.empty(), Ok(false));
        assert_eq!(q.full(), Ok(i + 1 == room));
    }
    let err = q.put_nowait(XiData::Int(-1), None).unwrap_err();
    assert_eq!(err.error, QueueError::Full(q.id()));
    for i in 0..room {
        assert_eq!(q.get_nowait(), Ok(Received::Data(XiData::Int(i as i64))));
    }
    assert_eq!(q.get_nowait(), Err(QueueError::Empty(q.id())));
    assert_eq!(
        (q.qsize(), q.empty(), q.full()),
        (Ok(0), Ok(true), Ok(false))
    );
}

/// Waits until a thread is blocked (there is no public way to see it: give it time).
fn settle() {
    thread::sleep(Duration::from_millis(50));
}

/// A queue of one place holding main's `1`, and a thread blocked putting `2` into it through
/// the handle of interpreter 7.
fn blocked_putter(
    queues: &Queues,
    op: Unbound,
) -> (Queue, InterpId, thread::JoinHandle<Result<(), PutError>>) {
    let q = queues.create(1, op, MAIN).unwrap();
    q.put_nowait(XiData::Int(1), None).unwrap();
    let a = InterpId::new(7);
    let a_q = q.rebind(a).unwrap();
    let putter = thread::spawn(move || a_q.put(XiData::Int(2), None, None));
    settle();
    (q, a, putter)
}

/// Issue 13 item 3: a put blocked on a full queue through interpreter A's handle, A ends, a
/// `get` frees the place. The blocked put must fail (A can put no more) and give the place
/// back; before the fix it got in, was dropped as A's, and its place was lost for good.
#[test]
fn a_put_blocked_when_its_interpreter_ends_keeps_the_capacity() {
    for op in POLICIES {
        let queues = Queues::new();
        let (q, a, putter) = blocked_putter(&queues, op);
        queues.interpreter_ended(a);
        // The sequence: the `get` that would let the blocked item in.
        assert_eq!(q.get_nowait(), Ok(Received::Data(XiData::Int(1))), "{op:?}");
        let err = putter.join().unwrap().unwrap_err();
        assert_eq!(err.error, QueueError::InterpreterEnded(a), "{op:?}");
        assert_eq!(err.data, XiData::Int(2), "{op:?}: the item comes back");
        assert_room(&q, 1);
    }
}

/// A put blocked through an ended interpreter's handle wakes at the end, without a `get`.
#[test]
fn a_put_blocked_when_its_interpreter_ends_wakes_and_fails() {
    let queues = Queues::new();
    let (q, a, putter) = blocked_putter(&queues, Unbound::Replace);
    let start = Instant::now();
    queues.interpreter_ended(a);
    let err = putter.join().unwrap().unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(5), "woken by the end");
    assert_eq!(err.error, QueueError::InterpreterEnded(a));
    assert_eq!((q.qsize(), q.full()), (Ok(1), Ok(true)));
}

/// The same with the `get` first: the blocked put takes the freed place, then its interpreter
/// ends with the item queued; whatever the policy does with it, the place comes back.
#[test]
fn an_item_let_in_just_before_its_interpreter_ends_keeps_the_capacity() {
    for op in POLICIES {
        let queues = Queues::new();
        let (q, a, putter) = blocked_putter(&queues, op);
        assert_eq!(q.get_nowait(), Ok(Received::Data(XiData::Int(1))));
        putter.join().unwrap().unwrap();
        queues.interpreter_ended(a);
        match op {
            Unbound::Remove => {}
            Unbound::Error => assert_eq!(q.get_nowait(), Err(QueueError::ItemInterpreterDestroyed)),
            Unbound::Replace => assert_eq!(q.get_nowait(), Ok(Received::Unbound)),
        }
        assert_room(&q, 1);
    }
}

/// Every way an item leaves: delivered, purged at its interpreter's end under each policy,
/// and a destroy with puts blocked; the capacity is whole afterwards each time.
#[test]
fn every_exit_path_gives_the_place_back() {
    let queues = Queues::new();
    for (round, op) in POLICIES.into_iter().enumerate() {
        let q = queues.create(3, op, MAIN).unwrap();
        let a = InterpId::new(100 + round as u64);
        let a_q = q.rebind(a).unwrap();
        a_q.put_nowait(XiData::Int(1), None).unwrap();
        q.put_nowait(XiData::Int(2), None).unwrap();
        a_q.put_nowait(XiData::Int(3), None).unwrap();
        assert_eq!(q.full(), Ok(true));
        queues.interpreter_ended(a);
        let expect_left = if op == Unbound::Remove { 1 } else { 3 };
        assert_eq!(q.qsize(), Ok(expect_left), "{op:?}");
        assert_eq!(q.full(), Ok(expect_left == 3), "{op:?}");
        while q.qsize().unwrap() > 0 {
            let _ = q.get_nowait();
        }
        assert_room(&q, 3);
    }
    // Destroy with a put blocked: it fails, and the queue is gone (nothing to leak into).
    let q = queues.create(1, Unbound::Replace, MAIN).unwrap();
    q.put_nowait(XiData::Int(1), None).unwrap();
    let blocked = {
        let q = q.clone();
        thread::spawn(move || q.put(XiData::Int(2), None, None))
    };
    settle();
    queues.destroy(q.id()).unwrap();
    assert_eq!(
        blocked.join().unwrap().unwrap_err().error,
        QueueError::NotFound(q.id())
    );
}

/// Issue 13 item 8: a long-lived queue used by many short-lived interpreters keeps no record
/// of them once they end, and the items of an ended interpreter are freed at its end.
#[test]
fn ended_interpreters_leave_no_records_and_no_items() {
    let queues = Queues::new();
    let q = queues.create(0, Unbound::Remove, MAIN).unwrap();
    let payload: Arc<[u8]> = vec![7u8; 64 * 1024].into();
    for x in 1..=2_000u64 {
        let who = InterpId::new(x);
        let h = q.rebind(who).unwrap();
        h.put_nowait(XiData::Bytes(payload.clone()), None).unwrap();
        h.put_nowait(XiData::Int(x as i64), Some(Unbound::Replace))
            .unwrap();
        h.put_nowait(XiData::Bytes(payload.clone()), Some(Unbound::Error))
            .unwrap();
        drop(h);
        queues.interpreter_ended(who);
        // The REMOVE item is gone, the other two are data-less markers.
        assert_eq!(
            Arc::strong_count(&payload),
            1,
            "interpreter {x}: items freed at its end"
        );
        assert_eq!(q.get_nowait(), Ok(Received::Unbound));
        assert_eq!(q.get_nowait(), Err(QueueError::ItemInterpreterDestroyed));
        assert_eq!(q.qsize(), Ok(0));
    }
    let stats = queues.stats();
    assert_eq!(stats.owners, 1, "only main's record is left: {stats:?}");
    assert_eq!((stats.queues, stats.items, stats.markers), (1, 0, 0));
}
