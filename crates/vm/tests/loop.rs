//! The loop's rules that the conformance programs cannot show alone: the recursion limit on
//! small native stacks and through native re-entry, the constant cache, generators that
//! outlive their thread state, `with` on a native class, and the `SystemError` of operations
//! not run yet.

use subinterp_object::{InterpId, Obj, Objects, Py, PyResult, Slots, StaticType};
use subinterp_obmalloc::Heap;
use subinterp_vm::{Args, BuiltinDef, Capture, Captured, MethodTable, Tstate};

/// Runs `source` as `__main__` in a fresh interpreter, with `setup` applied to the thread
/// state and globals first, and returns what it wrote.
fn run_with(source: &str, setup: impl for<'py> FnOnce(&mut Tstate<'py>, &Obj<'py>)) -> Captured {
    let objs = Objects::new(InterpId::new(0), Heap::new());
    let out = Capture::new();
    // SAFETY: this thread is the only one using `objs`.
    unsafe {
        objs.with_gil(|py| {
            let mut ts = Tstate::new(py, Box::new(out.clone())).expect("thread state");
            let g = ts.main_globals().expect("globals");
            setup(&mut ts, &g);
            let code = subinterp_compile::compile(source, "t.py", subinterp_compile::Mode::Exec)
                .expect("compiles");
            if let Err(e) = ts.exec(&code, &g) {
                let text = subinterp_vm::format_exception(&mut ts, &e).expect("formats");
                ts.host().write_stderr(&text).expect("captured");
            }
        })
    };
    out.captured()
}

/// Runs `f` with a fresh thread state of a fresh interpreter.
fn in_tstate<R>(f: impl for<'py> FnOnce(Py<'py>, &mut Tstate<'py>) -> R) -> R {
    let objs = Objects::new(InterpId::new(0), Heap::new());
    // SAFETY: this thread is the only one using `objs`.
    unsafe {
        objs.with_gil(|py| {
            let mut ts = Tstate::new(py, Box::new(Capture::new())).expect("thread state");
            f(py, &mut ts)
        })
    }
}

fn compiled(source: &str) -> std::sync::Arc<subinterp_compile::Code> {
    subinterp_compile::compile(source, "t.py", subinterp_compile::Mode::Exec).expect("compiles")
}

#[track_caller]
fn check(source: &str, expect: &str) {
    let got = run_with(source, |_, _| {});
    assert_eq!(format!("{}{}", got.stdout, got.stderr), expect);
}

const DEEP: &str = "
def down(n):
    return 0 if n == 0 else 1 + down(n - 1)

def native(n):
    # Each level re-enters the loop from a native function (map's next).
    return 0 if n == 0 else list(map(lambda v: native(v - 1), [n]))[0] + 1

def forever(n):
    return forever(n + 1)

def forever_native(n):
    return sorted([n], key=forever_native)
";

/// Runs `program` on a thread with a 2 MiB native stack at recursion limit `limit`.
fn on_small_stack(program: String, limit: i64) -> Captured {
    let t = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            run_with(&program, |ts, _| {
                ts.set_recursion_limit(limit).expect("limit");
            })
        })
        .expect("spawns");
    t.join().expect("no native stack overflow")
}

#[test]
fn deep_recursion_ends_in_recursion_error_on_a_2_mib_thread() {
    let python = format!(
        "{DEEP}
print(down(50000))
try:
    forever(0)
except RecursionError as e:
    print('python:', e)
"
    );
    let got = on_small_stack(python, 100_000);
    assert_eq!(
        got.stdout,
        "50000\npython: maximum recursion depth exceeded\n"
    );
    // Through native re-entry every level also takes native stack: it is grown on demand.
    let native = format!(
        "{DEEP}
print(native(2000))
try:
    forever_native(0)
except RecursionError as e:
    print('native:', e)
"
    );
    let got = on_small_stack(native, 10_000);
    assert_eq!(
        got.stdout,
        "2000\nnative: maximum recursion depth exceeded\n"
    );
    assert_eq!(got.stderr, "");
}

