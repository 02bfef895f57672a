//! `subinterp-compile`: Python 3.13 source to immutable, shareable code objects.
//!
//! Must never depend on another `subinterp-*` crate: it is usable alone, and every interpreter
//! of the process shares what it produces.
//!
//! ```
//! use subinterp_compile::{Mode, compile};
//!
//! let code = compile("def f(x):\n    return x + 1\n", "m.py", Mode::Exec).unwrap();
//! assert_eq!(&*code.name, "<module>");
//! assert_eq!(code.children().count(), 1);
//!
//! let err = compile("return 1\n", "m.py", Mode::Exec).unwrap_err();
//! assert_eq!(err.message(), "'return' outside function");
//! ```
//!
//! # Pipeline
//!
//! ```text
//!  bytes --decode--> &str --prescan (limits)--> ruff parser --> syntax tree
//!        --symtable (build, analyze)--> scopes --codegen--> units --assemble--> Arc<Code>
//! ```
//!
//! Nothing recursive runs before the token pre-scan ([`prescan`]) has bounded the nesting;
//! every recursive pass then grows its native stack on demand, so no input overflows it.
//!
#![doc = include_str!("../BYTECODE.md")]

mod bytecode;
mod cache;
mod code;
mod codegen;
mod dis;
mod error;
mod flow;
mod fxhash;
mod guard;
mod messages;
mod parse;
pub mod prescan;
mod source;
pub mod symtable;

use std::sync::Arc;

pub use bytecode::{BinOp, CmpOp, INPLACE, Instr, Op, stack_effect};
pub use cache::{
    CACHE_MAX_BYTES, CACHE_MAX_ENTRIES, CacheStats, ForkHold, cache_stats, compile_cached,
    hold_for_fork,
};
pub use code::{Code, CodeFlags, Constant, ExceptionEntry, LocalKind};
pub use dis::{dis, dis_source};
pub use error::{CompileError, RECURSION_MESSAGE, SyntaxError, SyntaxErrorKind};
pub use flow::verify;

use parse::Parsed;
use source::Source;

/// What the source is (the `mode` argument of Python's `compile`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// A module: any number of statements.
    Exec,
    /// One expression; the code returns its value.
    Eval,
    /// One interactive statement: expression statements print their value.
    Single,
}

/// Compiles Python source (bytes or text) to a code object. Any input gives a code object or
/// an error, in bounded time and memory.
pub fn compile(
    source: impl AsRef<[u8]>,
    filename: &str,
    mode: Mode,
) -> Result<Arc<Code>, CompileError> {
    let text = parse::decode(source.as_ref(), filename)?;
    let src = Source::new(&text, filename);
    let scan = prescan::scan(&src, mode == Mode::Eval)?;
    let parsed = parse::parse(&src, mode)?;
    let result = match &parsed {
        Parsed::Module(m) => parse::future_annotations(m, &src).and_then(|future| {
            let table = symtable::symtable(m, &src, future)?;
            codegen::compile_module(m, table, &src, mode, future)
        }),
        Parsed::Expression(e) => symtable::symtable_expr(e, &src)
            .and_then(|table| codegen::compile_expression(e, table, &src)),
    };
    drop_deep(parsed, scan.max_depth);
    result
}

/// Analyzes the scopes of a module as CPython's `symtable` module does (for tools and tests).
pub fn symbol_table(source: &str, filename: &str) -> Result<symtable::SymbolTable, CompileError> {
    let src = Source::new(source, filename);
    let scan = prescan::scan(&src, false)?;
    let parsed = parse::parse(&src, Mode::Exec)?;
    let Parsed::Module(m) = &parsed else {
        return Err(CompileError::recursion());
    };
    let result =
        parse::future_annotations(m, &src).and_then(|future| symtable::symtable(m, &src, future));
    drop_deep(parsed, scan.max_depth);
    result
}

/// Frees a syntax tree whose destructor recurses once per level: deep trees are freed on a
/// stack segment sized for their depth.
fn drop_deep(parsed: Parsed, depth: usize) {
    const PER_LEVEL: usize = 512;
    let need = depth.saturating_mul(PER_LEVEL) + 64 * 1024;
    stacker::maybe_grow(need, need.max(1024 * 1024), move || drop(parsed));
}
