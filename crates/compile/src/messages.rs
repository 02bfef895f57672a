//! ruff's parse errors in CPython 3.13's words. ruff's parser recovers and reports its own
//! texts ("Expected ':', found newline"); CPython's users know "expected ':'". The table in
//! `tests/syntax_errors.json` (generated with CPython 3.13) checks the common ones; rows this
//! mapping cannot match are listed there as known differences.

use ruff_python_parser::{LexicalErrorType, ParseError, ParseErrorType};

use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::source::Source;

/// The CPython-style error for ruff's first parse error.
pub(crate) fn from_parse_error(source: &Source<'_>, err: &ParseError, offset: u32) -> SyntaxError {
    let start = err.location.start().to_u32() + offset;
    let end = err.location.end().to_u32() + offset;
    let raw = err.error.to_string();
    let (kind, msg) = translate(&err.error, &raw);
    source.error(kind, msg, start, end)
}

fn translate(err: &ParseErrorType, raw: &str) -> (SyntaxErrorKind, String) {
    use SyntaxErrorKind::{Indentation, Syntax};
    let s = |m: &str| (Syntax, m.to_string());
    match err {
        ParseErrorType::Lexical(lex) => match lex {
            LexicalErrorType::IndentationError => (
                Indentation,
                "unindent does not match any outer indentation level".into(),
            ),
            LexicalErrorType::UnclosedStringError => s("unterminated string literal"),
            LexicalErrorType::Eof => s("unexpected EOF while parsing"),
            LexicalErrorType::LineContinuationError => {
                s("unexpected character after line continuation character")
            }
            _ => (Syntax, raw.to_string()),
        },
        ParseErrorType::UnexpectedIndentation => (Indentation, "unexpected indent".into()),
        ParseErrorType::PositionalAfterKeywordArgument => {
            s("positional argument follows keyword argument")
        }
        ParseErrorType::PositionalAfterKeywordUnpacking => {
            s("positional argument follows keyword argument unpacking")
        }
        ParseErrorType::InvalidAugmentedAssignmentTarget => {
            s("'expression' is an illegal expression for augmented assignment")
        }
        ParseErrorType::NonDefaultParamAfterDefaultParam => {
            s("parameter without a default follows parameter with a default")
        }
        ParseErrorType::ExpectedExpression | ParseErrorType::UnexpectedExpressionToken => {
            s("invalid syntax")
        }
        ParseErrorType::SimpleStatementsOnSameLine
        | ParseErrorType::SimpleAndCompoundStatementOnSameLine => s("invalid syntax"),
        _ => {
            if let Some(rest) = raw.strip_prefix("Expected ") {
                if rest.split(", found").next() == Some("':'") {
                    return s("expected ':'");
                }
                return s("invalid syntax");
            }
            (Syntax, raw.to_string())
        }
    }
}
