//! Parsing configs from text: preset names and `FIELD=VALUE` pairs, with CPython's error texts.
//!
//! The pair forms follow `Python/interpconfig.c`: keys are checked in CPython's field order,
//! each for presence (when required) and then type, then `gil`'s value, then leftover keys. The
//! first failure is reported, so the error is the one CPython would raise for the same dict.

use std::fmt;
use std::str::FromStr;

use crate::{Field, GilMode, InterpreterConfig, Preset};

/// Why text did not parse as a config. Messages are CPython's (`_interpreters.new_config`,
/// `create(config)`); [`ParseError::py_type`] names the exception CPython raises.
///
/// Each error that comes from a pair carries `index`, the position of that pair in the input
/// (for [`InterpreterConfig::from_args`], the position of the word).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The preset name is not `isolated`, `legacy`, `empty`, `default` or empty.
    #[error("unsupported config name '{name}'")]
    UnknownPreset {
        /// The name given.
        name: String,
    },
    /// A boolean field's value is not `true`/`false`, or `gil`'s value is not a string.
    #[error("invalid config type: {field}")]
    InvalidType {
        /// The field whose value has the wrong type.
        field: Field,
        /// Position of the offending pair.
        index: usize,
    },
    /// `gil` is a string but not `default`, `shared` or `own`.
    #[error("unsupported interpreter config .gil value '{value}'")]
    InvalidGil {
        /// The string given (quotes removed).
        value: String,
        /// Position of the offending pair.
        index: usize,
    },
    /// A field is absent where all seven are required ([`InterpreterConfig::from_pairs`]).
    #[error("missing config key: {field}")]
    MissingKey {
        /// The first missing field, in CPython's order.
        field: Field,
    },
    /// Keys that are not config fields, in input order (never empty).
    #[error("{}", extra_items_message(items))]
    ExtraItems {
        /// The unknown keys with their values.
        items: Vec<ExtraItem>,
    },
    /// A word after the preset name has no `=` ([`InterpreterConfig::from_args`] only).
    #[error("expected FIELD=VALUE, got '{text}'")]
    NotAPair {
        /// The word given.
        text: String,
        /// Position of the word.
        index: usize,
    },
}

impl ParseError {
    /// Position of the pair (or word) at fault, if one pair is at fault; for extra items, the
    /// first one's. `None` for an unknown preset (always the first word) and a missing key.
    pub fn index(&self) -> Option<usize> {
        match self {
            ParseError::InvalidType { index, .. }
            | ParseError::InvalidGil { index, .. }
            | ParseError::NotAPair { index, .. } => Some(*index),
            ParseError::ExtraItems { items } => items.first().map(|it| it.index),
            ParseError::UnknownPreset { .. } | ParseError::MissingKey { .. } => None,
        }
    }

    /// The Python exception type CPython raises for this error: `TypeError` for wrong value
    /// types, `ValueError` otherwise.
    pub const fn py_type(&self) -> &'static str {
        match self {
            ParseError::InvalidType { .. } => "TypeError",
            _ => "ValueError",
        }
    }
}

/// A key/value pair that is not a config field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtraItem {
    /// The key.
    pub key: String,
    /// The value as written.
    pub value: String,
    /// Position of the pair (the last one, if the key was repeated).
    pub index: usize,
}

/// `config dict has N extra item(s) ({...})`, the dict shown as Python's `repr`.
fn extra_items_message(items: &[ExtraItem]) -> String {
    let n = items.len();
    let dict = items
        .iter()
        .map(|it| format!("{}: {}", py_repr_str(&it.key), Literal::of(&it.value)))
        .collect::<Vec<_>>()
        .join(", ");
    if n == 1 {
        format!("config dict has 1 extra item ({{{dict}}})")
    } else {
        format!("config dict has {n} extra items ({{{dict}}})")
    }
}

