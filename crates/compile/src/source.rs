//! Byte offsets to CPython's positions: 1-based lines and 1-based character columns, plus the
//! text of a line, for syntax errors and the line table.

use crate::error::{SyntaxError, SyntaxErrorKind};

/// Line starts of one source, for offset to (line, column) lookups in `O(log lines)`.
pub(crate) struct Source<'a> {
    pub(crate) text: &'a str,
    pub(crate) filename: &'a str,
    line_starts: Vec<u32>,
}

impl<'a> Source<'a> {
    pub(crate) fn new(text: &'a str, filename: &'a str) -> Source<'a> {
        let mut line_starts = vec![0u32];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i as u32 + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i as u32 + 1),
                _ => {}
            }
            i += 1;
        }
        Source {
            text,
            filename,
            line_starts,
        }
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line_of(&self, offset: u32) -> u32 {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// 1-based line and 1-based character column of a byte offset.
    pub(crate) fn position(&self, offset: u32) -> (u32, u32) {
        let offset = offset.min(self.text.len() as u32);
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize - 1] as usize;
        let end = (offset as usize).max(start);
        let col = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line, col as u32 + 1)
    }

    /// The text of a 1-based line including its line break, if the source has that line.
    pub(crate) fn line_text(&self, line: u32) -> Option<String> {
        let idx = line.checked_sub(1)? as usize;
        let start = *self.line_starts.get(idx)? as usize;
        let end = self
            .line_starts
            .get(idx + 1)
            .map_or(self.text.len(), |&e| e as usize);
        if start >= self.text.len() && idx > 0 {
            return None;
        }
        Some(self.text[start..end].to_string())
    }

    /// A syntax error spanning the byte range `start..end`.
    pub(crate) fn error(
        &self,
        kind: SyntaxErrorKind,
        message: impl Into<String>,
        start: u32,
        end: u32,
    ) -> SyntaxError {
        let (lineno, offset) = self.position(start);
        let (end_lineno, end_offset) = self.position(end.max(start));
        SyntaxError {
            kind,
            message: message.into(),
            filename: self.filename.to_string(),
            lineno,
            offset,
            end_lineno,
            end_offset,
            text: self.line_text(lineno),
        }
    }

    /// A syntax error at a 1-based line and column, as CPython places some tokenizer errors.
    pub(crate) fn error_at_line(
        &self,
        kind: SyntaxErrorKind,
        message: impl Into<String>,
        lineno: u32,
        offset: u32,
        end_offset: u32,
    ) -> SyntaxError {
        SyntaxError {
            kind,
            message: message.into(),
            filename: self.filename.to_string(),
            lineno,
            offset,
            end_lineno: lineno,
            end_offset,
            text: self.line_text(lineno),
        }
    }
}
