//! `Field` and `FieldValue`: the seven config keys in CPython's order, and their values.

use std::fmt;

use crate::GilMode;

/// One of the seven `PyInterpreterConfig` fields.
///
/// [`Field::ALL`] is in CPython's order (`_PyInterpreterConfig_AsDict`), which is also the order
/// in which parsing checks keys, so the first error reported is the one CPython reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `use_main_obmalloc`
    UseMainObmalloc,
    /// `allow_fork`
    AllowFork,
    /// `allow_exec`
    AllowExec,
    /// `allow_threads`
    AllowThreads,
    /// `allow_daemon_threads`
    AllowDaemonThreads,
    /// `check_multi_interp_extensions`
    CheckMultiInterpExtensions,
    /// `gil`
    Gil,
}

impl Field {
    /// Every field, in CPython's order.
    pub const ALL: [Field; 7] = [
        Field::UseMainObmalloc,
        Field::AllowFork,
        Field::AllowExec,
        Field::AllowThreads,
        Field::AllowDaemonThreads,
        Field::CheckMultiInterpExtensions,
        Field::Gil,
    ];

    /// The key as CPython spells it.
    #[inline]
    pub const fn name(self) -> &'static str {
        match self {
            Field::UseMainObmalloc => "use_main_obmalloc",
            Field::AllowFork => "allow_fork",
            Field::AllowExec => "allow_exec",
            Field::AllowThreads => "allow_threads",
            Field::AllowDaemonThreads => "allow_daemon_threads",
            Field::CheckMultiInterpExtensions => "check_multi_interp_extensions",
            Field::Gil => "gil",
        }
    }

    /// The field with this exact key, if any.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the field holds a boolean (every field but `gil`).
    #[inline]
    pub const fn is_bool(self) -> bool {
        !matches!(self, Field::Gil)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The value of one field: a boolean, or the GIL mode.
///
/// Displays as the scenario language writes it: `true`, `false`, `default`, `shared`, `own`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldValue {
    /// The value of a boolean field.
    Bool(bool),
    /// The value of `gil`.
    Gil(GilMode),
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Bool(b) => write!(f, "{b}"),
            FieldValue::Gil(g) => f.write_str(g.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_in_cpython_order() {
        let names: Vec<_> = Field::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "use_main_obmalloc",
                "allow_fork",
                "allow_exec",
                "allow_threads",
                "allow_daemon_threads",
                "check_multi_interp_extensions",
                "gil",
            ]
        );
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.name()), Some(f));
            assert_eq!(f.is_bool(), f != Field::Gil);
        }
        assert_eq!(Field::from_name("spam"), None);
    }

    #[test]
    fn values_display_as_written_in_scenarios() {
        assert_eq!(FieldValue::Bool(true).to_string(), "true");
        assert_eq!(FieldValue::Bool(false).to_string(), "false");
        assert_eq!(FieldValue::Gil(GilMode::Own).to_string(), "own");
    }
}
