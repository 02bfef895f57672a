//! Running code in the main interpreter on a temporary thread state, from any thread and any
//! interpreter (CPython 3.13's `switch_to_main_interpreter` / `switch_back_from_main_interpreter`
//! in `Python/import.c`, reference §5.1): what single-phase extension init needs.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use crate::attached::Attached;
use crate::error::TstateError;
use crate::interp::Interp;
use crate::swap::Entered;
use crate::tstate::{ThreadState, Whence};

/// The scope of [`Attached::switch_to_main`]; dereferences to the main interpreter's attached
/// state. Switching back happens on [`switch_back`](Self::switch_back) or drop, also while
/// unwinding.
#[derive(Debug)]
#[must_use = "dropping the scope switches back at once"]
pub struct MainSwitch<'a>(Switch<'a>);

#[derive(Debug)]
enum Switch<'a> {
    /// Already in main: nothing was switched.
    Same(&'a mut Attached),
    /// A temporary main state, attached over the suspended caller.
    Temp(Entered<'a>),
}

impl Attached {
    /// Switches this thread to a fresh thread state of `main` (`Whence::Exec`) until the
    /// returned scope ends. If this state already belongs to `main`, nothing is switched.
    ///
    /// The calling state is suspended. If `main` uses another GIL, the caller's GIL is released
    /// and main's taken; if they share one, it is handed over in place and stays held
    /// throughout. When the scope ends the temporary state is cleared, the caller resumed (its
    /// GIL taken back) and the temporary state deleted. Nothing is shared between switches, so
    /// any number of threads and interpreters may do this at once (§5.3's lesson).
    ///
    /// Any interpreter works as `main`; the name says what it is for.
    pub fn switch_to_main(&mut self, main: &Arc<Interp>) -> Result<MainSwitch<'_>, TstateError> {
        if Arc::ptr_eq(self.interp(), main) {
            return Ok(MainSwitch(Switch::Same(self)));
        }
        let temp = ThreadState::new(main, Whence::Exec)?;
        // On error `temp` is dropped here, which deletes it.
        let inner = self.switch_to(temp.inner().clone())?;
        Ok(MainSwitch(Switch::Temp(Entered::new(
            self,
            inner,
            Some(temp),
        ))))
    }
}

impl MainSwitch<'_> {
    /// Whether a temporary state was created (false when the caller was already in main).
    pub fn is_temporary(&self) -> bool {
        matches!(self.0, Switch::Temp(_))
    }

    /// Switches back now and reports whether the caller's state could be resumed.
    pub fn switch_back(self) -> Result<(), TstateError> {
        match self.0 {
            Switch::Same(_) => Ok(()),
            Switch::Temp(entered) => entered.leave(),
        }
    }
}

impl Deref for MainSwitch<'_> {
    type Target = Attached;

    fn deref(&self) -> &Attached {
        match &self.0 {
            Switch::Same(a) => a,
            Switch::Temp(e) => e,
        }
    }
}

impl DerefMut for MainSwitch<'_> {
    fn deref_mut(&mut self) -> &mut Attached {
        match &mut self.0 {
            Switch::Same(a) => a,
            Switch::Temp(e) => e,
        }
    }
}
