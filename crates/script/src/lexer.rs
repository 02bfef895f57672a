//! The lexer: source text to [`Token`]s, following CPython 3.13's tokenizer.
//!
//! It runs over the whole text before parsing starts. Like CPython's tokenizer it joins lines
//! inside brackets and after a `\` continuation, skips blank and comment lines, emits a
//! `Newline` at the end of each logical line and an `Indent` for a logical line that starts
//! with whitespace. Number and string literals are evaluated here (see [`crate::literal`]).
//!
//! Errors stop the lexer: the token list then ends with [`TokenKind::Error`], and the error
//! is kept for the parser to report (see `parser::finish` for how lexer and parser errors are
//! ranked, the way CPython ranks them). Open brackets at the end of input are not an error by
//! themselves: they are reported as `'(' was never closed` only when the parser needs a token
//! there, or when its own error is on a later line.

use crate::error::ErrorType;
use crate::literal::{self, Prefix};
use crate::span::{LineIndex, Span};
use crate::token::{self, Op, Token, TokenKind};

/// CPython's `MAXLEVEL`: brackets nest at most this deep.
const MAX_BRACKETS: usize = 200;

/// An error found before a [`SyntaxError`](crate::SyntaxError) can be built (no line index
/// needed yet).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RawError {
    pub(crate) exc_type: ErrorType,
    pub(crate) msg: String,
    pub(crate) span: Span,
}

impl RawError {
    pub(crate) fn syntax(msg: impl Into<String>, span: Span) -> RawError {
        RawError {
            exc_type: ErrorType::SyntaxError,
            msg: msg.into(),
            span,
        }
    }
}

/// A bracket left open at the end of input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Unclosed {
    pub(crate) ch: char,
    pub(crate) span: Span,
}

/// The lexer's output.
#[derive(Debug)]
pub(crate) struct Lexed {
    /// Ends with `Eof` or, after an error, with `Error`.
    pub(crate) tokens: Vec<Token>,
    pub(crate) error: Option<RawError>,
    /// The innermost bracket still open at the end of input.
    pub(crate) unclosed: Option<Unclosed>,
}

/// Lexes `src` completely.
pub(crate) fn lex(src: &str, idx: &LineIndex<'_>) -> Lexed {
    let mut lx = Lexer {
        src,
        pos: 0,
        idx,
        tokens: Vec::new(),
        brackets: Vec::new(),
        at_line_start: true,
    };
    let error = match src.find('\0') {
        Some(at) => Some(RawError::syntax(
            "source code string cannot contain null bytes",
            Span::new(at, at + 1),
        )),
        None => lx.run().err(),
    };
    let unclosed = match error {
        Some(ref err) => {
            lx.push(TokenKind::Error, Span::empty(err.span.start));
            None
        }
        None => {
            let end = src.len();
            if lx.brackets.is_empty() && !lx.at_line_start {
                lx.push(TokenKind::Newline, Span::empty(end));
            }
            lx.push(TokenKind::Eof, Span::empty(end));
            lx.brackets.last().map(|&(ch, span)| Unclosed { ch, span })
        }
    };
    Lexed {
        tokens: lx.tokens,
        error,
        unclosed,
    }
}

struct Lexer<'s, 'i> {
    src: &'s str,
    pos: usize,
    idx: &'i LineIndex<'s>,
    tokens: Vec<Token>,
    /// Open brackets, innermost last.
    brackets: Vec<(char, Span)>,
    /// At the start of a logical line (outside brackets, not after `\`).
    at_line_start: bool,
}

type LexResult<T = ()> = Result<T, RawError>;

