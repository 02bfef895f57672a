//! The behaviour docs (`docs/behavior/*.md`) are tests: every ```` ```scenario ```` block of
//! every doc runs on a fresh runtime through the code `subinterp scenario` uses, and
//!
//! - the whole transcript of each doc is an insta snapshot in `docs/behavior/snapshots/`
//!   (`<doc>.md.snap`), so a change in behaviour shows up as a snapshot diff;
//! - the ```` ```transcript ```` block after each scenario block in the doc itself must be
//!   that block's transcript, so what a reader sees is what the code does.
//!
//! `cargo xtask docs` runs this test with `INSTA_UPDATE=always` and
//! `SUBINTERP_UPDATE_DOCS=1`, which rewrite both instead of failing.

use std::path::Path;

use subinterp_cli::scenario::{SourceKind, render_markdown, run_source};

/// Runs one doc: the snapshot, then the in-doc transcripts.
fn check(path: &Path) {
    let text = std::fs::read_to_string(path).expect("read the doc");
    let transcript = run_source(&text, SourceKind::Markdown)
        .unwrap_or_else(|e| panic!("{}: malformed scenario lines:\n{e}", path.display()));
    assert!(
        !transcript.blocks.is_empty(),
        "{}: a behaviour doc needs at least one ```scenario block",
        path.display()
    );
    insta::with_settings!({
        snapshot_path => "../../docs/behavior/snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => format!("transcript of docs/behavior/{}", file_name(path)),
    }, {
        insta::assert_snapshot!("transcript", transcript.render());
    });
    let rendered = render_markdown(&text, &transcript);
    if rendered != text {
        if std::env::var_os("SUBINTERP_UPDATE_DOCS").is_some() {
            std::fs::write(path, rendered).expect("write the doc");
        } else {
            panic!(
                "{}: a ```transcript block is missing or differs from what the scenario \
                 prints; run `cargo xtask docs` to update it, then review the diff",
                path.display()
            );
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn behavior_docs() {
    insta::glob!("../../docs/behavior", "*.md", check);
}
