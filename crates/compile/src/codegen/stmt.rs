//! Statements: assignments, control flow, `try`/`with` with their exception-table regions,
//! function and class definitions, imports, and the unwinding `break`, `continue` and
//! `return` do through enclosing `with`, `finally` and `except` blocks.

use ruff_python_ast::{self as ast, ExceptHandler, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Block, Compiler, NameCtx, R, has_annotations, is_docstring};
use crate::bytecode::{BinOp, INPLACE, Op};
use crate::code::{CodeFlags, Constant};
use crate::guard::deep;
use crate::symtable::ScopeKind;

impl<'a, 's> Compiler<'a, 's> {
    pub(super) fn stmts(&mut self, body: &'a [Stmt]) -> R {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &'a Stmt) -> R {
        deep(|| {
            self.set_line(s.range());
            self.stmt_inner(s)
        })
    }

    fn stmt_inner(&mut self, s: &'a Stmt) -> R {
        match s {
            Stmt::FunctionDef(f) => self.function_def(f),
            Stmt::ClassDef(c) => self.class_def(c),
            Stmt::Return(r) => self.return_stmt(r),
            Stmt::Delete(d) => d.targets.iter().try_for_each(|t| self.delete(t)),
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < n {
                        self.emit(Op::Copy, 1);
                    }
                    self.store(t)?;
                }
                Ok(())
            }
            Stmt::AugAssign(a) => self.aug_assign(a),
            Stmt::AnnAssign(a) => self.ann_assign(a),
            Stmt::For(f) => self.for_stmt(f),
            Stmt::While(w) => self.while_stmt(w),
            Stmt::If(i) => self.if_stmt(i),
            Stmt::With(w) => self.with_stmt(w, 0),
            Stmt::Match(m) => self.match_stmt(m),
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(exc) = &r.exc {
                    self.expr(exc)?;
                    n = 1;
                    if let Some(cause) = &r.cause {
                        self.expr(cause)?;
                        n = 2;
                    }
                }
                self.emit(Op::RaiseVarargs, n);
                Ok(())
            }
            Stmt::Try(t) => {
                if t.finalbody.is_empty() {
                    self.try_except(t)
                } else {
                    self.try_finally(t)
                }
            }
            Stmt::Assert(a) => {
                let end = self.new_label();
                self.jump_if(&a.test, true, end)?;
                self.emit(Op::LoadAssertionError, 0);
                if let Some(msg) = &a.msg {
                    self.emit(Op::PushNull, 0);
                    self.expr(msg)?;
                    self.emit(Op::Call, 1);
                }
                self.emit(Op::RaiseVarargs, 1);
                self.bind(end);
                Ok(())
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    self.load_const(Constant::Int(0));
                    self.load_const(Constant::None);
                    let n = self.unit().add_name(&alias.name);
                    self.emit(Op::ImportName, n);
                    match &alias.asname {
                        Some(asname) => {
                            // `import a.b.c as d` binds the submodule: walk down to it.
                            for part in alias.name.split('.').skip(1) {
                                let a = self.unit().add_name(part);
                                self.emit(Op::ImportFrom, a);
                                self.emit(Op::Swap, 2);
                                self.emit(Op::PopTop, 0);
                            }
                            self.name_op(asname, NameCtx::Store);
                        }
                        None => {
                            let first = alias.name.split('.').next().unwrap_or(&alias.name);
                            self.name_op(first, NameCtx::Store);
                        }
                    }
                }
                Ok(())
            }
            Stmt::ImportFrom(i) => self.import_from(i),
            Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Pass(_) => Ok(()),
            Stmt::Expr(e) => {
                if self.interactive && self.units.len() == 1 {
                    self.expr(&e.value)?;
                    self.emit(Op::PrintExpr, 0);
                } else if is_constant_expr(&e.value) {
                    // A bare constant statement has no effect (CPython drops it).
                } else {
                    self.expr(&e.value)?;
                    self.emit(Op::PopTop, 0);
                }
                Ok(())
            }
            Stmt::Break(b) => self.break_continue(true, b.range),
            Stmt::Continue(c) => self.break_continue(false, c.range),
            Stmt::TypeAlias(t) => self.type_alias(t),
            Stmt::IpyEscapeCommand(i) => Err(self.error("invalid syntax", i.range)),
        }
    }

    fn return_stmt(&mut self, r: &'a ast::StmtReturn) -> R {
        if !self.table.scopes[self.unit_ref().scope].is_function_like() {
            return Err(self.error("'return' outside function", r.range));
        }
        let flags = self.unit_ref().flags;
        if r.value.is_some() && flags & CodeFlags::ASYNC_GENERATOR != 0 {
            return Err(self.error("'return' with value in async generator", r.range));
        }
        let preserve = r.value.is_some();
        let saved = self.save_state();
        if let Some(v) = &r.value {
            self.expr(v)?;
        }
        let blocks = saved.0.clone();
        if blocks.iter().any(|b| matches!(b, Block::ExceptStar)) {
            // CPython places this error on the returned value when there is one.
            let at = r.value.as_ref().map_or(r.range, |v| v.range());
            return Err(self.error(EXCEPT_STAR_EXIT, at));
        }
        for i in (0..blocks.len()).rev() {
            // A block's exit code runs outside that block: a `return` in a final body must
            // not run the same final body again.
            self.blocks.last_mut().expect("blocks").truncate(i);
            self.unwind_block(&blocks[i], preserve)?;
        }
        if !preserve {
            self.load_const(Constant::None);
        }
        self.emit(Op::ReturnValue, 0);
        self.restore_state(saved);
        Ok(())
    }

    /// The compile-time state a jump out of blocks changes: blocks, handlers, stack depth.
    fn save_state(&self) -> (Vec<Block<'a>>, Vec<super::unit::Handler>, i32) {
        (
            self.blocks.last().cloned().unwrap_or_default(),
            self.unit_ref().handlers.clone(),
            self.unit_ref().depth,
        )
    }

    /// Restores it for the code after the jump (reached only through labels).
    fn restore_state(
        &mut self,
        (blocks, handlers, depth): (Vec<Block<'a>>, Vec<super::unit::Handler>, i32),
    ) {
        *self.blocks.last_mut().expect("blocks") = blocks;
        let u = self.unit();
        u.handlers = handlers;
        u.depth = depth;
    }

    fn break_continue(&mut self, is_break: bool, range: TextRange) -> R {
        let saved = self.save_state();
        let blocks = saved.0.clone();
        let Some(pos) = blocks.iter().rposition(|b| {
            matches!(
                b,
                Block::While { .. } | Block::For { .. } | Block::AsyncFor { .. }
            )
        }) else {
            let msg = if is_break {
                "'break' outside loop"
            } else {
                "'continue' not properly in loop"
            };
            return Err(self.error(msg, range));
        };
        if blocks[pos..].iter().any(|b| matches!(b, Block::ExceptStar)) {
            return Err(self.error(EXCEPT_STAR_EXIT, range));
        }
        for i in (pos + 1..blocks.len()).rev() {
            let b = blocks[i].clone();
            self.blocks.last_mut().expect("blocks").truncate(i);
            self.unwind_block(&b, false)?;
        }
        let (start, end, pops_iter) = match &blocks[pos] {
            Block::While { start, end } => (*start, *end, false),
            Block::For { start, end } | Block::AsyncFor { start, end } => (*start, *end, true),
            _ => unreachable_block(),
        };
        if is_break {
            if pops_iter {
                self.emit(Op::PopTop, 0);
            }
            self.jump(Op::Jump, end);
        } else {
            self.jump(Op::Jump, start);
        }
        self.restore_state(saved);
        Ok(())
    }

    /// CPython's `compiler_unwind_fblock`. `preserve`: a return value is on top of the stack.
    fn unwind_block(&mut self, b: &Block<'a>, preserve: bool) -> R {
        match b {
            Block::While { .. } | Block::PopValue if !preserve => {
                if matches!(b, Block::PopValue) {
                    self.emit(Op::PopTop, 0);
                }
            }
            Block::While { .. } => {}
            Block::PopValue => {
                self.emit(Op::Swap, 2);
                self.emit(Op::PopTop, 0);
            }
            Block::For { .. } | Block::AsyncFor { .. } => {
                if preserve {
                    self.emit(Op::Swap, 2);
                }
                self.emit(Op::PopTop, 0);
            }
            Block::TryExcept => self.unit().pop_handler(),
            // Never unwound: leaving an `except*` body is a syntax error (checked first).
            Block::ExceptStar => {}
            Block::FinallyTry { body } => {
                self.unit().pop_handler();
                if preserve {
                    self.push_block(Block::PopValue);
                }
                self.stmts(body)?;
                if preserve {
                    self.pop_block();
                }
            }
            Block::FinallyEnd => {
                if preserve {
                    self.emit(Op::Swap, 2);
                }
                self.emit(Op::PopTop, 0);
                if preserve {
                    self.emit(Op::Swap, 2);
                }
                self.unit().pop_handler();
                self.emit(Op::PopExcept, 0);
            }
            Block::With { is_async } => {
                self.unit().pop_handler();
                if preserve {
                    self.emit(Op::Swap, 2);
                }
                self.call_exit_with_nones();
                if *is_async {
                    self.emit(Op::GetAwaitable, 2);
                    self.load_const(Constant::None);
                    self.yield_from_loop(true);
                }
                self.emit(Op::PopTop, 0);
            }
            Block::HandlerCleanup { name, has_inner } => {
                if *has_inner {
                    self.unit().pop_handler();
                }
                if preserve {
                    self.emit(Op::Swap, 2);
                }
                self.unit().pop_handler();
                self.emit(Op::PopExcept, 0);
                if let Some(name) = name {
                    self.load_const(Constant::None);
                    self.name_op(name, NameCtx::Store);
                    self.name_op(name, NameCtx::Delete);
                }
            }
        }
        Ok(())
    }

    pub(super) fn call_exit_with_nones(&mut self) {
        self.load_const(Constant::None);
        self.load_const(Constant::None);
        self.load_const(Constant::None);
        self.emit(Op::Call, 2);
    }

    fn delete(&mut self, t: &'a Expr) -> R {
        match t {
            Expr::Name(n) => {
                self.name_op(&n.id, NameCtx::Delete);
                Ok(())
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.unit().add_name(&a.attr);
                self.emit(Op::DeleteAttr, i);
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::DeleteSubscr, 0);
                Ok(())
            }
            Expr::Tuple(t) => t.elts.iter().try_for_each(|e| self.delete(e)),
            Expr::List(l) => l.elts.iter().try_for_each(|e| self.delete(e)),
            _ => Err(self.error("cannot delete expression", t.range())),
        }
    }

    /// Stores the top of the stack into an assignment target.
    pub(super) fn store(&mut self, t: &'a Expr) -> R {
        deep(|| self.store_inner(t))
    }

    fn store_inner(&mut self, t: &'a Expr) -> R {
        match t {
            Expr::Name(n) => {
                self.name_op(&n.id, NameCtx::Store);
                Ok(())
            }
            Expr::Attribute(a) => {
                if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") {
                    self.add_static_attribute(&a.attr);
                }
                self.expr(&a.value)?;
                let i = self.unit().add_name(&a.attr);
                self.emit(Op::StoreAttr, i);
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::StoreSubscr, 0);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                self.unpack(elts, t.range())?;
                elts.iter().try_for_each(|e| match e {
                    Expr::Starred(s) => self.store(&s.value),
                    e => self.store(e),
                })
            }
            Expr::Starred(s) => Err(self.error(
                "starred assignment target must be in a list or tuple",
                s.range,
            )),
            _ => Err(self.error("cannot assign to expression", t.range())),
        }
    }

    fn unpack(&mut self, elts: &[Expr], range: TextRange) -> R {
        let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
        match star {
            None => self.emit(Op::UnpackSequence, elts.len() as u32),
            Some(i) => {
                if elts
                    .iter()
                    .filter(|e| matches!(e, Expr::Starred(_)))
                    .count()
                    > 1
                {
                    return Err(self.error("multiple starred expressions in assignment", range));
                }
                let after = elts.len() - i - 1;
                if i >= 256 || after >= (1 << 24) {
                    return Err(
                        self.error("too many expressions in star-unpacking assignment", range)
                    );
                }
                self.emit(Op::UnpackEx, (i as u32) | ((after as u32) << 8));
            }
        }
        Ok(())
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> R {
        let op = binop(a.op) as u32 + INPLACE;
        match &*a.target {
            Expr::Name(n) => {
                self.name_op(&n.id, NameCtx::Load);
                self.expr(&a.value)?;
                self.emit(Op::BinaryOp, op);
                self.name_op(&n.id, NameCtx::Store);
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Op::Copy, 1);
                let i = self.unit().add_name(&at.attr);
                self.emit(Op::LoadAttr, i);
                self.expr(&a.value)?;
                self.emit(Op::BinaryOp, op);
                self.emit(Op::Swap, 2);
                self.emit(Op::StoreAttr, i);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::Copy, 2);
                self.emit(Op::Copy, 2);
                self.emit(Op::BinarySubscr, 0);
                self.expr(&a.value)?;
                self.emit(Op::BinaryOp, op);
                self.emit(Op::Swap, 3);
                self.emit(Op::Swap, 2);
                self.emit(Op::StoreSubscr, 0);
            }
            t => {
                return Err(self.error(
                    "'expression' is an illegal expression for augmented assignment",
                    t.range(),
                ));
            }
        }
        Ok(())
    }

    fn ann_assign(&mut self, a: &'a ast::StmtAnnAssign) -> R {
        if let Some(v) = &a.value {
            self.expr(v)?;
            self.store(&a.target)?;
        }
        let module_or_class = matches!(self.scope_kind(), ScopeKind::Module | ScopeKind::Class);
        match &*a.target {
            Expr::Name(n) if a.simple && module_or_class => {
                self.annotation_value(&a.annotation)?;
                let ann = self.unit().add_name("__annotations__");
                self.emit(Op::LoadName, ann);
                self.load_const(Constant::Str(n.id.as_str().into()));
                self.emit(Op::StoreSubscr, 0);
            }
            Expr::Attribute(at) if a.value.is_none() => {
                self.expr(&at.value)?;
                self.emit(Op::PopTop, 0);
            }
            Expr::Subscript(s) if a.value.is_none() => {
                self.expr(&s.value)?;
                self.emit(Op::PopTop, 0);
                self.expr(&s.slice)?;
                self.emit(Op::PopTop, 0);
            }
            _ => {}
        }
        Ok(())
    }

    /// Pushes an annotation's value: the expression, or its source text under
    /// `from __future__ import annotations`.
    pub(super) fn annotation_value(&mut self, e: &'a Expr) -> R {
        if self.future_annotations {
            let r = e.range();
            let text = &self.source.text[r.start().to_usize()..r.end().to_usize()];
            self.load_const(Constant::Str(text.into()));
            Ok(())
        } else if let Expr::Starred(s) = e {
            // `*args: *Ts` (PEP 646): the annotation is the one item of `[*Ts]`.
            self.expr(&s.value)?;
            self.emit(Op::UnpackSequence, 1);
            Ok(())
        } else {
            self.expr(e)
        }
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> R {
        if f.is_async {
            return self.async_for(f);
        }
        let start = self.new_label();
        let cleanup = self.new_label();
        let end = self.new_label();
        self.expr(&f.iter)?;
        self.emit(Op::GetIter, 0);
        self.bind(start);
        self.set_line(f.range);
        self.jump(Op::ForIter, cleanup);
        self.store(&f.target)?;
        self.push_block(Block::For { start, end });
        self.stmts(&f.body)?;
        self.pop_block();
        self.jump(Op::Jump, start);
        self.bind(cleanup);
        self.stmts(&f.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn async_for(&mut self, f: &'a ast::StmtFor) -> R {
        if self.unit_ref().flags & (CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR) == 0 {
            return Err(self.error("'async for' outside async function", f.range));
        }
        let start = self.new_label();
        let except = self.new_label();
        let end = self.new_label();
        self.expr(&f.iter)?;
        self.emit(Op::GetAIter, 0);
        self.bind(start);
        let h = self.unit().push_handler(except, false);
        self.emit(Op::GetANext, 0);
        self.load_const(Constant::None);
        self.yield_from_loop(true);
        self.unit().pop_handler();
        self.store(&f.target)?;
        self.push_block(Block::AsyncFor { start, end });
        self.stmts(&f.body)?;
        self.pop_block();
        self.jump(Op::Jump, start);
        self.unit().bind_handler(h);
        self.emit(Op::EndAsyncFor, 0);
        self.stmts(&f.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> R {
        let start = self.new_label();
        let anchor = self.new_label();
        let end = self.new_label();
        self.bind(start);
        self.jump_if(&w.test, false, anchor)?;
        self.push_block(Block::While { start, end });
        self.stmts(&w.body)?;
        self.pop_block();
        self.jump(Op::Jump, start);
        self.bind(anchor);
        self.stmts(&w.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn if_stmt(&mut self, i: &'a ast::StmtIf) -> R {
        let end = self.new_label();
        let mut next = self.new_label();
        self.jump_if(&i.test, false, next)?;
        self.stmts(&i.body)?;
        for clause in &i.elif_else_clauses {
            if !self.unit_ref().dead {
                self.jump(Op::Jump, end);
            }
            self.bind(next);
            next = self.new_label();
            self.set_line(clause.range);
            if let Some(test) = &clause.test {
                self.jump_if(test, false, next)?;
            }
            self.stmts(&clause.body)?;
        }
        self.bind(next);
        self.bind(end);
        Ok(())
    }

    /// `with a, b: body` is `with a: with b: body`; `item` is the index of the item to open.
    fn with_stmt(&mut self, w: &'a ast::StmtWith, item: usize) -> R {
        let Some(it) = w.items.get(item) else {
            return self.stmts(&w.body);
        };
        if w.is_async
            && self.unit_ref().flags & (CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR) == 0
        {
            return Err(self.error("'async with' outside async function", w.range));
        }
        let handler = self.new_label();
        let exit = self.new_label();
        self.expr(&it.context_expr)?;
        if w.is_async {
            self.emit(Op::BeforeAsyncWith, 0);
            self.emit(Op::GetAwaitable, 1);
            self.load_const(Constant::None);
            self.yield_from_loop(true);
        } else {
            self.emit(Op::BeforeWith, 0);
        }
        // Stack: exit, value. The handler unwinds to the exit function.
        self.unit().depth -= 1;
        let h = self.unit().push_handler(handler, true);
        self.unit().depth += 1;
        match &it.optional_vars {
            Some(target) => self.store(target)?,
            None => self.emit(Op::PopTop, 0),
        }
        self.push_block(Block::With {
            is_async: w.is_async,
        });
        self.with_stmt(w, item + 1)?;
        self.pop_block();
        self.unit().pop_handler();
        self.set_line(w.range);
        self.call_exit_with_nones();
        if w.is_async {
            self.emit(Op::GetAwaitable, 2);
            self.load_const(Constant::None);
            self.yield_from_loop(true);
        }
        self.emit(Op::PopTop, 0);
        self.jump(Op::Jump, exit);
        // Exception: exit, lasti, exc.
        self.unit().bind_handler(h);
        let cleanup = self.new_label();
        let ch = self.unit().push_handler(cleanup, true);
        self.emit(Op::PushExcInfo, 0);
        self.emit(Op::WithExceptStart, 0);
        if w.is_async {
            self.emit(Op::GetAwaitable, 2);
            self.load_const(Constant::None);
            self.yield_from_loop(true);
        }
        let suppress = self.new_label();
        self.jump(Op::PopJumpIfTrue, suppress);
        self.emit(Op::Reraise, 2);
        self.bind(suppress);
        self.emit(Op::PopTop, 0);
        self.unit().pop_handler();
        self.emit(Op::PopExcept, 0);
        self.emit(Op::PopTop, 0);
        self.emit(Op::PopTop, 0);
        self.jump(Op::Jump, exit);
        self.unit().bind_handler(ch);
        self.pop_except_and_reraise();
        self.bind(exit);
        Ok(())
    }

    /// `COPY 3; POP_EXCEPT; RERAISE 1`: the cleanup handler of an `except` or `finally` body.
    fn pop_except_and_reraise(&mut self) {
        self.emit(Op::Copy, 3);
        self.emit(Op::PopExcept, 0);
        self.emit(Op::Reraise, 1);
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> R {
        if t.is_star {
            return self.try_except_star(t);
        }
        let except = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let outer_handlers = self.unit_ref().handlers.clone();
        let h = self.unit().push_handler(except, false);
        self.push_block(Block::TryExcept);
        self.stmts(&t.body)?;
        self.pop_block();
        self.unit().pop_handler();
        self.stmts(&t.orelse)?;
        if !self.unit_ref().dead {
            self.jump(Op::Jump, end);
        }
        self.unit().bind_handler(h);
        let ch = self.unit().push_handler(cleanup, true);
        self.emit(Op::PushExcInfo, 0);
        for (n, handler) in t.handlers.iter().enumerate() {
            let ExceptHandler::ExceptHandler(handler) = handler;
            self.set_line(handler.range);
            if handler.type_.is_none() && n + 1 < t.handlers.len() {
                return Err(self.error("default 'except:' must be last", handler.range));
            }
            let next = self.new_label();
            if let Some(ty) = &handler.type_ {
                self.expr(ty)?;
                self.emit(Op::CheckExcMatch, 0);
                self.jump(Op::PopJumpIfFalse, next);
            }
            let saved = self.unit_ref().handlers.clone();
            match &handler.name {
                Some(name) => {
                    self.name_op(name, NameCtx::Store);
                    let cleanup_end = self.new_label();
                    let inner = self.unit().push_handler(cleanup_end, true);
                    self.push_block(Block::HandlerCleanup {
                        name: Some(name.id.as_str()),
                        has_inner: true,
                    });
                    self.stmts(&handler.body)?;
                    self.pop_block();
                    self.unit().pop_handler();
                    self.unit().pop_handler();
                    self.emit(Op::PopExcept, 0);
                    self.load_const(Constant::None);
                    self.name_op(name, NameCtx::Store);
                    self.name_op(name, NameCtx::Delete);
                    self.jump(Op::Jump, end);
                    self.unit().handlers = saved.clone();
                    self.unit().bind_handler(inner);
                    self.load_const(Constant::None);
                    self.name_op(name, NameCtx::Store);
                    self.name_op(name, NameCtx::Delete);
                    self.emit(Op::Reraise, 1);
                }
                None => {
                    self.emit(Op::PopTop, 0);
                    self.push_block(Block::HandlerCleanup {
                        name: None,
                        has_inner: false,
                    });
                    self.stmts(&handler.body)?;
                    self.pop_block();
                    self.unit().pop_handler();
                    self.emit(Op::PopExcept, 0);
                    self.jump(Op::Jump, end);
                }
            }
            self.unit().handlers = saved;
            // At `next` the stack is prev_exc, exc again.
            self.bind(next);
            self.unit().depth = ch.depth as i32 + 1;
        }
        self.emit(Op::Reraise, 0);
        self.unit().handlers = outer_handlers;
        self.unit().bind_handler(ch);
        self.pop_except_and_reraise();
        self.bind(end);
        Ok(())
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry) -> R {
        let handler = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        let outer_handlers = self.unit_ref().handlers.clone();
        let h = self.unit().push_handler(handler, false);
        self.push_block(Block::FinallyTry { body: &t.finalbody });
        if t.handlers.is_empty() {
            self.stmts(&t.body)?;
        } else {
            self.try_except(t)?;
        }
        self.pop_block();
        self.unit().pop_handler();
        self.stmts(&t.finalbody)?;
        if !self.unit_ref().dead {
            self.jump(Op::Jump, exit);
        }
        self.unit().handlers = outer_handlers.clone();
        self.unit().bind_handler(h);
        let ch = self.unit().push_handler(cleanup, true);
        self.emit(Op::PushExcInfo, 0);
        self.push_block(Block::FinallyEnd);
        self.stmts(&t.finalbody)?;
        self.pop_block();
        self.emit(Op::Reraise, 0);
        self.unit().handlers = outer_handlers;
        self.unit().bind_handler(ch);
        self.pop_except_and_reraise();
        self.bind(exit);
        Ok(())
    }

    fn import_from(&mut self, i: &'a ast::StmtImportFrom) -> R {
        self.load_const(Constant::Int(i64::from(i.level)));
        let names: Vec<Constant> = i
            .names
            .iter()
            .map(|a| Constant::Str(a.name.as_str().into()))
            .collect();
        self.load_const(Constant::Tuple(names.into()));
        let module = i.module.as_ref().map_or("", |m| m.as_str());
        let m = self.unit().add_name(module);
        self.emit(Op::ImportName, m);
        if i.names.len() == 1 && i.names[0].name.as_str() == "*" {
            self.emit(Op::ImportStar, 0);
            return Ok(());
        }
        for alias in &i.names {
            let n = self.unit().add_name(&alias.name);
            self.emit(Op::ImportFrom, n);
            let store = alias.asname.as_ref().unwrap_or(&alias.name);
            self.name_op(store, NameCtx::Store);
        }
        self.emit(Op::PopTop, 0);
        Ok(())
    }

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> R {
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
    fn function_annotations(
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

    fn class_def(&mut self, c: &'a ast::StmtClassDef) -> R {
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

    /// Records `self.NAME = ...` in the nearest enclosing class body (CPython 3.13's
    /// `__static_attributes__`).
    fn add_static_attribute(&mut self, name: &str) {
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

const EXCEPT_STAR_EXIT: &str = "'break', 'continue' and 'return' cannot appear in an except* block";

fn is_constant_expr(e: &Expr) -> bool {
    matches!(
        e,
        Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
    )
}

pub(super) fn binop(op: ast::Operator) -> BinOp {
    use ast::Operator as O;
    match op {
        O::Add => BinOp::Add,
        O::Sub => BinOp::Subtract,
        O::Mult => BinOp::Multiply,
        O::MatMult => BinOp::MatrixMultiply,
        O::Div => BinOp::TrueDivide,
        O::Mod => BinOp::Remainder,
        O::Pow => BinOp::Power,
        O::LShift => BinOp::Lshift,
        O::RShift => BinOp::Rshift,
        O::BitOr => BinOp::Or,
        O::BitXor => BinOp::Xor,
        O::BitAnd => BinOp::And,
        O::FloorDiv => BinOp::FloorDivide,
    }
}

fn unreachable_block() -> (super::Label, super::Label, bool) {
    // `rposition` only returns loop blocks; this keeps the match total without a panic path.
    (super::Label(0), super::Label(0), false)
}
