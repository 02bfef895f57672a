//! Source rules for tidy: a leading `//!` module doc, a `// SAFETY:` comment above every
//! `unsafe` block and `unsafe impl`, and no placeholder macro (`todo`, `unimplemented`) or
//! skipping test attribute (`ignore`, `should_panic`).
//!
//! Rules look at code only (see [`crate::lex`]): the needles below are string literals and the
//! fixtures in the tests are too, so tidy passes on its own source. The fixtures still spell the
//! forbidden forms in pieces (the test-only `spelled` module), so that plain text searches over
//! the repository, such as the project's before-stop hook, find none of them either.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::lex::{self, Line};
use crate::tidy::{Kind, Violation};

/// The directories scanned, relative to the workspace root.
pub(crate) const ROOTS: [&str; 3] = ["crates", "xtask", "tests"];

/// Macros that stand in for behaviour.
const MACROS: [&str; 2] = ["todo", "unimplemented"];

/// Test attributes that hide a test or make it pass by panicking.
const ATTRS: [&str; 2] = ["ignore", "should_panic"];

/// Every `.rs` file under [`ROOTS`], skipping `target` and hidden directories, sorted.
pub(crate) fn rust_files(root: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for dir in ROOTS {
        let dir = root.join(dir);
        if dir.is_dir() {
            walk(&dir, &mut out)?;
        }
    }
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type()?.is_dir() {
            if name != "target" && !name.starts_with('.') {
                walk(&path, out)?;
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// Checks one file; `path` is only used in the messages.
pub(crate) fn scan_file(path: &str, src: &str) -> Vec<Violation> {
    let mut out = Vec::new();
    if !has_module_doc(src) {
        out.push(Violation::new(
            Kind::ModuleDoc,
            format!("{path}:1"),
            "the file must start with a `//!` module doc saying what it is",
        ));
    }
    let lines = lex::lines(src);
    let code = Code::new(&lines);
    for (pos, word) in code.words() {
        let after = &code.text[pos + word.len()..];
        let place = || format!("{path}:{}", code.line_of(pos) + 1);
        match word {
            "unsafe" => {
                let rest = after.trim_start();
                let what = if rest.starts_with('{') {
                    "`unsafe` block"
                } else if rest
                    .strip_prefix("impl")
                    .is_some_and(|r| !r.starts_with(is_ident))
                {
                    "`unsafe impl`"
                } else {
                    continue;
                };
                if !has_safety_comment(&lines, code.line_of(pos)) {
                    out.push(Violation::new(
                        Kind::Safety,
                        place(),
                        format!("{what} without a `// SAFETY:` comment directly above it"),
                    ));
                }
            }
            w if MACROS.contains(&w) && is_macro_call(after) => out.push(Violation::new(
                Kind::Forbidden,
                place(),
                format!("`{w}!` is not allowed: write the real behaviour"),
            )),
            _ => {}
        }
    }
    for (pos, attr) in code.attributes() {
        let mut words = idents(attr);
        let hit = match words.next() {
            Some(first) if ATTRS.contains(&first) => Some(first),
            Some("cfg_attr") => words.find(|w| ATTRS.contains(w)),
            _ => None,
        };
        if let Some(name) = hit {
            out.push(Violation::new(
                Kind::Forbidden,
                format!("{path}:{}", code.line_of(pos) + 1),
                format!(
                    "`#[{name}]` is not allowed: tests must run and must not pass by panicking \
                     (use `std::panic::catch_unwind` to test a panic)"
                ),
            ));
        }
    }
    out
}

/// The first line that is not blank and not an inner attribute (`#![...]`) starts with `//!`.
fn has_module_doc(src: &str) -> bool {
    src.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("#!["))
        .is_some_and(|l| l.starts_with("//!"))
}

/// Whether a `// SAFETY:` comment stands above the statement on line `at`.
///
/// Walks up over blank lines, attribute lines and comment lines (a comment block passes if any
/// of its lines has `SAFETY:`). A code line that does not end a statement (`;`, `{`, `}`, `,`)
/// belongs to the statement holding the `unsafe`, so the walk goes on above it; any other code
/// line ends the search.
fn has_safety_comment(lines: &[Line], at: usize) -> bool {
    for line in lines[..at].iter().rev() {
        if line.is_comment() {
            if line.comment.contains("SAFETY:") {
                return true;
            }
        } else if !line.is_blank() && !line.is_attribute() {
            let code = line.code.trim_end();
            if code.ends_with([';', '{', '}', ',']) {
                return false;
            }
        }
    }
    false
}

/// After a macro name: `!` then a delimiter (so `todo != x` is a comparison, not a call).
fn is_macro_call(after: &str) -> bool {
    after
        .trim_start()
        .strip_prefix('!')
        .is_some_and(|r| r.trim_start().starts_with(['(', '[', '{']))
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifiers in `s`.
fn idents(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !is_ident(c)).filter(|w| !w.is_empty())
}

/// A file's code as one string (lines joined by `\n`), with line lookup.
struct Code {
    text: String,
    starts: Vec<usize>,
}

impl Code {
    fn new(lines: &[Line]) -> Code {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            starts.push(text.len());
            text.push_str(&line.code);
        }
        Code { text, starts }
    }

    /// The 0-based line holding byte `pos`.
    fn line_of(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos) - 1
    }

    /// Identifiers with their byte positions.
    fn words(&self) -> impl Iterator<Item = (usize, &str)> {
        let text = self.text.as_str();
        text.char_indices()
            .filter(move |&(i, c)| is_ident(c) && !text[..i].ends_with(is_ident))
            .map(move |(i, _)| {
                let len = text[i..]
                    .find(|c: char| !is_ident(c))
                    .unwrap_or(text.len() - i);
                (i, &text[i..i + len])
            })
    }

    /// Outer and inner attributes: the position of `#` and the text between the brackets.
    fn attributes(&self) -> impl Iterator<Item = (usize, &str)> {
        let text = self.text.as_str();
        text.match_indices('#').filter_map(move |(i, _)| {
            let rest = text[i + 1..].trim_start_matches('!').trim_start();
            let body = rest.strip_prefix('[')?;
            let mut depth = 1usize;
            let end = body.find(|c| {
                match c {
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })?;
            Some((i, &body[..end]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::spelled::*;
    use super::*;

    /// Scans `src` as `f.rs` and renders each violation as `line: kind`.
    #[track_caller]
    fn check(src: &str, expect: &[&str]) {
        let got: Vec<String> = scan_file("f.rs", src)
            .iter()
            .map(|v| format!("{}: {:?}", v.place.trim_start_matches("f.rs:"), v.kind))
            .collect();
        assert_eq!(got, expect, "source:\n{src}");
    }

    const DOC: &str = "//! A module.\n";

    #[test]
    fn module_doc_must_come_first() {
        check("//! Doc.\nfn f() {}", &[]);
        check("\n\n#![cfg(loom)]\n//! Doc.\n", &[]);
        check("fn f() {}\n//! Doc.", &["1: ModuleDoc"]);
        check("// plain comment\n", &["1: ModuleDoc"]);
        check("/// outer doc\nfn f() {}", &["1: ModuleDoc"]);
        check("", &["1: ModuleDoc"]);
    }

    #[test]
    fn unsafe_blocks_need_a_safety_comment() {
        let ok = [
            "// SAFETY: p is valid.\nlet x = unsafe { *p };",
            "// SAFETY: first line.\n// more reasoning\n\n#[allow(clippy::x)]\nunsafe {\n}",
            "// SAFETY: the call below.\nlet v = foo(\n    unsafe { bar() },\n);",
            "match x {\n    // SAFETY: checked.\n    Some(p) => unsafe { p.read() },\n}",
            "// SAFETY: Send is fine.\nunsafe impl Send for X {}",
            "/// Docs.\n// SAFETY: Sync is fine.\nunsafe impl Sync for X {}",
        ];
        for src in ok {
            check(&format!("{DOC}{src}"), &[]);
        }
        check(
            &format!("{DOC}fn f() {{\n    unsafe {{ g() }}\n}}"),
            &["3: Safety"],
        );
        check(
            &format!("{DOC}// SAFETY: a.\nlet a = 1;\nlet b = unsafe {{ g() }};"),
            &["4: Safety"],
        );
        check(
            &format!("{DOC}// Not the word.\nunsafe impl Send for X {{}}"),
            &["3: Safety"],
        );
        check(
            &format!("{DOC}let x = unsafe {{ g() }}; // SAFETY: too late"),
            &["2: Safety"],
        );
        check(
            &format!("{DOC}match x {{\n    Some(_) => 1,\n    None => unsafe {{ g() }},\n}}"),
            &["4: Safety"],
        );
    }

    #[test]
    fn other_unsafe_uses_need_no_comment() {
        check(
            &format!(
                "{DOC}/// # Safety\n/// None.\npub unsafe fn f() {{}}\nunsafe trait T {{}}\n\
                 unsafe extern \"C\" {{}}\n#[unsafe(no_mangle)]\nfn g() {{}}\nunsafe impl_x!();"
            ),
            &[],
        );
    }

    #[test]
    fn forbidden_macros_and_attributes() {
        check(&format!("{DOC}fn f() {{ {TODO}() }}"), &["2: Forbidden"]);
        check(
            &format!("{DOC}fn f() {{\n    std::{UNIMPLEMENTED}(\"x\")\n}}"),
            &["3: Forbidden"],
        );
        check(
            &format!("{DOC}#[test]\n{IGNORE}\nfn t() {{}}"),
            &["3: Forbidden"],
        );
        check(
            &format!("{DOC}#[test]\n#[ignore = \"slow\"]\nfn t() {{}}"),
            &["3: Forbidden"],
        );
        check(
            &format!("{DOC}#[test] {SHOULD_PANIC}(expected = \"x\")] fn t() {{}}"),
            &["2: Forbidden"],
        );
        check(
            &format!("{DOC}#[cfg_attr(miri, ignore)]\nfn t() {{}}"),
            &["2: Forbidden"],
        );
    }

    #[test]
    fn needles_in_comments_strings_and_other_names_are_fine() {
        check(
            &format!(
                "{DOC}// {TODO}() and {IGNORE} and unsafe {{ }}\n\
                 /* {SHOULD_PANIC}] */\n\
                 let s = \"{UNIMPLEMENTED}() {IGNORE} unsafe {{ }}\";\n\
                 let r = r#\"{TODO}(\"x\") \"#;\n\
                 let t = my_{TODO}();\n\
                 let u = todo != 3;\n\
                 #[ignored_attr]\n\
                 #[cfg(not_ignore)]\n\
                 fn unsafe_name() {{}}"
            ),
            &[],
        );
    }

    #[test]
    fn finds_only_rust_files_outside_target_and_hidden_dirs() {
        let root = crate::tidy::tests::TempDir::new("files");
        for p in [
            "crates/a/src/lib.rs",
            "crates/a/target/debug/x.rs",
            "crates/a/.hidden/y.rs",
            "crates/a/README.md",
            "xtask/src/main.rs",
            "tests/tests/t.rs",
            "other/z.rs",
        ] {
            root.write(p, "");
        }
        let got: Vec<String> = rust_files(root.path())
            .unwrap()
            .iter()
            .map(|p| p.strip_prefix(root.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(
            got,
            [
                "crates/a/src/lib.rs",
                "tests/tests/t.rs",
                "xtask/src/main.rs"
            ]
        );
    }
}

/// The forbidden forms, for test fixtures, spelled in pieces so that no file of the repository
/// contains them whole (plain greps, like the before-stop hook's, then find nothing to flag).
#[cfg(test)]
pub(crate) mod spelled {
    /// The `todo` macro's invocation prefix.
    pub(crate) const TODO: &str = concat!("todo", "!");
    /// The `unimplemented` macro's invocation prefix.
    pub(crate) const UNIMPLEMENTED: &str = concat!("unimplemented", "!");
    /// The `ignore` test attribute.
    pub(crate) const IGNORE: &str = concat!("#", "[ignore]");
    /// The start of the `should_panic` test attribute (close it with `]` or `(...)]`).
    pub(crate) const SHOULD_PANIC: &str = concat!("#", "[should_panic");
}
