//! Function and class definitions: defaults, annotations, the code object of the body, the
//! closure, decorators, and the class body's namespace (`__module__`, `__qualname__`,
//! `__firstlineno__`, `__static_attributes__`, `__classcell__`).

use ruff_python_ast::{self as ast, Expr, Stmt};

use super::{Compiler, NameCtx, R, has_annotations, is_docstring};
use crate::bytecode::Op;
use crate::code::{CodeFlags, Constant};

impl<'a, 's> Compiler<'a, 's> {
    pub(super) fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> R {
        for d in &f.decorator_list {
            self.expr(&d.expression)?;
        }
        match &f.type_params {
            None => {
                let flags = self.defaults(&f.parameters)?;
                self.function_object(f, flags)?;
            }
            Some(tp) => self.generic_function(f, tp)?,
        }
        // Each decorator was pushed without a NULL, so `CALL 0` calls it with the function in
        // the `self_or_null` slot as its one argument: `d(func)`, innermost first.
        for _ in &f.decorator_list {
            self.emit(Op::Call, 0);
        }
        self.name_op(&f.name, NameCtx::Store);
        Ok(())
    }

    /// Pushes the function object of `f`; its defaults (`flags` 1 and 2) are already pushed.
    pub(super) fn function_object(&mut self, f: &'a ast::StmtFunctionDef, mut flags: u32) -> R {
        if self.function_annotations(&f.parameters, f.returns.as_deref())? {
            flags |= 4;
        }
        let scope = self.scope_id(f.range)?;
        let qualname = self.qualname(&f.name);
        let first_line = f
            .decorator_list
            .first()
            .map_or_else(|| self.line(f.range), |d| self.line(d.range));
        self.enter_unit(scope, f.name.as_str().into(), qualname, first_line);
        self.set_arg_counts(&f.parameters);
        let body: &'a [Stmt] = &f.body;
        let rest = match body.first() {
            Some(Stmt::Expr(e)) if is_docstring(&e.value) => {
                if let Expr::StringLiteral(s) = &*e.value {
                    self.unit()
                        .add_const(Constant::Str(s.value.to_str().into()));
                }
                &body[1..]
            }
            _ => {
                self.unit().add_const(Constant::None);
                body
            }
        };
        self.stmts(rest)?;
        self.return_none();
        let code = self.leave_unit();
        self.set_line(f.range);
        self.make_function(code, flags);
        Ok(())
    }

    /// Pushes the defaults tuple and keyword-defaults dict; returns the `MAKE_FUNCTION` flags.
    pub(super) fn defaults(&mut self, p: &'a ast::Parameters) -> Result<u32, super::CompileError> {
        let mut flags = 0;
        let positional: Vec<&Expr> = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !positional.is_empty() {
            for d in &positional {
                self.expr(d)?;
            }
            self.emit(Op::BuildTuple, positional.len() as u32);
            flags |= 1;
        }
        let kw: Vec<(&str, &Expr)> = p
            .kwonlyargs
            .iter()
            .filter_map(|a| a.default.as_deref().map(|d| (a.parameter.name.as_str(), d)))
            .collect();
        if !kw.is_empty() {
            for (name, d) in &kw {
                self.load_const(Constant::Str((*name).into()));
                self.expr(d)?;
            }
            self.emit(Op::BuildMap, kw.len() as u32);
            flags |= 2;
        }
        Ok(flags)
    }

    /// Pushes the annotations tuple `(name, value, ...)` if there are any.
    pub(super) fn function_annotations(
        &mut self,
        p: &'a ast::Parameters,
        returns: Option<&'a Expr>,
    ) -> Result<bool, super::CompileError> {
        let mut n = 0;
        for param in p.iter() {
            if let Some(a) = param.annotation() {
                self.load_const(Constant::Str(param.name().as_str().into()));
                self.annotation_value(a)?;
                n += 2;
            }
        }
        if let Some(r) = returns {
            self.load_const(Constant::Str("return".into()));
            self.annotation_value(r)?;
            n += 2;
        }
        if n > 0 {
            self.emit(Op::BuildTuple, n);
        }
        Ok(n > 0)
    }

    pub(super) fn set_arg_counts(&mut self, p: &ast::Parameters) {
        let u = self.unit();
        u.posonly_count = p.posonlyargs.len() as u32;
        u.arg_count = (p.posonlyargs.len() + p.args.len()) as u32;
        u.kwonly_count = p.kwonlyargs.len() as u32;
        if p.vararg.is_some() {
            u.set_flag(CodeFlags::VARARGS);
        }
        if p.kwarg.is_some() {
            u.set_flag(CodeFlags::VARKEYWORDS);
        }
    }

