//! Scenario files: `.scn` files and the ` ```scenario ` blocks of Markdown files
//! (`scenarios.md` §1), read into [`Block`]s of [`Command`]s.
//!
//! ```
//! use subinterp_script::scenario::{parse_scenario_file, Command, SourceKind};
//!
//! let file = parse_scenario_file("interp new sub isolated\nsub> import sys\n", SourceKind::Scn)
//!     .unwrap();
//! let lines = &file.blocks[0].lines;
//! assert!(matches!(&lines[0].command, Command::InterpNew { name, .. } if name == "sub"));
//! assert_eq!(lines[0].echo(), "$ interp new sub isolated");
//! assert!(matches!(&lines[1].command, Command::Exec { source, .. } if source == "import sys"));
//! ```
//!
//! # Which errors are file errors
//!
//! Reading a file fails ([`ScenarioErrors`], every bad line with its line number; the CLI
//! exits with status 2) only for lines that are not well-formed commands:
//!
//! - an unknown command word, or a command with the wrong shape (missing or extra words,
//!   `share q to sub`), reported with the command's usage;
//! - an interpreter, queue or variable name that is not an identifier (a variable also must
//!   not be a keyword);
//! - an option of `runtime init` or `queue new` that is unknown, repeated, or has a value
//!   outside its set (`frozen_modules=on|off`, `maxsize=` an integer,
//!   `unbound=marker|error|remove`);
//! - a ` ```scenario ` block that is never closed.
//!
//! Everything else is a transcript error, printed by the runner in place of the command's
//! output while the next line runs:
//!
//! - a statement's syntax error (the runner compiles the statement and prints
//!   `SyntaxError: message`);
//! - the preset and `FIELD=VALUE` words of `interp new`, kept as raw words for the config
//!   crate (`InterpreterConfig::from_args`), whose errors are CPython's `ValueError` /
//!   `TypeError` texts;
//! - names that do not exist at run time (an unknown interpreter or queue), and every error
//!   the runtime raises.
//!
//! # Format
//!
//! Lines are trimmed; blank lines are skipped, and so are lines starting with `#` (only whole
//! lines are comments: on a statement line `#` starts a Python comment). A line starting with
//! an identifier directly followed by `>` is a statement line (`main> x = 1`); the statements
//! are the rest of the line, leading blanks removed. Command words are case-sensitive and
//! separated by blanks.
//!
//! # Multi-line statements
//!
//! A statement line continues on the lines after it that start with `...` (CPython's
//! continuation prompt): each adds a line break and its text after `...` and one blank, so
//! indentation after the prompt is kept. The whole is one interactive statement, as the
//! REPL reads it: a compound statement (`def`, `for`, `try`, ...) or one line of simple
//! statements. A `...` line not after a statement line is a file error.
//!
//! ```text
//! main> def f(n):
//! ...       return n * 2
//! main> f(21)
//! ```
//!
//! runs `def f(n):\n      return n * 2` then `f(21)` in `main` (the transcript prints
//! `42`).
//!
//! In Markdown, a block is a fenced code block (` ``` ` or `~~~`, three or more, indented at
//! most three spaces, closed by a fence of the same character at least as long) whose info
//! string's first word is `scenario`. Other fenced blocks are skipped whole, so a
//! ` ```scenario ` line inside a ` ```` ` block is text, not a block.

mod command;
mod markdown;

use std::path::Path;

pub use command::{Command, Unbound};

/// Whether a text is a `.scn` file or a Markdown file.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum SourceKind {
    /// The whole file is one scenario.
    Scn,
    /// The ` ```scenario ` blocks are scenarios, each run on a fresh runtime, in order.
    Markdown,
}

impl SourceKind {
    /// The kind for a path's extension: `.scn`, or `.md` / `.markdown`.
    pub fn from_path(path: &Path) -> Option<SourceKind> {
        match path.extension()?.to_str()? {
            "scn" => Some(SourceKind::Scn),
            "md" | "markdown" => Some(SourceKind::Markdown),
            _ => None,
        }
    }
}

/// A parsed scenario file.
#[derive(Clone, PartialEq, Debug)]
pub struct ScenarioFile {
    /// The scenarios, in file order; each runs on a fresh runtime.
    pub blocks: Vec<Block>,
}

/// One scenario: a `.scn` file, or one ` ```scenario ` block.
#[derive(Clone, PartialEq, Debug)]
pub struct Block {
    /// Line of the opening fence (1 for a `.scn` file).
    pub line: u32,
    /// The text of the nearest Markdown heading above the block, if any (`None` in `.scn`
    /// files), e.g. to name snapshots.
    pub heading: Option<String>,
    /// The commands, comments and blank lines left out.
    pub lines: Vec<Line>,
}

