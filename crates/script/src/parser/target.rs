//! Assignment and `del` targets: turning a parsed expression into a [`Target`], with
//! CPython's errors for everything else (`_PyPegen_get_invalid_target`,
//! `_PyPegen_get_expr_name`).

use super::{Node, PResult, Parser};
use crate::ast::{Constant, Expr, ExprKind, Target, TargetKind};
use crate::lexer::RawError;
use crate::span::Span;
use crate::token::{Op, TokenKind};

/// Assignment or deletion.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ctx {
    Store,
    Del,
}

impl Parser<'_> {
    /// The target `node` names. `first` is the first target of an assignment statement (the
    /// `=` is next), where CPython suggests `==`.
    pub(crate) fn target(&mut self, node: Node, ctx: Ctx, first: bool) -> PResult<Target> {
        let span = node.outer;
        let verb = match ctx {
            Ctx::Store => "assign to",
            Ctx::Del => "delete",
        };
        let kind = match node.expr.kind {
            ExprKind::Name(name) => {
                if name == "__debug__" {
                    self.defer_debug(verb, span);
                }
                TargetKind::Name(name)
            }
            ExprKind::Attribute { value, attr } => {
                if attr.name == "__debug__" {
                    self.defer_debug(verb, span);
                }
                TargetKind::Attribute { value, attr }
            }
            ExprKind::Subscript { value, index } => TargetKind::Subscript { value, index },
            kind => {
                let expr = Expr {
                    kind,
                    span: node.expr.span,
                };
                return Err(self.bad_target(&expr, ctx, first));
            }
        };
        Ok(Target { kind, span })
    }

    fn defer_debug(&mut self, verb: &str, span: Span) {
        self.defer(
            span,
            RawError::syntax(format!("cannot {verb} __debug__"), span),
        );
    }

    #[cold]
    fn bad_target(&mut self, e: &Expr, ctx: Ctx, first: bool) -> RawError {
        // `invalid_named_expression`: `f() = 1` reads like a comparison gone wrong.
        if first && ctx == Ctx::Store && maybe_comparison(e) {
            let m = self.mark();
            self.bump();
            let rhs = self.unary().is_ok()
                && !matches!(
                    self.peek(),
                    TokenKind::Op(Op::Assign) | TokenKind::OtherOp(":=")
                );
            self.reset(m);
            if rhs {
                return RawError::syntax(
                    format!(
                        "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                        self.expr_name(e)
                    ),
                    e.span,
                );
            }
        }
        let verb = match ctx {
            Ctx::Store => "assign to",
            Ctx::Del => "delete",
        };
        match invalid_target(e) {
            Some(bad) => {
                RawError::syntax(format!("cannot {verb} {}", self.expr_name(bad)), bad.span)
            }
            // A tuple or list of valid targets: Python, but not the statement language.
            None => {
                let what = if matches!(e.kind, ExprKind::List(_)) {
                    "list"
                } else {
                    "tuple"
                };
                let msg = match ctx {
                    Ctx::Store => {
                        format!("{what} unpacking is not supported in the statement language")
                    }
                    Ctx::Del => {
                        format!("del of a {what} is not supported in the statement language")
                    }
                };
                RawError::syntax(msg, e.span)
            }
        }
    }

    /// `_PyPegen_get_expr_name`: how CPython names an expression in error messages.
    pub(crate) fn expr_name(&self, e: &Expr) -> &'static str {
        match &e.kind {
            ExprKind::Constant(Constant::None) => "None",
            ExprKind::Constant(Constant::Bool(true)) => "True",
            ExprKind::Constant(Constant::Bool(false)) => "False",
            // `-1` is a unary operation in CPython's tree; this parser folded it.
            ExprKind::Constant(_) if self.text(e.span).starts_with('-') => "expression",
            ExprKind::Constant(_) => "literal",
            ExprKind::Name(_) => "name",
            ExprKind::Tuple(_) => "tuple",
            ExprKind::List(_) => "list",
            ExprKind::Dict(_) => "dict literal",
            ExprKind::Attribute { .. } => "attribute",
            ExprKind::Subscript { .. } => "subscript",
            ExprKind::Call { .. } => "function call",
            ExprKind::Not(_) | ExprKind::Neg(_) => "expression",
            ExprKind::Compare { .. } => "comparison",
        }
    }
}

/// `_PyPegen_get_invalid_target`: the first part of `e` that cannot be a target, looking
/// inside tuples and lists; `None` when all of it can.
fn invalid_target(e: &Expr) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Tuple(elts) | ExprKind::List(elts) => elts.iter().find_map(invalid_target),
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        _ => Some(e),
    }
}

/// Whether CPython's `invalid_named_expression` rule applies to target `e`: it is a
/// `bitwise_or` (no comparison, `not` or bare tuple) that does not start with a list, a tuple,
/// `True`, `None` or `False`.
fn maybe_comparison(e: &Expr) -> bool {
    if matches!(e.kind, ExprKind::Compare { .. } | ExprKind::Not(_)) {
        return false;
    }
    let mut leftmost = e;
    loop {
        leftmost = match &leftmost.kind {
            ExprKind::Attribute { value, .. } | ExprKind::Subscript { value, .. } => value,
            ExprKind::Call { func, .. } => func,
            ExprKind::List(_)
            | ExprKind::Tuple(_)
            | ExprKind::Constant(Constant::None | Constant::Bool(_)) => return false,
            _ => return true,
        };
    }
}