#[test]
fn the_limit_counts_every_frame_of_the_thread() {
    // The module frame is one of the 1000: `n` reaches 999, as in CPython.
    check(
        "n = 0\ndef f():\n    global n\n    n += 1\n    f()\ntry:\n    f()\nexcept RecursionError as e:\n    print(n, e)\n",
        "999 maximum recursion depth exceeded\n",
    );
    let got = run_with("def f(n):\n    return f(n + 1)\nf(0)\n", |ts, _| {
        ts.set_recursion_limit(50).expect("limit");
        assert_eq!(ts.recursion_limit(), 50);
    });
    assert!(
        got.stderr
            .ends_with("RecursionError: maximum recursion depth exceeded\n")
    );
    assert!(
        got.stderr
            .contains("[Previous line repeated 46 more times]")
    );
}

#[test]
fn recursion_limit_must_be_positive() {
    in_tstate(|_, ts| {
        let e = ts.set_recursion_limit(0).expect_err("refused");
        assert_eq!(
            e.to_string(),
            "ValueError: recursion limit must be greater or equal than 1"
        );
    });
}

#[test]
fn constants_are_made_once_per_thread_state_and_code() {
    let code = compiled("def f():\n    return 'k'\nr = [f() for _ in range(3)]\n");
    in_tstate(|_, ts| {
        let g = ts.main_globals().expect("globals");
        ts.exec(&code, &g).expect("runs");
        // Module, f, and the comprehension.
        assert_eq!(ts.cached_code_count(), 3);
        ts.exec(&code, &g).expect("runs again");
        assert_eq!(ts.cached_code_count(), 3);
        let r = g.dict_get_str("r").expect("lookup").expect("bound");
        let items = r.list_items().expect("a list");
        // The same constant object every call: made once.
        assert!(items[0].is(&items[1]) && items[1].is(&items[2]));
    });
}

#[test]
fn a_generator_outlives_the_thread_state_that_made_it() {
    let objs = Objects::new(InterpId::new(0), Heap::new());
    let code = subinterp_compile::compile(
        "def g():\n    x = yield 1\n    yield x * 2\nit = g()\nfirst = next(it)\n",
        "g.py",
        subinterp_compile::Mode::Exec,
    )
    .expect("compiles");
    let resume = subinterp_compile::compile(
        "second = it.send(21)\n",
        "g2.py",
        subinterp_compile::Mode::Exec,
    )
    .expect("compiles");
    // SAFETY: this thread is the only one using `objs`.
    let g = unsafe {
        objs.with_gil(|py| {
            let mut ts = Tstate::new(py, Box::new(Capture::new())).expect("thread state");
            let g = ts.main_globals().expect("globals");
            ts.exec(&code, &g).expect("runs");
            g.unbind()
        })
    };
    // SAFETY: as above.
    unsafe {
        objs.with_gil(|py| {
            let mut ts = Tstate::new(py, Box::new(Capture::new())).expect("thread state");
            let g = g.into_bound(py).expect("same heap");
            ts.exec(&resume, &g).expect("resumes");
            let second = g.dict_get_str("second").expect("lookup").expect("bound");
            assert_eq!(second.as_i64(), Some(42));
        })
    };
}

fn enter<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let _ = py;
    Ok(slf.cloned().unwrap_or_else(|| py.none()))
}

fn exit<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let args = given.pos;
    // Suppresses KeyError only, as a context manager may.
    let suppress = args
        .first()
        .is_some_and(|t| t.is(&subinterp_object::exc::KEY_ERROR.get(py)));
    Ok(py.bool(suppress))
}

