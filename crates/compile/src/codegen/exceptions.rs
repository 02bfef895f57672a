//! `try`/`except`/`else`/`finally` and `with`: the protected regions of the exception table,
//! the handlers' `PUSH_EXC_INFO` … `POP_EXCEPT` bodies and their cleanup handlers, in CPython
//! 3.13's layout (`compiler_try_except`, `compiler_try_finally`, `compiler_with`).

use ruff_python_ast::{self as ast, ExceptHandler};

use super::{Block, Compiler, NameCtx, R};
use crate::bytecode::Op;
use crate::code::{CodeFlags, Constant};

impl<'a, 's> Compiler<'a, 's> {
    /// `with a, b: body` is `with a: with b: body`; `item` is the index of the item to open.
    pub(super) fn with_stmt(&mut self, w: &'a ast::StmtWith, item: usize) -> R {
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
    pub(super) fn pop_except_and_reraise(&mut self) {
        self.emit(Op::Copy, 3);
        self.emit(Op::PopExcept, 0);
        self.emit(Op::Reraise, 1);
    }

    pub(super) fn try_except(&mut self, t: &'a ast::StmtTry) -> R {
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

    pub(super) fn try_finally(&mut self, t: &'a ast::StmtTry) -> R {
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
}
