//! The front end: bytes to text (CPython's rules for encodings, NUL bytes and invalid
//! UTF-8), the token pre-scan, parsing with `ruff_python_parser`, and ruff's errors turned
//! into CPython's `SyntaxError`s (see [`crate::messages`] for the texts).

use std::borrow::Cow;

use ruff_python_ast::{Expr, ModModule, PythonVersion, Stmt};
use ruff_python_parser::{Mode as ParseMode, ParseOptions, parse_unchecked};

use crate::Mode;
use crate::error::{CompileError, SyntaxErrorKind};
use crate::messages;
use crate::source::Source;

/// What was parsed.
pub(crate) enum Parsed {
    Module(ModModule),
    Expression(Expr),
}

/// Decodes source bytes: a UTF-8 byte-order mark is dropped; a PEP 263 coding declaration
/// selects UTF-8, Latin-1, Windows-1252 or ASCII (other encodings are refused with a
/// `SyntaxError` saying so); a NUL byte or invalid UTF-8 is a `SyntaxError` with CPython's message.
pub(crate) fn decode<'b>(bytes: &'b [u8], filename: &str) -> Result<Cow<'b, str>, CompileError> {
    let bom = bytes.starts_with(b"\xef\xbb\xbf");
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let declared = coding(bytes);
    match declared.as_ref().map(|(name, _)| name.as_str()) {
        None | Some("utf-8" | "utf8" | "utf-8-sig" | "ascii" | "us-ascii") => {}
        Some("latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1") if !bom => {
            check_nul(bytes, filename)?;
            return Ok(Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()));
        }
        Some("cp1252" | "windows-1252") if !bom => {
            check_nul(bytes, filename)?;
            return Ok(Cow::Owned(bytes.iter().map(|&b| cp1252(b)).collect()));
        }
        Some(other) => {
            let line = declared.as_ref().map_or(1, |&(_, line)| line);
            let text = String::from_utf8_lossy(bytes);
            let src = Source::new(&text, filename);
            return Err(src
                .error_at_line(
                    SyntaxErrorKind::Syntax,
                    format!("encoding '{other}' is not supported by this compiler"),
                    line,
                    0,
                    0,
                )
                .into());
        }
    }
    check_nul(bytes, filename)?;
    utf8(bytes, filename).map(Cow::Borrowed)
}

/// One byte of Windows-1252: Latin-1 but for 0x80-0x9F (its five unassigned bytes decode to
/// U+FFFD here, where CPython's codec raises).
fn cp1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(u32::from(HIGH[usize::from(b - 0x80)])).unwrap_or('\u{FFFD}'),
        _ => char::from(b),
    }
}

/// The encoding named by a PEP 263 declaration on line 1 or 2 (lower case, `_` as `-`), and
/// that line.
fn coding(bytes: &[u8]) -> Option<(String, u32)> {
    let mut lines = bytes.split(|&b| b == b'\n');
    for (i, line) in lines.by_ref().take(2).enumerate() {
        let text = String::from_utf8_lossy(line);
        let t = text.trim_start_matches([' ', '\t', '\x0c']);
        if !t.starts_with('#') {
            if i == 0 && !t.trim().is_empty() {
                return None;
            }
            continue;
        }
        if let Some(pos) = t.find("coding") {
            let rest = &t[pos + 6..];
            if let Some(rest) = rest.strip_prefix([':', '=']) {
                let name: String = rest
                    .trim_start_matches([' ', '\t'])
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    .collect();
                if !name.is_empty() {
                    return Some((name.to_ascii_lowercase().replace('_', "-"), i as u32 + 1));
                }
            }
        }
    }
    None
}

fn check_nul(bytes: &[u8], filename: &str) -> Result<(), CompileError> {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..nul].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let text = String::from_utf8_lossy(&bytes[..nul]);
        let src = Source::new(&text, filename);
        let mut e = src.error_at_line(
            SyntaxErrorKind::Syntax,
            "source code cannot contain null bytes",
            line,
            0,
            0,
        );
        e.offset = 0;
        return Err(e.into());
    }
    Ok(())
}

