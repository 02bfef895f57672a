//! Transcripts written into Markdown docs: after each ` ```scenario ` block, a
//! ` ```transcript ` block holding what the block printed, so a reader sees the results next
//! to the commands. `cargo xtask docs` writes them; the behaviour-doc test checks them.

use super::Transcript;

/// The info string of a transcript block.
const INFO: &str = "transcript";

/// A fence line: its character, its length, and the info string after it.
fn fence(line: &str) -> Option<(char, usize, &str)> {
    let body = line.trim_end_matches(['\n', '\r']);
    let indent = body.len() - body.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let body = &body[indent..];
    let c = body.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = body.chars().take_while(|&x| x == c).count();
    (n >= 3).then(|| (c, n, body[n..].trim()))
}

/// The index of the line closing the fenced block opened at `open`, if any.
fn closing(lines: &[&str], open: usize) -> Option<usize> {
    let (c, n, _) = fence(lines[open])?;
    (open + 1..lines.len()).find(|&i| {
        fence(lines[i]).is_some_and(|(c2, n2, info)| c2 == c && n2 >= n && info.is_empty())
    })
}

/// `text` with a ` ```transcript ` block after each scenario block of `transcript` (which
/// must come from running `text`): an existing transcript block (the next block after only
/// blank lines, with info string `transcript`) is replaced, otherwise one is inserted.
/// Applying it twice gives the same text.
pub fn render_markdown(text: &str, transcript: &Transcript) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() + 256);
    let mut next = 0;
    for block in &transcript.blocks {
        let open = (block.line as usize).saturating_sub(1);
        let Some(close) = (open < lines.len())
            .then(|| closing(&lines, open))
            .flatten()
        else {
            continue;
        };
        if open < next {
            continue;
        }
        lines[next..=close].iter().for_each(|l| out.push_str(l));
        if !lines[close].ends_with('\n') {
            out.push('\n');
        }
        let after = (close + 1..lines.len())
            .find(|&i| !lines[i].trim().is_empty())
            .filter(|&i| fence(lines[i]).is_some_and(|(_, _, info)| info == INFO))
            .and_then(|i| closing(&lines, i));
        next = after.map_or(close + 1, |end| end + 1);
        out.push('\n');
        let ticks = "`".repeat(longest_tick_run(&block.text).max(2) + 1);
        out.push_str(&ticks);
        out.push_str(INFO);
        out.push('\n');
        out.push_str(&block.text);
        if !block.text.is_empty() && !block.text.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&ticks);
        out.push('\n');
    }
    lines[next.min(lines.len())..]
        .iter()
        .for_each(|l| out.push_str(l));
    out
}

/// The longest run of backticks starting a line of `text` (a fence must be longer).
fn longest_tick_run(text: &str) -> usize {
    text.lines()
        .map(|l| l.trim_start().chars().take_while(|&c| c == '`').count())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{BlockTranscript, SourceKind};

    fn t(blocks: &[(u32, &str)]) -> Transcript {
        Transcript {
            kind: SourceKind::Markdown,
            blocks: blocks
                .iter()
                .map(|&(line, text)| BlockTranscript {
                    line,
                    heading: None,
                    text: text.to_owned(),
                })
                .collect(),
        }
    }

    fn check(doc: &str, blocks: &[(u32, &str)], expect: &str) {
        let once = render_markdown(doc, &t(blocks));
        assert_eq!(once, expect);
        assert_eq!(render_markdown(&once, &t(blocks)), expect, "not idempotent");
    }

    #[test]
    fn inserts_after_each_block() {
        check(
            "# T\n\n```scenario\ninterp list\n```\n\nProse.\n\n~~~~scenario\ninterp list\n~~~~\n",
            &[(3, "$ interp list\n0 main\n"), (9, "$ interp list\n")],
            "# T\n\n```scenario\ninterp list\n```\n\n```transcript\n$ interp list\n0 main\n```\n\n\
             Prose.\n\n~~~~scenario\ninterp list\n~~~~\n\n```transcript\n$ interp list\n```\n",
        );
    }

    #[test]
    fn replaces_a_stale_transcript_and_keeps_other_blocks() {
        check(
            "```scenario\na\n```\n\n```transcript\nold\n```\n\n```text\nother\n```\n",
            &[(1, "new\n")],
            "```scenario\na\n```\n\n```transcript\nnew\n```\n\n```text\nother\n```\n",
        );
    }

    #[test]
    fn a_file_without_final_newline_and_fences_in_output() {
        check(
            "```scenario\na\n```",
            &[(1, "```x\n")],
            "```scenario\na\n```\n\n````transcript\n```x\n````\n",
        );
    }
}
