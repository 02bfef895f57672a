//! The vm side of the eval breaker: the check the loop makes on backward jumps, calls and
//! generator resumes (CPython's `CHECK_EVAL_BREAKER`). The fast path is one relaxed load of
//! the interpreter's [`EvalBreaker`](subinterp_gil::EvalBreaker) word; when a bit is set the
//! cold path hands over to [`Host::eval_breaker_tripped`](crate::Host::eval_breaker_tripped),
//! which the runtime implements (GIL switch, pending calls, a forced end,
//! `KeyboardInterrupt`), and raises what it returns at that point of the program.

use subinterp_object::PyResult;

use crate::Tstate;

impl<'py> Tstate<'py> {
    /// The eval-breaker check.
    #[inline]
    pub(crate) fn check_breaker(&mut self) -> PyResult<()> {
        if self.breaker.is_set() {
            return self.breaker_tripped();
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn breaker_tripped(&mut self) -> PyResult<()> {
        let py = self.py();
        self.host().eval_breaker_tripped(py)
    }
}
