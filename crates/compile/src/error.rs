//! What `compile` reports when source is not a valid program: CPython's `SyntaxError` (and its
//! subclasses `IndentationError`, `TabError`) with a location, or a `RecursionError` when the
//! source nests deeper than the compiler allows.

use std::fmt;

/// Which Python exception class a [`SyntaxError`] is raised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyntaxErrorKind {
    /// `SyntaxError`.
    Syntax,
    /// `IndentationError` (a subclass of `SyntaxError`).
    Indentation,
    /// `TabError` (a subclass of `IndentationError`).
    Tab,
}

impl SyntaxErrorKind {
    /// The Python class name.
    pub fn class_name(self) -> &'static str {
        match self {
            SyntaxErrorKind::Syntax => "SyntaxError",
            SyntaxErrorKind::Indentation => "IndentationError",
            SyntaxErrorKind::Tab => "TabError",
        }
    }
}

/// A syntax error with CPython's fields: `msg`, `filename`, `lineno`, `offset`, `end_lineno`,
/// `end_offset` and `text`. Lines are 1-based; offsets are 1-based character columns, as
/// CPython's, and `0` where CPython has none for that error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The exception class.
    pub kind: SyntaxErrorKind,
    /// The message, CPython's text where the table in `tests/syntax_errors.json` has it.
    pub message: String,
    /// The file name given to `compile`.
    pub filename: String,
    /// 1-based line of the start of the error.
    pub lineno: u32,
    /// 1-based character column of the start of the error.
    pub offset: u32,
    /// 1-based line of the end of the error.
    pub end_lineno: u32,
    /// 1-based character column just past the error.
    pub end_offset: u32,
    /// The source line of `lineno` with its line break, if the source has that line.
    pub text: Option<String>,
}

impl fmt::Display for SyntaxError {
    /// CPython's `str(exc)`: `msg (filename, line N)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}, line {})",
            self.message, self.filename, self.lineno
        )
    }
}

impl std::error::Error for SyntaxError {}

/// Why `compile` refused a source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompileError {
    /// The source is not a valid program: `SyntaxError`, `IndentationError` or `TabError`.
    Syntax(SyntaxError),
    /// The source nests deeper than the compiler's limit (CPython raises `RecursionError`
    /// with this message and no location).
    Recursion {
        /// `maximum recursion depth exceeded during compilation`.
        message: &'static str,
    },
}

/// The message CPython's compiler gives when the syntax tree is deeper than its C stack allows.
pub const RECURSION_MESSAGE: &str = "maximum recursion depth exceeded during compilation";

impl CompileError {
    /// The Python exception class name.
    pub fn class_name(&self) -> &'static str {
        match self {
            CompileError::Syntax(e) => e.kind.class_name(),
            CompileError::Recursion { .. } => "RecursionError",
        }
    }

    /// The message alone.
    pub fn message(&self) -> &str {
        match self {
            CompileError::Syntax(e) => &e.message,
            CompileError::Recursion { message } => message,
        }
    }

    /// The syntax error, if this is one.
    pub fn as_syntax(&self) -> Option<&SyntaxError> {
        match self {
            CompileError::Syntax(e) => Some(e),
            CompileError::Recursion { .. } => None,
        }
    }

    pub(crate) fn recursion() -> CompileError {
        CompileError::Recursion {
            message: RECURSION_MESSAGE,
        }
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompileError::Syntax(e) => write!(f, "{}: {e}", e.kind.class_name()),
            CompileError::Recursion { message } => write!(f, "RecursionError: {message}"),
        }
    }
}

impl std::error::Error for CompileError {}

impl From<SyntaxError> for CompileError {
    fn from(e: SyntaxError) -> Self {
        CompileError::Syntax(e)
    }
}
