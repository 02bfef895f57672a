//! [`ModuleDef`] (CPython's `PyModuleDef`), its slots, per-module state specs, and what an
//! extension's init function (`PyInit_<name>`) returns.

use std::any::Any;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use subinterp_object::{Obj, Py, PyResult};
use subinterp_vm::BuiltinDef;

use crate::spec::Spec;

/// An extension's init function (`PyInit_<name>`), run with a token of the interpreter that
/// runs it (main on a first load, see the crate docs). It returns a module (single-phase init)
/// or a definition (multi-phase init): as in CPython, which kind a module is gets decided only
/// after it ran.
pub type InitFn = for<'py> fn(Py<'py>) -> PyResult<Init<'py>>;

/// What an [`InitFn`] returns.
pub enum Init<'py> {
    /// Single-phase init: the module it created with [`create_module`](crate::create_module).
    Module(Obj<'py>),
    /// Multi-phase init: the definition; the importing interpreter creates and executes the
    /// module from it.
    Def(&'static ModuleDef),
}

impl fmt::Debug for Init<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Init::Module(m) => write!(f, "Init::Module({m:?})"),
            Init::Def(d) => write!(f, "Init::Def({:?})", d.name),
        }
    }
}

/// `Py_mod_create`: makes the module object from the spec (CPython's `create(spec, def)`).
pub type CreateFn = for<'py> fn(Py<'py>, &Spec, &'static ModuleDef) -> PyResult<Obj<'py>>;

/// `Py_mod_exec`: fills a created module.
pub type ExecFn = for<'py> fn(&Obj<'py>) -> PyResult<()>;

/// The value of a `Py_mod_multiple_interpreters` slot (`Include/moduleobject.h`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MultiInterp {
    /// `Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED` (0): main, or a sub-interpreter without the
    /// extension check, only.
    NotSupported,
    /// `Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED` (1), also what a missing slot means: any
    /// interpreter sharing a GIL.
    Supported,
    /// `Py_MOD_PER_INTERPRETER_GIL_SUPPORTED` (2): any interpreter.
    PerInterpreterGilSupported,
}

impl MultiInterp {
    /// CPython's `(void*)` value.
    pub fn raw(self) -> usize {
        match self {
            MultiInterp::NotSupported => 0,
            MultiInterp::Supported => 1,
            MultiInterp::PerInterpreterGilSupported => 2,
        }
    }
}

/// One entry of a multi-phase definition's slot array (`PyModuleDef_Slot`). Several `Exec`
/// slots run in order; a second `Create` or `MultipleInterpreters` slot is a `SystemError`
/// when the module is created. CPython's unknown slot ids and its `Py_mod_gil` slot (which
/// matters only on free-threaded builds) have no counterpart.
#[derive(Clone, Copy)]
pub enum Slot {
    /// `Py_mod_create` (id 1).
    Create(CreateFn),
    /// `Py_mod_exec` (id 2).
    Exec(ExecFn),
    /// `Py_mod_multiple_interpreters` (id 3).
    MultipleInterpreters(MultiInterp),
}

impl fmt::Debug for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Slot::Create(_) => f.write_str("Slot::Create"),
            Slot::Exec(_) => f.write_str("Slot::Exec"),
            Slot::MultipleInterpreters(v) => write!(f, "Slot::MultipleInterpreters({v:?})"),
        }
    }
}

