//! Fault injection: allocation failure in the arena layer (an injected failing source, through
//! `RuntimeBuilder::heap_source`) surfaces as `MemoryError` at every point it can strike, with
//! every arena and raw block handed back and the runtime usable afterwards; and a panic in a
//! pending call, in a module's init or exec function, in a native function called or exec'd
//! in an interpreter, or in code run in an interpreter is contained and reported, leaving the
//! interpreter usable and its GIL free.
//!
//! Reference: `cpython-obmalloc.md` §3.4 (`new_arena` failure, raw fallback), §9;
//! `cpython-lifecycle-xi.md` §2.4 step 8 (creation cleanup); `cpython-import.md` §8.7, §8.8
//! (init failures in main); targets.md "panic inside an interpreter's closure".

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use subinterp_import::{Init, ModuleDef, MultiInterp, Size, Slot, create_module};
use subinterp_object::{Obj, Py, PyErr, PyResult};
use subinterp_obmalloc::FailingSource;
use subinterp_runtime::{
    Args, Error, InterpId, Interpreter, InterpreterConfig, Runtime, Tstate, allow_threads, check,
    import,
};
use subinterp_xi::Keepalive;

/// What the next heaps' sources do, and every source handed out, by interpreter id.
#[derive(Clone, Default)]
struct Sources {
    /// `(arena budget, raw budget)` for sources made from now on (`None`: unlimited).
    plan: Arc<Mutex<(Option<usize>, Option<usize>)>>,
    made: Arc<Mutex<HashMap<u64, FailingSource>>>,
}

impl Sources {
    fn builder(&self) -> subinterp_runtime::RuntimeBuilder {
        let me = self.clone();
        Runtime::builder().heap_source(Arc::new(move |id: InterpId| {
            let src = FailingSource::os();
            let (arenas, raw) = *me.plan.lock().unwrap();
            src.arena_budget(arenas);
            src.raw_budget(raw);
            me.made.lock().unwrap().insert(id.get(), src.clone());
            Box::new(src)
        }))
    }

    fn plan(&self, arenas: Option<usize>, raw: Option<usize>) {
        *self.plan.lock().unwrap() = (arenas, raw);
    }

    fn of(&self, id: InterpId) -> FailingSource {
        self.made.lock().unwrap()[&id.get()].clone()
    }
}

fn chain(e: &dyn std::error::Error) -> Vec<String> {
    let mut v = vec![e.to_string()];
    let mut s = e.source();
    while let Some(x) = s {
        v.push(x.to_string());
        s = x.source();
    }
    v
}

fn ids(rt: &Runtime) -> Vec<u64> {
    rt.list().iter().map(|i| i.id().get()).collect()
}

/// Creation with the `k`-th request to the OS refused, for every `k` until creation succeeds:
/// each failure is CPython's chain ending in `MemoryError`, uses up its id, lists nothing, and
/// hands every arena and raw block back.
fn sweep_creation() -> usize {
    let sources = Sources::default();
    let rt = sources.builder().build().unwrap();
    let mut next = 1;
    for k in 0..20_000 {
        sources.plan(Some(0), Some(k));
        match rt.new_interpreter(InterpreterConfig::isolated()) {
            Ok(i) => {
                assert_eq!(i.id().get(), next);
                assert_eq!(
                    i.run(|cx| cx.py().int(5).unwrap().as_i64()).unwrap(),
                    Some(5)
                );
                let src = sources.of(i.id());
                assert!(i.end().unwrap().is_clean());
                assert_eq!((src.arenas_live(), src.raw_live()), (0, 0));
                assert!(rt.finalize().unwrap().is_clean());
                eprintln!("creation failed cleanly at {k} points");
                return k;
            }
            Err(e) => {
                let c = chain(&e);
                assert_eq!(
                    c,
                    [
                        "InterpreterError: interpreter creation failed",
                        "InterpreterError: sub-interpreter creation failed",
                        "MemoryError",
                    ],
                    "budget {k}"
                );
                let src = sources.of(InterpId::new(next));
                assert!(src.failures() > 0);
                assert_eq!(
                    (src.arenas_live(), src.raw_live()),
                    (0, 0),
                    "a creation failing at request {k} kept memory"
                );
                assert_eq!(ids(&rt), [0], "budget {k}");
                next += 1;
            }
        }
    }
    panic!("creation never succeeded");
}

