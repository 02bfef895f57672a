//! The evaluator: runs a [`Program`] over the object model, in an interpreter reached through
//! a [`Host`].
//!
//! A tree walk, statement by statement, in Python's evaluation order (`stmt.rs` for
//! statements, `expr.rs` for expressions). Names live in `__main__`'s dict
//! ([`Host::main_dict`]) and fall back to the builtins module ([`Host::builtins`]). The first
//! exception stops the program and is returned; what ran before it stays done (bindings,
//! imports, printed text), as in CPython.
//!
//! Nothing is cached between calls and nothing is allocated per call beyond what the program
//! itself makes (each name lookup or binding makes its key `str`): the builtins module is made
//! once per interpreter, and the tree is the parser's, reused as is (see
//! [`ParseCache`](crate::ParseCache) for skipping the parse of a repeated source).

mod expr;
mod stmt;

use subinterp_object::{Obj, Py, PyErr, PyResult, exc};

use crate::ast::Program;
use crate::error::{ErrorType, SyntaxError};
use crate::host::Host;

/// Runs `program` in the interpreter `host` stands for.
///
/// Statements run in order; a bare expression statement writes the `repr` of a value that is
/// not `None`, and a line break, to [`Host::write_stdout`] (as the interactive prompt does).
/// The first exception stops the rest and is returned; the caller prints it as
/// `Type: message` (`PyErr`'s `Display`).
///
/// ```
/// # use subinterp_object::{InterpId, Obj, ObjRef, Objects, Py, PyErr, PyResult, exc};
/// # use subinterp_obmalloc::Heap;
/// # use subinterp_script::{Builtins, Host, exec_source};
/// struct Interp { main: ObjRef, builtins: Builtins, out: String }
///
/// impl Host for Interp {
///     fn import<'py>(&mut self, _: Py<'py>, name: &str) -> PyResult<Obj<'py>> {
///         Err(PyErr::new(&exc::MODULE_NOT_FOUND_ERROR, format!("No module named '{name}'")))
///     }
///     fn reload<'py>(&mut self, _: Py<'py>, m: &Obj<'py>) -> PyResult<Obj<'py>> {
///         Ok(m.clone())
///     }
///     fn main_dict<'py>(&self, py: Py<'py>) -> PyResult<Obj<'py>> {
///         Ok(self.main.bind(py)?)
///     }
///     fn builtins(&self) -> &Builtins {
///         &self.builtins
///     }
///     fn write_stdout(&mut self, text: &str) -> PyResult<()> {
///         self.out.push_str(text);
///         Ok(())
///     }
/// }
///
/// let objs = Objects::new(InterpId(0), Heap::new());
/// // SAFETY: this thread is the only one using `objs`.
/// let out = unsafe {
///     objs.with_gil(|py| -> PyResult<String> {
///         let mut host = Interp { main: py.dict()?.unbind(), builtins: Builtins::new(py)?, out: String::new() };
///         exec_source(py, &mut host, "x = [1, 'a']; x; print(len(x), x[1] < 'b' < 'c')")?;
///         let err = exec_source(py, &mut host, "import nothing").unwrap_err();
///         host.out.push_str(&format!("{err}\n"));
///         host.main.bind(py)?.dict_clear()?;
///         host.builtins.release(py)?;
///         Ok(host.out)
///     })
/// };
/// assert_eq!(out.unwrap(), "[1, 'a']\n2 True\nModuleNotFoundError: No module named 'nothing'\n");
/// ```
pub fn exec(py: Py<'_>, host: &mut dyn Host, program: &Program) -> PyResult<()> {
    let globals = host.main_dict(py)?;
    let mut ev = Eval {
        py,
        host,
        globals,
        builtins: None,
    };
    for s in &program.body {
        ev.stmt(s)?;
    }
    Ok(())
}

/// Parses `source` and runs it with [`exec`]. A syntax error is raised as the `SyntaxError`
/// (or `IndentationError`, or the parser's `MemoryError`) it is, with its message, before
/// anything runs.
pub fn exec_source(py: Py<'_>, host: &mut dyn Host, source: &str) -> PyResult<()> {
    let program = crate::parse(source)?;
    exec(py, host, &program)
}

/// A syntax error as the exception CPython raises for it: same type, `str()` the message
/// (CPython appends ` (<string>, line N)` to `str()`; the transcripts print the bare message,
/// and the position stays available on the [`SyntaxError`]).
impl From<SyntaxError> for PyErr {
    fn from(e: SyntaxError) -> PyErr {
        let ty = match e.exc_type {
            ErrorType::SyntaxError => &exc::SYNTAX_ERROR,
            ErrorType::IndentationError => &exc::INDENTATION_ERROR,
            ErrorType::MemoryError => &exc::MEMORY_ERROR,
        };
        PyErr::new(ty, e.msg)
    }
}

/// One [`exec`] call's state.
struct Eval<'a, 'py> {
    py: Py<'py>,
    host: &'a mut dyn Host,
    /// `__main__.__dict__`.
    globals: Obj<'py>,
    /// The builtins module's dict, bound at the first name `__main__` lacks.
    builtins: Option<Obj<'py>>,
}

impl<'py> Eval<'_, 'py> {
    /// `name`: `__main__`, then builtins, else `NameError`.
    ///
    /// The builtin exception classes (`ValueError`, ...) are found last, without an entry in
    /// the builtins dict: they are immortal statics shared by every interpreter, and 44 more
    /// entries would triple the cost of making each interpreter's builtins.
    fn load_name(&mut self, name: &str) -> PyResult<Obj<'py>> {
        let key = self.py.str(name)?;
        if let Some(v) = self.globals.dict_get(&key)? {
            return Ok(v);
        }
        if let Some(v) = self.builtins_dict()?.dict_get(&key)? {
            return Ok(v);
        }
        match exc::by_name(name) {
            Some(ty) => Ok(ty.get(self.py)),
            None => Err(name_error(name)),
        }
    }

    fn builtins_dict(&mut self) -> PyResult<&Obj<'py>> {
        if self.builtins.is_none() {
            let d = self.host.builtins().module(self.py)?.module_dict()?;
            self.builtins = Some(d);
        }
        // Set just above.
        self.builtins
            .as_ref()
            .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "no builtins"))
    }

    /// `name = value` in `__main__`.
    fn store_name(&mut self, name: &str, value: &Obj<'py>) -> PyResult<()> {
        self.globals.set_item(&self.py.str(name)?, value)
    }

    /// `del name` in `__main__`.
    fn delete_name(&mut self, name: &str) -> PyResult<()> {
        match self.globals.del_item(&self.py.str(name)?) {
            Err(e) if e.is(&exc::KEY_ERROR) => Err(name_error(name)),
            res => res,
        }
    }
}

#[cold]
fn name_error(name: &str) -> PyErr {
    PyErr::new(&exc::NAME_ERROR, format!("name '{name}' is not defined"))
}
