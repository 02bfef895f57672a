//! The eval loop's `sys` functions from Python (issue 15): `sys.exc_info()`,
//! `sys.exception()`, `sys.getrecursionlimit()` and `sys.setrecursionlimit()` in every
//! interpreter's `sys`, run through `Interpreter::exec`. Expected outputs are CPython 3.13's
//! (`_interpreters.exec` of the same sources).

use subinterp_runtime::{Interpreter, InterpreterConfig, Runtime};

/// Sets the limit to 50 and recurses until `RecursionError`, recording the deepest level.
const LIMIT_50: &str = "\
import sys
print(sys.getrecursionlimit())
sys.setrecursionlimit(50)
print(sys.getrecursionlimit())
depth = 0
def f(n):
    global depth
    depth = n
    return f(n + 1)
try:
    f(1)
except RecursionError as e:
    print(type(e).__name__, e, depth)
";

const READ_LIMIT: &str = "import sys\nprint(sys.getrecursionlimit())\n";

/// Runs `source` in `i`, asserting it ran to the end, and returns what it printed.
fn run(i: &Interpreter, source: &str) -> String {
    let out = i.exec_capture(source);
    if let Err(e) = out.result {
        panic!("{source:?} failed: {e}\noutput: {}", out.output);
    }
    out.output
}

#[test]
fn setrecursionlimit_bounds_recursion_per_interpreter_and_is_kept_between_runs() {
    let rt = Runtime::new().unwrap();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    assert_eq!(
        run(&a, LIMIT_50),
        "1000\n50\nRecursionError maximum recursion depth exceeded 49\n"
    );
    assert_eq!(run(&a, READ_LIMIT), "50\n");
    let b = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    assert_eq!(run(&b, READ_LIMIT), "1000\n");
    // Back to a deep limit: the same recursion goes past 50.
    assert_eq!(
        run(
            &a,
            "sys.setrecursionlimit(200)\ntry:\n    f(1)\nexcept RecursionError:\n    print(depth)\n"
        ),
        "199\n"
    );
}

#[test]
fn exc_info_and_exception_see_the_handled_exception() {
    let rt = Runtime::new().unwrap();
    let i = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let got = run(
        &i,
        "\
import sys
print(sys.exc_info(), sys.exception())
try:
    1 / 0
except ZeroDivisionError:
    t, v, tb = sys.exc_info()
    print(t.__name__, v, type(tb).__name__, sys.exception() is v)
print(sys.exc_info(), sys.exception())
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print(e)
try:
    sys.getrecursionlimit(1)
except TypeError as e:
    print(e)
",
    );
    assert_eq!(
        got,
        "(None, None, None) None\n\
         ZeroDivisionError division by zero traceback True\n\
         (None, None, None) None\n\
         recursion limit must be greater or equal than 1\n\
         sys.getrecursionlimit() takes no arguments (1 given)\n"
    );
}
