//! Expressions: constants (folded as CPython folds them, see `fold`), names, calls (method
//! calls through `LOAD_METHOD`), collections, lambdas, conditions compiled to jumps, and the
//! `SEND` loop behind `yield from` and `await`. Comprehensions are in `comprehension`,
//! f-strings in `fstring`.

use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::{Num, ToPrimitive};
use ruff_python_ast::{self as ast, BoolOp, CmpOp as AstCmp, Expr, ExprContext, Number, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

use super::comprehension::CompKind;
use super::stmt::binop;
use super::{Compiler, Label, NameCtx, R};
use crate::bytecode::{CmpOp, Op};
use crate::code::{CodeFlags, Constant};
use crate::guard::deep;

/// Collections longer than this are built incrementally, keeping the value stack small.
const BUILD_LIMIT: usize = 16;

impl<'a, 's> Compiler<'a, 's> {
    /// Compiles an expression. Its instructions carry the line where it starts (the line a
    /// traceback shows for a failing call or operation); the line in force before is
    /// restored after, so a statement's own instructions keep the statement's line.
    pub(super) fn expr(&mut self, e: &'a Expr) -> R {
        deep(|| {
            let saved = (self.unit_ref().line, self.unit_ref().end_line);
            self.set_line(e.range());
            let r = self.expr_inner(e);
            (self.unit().line, self.unit().end_line) = saved;
            r
        })
    }

    fn expr_inner(&mut self, e: &'a Expr) -> R {
        if let Some(c) = constant(e) {
            self.load_const(c);
            return Ok(());
        }
        match e {
            Expr::Name(n) => {
                if n.ctx != ExprContext::Load {
                    return Err(self.error("invalid name context", n.range));
                }
                self.name_op(&n.id, NameCtx::Load);
            }
            Expr::BoolOp(b) => {
                let end = self.new_label();
                let op = if b.op == BoolOp::And {
                    Op::JumpIfFalseOrPop
                } else {
                    Op::JumpIfTrueOrPop
                };
                let (last, init) = b.values.split_last().expect("a bool op has two values");
                for v in init {
                    self.expr(v)?;
                    self.jump(op, end);
                }
                self.expr(last)?;
                self.bind(end);
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Op::Copy, 1);
                self.store(&n.target)?;
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.emit(Op::BinaryOp, binop(b.op) as u32);
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                let op = match u.op {
                    UnaryOp::Not => Op::UnaryNot,
                    UnaryOp::USub => Op::UnaryNegative,
                    UnaryOp::UAdd => Op::UnaryPositive,
                    UnaryOp::Invert => Op::UnaryInvert,
                };
                self.emit(op, 0);
            }
            Expr::Lambda(l) => self.lambda(l)?,
            Expr::If(i) => {
                let orelse = self.new_label();
                let end = self.new_label();
                self.jump_if(&i.test, false, orelse)?;
                self.expr(&i.body)?;
                self.jump(Op::Jump, end);
                self.bind(orelse);
                self.expr(&i.orelse)?;
                self.bind(end);
            }
            Expr::Dict(d) => self.dict(d)?,
            Expr::Set(s) => self.collection(&s.elts, Op::BuildSet)?,
            Expr::List(l) => {
                if l.ctx != ExprContext::Load {
                    return Err(self.error("invalid list context", l.range));
                }
                self.collection(&l.elts, Op::BuildList)?
            }
            Expr::Tuple(t) => {
                if t.ctx != ExprContext::Load {
                    return Err(self.error("invalid tuple context", t.range));
                }
                self.collection(&t.elts, Op::BuildTuple)?
            }
            Expr::ListComp(c) => {
                self.comprehension(e.range(), &c.generators, CompKind::List(&c.elt))?
            }
            Expr::SetComp(c) => {
                self.comprehension(e.range(), &c.generators, CompKind::Set(&c.elt))?
            }
            Expr::DictComp(c) => match &c.key {
                Some(k) => {
                    self.comprehension(e.range(), &c.generators, CompKind::Dict(k, &c.value))?
                }
                None => {
                    return Err(self.error(
                        "dict unpacking cannot be used in dict comprehension",
                        c.range,
                    ));
                }
            },
            Expr::Generator(g) => {
                self.comprehension(e.range(), &g.generators, CompKind::Gen(&g.elt))?
            }
            Expr::Await(a) => {
                self.check_in_function("'await' outside function", a.range)?;
                let flags = self.unit_ref().flags;
                let in_comprehension =
                    self.scope_kind() == crate::symtable::ScopeKind::Comprehension;
                if flags & (CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR) == 0
                    && !in_comprehension
                {
                    return Err(self.error("'await' outside async function", a.range));
                }
                self.expr(&a.value)?;
                self.emit(Op::GetAwaitable, 0);
                self.load_const(Constant::None);
                self.yield_from_loop(true);
            }
            Expr::Yield(y) => {
                self.check_in_function("'yield' outside function", y.range)?;
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Constant::None),
                }
                self.emit(Op::YieldValue, 0);
            }
            Expr::YieldFrom(y) => {
                self.check_in_function("'yield' outside function", y.range)?;
                if self.unit_ref().flags & (CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR) != 0
                {
                    return Err(self.error("'yield from' inside async function", y.range));
                }
                self.expr(&y.value)?;
                self.emit(Op::GetYieldFromIter, 0);
                self.load_const(Constant::None);
                self.yield_from_loop(false);
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::Call(c) => self.call(c)?,
            Expr::FString(f) => self.fstring(f)?,
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.set_line(a.range);
                let i = self.attr_name(&a.attr);
                self.emit(Op::LoadAttr, i);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::BinarySubscr, 0);
            }
            Expr::Slice(s) => {
                let mut n = 2;
                for part in [&s.lower, &s.upper] {
                    match part {
                        Some(p) => self.expr(p)?,
                        None => self.load_const(Constant::None),
                    }
                }
                if let Some(step) = &s.step {
                    self.expr(step)?;
                    n = 3;
                }
                self.emit(Op::BuildSlice, n);
            }
            Expr::Starred(s) => {
                return Err(self.error("can't use starred expression here", s.range));
            }
            Expr::TString(t) => return Err(self.error("t-strings require Python 3.14", t.range)),
            Expr::IpyEscapeCommand(i) => return Err(self.error("invalid syntax", i.range)),
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {}
        }
        Ok(())
    }

    fn check_in_function(&self, msg: &str, range: TextRange) -> R {
        if self.table.scopes[self.unit_ref().scope].is_function_like() {
            Ok(())
        } else {
            Err(self.error(msg, range))
        }
    }

    /// Jumps to `label` when `e` is `cond`, else falls through; `not`, `and`, `or` and
    /// comparisons jump directly instead of building a bool.
    pub(super) fn jump_if(&mut self, e: &'a Expr, cond: bool, label: Label) -> R {
        deep(|| match e {
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => self.jump_if(&u.operand, !cond, label),
            Expr::BoolOp(b) => {
                let is_or = b.op == BoolOp::Or;
                let (last, init) = b.values.split_last().expect("a bool op has two values");
                let next = self.new_label();
                // `a or b` jumps when true as soon as one is true; `a and b` when false, ...
                let target = if cond == is_or { label } else { next };
                for v in init {
                    self.jump_if(v, is_or, target)?;
                }
                self.jump_if(last, cond, label)?;
                self.bind(next);
                Ok(())
            }
            Expr::BooleanLiteral(b) => {
                if b.value == cond {
                    self.jump(Op::Jump, label);
                }
                Ok(())
            }
            _ => {
                self.expr(e)?;
                let op = if cond {
                    Op::PopJumpIfTrue
                } else {
                    Op::PopJumpIfFalse
                };
                self.jump(op, label);
                Ok(())
            }
        })
    }

    fn compare(&mut self, c: &'a ast::ExprCompare) -> R {
        self.expr(&c.left)?;
        let n = c.ops.len();
        if n == 1 {
            self.compare_operand(c.ops[0], &c.comparators[0])?;
            self.compare_op(c.ops[0]);
            return Ok(());
        }
        let cleanup = self.new_label();
        let end = self.new_label();
        for i in 0..n - 1 {
            self.compare_operand(c.ops[i], &c.comparators[i])?;
            self.emit(Op::Swap, 2);
            self.emit(Op::Copy, 2);
            self.compare_op(c.ops[i]);
            self.jump(Op::JumpIfFalseOrPop, cleanup);
        }
        self.compare_operand(c.ops[n - 1], &c.comparators[n - 1])?;
        self.compare_op(c.ops[n - 1]);
        self.jump(Op::Jump, end);
        self.bind(cleanup);
        self.emit(Op::Swap, 2);
        self.emit(Op::PopTop, 0);
        self.bind(end);
        Ok(())
    }

    /// The right operand; `x in [1, 2]` and `x in {1, 2}` use a constant tuple or frozenset.
    fn compare_operand(&mut self, op: AstCmp, e: &'a Expr) -> R {
        if matches!(op, AstCmp::In | AstCmp::NotIn) {
            let folded = match e {
                Expr::List(l) => constants(&l.elts).map(|c| Constant::Tuple(c.into())),
                Expr::Set(s) => constants(&s.elts).map(|c| Constant::FrozenSet(c.into())),
                _ => None,
            };
            if let Some(c) = folded {
                self.load_const(c);
                return Ok(());
            }
        }
        self.expr(e)
    }

    fn compare_op(&mut self, op: AstCmp) {
        let (code, arg) = match op {
            AstCmp::Eq => (Op::CompareOp, CmpOp::Eq as u32),
            AstCmp::NotEq => (Op::CompareOp, CmpOp::Ne as u32),
            AstCmp::Lt => (Op::CompareOp, CmpOp::Lt as u32),
            AstCmp::LtE => (Op::CompareOp, CmpOp::Le as u32),
            AstCmp::Gt => (Op::CompareOp, CmpOp::Gt as u32),
            AstCmp::GtE => (Op::CompareOp, CmpOp::Ge as u32),
            AstCmp::Is => (Op::IsOp, 0),
            AstCmp::IsNot => (Op::IsOp, 1),
            AstCmp::In => (Op::ContainsOp, 0),
            AstCmp::NotIn => (Op::ContainsOp, 1),
        };
        self.emit(code, arg);
    }

    fn call(&mut self, c: &'a ast::ExprCall) -> R {
        let simple = !has_unpacking(&c.arguments.args, &c.arguments.keywords);
        match &*c.func {
            Expr::Attribute(a) if simple && a.ctx == ExprContext::Load => {
                self.expr(&a.value)?;
                self.set_line(a.range);
                let i = self.attr_name(&a.attr);
                self.emit(Op::LoadMethod, i);
            }
            f => {
                self.expr(f)?;
                self.emit(Op::PushNull, 0);
            }
        }
        self.set_span(c.range());
        self.call_args(0, &c.arguments.args, &c.arguments.keywords)
    }

    /// Pushes the arguments and calls; `pushed` positional arguments are already on the stack
    /// above the callable and its `self_or_null` slot.
    fn check_repeated_keywords(&self, keywords: &[ast::Keyword]) -> R {
        let mut seen = std::collections::HashSet::new();
        for k in keywords {
            if let Some(name) = &k.arg
                && !seen.insert(name.as_str())
            {
                return Err(self.error(format!("keyword argument repeated: {name}"), k.range));
            }
        }
        Ok(())
    }

    pub(super) fn call_args(
        &mut self,
        pushed: u32,
        args: &'a [Expr],
        keywords: &'a [ast::Keyword],
    ) -> R {
        self.call_args_with(pushed, args, None, keywords)
    }

    /// The positional arguments of a call with unpacking, as one tuple: `pushed` values
    /// already on the stack, then `args`, then the local `extra`.
    fn star_args(&mut self, pushed: u32, args: &'a [Expr], extra: Option<&str>) -> R {
        self.emit(Op::BuildList, pushed);
        for a in args {
            match a {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(Op::ListExtend, 1);
                }
                a => {
                    self.expr(a)?;
                    self.emit(Op::ListAppend, 1);
                }
            }
        }
        if let Some(extra) = extra {
            self.name_op(extra, NameCtx::Load);
            self.emit(Op::ListAppend, 1);
        }
        self.emit(Op::ListToTuple, 0);
        Ok(())
    }

    /// [`Self::call_args`], with the local `extra` loaded as one more positional argument
    /// after `args` (the implicit `Generic` base of a generic class).
    pub(super) fn call_args_with(
        &mut self,
        pushed: u32,
        args: &'a [Expr],
        extra: Option<&str>,
        keywords: &'a [ast::Keyword],
    ) -> R {
        self.check_repeated_keywords(keywords)?;
        if has_unpacking(args, keywords) {
            if let ([Expr::Starred(s)], 0, None) = (args, pushed, extra) {
                // A lone `*x` goes to CALL_FUNCTION_EX as it is, as in CPython: the call
                // makes the tuple, and its error names the callee.
                self.expr(&s.value)?;
            } else {
                self.star_args(pushed, args, extra)?;
            }
            if keywords.is_empty() {
                self.emit(Op::CallEx, 0);
                return Ok(());
            }
            self.emit(Op::BuildMap, 0);
            for k in keywords {
                match &k.arg {
                    Some(name) => {
                        self.load_const(Constant::Str(name.as_str().into()));
                        self.expr(&k.value)?;
                        self.emit(Op::BuildMap, 1);
                        self.emit(Op::DictMerge, 1);
                    }
                    None => {
                        self.expr(&k.value)?;
                        self.emit(Op::DictMerge, 1);
                    }
                }
            }
            self.emit(Op::CallEx, 1);
            return Ok(());
        }
        for a in args {
            self.expr(a)?;
        }
        if let Some(extra) = extra {
            self.name_op(extra, NameCtx::Load);
        }
        let n = pushed + args.len() as u32 + u32::from(extra.is_some());
        if keywords.is_empty() {
            self.emit(Op::Call, n);
            return Ok(());
        }
        let mut names = Vec::with_capacity(keywords.len());
        for k in keywords {
            self.expr(&k.value)?;
            if let Some(name) = &k.arg {
                names.push(Constant::Str(name.as_str().into()));
            }
        }
        self.load_const(Constant::Tuple(names.into()));
        self.emit(Op::CallKw, n + keywords.len() as u32);
        Ok(())
    }

    /// A list, tuple or set display.
    fn collection(&mut self, elts: &'a [Expr], build: Op) -> R {
        let starred = elts.iter().any(|e| matches!(e, Expr::Starred(_)));
        if !starred {
            if let Some(consts) = constants(elts) {
                match build {
                    Op::BuildTuple => {
                        self.load_const(Constant::Tuple(consts.into()));
                        return Ok(());
                    }
                    _ if consts.len() >= 3 => {
                        self.emit(build, 0);
                        let (c, update) = if build == Op::BuildSet {
                            (Constant::FrozenSet(consts.into()), Op::SetUpdate)
                        } else {
                            (Constant::Tuple(consts.into()), Op::ListExtend)
                        };
                        self.load_const(c);
                        self.emit(update, 1);
                        return Ok(());
                    }
                    _ => {}
                }
            }
            if elts.len() <= BUILD_LIMIT {
                for e in elts {
                    self.expr(e)?;
                }
                self.emit(build, elts.len() as u32);
                return Ok(());
            }
        }
        let (start, add, extend) = if build == Op::BuildSet {
            (Op::BuildSet, Op::SetAdd, Op::SetUpdate)
        } else {
            (Op::BuildList, Op::ListAppend, Op::ListExtend)
        };
        self.emit(start, 0);
        for e in elts {
            match e {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(extend, 1);
                }
                e => {
                    self.expr(e)?;
                    self.emit(add, 1);
                }
            }
        }
        if build == Op::BuildTuple {
            self.emit(Op::ListToTuple, 0);
        }
        Ok(())
    }

    fn dict(&mut self, d: &'a ast::ExprDict) -> R {
        let unpacking = d.items.iter().any(|i| i.key.is_none());
        if !unpacking && d.items.len() <= BUILD_LIMIT {
            for item in &d.items {
                if let Some(k) = &item.key {
                    self.expr(k)?;
                }
                self.expr(&item.value)?;
            }
            self.emit(Op::BuildMap, d.items.len() as u32);
            return Ok(());
        }
        self.emit(Op::BuildMap, 0);
        for item in &d.items {
            match &item.key {
                Some(k) => {
                    self.expr(k)?;
                    self.expr(&item.value)?;
                    self.emit(Op::MapAdd, 1);
                }
                None => {
                    self.expr(&item.value)?;
                    self.emit(Op::DictUpdate, 1);
                }
            }
        }
        Ok(())
    }

    fn lambda(&mut self, l: &'a ast::ExprLambda) -> R {
        let flags = match &l.parameters {
            Some(p) => self.defaults(p)?,
            None => 0,
        };
        let scope = self.scope_id(l.range)?;
        let qualname = self.qualname("<lambda>");
        let line = self.line(l.range);
        self.enter_unit(scope, "<lambda>".into(), qualname, line);
        if let Some(p) = &l.parameters {
            self.set_arg_counts(p);
        }
        self.set_line(l.body.range());
        self.expr(&l.body)?;
        self.emit(Op::ReturnValue, 0);
        let code = self.leave_unit();
        self.make_function(code, flags);
        Ok(())
    }

    /// The `SEND` loop of `yield from` and `await`: the receiver and the first value to send
    /// are on the stack; leaves the result.
    pub(super) fn yield_from_loop(&mut self, _await: bool) {
        let send = self.new_label();
        let fail = self.new_label();
        let exit = self.new_label();
        self.bind(send);
        self.jump(Op::Send, exit);
        let h = self.unit().push_handler(fail, false);
        self.emit(Op::YieldValue, 0);
        self.unit().pop_handler();
        self.jump(Op::Jump, send);
        self.unit().bind_handler(h);
        self.emit(Op::CleanupThrow, 0);
        self.bind(exit);
        self.emit(Op::EndSend, 0);
    }
}

