//! Cross-crate property tests of the text inputs, completing the crates' own (config: text
//! round trips, overrides in order, error positions of bad pairs; script: scenario files;
//! compile: any source compiles or fails with a located error):
//!
//! - any words given to `InterpreterConfig::from_args` (and any text to `str::parse`) never
//!   panic, and an error's position names a word that is there and at fault;
//! - a config parsed from any words creates an interpreter or fails with CPython's typed
//!   creation chain, never a panic, and what is created ends clean;
//! - the `interp new` lines of a scenario file reach the config parser word for word.
//!
//! `PROPTEST_CASES` raises the case count (default 128).

use std::sync::OnceLock;

use proptest::prelude::*;
use subinterp_config::{Field, ParseError};
use subinterp_runtime::{Error, InterpreterConfig, Runtime};
use subinterp_script::scenario::{Command, SourceKind, parse_scenario_file};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(128)
}

/// A config word: presets, fields with good and bad values, and junk around `=`.
fn word() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        prop::sample::select(Field::ALL.to_vec()).prop_map(|f| f.name().to_owned()),
        Just("spam".to_owned()),
        Just(String::new()),
        "[a-z_]{1,6}",
        any::<String>().prop_map(|s| s
            .chars()
            .filter(|c| *c != '=' && !c.is_whitespace())
            .take(6)
            .collect()),
    ];
    let value = prop_oneof![
        prop::sample::select(vec![
            "True", "False", "true", "false", "1", "0", "None", "''", "\"own\"", "'shared'", "own",
            "shared", "default", "Own", "1.5", "-2", "", "=", "x=y",
        ])
        .prop_map(str::to_owned),
        any::<String>().prop_map(|s| s.chars().filter(|c| !c.is_whitespace()).take(6).collect()),
    ];
    prop_oneof![
        prop::sample::select(vec![
            "isolated", "legacy", "empty", "default", "", "spam", "="
        ])
        .prop_map(str::to_owned),
        (key, value).prop_map(|(k, v)| format!("{k}={v}")),
        "[a-z]{1,8}",
    ]
}

/// An error names a word that is in the input and at fault.
fn check_error(words: &[&str], e: &ParseError) -> Result<(), TestCaseError> {
    prop_assert!(e.py_type() == "TypeError" || e.py_type() == "ValueError");
    prop_assert!(!e.to_string().is_empty());
    if let Some(i) = e.index() {
        prop_assert!(i < words.len(), "{e} at {i} of {words:?}");
        let w = words[i];
        match e {
            ParseError::NotAPair { text, .. } => {
                prop_assert_eq!(text.as_str(), w);
                prop_assert!(!w.contains('='));
            }
            ParseError::InvalidType { field, .. } => {
                prop_assert_eq!(w.split_once('=').map(|(k, _)| k), Some(field.name()));
            }
            ParseError::InvalidGil { .. } => {
                prop_assert_eq!(w.split_once('=').map(|(k, _)| k), Some("gil"));
            }
            ParseError::ExtraItems { items } => {
                prop_assert!(!items.is_empty());
                let key = w.split_once('=').map(|(k, _)| k);
                prop_assert_eq!(key, Some(items[0].key.as_str()));
                prop_assert!(Field::from_name(&items[0].key).is_none());
            }
            _ => prop_assert!(false, "{e:?} should carry no index"),
        }
    } else {
        prop_assert!(
            matches!(e, ParseError::UnknownPreset { name } if words.first() == Some(&name.as_str())),
            "{e:?} for {words:?}"
        );
    }
    Ok(())
}

/// One runtime for every case: creating and ending interpreters is what is tested.
fn runtime() -> &'static Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| Runtime::new().expect("runtime"))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_config_words_parse_or_fail_at_a_word(words in prop::collection::vec(word(), 0..8)) {
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        match InterpreterConfig::from_args(&refs) {
            // What parsed prints back as pairs that parse to the same config.
            Ok(cfg) => {
                let text = cfg.to_string();
                let pairs: Vec<(&str, &str)> =
                    text.lines().filter_map(|l| l.split_once(" = ")).collect();
                prop_assert_eq!(InterpreterConfig::from_pairs(&pairs), Ok(cfg));
            }
            Err(e) => check_error(&refs, &e)?,
        }
    }

    #[test]
    fn any_text_parses_as_a_config_line_or_fails_at_a_word(text in any::<String>()) {
        let words: Vec<&str> = text.split_whitespace().collect();
        match text.parse::<InterpreterConfig>() {
            Ok(cfg) => prop_assert_eq!(InterpreterConfig::from_args(&words), Ok(cfg)),
            Err(e) => check_error(&words, &e)?,
        }
    }

    #[test]
    fn any_parsed_config_creates_or_fails_with_the_creation_chain(
        words in prop::collection::vec(word(), 0..6),
    ) {
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let Ok(cfg) = InterpreterConfig::from_args(&refs) else {
            return Ok(());
        };
        let rt = runtime();
        match rt.new_interpreter(cfg) {
            Ok(i) => {
                prop_assert!(cfg.validate().is_ok());
                prop_assert_eq!(i.run(|cx| cx.py().int(1).map(|o| o.as_i64())).unwrap().unwrap(), Some(1));
                let r = i.end().unwrap();
                prop_assert!(r.unraisable.is_empty(), "{:?}", r);
            }
            Err(e) => {
                let Error::CreationFailed(ref s) = e else {
                    return Err(TestCaseError::fail(format!("not a creation failure: {e}")));
                };
                let Err(rule) = cfg.validate() else {
                    return Err(TestCaseError::fail(format!("a valid config failed: {e}")));
                };
                prop_assert_eq!(
                    s.cause.to_string(),
                    format!("RuntimeError: init_interp_settings: {rule}")
                );
            }
        }
        prop_assert_eq!(rt.list().len(), 1);
    }

    #[test]
    fn scenario_interp_new_lines_reach_the_config_parser_word_for_word(
        lines in prop::collection::vec(prop::collection::vec(word(), 0..5), 1..5),
    ) {
        let text: String = lines
            .iter()
            .enumerate()
            .map(|(n, words)| format!("interp new i{n} {}\n", words.join(" ")))
            .collect();
        let Ok(file) = parse_scenario_file(&text, SourceKind::Scn) else {
            return Err(TestCaseError::fail(format!("interp new lines refused: {text:?}")));
        };
        let got: Vec<&Vec<String>> = file
            .blocks
            .iter()
            .flat_map(|b| &b.lines)
            .filter_map(|l| match &l.command {
                Command::InterpNew { config, .. } => Some(config),
                _ => None,
            })
            .collect();
        prop_assert_eq!(got.len(), lines.len());
        for (config, words) in got.iter().zip(&lines) {
            // Blank words vanish between words, as on any command line.
            let want: Vec<&str> = words.iter().flat_map(|w| w.split_whitespace()).collect();
            let have: Vec<&str> = config.iter().map(String::as_str).collect();
            prop_assert_eq!(&have, &want);
            let _ = InterpreterConfig::from_args(&have);
        }
    }
}
