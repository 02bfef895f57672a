//! `sys.displayhook` for interactive statements (`PRINT_EXPR`, single mode: the REPL and
//! scenario lines).

use subinterp_object::{Obj, PyResult};

use crate::Tstate;

impl<'py> Tstate<'py> {
    /// Prints `v`'s repr and binds it to `builtins._`, as CPython's default displayhook: `_`
    /// is `None` while the repr runs, so a failing repr leaves `None` behind, not the old value.
    /// The caller skips `None` (it neither prints nor rebinds `_`).
    #[cold]
    pub(crate) fn display(&mut self, v: &Obj<'py>) -> PyResult<()> {
        let py = self.py();
        let key = self.consts.intern(py, "_")?;
        let builtins = self.builtins.clone();
        builtins.set_item(&key, &py.none())?;
        let text = format!("{}\n", self.repr(v)?);
        self.host().write_stdout(&text)?;
        builtins.set_item(&key, v)
    }
}
