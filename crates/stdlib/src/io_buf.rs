//! The in-memory file shared by `io.StringIO` (code points) and `io.BytesIO` (bytes): the
//! data, the position (which may lie past the end: a write there pads with zeros, as
//! CPython's do), and whether the file is closed.

/// One in-memory file of `T` elements.
pub(crate) struct Buf<T> {
    pub(crate) data: Vec<T>,
    pub(crate) pos: usize,
    pub(crate) closed: bool,
}

impl<T: Copy + Default + PartialEq> Buf<T> {
    /// A file holding `data`, positioned at its start.
    pub(crate) fn new(data: Vec<T>) -> Buf<T> {
        Buf {
            data,
            pos: 0,
            closed: false,
        }
    }

    /// Reads at most `size` elements (all remaining for `None`) and advances.
    pub(crate) fn read(&mut self, size: Option<usize>) -> Vec<T> {
        let start = self.pos.min(self.data.len());
        let end = match size {
            Some(n) => start.saturating_add(n).min(self.data.len()),
            None => self.data.len(),
        };
        self.pos = self.pos.max(end);
        self.data[start..end].to_vec()
    }

    /// Reads one line: up to and including the first `ends` match (see [`line_end`]), at
    /// most `size` elements.
    pub(crate) fn readline(
        &mut self,
        size: Option<usize>,
        ends: &dyn Fn(&[T]) -> Option<usize>,
    ) -> Vec<T> {
        let start = self.pos.min(self.data.len());
        let limit = match size {
            Some(n) => start.saturating_add(n).min(self.data.len()),
            None => self.data.len(),
        };
        let end = ends(&self.data[start..limit]).map_or(limit, |e| start + e);
        self.pos = self.pos.max(end);
        self.data[start..end].to_vec()
    }

    /// Writes `items` at the position (zero-padding a gap first) and advances past them.
    pub(crate) fn write(&mut self, items: &[T]) {
        if items.is_empty() {
            return;
        }
        if self.pos > self.data.len() {
            self.data.resize(self.pos, T::default());
        }
        let end = self.pos + items.len();
        let overlap = end.min(self.data.len());
        self.data[self.pos..overlap].copy_from_slice(&items[..overlap - self.pos]);
        self.data.extend_from_slice(&items[overlap - self.pos..]);
        self.pos = end;
    }

    /// Cuts the data to `size` elements (the position stays).
    pub(crate) fn truncate(&mut self, size: usize) {
        self.data.truncate(size);
    }
}

/// The end (one past the terminator) of the first line of `s` ending with `nl`.
pub(crate) fn line_end<T: PartialEq>(s: &[T], nl: &[T]) -> Option<usize> {
    if nl.is_empty() || s.len() < nl.len() {
        return None;
    }
    (0..=s.len() - nl.len())
        .find(|&i| s[i..i + nl.len()] == *nl)
        .map(|i| i + nl.len())
}

/// The end of the first line of `s` under universal newlines (`\n`, `\r` or `\r\n`).
pub(crate) fn universal_line_end(s: &[char]) -> Option<usize> {
    let i = s.iter().position(|c| *c == '\n' || *c == '\r')?;
    if s[i] == '\r' && s.get(i + 1) == Some(&'\n') {
        return Some(i + 2);
    }
    Some(i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_past_the_end_pad_with_zeros_and_overwrite_in_place() {
        let mut b = Buf::new(b"abc".to_vec());
        b.pos = 5;
        b.write(b"x");
        assert_eq!(b.data, b"abc\0\0x");
        b.pos = 1;
        b.write(b"ZZ");
        assert_eq!(b.data, b"aZZ\0\0x");
        assert_eq!(b.pos, 3);
    }

    #[test]
    fn lines_end_at_the_terminator_or_the_limit() {
        let mut b = Buf::new("ab\ncd".chars().collect());
        let nl = |s: &[char]| line_end(s, &['\n']);
        assert_eq!(b.readline(None, &nl), vec!['a', 'b', '\n']);
        assert_eq!(b.readline(Some(1), &nl), vec!['c']);
        assert_eq!(b.readline(None, &nl), vec!['d']);
        assert!(b.readline(None, &nl).is_empty());
        let s: Vec<char> = "a\r\nb".chars().collect();
        assert_eq!(universal_line_end(&s), Some(3));
    }
}
