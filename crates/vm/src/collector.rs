//! The loop's side of the cycle collector (the object crate's `gc` module): the thread state
//! runs what the collector cannot (weak reference callbacks, finalizers), and automatic
//! collections happen at the loop's checks, where it holds no borrowed pointers.

use subinterp_object::{GcHooks, Obj};

use crate::Tstate;
use crate::builtin::Args;

impl<'py> GcHooks<'py> for Tstate<'py> {
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

impl Tstate<'_> {
    /// Runs the queued weak reference callbacks and the automatic collection, when due.
    #[cold]
    #[inline(never)]
    pub(crate) fn run_gc_due(&mut self) {
        let py = self.py();
        py.gc_run_due(self);
    }
}
