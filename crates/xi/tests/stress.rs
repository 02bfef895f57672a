//! Concurrency tests: many producer and consumer interpreters (threads with their own
//! interpreter ids) moving items with none lost or duplicated, and interpreters ending while
//! consumers are blocked or draining.

use std::collections::HashSet;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use subinterp_xi::{InterpId, Queue, QueueError, Queues, Received, Unbound, XiData};

/// 8 producers x 8 consumers move 1,000,000 items (about a second in a debug build).
const TOTAL: i64 = 1_000_000;
const SIDES: i64 = 8;

fn encode(producer: i64, seq: i64) -> XiData {
    XiData::Int(producer << 32 | seq)
}

fn consume_until_stop(q: Queue) -> Vec<i64> {
    let mut got = Vec::new();
    loop {
        match q.get(None) {
            Ok(Received::Data(XiData::Int(v))) => got.push(v),
            Ok(Received::Data(XiData::None)) => return got,
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn eight_by_eight_no_item_lost_or_duplicated() {
    let queues = Queues::new();
    let main_q = queues.create(0, Unbound::Replace, InterpId::MAIN).unwrap();
    let per_producer = TOTAL / SIDES;
    let producers: Vec<_> = (0..SIDES)
        .map(|p| {
            let q = main_q.rebind(InterpId::new(1 + p as u64)).unwrap();
            thread::spawn(move || {
                for seq in 0..per_producer {
                    q.put(encode(p, seq), None, None).unwrap();
                }
            })
        })
        .collect();
    let consumers: Vec<_> = (0..SIDES)
        .map(|c| {
            let q = main_q.rebind(InterpId::new(100 + c as u64)).unwrap();
            thread::spawn(move || consume_until_stop(q))
        })
        .collect();
    producers.into_iter().for_each(|p| p.join().unwrap());
    for _ in 0..SIDES {
        main_q.put(XiData::None, None, None).unwrap();
    }
    let mut seen = HashSet::with_capacity(TOTAL as usize);
    for consumer in consumers {
        let got = consumer.join().unwrap();
        // FIFO: each consumer sees every producer's items in put order.
        let mut last = vec![-1i64; SIDES as usize];
        for v in got {
            let (p, seq) = (v >> 32, v & 0xffff_ffff);
            assert!(
                seq > last[p as usize],
                "producer {p}: {seq} after {}",
                last[p as usize]
            );
            last[p as usize] = seq;
            assert!(seen.insert(v), "duplicated item {p}/{seq}");
        }
    }
    assert_eq!(seen.len() as i64, per_producer * SIDES, "items lost");
    assert_eq!(main_q.qsize(), Ok(0));
}

/// Counts of what consumers saw, by the policy encoded in the item.
#[derive(Default, Debug)]
struct Seen {
    data: Vec<i64>,
    markers: usize,
    errors: usize,
}

const POLICIES: [Unbound; 3] = [Unbound::Remove, Unbound::Error, Unbound::Replace];

/// One round: interpreter `who` puts `n` items cycling through the policies while `consumers`
/// threads take them, then `who` ends while they are still taking or blocked.
fn end_while_consuming(queues: &Queues, who: InterpId, n: i64, consumers: usize, maxsize: i64) {
    let main_q = queues
        .create(maxsize, Unbound::Replace, InterpId::MAIN)
        .unwrap();
    let start = Arc::new(Barrier::new(consumers + 1));
    let handles: Vec<_> = (0..consumers)
        .map(|c| {
            let q = main_q.rebind(InterpId::new(1000 + c as u64)).unwrap();
            let start = start.clone();
            thread::spawn(move || {
                start.wait();
                let mut seen = Seen::default();
                loop {
                    match q.get(None) {
                        Ok(Received::Data(XiData::Int(v))) => seen.data.push(v),
                        Ok(Received::Data(XiData::None)) => return seen,
                        Ok(Received::Unbound) => seen.markers += 1,
                        Err(QueueError::ItemInterpreterDestroyed) => seen.errors += 1,
                        other => panic!("unexpected {other:?}"),
                    }
                }
            })
        })
        .collect();
    let x_q = main_q.rebind(who).unwrap();
    start.wait();
    for i in 0..n {
        x_q.put(XiData::Int(i), None, Some(POLICIES[i as usize % 3]))
            .unwrap();
    }
    // The runtime calls the hook once the interpreter's threads are done, with consumers
    // still running.
    let removed = queues.interpreter_ended(who);
    for _ in 0..consumers {
        main_q.put(XiData::None, None, None).unwrap();
    }
    let mut all = Seen::default();
    for h in handles {
        let seen = h.join().unwrap();
        all.data.extend(seen.data);
        all.markers += seen.markers;
        all.errors += seen.errors;
    }
    let delivered: HashSet<i64> = all.data.iter().copied().collect();
    assert_eq!(delivered.len(), all.data.len(), "duplicates");
    let delivered_with = |op: usize| all.data.iter().filter(|v| **v as usize % 3 == op).count();
    let put_with = |op: usize| (0..n).filter(|i| *i as usize % 3 == op).count();
    assert_eq!(
        delivered_with(0) + removed,
        put_with(0),
        "REMOVE items: delivered or removed"
    );
    assert_eq!(
        delivered_with(1) + all.errors,
        put_with(1),
        "ERROR items: delivered or raised"
    );
    assert_eq!(
        delivered_with(2) + all.markers,
        put_with(2),
        "REPLACE items: delivered or marker"
    );
    assert_eq!(main_q.qsize(), Ok(0));
}

#[test]
fn interpreter_ends_while_consumers_take_and_block() {
    let queues = Queues::new();
    for round in 0..200u64 {
        let maxsize = if round % 2 == 0 { 0 } else { 8 };
        end_while_consuming(&queues, InterpId::new(1 + round), 300, 3, maxsize);
    }
}

#[test]
fn interpreter_ends_with_every_item_still_queued() {
    let queues = Queues::new();
    let main_q = queues.create(0, Unbound::Replace, InterpId::MAIN).unwrap();
    let x = InterpId::new(1);
    let x_q = main_q.rebind(x).unwrap();
    for i in 0..30 {
        x_q.put(XiData::Int(i), None, Some(POLICIES[i as usize % 3]))
            .unwrap();
    }
    assert_eq!(queues.interpreter_ended(x), 10);
    assert_eq!(main_q.qsize(), Ok(20));
    let (mut markers, mut errors) = (0, 0);
    while let Ok(got) = main_q
        .get(Some(Duration::from_millis(10)))
        .map(Some)
        .or_else(|e| match e {
            QueueError::ItemInterpreterDestroyed => {
                errors += 1;
                Ok(None)
            }
            e => Err(e),
        })
    {
        if got == Some(Received::Unbound) {
            markers += 1;
        }
    }
    assert_eq!((markers, errors), (10, 10));
}
