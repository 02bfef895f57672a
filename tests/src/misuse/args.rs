//! Extreme arguments to the public API (issue 13, item 9): the longest `Duration`, the largest
//! counts, capacities and sizes. Each is a typed error or saturates (a timeout the clock
//! cannot reach waits for ever, a cache that large keeps everything); none panics or aborts.

use std::time::Duration;

use subinterp_gil::{EvalBreaker, PendingCalls};
use subinterp_obmalloc::Heap;
use subinterp_runtime::{Fork, InterpreterPool, Runtime, exit_child};
use subinterp_xi::{InterpId, Received, Unbound, XiData};

use super::running::{isolated, rt};
use super::{Area, Case, Outcome};

const A: Area = Area::Arguments;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            A,
            "join a runtime thread with Duration::MAX",
            "n/a (Thread.join(timeout=1e400): OverflowError)",
            "ok",
            "joined: 7",
            join_timeout_max,
        ),
        Case::new(
            A,
            "wait for a forked child with Duration::MAX",
            "n/a (os.waitpid has no timeout)",
            "ok",
            "reaped: exit status: 0",
            wait_child_max,
        ),
        Case::new(
            A,
            "wait for a pool task with Duration::MAX",
            "n/a (Future.result(timeout=1e400) waits)",
            "ok",
            "result: 6",
            task_wait_max,
        ),
        Case::new(
            A,
            "a pool of usize::MAX workers (builder)",
            "InterpreterPoolExecutor(max_workers=2**64-1): tries to start that many threads",
            "PoolError::TooLarge",
            "ValueError: workers must be at most 4096, got 18446744073709551615",
            pool_workers_max,
        ),
        Case::new(
            A,
            "a pool of usize::MAX workers (InterpreterPool::new)",
            "InterpreterPoolExecutor(max_workers=2**64-1): tries to start that many threads",
            "PoolError::TooLarge",
            "ValueError: workers must be at most 4096, got 18446744073709551615",
            pool_new_max,
        ),
        Case::new(
            A,
            "a pool submission queue of 1 << 40 jobs",
            "n/a (the executor's queue is unbounded)",
            "PoolError::TooLarge",
            "ValueError: queue_capacity must be at most 1048576, got 1099511627776",
            pool_queue_huge,
        ),
        Case::new(
            A,
            "an arena cache of usize::MAX arenas",
            "n/a (no arena cache)",
            "ok",
            "runtime built; an isolated interpreter created and ended clean",
            arena_cache_max,
        ),
        Case::new(
            A,
            "a switch interval of Duration::MAX (builder and interpreter)",
            "sys.setswitchinterval(1e400): accepted, read back as 0.0",
            "ok",
            "accepted; code runs",
            switch_interval_max,
        ),
        Case::new(
            A,
            "a queue of i64::MAX places, get and put with Duration::MAX",
            "create(maxsize=2**63-1): accepted",
            "ok",
            "nothing reserved up front; put, get: Data(1)",
            queue_max,
        ),
        Case::new(
            A,
            "calloc of usize::MAX x 2 bytes",
            "NULL (MemoryError): the product overflows",
            "AllocError::TooLarge",
            "cannot allocate 18446744073709551615 bytes: larger than PY_SSIZE_T_MAX",
            calloc_overflow,
        ),
        Case::new(
            A,
            "realloc to usize::MAX bytes",
            "NULL (MemoryError) without calling the allocator",
            "AllocError::TooLarge",
            "cannot allocate 18446744073709551615 bytes: larger than PY_SSIZE_T_MAX",
            realloc_max,
        ),
        Case::new(
            A,
            "a pending-call queue at usize::MAX",
            "n/a (fixed-size C arrays)",
            "ok",
            "pending call queued",
            lower_layers_max,
        ),
    ]
}

fn join_timeout_max() -> Outcome {
    let rt = rt();
    let a = rt
        .new_interpreter(subinterp_runtime::InterpreterConfig::legacy())
        .expect("a legacy interpreter");
    let t = rt.spawn_thread(&a, false, |_| 7).expect("spawn");
    match t.join_timeout(Duration::MAX) {
        Ok(Ok(v)) => Outcome::ok(format!("joined: {v}")),
        Ok(Err(e)) => Outcome::err(&e),
        Err(_) => Outcome::ok("timed out"),
    }
}

