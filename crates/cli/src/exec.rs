//! Statements and shared values for the scenario runner: `INTERP> STATEMENTS` through
//! [`Interpreter::exec_interactive_to`] (CPython's interactive mode: an expression
//! statement prints its value; the transcript is the interpreter's stdout), and
//! `share NAME with INTERP [as VAR]` through [`Runtime::share`](subinterp_runtime::Runtime::share).

use subinterp_runtime::Interpreter;
use subinterp_xi::Queue;

/// Runs `source` in `i`, appending what it prints to `out`; an uncaught exception comes back
/// as its transcript line (`Type: message`), after the output that preceded it.
pub(crate) fn exec_to(i: &Interpreter, source: &str, out: &mut String) -> Result<(), String> {
    let mut buf = Vec::new();
    let res = i.exec_interactive_to(source, &mut buf);
    out.push_str(&String::from_utf8_lossy(&buf));
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    res.map_err(|e| e.transcript_line())
}

/// Binds a handle on `q` as `var` in `i`'s `__main__`.
pub(crate) fn share_queue(i: &Interpreter, q: &Queue, var: &str) -> Result<(), String> {
    i.runtime()
        .share(var, q.clone(), i)
        .map_err(|e| e.transcript_line())
}
