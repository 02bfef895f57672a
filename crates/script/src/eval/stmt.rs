//! Statements: import, assignment, `del`, and the bare expression echo.

use subinterp_object::{Obj, PyResult};

use super::Eval;
use crate::ast::{Alias, Stmt, StmtKind, Target, TargetKind};

impl<'py> Eval<'_, 'py> {
    pub(super) fn stmt(&mut self, s: &Stmt) -> PyResult<()> {
        match &s.kind {
            StmtKind::Import(aliases) => aliases.iter().try_for_each(|a| self.import(a)),
            StmtKind::Assign { targets, value } => {
                let v = self.expr(value)?;
                targets.iter().try_for_each(|t| self.assign(t, &v))
            }
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.delete(t)),
            StmtKind::Expr(e) => {
                let v = self.expr(e)?;
                if v.is_none() {
                    return Ok(());
                }
                let mut text = v.repr()?;
                text.push('\n');
                self.host.write_stdout(&text)
            }
        }
    }

    /// `import a.b` binds the top-level package `a`; `import a.b as x` binds the module
    /// `a.b` itself (CPython's `IMPORT_NAME` + `IMPORT_FROM`).
    fn import(&mut self, a: &Alias) -> PyResult<()> {
        let leaf = self.host.import(self.py, &a.name)?;
        let bound = match (&a.asname, a.name.split_once('.')) {
            (None, Some((top, _))) => self.host.import(self.py, top)?,
            _ => leaf,
        };
        self.store_name(a.binding(), &bound)
    }

    /// Binds `v` to one target: the target's own expressions are evaluated now, after the
    /// value (Python's order).
    fn assign(&mut self, t: &Target, v: &Obj<'py>) -> PyResult<()> {
        match &t.kind {
            TargetKind::Name(name) => self.store_name(name, v),
            TargetKind::Attribute { value, attr } => self.expr(value)?.setattr(&attr.name, v),
            TargetKind::Subscript { value, index } => {
                let container = self.expr(value)?;
                let key = self.expr(index)?;
                container.set_item(&key, v)
            }
        }
    }

    fn delete(&mut self, t: &Target) -> PyResult<()> {
        match &t.kind {
            TargetKind::Name(name) => self.delete_name(name),
            TargetKind::Attribute { value, attr } => self.expr(value)?.delattr(&attr.name),
            TargetKind::Subscript { value, index } => {
                let container = self.expr(value)?;
                let key = self.expr(index)?;
                container.del_item(&key)
            }
        }
    }
}
