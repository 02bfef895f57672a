//! The recursive-descent parser: tokens to a [`Program`].
//!
//! Grammar (Python's, cut down; `NAME`, `NUMBER`, `STRING` are tokens):
//!
//! ```text
//! program     = (line)* EOF
//! line        = stmt (';' stmt)* [';'] NEWLINE
//! stmt        = 'import' alias (',' alias)*
//!             | 'del' exprs
//!             | exprs ('=' exprs)*
//! alias       = NAME ('.' NAME)* ['as' NAME]
//! exprs       = expr (',' expr)* [',']          -- a tuple when there is a comma
//! expr        = 'not' expr | comparison
//! comparison  = unary (cmp_op unary)*           -- chained, as in Python
//! cmp_op      = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'is' ['not'] | ['not'] 'in'
//! unary       = '-' unary | primary
//! primary     = atom ('.' NAME | '(' args ')' | '[' exprs ']')*
//! args        = [arg (',' arg)* [',']]          -- positional first, then NAME '=' expr
//! atom        = NAME | NUMBER | STRING+ | 'None' | 'True' | 'False'
//!             | '(' [expr | expr ',' [exprs]] ')' | '[' [exprs] ']' | '{' [pairs] '}'
//! ```
//!
//! Errors follow CPython 3.13. CPython parses twice (a fast pass, then a pass with its
//! `invalid_*` rules to find a precise message); this parser runs once and looks for the
//! precise message at the point the fast pass would fail, backtracking over tokens where a
//! rule needs to look ahead ("Perhaps you forgot a comma?", "Maybe you meant '=='"). How its
//! errors rank against the lexer's is in [`finish`].

mod expr;
mod stmt;
mod target;

use crate::ast::{Expr, ExprKind, Program};
use crate::error::{ErrorType, SyntaxError};
use crate::lexer::{self, Lexed, RawError, Unclosed};
use crate::span::{LineIndex, Span};
use crate::token::{Kw, Op, Token, TokenKind};

/// Expression trees deeper than this are refused (as CPython's parser refuses sources that
/// overflow its stack), so that dropping, printing and evaluating a tree never overflows the
/// native stack.
pub const MAX_DEPTH: u32 = 200;

/// Parses a statement-language source text.
///
/// `source` is a whole program: statements separated by `;` or line breaks, as
/// `Interpreter::exec` receives it. The error is the one CPython 3.13 would raise for the same
/// text where the text is Python; text that is Python but outside the statement language gets
/// a `... is not supported in the statement language` message.
pub fn parse(source: &str) -> Result<Program, SyntaxError> {
    let idx = LineIndex::new(source);
    let Lexed {
        tokens,
        error,
        unclosed,
    } = lexer::lex(source, &idx);
    let mut p = Parser {
        src: source,
        tokens,
        pos: 0,
        furthest: 0,
        eof_touched: false,
        unclosed,
        brackets: 0,
        deferred: Vec::new(),
    };
    let res = p.program();
    finish(&mut p, res, error, &idx)
}

/// Picks the error to report, the way CPython ranks its tokenizer's and parser's errors:
///
/// - an `IndentationError` from the parser comes first (CPython stops at the indent before
///   tokenizing further);
/// - then a lexer error other than an open bracket: CPython tokenizes the rest of the source
///   after a parser error and lets a tokenizer error replace it;
/// - an open bracket at the end of input is `'(' was never closed` when the parser reached the
///   end of input, or when the parser's own error is on a later line than the bracket;
/// - then the parser's error;
/// - then, for a program that parsed, the errors CPython's compiler raises
///   (`keyword argument repeated`, `cannot assign to __debug__`): the one whose construct
///   starts first, the inner one when two start together (a call's callee is compiled before
///   the call's keywords are checked, and those before its arguments).
fn finish(
    p: &mut Parser<'_>,
    res: Result<Program, RawError>,
    lex_error: Option<RawError>,
    idx: &LineIndex<'_>,
) -> Result<Program, SyntaxError> {
    let raw = match (res, lex_error) {
        (Err(err), _) if err.exc_type == ErrorType::IndentationError => err,
        // The parser never consumes the lexer's error token, so it failed too.
        (_, Some(lex)) => lex,
        (Ok(program), None) => match p.deferred.iter().min_by_key(|(at, _)| (at.start, at.end)) {
            None => return Ok(program),
            Some((_, err)) => err.clone(),
        },
        (Err(err), None) => match p.unclosed {
            Some(open)
                if p.eof_touched
                    || idx.line_col(err.span.start).line > idx.line_col(open.span.start).line =>
            {
                never_closed(open)
            }
            _ => err,
        },
    };
    Err(SyntaxError::new(raw.exc_type, raw.msg, raw.span, idx))
}

