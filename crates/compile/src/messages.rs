//! ruff's parse errors in CPython 3.13's words. ruff's parser recovers and reports its own
//! texts ("Expected ':', found newline"); CPython's users know "expected ':'". The table in
//! `tests/data/syntax_errors.json` (generated with CPython 3.13) checks the common ones; rows
//! this mapping cannot match are listed in that test as known differences.
//!
//! Two sources of text: the kind of ruff's error, and CPython's tokenizer-level checks redone
//! here on the source text (brackets never closed, unmatched or mismatched; unterminated
//! strings), which, as in CPython, take precedence over parser errors.

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{
    InterpolatedStringErrorType, LexicalErrorType, ParseError, ParseErrorType,
};

use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::source::Source;

use SyntaxErrorKind::{Indentation, Syntax, Tab};

/// The CPython-style error for ruff's first parse error.
pub(crate) fn from_parse_error(source: &Source<'_>, err: &ParseError, offset: u32) -> SyntaxError {
    if let Some(e) = bracket_error(source) {
        return e;
    }
    let start = err.location.start().to_u32() + offset;
    let end = err.location.end().to_u32() + offset;
    let text = source.text;
    let at = |a: u32, b: u32| text.get(a as usize..b as usize).unwrap_or("");
    let plain = |kind, msg: &str| source.error(kind, msg, start, end);
    match &err.error {
        ParseErrorType::Lexical(lex) => match lex {
            LexicalErrorType::IndentationError => plain(
                Indentation,
                "unindent does not match any outer indentation level",
            ),
            LexicalErrorType::UnclosedStringError => unterminated_string(source, start, end),
            LexicalErrorType::Eof => plain(Syntax, "unexpected EOF while parsing"),
            LexicalErrorType::LineContinuationError => plain(
                Syntax,
                "unexpected character after line continuation character",
            ),
            LexicalErrorType::OtherError(m) if m.contains("decimal integer literal") => {
                let lit = at(start, end);
                if lit.starts_with('0') && lit.len() > 1 {
                    plain(
                        Syntax,
                        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    )
                } else {
                    plain(Syntax, "invalid decimal literal")
                }
            }
            LexicalErrorType::FStringError(f) => plain(Syntax, &fstring_text(f)),
            LexicalErrorType::UnrecognizedToken { tok } => plain(
                Syntax,
                &format!("invalid character '{tok}' (U+{:04X})", u32::from(*tok)),
            ),
            other => plain(Syntax, &other.to_string()),
        },
        ParseErrorType::FStringError(f) => plain(Syntax, &fstring_text(f)),
        ParseErrorType::UnexpectedIndentation => {
            if mixes_tabs_and_spaces(source, start) {
                plain(Tab, "inconsistent use of tabs and spaces in indentation")
            } else {
                plain(Indentation, "unexpected indent")
            }
        }
        ParseErrorType::PositionalAfterKeywordArgument => {
            plain(Syntax, "positional argument follows keyword argument")
        }
        ParseErrorType::PositionalAfterKeywordUnpacking => plain(
            Syntax,
            "positional argument follows keyword argument unpacking",
        ),
        ParseErrorType::NonDefaultParamAfterDefaultParam => plain(
            Syntax,
            "parameter without a default follows parameter with a default",
        ),
        ParseErrorType::InvalidAssignmentTarget => {
            let target = at(start, end);
            let here = text[end as usize..].trim_start().starts_with('=')
                && !text[end as usize..].trim_start().starts_with("==");
            plain(Syntax, &assign_message(target, here))
        }
        ParseErrorType::InvalidAugmentedAssignmentTarget => {
            let what = target_kind(at(start, end));
            plain(
                Syntax,
                &format!("'{what}' is an illegal expression for augmented assignment"),
            )
        }
        ParseErrorType::InvalidDeleteTarget => {
            let what = target_kind(at(start, end));
            plain(Syntax, &format!("cannot delete {what}"))
        }
        ParseErrorType::ExpectedToken { expected, found } => {
            expected_token(source, *expected, *found, start, end)
        }
        ParseErrorType::SimpleStatementsOnSameLine => {
            let line_start = text[..start as usize].rfind('\n').map_or(0, |p| p + 1);
            let stmt = text[line_start..start as usize].trim_start();
            let before = text[..start as usize].trim_end_matches([' ', '\t']);
            if stmt.starts_with("print ") || stmt == "print" {
                source.error(
                    Syntax,
                    "Missing parentheses in call to 'print'. Did you mean print(...)?",
                    statement_start(text, start),
                    end,
                )
            } else if before.len() == start as usize
                && before.ends_with(|c: char| c.is_ascii_digit())
            {
                let number =
                    before.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
                source.error(Syntax, "invalid decimal literal", number.len() as u32, end)
            } else {
                plain(Syntax, "invalid syntax")
            }
        }
        ParseErrorType::OtherError(m) => {
            if let Some(what) = m.strip_prefix("Expected an indented block after ") {
                expected_block(source, what, start, end)
            } else {
                plain(Syntax, "invalid syntax")
            }
        }
        ParseErrorType::ExpectedExpression
        | ParseErrorType::UnexpectedExpressionToken
        | ParseErrorType::SimpleAndCompoundStatementOnSameLine => plain(Syntax, "invalid syntax"),
        other => plain(Syntax, &other.to_string()),
    }
}

