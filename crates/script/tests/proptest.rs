//! Property tests: no input makes the parser or the scenario reader panic, every error points
//! inside its input, and every program that parses prints back to text that parses to the
//! same program.

use proptest::prelude::*;
use subinterp_script::ast::{Expr, ExprKind, Program, StmtKind, TargetKind};
use subinterp_script::scenario::{SourceKind, parse_scenario_file};
use subinterp_script::{LineIndex, Span, SyntaxError, parse};

/// Fragments that reach most lexer and parser paths when glued together at random.
const FRAGMENTS: &[&str] = &[
    "x",
    "f",
    "print",
    "_",
    "sys",
    "é",
    "€",
    "1",
    "0",
    "-",
    "1.5",
    "1e",
    "0x1",
    "0o8",
    "1_",
    "012",
    "1j",
    "'s'",
    "\"s\"",
    "b'b'",
    "'\\x4'",
    "'''",
    "'",
    "\"",
    "f'",
    "\\",
    "\\\n",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ";",
    ".",
    "=",
    "==",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "+",
    "+=",
    ":=",
    "*",
    "**",
    "not",
    "is",
    "in",
    "and",
    "if",
    "import",
    "as",
    "from",
    "del",
    "None",
    "True",
    "False",
    "lambda",
    "__debug__",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "#c",
    "$",
    "?",
    "!",
    "\u{a0}",
    "\0",
    "\x01",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..24).prop_map(|v| v.concat())
}

/// Source text of valid programs, built from the grammar.
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(&["x", "y", "sys", "None", "True", "False"][..])
            .prop_map(String::from),
        any::<i64>().prop_map(|n| n.to_string()),
        (0.0f64..1e6).prop_map(|x| format!("{x:?}")),
        "[a-z\\\\'\" \u{e9}]{0,6}".prop_map(|s| format!("{s:?}")),
        Just("b'\\x00by'".to_string()),
        Just("18446744073709551616".to_string()),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| format!("not {e}")),
            inner.clone().prop_map(|e| format!("-({e})")),
            inner.clone().prop_map(|e| format!("({e})")),
            inner.clone().prop_map(|e| format!("({e}).attr")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}[{b}]")),
            (inner.clone(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(f, args)| format!("({f})({})", args.join(", "))),
            (inner.clone(), inner.clone()).prop_map(|(f, v)| format!("({f})(1, key={v})")),
            (
                inner.clone(),
                prop::sample::select(
                    &[
                        "==", "!=", "<", ">", "<=", ">=", "is", "is not", "in", "not in"
                    ][..]
                ),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a}) {op} ({b})")),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| match v.len() {
                0 => "()".to_string(),
                _ => format!("({},)", v.join(", ")),
            }),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(", "))),
            (inner.clone(), inner).prop_map(|(k, v)| format!("{{{k}: {v}}}")),
        ]
    })
}

fn program() -> impl Strategy<Value = String> {
    let stmt = prop_oneof![
        expr(),
        expr().prop_map(|e| format!("x = {e}")),
        expr().prop_map(|e| format!("x.attr = y[{e}] = {e}")),
        Just("import a.b as c, d".to_string()),
        Just("del x, y.z, w[0]".to_string()),
    ];
    (
        prop::collection::vec(stmt, 1..4),
        prop::sample::select(&["; ", "\n", ";\n"][..]),
    )
        .prop_map(|(stmts, sep)| stmts.join(sep))
}

/// An error points at a range of the input, on character boundaries, with CPython's
/// coordinates for it.
fn check_error(src: &str, err: &SyntaxError) {
    let Span { start, end } = err.span;
    assert!(start <= end && end <= src.len(), "{err:?} in {src:?}");
    assert!(
        src.is_char_boundary(start) && src.is_char_boundary(end),
        "{err:?}"
    );
    let idx = LineIndex::new(src);
    assert_eq!(err.start, idx.line_col(start), "{err:?} in {src:?}");
    assert_eq!(err.end, idx.line_col(end), "{err:?} in {src:?}");
    assert_eq!(err.text, idx.line_text(err.start.line));
    assert!(err.to_string().starts_with(err.exc_type.name()));
    assert!(err.render("<string>").ends_with(&err.to_string()));
}