fn utf8<'b>(bytes: &'b [u8], filename: &str) -> Result<&'b str, CompileError> {
    std::str::from_utf8(bytes).map_err(|err| {
        let good = err.valid_up_to();
        let line_start = bytes[..good]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let line = bytes[..good].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let byte = bytes[good];
        let reason = match err.error_len() {
            None => "unexpected end of data",
            Some(_) if (0x80..0xc2).contains(&byte) || byte >= 0xf5 => "invalid start byte",
            Some(_) => "invalid continuation byte",
        };
        let text = String::from_utf8_lossy(&bytes[..good]);
        let src = Source::new(&text, filename);
        let col = String::from_utf8_lossy(&bytes[line_start..good]).chars().count() as u32 + 1;
        src.error_at_line(
            SyntaxErrorKind::Syntax,
            format!(
                "(unicode error) 'utf-8' codec can't decode byte 0x{byte:02x} in position {}: {reason}",
                good - line_start
            ),
            line,
            col,
            col + 1,
        )
        .into()
    })
}

/// Parses `source` in `mode`.
pub(crate) fn parse(source: &Source<'_>, mode: Mode) -> Result<Parsed, CompileError> {
    let parse_mode = if mode == Mode::Eval {
        ParseMode::Expression
    } else {
        ParseMode::Module
    };
    let options = ParseOptions::from(parse_mode).with_target_version(PythonVersion::PY313);
    let text = if mode == Mode::Eval {
        source.text.trim_start_matches([' ', '\t'])
    } else {
        source.text
    };
    let offset = (source.text.len() - text.len()) as u32;
    let parsed = parse_unchecked(text, options);
    if let Some(err) = parsed.errors().first() {
        return Err(messages::from_parse_error(source, err, offset).into());
    }
    if let Some(err) = parsed.unsupported_syntax_errors().first() {
        let start = err.range.start().to_u32() + offset;
        let end = err.range.end().to_u32() + offset;
        return Err(source
            .error(SyntaxErrorKind::Syntax, err.to_string(), start, end)
            .into());
    }
    let syntax = parsed.into_syntax();
    Ok(match syntax {
        ruff_python_ast::Mod::Module(m) => {
            // `single_input` is one line of simple statements (`import sys; sys.path`) or
            // one compound statement: a statement after a line break is a second one.
            let second = m.body.windows(2).find(|w| {
                let end = ruff_text_size::Ranged::end(&w[0]).to_usize();
                let start = ruff_text_size::Ranged::start(&w[1]).to_usize();
                text.get(end..start)
                    .is_none_or(|gap| gap.contains(['\n', '\r']))
            });
            if mode == Mode::Single
                && let Some(w) = second
            {
                let start = ruff_text_size::Ranged::start(&w[1]).to_u32();
                return Err(source
                    .error(
                        SyntaxErrorKind::Syntax,
                        "multiple statements found while compiling a single statement",
                        start,
                        start,
                    )
                    .into());
            }
            Parsed::Module(m)
        }
        ruff_python_ast::Mod::Expression(e) => Parsed::Expression(*e.body),
    })
}

/// Checks the `from __future__` imports: they must come first (after the docstring), and name
/// known features. Returns whether `annotations` is among them.
pub(crate) fn future_annotations(
    module: &ModModule,
    source: &Source<'_>,
) -> Result<bool, CompileError> {
    let mut annotations = false;
    let mut at_start = true;
    for (i, stmt) in module.body.iter().enumerate() {
        match stmt {
            Stmt::Expr(e) if i == 0 && matches!(*e.value, Expr::StringLiteral(_)) => {}
            Stmt::ImportFrom(f) if f.module.as_deref() == Some("__future__") && f.level == 0 => {
                let start = f.range.start().to_u32();
                if !at_start {
                    return Err(source
                        .error(
                            SyntaxErrorKind::Syntax,
                            "from __future__ imports must occur at the beginning of the file",
                            start,
                            f.range.end().to_u32(),
                        )
                        .into());
                }
                for alias in &f.names {
                    match alias.name.as_str() {
                        "annotations" => annotations = true,
                        "nested_scopes" | "generators" | "division" | "absolute_import"
                        | "with_statement" | "print_function" | "unicode_literals"
                        | "generator_stop" => {}
                        "braces" => {
                            return Err(source
                                .error(SyntaxErrorKind::Syntax, "not a chance", start, start)
                                .into());
                        }
                        other => {
                            return Err(source
                                .error(
                                    SyntaxErrorKind::Syntax,
                                    format!("future feature {other} is not defined"),
                                    start,
                                    start,
                                )
                                .into());
                        }
                    }
                }
            }
            _ => at_start = false,
        }
    }
    Ok(annotations)
}