#[test]
fn creation_fails_cleanly_at_every_allocation() {
    // No arena at all: every block is raw (CPython's fallback), and the k-th one fails.
    let k = sweep_creation();
    assert!(k > 10, "creation needed only {k} raw blocks without arenas");
}

#[test]
fn without_arenas_everything_falls_back_to_raw_blocks() {
    // CPython's `new_arena` failure: pymalloc serves from the raw allocator instead.
    let sources = Sources::default();
    let rt = sources.builder().build().unwrap();
    sources.plan(Some(0), None);
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let src = sources.of(sub.id());
    let n = sub
        .run(|cx| build(cx.py(), 4).map(|d| d.len().unwrap()))
        .unwrap()
        .unwrap();
    assert_eq!(n, 4);
    assert_eq!(src.arenas_total(), 0);
    // The interpreter's own modules live in raw blocks meanwhile.
    assert!(src.raw_live() > 0 && src.failures() > 0);
    assert!(sub.end().unwrap().is_clean());
    assert_eq!(src.raw_live(), 0);
}

#[test]
fn initialization_fails_cleanly_at_every_allocation_and_can_be_retried() {
    let sources = Sources::default();
    let rt = sources.builder().build_uninitialized().unwrap();
    for k in 0..20_000 {
        sources.plan(Some(0), Some(k));
        match rt.initialize() {
            Ok(()) => {
                assert!(k > 0);
                eprintln!("initialization failed cleanly at {k} points");
                let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
                assert_eq!(sub.id(), InterpId::new(1));
                assert!(rt.finalize().unwrap().is_clean());
                return;
            }
            Err(e) => {
                assert_eq!(e.to_string(), "MemoryError", "budget {k}");
                assert!(!rt.is_initialized());
                let src = sources.of(InterpId::new(0));
                assert_eq!(
                    (src.arenas_live(), src.raw_live()),
                    (0, 0),
                    "an initialization failing at request {k} kept memory"
                );
            }
        }
    }
    panic!("initialization never succeeded");
}

/// Builds, under `py`, what a program builds: a dict of big strings and lists.
fn build<'py>(py: Py<'py>, n: usize) -> PyResult<Obj<'py>> {
    let d = py.dict()?;
    for i in 0..n {
        let big = py.str(&"x".repeat(600 + i))?;
        let items: Vec<Obj<'py>> = (0..100)
            .map(|j| py.int(j as i64))
            .collect::<PyResult<_>>()?;
        let l = py.list(&items)?;
        d.set_item(&big, &l)?;
    }
    Ok(d)
}