/// One command line.
#[derive(Clone, PartialEq, Debug)]
pub struct Line {
    /// 1-based line number in the file.
    pub line: u32,
    /// The line, trimmed (a statement line with its `...` continuation lines, joined with
    /// line breaks).
    pub text: String,
    /// What it says.
    pub command: Command,
}

impl Line {
    /// How the transcript echoes the line: `$ ` and the command for runtime commands, the
    /// line itself for statement lines (with their continuation lines).
    pub fn echo(&self) -> String {
        match self.command {
            Command::Exec { .. } => self.text.clone(),
            _ => format!("$ {}", self.text),
        }
    }
}

/// A line that is not a well-formed command (a file error: the CLI exits with status 2).
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct ScenarioError {
    /// 1-based line number in the file.
    pub line: u32,
    /// What is wrong.
    pub kind: ScenarioErrorKind,
}

/// What is wrong with a line.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum ScenarioErrorKind {
    /// The first word is no command.
    #[error(
        "unknown command '{0}' (expected runtime, interp, queue, share, or INTERP> STATEMENTS)"
    )]
    UnknownCommand(String),
    /// A command with missing, extra or misplaced words.
    #[error("usage: {0}")]
    Usage(&'static str),
    /// A name that must be an identifier is not one.
    #[error("invalid {what} '{name}' (expected an identifier)")]
    InvalidName {
        /// `interpreter name`, `queue name`, `variable name`.
        what: &'static str,
        /// The word given.
        name: String,
    },
    /// A variable name that is a Python keyword (it could never be used in a statement).
    #[error("invalid variable name '{0}' (a keyword)")]
    KeywordName(String),
    /// An option the command does not have.
    #[error("unknown option '{key}' (expected {expected})")]
    UnknownOption {
        /// The option name given.
        key: String,
        /// The options the command has.
        expected: &'static str,
    },
    /// An option given twice.
    #[error("option '{0}' given twice")]
    DuplicateOption(String),
    /// An option value outside its set.
    #[error("invalid value '{value}' for {key} (expected {expected})")]
    InvalidValue {
        /// The option.
        key: &'static str,
        /// The value given.
        value: String,
        /// What the option takes.
        expected: &'static str,
    },
    /// A `...` continuation line that follows no statement line.
    #[error("continuation line '...' after no INTERP> statement line")]
    StrayContinuation,
    /// A ` ```scenario ` block without its closing fence (the error's line is the opening
    /// fence's).
    #[error("```scenario block is never closed")]
    UnclosedBlock,
}

/// Every file error of a scenario file, in line order (never empty).
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("{}", join(errors))]
pub struct ScenarioErrors {
    /// The errors, at least one.
    pub errors: Vec<ScenarioError>,
}

fn join(errors: &[ScenarioError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads a scenario file: every block with its commands.
///
/// Fails with every malformed command line (see the module docs for what is a file error and
/// what is left to the transcript). A Markdown file without scenario blocks has no blocks.
pub fn parse_scenario_file(text: &str, kind: SourceKind) -> Result<ScenarioFile, ScenarioErrors> {
    let mut errors = Vec::new();
    let raw_blocks = match kind {
        SourceKind::Scn => vec![markdown::RawBlock {
            line: 1,
            heading: None,
            lines: text
                .lines()
                .enumerate()
                .map(|(i, l)| (line_no(i), l))
                .collect(),
        }],
        SourceKind::Markdown => markdown::blocks(text, &mut errors),
    };
    let mut blocks = Vec::with_capacity(raw_blocks.len());
    for raw in raw_blocks {
        let mut lines: Vec<Line> = Vec::new();
        for (line, text) in raw.lines {
            let text = text.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            if let Some(rest) = continuation(text) {
                match lines.last_mut() {
                    Some(Line {
                        text: echo,
                        command: Command::Exec { source, .. },
                        ..
                    }) => {
                        echo.push('\n');
                        echo.push_str(text);
                        source.push('\n');
                        source.push_str(rest);
                    }
                    _ => errors.push(ScenarioError {
                        line,
                        kind: ScenarioErrorKind::StrayContinuation,
                    }),
                }
                continue;
            }
            match command::parse_line(text) {
                Ok(command) => lines.push(Line {
                    line,
                    text: text.to_owned(),
                    command,
                }),
                Err(kind) => errors.push(ScenarioError { line, kind }),
            }
        }
        blocks.push(Block {
            line: raw.line,
            heading: raw.heading,
            lines,
        });
    }
    if errors.is_empty() {
        Ok(ScenarioFile { blocks })
    } else {
        errors.sort_by_key(|e| e.line);
        Err(ScenarioErrors { errors })
    }
}

/// The text of a `...` continuation line after its prompt (and the one blank that ends it).
fn continuation(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("...")?;
    if rest.is_empty() {
        return Some(rest);
    }
    rest.strip_prefix(' ')
}

/// The 1-based line number of the line at 0-based index `i`.
fn line_no(i: usize) -> u32 {
    u32::try_from(i + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
