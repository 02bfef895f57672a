//! Finding the ` ```scenario ` blocks of a Markdown file.

use super::{ScenarioError, ScenarioErrorKind, line_no};

/// A block's lines before they are parsed.
pub(super) struct RawBlock<'a> {
    pub(super) line: u32,
    pub(super) heading: Option<String>,
    pub(super) lines: Vec<(u32, &'a str)>,
}

/// An open fence: its character and length, and the block being collected if it is a
/// scenario block.
struct Fence<'a> {
    ch: char,
    len: usize,
    block: Option<RawBlock<'a>>,
}

/// The scenario blocks of `text`, in order. A scenario block left open is reported in
/// `errors`; any other open fence runs to the end of the file, as in CommonMark.
pub(super) fn blocks<'a>(text: &'a str, errors: &mut Vec<ScenarioError>) -> Vec<RawBlock<'a>> {
    let mut out = Vec::new();
    let mut heading = None;
    let mut fence: Option<Fence<'a>> = None;
    for (i, line) in text.lines().enumerate() {
        let n = line_no(i);
        match &mut fence {
            Some(open) => {
                if closes(line, open.ch, open.len) {
                    out.extend(fence.take().and_then(|f| f.block));
                } else if let Some(block) = &mut open.block {
                    block.lines.push((n, line));
                }
            }
            None => {
                if let Some((ch, len, info)) = opens(line) {
                    let block =
                        (info.split_whitespace().next() == Some("scenario")).then(|| RawBlock {
                            line: n,
                            heading: heading.clone(),
                            lines: Vec::new(),
                        });
                    fence = Some(Fence { ch, len, block });
                } else if let Some(text) = atx_heading(line) {
                    heading = Some(text.to_owned());
                }
            }
        }
    }
    if let Some(block) = fence.and_then(|f| f.block) {
        errors.push(ScenarioError {
            line: block.line,
            kind: ScenarioErrorKind::UnclosedBlock,
        });
    }
    out
}

/// Up to three spaces of indentation, as CommonMark allows before a fence or heading.
fn unindent(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(' ');
    (line.len() - rest.len() <= 3).then_some(rest)
}

/// An opening fence: its character, length and info string.
fn opens(line: &str) -> Option<(char, usize, &str)> {
    let rest = unindent(line)?;
    let ch = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = rest.len() - rest.trim_start_matches(ch).len();
    let info = &rest[len..];
    // A backtick fence's info string cannot contain backticks (that is inline code).
    (len >= 3 && !(ch == '`' && info.contains('`'))).then_some((ch, len, info.trim()))
}

fn closes(line: &str, ch: char, len: usize) -> bool {
    let Some(rest) = unindent(line) else {
        return false;
    };
    let run = rest.len() - rest.trim_start_matches(ch).len();
    run >= len && rest[run..].trim().is_empty()
}

/// The text of an ATX heading (`## Title`).
fn atx_heading(line: &str) -> Option<&str> {
    let rest = unindent(line)?;
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    let after = &rest[hashes..];
    ((1..=6).contains(&hashes) && (after.is_empty() || after.starts_with([' ', '\t'])))
        .then(|| after.trim().trim_end_matches('#').trim_end())
}
