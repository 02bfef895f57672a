//! The loop's rules that the conformance programs cannot show alone: the recursion limit on
//! small native stacks and through native re-entry, the constant cache, generators that
//! outlive their thread state, `with` on a native class, and the `SystemError` of operations
//! not run yet.

use subinterp_object::{InterpId, MethodDef, Obj, Objects, Py, PyResult, Slots, StaticType};
use subinterp_obmalloc::Heap;
use subinterp_vm::{Capture, Captured, Tstate};

/// Runs `source` as `__main__` in a fresh interpreter, with `setup` applied to the thread
/// state and globals first, and returns what it wrote.
fn run_with(source: &str, setup: impl for<'py> FnOnce(&mut Tstate<'py>, &Obj<'py>)) -> Captured {
    let objs = Objects::new(InterpId(0), Heap::new());
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
    let objs = Objects::new(InterpId(0), Heap::new());
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
    let objs = Objects::new(InterpId(0), Heap::new());
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
    py: Py<'py>,
    slf: Option<&Obj<'py>>,
    _: &[Obj<'py>],
    _: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    let _ = py;
    Ok(slf.cloned().unwrap_or_else(|| py.none()))
}

fn exit<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    _: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    // Suppresses KeyError only, as a context manager may.
    let suppress = args
        .first()
        .is_some_and(|t| t.is(&subinterp_object::exc::KEY_ERROR.get(py)));
    Ok(py.bool(suppress))
}

static MANAGER_METHODS: [MethodDef; 2] = [
    MethodDef {
        name: "__enter__",
        func: enter,
        doc: "",
    },
    MethodDef {
        name: "__exit__",
        func: exit,
        doc: "",
    },
];
static MANAGER_SLOTS: Slots = Slots {
    methods: &MANAGER_METHODS,
    getattr: None,
    repr: None,
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
        ("class A:\n    pass\n", "LOAD_BUILD_CLASS"),
        (
            "try:\n    raise ValueError\nexcept* ValueError:\n    pass\n",
            "CHECK_EG_MATCH",
        ),
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
