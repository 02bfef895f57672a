//! CPython's queue and shareability scenarios (reference §6, numbers in each test's name and
//! comment) that need no runtime, written against `Queues` with made-up interpreter ids.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use subinterp_xi::{
    InterpId, Keepalive, PutError, Queue, QueueError, QueueId, Queues, Received, Release,
    ReleaseJob, SharedBuffer, Unbound, XiData, timeout,
};

const MAIN: InterpId = InterpId::MAIN;
const X: InterpId = InterpId::new(1);
const Y: InterpId = InterpId::new(2);

fn int(v: i64) -> XiData {
    XiData::Int(v)
}

fn data(v: impl Into<XiData>) -> Received {
    Received::Data(v.into())
}

/// Runs each step ("put", "get" or "-" for nothing) on `q`, then compares what `observe` saw
/// after every step with the expected values.
#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(
    q: &Queue,
    steps: &[(&str, T)],
    observe: impl Fn(&Queue) -> T,
) {
    let mut seen = Vec::new();
    for (step, _) in steps {
        match *step {
            "put" => q.put_nowait(int(0), None).unwrap(),
            "get" => assert_eq!(q.get_nowait(), Ok(data(0))),
            _ => {}
        }
        seen.push((*step, observe(q)));
    }
    let expect: Vec<(&str, &T)> = steps.iter().map(|(s, t)| (*s, t)).collect();
    assert_eq!(
        seen.iter().map(|(s, t)| (*s, t)).collect::<Vec<_>>(),
        expect
    );
}

