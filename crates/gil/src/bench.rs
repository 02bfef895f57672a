//! The workloads behind the `gil.*` figures, as plain functions so the criterion benches and
//! the `subinterp bench` command measure the same thing.
//!
//! - `gil.handoff_vs_mutex`: [`handoff_vs_mutex`], the latency of handing a shared GIL between
//!   two threads, divided by that of a `std` `Mutex` + `Condvar` ping-pong measured in the same
//!   run (target <= 2).
//! - `gil.forced_switch_max_wait`: [`forced_switch_max_wait`], the longest wait of a CPU-bound
//!   thread for a GIL held by another CPU-bound thread that only gives it up at eval-breaker
//!   checks, divided by the switch interval (target <= 1.5).

use std::sync::{Arc, Barrier, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::InterpId;
use crate::gil::Gil;
use crate::interp::Interp;
use crate::tstate::{ThreadState, Whence};

/// The result of [`handoff_vs_mutex`].
#[derive(Clone, Copy, Debug)]
pub struct Handoff {
    /// Mean time of one GIL handoff between two threads.
    pub gil: Duration,
    /// Mean time of one handoff in the `Mutex` + `Condvar` ping-pong.
    pub mutex: Duration,
}

impl Handoff {
    /// The figure `gil.handoff_vs_mutex`: `gil / mutex`.
    pub fn ratio(&self) -> f64 {
        self.gil.as_secs_f64() / self.mutex.as_secs_f64().max(f64::MIN_POSITIVE)
    }
}

/// Measures both ping-pongs with `rounds` handoffs each (a few thousand are plenty).
pub fn handoff_vs_mutex(rounds: u32) -> Handoff {
    let rounds = rounds.max(2);
    Handoff {
        gil: gil_ping_pong(rounds) / rounds,
        mutex: mutex_ping_pong(rounds) / rounds,
    }
}

/// Total time of `rounds` handoffs of one GIL between two threads attached to one interpreter:
/// each thread yields the GIL to the other (a direct handoff) as soon as it gets it.
pub fn gil_ping_pong(rounds: u32) -> Duration {
    let interp = Interp::new(InterpId::new(0), Arc::new(Gil::new()));
    let start = Arc::new(Barrier::new(2));
    let first = {
        let interp = interp.clone();
        let start = start.clone();
        thread::spawn(move || -> Option<Duration> {
            let ts = ThreadState::new(&interp, Whence::Unknown).ok()?;
            let mut a = ts.attach().ok()?;
            start.wait();
            // The other thread is about to queue; start once it has.
            while interp.gil().waiters() == 0 {
                std::hint::spin_loop();
            }
            let t0 = Instant::now();
            for _ in 0..rounds / 2 {
                a.yield_gil().ok()?;
            }
            let took = t0.elapsed();
            drop(a);
            Some(took)
        })
    };
    start.wait();
    let second = {
        let interp = interp.clone();
        thread::spawn(move || {
            let ts = ThreadState::new(&interp, Whence::Unknown).ok()?;
            let mut b = ts.attach().ok()?;
            // Yield until the first thread is gone: then nobody waits and yield returns false.
            while b.yield_gil().ok()? {}
            Some(())
        })
    };
    let took = first.join().ok().flatten();
    let _ = second.join();
    // Each yield of the first thread is two handoffs (there and back): `rounds` in all.
    took.unwrap_or(Duration::ZERO)
}

/// Total time of `rounds` handoffs of a turn between two threads with a `std::sync::Mutex` and
/// a `Condvar` (each waits for its turn, then gives the turn to the other and notifies).
pub fn mutex_ping_pong(rounds: u32) -> Duration {
    let pair = Arc::new((Mutex::new(0u32), Condvar::new()));
    let player = |me: u32, pair: Arc<(Mutex<u32>, Condvar)>| {
        move || {
            let (lock, cond) = &*pair;
            for _ in 0..rounds / 2 {
                let Ok(mut turn) = lock.lock() else { return };
                while *turn != me {
                    let Ok(t) = cond.wait(turn) else { return };
                    turn = t;
                }
                *turn = 1 - me;
                cond.notify_one();
            }
        }
    };
    let t0 = Instant::now();
    let a = thread::spawn(player(0, pair.clone()));
    let b = thread::spawn(player(1, pair));
    let _ = a.join();
    let _ = b.join();
    t0.elapsed()
}

/// The result of [`forced_switch_max_wait`].
#[derive(Clone, Copy, Debug)]
pub struct ForcedSwitch {
    /// The switch interval used.
    pub interval: Duration,
    /// The longest time a thread waited for the GIL (from the GIL's statistics).
    pub max_wait: Duration,
    /// The median wait of the handoffs at checks, as the waiting threads saw them.
    pub p50_wait: Duration,
    /// The 99th percentile of the same waits.
    pub p99_wait: Duration,
    /// Switches caused by drop requests.
    pub forced_switches: u64,
}

impl ForcedSwitch {
    /// The figure `gil.forced_switch_max_wait`: `max_wait / interval`.
    pub fn ratio(&self) -> f64 {
        self.max_wait.as_secs_f64() / self.interval.as_secs_f64().max(f64::MIN_POSITIVE)
    }
}

/// Runs two CPU-bound threads on one GIL with switch interval `interval` for `duration`; each
/// gives the GIL up only at its eval-breaker checks, which it passes every microsecond or so.
/// (`Duration::MAX` runs for ever rather than overflowing the clock.)
pub fn forced_switch_max_wait(interval: Duration, duration: Duration) -> ForcedSwitch {
    let gil = Arc::new(Gil::new());
    // A zero interval is refused; keep the default then.
    let _ = gil.set_interval(interval);
    let interp = Interp::new(InterpId::new(0), gil.clone());
    let start = Arc::new(Barrier::new(2));
    let spinner = |interp: Arc<Interp>, start: Arc<Barrier>| {
        move || -> Vec<Duration> {
            let mut waits = Vec::new();
            start.wait();
            // A duration the clock cannot reach runs until a check fails.
            let deadline = Instant::now().checked_add(duration);
            let Ok(ts) = ThreadState::new(&interp, Whence::Unknown) else {
                return waits;
            };
            let Ok(mut a) = ts.attach() else {
                return waits;
            };
            let mut x = 0u64;
            while deadline.is_none_or(|d| Instant::now() < d) {
                // About a microsecond of "bytecode" between two checks.
                for i in 0..1000u64 {
                    x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
                }
                let switches = interp.gil().switch_number();
                let t = Instant::now();
                if a.check().is_err() {
                    break;
                }
                if interp.gil().switch_number() != switches {
                    waits.push(t.elapsed());
                }
            }
            waits
        }
    };
    let a = thread::spawn(spinner(interp.clone(), start.clone()));
    let b = thread::spawn(spinner(interp, start));
    let mut waits = a.join().unwrap_or_default();
    waits.extend(b.join().unwrap_or_default());
    waits.sort_unstable();
    let pct = |p: usize| {
        waits
            .get((waits.len() * p / 100).min(waits.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let st = gil.stats();
    ForcedSwitch {
        interval: gil.interval(),
        max_wait: st.max_wait,
        p50_wait: pct(50),
        p99_wait: pct(99),
        forced_switches: st.forced_switches,
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use std::time::Duration;

    use super::{forced_switch_max_wait, handoff_vs_mutex};

    #[test]
    fn the_workloads_measure_something() {
        let h = handoff_vs_mutex(200);
        assert!(h.gil > Duration::ZERO && h.mutex > Duration::ZERO, "{h:?}");
        assert!(h.ratio().is_finite());
        // A loaded machine (or valgrind) may not schedule the waiter within a short window:
        // the window grows until a switch was forced, up to about 4 s.
        let mut window = Duration::from_millis(60);
        let mut f = forced_switch_max_wait(Duration::from_millis(1), window);
        while f.forced_switches == 0 && window < Duration::from_secs(2) {
            window *= 4;
            f = forced_switch_max_wait(Duration::from_millis(1), window);
        }
        assert!(f.forced_switches > 0, "{f:?}");
        assert!(
            f.p50_wait <= f.p99_wait && f.max_wait > Duration::ZERO,
            "{f:?}"
        );
        assert_eq!(f.interval, Duration::from_millis(1));
    }
}
