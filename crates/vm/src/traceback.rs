//! Traceback objects (one entry per frame an exception passed through, outermost first, as
//! CPython's `tb_next` chain) and CPython 3.13's traceback text, without the caret lines.

use std::collections::HashSet;
use std::fmt::Write;
use std::sync::Arc;

use subinterp_compile::{Code, CompileError, SyntaxError, SyntaxErrorKind};
use subinterp_object::{Kind, Obj, ObjRef, PyErr, PyResult, Slots, StaticType};

use crate::Tstate;
use crate::frame::Frame;
use crate::function::bind;

/// One traceback entry: where a frame was when the exception passed through it.
pub struct Traceback {
    /// The entry of the next frame inward (`tb_next`).
    pub next: Option<ObjRef>,
    /// The frame's code.
    pub code: Arc<Code>,
    /// The instruction it was running (`tb_lasti`).
    pub lasti: u32,
}

/// `traceback`.
pub static TRACEBACK: StaticType = StaticType::native("traceback", "builtins", &TRACEBACK_SLOTS);
static TRACEBACK_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(tb_getattr),
    repr: None,
    ..Slots::EMPTY
};

fn tb_getattr<'py>(tb: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let t = tb.native::<Traceback>()?;
    let py = tb.py();
    Some(match name {
        "tb_lineno" => py.int(t.code.line_of(t.lasti).map_or(-1, i64::from)),
        "tb_lasti" => py.int(i64::from(t.lasti) * 2),
        "tb_next" => match &t.next {
            Some(n) => bind(n, py),
            None => Ok(py.none()),
        },
        _ => return None,
    })
}

/// Adds the entry for frame `f` in front of `exc`'s traceback (`PyTraceBack_Here`).
pub(crate) fn add_entry<'py>(exc: &Obj<'py>, f: &Frame<'py>) -> PyResult<()> {
    let py = exc.py();
    let tb = py.new_native(
        &TRACEBACK,
        Traceback {
            next: exc.exc_traceback().map(Obj::unbind),
            code: f.code.clone(),
            lasti: f.lasti as u32,
        },
    )?;
    exc.set_exc_traceback(Some(&tb));
    Ok(())
}

/// CPython's report of an uncaught exception: the chained exceptions first (cause, or
/// context unless suppressed), each with its traceback, then the exception itself.
pub fn format_exception<'py>(ts: &mut Tstate<'py>, err: &PyErr) -> PyResult<String> {
    let exc = err.value(ts.py())?;
    let mut ctx = Ctx::default();
    chain(ts, &exc, &mut ctx)?;
    Ok(ctx.out)
}

/// One exception's traceback and line, without its chain (what CPython's default
/// `sys.unraisablehook` prints).
pub(crate) fn format_alone<'py>(ts: &mut Tstate<'py>, err: &PyErr) -> PyResult<String> {
    let exc = err.value(ts.py())?;
    let mut out = String::new();
    one(ts, &exc, &mut out)?;
    Ok(out)
}

/// Formats `exc` with its chain into `ctx` (an exception group in CPython's boxes).
pub(crate) fn chain<'py>(ts: &mut Tstate<'py>, exc: &Obj<'py>, ctx: &mut Ctx) -> PyResult<()> {
    let seen = &mut ctx.seen;
    // The chain is walked iteratively, so a long chain cannot overflow the native stack.
    // `seps[i]` says how `items[i + 1]` relates to `items[i]` (its cause or context).
    let mut items = vec![exc.clone()];
    let mut seps = Vec::new();
    seen.insert(exc.id());
    let mut cur = exc.clone();
    loop {
        let (next, sep) = if let Some(c) = cur.exc_cause() {
            (c, CAUSE)
        } else if let Some(c) = cur.exc_context().filter(|_| !cur.exc_suppress_context()) {
            (c, CONTEXT)
        } else {
            break;
        };
        if !seen.insert(next.id()) {
            break;
        }
        items.push(next.clone());
        seps.push(sep);
        cur = next;
    }
    for i in (0..items.len()).rev() {
        if crate::exc_group::is_group(&items[i]) {
            crate::tb_group::group(ts, &items[i], ctx)?;
        } else {
            let mut text = String::new();
            one(ts, &items[i], &mut text)?;
            ctx.emit(&text, '|');
        }
        if i > 0 {
            ctx.emit(seps[i - 1], '|');
        }
    }
    Ok(())
}

const CAUSE: &str = "\nThe above exception was the direct cause of the following exception:\n\n";
const CONTEXT: &str = "\nDuring handling of the above exception, another exception occurred:\n\n";

/// How many identical consecutive entries are printed before CPython collapses the rest
/// (`TB_RECURSIVE_CUTOFF`).
const RECURSIVE_CUTOFF: usize = 3;

