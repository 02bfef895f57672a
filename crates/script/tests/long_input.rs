//! Long inputs stay linear (issue 13, item 14): 200,000 `;`-separated statements on one line
//! parse and have every statement's position converted (what the runtime does to give each
//! statement its line), and a big scenario file is read. No time is asserted; the figures are
//! printed (`--nocapture`) and recorded in `docs/reliability.md`.

use std::time::Instant;

use subinterp_script::LineIndex;
use subinterp_script::scenario::{Command, SourceKind, parse_scenario_file};

const STATEMENTS: usize = 200_000;

#[test]
fn two_hundred_thousand_statements_on_one_line() {
    let src = "x = 1; ".repeat(STATEMENTS);
    let t = Instant::now();
    let program = subinterp_script::parse(&src).expect("parses");
    let parsed = t.elapsed();
    assert_eq!(program.body.len(), STATEMENTS);
    let t = Instant::now();
    let idx = LineIndex::new(&src);
    for (i, s) in program.body.iter().enumerate() {
        let at = idx.line_col(s.span.start);
        assert_eq!((at.line, at.col as usize), (1, 7 * i + 1));
    }
    let converted = t.elapsed();
    println!(
        "script.long_line.statements: {STATEMENTS}; parse {:.3} s; positions {:.3} s",
        parsed.as_secs_f64(),
        converted.as_secs_f64()
    );
}

#[test]
fn positions_on_a_long_line_with_wide_characters() {
    // Every other statement holds a non-ASCII string, so columns are not byte offsets.
    let stmt = ["x = 'é€𝄞'; ", "y = 2; "];
    let src: String = (0..STATEMENTS / 10).map(|i| stmt[i % 2]).collect();
    let program = subinterp_script::parse(&src).expect("parses");
    let idx = LineIndex::new(&src);
    let mut col = 1;
    for (i, s) in program.body.iter().enumerate() {
        assert_eq!(
            idx.line_col(s.span.start).col as usize,
            col,
            "statement {i}"
        );
        col += stmt[i % 2].chars().count();
    }
}

#[test]
fn a_big_scenario_file_is_read() {
    let lines = 50_000;
    let text: String = (0..lines)
        .map(|i| format!("a> x{i} = [1, 2, 3]; y = {{'k': (x{i}, 'v')}}\n"))
        .collect();
    let t = Instant::now();
    let file = parse_scenario_file(&text, SourceKind::Scn).expect("reads");
    let read = t.elapsed();
    let got = &file.blocks[0].lines;
    assert_eq!(got.len(), lines);
    assert!(matches!(
        &got[7].command,
        Command::Exec { program: Ok(_), .. }
    ));
    println!(
        "script.scenario_file: {} lines, {} bytes; read {:.3} s; {} bytes per line kept",
        lines,
        text.len(),
        read.as_secs_f64(),
        std::mem::size_of_val(&got[0])
    );
}
