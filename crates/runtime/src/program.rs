//! Running a program as `__main__` (`python3 FILE [ARGS...]`, `python3 -c CODE`): the
//! interpreter's `sys.argv` and `sys.path[0]` set, the program compiled with its file name and
//! run in `__main__`, output on the process's streams, and the exit status CPython's
//! `Py_RunMain` gives: 0, 1 after an uncaught exception (its traceback on stderr), or what
//! `SystemExit` says.

use std::io::Write;
use std::sync::Arc;

use subinterp_compile::{Code, Mode};
use subinterp_object::{Obj, PyErr, PyResult};
use subinterp_vm::{Host, Tstate};

use crate::exec::{ExecError, failed};
use crate::host::{RtHost, enter_main, exc_snapshot, main_module, put_vm, sink, syntax_snapshot};
use crate::{Interpreter, Run};

/// A program to run as `__main__`.
#[derive(Clone, Debug)]
pub struct Program<'a> {
    /// The source (UTF-8 text; anything else is CPython's `SyntaxError`).
    pub source: &'a [u8],
    /// The file name code objects and tracebacks carry (the script's absolute path, or
    /// `<string>` for `-c`).
    pub filename: &'a str,
    /// `sys.argv` (`[FILE, ARGS...]`, or `['-c', ARGS...]`).
    pub argv: &'a [String],
    /// `sys.path[0]`: the script's folder, `''` for `-c`.
    pub path0: &'a str,
    /// `__main__.__file__`, when the program is a file.
    pub file: Option<&'a str>,
}

impl Interpreter {
    /// Runs `program` in this interpreter's `__main__`, as `python3` runs a script, and
    /// returns the exit status: 0 when it ran to the end; 1 after an uncaught exception,
    /// whose traceback (CPython 3.13's text, without the caret lines) is written to the
    /// process's standard error, as is a syntax error's display; for `SystemExit`, its code
    /// (`None` is 0, an int is itself, anything else is printed to standard error and is 1).
    /// Output goes to the process's standard output.
    ///
    /// Refused like [`run`](Self::run) ("interpreter already running", ...).
    pub fn run_program(&self, program: &Program<'_>) -> Result<i32, ExecError> {
        self.run(|cx| run_in(cx, program).map_err(ExecError::invalid))?
    }

    /// As [`run_program`](Self::run_program), but what the program prints goes to `out` (as
    /// [`exec_to`](Self::exec_to)), and an uncaught exception (a syntax error included) comes
    /// back as [`ExecError::Failed`] with its snapshot and traceback text instead of being
    /// written to standard error. `Ok` holds the exit status: 0 when the program ran to the
    /// end, else what `SystemExit` asks (its text, if not an int, still goes to standard
    /// error, as CPython prints it). A benchmark harness runs programs this way and compares
    /// their output.
    ///
    /// ```
    /// use subinterp_runtime::{InterpreterConfig, Program, Runtime};
    ///
    /// let rt = Runtime::new()?;
    /// let sub = rt.new_interpreter(InterpreterConfig::isolated())?;
    /// let argv = ["prog.py".to_owned(), "3".to_owned()];
    /// let program = Program {
    ///     source: b"import sys\nprint(int(sys.argv[1]) * 2)\n1 / 0\n",
    ///     filename: "prog.py",
    ///     argv: &argv,
    ///     path0: "",
    ///     file: None,
    /// };
    /// let mut out = Vec::new();
    /// let err = sub.run_program_to(&program, &mut out).unwrap_err();
    /// assert_eq!(out, b"6\n");
    /// assert_eq!(err.transcript_line(), "ZeroDivisionError: division by zero");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_program_to(
        &self,
        program: &Program<'_>,
        out: &mut dyn Write,
    ) -> Result<i32, ExecError> {
        self.run(|cx| {
            let _sink = sink::push(out);
            let code = match prepare(cx, program).map_err(ExecError::invalid)? {
                Ok(code) => code,
                Err(e) => return Err(failed(syntax_snapshot(&e))),
            };
            let (py, core) = (cx.py(), cx.core());
            let (globals, vm) = enter_main(py, self).map_err(ExecError::invalid)?;
            let mut ts =
                Tstate::attach(py, Box::new(RtHost::new(core)), vm).map_err(ExecError::invalid)?;
            let status = match ts.exec(&code, &globals) {
                Ok(_) => Ok(0),
                Err(e) if e.type_name() == "SystemExit" => {
                    exit_status(&mut ts, &e).map_err(ExecError::invalid)
                }
                Err(e) => Err(failed(exc_snapshot(&mut ts, &e))),
            };
            put_vm(py, self, ts.detach());
            status
        })?
    }
}

/// Sets `sys.argv`, `sys.path` and `__main__.__file__` for `program` and compiles it (the
/// inner error is the program's syntax error).
fn prepare(
    cx: &mut Run<'_>,
    program: &Program<'_>,
) -> PyResult<Result<Arc<Code>, subinterp_compile::CompileError>> {
    let (py, interp) = (cx.py(), cx.interpreter());
    let sys = crate::import(cx, "sys")?;
    let argv: Vec<Obj<'_>> = program
        .argv
        .iter()
        .map(|a| py.str(a))
        .collect::<PyResult<_>>()?;
    sys.setattr("argv", &py.list(&argv)?)?;
    sys.setattr("path", &py.list(&[py.str(program.path0)?])?)?;
    // Sub-interpreters the program makes start with the same path (CPython 3.13 copies main's
    // path configuration, `sys.path[0]` included).
    interp
        .rt
        .imports
        .set_initial_sys_path(vec![program.path0.to_owned()]);
    if let Some(file) = program.file {
        main_module(py, interp)?.setattr("__file__", &py.str(file)?)?;
    }
    Ok(subinterp_compile::compile_cached(
        program.source,
        program.filename,
        Mode::Exec,
    ))
}

fn run_in(cx: &mut Run<'_>, program: &Program<'_>) -> PyResult<i32> {
    let code = match prepare(cx, program)? {
        Ok(code) => code,
        Err(e) => {
            RtHost::new(cx.core()).write_stderr(&subinterp_vm::format_syntax_error(&e))?;
            return Ok(1);
        }
    };
    let (py, core, interp) = (cx.py(), cx.core(), cx.interpreter());
    let (globals, vm) = enter_main(py, interp)?;
    let mut ts = Tstate::attach(py, Box::new(RtHost::new(core)), vm)?;
    let status = match ts.exec(&code, &globals) {
        Ok(_) => Ok(0),
        Err(e) if e.type_name() == "SystemExit" => exit_status(&mut ts, &e),
        Err(e) => subinterp_vm::format_exception(&mut ts, &e)
            .and_then(|text| ts.host().write_stderr(&text))
            .map(|()| 1),
    };
    put_vm(py, interp, ts.detach());
    status
}

/// The exit status `SystemExit` `e` asks for (CPython's `_Py_HandleSystemExit`).
fn exit_status(ts: &mut Tstate<'_>, e: &PyErr) -> PyResult<i32> {
    let value = e.value(ts.py())?;
    let args = value.getattr("args")?.tuple_items().unwrap_or_default();
    let code = match args.as_slice() {
        [] => return Ok(0),
        [one] => one.clone(),
        _ => value.getattr("args")?,
    };
    if code.is_none() {
        return Ok(0);
    }
    if let Some(n) = code.as_i64() {
        // The status the process can report: CPython passes the C int on, and the OS keeps
        // its low byte.
        return Ok(n as i32);
    }
    let text = code.str()?;
    ts.host().write_stderr(&format!("{text}\n"))?;
    Ok(1)
}
