//! The misuse matrix: every CPython fatal error and crash listed in the references
//! (thread-state misuse, the ending rules, wrong-interpreter and double frees, queue use after
//! an end, bad configs, bad scenario input, forbidden features), each exercised for real in
//! this process and answered here by a typed error (CPython's exact text where CPython has
//! one).
//!
//! Each [`Case`] says what CPython 3.13 does and what is expected here (the error's Rust type
//! and variant, and its text); [`run_all`] runs every case on a thread of its own (so a case
//! that leaves a thread state attached cannot disturb the next one), catching a panic as a
//! failed row, and returns one [`Row`] per case. `tests/misuse.rs` asserts every row;
//! `reliability misuse` prints the table ([`render`]) and marks failing rows.
//!
//! Expected texts may contain `{addr}` (a `0x…` address, as CPython prints `%p`) and `{n}`
//! (a decimal number that varies from run to run, such as a heap id).

mod args;
mod config;
mod ending;
mod exec;
mod handles;
mod input;
mod memory;
mod queues;
mod reentry;
mod restrict;
mod running;
mod tstate;

use std::fmt::{Debug, Display};

/// What the code under test gave: the Rust error type and variant (or `ok`), and the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// `Type::Variant` of the error (e.g. `TstateError::NonNullOld`, `Error::Running`), the
    /// type alone for a struct error, `ok` for a success, `panic` for a panic.
    pub kind: String,
    /// The error's `Display` (for a creation failure, the whole cause chain joined with
    /// ` → `), or what the success did.
    pub text: String,
}

impl Outcome {
    /// A success, described.
    pub fn ok(what: impl Into<String>) -> Outcome {
        Outcome {
            kind: "ok".into(),
            text: what.into(),
        }
    }

    /// An error: its type and variant (read from `Debug`) and its `Display`.
    pub fn err<E: Debug + Display + ?Sized>(e: &E) -> Outcome {
        Outcome {
            kind: kind_of(e),
            text: e.to_string(),
        }
    }

    /// An error with its whole `source()` chain, outermost first, joined with ` → `.
    pub fn chain<E: std::error::Error>(e: &E) -> Outcome {
        let mut text = e.to_string();
        let mut src = e.source();
        while let Some(s) = src {
            text.push_str(" → ");
            text.push_str(&s.to_string());
            src = s.source();
        }
        Outcome {
            kind: kind_of(e),
            text,
        }
    }

    /// The error of `r`, or `ok: succeeded` when it unexpectedly succeeded.
    pub fn of<T, E: Debug + Display>(r: Result<T, E>) -> Outcome {
        match r {
            Ok(_) => Outcome::ok("succeeded"),
            Err(e) => Outcome::err(&e),
        }
    }

    /// A panic that escaped a case.
    fn panic(payload: &(dyn std::any::Any + Send)) -> Outcome {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "non-string payload".into());
        Outcome {
            kind: "panic".into(),
            text: msg,
        }
    }
}

/// `Type::Variant` from a value's type name and `Debug` output: `NotFound(InterpId::new(3))` of
/// `subinterp_runtime::Error` gives `Error::NotFound`; a struct gives its name alone.
fn kind_of<E: Debug + ?Sized>(e: &E) -> String {
    let full = std::any::type_name::<E>();
    let ty = full
        .split('<')
        .next()
        .unwrap_or(full)
        .rsplit("::")
        .next()
        .unwrap_or(full);
    let dbg = format!("{e:?}");
    let head: String = dbg
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if head.is_empty() || head == ty {
        ty.to_owned()
    } else {
        format!("{ty}::{head}")
    }
}

/// What a case should give here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expect {
    /// The outcome's `kind`.
    pub kind: &'static str,
    /// The outcome's `text`, with `{addr}` and `{n}` placeholders.
    pub text: &'static str,
}

impl Expect {
    /// Whether `got` is what was expected.
    pub fn matches(&self, got: &Outcome) -> bool {
        got.kind == self.kind && pattern_matches(self.text, &got.text)
    }
}

/// Matches `text` against `pat`, where `{addr}` stands for `0x` and hex digits and `{n}` for
/// decimal digits.
fn pattern_matches(pat: &str, text: &str) -> bool {
    if let Some(i) = pat.find('{') {
        let (lit, rest) = pat.split_at(i);
        let Some(text) = text.strip_prefix(lit) else {
            return false;
        };
        let (class, rest): (fn(&str) -> usize, &str) = if let Some(r) = rest.strip_prefix("{addr}")
        {
            (
                |t| {
                    t.strip_prefix("0x").map_or(0, |h| {
                        let n = h.chars().take_while(char::is_ascii_hexdigit).count();
                        if n == 0 { 0 } else { n + 2 }
                    })
                },
                r,
            )
        } else if let Some(r) = rest.strip_prefix("{n}") {
            (|t| t.chars().take_while(char::is_ascii_digit).count(), r)
        } else {
            return text
                .strip_prefix('{')
                .is_some_and(|t| pattern_matches(&rest[1..], t));
        };
        let n = class(text);
        n > 0 && pattern_matches(rest, &text[n..])
    } else {
        pat == text
    }
}