impl Lexer<'_, '_> {
    fn run(&mut self) -> LexResult {
        loop {
            if self.at_line_start && self.brackets.is_empty() && !self.line_start()? {
                return Ok(());
            }
            self.skip_blanks();
            let start = self.pos;
            let Some(c) = self.peek() else {
                return Ok(());
            };
            match c {
                '#' => self.skip_comment(),
                '\n' | '\r' => {
                    self.newline();
                    if self.brackets.is_empty() {
                        self.push(TokenKind::Newline, Span::new(start, self.pos));
                        self.at_line_start = true;
                    }
                }
                '\\' => self.continuation()?,
                '0'..='9' => self.number()?,
                '.' if self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) => self.number()?,
                '\'' | '"' => self.string(start, Prefix::default())?,
                c if c == '_' || c.is_ascii_alphabetic() || !c.is_ascii() => self.name()?,
                '(' | '[' | '{' => self.open(c)?,
                ')' | ']' | '}' => self.close(c)?,
                _ => self.operator(c)?,
            }
        }
    }

    /// Handles the start of a logical line: skips blank and comment lines, emits `Indent`.
    /// Returns `false` at the end of input.
    fn line_start(&mut self) -> LexResult<bool> {
        loop {
            let start = self.pos;
            self.skip_blanks();
            match self.peek() {
                None => return Ok(false),
                Some('#') => self.skip_comment(),
                Some('\n' | '\r') => self.newline(),
                Some(_) => {
                    // A form feed resets the indentation column, as in CPython.
                    let indent = self.src[start..self.pos]
                        .rsplit('\x0c')
                        .next()
                        .unwrap_or("");
                    if !indent.is_empty() {
                        self.push(
                            TokenKind::Indent,
                            Span::new(self.pos - indent.len(), self.pos),
                        );
                    }
                    self.at_line_start = false;
                    return Ok(true);
                }
            }
        }
    }

    fn continuation(&mut self) -> LexResult {
        let at = self.pos;
        self.bump();
        match self.peek() {
            Some('\n' | '\r') => {
                self.newline();
                if self.peek().is_none() {
                    return Err(RawError::syntax(
                        "unexpected EOF while parsing",
                        Span::empty(self.pos),
                    ));
                }
                Ok(())
            }
            // CPython's translated input always ends in a newline, so `\` at the very end is
            // a continuation into nothing.
            None => Err(RawError::syntax(
                "unexpected EOF while parsing",
                Span::empty(self.pos),
            )),
            Some(c) => Err(RawError::syntax(
                "unexpected character after line continuation character",
                Span::new(at + 1, at + 1 + c.len_utf8()),
            )),
        }
    }

    fn name(&mut self) -> LexResult {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == '_' || c.is_ascii_alphanumeric() || !c.is_ascii() {
                self.bump();
            } else {
                break;
            }
        }
        let text = &self.src[start..self.pos];
        if let Some(prefix) = Prefix::parse(text)
            && matches!(self.peek(), Some('\'' | '"'))
        {
            return self.string(start, prefix);
        }
        if !text.is_ascii() {
            verify_identifier(text, start)?;
        }
        self.push(token::keyword(text), Span::new(start, self.pos));
        Ok(())
    }

    fn string(&mut self, start: usize, prefix: Prefix) -> LexResult {
        let quote = self.bump().unwrap_or('\'');
        let triple = self.peek() == Some(quote) && self.peek_at(1) == Some(quote);
        if triple {
            self.bump();
            self.bump();
        }
        let body_start = self.pos;
        let body_end = loop {
            let Some(c) = self.peek() else {
                return Err(self.unterminated(start, triple, self.src.len().saturating_sub(1)));
            };
            match c {
                '\n' | '\r' if !triple => return Err(self.unterminated(start, triple, self.pos)),
                '\\' => {
                    self.bump();
                    match self.peek() {
                        None => {
                            let at = self.src.len().saturating_sub(1);
                            return Err(self.unterminated(start, triple, at));
                        }
                        Some('\n' | '\r') => self.newline(),
                        Some(_) => {
                            self.bump();
                        }
                    }
                }
                c if c == quote => {
                    let end = self.pos;
                    self.bump();
                    if !triple {
                        break end;
                    }
                    if self.peek() == Some(quote) && self.peek_at(1) == Some(quote) {
                        self.bump();
                        self.bump();
                        break end;
                    }
                }
                _ => {
                    self.bump();
                }
            }
        };
        let span = Span::new(start, self.pos);
        if prefix.f {
            return Err(RawError::syntax(
                "f-strings are not supported in the statement language",
                span,
            ));
        }
        let body = &self.src[body_start..body_end];
        let value =
            literal::decode_string(body, prefix).map_err(|msg| RawError::syntax(msg, span))?;
        self.push(TokenKind::String(value), span);
        Ok(())
    }

    /// CPython points at the first character of the literal and says where it noticed.
    fn unterminated(&self, start: usize, triple: bool, detected_at: usize) -> RawError {
        let line = self.idx.line_col(detected_at).line;
        let what = if triple { "triple-quoted " } else { "" };
        RawError::syntax(
            format!("unterminated {what}string literal (detected at line {line})"),
            Span::new(start, start + 1),
        )
    }

    fn number(&mut self) -> LexResult {
        let start = self.pos;
        let rest = &self.src[start..];
        let (len, value) = literal::number(rest).map_err(|err| err.at(start))?;
        self.pos += len;
        self.push(TokenKind::Number(value), Span::new(start, self.pos));
        Ok(())
    }

    fn open(&mut self, c: char) -> LexResult {
        let span = Span::new(self.pos, self.pos + 1);
        if self.brackets.len() >= MAX_BRACKETS {
            return Err(RawError::syntax("too many nested parentheses", span));
        }
        self.bump();
        self.brackets.push((c, span));
        let op = match c {
            '(' => Op::LParen,
            '[' => Op::LBracket,
            _ => Op::LBrace,
        };
        self.push(TokenKind::Op(op), span);
        Ok(())
    }

    fn close(&mut self, c: char) -> LexResult {
        let span = Span::new(self.pos, self.pos + 1);
        self.bump();
        let Some((open, open_span)) = self.brackets.pop() else {
            return Err(RawError::syntax(format!("unmatched '{c}'"), span));
        };
        let expected = match open {
            '(' => ')',
            '[' => ']',
            _ => '}',
        };
        if c != expected {
            let open_line = self.idx.line_col(open_span.start).line;
            let msg = if open_line != self.idx.line_col(span.start).line {
                format!(
                    "closing parenthesis '{c}' does not match opening parenthesis '{open}' on line {open_line}"
                )
            } else {
                format!("closing parenthesis '{c}' does not match opening parenthesis '{open}'")
            };
            return Err(RawError::syntax(msg, span));
        }
        let op = match c {
            ')' => Op::RParen,
            ']' => Op::RBracket,
            _ => Op::RBrace,
        };
        self.push(TokenKind::Op(op), span);
        Ok(())
    }

    fn operator(&mut self, c: char) -> LexResult {
        let start = self.pos;
        let Some((kind, len)) = operator(&self.src.as_bytes()[start..]) else {
            let span = Span::new(start, start + c.len_utf8());
            if c.is_ascii_control() {
                return Err(RawError::syntax(
                    format!("invalid non-printable character U+{:04X}", c as u32),
                    span,
                ));
            }
            self.pos = span.end;
            self.push(TokenKind::Unknown(c), span);
            return Ok(());
        };
        self.pos += len;
        self.push(kind, Span::new(start, self.pos));
        Ok(())
    }

    fn push(&mut self, kind: TokenKind, span: Span) {
        self.tokens.push(Token { kind, span });
    }

    fn skip_blanks(&mut self) {
        while let Some(' ' | '\t' | '\x0c') = self.peek() {
            self.bump();
        }
    }

    fn skip_comment(&mut self) {
        while let Some(c) = self.peek() {
            if matches!(c, '\n' | '\r') {
                break;
            }
            self.bump();
        }
    }

    /// Consumes one line break (`\n`, `\r\n` or `\r`).
    fn newline(&mut self) {
        if self.bump() == Some('\r') && self.peek() == Some('\n') {
            self.bump();
        }
    }

    #[inline]
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(n)
    }

    #[inline]
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }
}

