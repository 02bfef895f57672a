//! A small Rust lexer for tidy: splits each line into code (string and char literal contents
//! and comments blanked out) and comment text.
//!
//! The tidy rules look for tokens in code only, so a rule's needle written inside a string or a
//! comment (tidy's own source, its test fixtures, prose about the rules) is never reported.

/// One source line, split.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Line {
    /// The line's code; literal contents and comments are replaced by spaces, so columns match.
    pub(crate) code: String,
    /// The text of the comments on this line, markers included (`// SAFETY: ...`).
    pub(crate) comment: String,
}

impl Line {
    /// Nothing but whitespace.
    pub(crate) fn is_blank(&self) -> bool {
        self.code.trim().is_empty() && self.comment.trim().is_empty()
    }

    /// A comment and no code.
    pub(crate) fn is_comment(&self) -> bool {
        self.code.trim().is_empty() && !self.comment.trim().is_empty()
    }

    /// An outer attribute line (`#[...]`).
    pub(crate) fn is_attribute(&self) -> bool {
        self.code.trim_start().starts_with("#[")
    }
}

enum State {
    Code,
    LineComment,
    BlockComment(u32),
    Str,
    RawStr(usize),
    Char,
}

/// Splits `src` into lines of code and comment text.
pub(crate) fn lines(src: &str) -> Vec<Line> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = vec![Line::default()];
    let mut state = State::Code;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            if matches!(state, State::LineComment) {
                state = State::Code;
            }
            out.push(Line::default());
            i += 1;
            continue;
        }
        let line = out.last_mut().expect("lines is never empty");
        match state {
            State::Code => {
                if c == '/' && next == Some('/') {
                    state = State::LineComment;
                    line.comment.push(c);
                    line.code.push(' ');
                } else if c == '/' && next == Some('*') {
                    state = State::BlockComment(1);
                    line.comment.push_str("/*");
                    line.code.push_str("  ");
                    i += 1;
                } else if c == '"' {
                    state = State::Str;
                    line.code.push(c);
                } else if let Some(hashes) = raw_string_start(&chars, i) {
                    // `r##"`: keep the prefix as code, then the body is a literal.
                    line.code.extend(&chars[i..i + hashes + 2]);
                    state = State::RawStr(hashes);
                    i += hashes + 1;
                } else if c == '\'' && is_char_literal(&chars, i) {
                    state = State::Char;
                    line.code.push(c);
                } else {
                    line.code.push(c);
                }
            }
            State::LineComment => {
                line.comment.push(c);
                line.code.push(' ');
            }
            State::BlockComment(depth) => {
                if c == '*' && next == Some('/') {
                    state = if depth == 1 {
                        State::Code
                    } else {
                        State::BlockComment(depth - 1)
                    };
                    line.comment.push_str("*/");
                    line.code.push_str("  ");
                    i += 1;
                } else if c == '/' && next == Some('*') {
                    state = State::BlockComment(depth + 1);
                    line.comment.push_str("/*");
                    line.code.push_str("  ");
                    i += 1;
                } else {
                    line.comment.push(c);
                    line.code.push(' ');
                }
            }
            State::Str | State::Char => {
                let close = if matches!(state, State::Str) {
                    '"'
                } else {
                    '\''
                };
                if c == '\\' && next.is_some_and(|n| n != '\n') {
                    line.code.push_str("  ");
                    i += 1;
                } else if c == close {
                    state = State::Code;
                    line.code.push(c);
                } else {
                    line.code.push(' ');
                }
            }
            State::RawStr(hashes) => {
                let closes = c == '"'
                    && chars.len() >= i + 1 + hashes
                    && chars[i + 1..i + 1 + hashes].iter().all(|&h| h == '#');
                if closes {
                    line.code.push(c);
                    line.code.extend(std::iter::repeat_n('#', hashes));
                    state = State::Code;
                    i += hashes;
                } else {
                    line.code.push(' ');
                }
            }
        }
        i += 1;
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// At `chars[i] == 'r'`: the number of `#`s if a raw string (`r"`, `r#"`, `br"`, `cr"`) starts
/// here. `r#ident` (a raw identifier) and an `r` ending an identifier are not raw strings.
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    if chars[i] != 'r' {
        return None;
    }
    let prefix_ok = match i.checked_sub(1).map(|p| chars[p]) {
        None => true,
        Some('b' | 'c') => i < 2 || !is_ident_char(chars[i - 2]),
        Some(p) => !is_ident_char(p),
    };
    if !prefix_ok {
        return None;
    }
    let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
    (chars.get(i + 1 + hashes) == Some(&'"')).then_some(hashes)
}

/// At `chars[i] == '\''`: a char literal (`'a'`, `'\n'`, `'\u{1F600}'`) rather than a lifetime
/// or label (`'a`, `'static`).
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::spelled::*;

    /// Lexes `src` and renders each line as `code|comment`, code right-trimmed.
    #[track_caller]
    fn check(src: &str, expect: &[&str]) {
        let got: Vec<String> = lines(src)
            .iter()
            .map(|l| format!("{}|{}", l.code.trim_end(), l.comment))
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn comments_are_split_off() {
        check(
            "let a = 1; // one\n/* two */ b",
            &["let a = 1;|// one", "          b|/* two */"],
        );
        check(
            "/* a /* nested */ still\n end */ x",
            &["|/* a /* nested */ still", "        x| end */"],
        );
        check("//! doc\n/// item", &["|//! doc", "|/// item"]);
    }

    #[test]
    fn string_contents_are_blanked() {
        check(
            &format!(r#"f("{TODO}() // no")"#),
            &[&format!("f(\"{}\")|", " ".repeat(13))],
        );
        check("s = \"a\\\"b\"; c", &["s = \"    \"; c|"]);
        check("\"multi\nline\" x", &["\"|", "    \" x|"]);
        check(r#"b"x" c"y""#, &[r#"b" " c" "|"#]);
    }

    #[test]
    fn raw_strings_hold_quotes_and_hashes() {
        check(
            "r#\"unsafe { \"x\" }\"# + y",
            &[&format!("r#\"{}\"# + y|", " ".repeat(14))],
        );
        check("br##\"a\"#b\"## z", &["br##\"    \"## z|"]);
        check(
            "let r#type = 1; for_r\"s\"",
            &["let r#type = 1; for_r\" \"|"],
        );
    }

    #[test]
    fn char_literals_and_lifetimes() {
        check("let q = '\"'; x", &["let q = ' '; x|"]);
        check("let e = '\\''; x", &["let e = '  '; x|"]);
        check(
            "fn f<'a>(x: &'a str) -> &'static str",
            &["fn f<'a>(x: &'a str) -> &'static str|"],
        );
        check("b'/' // c", &["b' '|// c"]);
    }

    #[test]
    fn line_kinds() {
        let ls = lines("\n// c\n#[test]\nfn f() {}");
        assert!(ls[0].is_blank());
        assert!(ls[1].is_comment());
        assert!(ls[2].is_attribute());
        assert!(!ls[3].is_blank() && !ls[3].is_comment() && !ls[3].is_attribute());
    }
}