impl InterpreterConfig {
    /// The preset with this name (`init_named_config`): `isolated`, `legacy`, `empty`; `default`
    /// and the empty name mean `isolated`.
    pub fn named(name: &str) -> Result<InterpreterConfig, ParseError> {
        Preset::from_name(name)
            .map(Preset::config)
            .ok_or_else(|| ParseError::UnknownPreset {
                name: name.to_owned(),
            })
    }

    /// `_interpreters.new_config(name, **overrides)`: a preset, then
    /// [`update_from_pairs`](InterpreterConfig::update_from_pairs) with the overrides.
    pub fn new_config(
        name: &str,
        overrides: &[(&str, &str)],
    ) -> Result<InterpreterConfig, ParseError> {
        let mut cfg = InterpreterConfig::named(name)?;
        cfg.update_from_pairs(overrides)?;
        Ok(cfg)
    }

    /// A config from all seven fields (`_PyInterpreterConfig_InitFromDict`): every key is
    /// required ([`ParseError::MissingKey`]) and no other is allowed.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Result<InterpreterConfig, ParseError> {
        apply(InterpreterConfig::empty(), &entries(pairs, 0), false)
    }

    /// Overrides some fields (`_PyInterpreterConfig_UpdateFromDict`); absent fields keep their
    /// value. All or nothing: on error `self` is unchanged.
    ///
    /// Values are literals, classified the way Python would type them:
    /// `true`/`True`/`false`/`False` are booleans, `None` is None, numbers (`1`, `-2`, `1.0`)
    /// are numbers, anything else is a string (quotes, `'...'` or `"..."`, are optional and
    /// removed). Boolean fields take only booleans and `gil` only strings, else
    /// [`ParseError::InvalidType`]; `gil` must be `default`, `shared` or `own`, else
    /// [`ParseError::InvalidGil`]. A repeated key keeps its last value, as in a dict.
    pub fn update_from_pairs(&mut self, pairs: &[(&str, &str)]) -> Result<(), ParseError> {
        *self = apply(*self, &entries(pairs, 0), true)?;
        Ok(())
    }

    /// The scenario form, `[PRESET] [FIELD=VALUE ...]` split into words: a first word without
    /// `=` names the preset (else `isolated`), every other word is a pair. Error indexes are
    /// word positions.
    pub fn from_args(words: &[&str]) -> Result<InterpreterConfig, ParseError> {
        let (name, rest, offset) = match words.split_first() {
            Some((first, rest)) if !first.contains('=') => (*first, rest, 1),
            _ => ("isolated", words, 0),
        };
        let base = InterpreterConfig::named(name)?;
        let mut pairs = Vec::with_capacity(rest.len());
        for (i, word) in rest.iter().enumerate() {
            let Some((key, value)) = word.split_once('=') else {
                return Err(ParseError::NotAPair {
                    text: (*word).to_owned(),
                    index: i + offset,
                });
            };
            pairs.push((key, value));
        }
        apply(base, &entries(&pairs, offset), true)
    }
}

impl FromStr for InterpreterConfig {
    type Err = ParseError;

    /// [`InterpreterConfig::from_args`] over the whitespace-separated words of `s`.
    fn from_str(s: &str) -> Result<InterpreterConfig, ParseError> {
        InterpreterConfig::from_args(&s.split_whitespace().collect::<Vec<_>>())
    }
}

/// One dict slot: a key at its first position, holding its last value.
#[derive(Clone, Copy)]
struct Entry<'a> {
    index: usize,
    key: &'a str,
    value: &'a str,
}

fn entries<'a>(pairs: &[(&'a str, &'a str)], offset: usize) -> Vec<Entry<'a>> {
    let mut dict: Vec<Entry<'a>> = Vec::with_capacity(pairs.len());
    for (i, &(key, value)) in pairs.iter().enumerate() {
        let entry = Entry {
            index: i + offset,
            key,
            value,
        };
        match dict.iter_mut().find(|e| e.key == key) {
            Some(slot) => *slot = entry,
            None => dict.push(entry),
        }
    }
    dict
}