#[test]
fn allocation_failure_inside_a_run_is_memory_error_and_leaves_nothing_behind() {
    let sources = Sources::default();
    let rt = sources.builder().build().unwrap();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let src = sources.of(sub.id());
    let failures = sub
        .run(|cx| {
            let py = cx.py();
            let (objects, blocks) = (py.live_objects(), py.heap().allocated_blocks());
            let mut failures = 0;
            let mut k = 0;
            loop {
                // Raw blocks (the > 512-byte strings, list and dict storage) run out at `k`.
                src.arena_budget(Some(0));
                src.raw_budget(Some(k));
                let r = build(py, 8);
                src.arena_budget(None);
                src.raw_budget(None);
                match r {
                    Ok(d) => {
                        assert_eq!(d.len().unwrap(), 8);
                        drop(d);
                        break;
                    }
                    Err(e) => {
                        assert_eq!(e.to_string(), "MemoryError", "budget {k}");
                        failures += 1;
                    }
                }
                // Whatever was half built went back to the heap.
                assert_eq!(py.live_objects(), objects, "budget {k}");
                assert_eq!(py.heap().allocated_blocks(), blocks, "budget {k}");
                k += 1;
                assert!(k < 10_000);
            }
            assert_eq!(py.live_objects(), objects);
            assert_eq!(py.heap().allocated_blocks(), blocks);
            failures
        })
        .unwrap();
    eprintln!("building failed cleanly at {failures} points");
    assert!(failures >= 8, "only {failures} failure points");
    // The interpreter is as usable as before, and closes clean.
    assert_eq!(
        sub.run(|cx| build(cx.py(), 2).map(|d| d.len().unwrap()))
            .unwrap()
            .unwrap(),
        2
    );
    assert!(sub.end().unwrap().is_clean());
    assert_eq!((src.arenas_live(), src.raw_live()), (0, 0));
}

/// A runtime with the test extensions whose sub-interpreters allocate every block raw (no
/// arenas), so a raw budget set inside a run strikes at the `k`-th allocation.
fn raw_only_runtime() -> (Runtime, Sources) {
    let sources = Sources::default();
    let rt = sources
        .builder()
        .import_config(subinterp_testmodules::config())
        .build()
        .unwrap();
    sources.plan(Some(0), None);
    (rt, sources)
}

/// Imports `_testmultiphase` in `sub` with the `k`-th allocation failing, for every `k` until
/// it succeeds; `each` is called after every failed attempt with the live objects added since
/// the first attempt. Returns the number of failure points.
fn sweep_import(sub: &Interpreter, src: &FailingSource, each: impl Fn(usize, usize)) -> usize {
    sub.run(|cx| { let py = cx.py();
        let modules = import(cx, "sys").unwrap().getattr("modules").unwrap();
        let name = py.str("_testmultiphase").unwrap();
        let base = py.live_objects();
        let mut k = 0;
        loop {
            src.raw_budget(Some(k));
            let r = import(cx, "_testmultiphase");
            src.raw_budget(None);
            match r {
                Ok(m) => {
                    assert_eq!(
                        m.repr().unwrap(),
                        "<module '_testmultiphase' from '/subinterp/lib-dynload/_testmultiphase.so'>"
                    );
                    return k;
                }
                Err(e) => {
                    assert_eq!(e.to_string(), "MemoryError", "budget {k}");
                    assert!(
                        !modules.contains(&name).unwrap(),
                        "a failed import left a module behind (budget {k})"
                    );
                    each(k, py.live_objects() - base);
                }
            }
            k += 1;
            assert!(k < 10_000);
        }
    })
    .unwrap()
}

#[test]
fn an_import_fails_with_memory_error_at_every_allocation_and_then_succeeds() {
    // A multi-phase extension is created and executed in the importing interpreter, whose
    // every block is raw here; the k-th fails. A failed import is not in `sys.modules`, the
    // next attempt starts afresh, and the heap gives every block back at the end.
    let (rt, sources) = raw_only_runtime();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let src = sources.of(sub.id());
    let failures = sweep_import(&sub, &src, |_, _| {});
    eprintln!("the import failed at {failures} points");
    assert!(failures > 5);
    sub.end().unwrap();
    assert_eq!((src.arenas_live(), src.raw_live()), (0, 0));
    rt.finalize().unwrap();
}

#[test]
fn a_failed_import_leaves_no_objects_behind() {
    // What CPython's cycle collector gives: the half-built module of a failed import (and
    // the functions that point back at it) is freed, so failed imports do not accumulate in
    // a long-lived interpreter, and the interpreter ends clean.
    let (rt, sources) = raw_only_runtime();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let src = sources.of(sub.id());
    let leaks = Mutex::new(Vec::new());
    sweep_import(&sub, &src, |k, extra| {
        if extra > 0 {
            leaks.lock().unwrap().push((k, extra));
        }
    });
    let report = sub.end().unwrap();
    let leaks = leaks.into_inner().unwrap();
    assert!(
        leaks.is_empty() && report.is_clean(),
        "failed imports left objects alive: (failure point, objects) {leaks:?}; end: {report:?}"
    );
}

