//! PEP 695 generics (CPython 3.13's `compiler_function`/`compiler_class` with type params and
//! `compiler_typealias`): a generic function, class or alias is made inside a function of its
//! own, `<generic parameters of NAME>`, whose locals are the type parameters; bounds,
//! constraints, defaults and alias values are lazily evaluated functions.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::{Compiler, NameCtx, R};
use crate::bytecode::Op;
use crate::code::Constant;

impl<'a, 's> Compiler<'a, 's> {
    /// Pushes `f` made inside its type-parameter function (the defaults are evaluated here,
    /// in the enclosing scope, and passed to it).
    pub(super) fn generic_function(
        &mut self,
        f: &'a ast::StmtFunctionDef,
        tp: &'a ast::TypeParams,
    ) -> R {
        let name = format!("<generic parameters of {}>", f.name);
        self.enter_type_params(tp, &name)?;
        // Stack: the type-parameter tuple, kept for SET_FUNCTION_TYPE_PARAMS.
        let mut flags = 0;
        if self.unit_ref().find_slot(".defaults").is_some() {
            self.name_op(".defaults", NameCtx::Load);
            flags |= 1;
        }
        if self.unit_ref().find_slot(".kwdefaults").is_some() {
            self.name_op(".kwdefaults", NameCtx::Load);
            flags |= 2;
        }
        self.function_object(f, flags)?;
        self.emit(Op::Swap, 2);
        self.emit(Op::SetFunctionTypeParams, 0);
        self.emit(Op::ReturnValue, 0);
        let code = self.leave_unit();
        self.make_function(code, 0);
        self.emit(Op::PushNull, 0);
        let defaults = self.defaults(&f.parameters)?;
        self.emit(Op::Call, defaults.count_ones());
        Ok(())
    }

    /// Pushes the class `c` made inside its type-parameter function, with
    /// `Generic[*type_params]` as its last base.
    pub(super) fn generic_class(&mut self, c: &'a ast::StmtClassDef, tp: &'a ast::TypeParams) -> R {
        let name = format!("<generic parameters of {}>", c.name);
        self.enter_type_params(tp, &name)?;
        self.emit(Op::Copy, 1);
        self.name_op(".type_params", NameCtx::Store);
        self.emit(Op::SubscriptGeneric, 0);
        self.name_op(".generic_base", NameCtx::Store);
        self.build_class(c, Some(".generic_base"))?;
        self.emit(Op::ReturnValue, 0);
        let code = self.leave_unit();
        self.make_function(code, 0);
        self.emit(Op::PushNull, 0);
        self.emit(Op::Call, 0);
        Ok(())
    }

    /// `type NAME[params] = value`.
    pub(super) fn type_alias(&mut self, t: &'a ast::StmtTypeAlias) -> R {
        let Expr::Name(n) = &*t.name else {
            return Err(self.error("invalid syntax", t.range));
        };
        match &t.type_params {
            Some(tp) => {
                let name = format!("<generic parameters of {}>", n.id);
                self.enter_type_params(tp, &name)?;
                self.load_const(Constant::Str(n.id.as_str().into()));
                self.emit(Op::Swap, 2);
                self.lazy_function(&n.id, &t.value)?;
                self.emit(Op::TypeAlias, 0);
                self.emit(Op::ReturnValue, 0);
                let code = self.leave_unit();
                self.make_function(code, 0);
                self.emit(Op::PushNull, 0);
                self.emit(Op::Call, 0);
            }
            None => {
                self.load_const(Constant::Str(n.id.as_str().into()));
                self.load_const(Constant::None);
                self.lazy_function(&n.id, &t.value)?;
                self.emit(Op::TypeAlias, 0);
            }
        }
        self.name_op(&n.id, NameCtx::Store);
        Ok(())
    }

    /// Opens the type-parameter function and creates its parameters, stored as its locals,
    /// leaving their tuple on the stack.
    fn enter_type_params(&mut self, tp: &'a ast::TypeParams, name: &str) -> R {
        let scope = self.scope_id(tp.range)?;
        let qualname = self.qualname(name);
        let line = self.line(tp.range);
        self.enter_unit(scope, name.into(), qualname, line);
        let nargs = self.table.scopes[scope].params.len() as u32;
        self.unit().arg_count = nargs;
        for p in &tp.type_params {
            self.type_param(p)?;
        }
        self.emit(Op::BuildTuple, tp.type_params.len() as u32);
        Ok(())
    }

    fn type_param(&mut self, p: &'a ast::TypeParam) -> R {
        let (name, kind, bound, default) = match p {
            ast::TypeParam::TypeVar(v) => (&v.name, 0, v.bound.as_deref(), v.default.as_deref()),
            ast::TypeParam::ParamSpec(v) => (&v.name, 1, None, v.default.as_deref()),
            ast::TypeParam::TypeVarTuple(v) => (&v.name, 2, None, v.default.as_deref()),
        };
        self.set_line(p.range());
        self.load_const(Constant::Str(name.as_str().into()));
        let mut flags = kind;
        if let Some(b) = bound {
            flags |= 4;
            if matches!(b, Expr::Tuple(_)) {
                flags |= 8;
            }
            self.lazy_function(name, b)?;
        }
        if let Some(d) = default {
            flags |= 16;
            self.lazy_function(name, d)?;
        }
        self.emit(Op::TypeParam, flags);
        self.emit(Op::Copy, 1);
        self.name_op(name, NameCtx::Store);
        Ok(())
    }

    /// Pushes a function of no arguments returning `e` (evaluated when called).
    fn lazy_function(&mut self, name: &str, e: &'a Expr) -> R {
        let scope = self.scope_id(e.range())?;
        let qualname = self.qualname(name);
        let line = self.line(e.range());
        self.enter_unit(scope, name.into(), qualname, line);
        self.expr(e)?;
        self.emit(Op::ReturnValue, 0);
        let code = self.leave_unit();
        self.make_function(code, 0);
        Ok(())
    }
}