static MANAGER_METHODS: [BuiltinDef; 2] = [
    BuiltinDef {
        name: "__enter__",
        func: enter,
    },
    BuiltinDef {
        name: "__exit__",
        func: exit,
    },
];
static MANAGER_TABLE: MethodTable = MethodTable {
    owner: "Manager",
    methods: &MANAGER_METHODS,
};
static MANAGER_SLOTS: Slots = Slots {
    methods: Some(&MANAGER_TABLE),
    getattr: None,
    repr: None,
    ..Slots::EMPTY
};
static MANAGER: StaticType = StaticType::native("Manager", "t", &MANAGER_SLOTS);

#[test]
fn with_runs_native_enter_and_exit() {
    let got = run_with(
        "
with m as v:
    print('inside', v is m)
with m:
    {}['k']
print('KeyError suppressed')
try:
    with m:
        1 / 0
except ZeroDivisionError as e:
    print('passed on:', e)
with 5:
    pass
",
        |ts, g| {
            let py = ts.py();
            let m = py.new_native(&MANAGER, ()).expect("instance");
            g.set_item(&py.str("m").expect("str"), &m).expect("bound");
        },
    );
    assert_eq!(
        got.stdout,
        "inside True\nKeyError suppressed\npassed on: division by zero\n"
    );
    assert!(
        got.stderr
            .ends_with("TypeError: 'int' object does not support the context manager protocol\n"),
        "{}",
        got.stderr
    );
}

#[test]
fn operations_not_run_yet_are_system_errors() {
    for (src, op) in [
        ("type X = int\n", "TYPE_ALIAS"),
        ("def f[T](x): pass\n", "TYPE_PARAM"),
    ] {
        let got = run_with(src, |_, _| {});
        assert!(
            got.stderr.ends_with(&format!(
                "SystemError: the eval loop does not run {op} yet\n"
            )),
            "{src}: {}",
            got.stderr
        );
    }
}

#[test]
fn references_held_by_native_objects_are_released_while_running() {
    let code = compiled(
        "def f(v):\n    return lambda: v\nfor i in range(20000):\n    for x in [i, [i]]:\n        g = f(x)\n",
    );
    in_tstate(|py, ts| {
        let g = ts.main_globals().expect("globals");
        let before = py.live_objects();
        ts.exec(&code, &g).expect("runs");
        assert_eq!(py.objects().pending_deferred(), 0);
        // What the program keeps: f, i, x, g and its cell, the constants and names of three
        // code objects; not 20000 iterators, lists and closures.
        let kept = py.live_objects() - before;
        assert!(kept < 60, "{kept} objects kept");
    });
}

/// `text` with every `0x...` address replaced by `0xADDR`.
fn without_addresses(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i]);
        out.push_str("0xADDR");
        rest = rest[i + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

#[test]
fn a_generator_dropped_suspended_is_closed_and_its_error_is_unraisable() {
    let got = run_with(
        "def h():\n    try:\n        yield 1\n    finally:\n        raise ValueError('in close')\ny = h()\nnext(y)\ndel y\nprint('after')\n",
        |_, _| {},
    );
    assert_eq!(got.stdout, "after\n");
    assert_eq!(
        without_addresses(&got.stderr),
        "Exception ignored in: <generator object h at 0xADDR>\n\
         Traceback (most recent call last):\n  File \"t.py\", line 5, in h\n\
         ValueError: in close\n"
    );
}

#[test]
fn a_generator_dropped_on_the_last_line_is_closed_before_exec_returns() {
    let got = run_with(
        "def g():\n    try:\n        yield 1\n    finally:\n        print('closed')\nx = g()\nnext(x)\ndel x\n",
        |_, _| {},
    );
    assert_eq!(got.stdout, "closed\n");
    assert_eq!(got.stderr, "");
}

static AEXITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn this_one<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    Ok(slf.cloned().unwrap_or_else(|| py.none()))
}

fn aexit<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let args = given.pos;
    assert_eq!(args.len(), 3);
    AEXITS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(slf.cloned().unwrap_or_else(|| py.none()))
}

