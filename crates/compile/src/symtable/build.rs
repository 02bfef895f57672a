//! The first pass of the symbol table: walks the syntax tree once, opening a scope at every
//! function, class, lambda and comprehension, and records the flags of each name (assigned,
//! read, parameter, declared global or nonlocal, imported, annotated). CPython's
//! `symtable_visit_*` functions, with their error texts.

use crate::fxhash::FxHashMap;
use std::sync::Arc;

use ruff_python_ast::{
    self as ast, Comprehension, ExceptHandler, Expr, ExprContext, InterpolatedStringElement,
    ModModule, Parameters, Pattern, Stmt,
};
use ruff_text_size::{Ranged, TextRange};

use super::{Scope, ScopeId, ScopeKind, SymbolTable, flags};
use crate::error::{CompileError, SyntaxErrorKind};
use crate::guard::deep;
use crate::source::Source;

type R = Result<(), CompileError>;

struct Builder<'s, 'a> {
    source: &'s Source<'a>,
    scopes: Vec<Scope>,
    by_range: FxHashMap<(u32, u32), ScopeId>,
    stack: Vec<ScopeId>,
    future_annotations: bool,
    /// Inside a comprehension's iterable expression (walrus is forbidden there).
    in_comp_iter: u32,
}

pub(super) fn build_module(
    module: &ModModule,
    source: &Source<'_>,
    future_annotations: bool,
) -> Result<SymbolTable, CompileError> {
    let mut b = Builder::new(source, module.range, future_annotations);
    b.stmts(&module.body)?;
    Ok(b.finish())
}

pub(super) fn build_expr(expr: &Expr, source: &Source<'_>) -> Result<SymbolTable, CompileError> {
    let mut b = Builder::new(source, expr.range(), false);
    b.expr(expr)?;
    Ok(b.finish())
}

impl<'s, 'a> Builder<'s, 'a> {
    fn new(source: &'s Source<'a>, range: TextRange, future_annotations: bool) -> Self {
        Builder {
            source,
            scopes: vec![Scope::new(ScopeKind::Module, "top".into(), range, false)],
            by_range: FxHashMap::default(),
            stack: vec![0],
            future_annotations,
            in_comp_iter: 0,
        }
    }

    fn finish(self) -> SymbolTable {
        SymbolTable {
            scopes: self.scopes,
            by_range: self.by_range,
        }
    }

    fn cur(&self) -> ScopeId {
        *self.stack.last().expect("the module scope is never left")
    }

    fn scope(&mut self) -> &mut Scope {
        let id = self.cur();
        &mut self.scopes[id]
    }

    fn err(&self, msg: String, range: TextRange) -> CompileError {
        self.source
            .error(
                SyntaxErrorKind::Syntax,
                msg,
                range.start().to_u32(),
                range.end().to_u32(),
            )
            .into()
    }

    fn enter(&mut self, kind: ScopeKind, name: &str, range: TextRange) {
        let parent = self.cur();
        let nested = self.scopes[parent].nested || self.scopes[parent].is_function_like();
        let id = self.scopes.len();
        self.scopes
            .push(Scope::new(kind, name.into(), range, nested));
        self.scopes[parent].children.push(id);
        self.by_range
            .insert((range.start().to_u32(), range.end().to_u32()), id);
        self.stack.push(id);
    }

    fn leave(&mut self) {
        self.stack.pop();
    }

    fn add_def(&mut self, name: &str, flag: u16, range: TextRange) -> R {
        let id = self.cur();
        self.add_def_in(id, name, flag, range)
    }

    fn add_def_in(&mut self, id: ScopeId, name: &str, flag: u16, range: TextRange) -> R {
        let sym = self.scopes[id].symbol_mut(name);
        if flag & flags::PARAM != 0 && sym.flags & flags::PARAM != 0 {
            return Err(self.err(
                format!("duplicate argument '{name}' in function definition"),
                range,
            ));
        }
        sym.flags |= flag;
        // A `global` anywhere makes the name an explicit global of the module too.
        if flag & flags::GLOBAL != 0 && id != 0 {
            self.scopes[0].symbol_mut(name).flags |= flags::GLOBAL;
        }
        Ok(())
    }

    fn stmts(&mut self, body: &[Stmt]) -> R {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &Stmt) -> R {
        deep(|| self.stmt_inner(s))
    }