fn never_closed(open: Unclosed) -> RawError {
    RawError::syntax(format!("'{}' was never closed", open.ch), open.span)
}

/// Parser state: a cursor over the token list.
pub(crate) struct Parser<'s> {
    src: &'s str,
    tokens: Vec<Token>,
    pos: usize,
    /// The furthest token looked at: CPython reports a plain "invalid syntax" there.
    furthest: usize,
    /// Whether the parser looked at the end of input while a bracket was open (CPython's
    /// tokenizer raises "was never closed" the moment that token is fetched).
    eof_touched: bool,
    unclosed: Option<Unclosed>,
    /// How many brackets enclose the current position ("Perhaps you forgot a comma?" is
    /// only suggested inside brackets).
    brackets: u32,
    /// Errors CPython's compiler would raise once the program parsed, each with the span of
    /// the construct the compiler checks it at (a call for its keywords, a target).
    deferred: Vec<(Span, RawError)>,
}

/// A parse result.
pub(crate) type PResult<T> = Result<T, RawError>;

/// An expression with what the parser needs to know about it beyond the AST.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) expr: Expr,
    /// Its text including enclosing grouping parentheses (`(x)` for the name `x`).
    pub(crate) outer: Span,
    /// Height of the tree (a leaf is 1), bounded by [`MAX_DEPTH`].
    pub(crate) height: u32,
}

/// A saved cursor, to backtrack after a look-ahead.
#[derive(Clone, Copy)]
pub(crate) struct Mark {
    pos: usize,
    furthest: usize,
    brackets: u32,
}

impl<'s> Parser<'s> {
    /// The current token's kind.
    #[inline]
    pub(crate) fn peek(&mut self) -> &TokenKind {
        self.nth(0)
    }

    /// The kind of the token `n` ahead of the current one.
    pub(crate) fn nth(&mut self, n: usize) -> &TokenKind {
        let i = (self.pos + n).min(self.tokens.len() - 1);
        self.touch(i);
        &self.tokens[i].kind
    }

    fn touch(&mut self, i: usize) {
        self.furthest = self.furthest.max(i);
        if self.unclosed.is_some() && self.tokens[i].kind == TokenKind::Eof {
            self.eof_touched = true;
        }
    }

    /// The current token's span.
    pub(crate) fn span(&self) -> Span {
        self.tokens[self.pos.min(self.tokens.len() - 1)].span
    }

    /// The span of the token before the current one.
    pub(crate) fn prev_span(&self) -> Span {
        self.tokens[self.pos.saturating_sub(1)].span
    }

    pub(crate) fn at(&mut self, op: Op) -> bool {
        *self.peek() == TokenKind::Op(op)
    }

    pub(crate) fn at_kw(&mut self, kw: Kw) -> bool {
        *self.peek() == TokenKind::Kw(kw)
    }

    /// Consumes the current token (never the final `Eof`/`Error`) and returns its span.
    pub(crate) fn bump(&mut self) -> Span {
        let span = self.span();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        span
    }

    /// Consumes `op` if it is next.
    pub(crate) fn eat(&mut self, op: Op) -> Option<Span> {
        self.at(op).then(|| self.bump())
    }

    /// Consumes `op` or fails with the error for the current token.
    pub(crate) fn expect(&mut self, op: Op) -> PResult<Span> {
        match self.eat(op) {
            Some(span) => Ok(span),
            None => Err(self.unexpected()),
        }
    }

