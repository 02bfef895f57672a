//! Comprehensions and generator expressions: each is a function of its own taking the first
//! iterator as `.0` (no PEP 709 inlining), called where the expression stands; asynchronous
//! ones await their result.

use ruff_python_ast::{Comprehension, Expr};
use ruff_text_size::TextRange;

use super::{Compiler, R};
use crate::bytecode::Op;
use crate::code::{CodeFlags, Constant};

/// What a comprehension builds, with its element expressions.
#[derive(Clone, Copy)]
pub(super) enum CompKind<'a> {
    List(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
    Gen(&'a Expr),
}

impl<'a, 's> Compiler<'a, 's> {
    pub(super) fn comprehension(
        &mut self,
        range: TextRange,
        generators: &'a [Comprehension],
        kind: CompKind<'a>,
    ) -> R {
        let scope = self.scope_id(range)?;
        let (name, is_gen) = match kind {
            CompKind::List(_) => ("<listcomp>", false),
            CompKind::Set(_) => ("<setcomp>", false),
            CompKind::Dict(..) => ("<dictcomp>", false),
            CompKind::Gen(_) => ("<genexpr>", true),
        };
        let is_async = self.table.scopes[scope].coroutine;
        let outer_async =
            self.unit_ref().flags & (CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR) != 0;
        if is_async && !is_gen && !outer_async {
            return Err(self.error(
                "asynchronous comprehension outside of an asynchronous function",
                range,
            ));
        }
        let qualname = self.qualname(name);
        let line = self.line(range);
        self.enter_unit(scope, name.into(), qualname, line);
        self.unit().arg_count = 1;
        let result = match kind {
            CompKind::List(_) => Some(Op::BuildList),
            CompKind::Set(_) => Some(Op::BuildSet),
            CompKind::Dict(..) => Some(Op::BuildMap),
            CompKind::Gen(_) => None,
        };
        if let Some(op) = result {
            self.emit(op, 0);
        }
        self.comp_generator(generators, 0, kind)?;
        if result.is_none() {
            self.load_const(Constant::None);
        }
        self.emit(Op::ReturnValue, 0);
        let code = self.leave_unit();
        self.set_line(range);
        self.make_function(code, 0);
        let first = &generators[0];
        self.expr(&first.iter)?;
        self.emit(
            if first.is_async {
                Op::GetAIter
            } else {
                Op::GetIter
            },
            0,
        );
        self.emit(Op::Call, 0);
        if is_async && !is_gen {
            self.emit(Op::GetAwaitable, 0);
            self.load_const(Constant::None);
            self.yield_from_loop(true);
        }
        Ok(())
    }

    pub(super) fn comp_generator(
        &mut self,
        generators: &'a [Comprehension],
        i: usize,
        kind: CompKind<'a>,
    ) -> R {
        let g = &generators[i];
        let start = self.new_label();
        let cleanup = self.new_label();
        if i == 0 {
            let dot0 = self.unit_ref().find_slot(".0").unwrap_or(0);
            self.emit(Op::LoadFast, dot0);
        } else {
            self.expr(&g.iter)?;
            self.emit(
                if g.is_async {
                    Op::GetAIter
                } else {
                    Op::GetIter
                },
                0,
            );
        }
        self.bind(start);
        let handler = if g.is_async {
            let h = self.unit().push_handler(cleanup, false);
            self.emit(Op::GetANext, 0);
            self.load_const(Constant::None);
            self.yield_from_loop(true);
            self.unit().pop_handler();
            Some(h)
        } else {
            self.jump(Op::ForIter, cleanup);
            None
        };
        self.store(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, false, start)?;
        }
        if i + 1 < generators.len() {
            self.comp_generator(generators, i + 1, kind)?;
        } else {
            let depth = generators.len() as u32 + 1;
            match kind {
                CompKind::List(e) => {
                    self.expr(e)?;
                    self.emit(Op::ListAppend, depth);
                }
                CompKind::Set(e) => {
                    self.expr(e)?;
                    self.emit(Op::SetAdd, depth);
                }
                CompKind::Dict(k, v) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    self.emit(Op::MapAdd, depth);
                }
                CompKind::Gen(e) => {
                    self.expr(e)?;
                    self.emit(Op::YieldValue, 0);
                    self.emit(Op::PopTop, 0);
                }
            }
        }
        self.jump(Op::Jump, start);
        match handler {
            Some(h) => {
                self.unit().bind_handler(h);
                self.emit(Op::EndAsyncFor, 0);
            }
            None => self.bind(cleanup),
        }
        Ok(())
    }
}