/// The operator at the start of `b`, longest match first (`<<=` is one unsupported operator,
/// not `<` then `<=`), with its length.
fn operator(b: &[u8]) -> Option<(TokenKind, usize)> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let ours = |op: Op, len: usize| Some((TokenKind::Op(op), len));
    let other = |op: &'static str| Some((TokenKind::OtherOp(op), op.len()));
    match (at(0), at(1), at(2)) {
        (b'*', b'*', b'=') => other("**="),
        (b'/', b'/', b'=') => other("//="),
        (b'>', b'>', b'=') => other(">>="),
        (b'<', b'<', b'=') => other("<<="),
        (b'.', b'.', b'.') => other("..."),
        (b'=', b'=', _) => ours(Op::Eq, 2),
        (b'!', b'=', _) => ours(Op::NotEq, 2),
        (b'<', b'=', _) => ours(Op::LtE, 2),
        (b'>', b'=', _) => ours(Op::GtE, 2),
        (b'*', b'*', _) => other("**"),
        (b'/', b'/', _) => other("//"),
        (b'<', b'<', _) => other("<<"),
        (b'>', b'>', _) => other(">>"),
        (b':', b'=', _) => other(":="),
        (b'-', b'>', _) => other("->"),
        (b'+', b'=', _) => other("+="),
        (b'-', b'=', _) => other("-="),
        (b'*', b'=', _) => other("*="),
        (b'/', b'=', _) => other("/="),
        (b'%', b'=', _) => other("%="),
        (b'&', b'=', _) => other("&="),
        (b'|', b'=', _) => other("|="),
        (b'^', b'=', _) => other("^="),
        (b'@', b'=', _) => other("@="),
        (b',', _, _) => ours(Op::Comma, 1),
        (b':', _, _) => ours(Op::Colon, 1),
        (b';', _, _) => ours(Op::Semi, 1),
        (b'.', _, _) => ours(Op::Dot, 1),
        (b'=', _, _) => ours(Op::Assign, 1),
        (b'<', _, _) => ours(Op::Lt, 1),
        (b'>', _, _) => ours(Op::Gt, 1),
        (b'-', _, _) => ours(Op::Minus, 1),
        (b'+', _, _) => other("+"),
        (b'*', _, _) => other("*"),
        (b'/', _, _) => other("/"),
        (b'%', _, _) => other("%"),
        (b'&', _, _) => other("&"),
        (b'|', _, _) => other("|"),
        (b'^', _, _) => other("^"),
        (b'~', _, _) => other("~"),
        (b'@', _, _) => other("@"),
        _ => None,
    }
}

