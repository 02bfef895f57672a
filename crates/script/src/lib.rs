//! `subinterp-script`: the statement language run by `Interpreter::exec` and by scenarios.
//!
//! The language (the design is `scenarios.md` §2), front end and evaluator:
//!
//! - [`parse`] turns source text into a [`Program`](ast::Program) ([`ast`]) or a [`SyntaxError`] carrying
//!   CPython 3.13's message, span, line and column;
//! - [`exec`] runs a program over the object model (`subinterp-object`) in an interpreter
//!   reached through the [`Host`] trait, which the runtime implements: imports, reloads,
//!   `__main__`'s namespace, the [`Builtins`] and standard output. This crate never depends on
//!   the runtime or the import machinery. [`exec_source`] parses and runs; [`ParseCache`]
//!   skips the parse of a source seen before;
//! - [`scenario`] reads scenario files (`.scn` files and the ` ```scenario ` blocks of Markdown
//!   files, `scenarios.md` §1) into blocks of commands, each statement line already parsed.
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
mod builtins;
mod cache;
mod display;
mod dump;
mod error;
mod eval;
mod host;
mod lexer;
mod literal;
mod parser;
pub mod scenario;
mod span;
mod token;

pub use builtins::Builtins;
pub use cache::ParseCache;
pub use error::{ErrorType, SyntaxError};
pub use eval::{exec, exec_source};
pub use host::Host;
pub use parser::{MAX_DEPTH, parse};
pub use span::{LineCol, LineIndex, Span};
