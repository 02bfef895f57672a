//! [`SyntaxError`]: what [`parse`](crate::parse) returns for text that is not a program.
//!
//! The fields mirror CPython's `SyntaxError` attributes (`msg`, `lineno`, `offset`,
//! `end_lineno`, `end_offset`, `text`), so the evaluator can raise a faithful exception, and
//! [`SyntaxError::render`] prints the report CPython 3.13's traceback module prints.

use std::fmt;

use crate::span::{LineCol, LineIndex, Span};

/// The Python exception type of a [`SyntaxError`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ErrorType {
    /// `SyntaxError`: almost every error.
    SyntaxError,
    /// `IndentationError` (a `SyntaxError` subclass): a statement starts indented.
    IndentationError,
    /// `MemoryError`: the source nests deeper than the parser allows, as CPython's
    /// "Parser stack overflowed" error.
    MemoryError,
}

impl ErrorType {
    /// The Python name of the type.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorType::SyntaxError => "SyntaxError",
            ErrorType::IndentationError => "IndentationError",
            ErrorType::MemoryError => "MemoryError",
        }
    }
}

impl fmt::Display for ErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A syntax error, with CPython 3.13's message where CPython has one for the same mistake.
///
/// `Display` is `Type: message` (e.g. `SyntaxError: invalid syntax`), the transcript form;
/// [`render`](SyntaxError::render) adds the source line and carets.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("{exc_type}: {msg}")]
pub struct SyntaxError {
    /// The exception type (almost always [`ErrorType::SyntaxError`]).
    pub exc_type: ErrorType,
    /// The message, without the type name.
    pub msg: String,
    /// The bytes the error points at (possibly empty, at the end of a line).
    pub span: Span,
    /// Line/column of `span.start` (CPython's `lineno`, `offset`).
    pub start: LineCol,
    /// Line/column of `span.end` (CPython's `end_lineno`, `end_offset`).
    pub end: LineCol,
    /// The source line holding `span.start`, without its line break (CPython's `text`).
    pub text: String,
}

impl SyntaxError {
    pub(crate) fn new(
        exc_type: ErrorType,
        msg: impl Into<String>,
        span: Span,
        idx: &LineIndex<'_>,
    ) -> SyntaxError {
        let start = idx.line_col(span.start);
        let end = idx.line_col(span.end);
        SyntaxError {
            exc_type,
            msg: msg.into(),
            span,
            start,
            end,
            text: idx.line_text(start.line).to_owned(),
        }
    }

    /// CPython's `lineno`: 1-based line of the error.
    pub fn lineno(&self) -> u32 {
        self.start.line
    }

    /// CPython's `offset`: 1-based character column of the error.
    pub fn offset(&self) -> u32 {
        self.start.col
    }

    /// The report CPython prints for this error when it comes from `filename`:
    ///
    /// ```text
    ///   File "<string>", line 1
    ///     x = 'abc
    ///         ^
    /// SyntaxError: unterminated string literal (detected at line 1)
    /// ```
    ///
    /// The layout is `traceback.TracebackException._format_syntax_error` of CPython 3.13
    /// (leading spaces of the line stripped, carets from `offset` to `end_offset`, at least one).
    pub fn render(&self, filename: &str) -> String {
        let mut out = format!("  File \"{filename}\", line {}\n", self.start.line);
        let rtext: Vec<char> = self.text.chars().collect();
        let spaces = rtext
            .iter()
            .take_while(|c| matches!(c, ' ' | '\x0c'))
            .count();
        let ltext: String = rtext[spaces..].iter().collect();
        let len = rtext.len() as i64;
        let mut offset = i64::from(self.start.col);
        let mut end_offset = if self.start.line == self.end.line {
            i64::from(self.end.col)
        } else {
            len + 1
        };
        if offset > len {
            offset = len + 1;
        }
        if end_offset > len {
            end_offset = len + 1;
        }
        if offset >= end_offset {
            end_offset = offset + 1;
        }
        let colno = offset - 1 - spaces as i64;
        let end_colno = end_offset - 1 - spaces as i64;
        out.push_str("    ");
        out.push_str(&ltext);
        out.push('\n');
        if colno >= 0 {
            // Tabs and other non-space whitespace are kept so the carets line up.
            let caretspace: String = ltext
                .chars()
                .chain(std::iter::repeat(' '))
                .take(colno as usize)
                .map(|c| if c.is_whitespace() { c } else { ' ' })
                .collect();
            out.push_str("    ");
            out.push_str(&caretspace);
            out.push_str(&"^".repeat((end_colno - colno) as usize));
            out.push('\n');
        }
        out.push_str(&self.to_string());
        out
    }
}