/// Every node lies inside the program, and inside its parent.
fn check_spans(src: &str, program: &Program) {
    let inside = |outer: Span, inner: Span| {
        assert!(
            outer.start <= inner.start && inner.start <= inner.end && inner.end <= outer.end,
            "{inner:?} outside {outer:?} in {src:?}"
        );
    };
    fn walk(e: &Expr, parent: Span, inside: &dyn Fn(Span, Span)) {
        inside(parent, e.span);
        let kids: Vec<&Expr> = match &e.kind {
            ExprKind::Constant(_) | ExprKind::Name(_) => vec![],
            ExprKind::Tuple(v) | ExprKind::List(v) => v.iter().collect(),
            ExprKind::Dict(pairs) => pairs.iter().flat_map(|(k, v)| [k, v]).collect(),
            ExprKind::Attribute { value, attr } => {
                inside(e.span, attr.span);
                vec![value]
            }
            ExprKind::Subscript { value, index } => vec![value, index],
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                let mut kids: Vec<&Expr> = vec![func];
                kids.extend(args);
                for k in keywords {
                    inside(e.span, k.span);
                    inside(k.span, k.arg.span);
                    kids.push(&k.value);
                }
                kids
            }
            ExprKind::Not(x) | ExprKind::Neg(x) => vec![x],
            ExprKind::Compare { left, ops } => std::iter::once(&**left)
                .chain(ops.iter().map(|(_, r)| r))
                .collect(),
        };
        for k in kids {
            walk(k, e.span, inside);
        }
    }
    for stmt in &program.body {
        inside(program.span, stmt.span);
        match &stmt.kind {
            StmtKind::Import(aliases) => aliases.iter().for_each(|a| {
                inside(stmt.span, a.span);
                inside(a.span, a.name_span);
            }),
            StmtKind::Assign { targets, value } => {
                for t in targets {
                    inside(stmt.span, t.span);
                    match &t.kind {
                        TargetKind::Name(_) => {}
                        TargetKind::Attribute { value, .. } => walk(value, t.span, &inside),
                        TargetKind::Subscript { value, index } => {
                            walk(value, t.span, &inside);
                            walk(index, t.span, &inside);
                        }
                    }
                }
                walk(value, stmt.span, &inside);
            }
            StmtKind::Delete(targets) => targets.iter().for_each(|t| inside(stmt.span, t.span)),
            StmtKind::Expr(e) => walk(e, stmt.span, &inside),
        }
    }
}

fn check_source(src: &str) {
    match parse(src) {
        Ok(program) => {
            check_spans(src, &program);
            let text = program.to_string();
            let again = parse(&text).unwrap_or_else(|e| panic!("{text:?} from {src:?}: {e}"));
            assert_eq!(again.to_string(), text, "from {src:?}");
        }
        Err(err) => check_error(src, &err),
    }
}

proptest! {
    // PROPTEST_CASES raises the count for a deeper local run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_string_parses_or_fails_cleanly(src in any::<String>()) {
        check_source(&src);
    }

    #[test]
    fn token_soup_parses_or_fails_cleanly(src in soup()) {
        check_source(&src);
    }

    #[test]
    fn grammar_programs_parse_and_round_trip(src in program()) {
        let program = parse(&src).map_err(|e| TestCaseError::fail(format!("{src:?}: {e}")))?;
        prop_assert!(!program.body.is_empty());
        check_source(&src);
    }

    #[test]
    fn scenario_files_parse_or_fail_cleanly(
        lines in prop::collection::vec(
            prop_oneof![
                soup(),
                soup().prop_map(|s| format!("main> {s}")),
                prop::sample::select(&[
                    "```scenario", "```", "~~~scenario", "````", "# heading", "interp new a",
                    "queue new q maxsize=", "share q with a as", "runtime init frozen_modules=on",
                ][..]).prop_map(String::from),
            ],
            0..12,
        ),
        markdown in any::<bool>(),
    ) {
        let text = lines.join("\n");
        let kind = if markdown { SourceKind::Markdown } else { SourceKind::Scn };
        let n = text.lines().count().max(1) as u32;
        match parse_scenario_file(&text, kind) {
            Ok(file) => {
                for block in &file.blocks {
                    prop_assert!((1..=n).contains(&block.line));
                    for line in &block.lines {
                        prop_assert!((1..=n).contains(&line.line));
                        if let subinterp_script::scenario::Command::Exec { source, program: Err(e), .. } = &line.command {
                            check_error(source, e);
                        }
                    }
                }
            }
            Err(errors) => {
                prop_assert!(!errors.errors.is_empty());
                for e in &errors.errors {
                    prop_assert!((1..=n).contains(&e.line), "{e}");
                }
            }
        }
    }
}