/// `verify_identifier` of CPython's tokenizer: the run of identifier-ish characters must be a
/// valid identifier (`XID_Start` or `_`, then `XID_Continue`); the error points at the first
/// character that is not. Unlike CPython, identifiers are not NFKC-normalised.
fn verify_identifier(text: &str, start: usize) -> LexResult {
    for (i, (at, c)) in text.char_indices().enumerate() {
        let ok = if i == 0 {
            c == '_' || unicode_ident::is_xid_start(c)
        } else {
            unicode_ident::is_xid_continue(c)
        };
        if !ok {
            let span = Span::new(start + at, start + at + c.len_utf8());
            let msg = if literal::is_printable(c) {
                format!("invalid character '{c}' (U+{:04X})", c as u32)
            } else {
                format!("invalid non-printable character U+{:04X}", c as u32)
            };
            return Err(RawError::syntax(msg, span));
        }
    }
    Ok(())
}

/// The token kinds of `src`.
#[cfg(test)]
pub(crate) fn tokens(src: &str) -> Vec<TokenKind> {
    let idx = LineIndex::new(src);
    lex(src, &idx).tokens.into_iter().map(|t| t.kind).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(src: &str, expect: &str) {
        let idx = LineIndex::new(src);
        let lexed = lex(src, &idx);
        let mut out = String::new();
        for t in &lexed.tokens {
            let text = &src[t.span.start..t.span.end];
            let kind = match &t.kind {
                TokenKind::Number(c) | TokenKind::String(c) => format!("{c:?}"),
                k => format!("{k:?}"),
            };
            out.push_str(&format!("{:?} {kind} {text:?}\n", t.span));
        }
        if let Some(e) = &lexed.error {
            out.push_str(&format!("error {:?}: {}\n", e.span, e.msg));
        }
        if let Some(u) = &lexed.unclosed {
            out.push_str(&format!("unclosed {:?} at {:?}\n", u.ch, u.span));
        }
        assert_eq!(out, expect, "\n{out}");
    }

    #[test]
    fn layout() {
        check(
            "x = 1\n\n  # c\ny",
            "0..1 Name \"x\"\n2..3 Op(Assign) \"=\"\n4..5 Int(1) \"1\"\n5..6 Newline \"\\n\"\n\
             13..14 Name \"y\"\n14..14 Newline \"\"\n14..14 Eof \"\"\n",
        );
        check(
            "(1,\n 2)  # c",
            "0..1 Op(LParen) \"(\"\n1..2 Int(1) \"1\"\n2..3 Op(Comma) \",\"\n5..6 Int(2) \"2\"\n\
             6..7 Op(RParen) \")\"\n12..12 Newline \"\"\n12..12 Eof \"\"\n",
        );
        check(
            " x",
            "0..1 Indent \" \"\n1..2 Name \"x\"\n2..2 Newline \"\"\n2..2 Eof \"\"\n",
        );
        check(
            " \x0cx",
            "2..3 Name \"x\"\n3..3 Newline \"\"\n3..3 Eof \"\"\n",
        );
        check(
            "x \\\n  y",
            "0..1 Name \"x\"\n6..7 Name \"y\"\n7..7 Newline \"\"\n7..7 Eof \"\"\n",
        );
        check(
            "f(",
            "0..1 Name \"f\"\n1..2 Op(LParen) \"(\"\n2..2 Eof \"\"\nunclosed '(' at 1..2\n",
        );
    }

    #[test]
    fn operators() {
        assert_eq!(
            tokens("<<= <= < -> - != ! ..."),
            vec![
                TokenKind::OtherOp("<<="),
                TokenKind::Op(Op::LtE),
                TokenKind::Op(Op::Lt),
                TokenKind::OtherOp("->"),
                TokenKind::Op(Op::Minus),
                TokenKind::Op(Op::NotEq),
                TokenKind::Unknown('!'),
                TokenKind::OtherOp("..."),
                TokenKind::Newline,
                TokenKind::Eof,
            ]
        );
    }

    #[test]
    fn errors() {
        check(
            "x\0",
            "1..1 Error \"\"\nerror 1..2: source code string cannot contain null bytes\n",
        );
        check(
            "a = 'x\n",
            "0..1 Name \"a\"\n2..3 Op(Assign) \"=\"\n4..4 Error \"\"\n\
             error 4..5: unterminated string literal (detected at line 1)\n",
        );
        check(
            "x \\ y",
            "0..1 Name \"x\"\n3..3 Error \"\"\nerror 3..4: unexpected character after line continuation character\n",
        );
        check(
            "x \\",
            "0..1 Name \"x\"\n3..3 Error \"\"\nerror 3..3: unexpected EOF while parsing\n",
        );
        check(
            "\x01",
            "0..0 Error \"\"\nerror 0..1: invalid non-printable character U+0001\n",
        );
        check(
            "a€",
            "1..1 Error \"\"\nerror 1..4: invalid character '€' (U+20AC)\n",
        );
    }
}