    /// Consumes a name, or fails.
    pub(crate) fn expect_name(&mut self) -> PResult<(String, Span)> {
        if *self.peek() != TokenKind::Name {
            return Err(self.unexpected());
        }
        let span = self.bump();
        Ok((self.text(span).to_owned(), span))
    }

    pub(crate) fn text(&self, span: Span) -> &'s str {
        &self.src[span.start..span.end]
    }

    pub(crate) fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            furthest: self.furthest,
            brackets: self.brackets,
        }
    }

    /// Backtracks. `eof_touched` stays: CPython's tokenizer error has been raised by then.
    pub(crate) fn reset(&mut self, m: Mark) {
        self.pos = m.pos;
        self.furthest = m.furthest;
        self.brackets = m.brackets;
    }

    /// The error for a token the grammar does not allow here: "not supported" for Python
    /// syntax outside the statement language, else CPython's generic "invalid syntax" at the
    /// furthest token looked at.
    #[cold]
    pub(crate) fn unexpected(&mut self) -> RawError {
        let cur = self.span();
        let kind = self.tokens[self.pos.min(self.tokens.len() - 1)]
            .kind
            .clone();
        let prev = self.pos.checked_sub(1).map(|i| self.tokens[i].kind.clone());
        if let Some(msg) = unsupported(prev.as_ref(), &kind) {
            return RawError::syntax(msg, cur);
        }
        let span = self.tokens[self.furthest.min(self.tokens.len() - 1)].span;
        RawError::syntax("invalid syntax", span)
    }

    /// Records an error CPython's compiler would raise; `at` orders it among others.
    pub(crate) fn defer(&mut self, at: Span, err: RawError) {
        self.deferred.push((at, err));
    }

    /// Builds a node, refusing trees deeper than [`MAX_DEPTH`].
    pub(crate) fn node(&self, kind: ExprKind, span: Span, height: u32) -> PResult<Node> {
        if height > MAX_DEPTH {
            return Err(RawError {
                exc_type: ErrorType::MemoryError,
                msg: "Parser stack overflowed - Python source too complex to parse".into(),
                span,
            });
        }
        Ok(Node {
            expr: Expr { kind, span },
            outer: span,
            height,
        })
    }
}

/// Python operators that are valid after an expression (binary and boolean operators,
/// conditional and comprehension keywords), at the start of an expression (unary `+`, `~`,
/// unpacking, `lambda`, ...), or at the start of a statement (any other keyword).
fn unsupported(prev: Option<&TokenKind>, cur: &TokenKind) -> Option<String> {
    let after_expr = matches!(
        prev,
        Some(
            TokenKind::Name
                | TokenKind::Number(_)
                | TokenKind::String(_)
                | TokenKind::Kw(Kw::None | Kw::True | Kw::False)
                | TokenKind::Op(Op::RParen | Op::RBracket | Op::RBrace)
        )
    );
    let stmt_start = matches!(
        prev,
        None | Some(TokenKind::Newline | TokenKind::Indent | TokenKind::Op(Op::Semi))
    );
    let what = match cur {
        TokenKind::Op(Op::Minus) if after_expr => return Some(not_supported("binary '-'")),
        TokenKind::OtherOp(op @ ":=") if after_expr => op,
        TokenKind::OtherOp(op) if after_expr && op.ends_with('=') => {
            return Some(not_supported("augmented assignment"));
        }
        TokenKind::OtherOp(op) if after_expr && crate::token::BINARY_OPS.contains(op) => op,
        TokenKind::OtherKeyword(kw @ ("and" | "or" | "if" | "for" | "async")) if after_expr => kw,
        TokenKind::OtherOp(op @ ("+" | "~" | "*" | "**" | "...")) if !after_expr => op,
        TokenKind::OtherKeyword(kw @ ("lambda" | "await" | "yield")) if !after_expr => kw,
        TokenKind::OtherKeyword(kw) if stmt_start => kw,
        _ => return None,
    };
    Some(not_supported(&format!("'{what}'")))
}

pub(crate) fn not_supported(what: &str) -> String {
    format!("{what} is not supported in the statement language")
}

#[cfg(test)]
mod tests;
