//! [`VmState`]: what the loop keeps for one interpreter between runs.
//!
//! A [`Tstate`] lives for one run (it holds the run's GIL token), but the builtins, the
//! `Ellipsis` object, the constants made for each code object, the interned names, the
//! unbound methods of builtin types, the recursion limit and the source texts tracebacks
//! quote belong to the interpreter. They are kept here as unbound references
//! ([`ObjRef`]) and plain data: [`Tstate::attach`] takes the state for a run, binding each
//! entry to the run's token when the run first uses it, and [`Tstate::detach`] gives it back
//! with what the run added. Nothing is made again: a run of code an earlier run compiled
//! binds its constants (a reference count increment each) and allocates no object.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use subinterp_object::{AddrHasher, Obj, ObjRef, Py, PyResult};

use crate::Tstate;
use crate::consts::ConstStore;
use crate::host::Host;

/// One interpreter's loop state between runs (CPython keeps these in `PyInterpreterState`:
/// `builtins`, `ceval.recursion_limit`, the code objects' constants). `Send`, so the
/// embedding layer can keep it with the interpreter whatever thread runs next.
pub struct VmState {
    pub(crate) shared: Shared,
    pub(crate) consts: ConstStore,
    pub(crate) limit: usize,
}

/// The parts of [`VmState`] a thread state keeps unbound for its whole run.
pub(crate) struct Shared {
    /// The `builtins` module's namespace.
    pub(crate) builtins: ObjRef,
    /// The `Ellipsis` singleton.
    pub(crate) ellipsis: ObjRef,
    /// Unbound methods of builtin types, by method definition address.
    pub(crate) methods: HashMap<usize, ObjRef, BuildHasherDefault<AddrHasher>>,
    /// Source text of the programs run, by file name (the lines tracebacks quote).
    pub(crate) sources: HashMap<Arc<str>, Arc<str>>,
}

impl VmState {
    /// A state for `py`'s interpreter with its builtins made in a fresh dict.
    pub fn new(py: Py<'_>) -> PyResult<VmState> {
        VmState::with_builtins(py, &py.dict()?)
    }

    /// A state for `py`'s interpreter whose builtins are made in `namespace` (the dict of the
    /// interpreter's `builtins` module, so `import builtins` sees the same names).
    pub fn with_builtins<'py>(py: Py<'py>, namespace: &Obj<'py>) -> PyResult<VmState> {
        let ellipsis = py.new_native(&crate::tstate::ELLIPSIS, crate::tstate::EllipsisValue)?;
        let state = VmState {
            shared: Shared {
                builtins: namespace.to_ref(),
                ellipsis: ellipsis.to_ref(),
                methods: HashMap::default(),
                sources: HashMap::new(),
            },
            consts: ConstStore::default(),
            limit: crate::DEFAULT_RECURSION_LIMIT,
        };
        let mut ts = Tstate::attach(py, Box::new(NoHost), state)?;
        crate::builtins::make(&mut ts, namespace)?;
        Ok(ts.detach())
    }

    /// The namespace of the `builtins` module, bound to `py`.
    pub fn builtins<'py>(&self, py: Py<'py>) -> PyResult<Obj<'py>> {
        Ok(self.shared.builtins.bind(py)?)
    }

    /// A second state of the same interpreter (for a run that starts while another run holds
    /// this one): the same builtins, `Ellipsis` and recursion limit, empty caches.
    pub fn sibling(&self, py: Py<'_>) -> PyResult<VmState> {
        Ok(VmState {
            shared: Shared {
                builtins: self.shared.builtins.bind(py)?.unbind(),
                ellipsis: self.shared.ellipsis.bind(py)?.unbind(),
                methods: HashMap::default(),
                sources: HashMap::new(),
            },
            consts: ConstStore::default(),
            limit: self.limit,
        })
    }

    /// `sys.getrecursionlimit()` of the interpreter.
    pub fn recursion_limit(&self) -> usize {
        self.limit
    }

    /// How many code objects have their constants made in this interpreter.
    pub fn cached_code_count(&self) -> usize {
        self.consts.len()
    }

    /// Gives every reference back now, under a token of the interpreter (dropping a state
    /// instead defers the releases to the heap's owner).
    pub fn release(self, py: Py<'_>) {
        let Shared {
            builtins,
            ellipsis,
            methods,
            sources: _,
        } = self.shared;
        builtins.release(py);
        ellipsis.release(py);
        methods.into_values().for_each(|r| r.release(py));
        self.consts.release(py);
    }
}

impl std::fmt::Debug for VmState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VmState")
            .field("code_objects", &self.consts.len())
            .field("recursion_limit", &self.limit)
            .finish_non_exhaustive()
    }
}

/// The host of the run that makes the builtins: it runs no code, so it writes nothing.
struct NoHost;

impl Host for NoHost {
    fn write_stdout(&mut self, _text: &str) -> PyResult<()> {
        Ok(())
    }

    fn write_stderr(&mut self, _text: &str) -> PyResult<()> {
        Ok(())
    }
}
