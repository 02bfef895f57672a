//! `InterpreterPool` (3.14's `InterpreterPoolExecutor`): N isolated interpreters on N worker
//! threads, a bounded submission queue, task handles, panics contained, clean shutdown with
//! or without cancelling, a failing initializer breaking the pool.

use std::time::Duration;

use subinterp_runtime::{
    Args, BuiltinDef, InterpreterPool, Obj, PoolError, PyResult, Runtime, Tstate, Unbound, XiData,
};

fn twice<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let args = given.pos;
    py.int(args.first().and_then(|a| a.as_i64()).unwrap_or(0) * 2)
}

static TWICE: BuiltinDef = BuiltinDef {
    name: "twice",
    func: twice,
};

#[test]
fn tasks_run_in_distinct_isolated_interpreters() {
    let rt = Runtime::new().unwrap();
    let pool = InterpreterPool::new(&rt, 3).unwrap();
    assert_eq!(pool.workers(), 3);
    // Each task reports the interpreter it ran in and the objects it made there.
    let tasks: Vec<_> = (0..30i64)
        .map(|i| {
            pool.submit(move |cx| {
                let py = cx.py();
                let l = py.list_of((i, i + 1)).unwrap();
                (py.interp(), l.owner(), l.repr().unwrap())
            })
            .unwrap()
        })
        .collect();
    let mut interps = std::collections::BTreeSet::new();
    for (i, t) in tasks.into_iter().enumerate() {
        let (interp, owner, repr) = t.wait().unwrap();
        assert_eq!(owner, Some(interp), "objects live in the worker's own heap");
        assert_eq!(repr, format!("[{i}, {}]", i + 1));
        interps.insert(interp);
    }
    assert!(interps.len() <= 3 && !interps.is_empty());
    assert!(!interps.contains(&rt.main().unwrap().id()));
    // The three workers' interpreters are listed until the pool shuts down.
    assert_eq!(rt.list().len(), 4);
    pool.shutdown(false);
    assert_eq!(rt.list().len(), 1, "workers end their interpreters");
}

#[test]
fn calls_scripts_and_panics() {
    let rt = Runtime::new().unwrap();
    let pool = InterpreterPool::builder()
        .workers(2)
        .initializer("base = 42")
        .build(&rt)
        .unwrap();
    let t = pool.submit_call(&TWICE, vec![XiData::Int(21)]).unwrap();
    assert_eq!(t.wait().unwrap(), XiData::Int(42));
    // The initializer ran in every worker's `__main__`.
    let outs: Vec<_> = (0..4)
        .map(|_| pool.submit_exec("print(base)").unwrap())
        .collect();
    for o in outs {
        assert_eq!(o.wait().unwrap(), "42\n");
    }
    let failed = pool.submit_exec("nope").unwrap().wait().unwrap_err();
    assert_eq!(
        failed.to_string(),
        "ExecutionFailed: NameError: name 'nope' is not defined\n\nUncaught in the \
         interpreter:\n\nTraceback (most recent call last):\n  File \"<string>\", line 1, in \
         <module>\nNameError: name 'nope' is not defined"
    );
    let panicked = pool
        .submit(|_| -> i32 { panic!("task panic") })
        .unwrap()
        .wait()
        .unwrap_err();
    assert!(panicked.to_string().contains("task panic"), "{panicked}");
    // The workers go on after a panic.
    let after: Vec<_> = (0..4).map(|i| pool.submit(move |_| i).unwrap()).collect();
    let sum: i32 = after.into_iter().map(|t| t.wait().unwrap()).sum();
    assert_eq!(sum, 6);
}

#[test]
fn bounded_queue_and_shutdown() {
    let rt = Runtime::new().unwrap();
    let pool = InterpreterPool::builder()
        .workers(1)
        .queue_capacity(2)
        .build(&rt)
        .unwrap();
    // Hold the only worker on a queue, then fill the submission queue.
    let gate = rt.create_queue(0, Unbound::Replace).unwrap();
    let started = rt.create_queue(0, Unbound::Replace).unwrap();
    let (g, s) = (gate.clone(), started.clone());
    let blocker = pool
        .submit(move |cx| {
            s.put(XiData::None, None, None).unwrap();
            subinterp_runtime::allow_threads(cx, || g.get(None).unwrap()).unwrap();
            "unblocked"
        })
        .unwrap();
    started.get(Some(Duration::from_secs(10))).unwrap();
    let queued: Vec<_> = (0..2)
        .map(|i| pool.try_submit(move |_| i).unwrap())
        .collect();
    let full = pool.try_submit(|_| 99).unwrap_err();
    assert!(matches!(full.error, PoolError::Full));
    // The job is handed back, still runnable.
    assert_eq!(rt.main().unwrap().run(full.job).unwrap(), 99);
    assert!(!blocker.is_done());
    // A cancelling shutdown drops the queued jobs; the one in hand finishes.
    let pool = std::sync::Arc::new(pool);
    let closer = {
        let pool = pool.clone();
        std::thread::spawn(move || pool.shutdown(true))
    };
    // Submissions are refused as soon as the shutdown began, with the job handed back.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let refused = loop {
        match pool.try_submit(|_| 7) {
            Err(e) if matches!(e.error, PoolError::Shutdown) => break e,
            _ if std::time::Instant::now() > deadline => panic!("shutdown never began"),
            _ => std::thread::yield_now(),
        }
    };
    assert_eq!(
        refused.to_string(),
        "RuntimeError: cannot schedule new futures after shutdown"
    );
    gate.put(XiData::None, None, None).unwrap();
    closer.join().unwrap();
    assert_eq!(blocker.wait().unwrap(), "unblocked");
    for t in queued {
        assert!(t.is_done());
        assert!(matches!(t.wait(), Err(PoolError::Cancelled)));
    }
    assert_eq!(rt.list().len(), 1);
}

#[test]
fn a_failing_initializer_breaks_the_pool() {
    let rt = Runtime::new().unwrap();
    let err = InterpreterPool::builder()
        .workers(2)
        .initializer("import nope")
        .build(&rt)
        .unwrap_err();
    assert!(matches!(err, PoolError::Broken(_)));
    assert_eq!(
        err.to_string(),
        "BrokenInterpreterPool: A thread initializer failed, the thread pool is not usable \
         anymore"
    );
    let cause = std::error::Error::source(&err).unwrap().to_string();
    assert!(
        cause.contains("ModuleNotFoundError: No module named 'nope'"),
        "{cause}"
    );
    assert_eq!(
        rt.list().len(),
        1,
        "the interpreters made so far were ended"
    );
}

#[test]
fn dropping_the_pool_runs_queued_jobs_first() {
    let rt = Runtime::new().unwrap();
    let q = rt.create_queue(0, Unbound::Replace).unwrap();
    {
        let pool = InterpreterPool::new(&rt, 2).unwrap();
        for i in 0..10i64 {
            let q = q.clone();
            let _ = pool
                .submit(move |_| q.put(XiData::Int(i), None, None).unwrap())
                .unwrap();
        }
    }
    assert_eq!(q.qsize().unwrap(), 10);
    assert_eq!(rt.list().len(), 1);
}
