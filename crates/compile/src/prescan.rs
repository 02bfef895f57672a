//! Limits checked on the token stream before anything recursive runs.
//!
//! The parser, the syntax tree's destructor and this crate's own passes recurse once per level
//! of nesting. A source such as `(((...)))` or `-------1` nested a hundred thousand deep would
//! otherwise take the native stack (or, with the parser's growing stack, unbounded memory). So a
//! flat, iterative pass over the tokens rejects, with CPython's messages:
//!
//! - more than [`MAX_PAREN_LEVEL`] open brackets: `too many nested parentheses` (CPython's
//!   tokenizer `MAXLEVEL`);
//! - [`MAX_INDENT_LEVEL`] indentation levels: `IndentationError: too many levels of
//!   indentation` (the tokenizer's `MAXINDENT`);
//! - an expression whose syntax tree could be deeper than [`MAX_EXPR_DEPTH`]: `RecursionError:
//!   maximum recursion depth exceeded during compilation`.
//!
//! The depth bound is an over-estimate computed per bracket level: every operator, keyword and
//! opening bracket adds one to its level's count, a comma, `=`, `;` or new logical line resets
//! it (siblings are not nested), and `lambda` counts stay until the level closes (a lambda's
//! parameters are separated by commas but its body nests). The estimate is the sum of the
//! counts of the open levels plus the number of open levels.

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{Mode as LexMode, lexer};

use crate::error::{CompileError, SyntaxErrorKind};
use crate::source::Source;

/// CPython's tokenizer limit on open brackets.
pub const MAX_PAREN_LEVEL: usize = 200;
/// CPython's tokenizer limit on indentation levels (`MAXINDENT`): the 100th level is an
/// error, so 99 nested blocks compile.
pub const MAX_INDENT_LEVEL: usize = 100;
/// This compiler's bound on the estimated expression depth. CPython's own limit comes from its
/// C stack (about 10,000 binary operators, 5,968 unary ones); this one is lower so that every
/// recursive pass, and the syntax tree's destructor, stays within a small native stack.
pub const MAX_EXPR_DEPTH: usize = 3000;

/// What the scan learned: the deepest estimate seen (the passes size their stack from it).
pub(crate) struct Scan {
    pub(crate) max_depth: usize,
}

#[derive(Clone, Copy, Default)]
struct Level {
    ops: usize,
    sticky: usize,
}

/// Scans `src` with the parser's own lexer; `eval` selects expression mode.
pub(crate) fn scan(source: &Source<'_>, eval: bool) -> Result<Scan, CompileError> {
    let mode = if eval {
        LexMode::Expression
    } else {
        LexMode::Module
    };
    let mut lex = lexer::lex(source.text, mode);
    let mut levels: Vec<Level> = vec![Level::default()];
    let mut indent = 0usize;
    let mut max_depth = 0usize;
    // Sum of the counts of all open levels, kept incrementally.
    let mut total = 0usize;
    loop {
        let kind = lex.next_token();
        match kind {
            TokenKind::EndOfFile => break,
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => {
                bump(&mut levels, &mut total, false);
                if levels.len() > MAX_PAREN_LEVEL {
                    return Err(paren_error(source));
                }
                levels.push(Level::default());
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                if levels.len() > 1 {
                    let l = levels.pop().unwrap_or_default();
                    total -= l.ops + l.sticky;
                }
            }
            TokenKind::Comma | TokenKind::Equal | TokenKind::Semi => {
                let l = levels
                    .last_mut()
                    .expect("the outermost level is never popped");
                total -= l.ops;
                l.ops = 0;
            }
            TokenKind::Newline => {
                levels.truncate(1);
                levels[0] = Level::default();
                total = 0;
            }
            TokenKind::Indent => {
                indent += 1;
                if indent >= MAX_INDENT_LEVEL {
                    return Err(indent_error(source));
                }
            }
            TokenKind::Dedent => indent = indent.saturating_sub(1),
            TokenKind::Lambda => bump(&mut levels, &mut total, true),
            k if is_leaf(k) => {}
            _ => bump(&mut levels, &mut total, false),
        }
        let depth = total + levels.len();
        if depth > max_depth {
            max_depth = depth;
            if max_depth > MAX_EXPR_DEPTH {
                return Err(CompileError::recursion());
            }
        }
    }
    Ok(Scan { max_depth })
}

fn bump(levels: &mut [Level], total: &mut usize, sticky: bool) {
    let l = levels
        .last_mut()
        .expect("the outermost level is never popped");
    if sticky {
        l.sticky += 1;
    } else {
        l.ops += 1;
    }
    *total += 1;
}

/// Tokens that add no nesting: names, literals, string pieces and layout.
fn is_leaf(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Name
            | TokenKind::Int
            | TokenKind::Float
            | TokenKind::Complex
            | TokenKind::String
            | TokenKind::FStringMiddle
            | TokenKind::FStringEnd
            | TokenKind::TStringMiddle
            | TokenKind::TStringEnd
            | TokenKind::Comment
            | TokenKind::NonLogicalNewline
            | TokenKind::Colon
            | TokenKind::True
            | TokenKind::False
            | TokenKind::None
            | TokenKind::Ellipsis
            | TokenKind::Pass
            | TokenKind::Break
            | TokenKind::Continue
            | TokenKind::Unknown
    )
}

/// `too many nested parentheses` at the first bracket past the limit. The lexer gives kinds
/// only, so the place is found again on the text, skipping comments and string literals.
fn paren_error(source: &Source<'_>) -> CompileError {
    let bytes = source.text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    let mut at = bytes.len();
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            q @ (b'\'' | b'"') => {
                let triple = bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q);
                i += if triple { 3 } else { 1 };
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == q
                        && (!triple
                            || (bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q)))
                    {
                        i += if triple { 3 } else { 1 };
                        break;
                    }
                    if !triple && bytes[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_PAREN_LEVEL {
                    at = i;
                    break;
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    let at = at as u32;
    source
        .error(
            SyntaxErrorKind::Syntax,
            "too many nested parentheses",
            at,
            at,
        )
        .into()
}

/// `too many levels of indentation`, placed as CPython places it: on the line that goes past
/// the limit, offset 1, end offset 0.
fn indent_error(source: &Source<'_>) -> CompileError {
    let mut stack: Vec<usize> = vec![0];
    let mut line_no = 0u32;
    let mut found = 1u32;
    for line in source.text.split_inclusive('\n') {
        line_no += 1;
        let body = line.trim_start_matches([' ', '\t', '\x0c']);
        if body.trim().is_empty() || body.starts_with('#') {
            continue;
        }
        let width = line.len() - body.len();
        while width < *stack.last().unwrap_or(&0) {
            stack.pop();
        }
        if width > *stack.last().unwrap_or(&0) {
            stack.push(width);
            if stack.len() > MAX_INDENT_LEVEL {
                found = line_no;
                break;
            }
        }
    }
    source
        .error_at_line(
            SyntaxErrorKind::Indentation,
            "too many levels of indentation",
            found,
            1,
            0,
        )
        .into()
}
