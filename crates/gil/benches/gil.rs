//! Criterion benches of the GIL layer, and the two `gil.*` figures printed at the end.
//!
//! - `gil/uncontended_take_drop`: `Gil::acquire` + release with nobody else around.
//! - `gil/attach_detach`: the same through a thread state (the checks and the thread's stack).
//! - `gil/check_fast_path`: `Attached::check` with nothing requested.
//! - `gil/check_with_waiter`: `Attached::check` while another thread waits for the GIL (the
//!   holder compares the clock with the waiter's deadline).
//! - `handoff/gil_yield` vs `handoff/mutex_condvar`: one handoff between two threads.
//! - then `gil.handoff_vs_mutex` (target <= 2) and `gil.forced_switch_max_wait` (target <= 1.5),
//!   measured by `subinterp_gil::bench`, each printed as `name: value`.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::Criterion;
use subinterp_gil::{
    DEFAULT_INTERVAL, EvalBreaker, Gil, GilGuard, HolderId, Interp, InterpId, ThreadState, Whence,
    bench,
};

fn uncontended(c: &mut Criterion) {
    let mut g = c.benchmark_group("gil");
    let gil = Arc::new(Gil::new());
    let holder = HolderId::new();
    let breaker = Arc::new(EvalBreaker::new());
    g.bench_function("uncontended_take_drop", |b| {
        b.iter(|| {
            gil.acquire(black_box(holder), &breaker)
                .map(GilGuard::release)
        })
    });
    let interp = Interp::new(InterpId::new(1), Arc::new(Gil::new()));
    let Ok(ts) = ThreadState::new(&interp, Whence::Unknown) else {
        return;
    };
    g.bench_function("attach_detach", |b| {
        b.iter(|| ts.attach().map(drop).is_ok())
    });
    if let Ok(mut attached) = ts.attach() {
        g.bench_function("check_fast_path", |b| {
            b.iter(|| black_box(&mut attached).check().is_ok())
        });
        check_with_waiter(&mut g, &interp, &mut attached);
    }
    g.finish();
}

/// `gil/check_with_waiter`: `Attached::check` while another thread waits for the GIL and
/// counts down an interval that does not run out (the cost of the holder watching the
/// waiter's deadline).
fn check_with_waiter(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    interp: &Arc<Interp>,
    attached: &mut subinterp_gil::Attached,
) {
    let _ = interp.gil().set_interval(Duration::from_secs(3600));
    let waiter = {
        let interp = interp.clone();
        std::thread::spawn(move || {
            let ts = ThreadState::new(&interp, Whence::Unknown).ok()?;
            ts.attach().ok().map(drop)
        })
    };
    while interp.gil().waiters() == 0 {
        std::thread::yield_now();
    }
    g.bench_function("check_with_waiter", |b| {
        b.iter(|| black_box(&mut *attached).check().is_ok())
    });
    // Let the waiter in and out.
    let _ = attached.allow_threads(|| waiter.join());
    let _ = interp.gil().set_interval(DEFAULT_INTERVAL);
}

fn handoff(c: &mut Criterion) {
    let mut g = c.benchmark_group("handoff");
    g.bench_function("gil_yield", |b| {
        b.iter_custom(|iters| bench::gil_ping_pong(rounds(iters)))
    });
    g.bench_function("mutex_condvar", |b| {
        b.iter_custom(|iters| bench::mutex_ping_pong(rounds(iters)))
    });
    g.finish();
}

/// An even handoff count, at least 2, for criterion's iteration count (one handoff each; the
/// thread start-up is amortized over the run).
fn rounds(iters: u64) -> u32 {
    (u32::try_from(iters).unwrap_or(u32::MAX / 2).max(2) + 1) & !1
}

/// Runs the criterion groups with short measurement times (the machine is shared).
fn benches() -> Criterion {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    uncontended(&mut c);
    handoff(&mut c);
    c
}

fn main() {
    benches().final_summary();
    let h = bench::handoff_vs_mutex(20_000);
    println!(
        "gil.handoff_vs_mutex: {:.2} (gil {:?}, mutex {:?} per handoff; target <= 2.0)",
        h.ratio(),
        h.gil,
        h.mutex
    );
    let f = bench::forced_switch_max_wait(DEFAULT_INTERVAL, Duration::from_secs(1));
    println!(
        "gil.forced_switch_max_wait: {:.2} (max wait {:?}, p50 {:?}, p99 {:?}, interval {:?}, {} forced switches; target <= 1.5)",
        f.ratio(),
        f.max_wait,
        f.p50_wait,
        f.p99_wait,
        f.interval,
        f.forced_switches
    );
}
