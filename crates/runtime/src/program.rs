//! Running a program as `__main__` (`python3 FILE [ARGS...]`, `python3 -c CODE`): the
//! interpreter's `sys.argv` and `sys.path[0]` set, the program compiled with its file name and
//! run in `__main__`, output on the process's streams, and the exit status CPython's
//! `Py_RunMain` gives: 0, 1 after an uncaught exception (its traceback on stderr), or what
//! `SystemExit` says.

use subinterp_compile::Mode;
use subinterp_object::{Obj, Py, PyErr, PyResult};
use subinterp_vm::{Host, Tstate};

use crate::Interpreter;
use crate::exec::ExecError;
use crate::host::{RtHost, enter_main, main_module, put_vm};

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
        self.run(|py| run_in(py, self, program).map_err(ExecError::invalid))?
    }
}

fn run_in(py: Py<'_>, interp: &Interpreter, program: &Program<'_>) -> PyResult<i32> {
    let sys = crate::import(py, "sys")?;
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
    let code = match subinterp_compile::compile_cached(program.source, program.filename, Mode::Exec)
    {
        Ok(code) => code,
        Err(e) => {
            RtHost::of(interp).write_stderr(&subinterp_vm::format_syntax_error(&e))?;
            return Ok(1);
        }
    };
    let (globals, vm) = enter_main(py, interp)?;
    let mut ts = Tstate::attach(py, Box::new(RtHost::of(interp)), vm)?;
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