/// `__next__` of an awaitable that completes at once with `None`.
fn done<'py>(_ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, _: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    Err(subinterp_object::PyErr::new(
        &subinterp_object::exc::STOP_ITERATION,
        "",
    ))
}

static ASYNC_MANAGER_METHODS: [BuiltinDef; 4] = [
    BuiltinDef {
        name: "__aenter__",
        func: this_one,
    },
    BuiltinDef {
        name: "__aexit__",
        func: aexit,
    },
    BuiltinDef {
        name: "__await__",
        func: this_one,
    },
    BuiltinDef {
        name: "__next__",
        func: done,
    },
];
static ASYNC_MANAGER_TABLE: MethodTable = MethodTable {
    owner: "Async_Manager",
    methods: &ASYNC_MANAGER_METHODS,
};
static ASYNC_MANAGER_SLOTS: Slots = Slots {
    methods: Some(&ASYNC_MANAGER_TABLE),
    getattr: None,
    repr: None,
    ..Slots::EMPTY
};
static ASYNC_MANAGER: StaticType = StaticType::native("AsyncManager", "t", &ASYNC_MANAGER_SLOTS);

#[test]
fn async_with_runs_aenter_and_aexit_through_attribute_lookup() {
    let got = run_with(
        "
def run(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as e:
        return e.value

async def body():
    async with m as v:
        print('inside', v)
    try:
        async with m:
            raise KeyError('k')
    except KeyError as e:
        print('passed on:', repr(e))
    print('awaited:', await m)
    return 'done'

print(run(body()))
",
        |ts, g| {
            let py = ts.py();
            let m = py.new_native(&ASYNC_MANAGER, ()).expect("instance");
            g.set_item(&py.str("m").expect("str"), &m).expect("bound");
        },
    );
    assert_eq!(
        got.stdout,
        "inside None\npassed on: KeyError('k')\nawaited: None\ndone\n"
    );
    assert_eq!(got.stderr, "");
    assert_eq!(AEXITS.load(std::sync::atomic::Ordering::Relaxed), 2);
}

/// What `Recorder.__exit__` was called with, one line per call.
static EXIT_CALLS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

fn record_exit<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let args = given.pos;
    let [ty, value, tb] = args else {
        return Err(subinterp_object::PyErr::type_error(
            "__exit__ takes 3 arguments",
        ));
    };
    let line = format!(
        "{} | {} | {}",
        if ty.is_none() {
            String::from("None")
        } else {
            ty.getattr("__name__")?.str()?
        },
        value.repr()?,
        tb.type_name()
    );
    EXIT_CALLS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(line);
    // Suppresses KeyError only.
    Ok(py.bool(ty.is(&subinterp_object::exc::KEY_ERROR.get(py))))
}

fn fail_enter<'py>(
    _ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    Err(subinterp_object::PyErr::value_error("enter failed"))
}

fn fail_exit<'py>(
    _ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    Err(subinterp_object::PyErr::new(
        &subinterp_object::exc::RUNTIME_ERROR,
        "exit failed",
    ))
}

static RECORDER_METHODS: [BuiltinDef; 2] = [
    BuiltinDef {
        name: "__enter__",
        func: this_one,
    },
    BuiltinDef {
        name: "__exit__",
        func: record_exit,
    },
];
static RECORDER_TABLE: MethodTable = MethodTable {
    owner: "Recorder",
    methods: &RECORDER_METHODS,
};
static RECORDER_SLOTS: Slots = Slots {
    methods: Some(&RECORDER_TABLE),
    getattr: None,
    repr: Some(|_| Ok(String::from("<Recorder>"))),
    ..Slots::EMPTY
};
static RECORDER: StaticType = StaticType::native("Recorder", "t", &RECORDER_SLOTS);