#[test]
fn an_import_whose_exec_slot_raises_leaves_no_objects_behind() {
    // The same without fault injection: `_testmultiphase_exec_raise` raises from its exec
    // slot (in main, where the extension check does not refuse it). Each failed attempt must
    // free its module, as CPython's cycle collector does.
    let rt = Runtime::builder()
        .import_config(subinterp_testmodules::config())
        .build()
        .unwrap();
    let main = rt.main().unwrap();
    let grown: Vec<(String, usize)> = main
        .run(|cx| {
            let py = cx.py();
            let base = py.live_objects();
            (0..3)
                .map(|_| {
                    let e = import(cx, "_testmultiphase_exec_raise").map(drop);
                    let text = e.map_or_else(|e| e.to_string(), |()| "imported".into());
                    (text, py.live_objects() - base)
                })
                .collect()
        })
        .unwrap();
    assert_eq!(
        grown,
        vec![("RuntimeError: bad exec".to_owned(), 0); 3],
        "(error, objects left alive) after each attempt"
    );
}

#[test]
fn a_module_repr_under_memory_failure_is_memory_error() {
    // Allocation failure must surface as MemoryError, never as a wrong result.
    let (rt, sources) = raw_only_runtime();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let src = sources.of(sub.id());
    let got: Vec<(usize, String)> = sub
        .run(|cx| {
            let sys = import(cx, "sys").unwrap();
            (0..4)
                .map(|k| {
                    src.raw_budget(Some(k));
                    let r = sys.repr();
                    src.raw_budget(None);
                    (k, r.unwrap_or_else(|e| e.to_string()))
                })
                .collect()
        })
        .unwrap();
    for (k, text) in &got {
        assert!(
            text == "MemoryError" || text == "<module 'sys' (built-in)>",
            "budget {k}: repr gave {text:?}"
        );
    }
}

#[test]
fn filling_the_heap_until_memory_runs_out_then_recovering() {
    // No more arenas or raw blocks: the heap serves what its arenas hold, then MemoryError.
    let sources = Sources::default();
    let rt = sources.builder().build().unwrap();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let src = sources.of(sub.id());
    let (held, err) = sub
        .run(|cx| {
            let py = cx.py();
            let base = py.live_objects();
            src.fail_arenas(true);
            src.fail_raw(true);
            let mut kept = Vec::new();
            let err = loop {
                match py.str(&format!("object {}", kept.len())) {
                    Ok(o) => kept.push(o),
                    Err(e) => break e.to_string(),
                }
                assert!(kept.len() < 10_000_000);
            };
            let held = kept.len();
            drop(kept);
            assert_eq!(py.live_objects(), base);
            src.fail_arenas(false);
            src.fail_raw(false);
            (held, err)
        })
        .unwrap();
    assert_eq!(err, "MemoryError");
    assert!(held > 1_000, "the heap's arenas held only {held} objects");
    assert_eq!(
        sub.run(|cx| cx.py().list_of((1, 2)).unwrap().len().unwrap())
            .unwrap(),
        2
    );
    assert!(sub.end().unwrap().is_clean());
    assert_eq!((src.arenas_live(), src.raw_live()), (0, 0));
    assert!(rt.finalize().unwrap().is_clean());
}

/// A `tracing` writer that keeps what is logged, to check what a contained panic reported.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Log {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Runs `f` with this thread's `tracing` events written to the returned log.
fn logged<R>(f: impl FnOnce() -> R) -> (R, String) {
    let log = Log::default();
    let w = log.clone();
    let sub = tracing_subscriber::fmt()
        .with_writer(move || w.clone())
        .with_ansi(false)
        .finish();
    let r = tracing::subscriber::with_default(sub, f);
    (r, log.text())
}

