//! Native functions of the layers above the loop (the runtime's modules, import's `_imp`,
//! extension modules): module functions bound to their module, and the method tables of
//! native classes.
//!
//! There is one native function type, [`BuiltinFn`](crate::BuiltinFn) (`(tstate, self,
//! args)`), and one object kind for it, [`Builtin`]. The object crate cannot name the thread
//! state, so a native class's [`Slots::methods`](subinterp_object::Slots) holds a
//! [`MethodTable`] behind the object crate's opaque
//! [`NativeMethods`](subinterp_object::NativeMethods) trait: the loop's attribute lookup
//! downcasts it ([`table_of`]) and binds the method to the instance, as it binds the methods
//! of the builtin types.

use std::any::Any;

use subinterp_object::{Kind, NativeMethods, Obj, Py, PyResult};

use crate::Tstate;
use crate::builtin::{Args, BUILTIN, Builtin, BuiltinDef};

/// The methods of a native class defined above the loop, for its
/// [`Slots::methods`](subinterp_object::Slots):
/// `Slots { methods: Some(&TABLE), .. }` with
/// `static TABLE: MethodTable = MethodTable { owner: "Queue", methods: &[...] }`.
pub struct MethodTable {
    /// The class's name, as unbound methods name their owner (`Queue.put`).
    pub owner: &'static str,
    /// The methods.
    pub methods: &'static [BuiltinDef],
}

impl NativeMethods for MethodTable {
    fn has(&self, name: &str) -> bool {
        self.methods.iter().any(|d| d.name == name)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The method table of `obj`'s native class, when it is a [`MethodTable`].
pub(crate) fn table_of(obj: &Obj<'_>) -> Option<&'static MethodTable> {
    let any: &'static dyn Any = obj.native_methods()?.as_any();
    any.downcast_ref::<MethodTable>()
}

/// A native function object running `def`, bound to `slf` (`__self__`: the module of a
/// module function, the instance of a method).
pub fn new_builtin<'py>(
    py: Py<'py>,
    def: &'static BuiltinDef,
    slf: Option<&Obj<'py>>,
) -> PyResult<Obj<'py>> {
    match slf {
        Some(s) => py.new_native_holding(&BUILTIN, Builtin { def }, s),
        None => py.new_native(&BUILTIN, Builtin { def }),
    }
}

/// Creates a function for each of `defs` bound to `module` and stores it in the module's
/// dict (`PyModule_AddFunctions`).
pub fn add_functions<'py>(module: &Obj<'py>, defs: &'static [BuiltinDef]) -> PyResult<()> {
    let py = module.py();
    let dict = module.module_dict()?;
    for def in defs {
        dict.set_item(&py.str(def.name)?, &new_builtin(py, def, Some(module))?)?;
    }
    Ok(())
}

/// `f.__self__` of a native function (its module or instance); `None` for other objects and
/// unbound functions.
pub fn builtin_self<'py>(f: &Obj<'py>) -> Option<Obj<'py>> {
    f.native::<Builtin>()?;
    f.native_held()
}

/// Whether `slf` makes a native function a module function (`<built-in function f>`) rather
/// than a method (`<built-in method f of T object at ...>`).
pub(crate) fn is_module_function(slf: &Obj<'_>) -> bool {
    slf.kind() == Kind::Module
}

impl<'py> Tstate<'py> {
    /// `obj.name(*args, **kwargs)` from native code (`PyObject_CallMethod`).
    pub fn call_method(
        &mut self,
        obj: &Obj<'py>,
        name: &str,
        args: Args<'_, 'py>,
    ) -> PyResult<Obj<'py>> {
        let m = self.getattr(obj, name)?;
        self.call(&m, args)
    }
}
