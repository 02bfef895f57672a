//! The one binder of native functions (`subinterp_vm::Args`) on the runtime's and import's
//! natives: the `TypeError` texts a call with wrong arguments gets, from Python. Expected
//! output is CPython 3.13's for the same program, with `from test.support import
//! interpreters` for the `interpreters` module (PEP 734's Python-level functions, whose texts
//! are those of Python functions) and the builtin modules' own functions.

use subinterp_runtime::{InterpreterConfig, Runtime};

const PROGRAM: &str = include_str!("data/native_binding.py");
const EXPECTED: &str = include_str!("data/native_binding.out");

#[test]
fn runtime_natives_bind_with_cpythons_texts() {
    let rt = Runtime::new().unwrap();
    let i = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let source = format!("import interpreters\n{PROGRAM}");
    let out = i.exec_capture(&source);
    if let Err(e) = out.result {
        panic!("the program failed: {e}\noutput: {}", out.output);
    }
    assert_eq!(out.output, EXPECTED);
}
