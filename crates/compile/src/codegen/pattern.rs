//! `match` statements (CPython's `compiler_pattern_*`). A pattern consumes the subject on top
//! of the stack; on failure it jumps to one of a chain of labels that pop whatever the pattern
//! left on the stack (`fail_pop[n]` pops `n` items), then the next case is tried. Capture names
//! are stored as soon as their sub-pattern matches, which PEP 634 allows.

use std::collections::HashSet;

use ruff_python_ast::{self as ast, Pattern, Singleton};
use ruff_text_size::Ranged;

use super::unit::Label;
use super::{Compiler, NameCtx, R};
use crate::bytecode::{CmpOp, Op};
use crate::code::Constant;
use crate::guard::deep;

#[derive(Default)]
struct Ctx {
    fail_pop: Vec<Label>,
    on_top: usize,
    names: HashSet<String>,
}

impl<'a, 's> Compiler<'a, 's> {
    pub(super) fn match_stmt(&mut self, m: &'a ast::StmtMatch) -> R {
        self.expr(&m.subject)?;
        let end = self.new_label();
        for case in &m.cases {
            self.set_line(case.range);
            self.emit(Op::Copy, 1);
            let mut pc = Ctx::default();
            self.pattern(&case.pattern, &mut pc)?;
            if let Some(guard) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let fail = pc.fail_pop[0];
                self.jump_if(guard, false, fail)?;
            }
            self.emit(Op::PopTop, 0);
            self.stmts(&case.body)?;
            if !self.unit_ref().dead {
                self.jump(Op::Jump, end);
            }
            self.emit_fail_pops(&mut pc);
        }
        self.emit(Op::PopTop, 0);
        self.bind(end);
        Ok(())
    }

    fn ensure_fail_pop(&mut self, pc: &mut Ctx, n: usize) {
        while pc.fail_pop.len() <= n {
            let l = self.new_label();
            pc.fail_pop.push(l);
        }
    }

    fn jump_to_fail_pop(&mut self, pc: &mut Ctx, op: Op) {
        let n = pc.on_top;
        self.ensure_fail_pop(pc, n);
        let l = pc.fail_pop[n];
        self.jump(op, l);
    }

    fn emit_fail_pops(&mut self, pc: &mut Ctx) {
        if pc.fail_pop.is_empty() {
            return;
        }
        for i in (1..pc.fail_pop.len()).rev() {
            self.bind(pc.fail_pop[i]);
            self.emit(Op::PopTop, 0);
        }
        self.bind(pc.fail_pop[0]);
        pc.fail_pop.clear();
    }

    fn store_capture(&mut self, name: &ast::Identifier, pc: &mut Ctx) -> R {
        if !pc.names.insert(name.id.to_string()) {
            return Err(self.error(
                format!("multiple assignments to name '{}' in pattern", name.id),
                name.range,
            ));
        }
        self.name_op(name, NameCtx::Store);
        Ok(())
    }

    fn pattern(&mut self, p: &'a Pattern, pc: &mut Ctx) -> R {
        deep(|| self.pattern_inner(p, pc))
    }

    fn pattern_inner(&mut self, p: &'a Pattern, pc: &mut Ctx) -> R {
        self.set_line(p.range());
        match p {
            Pattern::MatchValue(v) => {
                self.expr(&v.value)?;
                self.emit(Op::CompareOp, CmpOp::Eq as u32);
                self.jump_to_fail_pop(pc, Op::PopJumpIfFalse);
            }
            Pattern::MatchSingleton(s) => {
                let c = match s.value {
                    Singleton::None => Constant::None,
                    Singleton::True => Constant::Bool(true),
                    Singleton::False => Constant::Bool(false),
                };
                self.load_const(c);
                self.emit(Op::IsOp, 0);
                self.jump_to_fail_pop(pc, Op::PopJumpIfFalse);
            }
            Pattern::MatchAs(a) => match &a.pattern {
                None => match &a.name {
                    Some(name) => self.store_capture(name, pc)?,
                    None => self.emit(Op::PopTop, 0),
                },
                Some(sub) => {
                    pc.on_top += 1;
                    self.emit(Op::Copy, 1);
                    self.pattern(sub, pc)?;
                    pc.on_top -= 1;
                    match &a.name {
                        Some(name) => self.store_capture(name, pc)?,
                        None => self.emit(Op::PopTop, 0),
                    }
                }
            },
            Pattern::MatchStar(s) => match &s.name {
                Some(name) => self.store_capture(name, pc)?,
                None => self.emit(Op::PopTop, 0),
            },
            Pattern::MatchOr(o) => self.pattern_or(o, pc)?,
            Pattern::MatchSequence(s) => self.pattern_sequence(&s.patterns, pc)?,
            Pattern::MatchMapping(m) => self.pattern_mapping(m, pc)?,
            Pattern::MatchClass(c) => self.pattern_class(c, pc)?,
        }
        Ok(())
    }

    fn pattern_or(&mut self, o: &'a ast::PatternMatchOr, pc: &mut Ctx) -> R {
        let end = self.new_label();
        let mut bound: Option<HashSet<String>> = None;
        for alt in &o.patterns {
            let mut alt_pc = Ctx {
                names: pc.names.clone(),
                ..Ctx::default()
            };
            self.emit(Op::Copy, 1);
            self.pattern(alt, &mut alt_pc)?;
            let names: HashSet<String> = alt_pc.names.difference(&pc.names).cloned().collect();
            match &bound {
                None => bound = Some(names),
                Some(b) if *b != names => {
                    return Err(self.error("alternative patterns bind different names", o.range));
                }
                Some(_) => {}
            }
            self.jump(Op::Jump, end);
            self.emit_fail_pops(&mut alt_pc);
        }
        // No alternative matched: drop the subject and fail.
        self.emit(Op::PopTop, 0);
        self.jump_to_fail_pop(pc, Op::Jump);
        self.bind(end);
        self.emit(Op::PopTop, 0);
        if let Some(b) = bound {
            pc.names.extend(b);
        }
        Ok(())
    }

    fn pattern_sequence(&mut self, patterns: &'a [Pattern], pc: &mut Ctx) -> R {
        let size = patterns.len();
        let star = patterns
            .iter()
            .position(|p| matches!(p, Pattern::MatchStar(_)));
        if patterns
            .iter()
            .filter(|p| matches!(p, Pattern::MatchStar(_)))
            .count()
            > 1
        {
            return Err(self.error(
                "multiple starred names in sequence pattern",
                patterns[0].range(),
            ));
        }
        pc.on_top += 1;
        self.emit(Op::MatchSequence, 0);
        self.jump_to_fail_pop(pc, Op::PopJumpIfFalse);
        self.emit(Op::GetLen, 0);
        match star {
            None => {
                self.load_const(Constant::Int(size as i64));
                self.emit(Op::CompareOp, CmpOp::Eq as u32);
            }
            Some(_) => {
                self.load_const(Constant::Int(size as i64 - 1));
                self.emit(Op::CompareOp, CmpOp::Ge as u32);
            }
        }
        self.jump_to_fail_pop(pc, Op::PopJumpIfFalse);
        pc.on_top -= 1;
        match star {
            None => self.emit(Op::UnpackSequence, size as u32),
            Some(i) => self.emit(Op::UnpackEx, i as u32 | (((size - i - 1) as u32) << 8)),
        }
        pc.on_top += size;
        for sub in patterns {
            pc.on_top -= 1;
            self.pattern(sub, pc)?;
        }
        Ok(())
    }

    fn pattern_mapping(&mut self, m: &'a ast::PatternMatchMapping, pc: &mut Ctx) -> R {
        let size = m.keys.len();
        pc.on_top += 1;
        self.emit(Op::MatchMapping, 0);
        self.jump_to_fail_pop(pc, Op::PopJumpIfFalse);
        if size == 0 && m.rest.is_none() {
            pc.on_top -= 1;
            self.emit(Op::PopTop, 0);
            return Ok(());
        }
        if size > 0 {
            self.emit(Op::GetLen, 0);
            self.load_const(Constant::Int(size as i64));
            self.emit(Op::CompareOp, CmpOp::Ge as u32);
            self.jump_to_fail_pop(pc, Op::PopJumpIfFalse);
        }
        for k in &m.keys {
            self.expr(k)?;
        }
        self.emit(Op::BuildTuple, size as u32);
        self.emit(Op::MatchKeys, 0);
        pc.on_top += 2;
        self.emit(Op::Copy, 1);
        self.load_const(Constant::None);
        self.emit(Op::IsOp, 1);
        self.jump_to_fail_pop(pc, Op::PopJumpIfFalse);
        self.emit(Op::UnpackSequence, size as u32);
        pc.on_top += size;
        pc.on_top -= 1;
        for sub in &m.patterns {
            pc.on_top -= 1;
            self.pattern(sub, pc)?;
        }
        pc.on_top -= 2;
        match &m.rest {
            Some(rest) => {
                self.emit(Op::CopyDictWithoutKeys, 0);
                self.store_capture(rest, pc)?;
            }
            None => {
                self.emit(Op::PopTop, 0);
                self.emit(Op::PopTop, 0);
            }
        }
        Ok(())
    }

    fn pattern_class(&mut self, c: &'a ast::PatternMatchClass, pc: &mut Ctx) -> R {
        let npos = c.arguments.patterns.len();
        let names: Vec<Constant> = c
            .arguments
            .keywords
            .iter()
            .map(|k| Constant::Str(k.attr.id.as_str().into()))
            .collect();
        let total = npos + names.len();
        self.expr(&c.cls)?;
        self.load_const(Constant::Tuple(names.into()));
        self.emit(Op::MatchClass, npos as u32);
        pc.on_top += 1;
        self.emit(Op::Copy, 1);
        self.load_const(Constant::None);
        self.emit(Op::IsOp, 1);
        self.jump_to_fail_pop(pc, Op::PopJumpIfFalse);
        self.emit(Op::UnpackSequence, total as u32);
        pc.on_top += total;
        pc.on_top -= 1;
        let subs = c
            .arguments
            .patterns
            .iter()
            .chain(c.arguments.keywords.iter().map(|k| &k.pattern));
        for sub in subs {
            pc.on_top -= 1;
            self.pattern(sub, pc)?;
        }
        Ok(())
    }
}
