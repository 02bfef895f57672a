//! Expressions: `not`, comparisons, unary minus, primaries and atoms.
//!
//! Every bracket level of the source costs one trip through the functions on the recursion
//! path (`expr`, `comparison`, `unary`, `primary`, then `call`/`call_arg`, `subscript`,
//! `atom`/`paren`/`list`/`dict`, `seq`), so those keep only what surrounds the recursive
//! call: the rest (building nodes, checking what follows, errors) is in functions that are
//! not inlined and run after the recursion returned. Without that a debug build needs more
//! than a 2 MiB thread stack for [`MAX_DEPTH`](crate::MAX_DEPTH) nested calls.

use super::{Node, PResult, Parser};
use crate::ast::{CmpOp, Constant, Expr, ExprKind, Ident, Keyword};
use crate::lexer::RawError;
use crate::span::Span;
use crate::token::{Kw, Op, SOFT_KEYWORDS, TokenKind};

impl Parser<'_> {
    /// `exprs`: one expression, or a tuple of them when there is a comma.
    pub(crate) fn exprs(&mut self) -> PResult<Node> {
        let (mut elts, comma, span) = self.expr_list()?;
        if !comma
            && elts.len() == 1
            && let Some(only) = elts.pop()
        {
            return Ok(only);
        }
        let height = elts.iter().map(|e| e.height).max().unwrap_or(0) + 1;
        let elts = elts.into_iter().map(|e| e.expr).collect();
        self.node(ExprKind::Tuple(elts), span, height)
    }

    /// `expr (',' expr)* [',']` without brackets: the elements, whether there was a comma,
    /// and the span from the first element to the last element or comma.
    pub(crate) fn expr_list(&mut self) -> PResult<(Vec<Node>, bool, Span)> {
        let first = self.expr()?;
        let mut span = first.outer;
        let mut elts = vec![first];
        let mut comma = false;
        while let Some(c) = self.eat(Op::Comma) {
            comma = true;
            span = span.cover(c);
            if !self.starts_expr() {
                break;
            }
            let e = self.expr()?;
            span = span.cover(e.outer);
            elts.push(e);
        }
        Ok((elts, comma, span))
    }

    /// `expr`: `not` binds looser than comparisons, as in Python.
    pub(crate) fn expr(&mut self) -> PResult<Node> {
        if self.at_kw(Kw::Not) {
            return self.not_expr();
        }
        self.comparison()
    }

    #[inline(never)]
    fn not_expr(&mut self) -> PResult<Node> {
        let mut nots = Vec::new();
        while self.at_kw(Kw::Not) {
            nots.push(self.bump().start);
        }
        let mut node = self.comparison()?;
        for &start in nots.iter().rev() {
            let span = Span::new(start, node.outer.end);
            node = self.node(ExprKind::Not(Box::new(node.expr)), span, node.height + 1)?;
        }
        Ok(node)
    }

    fn comparison(&mut self) -> PResult<Node> {
        let left = self.unary()?;
        if !matches!(self.peek(), TokenKind::Op(_) | TokenKind::Kw(_)) {
            return Ok(left);
        }
        self.comparison_rest(left)
    }

    /// The operators and right operands of a comparison chain after its first operand.
    #[inline(never)]
    fn comparison_rest(&mut self, left: Node) -> PResult<Node> {
        let mut ops = Vec::new();
        let mut height = left.height;
        let mut span = left.outer;
        loop {
            let tok = match self.peek() {
                TokenKind::Op(op) => Ok(*op),
                TokenKind::Kw(kw) => Err(*kw),
                _ => break,
            };
            let op = match tok {
                Ok(Op::Eq) => CmpOp::Eq,
                Ok(Op::NotEq) => CmpOp::NotEq,
                Ok(Op::Lt) => CmpOp::Lt,
                Ok(Op::LtE) => CmpOp::LtE,
                Ok(Op::Gt) => CmpOp::Gt,
                Ok(Op::GtE) => CmpOp::GtE,
                Err(Kw::In) => CmpOp::In,
                Err(Kw::Is) if *self.nth(1) == TokenKind::Kw(Kw::Not) => CmpOp::IsNot,
                Err(Kw::Is) => CmpOp::Is,
                Err(Kw::Not) if *self.nth(1) == TokenKind::Kw(Kw::In) => CmpOp::NotIn,
                _ => break,
            };
            self.bump();
            if matches!(op, CmpOp::IsNot | CmpOp::NotIn) {
                self.bump();
            }
            let right = self.unary()?;
            height = height.max(right.height);
            span = span.cover(right.outer);
            ops.push((op, right.expr));
        }
        if ops.is_empty() {
            return Ok(left);
        }
        let kind = ExprKind::Compare {
            left: Box::new(left.expr),
            ops,
        };
        self.node(kind, span, height + 1)
    }

    /// `unary`: a minus sign directly before a number literal is folded into the literal.
    pub(crate) fn unary(&mut self) -> PResult<Node> {
        if self.at(Op::Minus) {
            return self.signed();
        }
        self.primary()
    }

    #[inline(never)]
    fn signed(&mut self) -> PResult<Node> {
        let mut signs = Vec::new();
        while self.at(Op::Minus) {
            signs.push(self.bump().start);
        }
        let mut node = self.primary()?;
        for &start in signs.iter().rev() {
            let span = Span::new(start, node.outer.end);
            let folded = match &node.expr.kind {
                ExprKind::Constant(c) => c.negated(),
                _ => None,
            };
            node = match folded {
                Some(c) => Node {
                    expr: Expr {
                        kind: ExprKind::Constant(c),
                        span,
                    },
                    outer: span,
                    height: node.height,
                },
                None => self.node(ExprKind::Neg(Box::new(node.expr)), span, node.height + 1)?,
            };
        }
        Ok(node)
    }

    fn primary(&mut self) -> PResult<Node> {
        let mut node = self.atom()?;
        let start = node.outer.start;
        loop {
            let next = match *self.peek() {
                TokenKind::Op(Op::Dot) => self.attribute(node, start),
                TokenKind::Op(Op::LParen) => self.call(node, start),
                TokenKind::Op(Op::LBracket) => self.subscript(node, start),
                _ => return Ok(node),
            };
            node = next?;
        }
    }

    #[inline(never)]
    fn attribute(&mut self, value: Node, start: usize) -> PResult<Node> {
        self.bump();
        let (name, span) = self.expect_name()?;
        let kind = ExprKind::Attribute {
            value: Box::new(value.expr),
            attr: Ident { name, span },
        };
        self.node(kind, Span::new(start, span.end), value.height + 1)
    }

    fn atom(&mut self) -> PResult<Node> {
        match self.peek() {
            TokenKind::Op(Op::LParen) => self.paren(),
            TokenKind::Op(Op::LBracket) => self.list(),
            TokenKind::Op(Op::LBrace) => self.dict(),
            TokenKind::String(_) => self.strings(),
            _ => self.leaf(),
        }
    }

    /// A name, number or keyword constant.
    #[inline(never)]
    fn leaf(&mut self) -> PResult<Node> {
        let span = self.span();
        let kind = match self.peek() {
            TokenKind::Name => ExprKind::Name(self.text(span).to_owned()),
            TokenKind::Number(c) => ExprKind::Constant(c.clone()),
            TokenKind::Kw(Kw::None) => ExprKind::Constant(Constant::None),
            TokenKind::Kw(Kw::True) => ExprKind::Constant(Constant::Bool(true)),
            TokenKind::Kw(Kw::False) => ExprKind::Constant(Constant::Bool(false)),
            _ => return Err(self.unexpected()),
        };
        self.bump();
        self.node(kind, span, 1)
    }

    /// Adjacent string literals concatenate, as in Python.
    #[inline(never)]
    fn strings(&mut self) -> PResult<Node> {
        let start = self.span();
        let mut span = start;
        let mut text: Option<String> = None;
        let mut bytes: Option<Vec<u8>> = None;
        while let TokenKind::String(c) = self.peek() {
            match c {
                Constant::Bytes(b) => bytes.get_or_insert_default().extend_from_slice(b),
                Constant::Str(s) => text.get_or_insert_default().push_str(s),
                _ => {}
            }
            span = span.cover(self.bump());
        }
        let value = match (text, bytes) {
            (Some(_), Some(_)) => {
                return Err(RawError::syntax(
                    "cannot mix bytes and nonbytes literals",
                    span,
                ));
            }
            (None, Some(b)) => Constant::Bytes(b),
            (text, None) => Constant::Str(text.unwrap_or_default()),
        };
        self.node(ExprKind::Constant(value), span, 1)
    }

    /// `()`, `(x)` (grouping: the node is `x`'s, with the parentheses in `outer`), `(x,)`,
    /// `(x, y)`.
    fn paren(&mut self) -> PResult<Node> {
        let open = self.open();
        let (elts, comma) = self.seq(Op::RParen, false)?;
        self.finish_paren(open, elts, comma)
    }

    #[inline(never)]
    fn finish_paren(&mut self, open: Span, mut elts: Vec<Node>, comma: bool) -> PResult<Node> {
        let close = self.close(Op::RParen)?;
        let span = open.cover(close);
        if !comma
            && elts.len() == 1
            && let Some(inner) = elts.pop()
        {
            return Ok(Node {
                outer: span,
                ..inner
            });
        }
        let height = elts.iter().map(|e| e.height).max().unwrap_or(0) + 1;
        let elts = elts.into_iter().map(|e| e.expr).collect();
        self.node(ExprKind::Tuple(elts), span, height)
    }

    fn list(&mut self) -> PResult<Node> {
        let open = self.open();
        let (elts, _) = self.seq(Op::RBracket, false)?;
        self.finish_list(open, elts)
    }

    #[inline(never)]
    fn finish_list(&mut self, open: Span, elts: Vec<Node>) -> PResult<Node> {
        let close = self.close(Op::RBracket)?;
        let height = elts.iter().map(|e| e.height).max().unwrap_or(0) + 1;
        let elts = elts.into_iter().map(|e| e.expr).collect();
        self.node(ExprKind::List(elts), open.cover(close), height)
    }

    fn dict(&mut self) -> PResult<Node> {
        let open = self.open();
        let mut pairs = Vec::new();
        let mut height = 0;
        while !self.at(Op::RBrace) {
            let key = self.expr()?;
            self.colon(open, &key, pairs.is_empty())?;
            let value = self.expr()?;
            if !self.dict_pair(key, value, &mut pairs, &mut height)? {
                break;
            }
        }
        self.finish_dict(open, pairs, height)
    }

    /// The `:` after a dictionary key, and that a value follows it.
    #[inline(never)]
    fn colon(&mut self, open: Span, key: &Node, first: bool) -> PResult<()> {
        let Some(colon) = self.eat(Op::Colon) else {
            if let Some(err) = self.adjacent(&key.expr, key.outer) {
                return Err(err);
            }
            if first && (self.at(Op::Comma) || self.at(Op::RBrace)) {
                return Err(RawError::syntax(
                    "set displays are not supported in the statement language",
                    open.cover(key.outer),
                ));
            }
            if first {
                return Err(self.unexpected());
            }
            let last = self.src[..key.outer.end]
                .chars()
                .next_back()
                .map_or(0, char::len_utf8);
            return Err(RawError::syntax(
                "':' expected after dictionary key",
                Span::new(key.outer.end - last, key.outer.end),
            ));
        };
        if self.at(Op::Comma) || self.at(Op::RBrace) {
            return Err(RawError::syntax(
                "expression expected after dictionary key and ':'",
                colon,
            ));
        }
        Ok(())
    }

    /// Records a key/value pair; whether another may follow.
    #[inline(never)]
    fn dict_pair(
        &mut self,
        key: Node,
        value: Node,
        pairs: &mut Vec<(Expr, Expr)>,
        height: &mut u32,
    ) -> PResult<bool> {
        *height = (*height).max(key.height).max(value.height);
        let more = self.sep(&value.expr, value.outer, Op::RBrace, false)?;
        pairs.push((key.expr, value.expr));
        Ok(more)
    }

    #[inline(never)]
    fn finish_dict(&mut self, open: Span, pairs: Vec<(Expr, Expr)>, height: u32) -> PResult<Node> {
        let close = self.close(Op::RBrace)?;
        self.node(ExprKind::Dict(pairs), open.cover(close), height + 1)
    }

    fn call(&mut self, func: Node, start: usize) -> PResult<Node> {
        self.open();
        let mut acc = CallArgs {
            args: Vec::new(),
            keywords: Vec::new(),
            height: func.height,
        };
        while !self.at(Op::RParen) {
            if !self.call_arg(&mut acc)? {
                break;
            }
        }
        self.finish_call(func, start, acc)
    }

    /// One argument of a call; whether another may follow.
    #[inline(never)]
    fn call_arg(&mut self, acc: &mut CallArgs) -> PResult<bool> {
        if *self.peek() == TokenKind::Name && *self.nth(1) == TokenKind::Op(Op::Assign) {
            let (kw, h, outer) = self.keyword_arg()?;
            return self.keyword_done(kw, h, outer, acc);
        }
        if let TokenKind::Kw(Kw::True | Kw::False | Kw::None) = *self.peek()
            && *self.nth(1) == TokenKind::Op(Op::Assign)
        {
            return Err(self.assign_to_constant());
        }
        let arg = self.expr()?;
        self.positional_done(arg, acc)
    }

    #[inline(never)]
    fn keyword_done(
        &mut self,
        kw: Keyword,
        height: u32,
        outer: Span,
        acc: &mut CallArgs,
    ) -> PResult<bool> {
        acc.height = acc.height.max(height);
        let more = self.sep(&kw.value, outer, Op::RParen, false);
        acc.keywords.push(kw);
        more
    }

    #[inline(never)]
    fn positional_done(&mut self, arg: Node, acc: &mut CallArgs) -> PResult<bool> {
        if self.at(Op::Assign) {
            return Err(RawError::syntax(
                "expression cannot contain assignment, perhaps you meant \"==\"?",
                arg.expr.span.cover(self.span()),
            ));
        }
        if !acc.keywords.is_empty() {
            return Err(self.positional_after_keyword(arg));
        }
        acc.height = acc.height.max(arg.height);
        let more = self.sep(&arg.expr, arg.outer, Op::RParen, false);
        acc.args.push(arg.expr);
        more
    }

    /// `f(True=1)`: the name and `=` are next.
    #[cold]
    fn assign_to_constant(&mut self) -> RawError {
        let kw = match *self.peek() {
            TokenKind::Kw(kw) => kw,
            _ => Kw::None,
        };
        let name = self.bump();
        let eq = self.bump();
        RawError::syntax(format!("cannot assign to {}", kw.text()), name.cover(eq))
    }

    #[inline(never)]
    fn finish_call(&mut self, func: Node, start: usize, acc: CallArgs) -> PResult<Node> {
        let close = self.close(Op::RParen)?;
        let span = Span::new(start, close.end);
        if let Some(err) = validate_keywords(&acc.keywords) {
            self.defer(span, err);
        }
        let kind = ExprKind::Call {
            func: Box::new(func.expr),
            args: acc.args,
            keywords: acc.keywords,
        };
        self.node(kind, span, acc.height + 1)
    }

    /// `NAME = expr` in a call (the name and `=` are next): the keyword, the value's height
    /// and its outer span.
    fn keyword_arg(&mut self) -> PResult<(Keyword, u32, Span)> {
        let name_span = self.bump();
        let eq = self.bump();
        if self.at(Op::Comma) || self.at(Op::RParen) {
            return Err(RawError::syntax(
                "expected argument value expression",
                name_span.cover(eq),
            ));
        }
        let value = self.expr()?;
        Ok(self.keyword(name_span, value))
    }

    #[inline(never)]
    fn keyword(&self, name_span: Span, value: Node) -> (Keyword, u32, Span) {
        let name = self.text(name_span).to_owned();
        let span = name_span.cover(value.outer);
        let kw = Keyword {
            arg: Ident {
                name,
                span: name_span,
            },
            value: value.expr,
            span,
        };
        (kw, value.height, value.outer)
    }

    /// CPython reports the error after the whole run of positional arguments.
    #[cold]
    fn positional_after_keyword(&mut self, arg: Node) -> RawError {
        let mut last = arg;
        loop {
            if !self.at(Op::Comma) {
                if !self.at(Op::RParen)
                    && let Some(err) = self.adjacent(&last.expr, last.outer)
                {
                    return err;
                }
                break;
            }
            let kwarg =
                *self.nth(1) == TokenKind::Name && *self.nth(2) == TokenKind::Op(Op::Assign);
            if kwarg || !self.nth_starts_expr(1) {
                break;
            }
            self.bump();
            match self.expr() {
                Ok(e) => last = e,
                Err(err) => return err,
            }
        }
        RawError::syntax("positional argument follows keyword argument", self.span())
    }

    fn subscript(&mut self, value: Node, start: usize) -> PResult<Node> {
        self.open();
        let (elts, comma) = self.seq(Op::RBracket, true)?;
        self.finish_subscript(value, start, elts, comma)
    }

    #[inline(never)]
    fn finish_subscript(
        &mut self,
        value: Node,
        start: usize,
        mut elts: Vec<Node>,
        comma: bool,
    ) -> PResult<Node> {
        if elts.is_empty() {
            return Err(self.unexpected());
        }
        let index = if !comma && elts.len() == 1 {
            elts.pop().map(|e| (e.expr, e.height))
        } else {
            None
        };
        let (index, index_height) = match index {
            Some(it) => it,
            None => {
                let span = elts[0].outer.cover(self.prev_span());
                let height = elts.iter().map(|e| e.height).max().unwrap_or(0) + 1;
                let elts = elts.into_iter().map(|e| e.expr).collect();
                let node = self.node(ExprKind::Tuple(elts), span, height)?;
                (node.expr, node.height)
            }
        };
        let close = self.close(Op::RBracket)?;
        let kind = ExprKind::Subscript {
            value: Box::new(value.expr),
            index: Box::new(index),
        };
        self.node(
            kind,
            Span::new(start, close.end),
            value.height.max(index_height) + 1,
        )
    }

    /// Elements `expr (',' expr)* [',']` up to `close` (not consumed): the elements and
    /// whether a comma was seen.
    fn seq(&mut self, close: Op, subscript: bool) -> PResult<(Vec<Node>, bool)> {
        let mut elts = Vec::new();
        let mut comma = false;
        loop {
            if self.at(close) {
                break;
            }
            if subscript && self.at(Op::Colon) {
                return Err(slices(self.span()));
            }
            let e = self.expr()?;
            if !self.element(e, &mut elts, close, subscript)? {
                break;
            }
            comma = true;
        }
        Ok((elts, comma))
    }

    /// Records an element of `seq`; whether another may follow.
    #[inline(never)]
    fn element(
        &mut self,
        e: Node,
        elts: &mut Vec<Node>,
        close: Op,
        subscript: bool,
    ) -> PResult<bool> {
        let more = self.sep(&e.expr, e.outer, close, subscript)?;
        elts.push(e);
        Ok(more)
    }

    /// After an element: consumes a comma (`true`), stops before `close` (`false`), or fails.
    fn sep(&mut self, last: &Expr, outer: Span, close: Op, subscript: bool) -> PResult<bool> {
        if self.eat(Op::Comma).is_some() {
            return Ok(true);
        }
        if self.at(close) {
            return Ok(false);
        }
        if subscript && self.at(Op::Colon) {
            return Err(slices(self.span()));
        }
        Err(self
            .adjacent(last, outer)
            .unwrap_or_else(|| self.unexpected()))
    }

    fn open(&mut self) -> Span {
        self.brackets += 1;
        self.bump()
    }

    fn close(&mut self, op: Op) -> PResult<Span> {
        let span = self.expect(op)?;
        self.brackets -= 1;
        Ok(span)
    }

    /// Whether the current token can start an expression of the statement language.
    pub(crate) fn starts_expr(&mut self) -> bool {
        self.nth_starts_expr(0)
    }

    fn nth_starts_expr(&mut self, n: usize) -> bool {
        matches!(
            self.nth(n),
            TokenKind::Name
                | TokenKind::Number(_)
                | TokenKind::String(_)
                | TokenKind::Kw(Kw::None | Kw::True | Kw::False | Kw::Not)
                | TokenKind::Op(Op::LParen | Op::LBracket | Op::LBrace | Op::Minus)
        )
    }

    /// The error for an expression `a` directly followed by another one, where CPython has
    /// a better message than "invalid syntax": `print x` is a Python 2 print statement, and
    /// inside brackets `(a b)` is probably a forgotten comma. `None` when neither applies.
    pub(crate) fn adjacent(&mut self, a: &Expr, outer: Span) -> Option<RawError> {
        // A minus here is a binary minus, which has its own message.
        if self.at(Op::Minus) || !self.starts_expr() {
            return None;
        }
        let m = self.mark();
        let res = match &a.kind {
            ExprKind::Name(n) if n == "print" || n == "exec" => self.exprs().ok().map(|b| {
                RawError::syntax(
                    format!("Missing parentheses in call to '{n}'. Did you mean {n}(...)?"),
                    outer.cover(b.outer),
                )
            }),
            _ if self.brackets > 0 && !self.no_comma_hint(outer) => self.expr().ok().map(|b| {
                RawError::syntax(
                    "invalid syntax. Perhaps you forgot a comma?",
                    outer.cover(b.outer),
                )
            }),
            _ => None,
        };
        self.reset(m);
        res
    }

    /// CPython's `!(NAME STRING | SOFT_KEYWORD)` look-ahead at the start of the first
    /// expression: no comma hint for `f"..."`-like prefixes or soft keywords.
    fn no_comma_hint(&self, a: Span) -> bool {
        let i = self.tokens.partition_point(|t| t.span.start < a.start);
        let Some(first) = self.tokens.get(i) else {
            return false;
        };
        first.kind == TokenKind::Name
            && (SOFT_KEYWORDS.contains(&self.text(first.span))
                || matches!(
                    self.tokens.get(i + 1).map(|t| &t.kind),
                    Some(TokenKind::String(_))
                ))
    }
}

/// `validate_keywords` of CPython's compiler: `__debug__` and repeated names.
fn validate_keywords(keywords: &[Keyword]) -> Option<RawError> {
    for (i, k) in keywords.iter().enumerate() {
        if k.arg.name == "__debug__" {
            return Some(RawError::syntax("cannot assign to __debug__", k.span));
        }
        if let Some(other) = keywords[i + 1..].iter().find(|o| o.arg.name == k.arg.name) {
            return Some(RawError::syntax(
                format!("keyword argument repeated: {}", k.arg.name),
                other.span,
            ));
        }
    }
    None
}

#[cold]
fn slices(span: Span) -> RawError {
    RawError::syntax("slices are not supported in the statement language", span)
}

/// What a call has collected so far.
pub(crate) struct CallArgs {
    args: Vec<Expr>,
    keywords: Vec<Keyword>,
    /// The tallest of the callee and the arguments.
    height: u32,
}