/// `interp_config_from_dict`: fields in CPython's order, then leftovers.
fn apply(
    mut cfg: InterpreterConfig,
    dict: &[Entry<'_>],
    missing_allowed: bool,
) -> Result<InterpreterConfig, ParseError> {
    for field in Field::ALL {
        let Some(entry) = dict.iter().find(|e| e.key == field.name()) else {
            if missing_allowed {
                continue;
            }
            return Err(ParseError::MissingKey { field });
        };
        let index = entry.index;
        match (field, Literal::of(entry.value)) {
            (Field::Gil, Literal::Str(s)) => {
                cfg.gil = GilMode::from_name(s).ok_or_else(|| ParseError::InvalidGil {
                    value: s.to_owned(),
                    index,
                })?;
            }
            (f, Literal::Bool(b)) if f.is_bool() => cfg.set_bool(f, b),
            (field, _) => return Err(ParseError::InvalidType { field, index }),
        }
    }
    let items: Vec<ExtraItem> = dict
        .iter()
        .filter(|e| Field::from_name(e.key).is_none())
        .map(|e| ExtraItem {
            key: e.key.to_owned(),
            value: e.value.to_owned(),
            index: e.index,
        })
        .collect();
    if items.is_empty() {
        Ok(cfg)
    } else {
        Err(ParseError::ExtraItems { items })
    }
}

/// A value's text, typed the way Python would type the literal.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Literal<'a> {
    Bool(bool),
    None,
    Number(&'a str),
    Str(&'a str),
}

impl<'a> Literal<'a> {
    fn of(text: &'a str) -> Literal<'a> {
        match text {
            "true" | "True" => return Literal::Bool(true),
            "false" | "False" => return Literal::Bool(false),
            "None" => return Literal::None,
            _ => {}
        }
        for q in ['\'', '"'] {
            if text.len() >= 2 && text.starts_with(q) && text.ends_with(q) {
                return Literal::Str(&text[1..text.len() - 1]);
            }
        }
        let digits = text.trim_start_matches(['+', '-']).trim_start_matches('.');
        if digits.starts_with(|c: char| c.is_ascii_digit()) && text.parse::<f64>().is_ok() {
            return Literal::Number(text);
        }
        Literal::Str(text)
    }
}

impl fmt::Display for Literal<'_> {
    /// Python's `repr` of the value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Bool(true) => f.write_str("True"),
            Literal::Bool(false) => f.write_str("False"),
            Literal::None => f.write_str("None"),
            Literal::Number(n) => f.write_str(n),
            Literal::Str(s) => f.write_str(&py_repr_str(s)),
        }
    }
}