fn has_unpacking(args: &[Expr], keywords: &[ast::Keyword]) -> bool {
    args.iter().any(|a| matches!(a, Expr::Starred(_))) || keywords.iter().any(|k| k.arg.is_none())
}

/// The constants of a tuple's elements, if all are constants.
fn constants(elts: &[Expr]) -> Option<Vec<Constant>> {
    elts.iter().map(constant).collect()
}

/// The value of a constant expression: literals, negated numbers and tuples of constants
/// (CPython's AST optimizer folds these).
pub(super) fn constant(e: &Expr) -> Option<Constant> {
    Some(match e {
        Expr::NoneLiteral(_) => Constant::None,
        Expr::BooleanLiteral(b) => Constant::Bool(b.value),
        Expr::EllipsisLiteral(_) => Constant::Ellipsis,
        Expr::StringLiteral(s) => Constant::Str(s.value.to_str().into()),
        Expr::BytesLiteral(b) => Constant::Bytes(b.value.bytes().collect::<Vec<u8>>().into()),
        Expr::NumberLiteral(n) => number(&n.value),
        Expr::UnaryOp(u) if u.op == UnaryOp::USub => match &*u.operand {
            Expr::NumberLiteral(n) => negate(number(&n.value)),
            operand => match deep(|| constant(operand))? {
                c @ (Constant::Int(_) | Constant::BigInt(_) | Constant::Float(_)) => negate(c),
                _ => return None,
            },
        },
        Expr::UnaryOp(u) if u.op == UnaryOp::Invert => {
            super::fold::invert(&deep(|| constant(&u.operand))?)?
        }
        Expr::BinOp(b) => {
            let left = deep(|| constant(&b.left))?;
            let right = deep(|| constant(&b.right))?;
            super::fold::binary(b.op, &left, &right)?
        }
        Expr::Tuple(t) if t.ctx == ExprContext::Load => {
            if t.elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                return None;
            }
            Constant::Tuple(constants(&t.elts)?.into())
        }
        _ => return None,
    })
}

