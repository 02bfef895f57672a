//! The stress suite: the runtime keeps working, loses nothing and never crashes under load.
//!
//! - many threads creating, using and ending interpreters of every kind at once, ending each
//!   other's, running in each other's;
//! - every test module imported from every kind of interpreter at once, each result equal to
//!   what a quiet, one-at-a-time import gives;
//! - queue traffic while the putting interpreters end: every item put is delivered exactly once
//!   or handled by its unbound-item policy, nothing lost, nothing duplicated, FIFO per
//!   producer;
//! - GIL switching under contention (threads of interpreters sharing main's GIL, and of one
//!   own-GIL interpreter, with a 200 µs switch interval) while pending calls and deferred
//!   frees arrive from other threads: each runs exactly once, in its owner.
//!
//! Sizes come from the environment ([`Scale`]): the default fits CI (a few seconds per test
//! in debug on 2 cores), `SUBINTERP_STRESS=full` soaks for minutes, `SUBINTERP_UNDER_VALGRIND=1`
//! shrinks everything for memcheck. Assertions are on counts and invariants, never on time;
//! waits have generous bounds only so that a hang fails instead of blocking CI.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use subinterp_runtime::{
    Error, GilMode, InterpId, Interpreter, InterpreterConfig, Runtime, check, import,
};
use subinterp_tests::scale::Scale;
use subinterp_xi::{Keepalive, QueueError, Received, Unbound, XiData};

/// SplitMix64: a small deterministic generator (the seed is printed so a failure can be
/// replayed with `SUBINTERP_STRESS_SEED`).
struct Rng(u64);

