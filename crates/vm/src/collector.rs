//! The loop's side of the cycle collector (the object crate's `gc` module): the thread state
//! runs what the collector cannot (weak reference callbacks, the `__del__` of instances in
//! garbage cycles, once each), and automatic collections happen at the loop's checks, where
//! it holds no borrowed pointers. An instance of a class with `__del__` whose refcount
//! reaches zero waits in the object crate's queue (`gc/pending.rs`) for the same checks, and
//! for the instructions that drop a binding (`del x`, `x = ...` outside a function's fast
//! locals, attribute and item stores and deletes), so that `__del__` runs before the next
//! statement, as CPython runs it at the decref.

use subinterp_object::{GcHooks, Obj};

use crate::Tstate;
use crate::builtin::Args;

impl<'py> GcHooks<'py> for Tstate<'py> {
    /// Instances of classes defining `__del__` (CPython's `tp_finalize` of heap types).
    fn has_finalizer(&mut self, obj: &Obj<'py>) -> bool {
        obj.has_heap_type() && self.del_method(obj).is_some()
    }

    /// `obj.__del__()`, once (the collector records it); an exception it raises is reported
    /// as unraisable (`Exception ignored in: <function C.__del__ at 0x...>`).
    fn finalize(&mut self, obj: &Obj<'py>) {
        let Some(del) = self.del_method(obj) else {
            return;
        };
        let handled = self.handled.clone();
        let r = self.call(&del, Args::positional(std::slice::from_ref(obj)));
        self.handled = handled;
        if let Err(e) = r {
            self.write_unraisable(&e, &del);
        }
    }

    /// `callback(weakref)`; an exception it raises is reported as CPython reports an
    /// unraisable one (`Exception ignored in: <callback>` and its traceback).
    fn weakref_callback(&mut self, weakref: &Obj<'py>, callback: &Obj<'py>) {
        // The handled exception of the code that dropped the referent is left as it was.
        let handled = self.handled.clone();
        let r = self.call(callback, Args::positional(std::slice::from_ref(weakref)));
        self.handled = handled;
        if let Err(e) = r {
            self.write_unraisable(&e, callback);
        }
    }
}

impl<'py> Tstate<'py> {
    /// The `__del__` of `obj`'s class, if it defines one (a failed lookup counts as none:
    /// nothing could report it).
    fn del_method(&mut self, obj: &Obj<'py>) -> Option<Obj<'py>> {
        self.type_lookup(&obj.get_type(), "__del__").ok().flatten()
    }

    /// Runs what the collector queued, when anything is: the loop's check after an
    /// instruction that dropped a binding.
    #[inline]
    pub(crate) fn gc_check(&mut self) {
        if self.py().gc_due() {
            self.run_gc_due();
        }
    }

    /// Runs the queued weak reference callbacks and the automatic collection, when due.
    #[cold]
    #[inline(never)]
    pub(crate) fn run_gc_due(&mut self) {
        let py = self.py();
        py.gc_run_due(self);
    }
}
