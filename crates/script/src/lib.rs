//! `subinterp-script`: the statement language run by `Interpreter::exec` and by scenarios.
//!
//! This crate holds the language's front end (the design is `scenarios.md` §2):
//!
//! - [`parse`] turns source text into a [`Program`](ast::Program) ([`ast`]) or a [`SyntaxError`] carrying
//!   CPython 3.13's message, span, line and column;
//! - [`scenario`] reads scenario files (`.scn` files and the ` ```scenario ` blocks of Markdown
//!   files, `scenarios.md` §1) into blocks of commands, each statement line already parsed.
//!
//! The evaluator over the object model comes with the object crate; it imports through a
//! trait the runtime implements, so this crate never depends on the runtime or the import
//! machinery.
//!
//! ```
//! use subinterp_script::{parse, ast::StmtKind};
//!
//! let program = parse("import sys; x = sys.getswitchinterval()").unwrap();
//! assert!(matches!(program.body[0].kind, StmtKind::Import(_)));
//! assert_eq!(program.to_string(), "import sys\nx = sys.getswitchinterval()");
//!
//! let err = parse("x = 'abc").unwrap_err();
//! assert_eq!(err.to_string(), "SyntaxError: unterminated string literal (detected at line 1)");
//! assert_eq!((err.lineno(), err.offset()), (1, 5));
//! ```

pub mod ast;
mod display;
mod dump;
mod error;
mod lexer;
mod literal;
mod parser;
pub mod scenario;
mod span;
mod token;

pub use error::{ErrorType, SyntaxError};
pub use parser::{MAX_DEPTH, parse};
pub use span::{LineCol, LineIndex, Span};