/// Whether another OS thread can run `i` within 10 s (its GIL was released).
fn usable_from_another_thread(i: &Interpreter) -> bool {
    let i = i.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(i.run(|cx| cx.py().int(7).unwrap().as_i64()));
    });
    matches!(rx.recv_timeout(Duration::from_secs(10)), Ok(Ok(Some(7))))
}

#[test]
fn a_panic_in_a_pending_call_is_contained_and_the_next_calls_still_run() {
    let rt = Runtime::new().unwrap();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let ran = Arc::new(AtomicUsize::new(0));
    let job = |boom: bool| {
        let ran = ran.clone();
        Keepalive::new(a.id(), rt.release_sink(), move || {
            assert!(!boom, "pending boom");
            ran.fetch_add(1, Ordering::SeqCst);
        })
    };
    // Dropped outside any run of `a`: each release is queued to `a` as a pending call.
    drop(job(false));
    drop(job(true));
    drop(job(false));
    let (r, log) = logged(|| {
        a.run(|cx| {
            // Pending calls run at entry and at checks; a second check gets whatever the
            // panic left queued.
            check(cx).unwrap();
            check(cx).unwrap();
        })
    });
    r.unwrap();
    assert_eq!(
        ran.load(Ordering::SeqCst),
        2,
        "a call after the panic was lost"
    );
    assert!(
        log.contains("a pending call panicked: pending boom"),
        "not reported: {log:?}"
    );
    assert!(!a.is_running().unwrap());
    assert!(usable_from_another_thread(&a));
    assert!(a.end().unwrap().is_clean());
}

#[test]
fn a_panic_in_a_pending_call_during_the_end_is_reported_in_the_end_report() {
    let rt = Runtime::new().unwrap();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let ran = Arc::new(AtomicUsize::new(0));
    let r2 = ran.clone();
    drop(Keepalive::new(a.id(), rt.release_sink(), || {
        panic!("boom at the end")
    }));
    drop(Keepalive::new(a.id(), rt.release_sink(), move || {
        r2.fetch_add(1, Ordering::SeqCst);
    }));
    let report = a.end().unwrap();
    assert_eq!(
        report.unraisable,
        ["a pending call panicked: boom at the end"],
        "{report:?}"
    );
    assert_eq!(
        ran.load(Ordering::SeqCst),
        1,
        "the call after the panic was lost"
    );
    assert!(rt.finalize().unwrap().is_clean());
}

#[test]
fn the_gil_layer_reports_a_panicking_pending_call_as_an_error() {
    use subinterp_gil::{CheckError, Gil, Interp, ThreadState, Whence};
    let i = Interp::new(InterpId::new(1), Arc::new(Gil::new()));
    let ran = Arc::new(AtomicUsize::new(0));
    let r = ran.clone();
    i.add_pending_call(|_: &subinterp_gil::Attached| panic!("gil boom"))
        .map_err(|_| "full")
        .unwrap();
    i.add_pending_call(move |_: &subinterp_gil::Attached| {
        r.fetch_add(1, Ordering::SeqCst);
    })
    .map_err(|_| "full")
    .unwrap();
    let ts = ThreadState::new(&i, Whence::Unknown).unwrap();
    let mut a = ts.attach().unwrap();
    match a.check() {
        Err(CheckError::PendingCall(p)) => assert_eq!(p.message(), Some("gil boom")),
        other => panic!("expected the panic as an error, got {other:?}"),
    }
    // The GIL is still held and the next call runs at the next check.
    assert!(a.holds_gil());
    a.check().unwrap();
    assert_eq!(ran.load(Ordering::SeqCst), 1);
    a.detach().unwrap();
    ts.delete().unwrap();
}