/// Per-module state of a definition with `m_size > 0`: the Rust type stands for CPython's
/// `m_size` bytes. Implemented by [`StateOf`].
pub trait StateSpec: Sync {
    /// `m_size`: the state's size in bytes (at least 1).
    fn size(&self) -> usize;
    /// Gives `module` a fresh state (CPython zero-fills `m_size` bytes).
    fn init(&self, module: &Obj<'_>) -> PyResult<()>;
    /// Whether `module` already has its state (`md_state != NULL`).
    fn is_set(&self, module: &Obj<'_>) -> bool;
}

/// The [`StateSpec`] of a module whose state is a `T`, created with `T::default()`:
/// `size: Size::State(&StateOf::<MyState>::NEW)`.
pub struct StateOf<T>(PhantomData<fn() -> T>);

impl<T> StateOf<T> {
    /// The spec value.
    pub const NEW: StateOf<T> = StateOf(PhantomData);
}

impl<T: Default + Any + Send> StateSpec for StateOf<T> {
    fn size(&self) -> usize {
        std::mem::size_of::<T>().max(1)
    }

    fn init(&self, module: &Obj<'_>) -> PyResult<()> {
        module.init_module_state(T::default())
    }

    fn is_set(&self, module: &Obj<'_>) -> bool {
        module.module_state::<T>().is_some()
    }
}

/// `m_size`: whether and how a module has per-module state.
#[derive(Clone, Copy)]
pub enum Size {
    /// `-1`: no state, cannot be initialised twice. Single-phase only; a single-phase module
    /// of this kind is loaded again from the cached copy of its dict.
    Legacy,
    /// `0`: no state, may be initialised again (the init function runs on every load).
    Zero,
    /// `> 0`: per-module state, created when the module is.
    State(&'static dyn StateSpec),
}

impl Size {
    /// CPython's `m_size` value.
    pub fn m_size(&self) -> isize {
        match self {
            Size::Legacy => -1,
            Size::Zero => 0,
            Size::State(s) => isize::try_from(s.size()).unwrap_or(isize::MAX),
        }
    }
}

impl fmt::Debug for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Size({})", self.m_size())
    }
}

/// A module definition (`PyModuleDef`).
///
/// Definitions are `static` items shared by every interpreter of every runtime in the
/// process, and never written: unlike CPython's `m_base` (`m_init`, `m_index`, `m_copy`),
/// everything an import learns about a definition lives in the runtime's extension cache and
/// module-index table (reference §8, "keep everything in the cache value ... never in the def").
pub struct ModuleDef {
    /// `m_name`: the module's `__name__` unless a package context gives the full dotted name.
    pub name: &'static str,
    /// `m_doc`.
    pub doc: Option<&'static str>,
    /// `m_methods`: module-level functions, bound to the module.
    pub methods: &'static [BuiltinDef],
    /// `m_size`.
    pub size: Size,
    /// `m_slots`: `None` for a single-phase definition (used with
    /// [`create_module`](crate::create_module)); `Some` (possibly empty) for multi-phase.
    pub slots: Option<&'static [Slot]>,
}

impl ModuleDef {
    /// The identity of this definition (its address), as the index table keys it.
    pub(crate) fn key(&'static self) -> usize {
        self as *const ModuleDef as usize
    }

    /// Whether this is a multi-phase definition (`m_slots != NULL`).
    pub fn is_multi_phase(&self) -> bool {
        self.slots.is_some()
    }
}

impl fmt::Debug for ModuleDef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ModuleDef")
            .field("name", &self.name)
            .field("size", &self.size)
            .field("slots", &self.slots)
            .finish_non_exhaustive()
    }
}

/// The link a module keeps to its definition (`md_def`), stored through the object crate's
/// opaque [`ModuleDefRef`](subinterp_object::ModuleDefRef).
struct DefLink(&'static ModuleDef);

/// Records `def` as the definition `module` was made from.
pub(crate) fn set_def(module: &Obj<'_>, def: &'static ModuleDef) -> PyResult<()> {
    module.set_module_def(Some(Arc::new(DefLink(def))))
}

/// `PyModule_GetDef(module)`: the definition a module was made from, `None` for a module that
/// has none (a plain module, or a single-phase module rebuilt from the cached copy of its dict,
/// reference §4.3 and scenario 62). Errors when `module` is not a module.
pub fn module_def(module: &Obj<'_>) -> PyResult<Option<&'static ModuleDef>> {
    Ok(module
        .module_def()?
        .and_then(|d| d.downcast_ref::<DefLink>().map(|l| l.0)))
}