fn fstring_text(f: &InterpolatedStringErrorType) -> String {
    format!("f-string: {f}").replace('`', "'")
}

/// CPython's name for an expression in assignment messages, from its source text.
fn target_kind(target: &str) -> &'static str {
    let t = target.trim();
    let first = t.chars().next().unwrap_or(' ');
    if t.starts_with('(') && t.contains(',') || t.contains(',') && !t.starts_with('[') {
        "tuple"
    } else if t.starts_with('[') && !t.ends_with(']') || t.starts_with('[') && t.contains(',') {
        "list"
    } else if first.is_ascii_digit()
        || first == '"'
        || first == '\''
        || (first == '-'
            && t[1..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit()))
    {
        "literal"
    } else if t.ends_with(')') && !t.starts_with('(') {
        "function call"
    } else {
        "expression"
    }
}

fn assign_message(target: &str, here: bool) -> String {
    let t = target.trim();
    if matches!(t, "None" | "True" | "False" | "__debug__") {
        return format!("cannot assign to {t}");
    }
    let what = target_kind(t);
    if here {
        format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?")
    } else {
        format!("cannot assign to {what}")
    }
}

fn expected_token(
    source: &Source<'_>,
    expected: TokenKind,
    found: TokenKind,
    start: u32,
    end: u32,
) -> SyntaxError {
    let text = source.text;
    let msg = match (expected, found) {
        (TokenKind::Colon, TokenKind::Equal) => {
            // `if f() = 1:` — the condition is an assignment target: CPython names it.
            let line_start = text[..start as usize].rfind('\n').map_or(0, |p| p + 1);
            let head = text[line_start..start as usize].trim();
            let cond = head
                .split_once(char::is_whitespace)
                .map_or(head, |(_, rest)| rest);
            assign_message(cond, true)
        }
        (TokenKind::Colon, _) => "expected ':'".into(),
        (
            TokenKind::Comma,
            TokenKind::PlusEqual
            | TokenKind::MinusEqual
            | TokenKind::StarEqual
            | TokenKind::SlashEqual
            | TokenKind::DoubleSlashEqual
            | TokenKind::PercentEqual,
        ) => "'tuple' is an illegal expression for augmented assignment".into(),
        (
            TokenKind::Comma,
            TokenKind::Int
            | TokenKind::Float
            | TokenKind::Complex
            | TokenKind::String
            | TokenKind::Name
            | TokenKind::FStringStart,
        ) => {
            // CPython points at the expression before the missing comma.
            let before = text[..start as usize].trim_end();
            let word =
                before.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '.');
            let from = if word.len() < before.len() {
                word.len()
            } else {
                before.len().saturating_sub(1)
            };
            return source.error(
                Syntax,
                "invalid syntax. Perhaps you forgot a comma?",
                from as u32,
                end,
            );
        }
        _ => "invalid syntax".into(),
    };
    let start = match (expected, found) {
        (TokenKind::Colon, TokenKind::Equal) => {
            let line_start = text[..start as usize].rfind('\n').map_or(0, |p| p + 1);
            let head = &text[line_start..start as usize];
            let indent = head.len() - head.trim_start().len();
            let kw = head.split_whitespace().next().map_or(0, str::len);
            let rest = &head[indent + kw..];
            (line_start + indent + kw + (rest.len() - rest.trim_start().len())) as u32
        }
        (TokenKind::Comma, _) if msg.starts_with("'tuple'") => statement_start(text, start),
        _ => start,
    };
    source.error(Syntax, msg, start, end)
}

/// The offset of the first non-blank character of the line holding `offset`.
fn statement_start(text: &str, offset: u32) -> u32 {
    let line_start = text[..offset as usize].rfind('\n').map_or(0, |p| p + 1);
    let line = &text[line_start..offset as usize];
    (line_start + line.len() - line.trim_start().len()) as u32
}