fn wait_child_max() -> Outcome {
    let rt = rt();
    let main = rt.main().expect("main");
    match main.fork() {
        Ok(Fork::Child) => exit_child(0),
        Ok(Fork::Parent(child)) => match child.wait_timeout(Duration::MAX) {
            Ok(Ok(status)) => Outcome::ok(format!("reaped: {status}")),
            Ok(Err(_)) => Outcome::ok("timed out"),
            Err(e) => Outcome::err(&e),
        },
        Err(e) => Outcome::err(&e),
    }
}

fn task_wait_max() -> Outcome {
    let rt = rt();
    let pool = InterpreterPool::new(&rt, 1).expect("a pool");
    let task = pool.submit(|_| 6).expect("submit");
    let got = match task.wait_timeout(Duration::MAX) {
        Ok(Ok(v)) => Outcome::ok(format!("result: {v}")),
        Ok(Err(e)) => Outcome::err(&e),
        Err(_) => Outcome::ok("timed out"),
    };
    pool.shutdown(false);
    got
}

fn pool_workers_max() -> Outcome {
    let rt = rt();
    Outcome::of(InterpreterPool::builder().workers(usize::MAX).build(&rt))
}

fn pool_new_max() -> Outcome {
    let rt = rt();
    Outcome::of(InterpreterPool::new(&rt, usize::MAX))
}

fn pool_queue_huge() -> Outcome {
    let rt = rt();
    Outcome::of(
        InterpreterPool::builder()
            .workers(1)
            .queue_capacity(1 << 40)
            .build(&rt),
    )
}

fn arena_cache_max() -> Outcome {
    let rt = match Runtime::builder().arena_cache(usize::MAX).build() {
        Ok(rt) => rt,
        Err(e) => return Outcome::err(&e),
    };
    let a = isolated(&rt);
    match a.end() {
        Ok(report) if report.is_clean() => {
            Outcome::ok("runtime built; an isolated interpreter created and ended clean")
        }
        Ok(report) => Outcome::ok(format!("unclean end: {report:?}")),
        Err(e) => Outcome::err(&e),
    }
}

fn switch_interval_max() -> Outcome {
    let rt = match Runtime::builder().switch_interval(Duration::MAX).build() {
        Ok(rt) => rt,
        Err(e) => return Outcome::err(&e),
    };
    let a = isolated(&rt);
    if let Err(e) = a.set_switch_interval(Duration::MAX) {
        return Outcome::err(&e);
    }
    match a.exec("x = 1") {
        Ok(()) => Outcome::ok("accepted; code runs"),
        Err(e) => Outcome::err(&e),
    }
}

fn queue_max() -> Outcome {
    let rt = rt();
    let q = match rt
        .queues()
        .create(i64::MAX, Unbound::Replace, InterpId::MAIN)
    {
        Ok(q) => q,
        Err(e) => return Outcome::err(&e),
    };
    if let Err(e) = q.put(XiData::Int(1), Some(Duration::MAX), None) {
        return Outcome::err(&e);
    }
    match q.get(Some(Duration::MAX)) {
        Ok(Received::Data(d)) => {
            Outcome::ok(format!("nothing reserved up front; put, get: Data({d:?})"))
        }
        other => Outcome::ok(format!("unexpected: {other:?}")),
    }
}

fn calloc_overflow() -> Outcome {
    let heap = Heap::new();
    Outcome::of(heap.calloc(usize::MAX, 2).map(drop))
}

fn realloc_max() -> Outcome {
    let heap = Heap::new();
    let p = heap.alloc(16).expect("a block");
    // SAFETY: `p` was allocated by `heap` and is not used after this call unless it failed.
    let r = unsafe { heap.realloc(p, usize::MAX) };
    let failed = r.is_err();
    let got = Outcome::of(r.map(drop));
    if failed {
        // SAFETY: the failed realloc left `p` allocated and untouched; freed once here.
        let _ = unsafe { heap.free(p) };
    }
    got
}

fn lower_layers_max() -> Outcome {
    let breaker = std::sync::Arc::new(EvalBreaker::new());
    let calls = PendingCalls::new(breaker, usize::MAX, Some(usize::MAX));
    if calls.try_add(|_| ()).is_err() {
        return Outcome::ok("pending queue refused");
    }
    Outcome::ok(format!(
        "pending call {}",
        if calls.len() == 1 { "queued" } else { "lost" },
    ))
}
