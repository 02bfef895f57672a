//! Times the phases of compiling one file (a profiling aid):
//! `cargo run --release -p subinterp-compile --example phases -- FILE`.

use std::time::Instant;

use ruff_python_parser::{Mode, ParseOptions, parse_unchecked};

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let src = std::fs::read_to_string(&path).unwrap_or_default();
    let t = Instant::now();
    let parsed = parse_unchecked(&src, ParseOptions::from(Mode::Module));
    println!(
        "parse: {:?} ({} errors)",
        t.elapsed(),
        parsed.errors().len()
    );
    let t = Instant::now();
    drop(parsed);
    println!("drop: {:?}", t.elapsed());
    let t = Instant::now();
    let table = subinterp_compile::symbol_table(&src, &path).map(|t| t.scopes.len());
    println!("parse + symtable: {:?} ({table:?} scopes)", t.elapsed());
    let t = Instant::now();
    let code = subinterp_compile::compile(&src, &path, subinterp_compile::Mode::Exec);
    println!("compile: {:?} ({})", t.elapsed(), code.is_ok());
}
