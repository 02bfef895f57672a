//! Property tests: text round-trips, and parse errors point at the offending pair.

use proptest::prelude::*;
use subinterp_config::{Field, GilMode, InterpreterConfig, ParseError};

fn any_config() -> impl Strategy<Value = InterpreterConfig> {
    (any::<[bool; 6]>(), 0..3usize).prop_map(|(b, g)| InterpreterConfig {
        use_main_obmalloc: b[0],
        allow_fork: b[1],
        allow_exec: b[2],
        allow_threads: b[3],
        allow_daemon_threads: b[4],
        check_multi_interp_extensions: b[5],
        gil: GilMode::ALL[g],
    })
}

/// A well-formed override for any field.
fn good_pair() -> impl Strategy<Value = (String, String)> {
    (0..7usize, any::<bool>(), 0..3usize).prop_map(|(f, b, g)| {
        let field = Field::ALL[f];
        let value = if field.is_bool() {
            b.to_string()
        } else {
            GilMode::ALL[g].name().to_owned()
        };
        (field.name().to_owned(), value)
    })
}

/// A pair that must fail, whatever surrounds it.
fn bad_pair() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        (
            0..6usize,
            prop::sample::select(vec!["1", "0", "None", "''", "yes", "1.5"])
        )
            .prop_map(|(f, v)| (Field::ALL[f].name().to_owned(), v.to_owned())),
        prop::sample::select(vec!["True", "1", "None", "spam", "''", "Own"])
            .prop_map(|v| ("gil".to_owned(), v.to_owned())),
        "[a-z]{1,8}"
            .prop_filter("not a field", |k| Field::from_name(k).is_none())
            .prop_map(|k| (k, "True".to_owned())),
    ]
}

fn as_refs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn display_parses_back(cfg in any_config()) {
        let text = cfg.to_string();
        let pairs: Vec<(&str, &str)> =
            text.lines().map(|l| l.split_once(" = ").unwrap()).collect();
        prop_assert_eq!(InterpreterConfig::from_pairs(&pairs), Ok(cfg));
    }

    #[test]
    fn overrides_apply_in_order(base in any_config(), pairs in prop::collection::vec(good_pair(), 0..10)) {
        let mut expect = base;
        for (k, v) in &pairs {
            let mut one = expect;
            one.update_from_pairs(&[(k, v)]).unwrap();
            expect = one;
        }
        let mut got = base;
        got.update_from_pairs(&as_refs(&pairs)).unwrap();
        prop_assert_eq!(got, expect);
    }

    #[test]
    fn errors_carry_the_bad_pairs_position(
        good in prop::collection::vec(good_pair(), 0..8),
        bad in bad_pair(),
        at in any::<prop::sample::Index>(),
    ) {
        // Drop other uses of the bad key so that no later pair overrides it.
        let mut pairs: Vec<_> = good.into_iter().filter(|(k, _)| *k != bad.0).collect();
        let pos = at.index(pairs.len() + 1);
        pairs.insert(pos, bad.clone());
        let err = InterpreterConfig::isolated().update_from_pairs(&as_refs(&pairs)).unwrap_err();
        prop_assert_eq!(err.index(), Some(pos), "{}", err);
        let field = Field::from_name(&bad.0);
        match (&err, field) {
            (ParseError::InvalidType { field: f, .. }, Some(field)) => prop_assert_eq!(*f, field),
            (ParseError::InvalidGil { .. }, Some(Field::Gil)) => {}
            (ParseError::ExtraItems { items }, None) => prop_assert_eq!(&items[0].key, &bad.0),
            _ => prop_assert!(false, "unexpected {err:?} for {bad:?}"),
        }

        // The same through the scenario form, where the preset word shifts positions by one.
        let words: Vec<String> =
            std::iter::once("legacy".to_owned()).chain(pairs.iter().map(|(k, v)| format!("{k}={v}"))).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let err = InterpreterConfig::from_args(&words).unwrap_err();
        prop_assert_eq!(err.index(), Some(pos + 1));
    }
}
