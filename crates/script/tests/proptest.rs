//! Property tests: no input makes the scenario reader panic, and every line number it reports
//! (a block's, a command's, an error's) is a line of the input.

use proptest::prelude::*;
use subinterp_script::scenario::{Command, SourceKind, parse_scenario_file};

/// Lines of Python-ish text: keywords, names, brackets, quotes, indentation.
fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            &[
                "def", "f", "(", ")", ":", "    ", "return", "x", "=", "1", "'a", "\"", "...", ">",
                "main>", "#", ";", "\\", "\t", "é", "if", "[", "]",
            ][..],
        ),
        0..8,
    )
    .prop_map(|words| words.join(" "))
}

proptest! {
    // PROPTEST_CASES raises the count for a deeper local run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn scenario_files_parse_or_fail_cleanly(
        lines in prop::collection::vec(
            prop_oneof![
                soup(),
                soup().prop_map(|s| format!("main> {s}")),
                soup().prop_map(|s| format!("... {s}")),
                any::<String>(),
                prop::sample::select(&[
                    "```scenario", "```", "~~~scenario", "````", "# heading", "interp new a",
                    "queue new q maxsize=", "share q with a as", "runtime init frozen_modules=on",
                    "...", "main> def f():",
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
                        if let Command::Exec { source, .. } = &line.command {
                            // Continuation lines add one line break each, to the echo too.
                            prop_assert_eq!(
                                source.matches('\n').count(),
                                line.text.matches('\n').count()
                            );
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