/// `expected an indented block after 'if' statement on line N`: ruff names the construct;
/// the line is the header's, found by walking back from the error.
fn expected_block(source: &Source<'_>, what: &str, start: u32, end: u32) -> SyntaxError {
    let (keyword, text) = if what.starts_with("function definition") {
        ("def", "function definition".to_string())
    } else if what.starts_with("`class`") {
        ("class", "class definition".to_string())
    } else {
        let kw = what.split('`').nth(1).unwrap_or("if").trim();
        (kw, format!("'{kw}' statement"))
    };
    let err_line = source.line_of(start);
    let mut header = err_line.saturating_sub(1).max(1);
    for line in (1..err_line).rev() {
        let t = source.line_text(line).unwrap_or_default();
        let t = t.trim_start();
        let t = t.strip_prefix("async ").unwrap_or(t);
        if t.starts_with(keyword) {
            header = line;
            break;
        }
    }
    let mut e = source.error(
        Indentation,
        format!("expected an indented block after {text} on line {header}"),
        start,
        end,
    );
    e.lineno = err_line;
    e
}

/// CPython's `unterminated string literal (detected at line N)` and its triple-quoted form.
fn unterminated_string(source: &Source<'_>, start: u32, end: u32) -> SyntaxError {
    let lit = source.text.get(start as usize..).unwrap_or("");
    let body = lit.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let triple = body.starts_with("'''") || body.starts_with("\"\"\"");
    if triple {
        let trimmed = source.text.trim_end_matches(['\n', '\r']);
        let last = source.line_of(trimmed.len().saturating_sub(1) as u32);
        let last = if source.text.ends_with('\n') && trimmed.len() < source.text.len() {
            source.line_of(trimmed.len() as u32)
        } else {
            last
        };
        source.error(
            Syntax,
            format!("unterminated triple-quoted string literal (detected at line {last})"),
            start,
            end,
        )
    } else {
        let line = source.line_of(start);
        source.error(
            Syntax,
            format!("unterminated string literal (detected at line {line})"),
            start,
            end,
        )
    }
}

/// Whether the indentation of the line at `offset` mixes tabs and spaces with an earlier
/// indented line in a way CPython's tokenizer rejects (`TabError`).
fn mixes_tabs_and_spaces(source: &Source<'_>, offset: u32) -> bool {
    let line = source.line_of(offset);
    let indent_of = |l: u32| {
        let t = source.line_text(l).unwrap_or_default();
        let body = t.trim_start_matches([' ', '\t']);
        t[..t.len() - body.len()].to_string()
    };
    let mine = indent_of(line);
    (1..line).rev().any(|l| {
        let other = indent_of(l);
        !other.is_empty()
            && ((other.contains('\t') && mine.contains(' ') && !mine.contains('\t'))
                || (other.contains(' ') && !other.contains('\t') && mine.contains('\t')))
    })
}

/// CPython's tokenizer checks on brackets: an unmatched or mismatched closing bracket, or one
/// never closed at the end of the source. Comments and string literals are skipped.
fn bracket_error(source: &Source<'_>) -> Option<SyntaxError> {
    let bytes = source.text.as_bytes();
    let mut stack: Vec<(u8, u32)> = Vec::new();
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            q @ (b'\'' | b'"') => {
                i = skip_string(bytes, i, q);
                continue;
            }
            open @ (b'(' | b'[' | b'{') => stack.push((open, i as u32)),
            close @ (b')' | b']' | b'}') => {
                let at = i as u32;
                let want = match close {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.pop() {
                    None => {
                        return Some(source.error(
                            Syntax,
                            format!("unmatched '{}'", close as char),
                            at,
                            at + 1,
                        ));
                    }
                    Some((open, open_at)) if open != want => {
                        let open_line = source.line_of(open_at);
                        let suffix = if open_line != source.line_of(at) {
                            format!(" on line {open_line}")
                        } else {
                            String::new()
                        };
                        return Some(source.error(
                            Syntax,
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}'{suffix}",
                                close as char, open as char
                            ),
                            at,
                            at + 1,
                        ));
                    }
                    Some(_) => {}
                }
            }
            _ => {}
        }
        i += 1;
    }
    let (open, at) = stack.pop()?;
    Some(source.error(
        Syntax,
        format!("'{}' was never closed", open as char),
        at,
        at + 1,
    ))
}

/// The index just past the string literal starting with quote `q` at `i` (or the end of its
/// line when unterminated).
fn skip_string(bytes: &[u8], mut i: usize, q: u8) -> usize {
    let triple = bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q);
    i += if triple { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            c if c == q
                && (!triple || (bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q))) =>
            {
                return i + if triple { 3 } else { 1 };
            }
            b'\n' if !triple => return i,
            _ => i += 1,
        }
    }
    i
}
