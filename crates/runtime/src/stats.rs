//! Read-outs of an interpreter's GIL statistics for reports (`subinterp inspect`, the demo).

use subinterp_gil::GilStats;

use crate::Interpreter;

impl Interpreter {
    /// A snapshot of the counters of the GIL this interpreter runs under.
    ///
    /// Interpreters that share main's GIL (legacy ones) report the same counters as main, since
    /// it is one GIL. Heap statistics need the GIL; read them inside [`Interpreter::run`] through
    /// the token's heap instead.
    pub fn gil_stats(&self) -> GilStats {
        self.gil_interp().gil().stats()
    }
}