/// Python's `repr()` of a str: single quotes unless the text has `'` and no `"`; backslash,
/// the quote and control characters escaped.
// Not shared with `subinterp_object::str_repr`: this crate depends on no other subinterp crate.
fn py_repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `args` with `from_args` and renders the result like CPython's tests compare it: a
    /// tuple of the seven values, or `Type: message [at INDEX]`.
    #[track_caller]
    fn check(args: &str, expect: &str) {
        let got = match args.parse::<InterpreterConfig>() {
            Ok(c) => format!(
                "({}, {}, {}, {}, {}, {}, '{}')",
                py_bool(c.use_main_obmalloc),
                py_bool(c.allow_fork),
                py_bool(c.allow_exec),
                py_bool(c.allow_threads),
                py_bool(c.allow_daemon_threads),
                py_bool(c.check_multi_interp_extensions),
                c.gil
            ),
            Err(e) => match e.index() {
                Some(i) => format!("{}: {e} [at {i}]", e.py_type()),
                None => format!("{}: {e}", e.py_type()),
            },
        };
        assert_eq!(got, expect, "input: {args:?}");
    }

    fn py_bool(b: bool) -> &'static str {
        if b { "True" } else { "False" }
    }

    const ISOLATED: &str = "(False, False, False, True, False, True, 'own')";

    #[test]
    fn preset_names() {
        check("", ISOLATED);
        check("default", ISOLATED);
        check("isolated", ISOLATED);
        check("legacy", "(True, True, True, True, True, False, 'shared')");
        check(
            "empty",
            "(False, False, False, False, False, False, 'default')",
        );
        check("nope", "ValueError: unsupported config name 'nope'");
        check("main", "ValueError: unsupported config name 'main'");
        assert_eq!(
            InterpreterConfig::named(""),
            Ok(InterpreterConfig::isolated())
        );
    }

    #[test]
    fn overrides() {
        check(
            "legacy gil=own",
            "(True, True, True, True, True, False, 'own')",
        );
        check(
            "empty use_main_obmalloc=true gil=shared",
            "(True, False, False, False, False, False, 'shared')",
        );
        check(
            "allow_fork=true",
            "(False, True, False, True, False, True, 'own')",
        );
        check(
            "isolated allow_threads=False gil='default'",
            "(False, False, False, False, False, True, 'default')",
        );
        check(
            "isolated gil=\"shared\"",
            "(False, False, False, True, False, True, 'shared')",
        );
    }

    #[test]
    fn repeated_key_keeps_last_value() {
        check(
            "empty allow_exec=true allow_exec=false",
            "(False, False, False, False, False, False, 'default')",
        );
        check(
            "allow_exec=1 allow_exec=true",
            "(False, False, True, True, False, True, 'own')",
        );
    }

    #[test]
    fn bool_fields_take_only_booleans() {
        for field in Field::ALL.into_iter().filter(|f| f.is_bool()) {
            for bad in ["1", "0", "''", "spam", "1.0", "None", "yes", ""] {
                check(
                    &format!("legacy {field}={bad}"),
                    &format!("TypeError: invalid config type: {field} [at 1]"),
                );
            }
        }
    }

    #[test]
    fn gil_takes_only_known_strings() {
        for bad in ["True", "false", "1", "1.0", "None", "-2", ".5"] {
            check(
                &format!("gil={bad}"),
                "TypeError: invalid config type: gil [at 0]",
            );
        }
        check(
            "gil=spam",
            "ValueError: unsupported interpreter config .gil value 'spam' [at 0]",
        );
        check(
            "gil=''",
            "ValueError: unsupported interpreter config .gil value '' [at 0]",
        );
        check(
            "legacy gil=OWN",
            "ValueError: unsupported interpreter config .gil value 'OWN' [at 1]",
        );
        check(
            "gil=1x",
            "ValueError: unsupported interpreter config .gil value '1x' [at 0]",
        );
        assert_eq!(
            InterpreterConfig::from_args(&["legacy", "gil="])
                .unwrap_err()
                .to_string(),
            "unsupported interpreter config .gil value ''"
        );
    }

    #[test]
    fn extra_items_show_the_dict() {
        check(
            "spam=True",
            "ValueError: config dict has 1 extra item ({'spam': True}) [at 0]",
        );
        check(
            "legacy gil=own spam=x eggs=\"it's\" ham=1.5 n=None",
            "ValueError: config dict has 4 extra items \
             ({'spam': 'x', 'eggs': \"it's\", 'ham': 1.5, 'n': None}) [at 2]",
        );
    }

    #[test]
    fn first_error_in_cpython_order_wins() {
        // A type error on an earlier field beats one on a later field, wherever they stand.
        check(
            "gil=1 allow_fork=1",
            "TypeError: invalid config type: allow_fork [at 1]",
        );
        // Field errors beat extra items.
        check(
            "spam=1 gil=nope",
            "ValueError: unsupported interpreter config .gil value 'nope' [at 1]",
        );
    }

    #[test]
    fn words_after_the_preset_must_be_pairs() {
        check(
            "legacy allow_fork",
            "ValueError: expected FIELD=VALUE, got 'allow_fork' [at 1]",
        );
        check(
            "legacy gil=own isolated",
            "ValueError: expected FIELD=VALUE, got 'isolated' [at 2]",
        );
        check(
            "gil=own legacy",
            "ValueError: expected FIELD=VALUE, got 'legacy' [at 1]",
        );
    }

    #[test]
    fn from_pairs_requires_every_key() {
        let full: Vec<(String, String)> = InterpreterConfig::legacy()
            .to_pairs()
            .iter()
            .map(|(f, v)| (f.name().to_owned(), v.to_string()))
            .collect();
        let pairs: Vec<(&str, &str)> = full.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            InterpreterConfig::from_pairs(&pairs),
            Ok(InterpreterConfig::legacy())
        );
        for (i, field) in Field::ALL.into_iter().enumerate() {
            let mut missing = pairs.clone();
            missing.remove(i);
            missing.push(("spam", "1"));
            let err = InterpreterConfig::from_pairs(&missing).unwrap_err();
            assert_eq!(err, ParseError::MissingKey { field });
            assert_eq!(err.to_string(), format!("missing config key: {field}"));
            assert_eq!((err.index(), err.py_type()), (None, "ValueError"));
        }
        let mut extra = pairs.clone();
        extra.insert(0, ("spam", "True"));
        let err = InterpreterConfig::from_pairs(&extra).unwrap_err();
        assert_eq!(
            err.to_string(),
            "config dict has 1 extra item ({'spam': True})"
        );
        assert_eq!(err.index(), Some(0));
    }

    #[test]
    fn update_is_all_or_nothing() {
        let mut cfg = InterpreterConfig::legacy();
        let err = cfg
            .update_from_pairs(&[("allow_fork", "false"), ("gil", "spam")])
            .unwrap_err();
        assert_eq!(
            err,
            ParseError::InvalidGil {
                value: "spam".into(),
                index: 1
            }
        );
        assert_eq!(cfg, InterpreterConfig::legacy());
        cfg.update_from_pairs(&[("allow_fork", "false"), ("gil", "own")])
            .unwrap();
        assert_eq!(
            cfg,
            InterpreterConfig {
                allow_fork: false,
                gil: GilMode::Own,
                ..InterpreterConfig::legacy()
            }
        );
    }

    #[test]
    fn new_config_is_preset_plus_overrides() {
        assert_eq!(
            InterpreterConfig::new_config(
                "empty",
                &[("use_main_obmalloc", "True"), ("gil", "shared")]
            ),
            Ok(InterpreterConfig {
                use_main_obmalloc: true,
                gil: GilMode::Shared,
                ..InterpreterConfig::empty()
            })
        );
        assert_eq!(
            InterpreterConfig::new_config("x", &[("gil", "bad")]),
            Err(ParseError::UnknownPreset { name: "x".into() })
        );
    }

    #[test]
    fn python_repr_of_strings() {
        for (s, repr) in [
            ("spam", "'spam'"),
            ("it's", "\"it's\""),
            ("a'b\"c", "'a\\'b\"c'"),
            ("back\\slash\n", "'back\\\\slash\\n'"),
            ("\u{1}é", "'\\x01é'"),
        ] {
            assert_eq!(py_repr_str(s), repr);
        }
    }

    #[test]
    fn literal_kinds() {
        for (text, lit) in [
            ("true", Literal::Bool(true)),
            ("False", Literal::Bool(false)),
            ("None", Literal::None),
            ("-3", Literal::Number("-3")),
            ("1e5", Literal::Number("1e5")),
            ("inf", Literal::Str("inf")),
            ("'true'", Literal::Str("true")),
            ("'", Literal::Str("'")),
            ("", Literal::Str("")),
        ] {
            assert_eq!(Literal::of(text), lit, "{text:?}");
        }
    }
}