/// The area a case belongs to (the table's first column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    /// Thread states, the GIL and gilstate (`subinterp-gil`).
    ThreadStates,
    /// Entering interpreters through the facade.
    Running,
    /// Ending interpreters and the runtime.
    Ending,
    /// Frees and object handles across interpreters (`subinterp-obmalloc`, `-object`).
    Memory,
    /// Queues (`subinterp-xi`) after their queue or interpreter ended.
    Queues,
    /// Interpreter configs: validation and parsing (`subinterp-config`).
    Config,
    /// Scenario files (`subinterp-script`) and statement syntax errors (`subinterp-compile`).
    Input,
    /// Forbidden features: fork, exec, threads, imports.
    Restrictions,
    /// Extreme arguments: the longest timeouts, the largest counts and sizes.
    Arguments,
}

impl Area {
    /// The name printed in the table.
    pub fn name(self) -> &'static str {
        match self {
            Area::ThreadStates => "thread states",
            Area::Running => "running",
            Area::Ending => "ending",
            Area::Memory => "memory",
            Area::Queues => "queues",
            Area::Config => "config",
            Area::Input => "scenario input",
            Area::Restrictions => "restrictions",
            Area::Arguments => "arguments",
        }
    }
}

/// One misuse: what is done, what CPython 3.13 does, what is expected here.
#[derive(Clone, Copy, Debug)]
pub struct Case {
    /// The area.
    pub area: Area,
    /// What is done.
    pub case: &'static str,
    /// What CPython 3.13 does.
    pub cpython: &'static str,
    /// What is expected here.
    pub expect: Expect,
    /// Does it, and returns what happened.
    pub run: fn() -> Outcome,
}

impl Case {
    pub(crate) const fn new(
        area: Area,
        case: &'static str,
        cpython: &'static str,
        kind: &'static str,
        text: &'static str,
        run: fn() -> Outcome,
    ) -> Case {
        Case {
            area,
            case,
            cpython,
            expect: Expect { kind, text },
            run,
        }
    }
}

/// A case and what it gave.
#[derive(Clone, Debug)]
pub struct Row {
    /// The case.
    pub case: Case,
    /// What it gave.
    pub got: Outcome,
}

impl Row {
    /// Whether the case gave what was expected.
    pub fn passed(&self) -> bool {
        self.case.expect.matches(&self.got)
    }
}

/// Every case, grouped by area.
pub fn cases() -> Vec<Case> {
    [
        tstate::cases(),
        running::cases(),
        exec::cases(),
        handles::cases(),
        reentry::cases(),
        ending::cases(),
        memory::cases(),
        queues::cases(),
        config::cases(),
        input::cases(),
        restrict::cases(),
        args::cases(),
    ]
    .concat()
}

/// Runs one case on a fresh OS thread; a panic (which no case should produce) is a failed
/// row, never the end of the process.
pub fn run_case(case: Case) -> Row {
    let got = std::thread::Builder::new()
        .name(format!("misuse: {}", case.case))
        .spawn(case.run)
        .map_or_else(
            |e| Outcome {
                kind: "panic".into(),
                text: format!("cannot start a thread: {e}"),
            },
            |h| h.join().unwrap_or_else(|p| Outcome::panic(&*p)),
        );
    Row { case, got }
}

/// Runs every case, one after the other.
pub fn run_all() -> Vec<Row> {
    cases().into_iter().map(run_case).collect()
}

/// The matrix as a Markdown table (`area | case | CPython 3.13 | here | result`), then a
/// summary line.
pub fn render(rows: &[Row]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " / ");
    let mut out = String::from(
        "| area | case | CPython 3.13 | here (error type: message) | result |\n\
         |---|---|---|---|---|\n",
    );
    for r in rows {
        let result = if r.passed() {
            "as expected".to_owned()
        } else {
            format!(
                "**FAILING**: expected `{}`: {}",
                r.case.expect.kind,
                cell(r.case.expect.text)
            )
        };
        out.push_str(&format!(
            "| {} | {} | {} | `{}`: {} | {} |\n",
            r.case.area.name(),
            cell(r.case.case),
            cell(r.case.cpython),
            r.got.kind,
            cell(&r.got.text),
            result
        ));
    }
    let failing = rows.iter().filter(|r| !r.passed()).count();
    out.push_str(&format!(
        "\n{} cases: {} as expected, {} failing; the process survived every one.\n",
        rows.len(),
        rows.len() - failing,
        failing
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pat: &str, text: &str, expect: bool) {
        assert_eq!(pattern_matches(pat, text), expect, "{pat:?} vs {text:?}");
    }

    #[test]
    fn placeholders() {
        check(
            "tstate {addr} is still current",
            "tstate 0x7f3a is still current",
            true,
        );
        check(
            "tstate {addr} is still current",
            "tstate 0x is still current",
            false,
        );
        check(
            "tstate {addr} is still current",
            "tstate 12 is still current",
            false,
        );
        check("heap {n}, not {n}", "heap 3, not 14", true);
        check("heap {n}, not {n}", "heap 3, not x", false);
        check("{'spam': True}", "{'spam': True}", true);
        check("exact", "exact", true);
        check("exact", "exact!", false);
    }

    #[derive(Debug, thiserror::Error)]
    enum E {
        #[error("a {0}")]
        A(u8),
        #[error("b")]
        B { _x: u8 },
    }

    #[derive(Debug, thiserror::Error)]
    #[error("s")]
    struct S;

    #[test]
    fn kinds_name_type_and_variant() {
        assert_eq!(Outcome::err(&E::A(1)).kind, "E::A");
        assert_eq!(Outcome::err(&E::B { _x: 1 }).kind, "E::B");
        assert_eq!(Outcome::err(&S).kind, "S");
        assert_eq!(Outcome::of::<(), _>(Err(E::A(2))).text, "a 2");
        assert_eq!(Outcome::of::<(), E>(Ok(())).kind, "ok");
    }
}
