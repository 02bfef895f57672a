//! `try` … `except*` (CPython's `compiler_try_star_except`): each clause splits the exception
//! group with `CHECK_EG_MATCH`, runs its body on the matching part, and collects what the
//! bodies raise; `PREP_RERAISE_STAR` then builds what is re-raised (the unhandled rest and the
//! raised exceptions), if anything.
//!
//! Stack inside the clauses: `prev_exc, orig, raised_list, rest`.

use ruff_python_ast::{self as ast, ExceptHandler};

use super::{Block, Compiler, NameCtx, R};
use crate::bytecode::Op;
use crate::code::Constant;

impl<'a, 's> Compiler<'a, 's> {
    pub(super) fn try_except_star(&mut self, t: &'a ast::StmtTry) -> R {
        let except = self.new_label();
        let orelse = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let reraise_star = self.new_label();
        let outer_handlers = self.unit_ref().handlers.clone();
        let h = self.unit().push_handler(except, false);
        self.push_block(Block::TryExcept);
        self.stmts(&t.body)?;
        self.pop_block();
        self.unit().pop_handler();
        self.jump(Op::Jump, orelse);
        self.unit().bind_handler(h);
        let ch = self.unit().push_handler(cleanup, true);
        self.emit(Op::PushExcInfo, 0);
        let n = t.handlers.len();
        for (i, handler) in t.handlers.iter().enumerate() {
            let ExceptHandler::ExceptHandler(handler) = handler;
            self.set_line(handler.range);
            if i == 0 {
                self.emit(Op::BuildList, 0);
                self.emit(Op::Copy, 2);
            }
            let next = self.new_label();
            let no_match = self.new_label();
            let with_error = self.new_label();
            let Some(ty) = &handler.type_ else {
                return Err(self.error("expected 'except' or 'finally' block", handler.range));
            };
            self.expr(ty)?;
            self.emit(Op::CheckEgMatch, 0);
            self.emit(Op::Copy, 1);
            self.jump(Op::PopJumpIfNone, no_match);
            match &handler.name {
                Some(name) => self.name_op(name, NameCtx::Store),
                None => self.emit(Op::PopTop, 0),
            }
            let saved = self.unit_ref().handlers.clone();
            let cleanup_end = self.new_label();
            let inner = self.unit().push_handler(cleanup_end, true);
            self.push_block(Block::ExceptStar);
            self.stmts(&handler.body)?;
            self.pop_block();
            self.unit().pop_handler();
            if let Some(name) = &handler.name {
                self.load_const(Constant::None);
                self.name_op(name, NameCtx::Store);
                self.name_op(name, NameCtx::Delete);
            }
            self.jump(Op::Jump, next);
            self.unit().handlers = saved;
            // An exception from the body joins the raised list.
            self.unit().bind_handler(inner);
            if let Some(name) = &handler.name {
                self.load_const(Constant::None);
                self.name_op(name, NameCtx::Store);
                self.name_op(name, NameCtx::Delete);
            }
            self.emit(Op::ListAppend, 3);
            self.emit(Op::PopTop, 0);
            self.jump(Op::Jump, with_error);
            self.bind(next);
            self.emit(Op::Nop, 0);
            self.jump(Op::Jump, with_error);
            self.bind(no_match);
            self.emit(Op::PopTop, 0);
            self.bind(with_error);
            if i + 1 == n {
                // The unhandled rest joins the list too.
                self.emit(Op::ListAppend, 1);
                self.jump(Op::Jump, reraise_star);
            }
        }
        let reraise = self.new_label();
        self.bind(reraise_star);
        self.emit(Op::PrepReraiseStar, 0);
        self.emit(Op::Copy, 1);
        self.jump(Op::PopJumpIfNotNone, reraise);
        self.emit(Op::PopTop, 0);
        self.unit().pop_handler();
        self.emit(Op::PopExcept, 0);
        self.jump(Op::Jump, end);
        self.bind(reraise);
        self.emit(Op::Swap, 2);
        self.emit(Op::PopExcept, 0);
        self.emit(Op::Reraise, 0);
        self.unit().handlers = outer_handlers;
        self.unit().bind_handler(ch);
        self.emit(Op::Copy, 3);
        self.emit(Op::PopExcept, 0);
        self.emit(Op::Reraise, 1);
        self.bind(orelse);
        self.stmts(&t.orelse)?;
        self.bind(end);
        Ok(())
    }
}
