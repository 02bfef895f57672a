//! The vm's side of `sys` (`subinterp_vm::sys_functions`, bound here as a test host would),
//! `print(file=..., flush=...)` to an object with `write`/`flush` methods, and
//! `from m import *` from modules a test host provides.

use std::sync::Mutex;

use subinterp_object::{InterpId, Obj, Objects, Py, PyResult, Slots, StaticType};
use subinterp_obmalloc::Heap;
use subinterp_vm::{Args, BuiltinDef, Capture, Captured, Host, Imported, MethodTable, Tstate};

/// A capture whose imports find two modules: `m` (with `__all__`) and `n` (without).
struct ModHost(Capture);

impl Host for ModHost {
    fn write_stdout(&mut self, text: &str) -> PyResult<()> {
        self.0.write_stdout(text)
    }

    fn write_stderr(&mut self, text: &str) -> PyResult<()> {
        self.0.write_stderr(text)
    }

    fn import<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Imported<'py>> {
        let m = py.new_module(name)?;
        let d = m.module_dict()?;
        let names: &[(&str, i64)] = match name {
            "m" => &[("a", 1), ("b", 2), ("c", 3), ("_p", 4)],
            "n" => &[("x", 10), ("_y", 20)],
            "bad" => &[("a", 1)],
            _ => return self.0.import(py, name),
        };
        for (k, v) in names {
            d.set_item(&py.str(k)?, &py.int(*v)?)?;
        }
        let all = match name {
            "m" => Some(py.list(&[py.str("a")?, py.str("_p")?])?),
            "bad" => Some(py.list(&[py.str("a")?, py.int(1)?])?),
            _ => None,
        };
        if let Some(all) = all {
            d.set_item(&py.str("__all__")?, &all)?;
        }
        Ok(Imported::Module(m))
    }
}

/// What the `Sink` objects were given, in order (`w:` writes, `f` flushes).
static SINK_LOG: Mutex<String> = Mutex::new(String::new());

fn sink_write<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let args = given.pos;
    let text = args.first().and_then(|a| a.as_str()).unwrap_or("?");
    let mut log = SINK_LOG.lock().unwrap_or_else(|e| e.into_inner());
    log.push_str(&format!("w:{text:?} "));
    py.int(text.len() as i64)
}

fn sink_flush<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    SINK_LOG
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push_str("f ");
    Ok(py.none())
}

static SINK_METHODS: [BuiltinDef; 2] = [
    BuiltinDef {
        name: "write",
        func: sink_write,
    },
    BuiltinDef {
        name: "flush",
        func: sink_flush,
    },
];
static SINK_TABLE: MethodTable = MethodTable {
    owner: "Sink",
    methods: &SINK_METHODS,
};
static SINK_SLOTS: Slots = Slots {
    methods: Some(&SINK_TABLE),
    getattr: None,
    repr: None,
    ..Slots::EMPTY
};
static SINK: StaticType = StaticType::native("Sink", "t", &SINK_SLOTS);