fn one<'py>(ts: &mut Tstate<'py>, exc: &Obj<'py>, out: &mut String) -> PyResult<()> {
    let mut entries = String::new();
    if stack(ts, exc, &mut entries)? {
        out.push_str("Traceback (most recent call last):\n");
        out.push_str(&entries);
    }
    match syntax_details(exc) {
        Some(s) => out.push_str(&format_syntax(&s)),
        None => {
            out.push_str(&exception_line(ts, exc)?);
            out.push('\n');
        }
    }
    for note in notes(ts, exc)? {
        out.push_str(&note);
        out.push('\n');
    }
    Ok(())
}

/// The lines `__notes__` adds after the exception line (CPython's `print_exception_notes`):
/// each note of a sequence (a str as it is, another object through `str()`), or the
/// `repr()` of anything else.
pub(crate) fn notes<'py>(ts: &mut Tstate<'py>, exc: &Obj<'py>) -> PyResult<Vec<String>> {
    let notes = match ts.getattr(exc, "__notes__") {
        Ok(n) if !n.is_none() => n,
        _ => return Ok(Vec::new()),
    };
    if !matches!(notes.kind(), Kind::List | Kind::Tuple) {
        let r = ts.repr(&notes);
        return Ok(vec![
            r.unwrap_or_else(|_| "<__notes__ repr() failed>".to_owned()),
        ]);
    }
    let mut out = Vec::new();
    for note in ts.collect(&notes)? {
        out.push(match note.as_str() {
            Some(s) => s.to_owned(),
            None => ts
                .str(&note)
                .unwrap_or_else(|_| "<note str() failed>".to_owned()),
        });
    }
    Ok(out)
}

/// The location a `SyntaxError` raised by an import carries in CPython's arguments
/// `(msg, (filename, lineno, offset, text, end_lineno, end_offset))`: shown as CPython shows
/// a syntax error (the file, the line, the caret) after the traceback.
fn syntax_details(exc: &Obj<'_>) -> Option<SyntaxError> {
    let kind = match exc.type_name() {
        "SyntaxError" => SyntaxErrorKind::Syntax,
        "IndentationError" => SyntaxErrorKind::Indentation,
        "TabError" => SyntaxErrorKind::Tab,
        _ => return None,
    };
    let args = exc.getattr("args").ok()?.tuple_items()?;
    let [msg, details] = args.as_slice() else {
        return None;
    };
    let d = details.tuple_items()?;
    let [filename, lineno, offset, text, end_lineno, end_offset] = d.as_slice() else {
        return None;
    };
    let num = |o: &Obj<'_>| o.as_i64().and_then(|n| u32::try_from(n).ok());
    Some(SyntaxError {
        kind,
        message: msg.as_str()?.to_owned(),
        filename: filename.as_str()?.to_owned(),
        lineno: num(lineno)?,
        offset: num(offset).unwrap_or(0),
        end_lineno: num(end_lineno).unwrap_or(0),
        end_offset: num(end_offset).unwrap_or(0),
        text: text.as_str().map(str::to_owned),
    })
}

/// The `File ..., line N, in f` entries of `exc`'s traceback (and their source lines);
/// whether it has one.
pub(crate) fn stack<'py>(ts: &mut Tstate<'py>, exc: &Obj<'py>, out: &mut String) -> PyResult<bool> {
    let py = ts.py();
    let mut tb = exc.exc_traceback();
    let has = tb.is_some();
    // (code, line) of each entry, outermost first. CPython 3.13 inlines list, dict and set
    // comprehensions into their parent (PEP 709), so their frames never appear: an entry of
    // one is folded into the entry before it, which shows the comprehension's line.
    let mut entries: Vec<(Arc<Code>, u32, Option<u32>)> = Vec::new();
    while let Some(t) = tb {
        let Some(entry) = t.native::<Traceback>() else {
            break;
        };
        let line = entry.code.line_of(entry.lasti).unwrap_or(0);
        let end = entry.code.end_line_of(entry.lasti);
        match entries.last_mut() {
            Some(outer) if is_inlined_comprehension(&entry.code) => {
                (outer.1, outer.2) = (line, end);
            }
            _ => entries.push((entry.code.clone(), line, end)),
        }
        tb = match &entry.next {
            Some(n) => Some(bind(n, py)?),
            None => None,
        };
    }
    let mut last: Option<(Arc<str>, u32, Arc<str>)> = None;
    let mut repeats = 0usize;
    for (code, line, end) in entries {
        let key = (code.filename.clone(), line, code.name.clone());
        if last.as_ref() == Some(&key) {
            repeats += 1;
        } else {
            flush_repeats(out, repeats);
            repeats = 0;
            last = Some(key);
        }
        if repeats < RECURSIVE_CUTOFF {
            let _ = writeln!(
                out,
                "  File \"{}\", line {}, in {}",
                code.filename, line, code.name
            );
            source_lines(ts, out, &code.filename, line, end);
        }
    }
    flush_repeats(out, repeats);
    Ok(has)
}

