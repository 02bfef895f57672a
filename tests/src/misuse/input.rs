//! Bad scenario files (file errors with line numbers) and statement syntax errors (CPython
//! 3.13's texts and positions, from the compiler the runner uses): `scenarios.md` §1, §2.

use subinterp_compile::{CompileError, Mode, compile};
use subinterp_script::scenario::{Command, SourceKind, parse_scenario_file};

use super::{Area, Case, Outcome};

const A: Area = Area::Input;
const NA: &str = "n/a (this project's scenario format)";

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            A,
            "a scenario line with an unknown command",
            NA,
            "ScenarioErrors",
            "line 2: unknown command 'spawn' (expected runtime, interp, queue, share, or INTERP> \
             STATEMENTS)",
            unknown_command,
        ),
        Case::new(
            A,
            "a scenario command with missing words",
            NA,
            "ScenarioErrors",
            "line 1: usage: interp end NAME",
            wrong_shape,
        ),
        Case::new(
            A,
            "an interpreter name that is not an identifier",
            NA,
            "ScenarioErrors",
            "line 1: invalid interpreter name '1x' (expected an identifier)",
            bad_name,
        ),
        Case::new(
            A,
            "a queue option outside its set",
            NA,
            "ScenarioErrors",
            "line 1: invalid value 'big' for maxsize (expected an integer)",
            bad_option,
        ),
        Case::new(
            A,
            "a ```scenario block never closed",
            NA,
            "ScenarioErrors",
            "line 2: ```scenario block is never closed",
            unclosed_block,
        ),
        Case::new(
            A,
            "several bad lines in one file",
            NA,
            "ScenarioErrors",
            "line 1: usage: interp end NAME\nline 4: invalid variable name 'class' (a keyword)",
            several_bad_lines,
        ),
        Case::new(
            A,
            "a continuation line after no statement line",
            NA,
            "ScenarioErrors",
            "line 2: continuation line '...' after no INTERP> statement line",
            stray_continuation,
        ),
        Case::new(
            A,
            "a statement line with a syntax error inside a scenario file",
            "SyntaxError: invalid syntax",
            "ok",
            "file read; line 2 runs and fails with SyntaxError: invalid syntax (line 1, column \
             5)",
            syntax_error_in_file,
        ),
        Case::new(
            A,
            "a statement with an unclosed bracket",
            "SyntaxError: '(' was never closed",
            "SyntaxError",
            "SyntaxError: '(' was never closed (line 1, column 5)",
            unclosed_paren,
        ),
        Case::new(
            A,
            "a statement with an unterminated string",
            "SyntaxError: unterminated string literal (detected at line 1)",
            "SyntaxError",
            "SyntaxError: unterminated string literal (detected at line 1) (line 1, column 5)",
            unterminated_string,
        ),
        Case::new(
            A,
            "two statements on two lines of one statement line",
            "SyntaxError: multiple statements found while compiling a single statement",
            "SyntaxError",
            "SyntaxError: multiple statements found while compiling a single statement (line 2, \
             column 1)",
            two_statements,
        ),
        Case::new(
            A,
            "brackets nested 201 deep",
            "SyntaxError: too many nested parentheses",
            "SyntaxError",
            "SyntaxError: too many nested parentheses (line 1, column {n})",
            nested_too_deep,
        ),
        Case::new(
            A,
            "an expression nested 300 deep",
            "compiles (not not ... 1)",
            "ok",
            "compiled",
            expression_too_deep,
        ),
    ]
}

fn file(text: &str, kind: SourceKind) -> Outcome {
    match parse_scenario_file(text, kind) {
        Ok(f) => Outcome::ok(format!("read {} blocks", f.blocks.len())),
        Err(e) => Outcome::err(&e),
    }
}

fn unknown_command() -> Outcome {
    file("interp new a\nspawn a\n", SourceKind::Scn)
}

fn wrong_shape() -> Outcome {
    file("interp end\n", SourceKind::Scn)
}

fn bad_name() -> Outcome {
    file("interp new 1x\n", SourceKind::Scn)
}

fn bad_option() -> Outcome {
    file("queue new q maxsize=big\n", SourceKind::Scn)
}

fn unclosed_block() -> Outcome {
    file("# Title\n```scenario\ninterp new a\n", SourceKind::Markdown)
}

fn several_bad_lines() -> Outcome {
    file(
        "interp end\ninterp new a\nqueue new q\nshare q with a as class\n",
        SourceKind::Scn,
    )
}

fn stray_continuation() -> Outcome {
    file("interp new a\n...     x = 1\n", SourceKind::Scn)
}

fn syntax_error_in_file() -> Outcome {
    let f = match parse_scenario_file("interp new a\na> x = = 1\n", SourceKind::Scn) {
        Ok(f) => f,
        Err(e) => return Outcome::err(&e),
    };
    let Some(line) = f.blocks.first().and_then(|b| b.lines.get(1)) else {
        return Outcome::ok("line 2 missing");
    };
    match (&line.command, compiled(&line.command)) {
        (Command::Exec { .. }, Err(text)) => Outcome::ok(format!(
            "file read; line {} runs and fails with {text}",
            line.line
        )),
        (other, _) => Outcome::ok(format!("unexpected: {other:?}")),
    }
}

/// What compiling a statement line's source as the runner does (interactive mode) gives.
fn compiled(command: &Command) -> Result<(), String> {
    let Command::Exec { source, .. } = command else {
        return Ok(());
    };
    compile(source, "<string>", Mode::Single)
        .map(drop)
        .map_err(|e| located(&e))
}

/// `Type: message (line L, column C)`.
fn located(e: &CompileError) -> String {
    match e.as_syntax() {
        Some(s) => format!(
            "{}: {} (line {}, column {})",
            e.class_name(),
            s.message,
            s.lineno,
            s.offset
        ),
        None => format!("{}: {}", e.class_name(), e.message()),
    }
}

fn statement(src: &str) -> Outcome {
    match compiled(&Command::Exec {
        interp: "main".into(),
        source: src.into(),
    }) {
        Ok(()) => Outcome::ok("compiled"),
        Err(text) => Outcome {
            kind: "SyntaxError".into(),
            text,
        },
    }
}

fn unclosed_paren() -> Outcome {
    statement("x = (1,")
}

fn unterminated_string() -> Outcome {
    statement("x = 'abc")
}

fn two_statements() -> Outcome {
    statement("x = 1\ny = 2")
}

fn nested_too_deep() -> Outcome {
    statement(&format!("x = {}1{}", "(".repeat(201), ")".repeat(201)))
}

fn expression_too_deep() -> Outcome {
    statement(&format!("x = {}1", "not ".repeat(300)))
}
