//! Statements: assignments and their targets, loops, `if`, imports, `return`, `raise`,
//! `assert`, and the unwinding `break`, `continue` and `return` do through enclosing `with`,
//! `finally` and `except` blocks. Definitions are in `defs`, `try`/`with` in `exceptions`.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Block, Compiler, NameCtx, R};
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
                let i = self.attr_name(&a.attr);
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
                let i = self.attr_name(&a.attr);
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
                let i = self.attr_name(&at.attr);
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
        // The back edge is the test's line, as in CPython (an interrupt shows `while`).
        self.set_line(w.test.range());
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