/// Where formatted text goes: CPython's `_ExceptionPrintContext` (the exceptions already
/// shown, and the nesting of exception-group boxes).
#[derive(Default)]
pub(crate) struct Ctx {
    pub(crate) out: String,
    pub(crate) seen: HashSet<usize>,
    /// How many group boxes the text is inside.
    pub(crate) depth: usize,
    /// The last box of a group still needs its closing line.
    pub(crate) need_close: bool,
}

impl Ctx {
    /// The indentation of the current box.
    pub(crate) fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    /// Appends `text`, every line of it prefixed with the box margin (`margin` then a space)
    /// inside a group.
    pub(crate) fn emit(&mut self, text: &str, margin: char) {
        let mut prefix = self.indent();
        if self.depth > 0 {
            prefix.push(margin);
            prefix.push(' ');
        }
        for line in text.split_inclusive('\n') {
            self.out.push_str(&prefix);
            self.out.push_str(line);
        }
    }
}

/// The source of an entry: its line stripped, or every line of a multi-line call with their
/// common indentation taken off (CPython 3.13's `FrameSummary` dedents the span's lines).
fn source_lines(ts: &mut Tstate<'_>, out: &mut String, file: &str, line: u32, end: Option<u32>) {
    let lines: Vec<String> = match end {
        Some(end) if end > line => (line..=end)
            .map_while(|l| ts.source_line(file, l))
            .map(|t| t.trim_end().to_owned())
            .collect(),
        _ => {
            if let Some(text) = ts.source_line(file, line) {
                let _ = writeln!(out, "    {}", text.trim());
            }
            return;
        }
    };
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    for l in &lines {
        let _ = writeln!(out, "    {}", l.get(indent..).unwrap_or("").trim_end());
    }
}

/// Whether `code` is the body of a comprehension CPython 3.13 runs inline (a generator
/// expression keeps its own frame there too).
fn is_inlined_comprehension(code: &Code) -> bool {
    matches!(&*code.name, "<listcomp>" | "<dictcomp>" | "<setcomp>")
}

fn flush_repeats(out: &mut String, repeats: usize) {
    if repeats >= RECURSIVE_CUTOFF {
        let n = repeats - RECURSIVE_CUTOFF + 1;
        let _ = writeln!(
            out,
            "  [Previous line repeated {n} more time{}]",
            if n == 1 { "" } else { "s" }
        );
    }
}

/// `ExcType: message` (`module.ExcType` outside `builtins` and `__main__`; the type alone
/// when the message is empty).
pub(crate) fn exception_line<'py>(ts: &mut Tstate<'py>, exc: &Obj<'py>) -> PyResult<String> {
    let ty = exc.get_type();
    let name = ty.getattr("__qualname__")?.str()?;
    let module = ty.getattr("__module__")?.str()?;
    let mut s = String::new();
    if module != "builtins" && module != "__main__" {
        s.push_str(&module);
        s.push('.');
    }
    s.push_str(&name);
    let msg = match crate::exc_group::str_of(exc) {
        Some(s) => s?,
        None => ts.str(exc)?,
    };
    if !msg.is_empty() {
        s.push_str(": ");
        s.push_str(&msg);
    }
    Ok(s)
}

/// CPython's report of a syntax error (`traceback.TracebackException` of 3.13): the
/// location, the line with carets under the error, and `SyntaxError: message`.
pub fn format_syntax_error(e: &CompileError) -> String {
    match e.as_syntax() {
        Some(s) => format_syntax(s),
        None => format!("{}: {}\n", e.class_name(), e.message()),
    }
}

/// The location, line and caret block of a syntax error, then `Class: message`.
fn format_syntax(s: &SyntaxError) -> String {
    let mut out = format!("  File \"{}\", line {}\n", s.filename, s.lineno);
    if let Some(text) = &s.text {
        let rtext = text.trim_end_matches('\n');
        let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
        let len = |t: &str| t.chars().count() as i64;
        let spaces = len(rtext) - len(ltext);
        let _ = writeln!(out, "    {ltext}");
        // The compiler gives 0 where CPython has no offset.
        if s.offset > 0 {
            let mut offset = i64::from(s.offset);
            let mut end_offset = if s.lineno == s.end_lineno {
                if s.end_offset == 0 {
                    offset
                } else {
                    i64::from(s.end_offset)
                }
            } else {
                len(rtext) + 1
            };
            if offset > len(text) {
                offset = len(rtext) + 1;
            }
            if end_offset > len(text) {
                end_offset = len(rtext) + 1;
            }
            if offset >= end_offset {
                end_offset = offset + 1;
            }
            let (col, end_col) = (offset - 1 - spaces, end_offset - 1 - spaces);
            if col >= 0 {
                let lead: String = ltext
                    .chars()
                    .take(col as usize)
                    .map(|c| if c.is_whitespace() { c } else { ' ' })
                    .collect();
                let carets = "^".repeat((end_col - col).max(0) as usize);
                let _ = writeln!(out, "    {lead}{carets}");
            }
        }
    }
    let _ = writeln!(out, "{}: {}", s.kind.class_name(), s.message);
    out
}