    pub(super) fn class_def(&mut self, c: &'a ast::StmtClassDef) -> R {
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
        }
        match &c.type_params {
            None => self.build_class(c, None)?,
            Some(tp) => self.generic_class(c, tp)?,
        }
        for _ in &c.decorator_list {
            self.emit(Op::Call, 0);
        }
        self.name_op(&c.name, NameCtx::Store);
        Ok(())
    }

    /// The name index of attribute or dict-held name `attr`, mangled as CPython mangles
    /// private names (`self.__x` inside class `C` is `self._C__x`: leading underscores of the
    /// class name dropped; dunder names and classes named only with underscores are left
    /// alone). Fast locals and cells keep their written names: no other code sees them.
    pub(super) fn attr_name(&mut self, attr: &str) -> u32 {
        let class = self
            .units
            .iter()
            .rev()
            .find(|u| u.static_attributes.is_some())
            .map(|u| u.name.clone());
        let mangled = class.and_then(|c| mangle(&c, attr));
        self.unit().add_name(mangled.as_deref().unwrap_or(attr))
    }

    /// Records `self.NAME = ...` in the nearest enclosing class body (CPython 3.13's
    /// `__static_attributes__`).
    pub(super) fn add_static_attribute(&mut self, name: &str) {
        if let Some(set) = self
            .units
            .iter_mut()
            .rev()
            .find_map(|u| u.static_attributes.as_mut())
        {
            set.insert(name.into());
        }
    }

    /// `__build_class__(body, name, *bases, extra, **keywords)`: the class object, made from
    /// the body function; `extra` names a local passed as one more base (`.generic_base`).
    pub(super) fn build_class(&mut self, c: &'a ast::StmtClassDef, extra: Option<&str>) -> R {
        self.emit(Op::LoadBuildClass, 0);
        self.emit(Op::PushNull, 0);
        self.class_function(c)?;
        let (args, keywords) = match &c.arguments {
            Some(a) => (&a.args[..], &a.keywords[..]),
            None => (&[][..], &[][..]),
        };
        self.call_args_with(2, args, extra, keywords)
    }

    /// Pushes the class body function and the class name (the first two arguments of
    /// `__build_class__`).
    pub(super) fn class_function(&mut self, c: &'a ast::StmtClassDef) -> R {
        let scope = self.scope_id(c.range)?;
        let qualname = self.qualname(&c.name);
        let first_line = c
            .decorator_list
            .first()
            .map_or_else(|| self.line(c.range), |d| self.line(d.range));
        self.enter_unit(scope, c.name.as_str().into(), qualname.clone(), first_line);
        self.unit().static_attributes = Some(Default::default());
        self.set_line(c.range);
        let module = self.unit().add_name("__name__");
        self.emit(Op::LoadName, module);
        let m = self.unit().add_name("__module__");
        self.emit(Op::StoreName, m);
        self.load_const(Constant::Str(qualname));
        let q = self.unit().add_name("__qualname__");
        self.emit(Op::StoreName, q);
        self.load_const(Constant::Int(i64::from(first_line)));
        let fl = self.unit().add_name("__firstlineno__");
        self.emit(Op::StoreName, fl);
        if c.type_params.is_some() {
            self.name_op(".type_params", NameCtx::Load);
            let tp = self.unit().add_name("__type_params__");
            self.emit(Op::StoreName, tp);
        }
        let body: &'a [Stmt] = &c.body;
        if has_annotations(body) {
            self.emit(Op::SetupAnnotations, 0);
        }
        let rest = match body.first() {
            Some(Stmt::Expr(e)) if is_docstring(&e.value) => {
                self.set_line(e.range);
                self.expr(&e.value)?;
                let d = self.unit().add_name("__doc__");
                self.emit(Op::StoreName, d);
                &body[1..]
            }
            _ => body,
        };
        self.stmts(rest)?;
        let attrs: Vec<Constant> = self
            .unit()
            .static_attributes
            .take()
            .unwrap_or_default()
            .into_iter()
            .map(Constant::Str)
            .collect();
        self.load_const(Constant::Tuple(attrs.into()));
        let sa = self.unit().add_name("__static_attributes__");
        self.emit(Op::StoreName, sa);
        let needs_cell = self.table.scopes[scope].needs_class_closure;
        if needs_cell {
            let slot = self.unit_ref().find_slot("__class__").unwrap_or(0);
            self.emit(Op::LoadClosure, slot);
            self.emit(Op::Copy, 1);
            let cc = self.unit().add_name("__classcell__");
            self.emit(Op::StoreName, cc);
        } else {
            self.load_const(Constant::None);
        }
        self.emit(Op::ReturnValue, 0);
        let code = self.leave_unit();
        self.set_line(c.range);
        self.make_function(code, 0);
        self.load_const(Constant::Str(c.name.as_str().into()));
        Ok(())
    }
}

/// `_Class__name` for a private `__name` inside class `class`, if it is mangled.
pub(super) fn mangle(class: &str, name: &str) -> Option<String> {
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return None;
    }
    let c = class.trim_start_matches('_');
    (!c.is_empty()).then(|| format!("_{c}{name}"))
}
