//! [`Host`]: what the evaluator needs from the interpreter it runs in.
//!
//! The evaluator knows the object model only. Importing, reloading, where printed text goes,
//! and the two namespaces (`__main__` and builtins) belong to the interpreter, which the
//! runtime implements; this trait is the whole of that contract, so this crate never names
//! the runtime or the import machinery.

use subinterp_object::{Obj, Py, PyResult};

use crate::builtins::Builtins;

/// The interpreter a program runs in, as the evaluator sees it.
///
/// Every method is called with the token of the interpreter the program runs in, on the
/// thread that holds its GIL. The evaluator calls them in the program's order and never
/// caches what they return beyond one [`exec`](crate::exec) call.
///
/// # What the runtime implements
///
/// | method | CPython | the runtime's implementation |
/// |---|---|---|
/// | [`import`](Host::import) | `importlib.import_module(name)` | the import crate's `ImportCx::import` |
/// | [`reload`](Host::reload) | `importlib.reload(module)` | `ImportCx::reload` |
/// | [`main_dict`](Host::main_dict) | `__main__.__dict__` | binds the `ObjRef` kept in interpreter state |
/// | [`builtins`](Host::builtins) | the `builtins` module | a [`Builtins`] made once per interpreter |
/// | [`write_stdout`](Host::write_stdout) | `sys.stdout.write(text)` | the interpreter's output sink (a scenario transcript, or the process's stdout) |
pub trait Host {
    /// Imports module `name` (a dotted name such as `a.b`), its parents first, and returns
    /// the module `sys.modules[name]`: the leaf, as `importlib.import_module` does.
    ///
    /// `import a.b` binds `a`: the evaluator gets it by calling `import("a")` after
    /// `import("a.b")` succeeded, so for a module already in `sys.modules` this must be a
    /// lookup that returns the entry (what CPython's `__import__` returns for the top-level
    /// package). Errors are CPython's (`ModuleNotFoundError: No module named 'x'`, the
    /// loaders' `ImportError`s).
    fn import<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Obj<'py>>;

    /// `importlib.reload(module)`: executes the module again in place and returns
    /// `sys.modules[module.__name__]`. `module` is always a module object (the `reload`
    /// builtin checks that first, with CPython's `TypeError`).
    fn reload<'py>(&mut self, py: Py<'py>, module: &Obj<'py>) -> PyResult<Obj<'py>>;

    /// The `__main__` module's namespace (a dict): where names are bound and looked up first.
    fn main_dict<'py>(&self, py: Py<'py>) -> PyResult<Obj<'py>>;

    /// The interpreter's builtins, made once with [`Builtins::new`]: names not found in
    /// `__main__` are looked up in its module, and its `print` and `reload` reach this host.
    fn builtins(&self) -> &Builtins;

    /// Writes `text` to the interpreter's standard output (`sys.stdout.write`). `print` and
    /// the echo of a bare expression call it once per call or statement, line break
    /// included. An error (CPython raises `OSError` when the stream fails) stops the program
    /// like any exception.
    fn write_stdout(&mut self, text: &str) -> PyResult<()>;
}
