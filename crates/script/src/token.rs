//! Tokens produced by the lexer and consumed by the parser.

use crate::ast::Constant;
use crate::span::Span;

/// One token: its kind and the bytes it covers.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) span: Span,
}

/// Token kinds. Python's whole operator and keyword set is recognised, so text that is valid
/// Python but outside the statement language gets a precise "not supported" error instead of
/// "invalid syntax".
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TokenKind {
    /// An identifier that is not a keyword; the text is the span's.
    Name,
    /// A number literal, already evaluated (`Int`, `BigInt` or `Float`).
    Number(Constant),
    /// A string literal, already decoded (`Str` or `Bytes`).
    String(Constant),
    /// A keyword of the statement language.
    Kw(Kw),
    /// A Python keyword the statement language does not use (`if`, `and`, `lambda`, ...).
    OtherKeyword(&'static str),
    /// A delimiter or operator of the statement language.
    Op(Op),
    /// A Python operator the statement language does not use (`+`, `*`, `+=`, `:=`, ...).
    OtherOp(&'static str),
    /// A character Python does not use at all (`$`, `?`, `!`, a backtick).
    Unknown(char),
    /// End of a logical line.
    Newline,
    /// Leading whitespace of a logical line: always an error here (no blocks).
    Indent,
    /// End of input. When the lexer stopped on an error, the stream ends with [`TokenKind::Error`]
    /// instead.
    Eof,
    /// Where the lexer stopped on an error; the parser can never consume it.
    Error,
}

/// Keywords the statement language uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kw {
    Import,
    As,
    Del,
    Not,
    Is,
    In,
    None,
    True,
    False,
}

impl Kw {
    pub(crate) const fn text(self) -> &'static str {
        match self {
            Kw::Import => "import",
            Kw::As => "as",
            Kw::Del => "del",
            Kw::Not => "not",
            Kw::Is => "is",
            Kw::In => "in",
            Kw::None => "None",
            Kw::True => "True",
            Kw::False => "False",
        }
    }
}

/// Delimiters and operators the statement language uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Colon,
    Semi,
    Dot,
    Assign,
    Eq,
    NotEq,
    Lt,
    Gt,
    LtE,
    GtE,
    Minus,
}

/// Classifies an identifier: a keyword of ours, another Python keyword, or a name.
pub(crate) fn keyword(text: &str) -> TokenKind {
    let other = |kw: &'static str| TokenKind::OtherKeyword(kw);
    match text {
        "import" => TokenKind::Kw(Kw::Import),
        "as" => TokenKind::Kw(Kw::As),
        "del" => TokenKind::Kw(Kw::Del),
        "not" => TokenKind::Kw(Kw::Not),
        "is" => TokenKind::Kw(Kw::Is),
        "in" => TokenKind::Kw(Kw::In),
        "None" => TokenKind::Kw(Kw::None),
        "True" => TokenKind::Kw(Kw::True),
        "False" => TokenKind::Kw(Kw::False),
        // Python 3.13's other hard keywords.
        "and" => other("and"),
        "assert" => other("assert"),
        "async" => other("async"),
        "await" => other("await"),
        "break" => other("break"),
        "class" => other("class"),
        "continue" => other("continue"),
        "def" => other("def"),
        "elif" => other("elif"),
        "else" => other("else"),
        "except" => other("except"),
        "finally" => other("finally"),
        "for" => other("for"),
        "from" => other("from"),
        "global" => other("global"),
        "if" => other("if"),
        "lambda" => other("lambda"),
        "nonlocal" => other("nonlocal"),
        "or" => other("or"),
        "pass" => other("pass"),
        "raise" => other("raise"),
        "return" => other("return"),
        "try" => other("try"),
        "while" => other("while"),
        "with" => other("with"),
        "yield" => other("yield"),
        _ => TokenKind::Name,
    }
}

/// Python's soft keywords: a name starting one is never "a forgotten comma".
pub(crate) const SOFT_KEYWORDS: &[&str] = &["_", "case", "match", "type"];

/// Binary operators of Python (the message for them says "binary").
pub(crate) const BINARY_OPS: &[&str] = &[
    "**", "//", "<<", ">>", "+", "*", "/", "%", "&", "|", "^", "@",
];
