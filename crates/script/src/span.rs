//! Byte spans into source text, and their line/column form.
//!
//! Every AST node and every error carries a [`Span`] (byte offsets into the text that was
//! parsed). [`LineIndex`] turns offsets into CPython's coordinates: 1-based line numbers and
//! 1-based columns counted in characters, the way `SyntaxError.lineno` / `.offset` count.

use std::fmt;

/// A half-open range `start..end` of byte offsets into the parsed text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range (`start` for an empty range).
    pub end: usize,
}

impl Span {
    /// The range `start..end`.
    #[inline]
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The empty range at `offset`.
    #[inline]
    pub const fn empty(offset: usize) -> Span {
        Span {
            start: offset,
            end: offset,
        }
    }

    /// The smallest range covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Length in bytes.
    #[inline]
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the range is empty.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A position as CPython reports it: 1-based line, 1-based column in characters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct LineCol {
    /// Line number, from 1.
    pub line: u32,
    /// Column, from 1, counted in characters (not bytes) from the start of the line.
    pub col: u32,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Line starts of a text, for offset → line/column conversion.
///
/// Line breaks are `\n`, `\r\n` and a lone `\r`, as in Python's universal newlines (the lexer
/// agrees). Built in one pass; each conversion is two binary searches, whatever the length of
/// the line (a script of 200,000 statements on one line converts every statement's offset in
/// linear time overall, where counting the characters from the line's start was quadratic).
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the first character of each line; `starts[0] == 0`.
    starts: Vec<usize>,
    /// One entry per character of more than one byte, in text order: the offset just past it,
    /// and the bytes beyond the first of every such character up to and including it (so the
    /// characters between two boundaries are their distance minus the difference).
    wide: Vec<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut wide = Vec::new();
        let mut extra = 0;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                b if b >= 0xC0 => {
                    // A UTF-8 lead byte: its count of leading ones is the character's length.
                    let len = b.leading_ones() as usize;
                    extra += len - 1;
                    wide.push((i + len, extra));
                    i += len;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { text, starts, wide }
    }

    /// The extra bytes of the multi-byte characters that end at or before `offset`.
    fn extra_before(&self, offset: usize) -> usize {
        match self.wide.partition_point(|&(end, _)| end <= offset) {
            0 => 0,
            n => self.wide[n - 1].1,
        }
    }

    /// Line and column of the byte `offset`. Offsets past the end (or inside a character)
    /// are clamped to the nearest character boundary at or before them.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(self.text, offset);
        // `starts[0] == 0`, so the partition point is at least 1.
        let idx = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[idx];
        let col = (offset - start) - (self.extra_before(offset) - self.extra_before(start));
        LineCol {
            line: saturate(idx + 1),
            col: saturate(col + 1),
        }
    }

    /// The text of line `line` (1-based) without its line break; empty if out of range.
    pub fn line_text(&self, line: u32) -> &'a str {
        let Some(idx) = (line as usize).checked_sub(1) else {
            return "";
        };
        let Some(&start) = self.starts.get(idx) else {
            return "";
        };
        let end = self.starts.get(idx + 1).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Number of lines (a text with no line break has one line, even when empty).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, offset: usize, expect: (u32, u32)) {
        let idx = LineIndex::new(text);
        let lc = idx.line_col(offset);
        assert_eq!((lc.line, lc.col), expect, "offset {offset} in {text:?}");
    }

    #[test]
    fn line_col() {
        check("", 0, (1, 1));
        check("abc", 2, (1, 3));
        check("abc", 3, (1, 4));
        check("ab\ncd", 3, (2, 1));
        check("ab\r\ncd", 4, (2, 1));
        check("ab\rcd", 3, (2, 1));
        check("é=1", 2, (1, 2));
        check("é=1", 1, (1, 1));
        check("x\n", 99, (2, 1));
        check("é\n€x𝄞y", 9, (2, 3));
        check("é\n€x𝄞y", 10, (2, 3));
        check("é\n€x𝄞y", 11, (2, 4));
    }

    #[test]
    fn columns_count_characters_as_a_scan_would() {
        let text = "a é\r\n€€ x\r𝄞b\nzz";
        let idx = LineIndex::new(text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                // The `\n` of a `\r\n` belongs to the line it ends.
                continue;
            }
            let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let col = text[line_start..offset].chars().count();
            assert_eq!(
                idx.line_col(offset).col as usize,
                col + 1,
                "offset {offset}"
            );
        }
    }

    #[test]
    fn line_text() {
        let idx = LineIndex::new("a\r\nbc\rd\n");
        assert_eq!(idx.line_text(1), "a");
        assert_eq!(idx.line_text(2), "bc");
        assert_eq!(idx.line_text(3), "d");
        assert_eq!(idx.line_text(4), "");
        assert_eq!(idx.line_text(0), "");
        assert_eq!(idx.line_count(), 4);
    }
}
