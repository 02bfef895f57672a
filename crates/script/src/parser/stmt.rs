//! Statements: lines, `import`, `del`, assignments and expression statements.

use super::target::Ctx;
use super::{PResult, Parser};
use crate::ast::{Alias, Expr, ExprKind, Ident, Program, Stmt, StmtKind};
use crate::error::ErrorType;
use crate::lexer::RawError;
use crate::span::Span;
use crate::token::{Kw, Op, TokenKind};

impl Parser<'_> {
    pub(crate) fn program(&mut self) -> PResult<Program> {
        let mut body = Vec::new();
        loop {
            match self.peek() {
                TokenKind::Eof => break,
                TokenKind::Indent => {
                    return Err(RawError {
                        exc_type: ErrorType::IndentationError,
                        msg: "unexpected indent".into(),
                        span: self.span(),
                    });
                }
                _ => {}
            }
            loop {
                body.push(self.stmt()?);
                if self.eat(Op::Semi).is_none()
                    || matches!(self.peek(), TokenKind::Newline | TokenKind::Eof)
                {
                    break;
                }
            }
            match self.peek() {
                TokenKind::Newline => {
                    self.bump();
                }
                TokenKind::Eof => {}
                _ => return Err(self.unexpected()),
            }
        }
        Ok(Program {
            body,
            span: Span::new(0, self.src.len()),
        })
    }

    fn stmt(&mut self) -> PResult<Stmt> {
        match self.peek() {
            TokenKind::Kw(Kw::Import) => self.import(),
            TokenKind::Kw(Kw::Del) => self.del(),
            _ => self.expr_stmt(),
        }
    }

    fn import(&mut self) -> PResult<Stmt> {
        let kw = self.bump();
        let mut aliases = Vec::new();
        let mut any_as = false;
        loop {
            let (name, name_span) = self.dotted_name()?;
            let asname = if self.at_kw(Kw::As) {
                self.bump();
                any_as = true;
                let (name, span) = self.expect_name()?;
                Some(Ident { name, span })
            } else {
                None
            };
            let span = name_span.cover(asname.as_ref().map_or(name_span, |id| id.span));
            let alias = Alias {
                name,
                name_span,
                asname,
                span,
            };
            if alias.binding() == "__debug__" {
                self.defer(span, RawError::syntax("cannot assign to __debug__", span));
            }
            aliases.push(alias);
            if self.eat(Op::Comma).is_none() {
                break;
            }
        }
        // `import a from b` (CPython 3.13's `invalid_import`).
        if !any_as && *self.peek() == TokenKind::OtherKeyword("from") {
            let m = self.mark();
            self.bump();
            if let Ok((_, end)) = self.dotted_name() {
                return Err(RawError::syntax(
                    "Did you mean to use 'from ... import ...' instead?",
                    kw.cover(end),
                ));
            }
            self.reset(m);
        }
        let span = kw.cover(self.prev_span());
        self.end_of_stmt(None)?;
        Ok(Stmt {
            kind: StmtKind::Import(aliases),
            span,
        })
    }

    fn dotted_name(&mut self) -> PResult<(String, Span)> {
        let (mut name, mut span) = self.expect_name()?;
        while self.eat(Op::Dot).is_some() {
            let (part, part_span) = self.expect_name()?;
            name.push('.');
            name.push_str(&part);
            span = span.cover(part_span);
        }
        Ok((name, span))
    }

    fn del(&mut self) -> PResult<Stmt> {
        let kw = self.bump();
        let (elts, _, span) = self.expr_list()?;
        let last = elts.last().map(|e| (e.expr.clone(), e.outer));
        let mut targets = Vec::with_capacity(elts.len());
        for e in elts {
            targets.push(self.target(e, Ctx::Del, false)?);
        }
        self.end_of_stmt(last.as_ref().map(|(e, outer)| (e, *outer)))?;
        Ok(Stmt {
            kind: StmtKind::Delete(targets),
            span: kw.cover(span),
        })
    }

    fn expr_stmt(&mut self) -> PResult<Stmt> {
        let first = self.exprs()?;
        let start = first.outer.start;
        if self.at(Op::Assign) {
            let mut targets = vec![self.target(first, Ctx::Store, true)?];
            loop {
                self.bump();
                let value = self.exprs()?;
                if self.at(Op::Assign) {
                    targets.push(self.target(value, Ctx::Store, false)?);
                    continue;
                }
                self.end_of_stmt(Some((&value.expr, value.outer)))?;
                return Ok(Stmt {
                    kind: StmtKind::Assign {
                        targets,
                        value: value.expr,
                    },
                    span: Span::new(start, value.outer.end),
                });
            }
        }
        if let TokenKind::OtherOp(op) = *self.peek()
            && op.ends_with('=')
            && op != ":="
            && !matches!(
                first.expr.kind,
                ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
            )
        {
            // CPython names an unassignable target of `+=` once the right side parses.
            let m = self.mark();
            self.bump();
            let rhs = self.exprs().is_ok();
            self.reset(m);
            if rhs {
                return Err(RawError::syntax(
                    format!(
                        "'{}' is an illegal expression for augmented assignment",
                        self.expr_name(&first.expr)
                    ),
                    first.expr.span,
                ));
            }
        }
        self.end_of_stmt(Some((&first.expr, first.outer)))?;
        Ok(Stmt {
            span: first.outer,
            kind: StmtKind::Expr(first.expr),
        })
    }

    /// After a statement: `;`, a line break or the end, else the error for what is there.
    /// `last` is the statement's last expression, for the `print x` message.
    fn end_of_stmt(&mut self, last: Option<(&Expr, Span)>) -> PResult<()> {
        if matches!(
            self.peek(),
            TokenKind::Op(Op::Semi) | TokenKind::Newline | TokenKind::Eof
        ) {
            return Ok(());
        }
        let err = last.and_then(|(e, outer)| self.adjacent(e, outer));
        Err(err.unwrap_or_else(|| self.unexpected()))
    }
}
