//! Many threads doing random attaches, checks, yields, scoped switches, temporary main
//! switches and gilstate calls over interpreters with shared and own GILs: at no point do two
//! threads run under one GIL, and at the end every GIL is free and every state gone.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use subinterp_gil::{Attached, Gil, Interp, InterpId, ThreadState, Whence, gilstate};

/// A GIL and a count of the threads running under it.
struct Watched {
    gil: Arc<Gil>,
    inside: AtomicUsize,
}

/// Marks the current thread as running under `interp`'s GIL for the duration of `f`.
fn under<R>(gils: &[Watched], a: &Attached, f: impl FnOnce() -> R) -> R {
    let w = gils
        .iter()
        .find(|w| Arc::ptr_eq(&w.gil, a.interp().gil()))
        .unwrap();
    assert!(a.holds_gil() && a.is_current());
    assert_eq!(
        w.inside.fetch_add(1, Ordering::SeqCst),
        0,
        "two threads under one GIL"
    );
    let r = f();
    w.inside.fetch_sub(1, Ordering::SeqCst);
    r
}

/// xorshift64*: a small deterministic generator, so failures replay.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

#[test]
fn random_operations_keep_every_gil_exclusive() {
    let main_gil = Arc::new(Gil::new());
    let own_gil = Arc::new(Gil::new());
    for g in [&main_gil, &own_gil] {
        g.set_interval(Duration::from_micros(200)).unwrap();
    }
    let main = Interp::new_main(InterpId::new(0), main_gil.clone());
    let interps = Arc::new([
        main.clone(),
        Interp::new(InterpId::new(1), main_gil.clone()),
        Interp::new(InterpId::new(2), own_gil.clone()),
    ]);
    let gils = Arc::new([
        Watched {
            gil: main_gil.clone(),
            inside: AtomicUsize::new(0),
        },
        Watched {
            gil: own_gil.clone(),
            inside: AtomicUsize::new(0),
        },
    ]);
    let start = Arc::new(Barrier::new(4));
    let threads: Vec<_> = (0..4u64)
        .map(|seed| {
            let (interps, gils, start) = (interps.clone(), gils.clone(), start.clone());
            thread::spawn(move || {
                let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (seed + 1));
                let states: Vec<ThreadState> = interps
                    .iter()
                    .map(|i| ThreadState::new(i, Whence::Threading).unwrap())
                    .collect();
                start.wait();
                for _ in 0..1000 {
                    let ts = &states[rng.below(3) as usize];
                    match rng.below(4) {
                        0 => {
                            let mut a = ts.attach().unwrap();
                            under(&gils[..], &a, || ());
                            a.check().unwrap();
                            a.yield_gil().unwrap();
                            under(&gils[..], &a, || ());
                        }
                        1 => {
                            let mut a = ts.attach().unwrap();
                            let to = &states[rng.below(3) as usize];
                            if let Ok(mut b) = a.enter(to) {
                                under(&gils[..], &b, || ());
                                b.check().unwrap();
                            }
                            under(&gils[..], &a, || ());
                        }
                        2 => {
                            let mut a = ts.attach().unwrap();
                            {
                                let mut m = a.switch_to_main(&interps[0]).unwrap();
                                under(&gils[..], &m, || ());
                                m.check().unwrap();
                            }
                            a.allow_threads(thread::yield_now).unwrap();
                            under(&gils[..], &a, || ());
                        }
                        _ => {
                            let e = gilstate::ensure(ts.interp()).unwrap();
                            under(&gils[..], e.attached(), || ());
                            e.release().unwrap();
                        }
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    for w in gils.iter() {
        assert!(!w.gil.is_locked());
        assert_eq!(w.gil.waiters(), 0);
    }
    for i in interps.iter() {
        assert_eq!(i.thread_count(), 0);
    }
}