#[test]
fn s51_create_maxsize_and_first_id() {
    let queues = Queues::new();
    let a = queues.create(0, Unbound::default(), MAIN).unwrap();
    let b = queues.create(3, Unbound::default(), MAIN).unwrap();
    let c = queues.create(-10, Unbound::default(), MAIN).unwrap();
    assert_eq!((a.id(), a.maxsize()), (QueueId::new(1), 0));
    assert_eq!((b.id(), b.maxsize()), (QueueId::new(2), 3));
    assert_eq!((c.id(), c.maxsize()), (QueueId::new(3), -10));
    // A negative maxsize is unbounded.
    for i in 0..20 {
        c.put_nowait(int(i), None).unwrap();
    }
    assert!(!c.full().unwrap());
    let ids: Vec<u64> = queues.list_all().iter().map(|info| info.id.get()).collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[test]
fn s52_destroy_then_use_and_handle_refcounts() {
    let queues = Queues::new();
    let q = queues.create(2, Unbound::Replace, MAIN).unwrap();
    let id = q.id();
    queues.destroy(id).unwrap();
    assert_eq!(q.get_nowait(), Err(QueueError::NotFound(id)));
    assert_eq!(
        queues.destroy(id).unwrap_err().to_string(),
        "queue 1 not found"
    );
    assert_eq!(
        q.put_nowait(int(1), None).unwrap_err().error,
        QueueError::NotFound(id)
    );
    assert_eq!(q.qsize(), Err(QueueError::NotFound(id)));
    drop(q);

    // bind, bind, release, destroy works; nested bind/release leaves no queue.
    let q = queues.create(0, Unbound::Replace, MAIN).unwrap();
    let b1 = queues.bind(q.id(), MAIN).unwrap();
    let b2 = queues.bind(q.id(), X).unwrap();
    drop(b1);
    queues.destroy(q.id()).unwrap();
    drop((q, b2));
    assert!(queues.is_empty());

    let q = queues.create(0, Unbound::Replace, MAIN).unwrap();
    let inner = queues.bind(q.id(), MAIN).unwrap();
    let innermost = inner.clone();
    drop((innermost, inner));
    assert_eq!(queues.len(), 1);
    drop(q);
    assert_eq!(queues.len(), 0, "the last handle destroys the queue");
}

#[test]
fn s53_unknown_queue_id() {
    let queues = Queues::new();
    let err = queues.bind(QueueId::new(1_000_000), MAIN).unwrap_err();
    assert_eq!(
        (err.python_type(), err.to_string().as_str()),
        ("QueueNotFoundError", "queue 1000000 not found")
    );
}

#[test]
fn s54_empty_and_full() {
    let queues = Queues::new();
    let q = queues.create(0, Unbound::Replace, MAIN).unwrap();
    check(&q, &[("-", true), ("put", false), ("get", true)], |q| {
        q.empty().unwrap()
    });
    // Quirk fixed: an unbounded queue is never full.
    assert!(!q.full().unwrap());

    let q = queues.create(3, Unbound::Replace, MAIN).unwrap();
    check(
        &q,
        &[
            ("-", false),
            ("put", false),
            ("put", false),
            ("put", true),
            ("get", false),
            ("get", false),
            ("get", false),
        ],
        |q| q.full().unwrap(),
    );
}

#[test]
fn s55_qsize_sequence() {
    let queues = Queues::new();
    let q = queues.create(0, Unbound::Replace, MAIN).unwrap();
    let steps = [
        "-", "put", "put", "put", "get", "put", "get", "get", "get", "put", "get",
    ];
    let sizes = [0usize, 1, 2, 3, 2, 3, 2, 1, 0, 1, 0];
    let steps: Vec<(&str, usize)> = steps.into_iter().zip(sizes).collect();
    check(&q, &steps, |q| q.qsize().unwrap());
}

#[test]
fn s56_put_on_full_queue() {
    let queues = Queues::new();
    let q = queues.create(2, Unbound::Replace, MAIN).unwrap();
    q.put_nowait(int(1), None).unwrap();
    q.put_nowait(int(2), None).unwrap();
    let err: PutError = q.put_nowait("spam".into(), None).unwrap_err();
    assert_eq!(
        (err.error.python_type(), err.to_string().as_str()),
        ("QueueFull", "queue 1 is full")
    );
    assert_eq!(err.into_data(), XiData::from("spam"), "the item comes back");
    let start = Instant::now();
    let err = q
        .put(XiData::None, Some(Duration::from_millis(100)), None)
        .unwrap_err();
    assert_eq!(err.error, QueueError::Full(q.id()));
    assert!(
        start.elapsed() >= Duration::from_millis(100),
        "waited for the timeout"
    );
    assert_eq!(q.get_nowait(), Ok(data(1)));
    q.put_nowait(int(3), None).unwrap();
    assert_eq!([q.get_nowait(), q.get_nowait()], [Ok(data(2)), Ok(data(3))]);
}

#[test]
fn s57_get_on_empty_queue_and_timeouts() {
    let queues = Queues::new();
    let q = queues.create(0, Unbound::Replace, MAIN).unwrap();
    let err = q.get_nowait().unwrap_err();
    assert_eq!(
        (err.python_type(), err.to_string().as_str()),
        ("QueueEmpty", "queue 1 is empty")
    );
    let start = Instant::now();
    assert_eq!(
        q.get(Some(Duration::from_millis(100))),
        Err(QueueError::Empty(q.id()))
    );
    assert!(start.elapsed() >= Duration::from_millis(100));
    // CPython truncates with int(); fractions count here.
    assert_eq!(timeout(Some(0.9)), Ok(Some(Duration::from_millis(900))));
    assert_eq!(timeout(None), Ok(None));
    let err = timeout(Some(-1.0)).unwrap_err();
    assert_eq!(
        (err.python_type(), err.to_string().as_str()),
        ("ValueError", "timeout value must be non-negative")
    );
    assert_eq!(timeout(Some(f64::NAN)), Err(QueueError::NanTimeout));
    assert_eq!(
        timeout(Some(f64::INFINITY)),
        Err(QueueError::InfiniteTimeout)
    );
}

#[test]
fn s58_shareable_values_round_trip() {
    let queues = Queues::new();
    let q = queues.create(0, Unbound::Replace, MAIN).unwrap();
    let values = [
        XiData::None,
        true.into(),
        int(10),
        "spam".into(),
        b"spam".as_slice().into(),
        XiData::tuple([int(0), "a".into()]),
    ];
    for v in &values {
        q.put_nowait(v.clone(), None).unwrap();
    }
    for v in values {
        assert_eq!(q.get_nowait(), Ok(Received::Data(v)));
    }
}

#[test]
fn s59_cross_interpreter_put_get_and_queue_handles() {
    let queues = Queues::new();
    let main_q = queues.create(0, Unbound::Replace, MAIN).unwrap();
    let x_q = main_q.rebind(X).unwrap();
    let sent = XiData::from(b"spam".as_slice());
    x_q.put_nowait(sent.clone(), None).unwrap();
    assert_eq!((main_q.qsize(), x_q.qsize()), (Ok(1), Ok(1)));
    let got = main_q.get_nowait().unwrap().into_data().unwrap();
    assert_eq!(got, sent);
    assert_eq!((main_q.qsize(), x_q.qsize()), (Ok(0), Ok(0)));

    // A queue handle crosses as a handle on the same queue; the receiver rebinds it.
    let other = queues.create(5, Unbound::Error, X).unwrap();
    x_q.put_nowait(other.clone().into(), None).unwrap();
    let got = main_q.get_nowait().unwrap().into_data();
    let Some(XiData::Queue(arrived)) = &got else {
        panic!("expected a queue handle");
    };
    let mine = arrived.rebind(MAIN).unwrap();
    assert_eq!(
        (mine.id(), mine.maxsize(), mine.owner()),
        (other.id(), 5, MAIN)
    );
    assert_eq!(mine, other);
}

#[test]
fn s59_handle_in_transit_keeps_the_queue_alive() {
    let queues = Queues::new();
    let carrier = queues.create(0, Unbound::Replace, MAIN).unwrap();
    let q = queues.create(0, Unbound::Replace, X).unwrap();
    let id = q.id();
    q.put_nowait(int(7), None).unwrap();
    carrier.put_nowait(q.into(), None).unwrap();
    assert!(queues.bind(id, Y).is_ok(), "alive while in transit");
    let got = carrier.get_nowait().unwrap().into_data();
    let Some(XiData::Queue(q)) = &got else {
        panic!("expected a queue handle");
    };
    assert_eq!(q.rebind(Y).unwrap().get_nowait(), Ok(data(7)));
    drop(got);
    assert_eq!(queues.bind(id, Y).unwrap_err(), QueueError::NotFound(id));
}

/// `who` puts `items`, main gets `taken` of them, `who` ends; returns main's handle.
fn ended_after(
    queues: &Queues,
    who: InterpId,
    default: Unbound,
    items: &[(XiData, Option<Unbound>)],
    taken: usize,
) -> Queue {
    let main_q = queues.create(0, default, MAIN).unwrap();
    let x_q = main_q.rebind(who).unwrap();
    for (item, op) in items {
        x_q.put_nowait(item.clone(), *op).unwrap();
    }
    drop(x_q);
    for _ in 0..taken {
        main_q.get_nowait().unwrap();
    }
    queues.interpreter_ended(who);
    main_q
}

#[test]
fn s60_unbound_policies() {
    let queues = Queues::new();
    let two = [
        (b"spam".as_slice().into(), None),
        (b"ham".as_slice().into(), None),
    ];

    // Default (UNBOUND): the marker, then empty.
    let q = ended_after(&queues, InterpId::new(11), Unbound::Replace, &two, 1);
    assert_eq!(q.qsize(), Ok(1));
    assert_eq!(q.get_nowait(), Ok(Received::Unbound));
    assert_eq!(q.get_nowait(), Err(QueueError::Empty(q.id())));

    // UNBOUND_ERROR: still counted, then one error that consumes the item.
    let q = ended_after(&queues, InterpId::new(12), Unbound::Error, &two, 1);
    assert_eq!(q.qsize(), Ok(1));
    let err = q.get_nowait().unwrap_err();
    assert_eq!(
        (err.python_type(), err.to_string().as_str()),
        (
            "ItemInterpreterDestroyed",
            "item's original interpreter destroyed"
        )
    );
    assert_eq!(q.qsize(), Ok(0));
    assert_eq!(q.get_nowait(), Err(QueueError::Empty(q.id())));

    // UNBOUND_REMOVE: gone at once.
    let q = ended_after(&queues, InterpId::new(13), Unbound::Remove, &two, 1);
    assert_eq!(q.qsize(), Ok(0));
    assert!(q.empty().unwrap());
    assert_eq!(q.get_nowait(), Err(QueueError::Empty(q.id())));

    // Mixed main and X REMOVE items: only X's go; main's stay, in order.
    let main_q = queues.create(0, Unbound::Remove, MAIN).unwrap();
    let x_q = main_q.rebind(InterpId::new(9)).unwrap();
    x_q.put_nowait("spam".into(), None).unwrap();
    main_q.put_nowait(b"ham".as_slice().into(), None).unwrap();
    x_q.put_nowait(int(1), None).unwrap();
    main_q.put_nowait(int(42), None).unwrap();
    x_q.put_nowait(int(2), None).unwrap();
    assert_eq!(queues.interpreter_ended(InterpId::new(9)), 3);
    assert_eq!(main_q.qsize(), Ok(2));
    assert_eq!(main_q.get_nowait(), Ok(data(b"ham".as_slice())));
    assert_eq!(main_q.get_nowait(), Ok(data(42)));
    assert_eq!(main_q.get_nowait(), Err(QueueError::Empty(main_q.id())));
}

#[test]
fn s61_mixed_policies_from_one_interpreter() {
    let queues = Queues::new();
    let items = [
        (int(1), Some(Unbound::Replace)),
        (int(2), Some(Unbound::Error)),
        (int(3), None),
        (int(4), Some(Unbound::Remove)),
        (int(5), Some(Unbound::Replace)),
    ];
    let main_q = queues.create(0, Unbound::Replace, MAIN).unwrap();
    let x_q = main_q.rebind(X).unwrap();
    for (item, op) in items {
        x_q.put_nowait(item, op).unwrap();
    }
    assert_eq!(main_q.qsize(), Ok(5));
    queues.interpreter_ended(X);
    assert_eq!(main_q.qsize(), Ok(4));
    assert_eq!(main_q.get_nowait(), Ok(Received::Unbound));
    assert_eq!(
        main_q.get_nowait(),
        Err(QueueError::ItemInterpreterDestroyed)
    );
    assert_eq!(main_q.get_nowait(), Ok(Received::Unbound));
    assert_eq!(main_q.get_nowait(), Ok(Received::Unbound));
    assert_eq!(main_q.get_nowait(), Err(QueueError::Empty(main_q.id())));
}

#[test]
fn s62_two_interpreters_interleaving() {
    let queues = Queues::new();
    let main_q = queues.create(0, Unbound::Replace, MAIN).unwrap();
    let x_q = main_q.rebind(X).unwrap();
    let y_q = main_q.rebind(Y).unwrap();
    x_q.put_nowait(int(1), Some(Unbound::Remove)).unwrap();
    y_q.put_nowait(int(2), Some(Unbound::Error)).unwrap();
    x_q.put_nowait(int(3), Some(Unbound::Replace)).unwrap();
    y_q.put_nowait(int(4), Some(Unbound::Remove)).unwrap();
    x_q.put_nowait(int(5), Some(Unbound::Error)).unwrap();
    y_q.put_nowait(int(6), Some(Unbound::Replace)).unwrap();
    main_q.put_nowait(int(7), Some(Unbound::Remove)).unwrap();

    assert_eq!(queues.interpreter_ended(X), 1);
    assert_eq!(main_q.qsize(), Ok(6));
    // Y takes its own 2 and re-puts it: now it is Y's item, at the back.
    assert_eq!(y_q.get_nowait(), Ok(data(2)));
    y_q.put_nowait(int(2), Some(Unbound::Remove)).unwrap();
    assert_eq!(queues.interpreter_ended(Y), 2);
    assert_eq!(main_q.qsize(), Ok(4));
    assert_eq!(main_q.get_nowait(), Ok(Received::Unbound)); // X's 3
    assert_eq!(
        main_q.get_nowait(),
        Err(QueueError::ItemInterpreterDestroyed)
    ); // X's 5
    assert_eq!(main_q.get_nowait(), Ok(Received::Unbound)); // Y's 6
    assert_eq!(main_q.get_nowait(), Ok(data(7)));
    assert_eq!(main_q.get_nowait(), Err(QueueError::Empty(main_q.id())));
    assert_eq!(queues.interpreter_ended(Y), 0, "ending twice does nothing");
}

#[test]
fn s63_blocked_getter_loop_receives_the_put() {
    let queues = Queues::new();
    let q = queues.create(0, Unbound::Replace, MAIN).unwrap();
    let remote = q.rebind(X).unwrap();
    let getter = thread::spawn(move || {
        loop {
            match remote.get(Some(Duration::from_millis(100))) {
                Err(QueueError::Empty(_)) => continue,
                other => return other,
            }
        }
    });
    thread::sleep(Duration::from_millis(150));
    let sent = XiData::tuple(["spam".into(), int(1)]);
    q.put_nowait(sent.clone(), None).unwrap();
    assert_eq!(getter.join().unwrap(), Ok(Received::Data(sent)));
}

#[test]
fn blocked_get_wakes_on_put_not_on_timeout() {
    let queues = Queues::new();
    let q = queues.create(0, Unbound::Replace, MAIN).unwrap();
    let remote = q.rebind(X).unwrap();
    let getter = thread::spawn(move || {
        let start = Instant::now();
        (remote.get(Some(Duration::from_secs(30))), start.elapsed())
    });
    thread::sleep(Duration::from_millis(50));
    q.put_nowait(int(1), None).unwrap();
    let (got, waited) = getter.join().unwrap();
    assert_eq!(got, Ok(data(1)));
    assert!(
        waited < Duration::from_secs(30),
        "woken by the put, not the timeout"
    );
}

#[test]
fn blocked_put_wakes_on_get() {
    let queues = Queues::new();
    let q = queues.create(1, Unbound::Replace, MAIN).unwrap();
    q.put_nowait(int(1), None).unwrap();
    let remote = q.rebind(X).unwrap();
    let putter = thread::spawn(move || remote.put(int(2), Some(Duration::from_secs(30)), None));
    thread::sleep(Duration::from_millis(50));
    assert_eq!(q.get_nowait(), Ok(data(1)));
    assert!(putter.join().unwrap().is_ok());
    assert_eq!(q.get_nowait(), Ok(data(2)));
}

#[test]
fn destroy_wakes_blocked_getters_and_putters() {
    let queues = Queues::new();
    let empty = queues.create(0, Unbound::Replace, MAIN).unwrap();
    let full = queues.create(1, Unbound::Replace, MAIN).unwrap();
    full.put_nowait(int(1), None).unwrap();
    let getters: Vec<_> = (0..3)
        .map(|_| {
            let q = empty.clone();
            thread::spawn(move || q.get(None))
        })
        .collect();
    let putter = {
        let q = full.clone();
        thread::spawn(move || {
            q.put(int(2), None, None)
                .map_err(|e| (e.error.clone(), e.into_data()))
        })
    };
    thread::sleep(Duration::from_millis(50));
    queues.destroy(empty.id()).unwrap();
    queues.destroy(full.id()).unwrap();
    for getter in getters {
        assert_eq!(
            getter.join().unwrap(),
            Err(QueueError::NotFound(empty.id()))
        );
    }
    assert_eq!(
        putter.join().unwrap(),
        Err((QueueError::NotFound(full.id()), int(2)))
    );
}

#[test]
fn remove_policy_frees_room_in_a_bounded_queue() {
    let queues = Queues::new();
    let main_q = queues.create(2, Unbound::Remove, MAIN).unwrap();
    let x_q = main_q.rebind(X).unwrap();
    x_q.put_nowait(int(1), None).unwrap();
    x_q.put_nowait(int(2), None).unwrap();
    assert!(main_q.full().unwrap());
    let waiter = {
        let q = main_q.clone();
        thread::spawn(move || q.put(int(3), Some(Duration::from_secs(30)), None))
    };
    thread::sleep(Duration::from_millis(50));
    assert_eq!(queues.interpreter_ended(X), 2);
    assert!(
        waiter.join().unwrap().is_ok(),
        "the end of X made room and woke the putter"
    );
    main_q.put_nowait(int(4), None).unwrap();
    assert!(main_q.full().unwrap());
    assert_eq!(main_q.qsize(), Ok(2));
    assert_eq!(
        [main_q.get_nowait(), main_q.get_nowait()],
        [Ok(data(3)), Ok(data(4))]
    );
    // A stale handle of the ended interpreter cannot put.
    let err = x_q.put_nowait(int(5), None).unwrap_err();
    assert_eq!(
        (err.error, err.data),
        (QueueError::InterpreterEnded(X), int(5))
    );
    // Nor can one bound to it later.
    assert_eq!(
        main_q
            .rebind(X)
            .unwrap()
            .put_nowait(int(6), None)
            .unwrap_err()
            .error,
        QueueError::InterpreterEnded(X)
    );
}

#[test]
fn dropping_the_registry_destroys_every_queue() {
    let queues = Queues::new();
    let q = queues.create(0, Unbound::Replace, MAIN).unwrap();
    q.put_nowait(int(1), None).unwrap();
    drop(queues);
    assert_eq!(q.get_nowait(), Err(QueueError::NotFound(q.id())));
    assert_eq!(q.rebind(X).unwrap_err(), QueueError::NotFound(q.id()));
}

#[test]
fn registries_are_independent() {
    let a = Queues::new();
    let b = Queues::new();
    assert_eq!(
        a.create(0, Unbound::Replace, MAIN).unwrap().id(),
        QueueId::new(1)
    );
    assert_eq!(
        b.create(0, Unbound::Replace, MAIN).unwrap().id(),
        QueueId::new(1)
    );
}

/// A pending-call queue stand-in: records jobs until the owner drains them.
#[derive(Default)]
struct Pending(Mutex<Vec<ReleaseJob>>);

impl Release for Pending {
    fn release(&self, job: ReleaseJob) {
        self.0.lock().unwrap().push(job);
    }
}

#[test]
fn s50_buffer_crosses_without_copy_and_is_released_on_its_owner() {
    static BYTES: [u8; 3] = *b"abc";
    let sink = Arc::new(Pending::default());
    let released = Arc::new(Mutex::new(0));
    let count = released.clone();
    let keep = Keepalive::new(X, sink.clone(), move || *count.lock().unwrap() += 1);
    // SAFETY: a static is valid and immutable forever.
    let buf = unsafe { SharedBuffer::from_owner(std::ptr::NonNull::from(&BYTES).cast(), 3, keep) };

    let queues = Queues::new();
    let x_q = queues.create(0, Unbound::Replace, X).unwrap();
    let main_q = x_q.rebind(MAIN).unwrap();
    x_q.put_nowait(buf.into(), None).unwrap();
    let consumer = thread::spawn(move || {
        let got = main_q.get_nowait().unwrap().into_data();
        let Some(XiData::Buffer(m2)) = &got else {
            panic!("expected a buffer");
        };
        assert_eq!(&**m2, b"abc");
        assert_eq!(m2.as_ptr(), BYTES.as_ptr(), "the same memory, not a copy");
        assert_eq!(m2.owner(), Some(X));
    });
    consumer.join().unwrap();
    assert_eq!(
        *released.lock().unwrap(),
        0,
        "not released by the consumer's thread"
    );
    let jobs = std::mem::take(&mut *sink.0.lock().unwrap());
    assert_eq!(jobs.iter().map(ReleaseJob::owner).collect::<Vec<_>>(), [X]);
    jobs.into_iter().for_each(ReleaseJob::run);
    assert_eq!(*released.lock().unwrap(), 1);
}
