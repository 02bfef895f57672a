//! Prints ruff's raw first parse error for each row of the syntax-error table (a tool for
//! extending `messages.rs`): `cargo run -p subinterp-compile --example ruff_errors`.

use ruff_python_parser::{Mode, ParseOptions, parse_unchecked};

fn main() {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("../tests/data/syntax_errors.json")).unwrap_or_default();
    for (case, row) in data.as_object().into_iter().flatten() {
        let src = row["source"].as_str().unwrap_or_default();
        let parsed = parse_unchecked(src, ParseOptions::from(Mode::Module));
        match parsed.errors().first() {
            Some(e) => println!("{case}: {:?} | {} @ {:?}", e.error, e.error, e.location),
            None => println!("{case}: parses"),
        }
    }
}
