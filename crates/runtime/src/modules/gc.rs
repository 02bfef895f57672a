//! The `gc` and `weakref` modules: definitions whose exec slot fills the module with the vm's
//! functions ([`subinterp_vm::fill_gc_module`], [`subinterp_vm::fill_weakref_module`]), which
//! need the thread state a collection runs weak reference callbacks with.

use subinterp_import::{ModuleDef, MultiInterp, Size, Slot};
use subinterp_object::{Obj, Py, PyResult};

fn exec_gc(m: &Obj<'_>) -> PyResult<()> {
    subinterp_vm::fill_gc_module(m)
}

fn exec_weakref(m: &Obj<'_>) -> PyResult<()> {
    subinterp_vm::fill_weakref_module(m)
}

static GC_SLOTS: [Slot; 2] = [
    Slot::Exec(exec_gc),
    Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
];

static WEAKREF_SLOTS: [Slot; 2] = [
    Slot::Exec(exec_weakref),
    Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
];

/// The definition of `gc`.
pub(crate) static GC_DEF: ModuleDef = ModuleDef {
    name: "gc",
    doc: Some("This module provides access to the garbage collector for reference cycles."),
    methods: &[],
    size: Size::Zero,
    slots: Some(&GC_SLOTS),
};

/// The definition of `_weakref` (the `weakref` module is Python source over it).
pub(crate) static WEAKREF_DEF: ModuleDef = ModuleDef {
    name: "_weakref",
    doc: Some("Support for weak references."),
    methods: &[],
    size: Size::Zero,
    slots: Some(&WEAKREF_SLOTS),
};

/// `PyInit_gc`.
pub(crate) fn init_gc(_: Py<'_>) -> PyResult<subinterp_import::Init<'_>> {
    Ok(subinterp_import::Init::Def(&GC_DEF))
}

/// `PyInit__weakref`.
pub(crate) fn init_weakref(_: Py<'_>) -> PyResult<subinterp_import::Init<'_>> {
    Ok(subinterp_import::Init::Def(&WEAKREF_DEF))
}
