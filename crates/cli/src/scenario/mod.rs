//! Running scenario files (`scenarios.md` §1): `.scn` files and the ` ```scenario ` blocks of
//! Markdown files, each block on a fresh runtime with the test modules, printing the
//! transcript. `subinterp scenario`, `subinterp inspect` and the behaviour-doc tests
//! (`tests/tests/behavior.rs`) all run files through [`run_source`].
//!
//! ```
//! use subinterp_cli::scenario::{run_source, SourceKind};
//!
//! let t = run_source("interp new sub isolated\ninterp config sub\n", SourceKind::Scn).unwrap();
//! assert!(t.render().starts_with("$ interp new sub isolated\nsub = interpreter 1\n"));
//! ```
//!
//! A command never stops the scenario: its error is printed as `Type: message` and the next
//! line runs. Only malformed lines are file errors ([`ScenarioErrors`], every bad line with its
//! number), found before anything runs.

mod markdown;
mod session;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use markdown::render_markdown;
pub(crate) use session::Session;
use subinterp_script::scenario::{Block, parse_scenario_file};
pub use subinterp_script::scenario::{ScenarioErrors, SourceKind};

/// The transcript of one scenario (a `.scn` file, or one Markdown block).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockTranscript {
    /// Line of the block's opening fence (1 for a `.scn` file).
    pub line: u32,
    /// The nearest Markdown heading above the block.
    pub heading: Option<String>,
    /// Each command echoed, then its output; ends with a newline unless empty.
    pub text: String,
}

/// The transcripts of every scenario of a file, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transcript {
    /// What kind of file ran.
    pub kind: SourceKind,
    /// One per scenario.
    pub blocks: Vec<BlockTranscript>,
}

impl Transcript {
    /// The text `subinterp scenario` prints: a `.scn` file's transcript as is; for Markdown,
    /// each block's transcript under a `# line N: heading` line, blocks separated by a blank
    /// line.
    pub fn render(&self) -> String {
        if self.kind == SourceKind::Scn {
            return self.blocks.iter().map(|b| b.text.as_str()).collect();
        }
        let mut out = String::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            match &b.heading {
                Some(h) => {
                    let _ = writeln!(out, "# line {}: {h}", b.line);
                }
                None => {
                    let _ = writeln!(out, "# line {}", b.line);
                }
            }
            out.push_str(&b.text);
        }
        out
    }
}

/// Why a file could not be run.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The extension is neither `.scn` nor `.md` / `.markdown`.
    #[error("{}: not a scenario file (expected a .scn, .md or .markdown file)", path.display())]
    Kind {
        /// The file.
        path: PathBuf,
    },
    /// Malformed lines (every one, with its line number).
    #[error("{}", prefixed(path, errors))]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The errors.
        errors: ScenarioErrors,
    },
}

impl FileError {
    /// The exit status for this error: 2 for malformed lines (a usage error of the file), 1
    /// for a file that cannot be read.
    pub fn exit_code(&self) -> u8 {
        match self {
            FileError::Syntax { .. } => 2,
            FileError::Read { .. } | FileError::Kind { .. } => 1,
        }
    }
}

fn prefixed(path: &Path, errors: &ScenarioErrors) -> String {
    errors
        .errors
        .iter()
        .map(|e| format!("{}:{}: {}", path.display(), e.line, e.kind))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads and parses `path` (the kind from its extension).
fn parse_path(path: &Path) -> Result<(String, SourceKind, Vec<Block>), FileError> {
    let kind = SourceKind::from_path(path).ok_or_else(|| FileError::Kind {
        path: path.to_owned(),
    })?;
    let text = std::fs::read_to_string(path).map_err(|source| FileError::Read {
        path: path.to_owned(),
        source,
    })?;
    let file = parse_scenario_file(&text, kind).map_err(|errors| FileError::Syntax {
        path: path.to_owned(),
        errors,
    })?;
    Ok((text, kind, file.blocks))
}

/// Runs every scenario of `text`, each on a fresh runtime, and returns the transcripts; fails
/// before running anything when a line is malformed.
pub fn run_source(text: &str, kind: SourceKind) -> Result<Transcript, ScenarioErrors> {
    let file = parse_scenario_file(text, kind)?;
    Ok(run_blocks(kind, &file.blocks))
}

/// Reads and parses `path` without running it: the errors [`run_file`] would give first.
pub fn check_file(path: &Path) -> Result<(), FileError> {
    parse_path(path).map(|_| ())
}

/// [`run_source`] on a file, its kind taken from its extension.
pub fn run_file(path: &Path) -> Result<Transcript, FileError> {
    let (_, kind, blocks) = parse_path(path)?;
    Ok(run_blocks(kind, &blocks))
}

fn run_blocks(kind: SourceKind, blocks: &[Block]) -> Transcript {
    let blocks = blocks
        .iter()
        .map(|b| {
            let mut text = String::new();
            let session = run_block(b, &mut text);
            session.close();
            BlockTranscript {
                line: b.line,
                heading: b.heading.clone(),
                text,
            }
        })
        .collect();
    Transcript { kind, blocks }
}

/// Runs one block on a fresh session, appending the transcript to `out`, and hands the
/// session back (still initialized, for `inspect`).
pub(crate) fn run_block(block: &Block, out: &mut String) -> Session {
    let mut session = Session::new();
    for line in &block.lines {
        out.push_str(&line.echo());
        out.push('\n');
        session.run(&line.command, out);
    }
    session
}

/// For `inspect`: runs every block of `path`, printing each transcript to `out`, and hands back
/// the session of the last block (or a fresh one for a file without blocks).
pub(crate) fn run_file_keep_last(path: &Path, out: &mut String) -> Result<Session, FileError> {
    let (_, kind, blocks) = parse_path(path)?;
    let mut last: Option<Session> = None;
    for (i, b) in blocks.iter().enumerate() {
        if let Some(prev) = last.take() {
            prev.close();
        }
        if kind == SourceKind::Markdown {
            if i > 0 {
                out.push('\n');
            }
            let _ = writeln!(out, "# line {}", b.line);
        }
        last = Some(run_block(b, out));
    }
    Ok(last.unwrap_or_else(Session::new))
}

#[cfg(test)]
mod tests;