static FAILING_METHODS: [BuiltinDef; 2] = [
    BuiltinDef {
        name: "__enter__",
        func: fail_enter,
    },
    BuiltinDef {
        name: "__exit__",
        func: fail_exit,
    },
];
static FAILING_TABLE: MethodTable = MethodTable {
    owner: "Failing",
    methods: &FAILING_METHODS,
};
static FAILING_SLOTS: Slots = Slots {
    methods: Some(&FAILING_TABLE),
    getattr: None,
    repr: None,
    ..Slots::EMPTY
};
static FAILING: StaticType = StaticType::native("Failing", "t", &FAILING_SLOTS);

static EXIT_FAILS_METHODS: [BuiltinDef; 2] = [
    BuiltinDef {
        name: "__enter__",
        func: this_one,
    },
    BuiltinDef {
        name: "__exit__",
        func: fail_exit,
    },
];
static EXIT_FAILS_TABLE: MethodTable = MethodTable {
    owner: "Exit_Fails",
    methods: &EXIT_FAILS_METHODS,
};
static EXIT_FAILS_SLOTS: Slots = Slots {
    methods: Some(&EXIT_FAILS_TABLE),
    getattr: None,
    repr: None,
    ..Slots::EMPTY
};
static EXIT_FAILS: StaticType = StaticType::native("ExitFails", "t", &EXIT_FAILS_SLOTS);

#[test]
fn with_passes_the_exception_to_exit_and_follows_its_answer() {
    let got = run_with(
        "
with r as v:
    print('body', v)
try:
    with r:
        raise ValueError('body failed')
except ValueError as e:
    print('not suppressed:', e)
with r:
    raise KeyError('k')
print('suppressed')
with r, r as second:
    print('two managers', second)
try:
    with bad:
        print('never')
except ValueError as e:
    print('enter:', e)
try:
    with exit_fails:
        raise KeyError('in body')
except RuntimeError as e:
    print('exit:', e, '| context:', repr(e.__context__))
try:
    with exit_fails:
        pass
except RuntimeError as e:
    print('exit on success:', e, e.__context__)
with r:
    with r:
        raise KeyError('inner only')
print('nested')

def gen():
    with r:
        yield 1
        yield 2

g = gen()
next(g)
del g
print('generator dropped')
",
        |ts, g| {
            let py = ts.py();
            for (name, ty) in [
                ("r", &RECORDER),
                ("bad", &FAILING),
                ("exit_fails", &EXIT_FAILS),
            ] {
                let m = py.new_native(ty, ()).expect("instance");
                g.set_item(&py.str(name).expect("str"), &m).expect("bound");
            }
        },
    );
    assert_eq!(got.stderr, "");
    assert_eq!(
        got.stdout,
        "body <Recorder>\nnot suppressed: body failed\nsuppressed\ntwo managers <Recorder>\n\
         enter: enter failed\nexit: exit failed | context: KeyError('in body')\n\
         exit on success: exit failed None\nnested\ngenerator dropped\n"
    );
    let calls = EXIT_CALLS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    assert_eq!(
        calls,
        [
            "None | None | NoneType",
            "ValueError | ValueError('body failed') | traceback",
            "KeyError | KeyError('k') | traceback",
            "None | None | NoneType",
            "None | None | NoneType",
            "KeyError | KeyError('inner only') | traceback",
            "None | None | NoneType",
            "GeneratorExit | GeneratorExit() | traceback",
        ]
    );
}

/// A host whose eval breaker another thread trips: `CALLS_TO_DO` runs a "pending call"
/// (counted), `FIRST_FREE_BIT` stands for a forced end and raises `KeyboardInterrupt`.
struct BreakerHost {
    breaker: std::sync::Arc<subinterp_gil::EvalBreaker>,
    calls: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    out: Capture,
}

impl subinterp_vm::Host for BreakerHost {
    fn write_stdout(&mut self, text: &str) -> PyResult<()> {
        self.out.write_stdout(text)
    }