impl Rng {
    fn new(salt: u64) -> Rng {
        let seed = std::env::var("SUBINTERP_STRESS_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x5eed_2024);
        Rng(seed ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

/// Every kind of sub-interpreter: own heap and GIL, main's heap and GIL, own heap with main's
/// GIL, main's heap and GIL with the extension check on.
fn kinds() -> [(&'static str, InterpreterConfig); 4] {
    [
        ("isolated", InterpreterConfig::isolated()),
        ("legacy", InterpreterConfig::legacy()),
        (
            "own heap, shared GIL",
            InterpreterConfig {
                gil: GilMode::Shared,
                ..InterpreterConfig::isolated()
            },
        ),
        (
            "legacy, checked",
            InterpreterConfig {
                check_multi_interp_extensions: true,
                ..InterpreterConfig::legacy()
            },
        ),
    ]
}

/// A bound on waits, so that a deadlock fails the test instead of hanging CI.
const HANG: Duration = Duration::from_secs(300);

fn join<R>(h: std::thread::JoinHandle<R>) -> R {
    h.join().expect("a stress thread panicked")
}

// --- many threads creating, using and ending interpreters -----------------------------------

/// What one worker saw.
#[derive(Default)]
struct Tally {
    created: Vec<u64>,
    ended: Vec<u64>,
    ran: usize,
    /// Typed refusals of runs and ends that raced with another thread (expected under load).
    refused: BTreeMap<String, usize>,
}

fn refusal(e: &Error) -> String {
    match e {
        Error::NotFound(_) => "InterpreterNotFoundError".into(),
        Error::AlreadyRunning => "already running".into(),
        Error::Running => "interpreter running".into(),
        other => panic!("an unexpected error under load: {other}"),
    }
}

/// Some work that allocates, keeps a little in `__main__` and reads it back.
fn work(i: &Interpreter, n: usize) -> Result<usize, Error> {
    i.run(|cx| -> Result<usize, Error> {
        let py = cx.py();
        let main = import(cx, "__main__")?;
        let items = (0..n)
            .map(|k| py.str(&format!("w{k}")))
            .collect::<Result<Vec<_>, _>>()?;
        let l = py.list(&items)?;
        main.setattr("kept", &l)?;
        check(cx)?;
        Ok(main.getattr("kept")?.len()?)
    })?
}

#[test]
fn many_threads_create_use_and_end_interpreters() {
    let scale = Scale::from_env();
    let (threads, rounds) = (4, scale.pick(4, 1_500, 50_000));
    let rt = Runtime::new().unwrap();
    // Interpreters any thread may run in or end.
    let pool: Arc<Mutex<Vec<Interpreter>>> = Arc::default();
    let workers: Vec<_> = (0..threads)
        .map(|w| {
            let (rt, pool) = (rt.clone(), pool.clone());
            std::thread::spawn(move || {
                let mut rng = Rng::new(w);
                let mut t = Tally::default();
                for _ in 0..rounds {
                    match rng.below(6) {
                        // Create one of each kind now and then, used and ended right here.
                        0 | 1 => {
                            let (_, cfg) = kinds()[rng.below(4)];
                            let i = rt.new_interpreter(cfg).unwrap();
                            t.created.push(i.id().get());
                            assert_eq!(work(&i, 16).unwrap(), 16);
                            t.ran += 1;
                            if rng.below(2) == 0 {
                                pool.lock().unwrap().push(i);
                            } else {
                                let r = i.end().unwrap();
                                assert!(r.unraisable.is_empty(), "{r:?}");
                                if r.heap.is_some() {
                                    assert!(r.is_clean(), "{r:?}");
                                }
                                t.ended.push(r.id.get());
                            }
                        }
                        // Run in someone's interpreter, racing with its end.
                        2 | 3 => {
                            let i = {
                                let p = pool.lock().unwrap();
                                (!p.is_empty()).then(|| p[rng.below(p.len())].clone())
                            };
                            if let Some(i) = i {
                                match work(&i, 8) {
                                    Ok(n) => {
                                        assert_eq!(n, 8);
                                        t.ran += 1;
                                    }
                                    Err(e) => *t.refused.entry(refusal(&e)).or_default() += 1,
                                }
                            }
                        }
                        // End someone's interpreter (maybe while another thread runs in it).
                        4 => {
                            let i = {
                                let mut p = pool.lock().unwrap();
                                let n = p.len();
                                (n > 0).then(|| p.swap_remove(rng.below(n)))
                            };
                            if let Some(i) = i {
                                loop {
                                    match i.end() {
                                        Ok(r) => {
                                            if r.heap.is_some() {
                                                assert!(r.is_clean(), "{r:?}");
                                            }
                                            t.ended.push(r.id.get());
                                            break;
                                        }
                                        Err(e) => {
                                            *t.refused.entry(refusal(&e)).or_default() += 1;
                                            assert!(matches!(e, Error::Running), "{e}");
                                            std::thread::yield_now();
                                        }
                                    }
                                }
                            }
                        }
                        // Create from inside another interpreter's run, and a switch.
                        _ => {
                            let outer = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
                            t.created.push(outer.id().get());
                            let inner = outer
                                .run(|cx| {
                                    let inner =
                                        rt.new_interpreter_from(cx, InterpreterConfig::isolated())?;
                                    let n = inner.run_from(cx, |cx2| {
                                        let py2 = cx2.py();
                                        py2.list_of((1, 2, 3)).and_then(|l| l.len())
                                    })??;
                                    assert_eq!(n, 3);
                                    Ok::<_, Error>(inner)
                                })
                                .unwrap()
                                .unwrap();
                            t.created.push(inner.id().get());
                            for i in [inner, outer] {
                                let r = i.end().unwrap();
                                assert!(r.is_clean(), "{r:?}");
                                t.ended.push(r.id.get());
                            }
                            t.ran += 2;
                        }
                    }
                }
                t
            })
        })
        .collect();
    let tallies: Vec<Tally> = workers.into_iter().map(join).collect();
    // What is left in the pool ends now.
    let mut ended: Vec<u64> = tallies.iter().flat_map(|t| t.ended.clone()).collect();
    for i in pool.lock().unwrap().drain(..) {
        let r = i.end().unwrap();
        ended.push(r.id.get());
    }
    let mut created: Vec<u64> = tallies.iter().flat_map(|t| t.created.clone()).collect();
    created.sort_unstable();
    ended.sort_unstable();
    // Ids are unique, and every interpreter created was ended exactly once.
    let unique: BTreeSet<u64> = created.iter().copied().collect();
    assert_eq!(unique.len(), created.len(), "an id was handed out twice");
    assert_eq!(created, ended);
    assert_eq!(rt.list().len(), 1, "only main is left");
    let mut refused: BTreeMap<String, usize> = BTreeMap::new();
    for t in &tallies {
        for (k, v) in &t.refused {
            *refused.entry(k.clone()).or_default() += v;
        }
    }
    let ran: usize = tallies.iter().map(|t| t.ran).sum();
    eprintln!(
        "[{scale}] {} interpreters created and ended, {ran} runs, refusals {refused:?}",
        created.len()
    );
    let report = rt.finalize().unwrap();
    assert!(report.is_clean(), "{report:?}");
}

// --- every test module from every kind of interpreter at once --------------------------------

/// Every module a test runtime can import: the test extensions, the frozen test table, and
/// a few builtins. `_test_load_once` is checked on its own (its first load in the process
/// wins, so its result depends on order by design).
fn module_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = subinterp_testmodules::extensions()
        .into_iter()
        .map(|(n, _, _)| n)
        .filter(|n| *n != "_test_load_once")
        .collect();
    v.extend(
        subinterp_testmodules::FROZEN_TEST
            .modules
            .iter()
            .map(|f| f.name),
    );
    v.extend(["sys", "builtins", "_imp", "no_such_module"]);
    v
}

fn test_runtime() -> Runtime {
    Runtime::builder()
        .import_config(subinterp_testmodules::config())
        .build()
        .unwrap()
}

/// One import's result in a stressed interpreter.
struct Imported {
    kind: String,
    id: InterpId,
    name: &'static str,
    got: String,
}

/// Runs the closure it is given in an interpreter (a run, or a thread's run).
type Runner<'a> = &'a dyn Fn(&mut dyn FnMut(&mut subinterp_runtime::Run<'_>));

/// `import name` in the run `cx`: the module's repr, or `Type: message`.
fn import_outcome(cx: &mut subinterp_runtime::Run<'_>, name: &str) -> String {
    match import(cx, name).and_then(|m| m.repr()) {
        Ok(r) => r,
        Err(e) => e.to_string(),
    }
}

/// The quiet answer: for each kind (main first) and module, a fresh interpreter imports the
/// module twice, alone.
fn oracle(names: &[&'static str]) -> HashMap<(String, &'static str), [String; 2]> {
    let mut out = HashMap::new();
    for name in names {
        // A fresh runtime per module, so no other module's import changes the answer.
        let rt = test_runtime();
        let main = rt.main().unwrap();
        let twice = |i: &Interpreter| {
            i.run(|cx| [import_outcome(cx, name), import_outcome(cx, name)])
                .unwrap()
        };
        out.insert(("main".to_owned(), *name), twice(&main));
        for (kind, cfg) in kinds() {
            let i = rt.new_interpreter(cfg).unwrap();
            out.insert((kind.to_owned(), *name), twice(&i));
        }
        rt.finalize().unwrap();
    }
    out
}

#[test]
fn every_test_module_imported_from_every_kind_of_interpreter_at_once() {
    let scale = Scale::from_env();
    let rounds = scale.pick(1, 20, 500);
    let names = module_names();
    let expect = Arc::new(oracle(&names));
    let rt = test_runtime();
    // Two interpreters of each kind, one thread each, plus two threads of main.
    let mut targets: Vec<(String, Interpreter)> = Vec::new();
    for (kind, cfg) in kinds() {
        for _ in 0..2 {
            targets.push((kind.to_owned(), rt.new_interpreter(cfg).unwrap()));
        }
    }
    let outcomes: Arc<Mutex<Vec<Imported>>> = Arc::default();
    let load_once: Arc<Mutex<Vec<(InterpId, String)>>> = Arc::default();
    let body = {
        let (names, outcomes, load_once) = (names.clone(), outcomes.clone(), load_once.clone());
        move |kind: String, i: Interpreter, salt: u64, run: Runner<'_>| {
            let mut rng = Rng::new(salt);
            for _ in 0..rounds {
                let mut order = names.clone();
                rng.shuffle(&mut order);
                run(&mut |cx| {
                    for name in &order {
                        let got = import_outcome(cx, name);
                        outcomes.lock().unwrap().push(Imported {
                            kind: kind.clone(),
                            id: i.id(),
                            name,
                            got,
                        });
                    }
                    let got = import_outcome(cx, "_test_load_once");
                    load_once.lock().unwrap().push((i.id(), got));
                });
            }
        }
    };
    let body = Arc::new(body);
    let mut handles = Vec::new();
    for (n, (kind, i)) in targets.iter().enumerate() {
        let (body, kind, i) = (body.clone(), kind.clone(), i.clone());
        handles.push(std::thread::spawn(move || {
            let run_in = i.clone();
            body(kind, i, n as u64, &|f| {
                run_in.run(f).unwrap();
            });
        }));
    }
    let main = rt.main().unwrap();
    let mut main_threads = Vec::new();
    for n in 0..2u64 {
        let body = body.clone();
        let me = main.clone();
        main_threads.push(
            rt.spawn_thread(&main, false, move |t| {
                body("main".to_owned(), me, 100 + n, &|f| {
                    t.run(f).unwrap();
                });
            })
            .unwrap(),
        );
    }
    for h in handles {
        join(h);
    }
    for h in main_threads {
        h.join_timeout(HANG)
            .expect("main's threads finish")
            .unwrap();
    }
    // Each import gave what it gives alone: the first import's result, or (once the module is
    // in `sys.modules`, or a failed init left its mark) the second one's.
    let outcomes = outcomes.lock().unwrap();
    let mut differing = Vec::new();
    for Imported {
        kind,
        id,
        name,
        got,
    } in outcomes.iter()
    {
        let want = &expect[&(kind.clone(), *name)];
        if !want.contains(got) {
            differing.push(format!(
                "{kind} interpreter {id}: import {name}: {got:?}, alone {want:?}"
            ));
        }
    }
    assert!(differing.is_empty(), "{}", differing.join("\n"));
    // `_test_load_once` loads in exactly one interpreter of the process, whichever was first;
    // everywhere else it is refused.
    let load_once = load_once.lock().unwrap();
    let winners: BTreeSet<InterpId> = load_once
        .iter()
        .filter(|(_, got)| got.starts_with("<module"))
        .map(|(id, _)| *id)
        .collect();
    assert!(winners.len() <= 1, "loaded in {winners:?}");
    for (id, got) in load_once.iter() {
        assert!(
            winners.contains(id)
                || got == "ImportError: cannot load module more than once per process"
                || got
                    == "ImportError: module _test_load_once does not support loading in subinterpreters",
            "interpreter {id}: {got}"
        );
    }
    eprintln!(
        "[{scale}] {} imports of {} modules in {} interpreters + main, all as when alone",
        outcomes.len(),
        names.len(),
        targets.len()
    );
    drop(outcomes);
    for (_, i) in targets {
        let r = i.end().unwrap();
        assert!(r.unraisable.is_empty(), "{r:?}");
    }
    let report = rt.finalize().unwrap();
    assert!(
        report.ended.iter().all(|r| r.unraisable.is_empty()),
        "{report:?}"
    );
}

// --- queue traffic while the putting interpreters end ----------------------------------------

/// An item: producer, sequence number, policy.
fn encode(p: u64, seq: u64, policy: Unbound) -> i64 {
    let code = match policy {
        Unbound::Remove => 0,
        Unbound::Error => 1,
        Unbound::Replace => 2,
    };
    (p * 1_000_000_000 + seq * 4 + code) as i64
}

fn decode(v: i64) -> (u64, u64, Unbound) {
    let v = v as u64;
    let policy = match v % 4 {
        0 => Unbound::Remove,
        1 => Unbound::Error,
        _ => Unbound::Replace,
    };
    (v / 1_000_000_000, (v % 1_000_000_000) / 4, policy)
}

/// Per producer: the (sequence number, policy) of every item whose put succeeded.
type PutLog = Arc<Mutex<Vec<Vec<(u64, Unbound)>>>>;

const POLICIES: [Unbound; 3] = [Unbound::Remove, Unbound::Error, Unbound::Replace];

#[test]
fn queue_traffic_while_interpreters_end_loses_and_duplicates_nothing() {
    let scale = Scale::from_env();
    let (rounds, producers, batch) = (scale.pick(1, 30, 1_000), 4u64, 16u64);
    let mut total = [0u64; 5];
    for round in 0..rounds {
        for maxsize in [0, 32] {
            let t = queue_round(round, producers, batch, maxsize);
            for (a, b) in total.iter_mut().zip(t) {
                *a += b;
            }
        }
    }
    let [put, delivered, removed, destroyed, unbound] = total;
    eprintln!(
        "[{scale}] {} rounds: {put} items put, {delivered} delivered once, {removed} removed, \
         {destroyed} ItemInterpreterDestroyed, {unbound} UNBOUND; none lost or duplicated",
        rounds * 2
    );
}

/// One round: producers put while they are ended; returns (put, delivered, removed,
/// ItemInterpreterDestroyed, UNBOUND).
fn queue_round(round: u64, producers: u64, batch: u64, maxsize: i64) -> [u64; 5] {
    let rt = Runtime::new().unwrap();
    let queues = rt.queues();
    let q = queues
        .create(maxsize, Unbound::Replace, InterpId::MAIN)
        .unwrap();
    // Producers 0, 1 are isolated, run from plain threads; 2, 3 are legacy, run from their own
    // daemon threads (an end does not wait for those).
    let interps: Vec<Interpreter> = (0..producers)
        .map(|p| {
            let cfg = if p < 2 {
                InterpreterConfig::isolated()
            } else {
                InterpreterConfig::legacy()
            };
            rt.new_interpreter(cfg).unwrap()
        })
        .collect();
    let put: PutLog = Arc::new(Mutex::new(vec![Vec::new(); producers as usize]));
    let producing = Arc::new(AtomicUsize::new(producers as usize));
    // One batch of puts from a run of the producer; false once the interpreter has ended.
    let put_batch = {
        let put = put.clone();
        move |p: u64, h: &subinterp_xi::Queue, next: &mut u64| -> bool {
            for _ in 0..batch {
                let seq = *next;
                let policy = POLICIES[(seq % 3) as usize];
                let item = XiData::Int(encode(p, seq, policy));
                match h.put(item.clone(), Some(HANG), Some(policy)) {
                    Ok(()) => {
                        put.lock().unwrap()[p as usize].push((seq, policy));
                        *next += 1;
                    }
                    Err(e) => {
                        assert_eq!(e.data, item, "a refused put lost its item");
                        assert!(
                            matches!(e.error, QueueError::InterpreterEnded(_)),
                            "{}",
                            e.error
                        );
                        return false;
                    }
                }
            }
            true
        }
    };
    let put_batch = Arc::new(put_batch);
    let mut producer_threads = Vec::new();
    let mut daemon_handles = Vec::new();
    for (p, i) in interps.iter().enumerate() {
        let p = p as u64;
        let h = queues.bind(q.id(), i.id()).unwrap();
        let (put_batch, producing) = (put_batch.clone(), producing.clone());
        if p < 2 {
            let i = i.clone();
            producer_threads.push(std::thread::spawn(move || {
                let mut next = 0;
                loop {
                    match i.run(|_| put_batch(p, &h, &mut next)) {
                        Ok(true) => std::thread::yield_now(),
                        Ok(false) | Err(Error::NotFound(_)) => break,
                        Err(e) => panic!("{e}"),
                    }
                }
                producing.fetch_sub(1, Ordering::SeqCst);
            }));
        } else {
            daemon_handles.push(
                rt.spawn_thread(i, true, move |t| {
                    let mut next = 0;
                    loop {
                        match t.run(|_| put_batch(p, &h, &mut next)) {
                            Ok(true) => std::thread::yield_now(),
                            Ok(false) | Err(Error::NotFound(_)) => break,
                            Err(e) => panic!("{e}"),
                        }
                    }
                    producing.fetch_sub(1, Ordering::SeqCst);
                })
                .unwrap(),
            );
        }
    }
    // Consumers: plain threads, one of them inside main's run.
    let stop = Arc::new(AtomicBool::new(false));
    let consume = {
        let (q, stop) = (q.clone(), stop.clone());
        move || {
            let mut data = Vec::new();
            let (mut unbound, mut destroyed) = (0u64, 0u64);
            loop {
                match q.get(Some(Duration::from_millis(20))) {
                    Ok(Received::Data(XiData::Int(v))) => data.push(decode(v)),
                    Ok(Received::Data(other)) => panic!("not an item: {other:?}"),
                    Ok(Received::Unbound) => unbound += 1,
                    Err(QueueError::ItemInterpreterDestroyed) => destroyed += 1,
                    Err(QueueError::Empty(_)) => {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                    }
                    Err(e) => panic!("{e}"),
                }
            }
            (data, unbound, destroyed)
        }
    };
    let consumers: Vec<_> = (0..2)
        .map(|c| {
            let consume = consume.clone();
            let main = rt.main().unwrap();
            std::thread::spawn(move || {
                if c == 0 {
                    main.run(|cx| subinterp_runtime::allow_threads(cx, consume).unwrap())
                        .unwrap()
                } else {
                    consume()
                }
            })
        })
        .collect();
    // End the producers at staggered moments, while they put.
    let mut rng = Rng::new(round * 7 + maxsize as u64);
    for i in &interps {
        std::thread::sleep(Duration::from_micros(200 + rng.below(2_000) as u64));
        let deadline = Instant::now() + HANG;
        loop {
            match i.end() {
                Ok(_) => break,
                // An isolated producer's run holds `__main__` between its puts.
                Err(Error::Running) => {
                    assert!(Instant::now() < deadline, "the end never got in");
                    std::thread::yield_now();
                }
                Err(e) => panic!("{e}"),
            }
        }
    }
    for t in producer_threads {
        join(t);
    }
    for h in daemon_handles {
        h.join_timeout(HANG)
            .expect("the daemon producers stop")
            .unwrap();
    }
    assert_eq!(producing.load(Ordering::SeqCst), 0);
    stop.store(true, Ordering::SeqCst);
    let mut received = Vec::new();
    let (mut unbound, mut destroyed) = (0, 0);
    for c in consumers {
        let (d, u, x) = join(c);
        // FIFO: within one consumer, each producer's items come in the order they were put.
        let mut last: HashMap<u64, u64> = HashMap::new();
        for &(p, seq, _) in &d {
            if let Some(prev) = last.insert(p, seq) {
                assert!(prev < seq, "producer {p}: {seq} after {prev}");
            }
        }
        received.extend(d);
        unbound += u;
        destroyed += x;
    }
    assert_eq!(q.qsize().unwrap(), 0);
    // Every place came back (issue 13 item 3): a bounded queue takes `maxsize` items again,
    // and the ended producers left no item, marker or record behind (item 8).
    for i in 0..maxsize {
        q.put_nowait(XiData::Int(i), None).unwrap();
    }
    assert_eq!(q.full().unwrap(), maxsize > 0);
    for _ in 0..maxsize {
        q.get_nowait().unwrap();
    }
    let stats = rt.queues().stats();
    assert_eq!((stats.items, stats.markers), (0, 0), "{stats:?}");
    // Nothing duplicated, nothing made up.
    let put = put.lock().unwrap();
    let all_put: BTreeMap<(u64, u64), Unbound> = put
        .iter()
        .enumerate()
        .flat_map(|(p, v)| v.iter().map(move |&(s, pol)| ((p as u64, s), pol)))
        .collect();
    let mut seen = BTreeSet::new();
    for &(p, s, pol) in &received {
        assert!(seen.insert((p, s)), "item ({p}, {s}) delivered twice");
        assert_eq!(
            all_put.get(&(p, s)),
            Some(&pol),
            "item ({p}, {s}) never put"
        );
    }
    // Nothing lost: every item not delivered is accounted for by its policy.
    let mut missing = [0u64; 3];
    for (key, pol) in &all_put {
        if !seen.contains(key) {
            missing[POLICIES.iter().position(|p| p == pol).unwrap()] += 1;
        }
    }
    assert_eq!(
        missing[1], destroyed,
        "ERROR items vs ItemInterpreterDestroyed"
    );
    assert_eq!(missing[2], unbound, "REPLACE items vs UNBOUND markers");
    assert!(rt.finalize().unwrap().is_clean());
    [
        all_put.len() as u64,
        received.len() as u64,
        missing[0],
        destroyed,
        unbound,
    ]
}

// --- GIL switching under contention with pending calls arriving ------------------------------

#[test]
fn gil_contention_with_pending_calls_and_deferred_frees_arriving() {
    let scale = Scale::from_env();
    let (iters, jobs) = (
        scale.pick(200, 100_000, 5_000_000),
        scale.pick(50, 40_000, 2_000_000),
    );
    let rt = Runtime::builder()
        .switch_interval(Duration::from_micros(200))
        .build()
        .unwrap();
    let main = rt.main().unwrap();
    // Sharing main's GIL: main and two legacy interpreters. An own GIL: one isolated.
    let legacy: Vec<_> = (0..2)
        .map(|_| rt.new_interpreter(InterpreterConfig::legacy()).unwrap())
        .collect();
    let iso = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let owners: Vec<Interpreter> = [main.clone(), iso.clone()]
        .into_iter()
        .chain(legacy.iter().cloned())
        .collect();
    // Per owner: jobs run there, jobs run elsewhere (must stay 0).
    let ran: Arc<Vec<AtomicU64>> = Arc::new((0..owners.len()).map(|_| AtomicU64::new(0)).collect());
    let wrong = Arc::new(AtomicU64::new(0));
    // Objects of each own-heap owner, to be dropped by threads that do not run it.
    let (iso_base, iso_objs) = iso
        .run(|cx| {
            let py = cx.py();
            let base = py.live_objects();
            let objs: Vec<_> = (0..jobs)
                .map(|k| py.int(1_000 + k as i64).unwrap().unbind())
                .collect();
            (base, objs)
        })
        .unwrap();
    // Workers: two threads in each of main and iso (their own thread states), one run loop in
    // each legacy interpreter; all churn objects and pass the eval breaker every iteration.
    let churn = move |cx: &mut subinterp_runtime::Run<'_>| {
        for k in 0..iters {
            let l = cx.py().list_of((k as i64, "x")).unwrap();
            assert_eq!(l.len().unwrap(), 2);
            check(cx).unwrap();
        }
    };
    let mut spawned = Vec::new();
    for i in [&main, &iso] {
        for _ in 0..2 {
            spawned.push(
                rt.spawn_thread(i, false, move |t| t.run(churn).unwrap())
                    .unwrap(),
            );
        }
    }
    let plain: Vec<_> = legacy
        .iter()
        .map(|i| {
            let i = i.clone();
            std::thread::spawn(move || i.run(churn).unwrap())
        })
        .collect();
    // Injectors: releases for every owner, and iso's objects dropped outside any run.
    let injector = {
        let (rt, ran, wrong) = (rt.clone(), ran.clone(), wrong.clone());
        let ids: Vec<u64> = owners.iter().map(|i| i.id().get()).collect();
        std::thread::spawn(move || {
            let sink = rt.release_sink();
            for k in 0..jobs {
                for (slot, &id) in ids.iter().enumerate() {
                    let (ran, wrong) = (ran.clone(), wrong.clone());
                    drop(Keepalive::new(InterpId::new(id), sink.clone(), move || {
                        let here = subinterp_gil::current_interp_id().map(|i| i.get());
                        if here == Ok(id) {
                            ran[slot].fetch_add(1, Ordering::Relaxed);
                        } else {
                            wrong.fetch_add(1, Ordering::Relaxed);
                        }
                    }));
                }
                if k % 64 == 0 {
                    std::thread::yield_now();
                }
            }
        })
    };
    let dropper = std::thread::spawn(move || drop(iso_objs));
    join(injector);
    join(dropper);
    for h in spawned {
        h.join_timeout(HANG)
            .expect("a worker thread finishes")
            .unwrap();
    }
    for h in plain {
        join(h);
    }
    // What is still queued runs at the owners' next checks (at most 100 calls per pass, as in
    // CPython); a few runs drain it.
    for i in &owners {
        for _ in 0..8 {
            i.run(|cx| check(cx).unwrap()).unwrap();
        }
    }
    assert_eq!(
        iso.run(|cx| cx.py().live_objects()).unwrap(),
        iso_base,
        "deferred frees all ran in iso"
    );
    // Anything left (nothing, if the drain above worked) runs when its owner ends.
    let drained: Vec<u64> = ran.iter().map(|a| a.load(Ordering::SeqCst)).collect();
    for i in legacy.iter().chain([&iso]) {
        assert!(i.end().unwrap().unraisable.is_empty());
    }
    assert!(rt.finalize().unwrap().is_clean());
    let ran: Vec<u64> = ran.iter().map(|a| a.load(Ordering::SeqCst)).collect();
    assert_eq!(
        ran,
        vec![jobs as u64; owners.len()],
        "pending calls run per owner"
    );
    assert_eq!(drained, ran, "calls left after draining with checks");
    assert_eq!(
        wrong.load(Ordering::SeqCst),
        0,
        "a call ran outside its owner"
    );
    eprintln!(
        "[{scale}] 6 workers x {iters} checks, {} pending calls and {jobs} deferred frees, \
         each run once in its owner",
        jobs * owners.len()
    );
}
