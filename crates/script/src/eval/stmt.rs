//! Statements: import, assignment, `del`, and the bare expression echo.

use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};

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
            TargetKind::Attribute { value, attr } => delattr(&self.expr(value)?, &attr.name),
            TargetKind::Subscript { value, index } => {
                let container = self.expr(value)?;
                let key = self.expr(index)?;
                container.del_item(&key)
            }
        }
    }
}

/// `del obj.name` with CPython 3.13's messages, which are those of the generic attribute
/// setter, not of attribute lookup: `'module' object has no attribute 'x'` for a module,
/// the immutable-type error for a class, and the no-`__dict__` error for other objects.
fn delattr(obj: &Obj<'_>, name: &str) -> PyResult<()> {
    match obj.kind() {
        Kind::Module => obj.delattr(name).map_err(|e| {
            if e.is(&exc::ATTRIBUTE_ERROR) {
                PyErr::new(
                    &exc::ATTRIBUTE_ERROR,
                    format!("'module' object has no attribute '{name}'"),
                )
            } else {
                e
            }
        }),
        Kind::Type => Err(PyErr::type_error(format!(
            "cannot set '{name}' attribute of immutable type '{}'",
            obj.getattr("__name__")?.as_str().unwrap_or("?")
        ))),
        _ if name == "__class__" => Err(PyErr::type_error("can't delete __class__ attribute")),
        _ => Err(PyErr::new(
            &exc::ATTRIBUTE_ERROR,
            format!(
                "'{}' object has no attribute '{name}' and no __dict__ for setting new attributes",
                obj.type_name()
            ),
        )),
    }
}