/// Runs `source` as `__main__` with `sink` (a `Sink`) and the `sys` functions bound as
/// globals (`exc_info`, `exception`, ...), and returns what it wrote.
fn run(source: &str) -> Captured {
    let objs = Objects::new(InterpId::new(0), Heap::new());
    let out = Capture::new();
    // SAFETY: this thread is the only one using `objs`.
    unsafe {
        objs.with_gil(|py| {
            let mut ts = Tstate::new(py, Box::new(ModHost(out.clone()))).expect("thread state");
            let g = ts.main_globals().expect("globals");
            for def in subinterp_vm::sys_functions() {
                let f = subinterp_vm::new_builtin(py, def, None).expect("function");
                g.set_item(&py.str(def.name).expect("name"), &f)
                    .expect("bound");
            }
            let sink = py.new_native(&SINK, ()).expect("sink");
            g.set_item(&py.str("sink").expect("name"), &sink)
                .expect("bound");
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

#[test]
fn print_to_a_file_object_writes_each_piece_then_flushes() {
    SINK_LOG.lock().unwrap_or_else(|e| e.into_inner()).clear();
    let got =
        run("print(1, 'a', sep='-', end='!', file=sink, flush=True)\nprint('x', file=None)\n");
    assert_eq!(got.stdout, "x\n");
    assert_eq!(got.stderr, "");
    // CPython's order: item, separator, item, end; then the flush.
    assert_eq!(
        *SINK_LOG.lock().unwrap_or_else(|e| e.into_inner()),
        r#"w:"1" w:"-" w:"a" w:"!" f "#
    );
    let got = run("print('no write', file=5)\n");
    assert!(
        got.stderr
            .ends_with("AttributeError: 'int' object has no attribute 'write'\n"),
        "{}",
        got.stderr
    );
}

#[test]
fn sys_functions_see_the_thread_state() {
    let got = run("
print(exc_info(), exception())
try:
    1 / 0
except ZeroDivisionError as e:
    t, v, tb = exc_info()
    print(t, v, v is e, type(tb).__name__, exception() is e)
    try:
        raise KeyError('k')
    except KeyError:
        print(exc_info()[0], exception())
    print(exc_info()[0])
print(exc_info(), exception())
print(getrecursionlimit())
setrecursionlimit(50)
print(getrecursionlimit())
def down(n):
    return 0 if n == 0 else 1 + down(n - 1)
try:
    down(100)
except RecursionError as e:
    print('RecursionError', e)
for bad in ['a', 0, 2 ** 40, 1.5]:
    try:
        setrecursionlimit(bad)
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__, e)
try:
    exc_info(1)
except TypeError as e:
    print(e)
");
    assert_eq!(got.stderr, "");
    assert_eq!(
        got.stdout,
        "(None, None, None) None
<class 'ZeroDivisionError'> division by zero True traceback True
<class 'KeyError'> 'k'
<class 'ZeroDivisionError'>
(None, None, None) None
1000
50
RecursionError maximum recursion depth exceeded
TypeError 'str' object cannot be interpreted as an integer
ValueError recursion limit must be greater or equal than 1
OverflowError Python int too large to convert to C int
TypeError 'float' object cannot be interpreted as an integer
sys.exc_info() takes no arguments (1 given)
"
    );
}

#[test]
fn import_star_takes_all_or_the_public_names() {
    let got = run("
from m import *
print(a, _p, 'b' in globals(), 'c' in globals())
from n import *
print(x, '_y' in globals())
try:
    from bad import *
except TypeError as e:
    print(e)
");
    assert_eq!(got.stderr, "");
    assert_eq!(
        got.stdout,
        "1 4 False False\n10 False\nItem in bad.__all__ must be str, not int\n"
    );
}

#[test]
fn the_int_digit_limit_is_the_interpreters_setting() {
    let got = run("
print(get_int_max_str_digits())
for v in [100, -1, 'a', 0, 640, 2 ** 70]:
    try:
        set_int_max_str_digits(v)
        print('ok', get_int_max_str_digits())
    except (ValueError, TypeError, OverflowError) as e:
        print(type(e).__name__, e)
set_int_max_str_digits(0)
print(len(str(10 ** 5000)), len(f'{10 ** 5000:,}'), int('7' * 5000) % 10)
set_int_max_str_digits(700)
for f in [lambda: str(10 ** 800), lambda: int('1' * 701), lambda: '%d' % 10 ** 800]:
    try:
        f()
    except ValueError as e:
        print(e)
print(len(str(10 ** 699)))
");
    assert_eq!(got.stderr, "");
    assert_eq!(
        got.stdout,
        "4300
ValueError maxdigits must be 0 or larger than 640
ValueError maxdigits must be 0 or larger than 640
TypeError 'str' object cannot be interpreted as an integer
ok 0
ok 640
OverflowError Python int too large to convert to C int
5001 6667 7
Exceeds the limit (700 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit
Exceeds the limit (700 digits) for integer string conversion: value has 701 digits; use sys.set_int_max_str_digits() to increase the limit
Exceeds the limit (700 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit
700
"
    );
}