fn number(n: &Number) -> Constant {
    match n {
        Number::Int(i) => match i.as_i64() {
            Some(v) => Constant::Int(v),
            None => big_int(&i.to_string()),
        },
        Number::Float(f) => Constant::Float(*f),
        Number::Complex { real, imag } => Constant::Complex {
            re: *real,
            im: *imag,
        },
    }
}

/// Parses an integer literal that does not fit an `i64` (decimal, or `0x`/`0o`/`0b`).
fn big_int(text: &str) -> Constant {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    let (digits, radix) = match lower.get(..2) {
        Some("0x") => (&lower[2..], 16),
        Some("0o") => (&lower[2..], 8),
        Some("0b") => (&lower[2..], 2),
        _ => (&lower[..], 10),
    };
    match BigInt::from_str_radix(digits, radix) {
        Ok(v) => match v.to_i64() {
            Some(small) => Constant::Int(small),
            None => Constant::BigInt(Box::new(v)),
        },
        // The lexer accepted the literal, so it parses; keep the text rather than panic.
        Err(_) => Constant::Str(Arc::from(text)),
    }
}

fn negate(c: Constant) -> Constant {
    match c {
        Constant::Int(i) => match i.checked_neg() {
            Some(n) => Constant::Int(n),
            None => Constant::BigInt(Box::new(-BigInt::from(i))),
        },
        Constant::BigInt(b) => {
            let n = -*b;
            match n.to_i64() {
                Some(small) => Constant::Int(small),
                None => Constant::BigInt(Box::new(n)),
            }
        }
        Constant::Float(f) => Constant::Float(-f),
        Constant::Complex { re, im } => Constant::Complex { re: -re, im: -im },
        other => other,
    }
}