    fn write_stderr(&mut self, text: &str) -> PyResult<()> {
        self.out.write_stderr(text)
    }

    fn eval_breaker(&self) -> Option<std::sync::Arc<subinterp_gil::EvalBreaker>> {
        Some(self.breaker.clone())
    }

    fn eval_breaker_tripped<'py>(&mut self, _: Py<'py>) -> PyResult<()> {
        use subinterp_gil::EvalBreaker;
        if self.breaker.clear(EvalBreaker::CALLS_TO_DO) {
            self.calls
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        if self.breaker.clear(EvalBreaker::FIRST_FREE_BIT) {
            return Err(subinterp_object::PyErr::new(
                &subinterp_object::exc::KEYBOARD_INTERRUPT,
                "",
            ));
        }
        Ok(())
    }
}

/// Runs `source` with a [`BreakerHost`] whose breaker a second thread trips: a pending call
/// first, then (once the call ran) the forced end. Returns the output and the calls run.
fn run_tripped(source: &str) -> (Captured, usize) {
    use std::sync::atomic::Ordering;
    use subinterp_gil::EvalBreaker;
    let breaker = std::sync::Arc::new(EvalBreaker::new());
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let out = Capture::new();
    let tripper = {
        let (breaker, calls) = (breaker.clone(), calls.clone());
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            breaker.set(EvalBreaker::CALLS_TO_DO);
            while calls.load(Ordering::Relaxed) == 0 {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            breaker.set(EvalBreaker::FIRST_FREE_BIT);
        })
    };
    let objs = Objects::new(InterpId::new(0), Heap::new());
    let host = BreakerHost {
        breaker,
        calls: calls.clone(),
        out: out.clone(),
    };
    // SAFETY: this thread is the only one using `objs`.
    unsafe {
        objs.with_gil(|py| {
            let mut ts = Tstate::new(py, Box::new(host)).expect("thread state");
            let _ = ts.run_main(source, "t.py");
        })
    };
    tripper.join().expect("tripper");
    (out.captured(), calls.load(Ordering::Relaxed))
}

#[test]
fn a_tripped_eval_breaker_stops_an_endless_loop_with_the_hosts_exception() {
    let (got, calls) = run_tripped("print('start')\nwhile True:\n    pass\n");
    assert_eq!(calls, 1, "the pending call ran once");
    assert_eq!(got.stdout, "start\n");
    assert_eq!(
        got.stderr,
        "Traceback (most recent call last):\n  File \"t.py\", line 2, in <module>\n    while True:\nKeyboardInterrupt\n"
    );
}

#[test]
fn the_breaker_is_checked_in_recursion_and_in_generators() {
    // No backward jump: only calls and generator resumes reach the check.
    let (got, calls) = run_tripped(
        "import_free = 1\ndef spin(n):\n    return spin(n + 1) if n < 500 else 0\n\
         def gen():\n    while True:\n        yield spin(0)\n\
         try:\n    for _ in gen():\n        pass\nexcept KeyboardInterrupt:\n    print('interrupted')\n",
    );
    assert_eq!(calls, 1);
    assert_eq!(got.stdout, "interrupted\n");
    assert_eq!(got.stderr, "");
}

/// `exc_info()`: what `sys.exc_info()[1]` will return, from the thread state.
fn exc_info<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    _: subinterp_vm::Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    Ok(ts.exc_info().unwrap_or_else(|| ts.py().none()))
}

static EXC_INFO: subinterp_vm::BuiltinDef = subinterp_vm::BuiltinDef {
    name: "exc_info",
    func: exc_info,
};

