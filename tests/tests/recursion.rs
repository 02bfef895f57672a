//! Native code re-entering the eval loop recursively (issue 13, item 4, the runtime's
//! part): a native function that calls `Interpreter::exec_in_run` on code that calls it again.
//! CPython raises `RecursionError: maximum recursion depth exceeded` near the recursion limit
//! (1,000); before the fix this process aborted on a native stack overflow at a depth of
//! 2,000-3,000 (earlier on a 2 MiB stack). Checked on a thread with a big stack (the limit is
//! reached exactly), on 2 MiB threads (a plain thread, a pool worker, a thread spawned by the
//! runtime), each ending in the `RecursionError` and the interpreter usable afterwards.

use std::cell::Cell;
use std::sync::OnceLock;

use subinterp_import::{Init, ModuleDef, MultiInterp, Size, Slot};
use subinterp_object::{Obj, Py, PyErr, PyResult, exc};
use subinterp_runtime::{Args, BuiltinDef, Tstate, with_run};
use subinterp_runtime::{
    ExecError, Interpreter, InterpreterConfig, InterpreterPool, Runtime, XiData,
};

const RECURSION: &str = "RecursionError: maximum recursion depth exceeded";

thread_local! {
    /// The deepest level of `reenter` on this thread in the current attempt.
    static DEPTH: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// One runtime for the file: `reenter` finds its interpreter through it.
fn runtime() -> &'static Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        Runtime::builder()
            .register_extension("_reenter", "/test/_reenter.so", init_reenter)
            .build()
            .expect("runtime")
    })
}

/// Calls itself again through Python (`exec_in_run`), one level deeper each time.
fn reenter<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let me = runtime().current().expect("inside a run");
    DEPTH.with(|d| {
        let (now, max) = d.get();
        d.set((now + 1, max.max(now + 1)));
    });
    let r = with_run(ts, |cx| {
        me.exec_in_run(cx, "import _reenter; _reenter.reenter()")
    })?;
    DEPTH.with(|d| d.set((d.get().0 - 1, d.get().1)));
    match r {
        Ok(()) => Ok(py.none()),
        // Raised again as itself (an `ExecutionFailed` wrapping would repeat the whole
        // traceback at every level).
        Err(e) if e.transcript_line() == RECURSION => Err(PyErr::new(
            &exc::RECURSION_ERROR,
            "maximum recursion depth exceeded",
        )),
        Err(e) => Err(PyErr::new(&exc::RUNTIME_ERROR, e.transcript_line())),
    }
}

static REENTER: BuiltinDef = BuiltinDef {
    name: "reenter",
    func: reenter,
};

static REENTER_MODULE: ModuleDef = ModuleDef {
    name: "_reenter",
    doc: None,
    methods: std::slice::from_ref(&REENTER),
    size: Size::Zero,
    slots: Some(&[Slot::MultipleInterpreters(
        MultiInterp::PerInterpreterGilSupported,
    )]),
};

fn init_reenter(_: Py<'_>) -> PyResult<Init<'_>> {
    Ok(Init::Def(&REENTER_MODULE))
}

/// Starts the recursion in `i` on this thread; the error's line and the deepest level.
fn recurse(i: &Interpreter) -> (String, usize) {
    DEPTH.with(|d| d.set((0, 0)));
    let r: Result<XiData, ExecError> = i.call(&REENTER, &[]);
    let line = r.map_or_else(|e| e.transcript_line(), |v| format!("returned {v:?}"));
    (line, DEPTH.with(|d| d.get().1))
}

fn on_thread(stack: usize, i: &Interpreter) -> (String, usize) {
    let i = i.clone();
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || recurse(&i))
        .expect("thread")
        .join()
        .expect("no panic")
}

/// The interpreter still runs code afterwards.
fn usable(i: &Interpreter) {
    i.exec("x = 1").expect("usable");
}

#[test]
fn a_big_stack_reaches_the_recursion_limit_exactly() {
    let rt = runtime();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let (line, depth) = on_thread(256 << 20, &sub);
    println!("recursion.depth.big_stack: {depth}");
    assert_eq!(line, RECURSION);
    // 1,000 levels of exec_in_run, each called from one level of `reenter`.
    assert_eq!(depth, 1001);
    usable(&sub);
    assert!(sub.end().unwrap().heap.is_some());
}

#[test]
fn a_2_mib_thread_gets_recursion_error_before_its_stack_overflows() {
    let rt = runtime();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let (line, depth) = on_thread(2 << 20, &sub);
    println!("recursion.depth.2mib_thread: {depth}");
    assert_eq!(line, RECURSION);
    assert!(depth >= 20, "{depth}");
    usable(&sub);
    sub.end().unwrap();
}

#[test]
fn a_pool_worker_gets_recursion_error() {
    let rt = runtime();
    let pool = InterpreterPool::new(rt, 1).unwrap();
    let task = pool
        .submit(|cx| {
            let me = runtime().current().expect("a worker runs an interpreter");
            DEPTH.with(|d| d.set((0, 0)));
            let r = me
                .with_tstate(cx, |ts| reenter(ts, None, Args::positional(&[])))
                .and_then(|r| r)
                .map(drop);
            (
                r.map_err(|e| e.traceback_line()),
                DEPTH.with(|d| d.get().1),
                me.id(),
            )
        })
        .unwrap_or_else(|_| panic!("submit"));
    let (r, depth, _) = task.wait().unwrap();
    println!("recursion.depth.pool_worker: {depth}");
    assert_eq!(r, Err(RECURSION.to_owned()));
    assert!(depth >= 20, "{depth}");
    // The worker keeps working.
    let again = pool
        .submit(|cx| cx.py().int(2).unwrap().as_i64())
        .unwrap_or_else(|_| panic!("submit"));
    assert_eq!(again.wait().unwrap(), Some(2));
}

#[test]
fn a_thread_spawned_by_the_runtime_gets_recursion_error() {
    let rt = runtime();
    let sub = rt.new_interpreter(InterpreterConfig::legacy()).unwrap();
    let me = sub.clone();
    let h = rt
        .spawn_thread(&sub, false, move |t| {
            t.run(|cx| {
                DEPTH.with(|d| d.set((0, 0)));
                let r = me
                    .with_tstate(cx, |ts| reenter(ts, None, Args::positional(&[])))
                    .and_then(|r| r)
                    .map(drop);
                (r.map_err(|e| e.traceback_line()), DEPTH.with(|d| d.get().1))
            })
        })
        .unwrap();
    let (r, depth) = h.join().unwrap().unwrap();
    println!("recursion.depth.runtime_thread: {depth}");
    assert_eq!(r, Err(RECURSION.to_owned()));
    assert!(depth >= 20, "{depth}");
    usable(&sub);
    sub.end().unwrap();
}