// A test extension whose init function panics (single-phase, in main), and one whose exec
// slot panics (multi-phase, in the importing interpreter).

fn init_panics(_: Py<'_>) -> PyResult<Init<'_>> {
    panic!("init boom")
}

fn exec_panics(_: &Obj<'_>) -> PyResult<()> {
    panic!("exec boom")
}

static EXEC_PANICS: ModuleDef = ModuleDef {
    name: "_exec_panics",
    doc: None,
    methods: &[],
    size: Size::Zero,
    slots: Some(&[
        Slot::Exec(exec_panics),
        Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
    ]),
};

fn init_exec_panics(_: Py<'_>) -> PyResult<Init<'_>> {
    Ok(Init::Def(&EXEC_PANICS))
}

static FINE: ModuleDef = ModuleDef {
    name: "_fine",
    doc: None,
    methods: &[],
    size: Size::Zero,
    slots: None,
};

fn init_fine(py: Py<'_>) -> PyResult<Init<'_>> {
    Ok(Init::Module(create_module(py, &FINE)?))
}

fn panicky_runtime() -> Runtime {
    Runtime::builder()
        .register_extension("_init_panics", "/test/_init_panics.so", init_panics)
        .register_extension("_exec_panics", "/test/_exec_panics.so", init_exec_panics)
        .register_extension("_fine", "/test/_fine.so", init_fine)
        .append_inittab("_builtin_init_panics", init_panics)
        .build()
        .unwrap()
}

fn import_text(i: &Interpreter, name: &str) -> Result<String, String> {
    i.run(|cx| {
        import(cx, name)
            .and_then(|m| m.repr())
            .map_err(|e: PyErr| e.to_string())
    })
    .unwrap()
}

#[test]
fn a_panic_in_a_module_init_or_exec_is_contained_in_every_kind_of_interpreter() {
    let rt = panicky_runtime();
    let interps = [
        rt.main().unwrap(),
        rt.new_interpreter(InterpreterConfig::isolated()).unwrap(),
        rt.new_interpreter(InterpreterConfig::legacy()).unwrap(),
    ];
    for i in &interps {
        for _ in 0..2 {
            // Twice: a failed import leaves nothing behind that changes the next attempt.
            assert_eq!(
                import_text(i, "_init_panics"),
                Err("SystemError: initialization of _init_panics panicked: init boom".into()),
                "in {i:?}"
            );
            assert_eq!(
                import_text(i, "_builtin_init_panics"),
                Err(
                    "SystemError: initialization of _builtin_init_panics panicked: init boom"
                        .into()
                ),
                "in {i:?}"
            );
            assert_eq!(
                import_text(i, "_exec_panics"),
                Err("SystemError: execution of module _exec_panics panicked: exec boom".into()),
                "in {i:?}"
            );
        }
        // The switch to main and back unwound: this thread runs `i` again, not main.
        assert_eq!(i.run(|cx| cx.py().interp()).unwrap(), i.id());
        let fine = if i.config().check_multi_interp_extensions {
            Err("ImportError: module _fine does not support loading in subinterpreters".into())
        } else {
            Ok("<module '_fine' from '/test/_fine.so'>".to_owned())
        };
        assert_eq!(import_text(i, "_fine"), fine, "in {i:?}");
        assert!(usable_from_another_thread(i), "{i:?}");
        // Main's GIL was given back, whichever interpreter imported.
        assert!(usable_from_another_thread(&interps[0]));
    }
    for i in &interps[1..] {
        let report = i.end().unwrap();
        assert!(report.unraisable.is_empty(), "{report:?}");
    }
    let report = rt.finalize().unwrap();
    assert!(
        report.ended.iter().all(|r| r.unraisable.is_empty()),
        "{report:?}"
    );
}

fn boom<'py>(_ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, _: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    panic!("native boom")
}

static BOOM: subinterp_runtime::BuiltinDef = subinterp_runtime::BuiltinDef {
    name: "boom",
    func: boom,
};

static BOOM_MODULE: ModuleDef = ModuleDef {
    name: "_boom",
    doc: None,
    methods: std::slice::from_ref(&BOOM),
    size: Size::Zero,
    slots: Some(&[Slot::MultipleInterpreters(
        MultiInterp::PerInterpreterGilSupported,
    )]),
};

fn init_boom(_: Py<'_>) -> PyResult<Init<'_>> {
    Ok(Init::Def(&BOOM_MODULE))
}

#[test]
fn a_panic_in_a_native_function_called_or_execd_is_contained() {
    let rt = Runtime::builder()
        .register_extension("_boom", "/test/_boom.so", init_boom)
        .build()
        .unwrap();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let panicked = |e: &subinterp_runtime::ExecError| {
        matches!(
            e,
            subinterp_runtime::ExecError::Interp(Error::Panicked(p))
                if p.message() == Some("native boom")
        )
    };
    // Interpreter.call, from this thread and from a thread of its own.
    let e = sub.call(&BOOM, &[]).unwrap_err();
    assert!(panicked(&e), "{e}");
    let e = sub
        .call_in_thread(&BOOM, vec![])
        .unwrap()
        .join()
        .unwrap_err();
    assert!(panicked(&e), "{e}");
    // Interpreter.exec of statements calling it.
    let e = sub.exec("import _boom\n_boom.boom()").unwrap_err();
    assert!(panicked(&e), "{e}");
    // Still usable, not running, GIL free, and it ends clean.
    sub.exec("x = 1").unwrap();
    assert!(!sub.is_running().unwrap());
    assert!(usable_from_another_thread(&sub));
    assert!(sub.end().unwrap().is_clean());
    assert!(rt.finalize().unwrap().is_clean());
}

#[test]
fn a_panic_in_code_run_anywhere_is_contained() {
    let rt = Runtime::new().unwrap();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let b = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let base = a.run(|cx| cx.py().live_objects()).unwrap();
    let panicked = |r: Result<(), Error>, msg: &str| match r {
        Err(Error::Panicked(p)) => assert_eq!(p.message(), Some(msg)),
        other => panic!("expected a contained panic {msg:?}, got {other:?}"),
    };
    // In a run, holding objects: they are freed while unwinding.
    panicked(
        a.run(|cx| {
            let py = cx.py();
            let _l = py.list_of((1, 2, 3)).unwrap();
            panic!("in run")
        }),
        "in run",
    );
    // Without the GIL, inside allow_threads: resumed once the GIL is back, then caught.
    panicked(
        a.run(|cx| {
            let _ = allow_threads(cx, || panic!("without the GIL"));
        }),
        "without the GIL",
    );
    // In a scoped switch: caught at the inner boundary; the outer run goes on.
    let outer = a
        .run(|cx| {
            let py = cx.py();
            let inner = b.run_from(cx, |_| panic!("in run_from"));
            (matches!(inner, Err(Error::Panicked(_))), py.interp())
        })
        .unwrap();
    assert_eq!(outer, (true, a.id()));
    // In a thread's body and in a thread's run.
    let h = rt
        .spawn_thread(&a, false, |t| {
            let r = t.run(|_| panic!("in a thread's run"));
            assert!(matches!(r, Err(Error::Panicked(_))));
            panic!("in a thread's body")
        })
        .unwrap();
    match h.join() {
        Err(Error::Panicked(p)) => assert_eq!(p.message(), Some("in a thread's body")),
        other => panic!("{other:?}"),
    }
    for i in [&a, &b] {
        assert!(!i.is_running().unwrap());
        assert!(usable_from_another_thread(i));
    }
    assert_eq!(a.run(|cx| cx.py().live_objects()).unwrap(), base);
    assert!(a.end().unwrap().is_clean());
    assert!(b.end().unwrap().is_clean());
    assert!(rt.finalize().unwrap().is_clean());
}