    fn stmt_inner(&mut self, s: &Stmt) -> R {
        match s {
            Stmt::FunctionDef(f) => {
                self.add_def(&f.name, flags::LOCAL, f.name.range)?;
                self.param_defaults(&f.parameters)?;
                for d in &f.decorator_list {
                    self.expr(&d.expression)?;
                }
                if let Some(tp) = &f.type_params {
                    self.enter(ScopeKind::TypeParams, &f.name, tp.range);
                    let p = &f.parameters;
                    if p.posonlyargs
                        .iter()
                        .chain(&p.args)
                        .any(|a| a.default.is_some())
                    {
                        self.implicit_param(".defaults", tp.range)?;
                    }
                    if p.kwonlyargs.iter().any(|a| a.default.is_some()) {
                        self.implicit_param(".kwdefaults", tp.range)?;
                    }
                    self.type_params(tp)?;
                }
                self.param_annotations(&f.parameters)?;
                if let Some(r) = &f.returns {
                    self.annotation(r)?;
                }
                self.enter(ScopeKind::Function, &f.name, f.range);
                self.scope().coroutine = f.is_async;
                self.params(&f.parameters)?;
                self.stmts(&f.body)?;
                self.leave();
                if f.type_params.is_some() {
                    self.leave();
                }
            }
            Stmt::ClassDef(c) => {
                self.add_def(&c.name, flags::LOCAL, c.name.range)?;
                for d in &c.decorator_list {
                    self.expr(&d.expression)?;
                }
                if let Some(tp) = &c.type_params {
                    self.enter(ScopeKind::TypeParams, &c.name, tp.range);
                    self.type_params(tp)?;
                    self.add_def(".type_params", flags::LOCAL, tp.range)?;
                    self.add_def(".generic_base", flags::LOCAL, tp.range)?;
                    self.add_def(".type_params", flags::USE, tp.range)?;
                    self.add_def(".generic_base", flags::USE, tp.range)?;
                }
                if let Some(args) = &c.arguments {
                    self.arguments(args)?;
                }
                self.enter(ScopeKind::Class, &c.name, c.range);
                if c.type_params.is_some() {
                    self.add_def(".type_params", flags::USE, c.range)?;
                    self.add_def("__type_params__", flags::LOCAL, c.range)?;
                }
                self.stmts(&c.body)?;
                self.leave();
                if c.type_params.is_some() {
                    self.leave();
                }
            }
            Stmt::Return(r) => self.opt_expr(r.value.as_deref())?,
            Stmt::Delete(d) => d.targets.iter().try_for_each(|t| self.expr(t))?,
            Stmt::TypeAlias(t) => {
                let Expr::Name(n) = &*t.name else {
                    return Err(self.err("invalid syntax".into(), t.range));
                };
                self.add_def(&n.id, flags::LOCAL, n.range)?;
                if let Some(tp) = &t.type_params {
                    self.enter(ScopeKind::TypeParams, &n.id, tp.range);
                    self.type_params(tp)?;
                }
                self.lazy(&n.id, &t.value)?;
                if t.type_params.is_some() {
                    self.leave();
                }
            }
            Stmt::Assign(a) => {
                a.targets.iter().try_for_each(|t| self.expr(t))?;
                self.expr(&a.value)?;
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.target)?;
                self.expr(&a.value)?;
            }
            Stmt::AnnAssign(a) => self.ann_assign(a)?,
            Stmt::For(f) => {
                self.expr(&f.target)?;
                self.expr(&f.iter)?;
                self.stmts(&f.body)?;
                self.stmts(&f.orelse)?;
            }
            Stmt::While(w) => {
                self.expr(&w.test)?;
                self.stmts(&w.body)?;
                self.stmts(&w.orelse)?;
            }
            Stmt::If(i) => {
                self.expr(&i.test)?;
                self.stmts(&i.body)?;
                for clause in &i.elif_else_clauses {
                    self.opt_expr(clause.test.as_ref())?;
                    self.stmts(&clause.body)?;
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr)?;
                    self.opt_expr(item.optional_vars.as_deref())?;
                }
                self.stmts(&w.body)?;
            }
            Stmt::Match(m) => {
                self.expr(&m.subject)?;
                for case in &m.cases {
                    self.pattern(&case.pattern)?;
                    self.opt_expr(case.guard.as_deref())?;
                    self.stmts(&case.body)?;
                }
            }
            Stmt::Raise(r) => {
                self.opt_expr(r.exc.as_deref())?;
                self.opt_expr(r.cause.as_deref())?;
            }
            Stmt::Try(t) => {
                self.stmts(&t.body)?;
                self.stmts(&t.orelse)?;
                for h in &t.handlers {
                    let ExceptHandler::ExceptHandler(h) = h;
                    self.opt_expr(h.type_.as_deref())?;
                    if let Some(name) = &h.name {
                        self.add_def(name, flags::LOCAL, name.range)?;
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(&t.finalbody)?;
            }
            Stmt::Assert(a) => {
                self.expr(&a.test)?;
                self.opt_expr(a.msg.as_deref())?;
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    self.import_alias(alias)?;
                }
            }
            Stmt::ImportFrom(i) => {
                for alias in &i.names {
                    self.import_alias(alias)?;
                }
            }
            Stmt::Global(g) => {
                for name in &g.names {
                    self.declare(name, true, g.range)?;
                }
            }
            Stmt::Nonlocal(n) => {
                if self.scope().kind == ScopeKind::Module {
                    return Err(self.err(
                        "nonlocal declaration not allowed at module level".into(),
                        n.range,
                    ));
                }
                for name in &n.names {
                    self.declare(name, false, n.range)?;
                }
            }
            Stmt::Expr(e) => self.expr(&e.value)?,
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
            Stmt::IpyEscapeCommand(e) => return Err(self.unsupported(e.range)),
        }
        Ok(())
    }

    fn unsupported(&self, range: TextRange) -> CompileError {
        self.err("IPython escape commands are not Python".into(), range)
    }

    fn implicit_param(&mut self, name: &str, range: TextRange) -> R {
        self.add_def(name, flags::PARAM, range)?;
        self.scope().params.push(name.into());
        Ok(())
    }

    /// The type parameters of a PEP 695 list: locals of the type-parameter scope; bounds,
    /// constraints and defaults are lazily evaluated scopes of their own.
    fn type_params(&mut self, tp: &ast::TypeParams) -> R {
        for p in &tp.type_params {
            let (name, bound, default) = match p {
                ast::TypeParam::TypeVar(v) => (&v.name, v.bound.as_deref(), v.default.as_deref()),
                ast::TypeParam::TypeVarTuple(v) => (&v.name, None, v.default.as_deref()),
                ast::TypeParam::ParamSpec(v) => (&v.name, None, v.default.as_deref()),
            };
            self.add_def(name, flags::LOCAL, name.range)?;
            if let Some(b) = bound {
                self.lazy(name, b)?;
            }
            if let Some(d) = default {
                self.lazy(name, d)?;
            }
        }
        Ok(())
    }

    /// A lazily evaluated expression: a function scope of its own, keyed by the expression.
    fn lazy(&mut self, name: &str, e: &Expr) -> R {
        self.enter(ScopeKind::Annotation, name, e.range());
        self.expr(e)?;
        self.leave();
        Ok(())
    }

    fn declare(&mut self, name: &ast::Identifier, global: bool, range: TextRange) -> R {
        let cur = self.scope().lookup(name).map_or(0, |s| s.flags);
        let what = if global { "global" } else { "nonlocal" };
        if cur & (flags::PARAM | flags::LOCAL | flags::USE | flags::ANNOT) != 0 {
            let msg = if cur & flags::PARAM != 0 {
                format!("name '{}' is parameter and {what}", name.id)
            } else if cur & flags::USE != 0 {
                format!("name '{}' is used prior to {what} declaration", name.id)
            } else if cur & flags::ANNOT != 0 {
                format!("annotated name '{}' can't be {what}", name.id)
            } else {
                format!(
                    "name '{}' is assigned to before {what} declaration",
                    name.id
                )
            };
            return Err(self.err(msg, range));
        }
        let flag = if global {
            flags::GLOBAL
        } else {
            let at = range.start().to_u32();
            self.scope().nonlocal_at.push((name.id.as_str().into(), at));
            flags::NONLOCAL
        };
        self.add_def(name, flag, range)
    }

    fn import_alias(&mut self, alias: &ast::Alias) -> R {
        let name: &str = match &alias.asname {
            Some(asname) => asname,
            None => alias.name.split('.').next().unwrap_or(&alias.name),
        };
        if name == "*" {
            if self.scope().kind != ScopeKind::Module {
                return Err(self.err("import * only allowed at module level".into(), alias.range));
            }
            return Ok(());
        }
        self.add_def(name, flags::IMPORT, alias.range)
    }

    fn ann_assign(&mut self, a: &ast::StmtAnnAssign) -> R {
        if let Expr::Name(n) = &*a.target {
            let cur = self.scope().lookup(&n.id).map_or(0, |s| s.flags);
            if cur & (flags::GLOBAL | flags::NONLOCAL) != 0
                && self.scope().kind != ScopeKind::Module
                && a.simple
            {
                let what = if cur & flags::GLOBAL != 0 {
                    "global"
                } else {
                    "nonlocal"
                };
                return Err(self.err(
                    format!("annotated name '{}' can't be {what}", n.id),
                    a.range,
                ));
            }
            if a.simple {
                self.add_def(&n.id, flags::ANNOT | flags::LOCAL, n.range)?;
            } else if a.value.is_some() {
                self.add_def(&n.id, flags::LOCAL, n.range)?;
            }
        } else {
            self.expr(&a.target)?;
        }
        self.annotation(&a.annotation)?;
        self.opt_expr(a.value.as_deref())
    }

    fn annotation(&mut self, e: &Expr) -> R {
        if self.future_annotations {
            return Ok(());
        }
        self.expr(e)
    }

    fn param_defaults(&mut self, p: &Parameters) -> R {
        for d in p.posonlyargs.iter().chain(&p.args) {
            self.opt_expr(d.default.as_deref())?;
        }
        for d in &p.kwonlyargs {
            self.opt_expr(d.default.as_deref())?;
        }
        Ok(())
    }

    fn param_annotations(&mut self, p: &Parameters) -> R {
        for param in p.iter() {
            if let Some(a) = param.annotation() {
                self.annotation(a)?;
            }
        }
        Ok(())
    }

    fn params(&mut self, p: &Parameters) -> R {
        // CPython's order (`co_varnames`): positional, keyword-only, then `*args`, `**kwargs`.
        let with_defaults = p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs);
        let ordered = with_defaults
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwarg.as_deref());
        for param in ordered {
            let name = &param.name;
            self.add_def(name, flags::PARAM, name.range)?;
            let name: Arc<str> = name.id.as_str().into();
            self.scope().params.push(name);
        }
        Ok(())
    }

    fn arguments(&mut self, args: &ast::Arguments) -> R {
        args.args.iter().try_for_each(|a| self.expr(a))?;
        args.keywords.iter().try_for_each(|k| self.expr(&k.value))
    }

    fn opt_expr(&mut self, e: Option<&Expr>) -> R {
        e.map_or(Ok(()), |e| self.expr(e))
    }

    fn expr(&mut self, e: &Expr) -> R {
        deep(|| self.expr_inner(e))
    }

    fn expr_inner(&mut self, e: &Expr) -> R {
        match e {
            Expr::Name(n) => {
                if n.ctx == ExprContext::Load {
                    self.add_def(&n.id, flags::USE, n.range)?;
                    if n.id.as_str() == "super" && self.scope().is_function_like() {
                        self.add_def("__class__", flags::USE, n.range)?;
                    }
                } else {
                    self.add_def(&n.id, flags::LOCAL, n.range)?;
                }
            }
            Expr::Named(n) => {
                if self.in_comp_iter > 0 {
                    return Err(self.err(
                        "assignment expression cannot be used in a comprehension iterable expression"
                            .into(),
                        n.range,
                    ));
                }
                self.expr(&n.value)?;
                if let Expr::Name(target) = &*n.target
                    && self.scope().comprehension.is_some()
                {
                    self.extend_named_scope(target)?;
                }
                self.expr(&n.target)?;
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.param_defaults(p)?;
                }
                self.enter(ScopeKind::Lambda, "lambda", l.range);
                if let Some(p) = &l.parameters {
                    self.params(p)?;
                }
                self.expr(&l.body)?;
                self.leave();
            }
            Expr::ListComp(c) => {
                self.comprehension("listcomp", e.range(), &c.generators, &[&c.elt])?
            }
            Expr::SetComp(c) => {
                self.comprehension("setcomp", e.range(), &c.generators, &[&c.elt])?
            }
            Expr::DictComp(c) => {
                let mut parts: Vec<&Expr> = Vec::with_capacity(2);
                if let Some(k) = &c.key {
                    parts.push(k);
                }
                parts.push(&c.value);
                self.comprehension("dictcomp", e.range(), &c.generators, &parts)?
            }
            Expr::Generator(g) => {
                self.comprehension("genexpr", e.range(), &g.generators, &[&g.elt])?
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                let scope = &self.scopes[self.cur()];
                if let Some(kind) = scope.comprehension {
                    let what = comprehension_text(kind);
                    return Err(self.err(format!("'yield' inside {what}"), e.range()));
                }
                // Outside a function it is the code generator's error, as in CPython.
                if scope.is_function_like() {
                    self.scope().generator = true;
                }
                match e {
                    Expr::Yield(y) => self.opt_expr(y.value.as_deref())?,
                    Expr::YieldFrom(y) => self.expr(&y.value)?,
                    _ => {}
                }
            }
            Expr::Await(a) => {
                let scope = &self.scopes[self.cur()];
                if scope.comprehension.is_some() {
                    self.scope().coroutine = true;
                }
                self.expr(&a.value)?;
            }
            Expr::BoolOp(b) => b.values.iter().try_for_each(|v| self.expr(v))?,
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
            }
            Expr::UnaryOp(u) => self.expr(&u.operand)?,
            Expr::If(i) => {
                self.expr(&i.test)?;
                self.expr(&i.body)?;
                self.expr(&i.orelse)?;
            }
            Expr::Dict(d) => {
                for item in &d.items {
                    self.opt_expr(item.key.as_ref())?;
                    self.expr(&item.value)?;
                }
            }
            Expr::Set(s) => s.elts.iter().try_for_each(|v| self.expr(v))?,
            Expr::Compare(c) => {
                self.expr(&c.left)?;
                c.comparators.iter().try_for_each(|v| self.expr(v))?;
            }
            Expr::Call(c) => {
                self.expr(&c.func)?;
                self.arguments(&c.arguments)?;
            }
            Expr::FString(f) => {
                for part in f.value.iter() {
                    if let ast::FStringPart::FString(fs) = part {
                        self.fstring_elements(&fs.elements)?;
                    }
                }
            }
            Expr::TString(t) => {
                return Err(self.err("t-strings require Python 3.14".into(), t.range));
            }
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {}
            Expr::Attribute(a) => self.expr(&a.value)?,
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
            }
            Expr::Starred(s) => self.expr(&s.value)?,
            Expr::List(l) => l.elts.iter().try_for_each(|v| self.expr(v))?,
            Expr::Tuple(t) => t.elts.iter().try_for_each(|v| self.expr(v))?,
            Expr::Slice(s) => {
                self.opt_expr(s.lower.as_deref())?;
                self.opt_expr(s.upper.as_deref())?;
                self.opt_expr(s.step.as_deref())?;
            }
            Expr::IpyEscapeCommand(i) => return Err(self.unsupported(i.range)),
        }
        Ok(())
    }

    fn fstring_elements(&mut self, elements: &ast::InterpolatedStringElements) -> R {
        for el in elements.iter() {
            if let InterpolatedStringElement::Interpolation(i) = el {
                self.expr(&i.expression)?;
                if let Some(spec) = &i.format_spec {
                    self.fstring_elements(&spec.elements)?;
                }
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        kind: &'static str,
        range: TextRange,
        generators: &[Comprehension],
        parts: &[&Expr],
    ) -> R {
        let Some((first, rest)) = generators.split_first() else {
            return Ok(());
        };
        self.in_comp_iter += 1;
        let r = self.expr(&first.iter);
        self.in_comp_iter -= 1;
        r?;
        self.enter(ScopeKind::Comprehension, kind, range);
        {
            let s = self.scope();
            s.comprehension = Some(kind);
            s.generator = kind == "genexpr";
            if first.is_async {
                s.coroutine = true;
            }
        }
        self.add_def(".0", flags::PARAM, range)?;
        self.scope().params.push(".0".into());
        self.comp_target(&first.target)?;
        for cond in &first.ifs {
            self.expr(cond)?;
        }
        for g in rest {
            self.in_comp_iter += 1;
            let r = self.expr(&g.iter);
            self.in_comp_iter -= 1;
            r?;
            if g.is_async {
                self.scope().coroutine = true;
            }
            self.comp_target(&g.target)?;
            for cond in &g.ifs {
                self.expr(cond)?;
            }
        }
        for p in parts {
            self.expr(p)?;
        }
        let me = self.cur();
        self.leave();
        // A comprehension awaiting an inner asynchronous comprehension is asynchronous too.
        let parent = self.cur();
        if self.scopes[me].coroutine
            && kind != "genexpr"
            && self.scopes[parent].comprehension.is_some()
        {
            self.scopes[parent].coroutine = true;
        }
        Ok(())
    }

    /// Binds a comprehension's iteration target, marking its names as iteration variables.
    fn comp_target(&mut self, target: &Expr) -> R {
        self.expr(target)?;
        let mut names = Vec::new();
        collect_store_names(target, &mut names);
        for (name, range) in names {
            self.add_def(name, flags::COMP_ITER, range)?;
        }
        Ok(())
    }

    /// A walrus in a comprehension binds in the nearest enclosing function (or the module).
    fn extend_named_scope(&mut self, target: &ast::ExprName) -> R {
        let name = target.id.as_str();
        for i in (0..self.stack.len()).rev() {
            let id = self.stack[i];
            let scope = &self.scopes[id];
            if scope.comprehension.is_some() {
                if scope
                    .lookup(name)
                    .is_some_and(|s| s.flags & flags::COMP_ITER != 0)
                {
                    return Err(self.err(
                        format!(
                            "assignment expression cannot rebind comprehension iteration variable '{name}'"
                        ),
                        target.range,
                    ));
                }
                continue;
            }
            match scope.kind {
                ScopeKind::Function | ScopeKind::Lambda => {
                    let global = scope
                        .lookup(name)
                        .is_some_and(|s| s.flags & flags::GLOBAL != 0);
                    let flag = if global {
                        flags::GLOBAL
                    } else {
                        flags::NONLOCAL
                    };
                    self.add_def(name, flag, target.range)?;
                    return self.add_def_in(id, name, flags::LOCAL, target.range);
                }
                ScopeKind::Module => {
                    self.add_def(name, flags::GLOBAL, target.range)?;
                    return self.add_def_in(id, name, flags::GLOBAL, target.range);
                }
                ScopeKind::Class => {
                    return Err(self.err(
                        "assignment expression within a comprehension cannot be used in a class body"
                            .into(),
                        target.range,
                    ));
                }
                ScopeKind::Comprehension | ScopeKind::TypeParams | ScopeKind::Annotation => {}
            }
        }
        Ok(())
    }

    fn pattern(&mut self, p: &Pattern) -> R {
        deep(|| self.pattern_inner(p))
    }

    fn pattern_inner(&mut self, p: &Pattern) -> R {
        match p {
            Pattern::MatchValue(v) => self.expr(&v.value),
            Pattern::MatchSingleton(_) => Ok(()),
            Pattern::MatchSequence(s) => s.patterns.iter().try_for_each(|p| self.pattern(p)),
            Pattern::MatchMapping(m) => {
                m.keys.iter().try_for_each(|k| self.expr(k))?;
                m.patterns.iter().try_for_each(|p| self.pattern(p))?;
                if let Some(rest) = &m.rest {
                    self.add_def(rest, flags::LOCAL, rest.range)?;
                }
                Ok(())
            }
            Pattern::MatchClass(c) => {
                self.expr(&c.cls)?;
                c.arguments
                    .patterns
                    .iter()
                    .try_for_each(|p| self.pattern(p))?;
                c.arguments
                    .keywords
                    .iter()
                    .try_for_each(|k| self.pattern(&k.pattern))
            }
            Pattern::MatchStar(s) => match &s.name {
                Some(name) => self.add_def(name, flags::LOCAL, name.range),
                None => Ok(()),
            },
            Pattern::MatchAs(a) => {
                if let Some(p) = &a.pattern {
                    self.pattern(p)?;
                }
                match &a.name {
                    Some(name) => self.add_def(name, flags::LOCAL, name.range),
                    None => Ok(()),
                }
            }
            Pattern::MatchOr(o) => o.patterns.iter().try_for_each(|p| self.pattern(p)),
        }
    }
}

/// `list comprehension`, ... as CPython's messages name them.
pub(crate) fn comprehension_text(kind: &str) -> &'static str {
    match kind {
        "listcomp" => "list comprehension",
        "setcomp" => "set comprehension",
        "dictcomp" => "dict comprehension",
        _ => "generator expression",
    }
}

fn collect_store_names<'e>(e: &'e Expr, out: &mut Vec<(&'e str, TextRange)>) {
    match e {
        Expr::Name(n) => out.push((n.id.as_str(), n.range)),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| collect_store_names(e, out)),
        Expr::List(l) => l.elts.iter().for_each(|e| collect_store_names(e, out)),
        Expr::Starred(s) => collect_store_names(&s.value, out),
        _ => {}
    }
}