#[test]
fn exc_info_inside_a_generator_is_its_own_else_its_callers() {
    let got = run_with(
        "
def g():
    print('start:', repr(exc_info()))
    try:
        raise KeyError('own')
    except KeyError:
        yield 1
        print('resumed:', repr(exc_info()))
    yield 2
    print('after handler:', repr(exc_info()))

it = g()
try:
    raise ValueError('caller')
except ValueError:
    next(it)
    print('caller while suspended:', repr(exc_info()))
print('caller outside:', repr(exc_info()))
next(it)
try:
    raise TypeError('second caller')
except TypeError:
    next(it, None)
",
        |ts, g| {
            let py = ts.py();
            let f = subinterp_vm::new_builtin(py, &EXC_INFO, None).expect("function");
            g.set_item(&py.str("exc_info").expect("str"), &f)
                .expect("bound");
        },
    );
    assert_eq!(got.stderr, "");
    assert_eq!(
        got.stdout,
        "start: ValueError('caller')\ncaller while suspended: ValueError('caller')\n\
         caller outside: None\nresumed: KeyError('own')\nafter handler: TypeError('second caller')\n"
    );
}

/// Interactive statements (single mode, as scenario lines and the REPL compile) print a
/// value's repr and bind it to `builtins._`; `None` does neither (CPython's displayhook).
#[test]
fn interactive_values_bind_underscore() {
    let out = Capture::new();
    let objs = Objects::new(InterpId::new(0), Heap::new());
    // SAFETY: this thread is the only one using `objs`.
    unsafe {
        objs.with_gil(|py| {
            let mut ts = Tstate::new(py, Box::new(out.clone())).expect("thread state");
            let g = ts.main_globals().expect("globals");
            for line in ["1 + 1", "_", "_ * 3", "None", "_", "import_ = _; print(_)"] {
                let code =
                    subinterp_compile::compile(line, "<stdin>", subinterp_compile::Mode::Single)
                        .expect("compiles");
                ts.exec(&code, &g).expect("runs");
            }
        })
    };
    // CPython 3.13 `python3 -i` prints the same for these lines.
    assert_eq!(out.captured().stdout, "2\n2\n6\n6\n6\n");
}

/// `again(f)` calls `f(f)` through the thread state: unbounded native recursion.
fn again<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let f = a.exactly("again", 1)?[0].clone();
    ts.call(&f, Args::positional(std::slice::from_ref(&f)))
}

static AGAIN: BuiltinDef = BuiltinDef {
    name: "again",
    func: again,
};

#[test]
fn a_native_function_calling_itself_without_end_is_a_recursion_error() {
    let got = in_tstate(|py, ts| {
        let f = subinterp_vm::new_builtin(py, &AGAIN, None).expect("function");
        ts.call(&f, Args::positional(std::slice::from_ref(&f)))
            .map(drop)
            .map_err(|e| e.to_string())
    });
    assert_eq!(
        got,
        Err(
            "RecursionError: maximum recursion depth exceeded while calling a Python object".into()
        )
    );
}

/// A module function is `<built-in function f>` with the module as `__self__`; a method of a
/// native class is bound to its instance.
#[test]
fn module_functions_and_native_methods_bind_their_self() {
    let got = run_with(
        "print(repr(m.again), m.again.__self__ is m, m.again.__name__)\n\
         with mgr as x:\n    print(type(x).__name__, repr(x.__enter__)[:37])\n",
        |ts, g| {
            let py = ts.py();
            let m = py.new_module("m").expect("module");
            static DEFS: [BuiltinDef; 1] = [BuiltinDef {
                name: "again",
                func: again,
            }];
            subinterp_vm::add_functions(&m, &DEFS).expect("added");
            g.set_item(&py.str("m").expect("str"), &m).expect("bound");
            let mgr = py.new_native(&MANAGER, ()).expect("manager");
            g.set_item(&py.str("mgr").expect("str"), &mgr)
                .expect("bound");
        },
    );
    assert_eq!(got.stderr, "");
    assert_eq!(
        got.stdout,
        "<built-in function again> True again\nManager <built-in method __enter__ of Manager\n"
    );
}
