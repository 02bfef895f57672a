//! `GilMode`: the `gil` field (`PyInterpreterConfig_DEFAULT_GIL` / `_SHARED_GIL` / `_OWN_GIL`).

use std::fmt;

use crate::ConfigError;

/// Which GIL a new interpreter gets (`PyInterpreterConfig.gil`).
///
/// The names are the strings CPython's `_interpreters` module uses (`'default'`, `'shared'`,
/// `'own'`); the discriminants are CPython's C constants.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum GilMode {
    /// `PyInterpreterConfig_DEFAULT_GIL` (0): the runtime decides; today that means shared.
    /// Nothing stores it, so it reads back as [`GilMode::Shared`].
    #[default]
    Default = 0,
    /// `PyInterpreterConfig_SHARED_GIL` (1): share the main interpreter's GIL.
    Shared = 1,
    /// `PyInterpreterConfig_OWN_GIL` (2): a GIL of its own (PEP 684).
    Own = 2,
}

impl GilMode {
    /// All modes, in CPython's constant order.
    pub const ALL: [GilMode; 3] = [GilMode::Default, GilMode::Shared, GilMode::Own];

    /// The name used in config dicts: `default`, `shared` or `own`.
    #[inline]
    pub const fn name(self) -> &'static str {
        match self {
            GilMode::Default => "default",
            GilMode::Shared => "shared",
            GilMode::Own => "own",
        }
    }

    /// The mode with this exact (case-sensitive) name, as CPython's `strcmp` matches it.
    pub fn from_name(name: &str) -> Option<GilMode> {
        GilMode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// CPython's C constant for this mode.
    #[inline]
    pub const fn raw(self) -> i32 {
        self as i32
    }
}

impl TryFrom<i32> for GilMode {
    type Error = ConfigError;

    /// Reads a C-level `gil` value; anything outside 0..=2 is `init_interp_settings`'s
    /// `invalid interpreter config 'gil' value`.
    fn try_from(raw: i32) -> Result<GilMode, ConfigError> {
        match raw {
            0 => Ok(GilMode::Default),
            1 => Ok(GilMode::Shared),
            2 => Ok(GilMode::Own),
            _ => Err(ConfigError::InvalidGil(raw)),
        }
    }
}

impl fmt::Display for GilMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_raw_values_are_cpythons() {
        let got: Vec<_> = GilMode::ALL.iter().map(|m| (m.name(), m.raw())).collect();
        assert_eq!(got, [("default", 0), ("shared", 1), ("own", 2)]);
        for m in GilMode::ALL {
            assert_eq!(GilMode::from_name(m.name()), Some(m));
            assert_eq!(GilMode::try_from(m.raw()), Ok(m));
        }
    }

    #[test]
    fn names_are_case_sensitive() {
        assert_eq!(GilMode::from_name("OWN"), None);
        assert_eq!(GilMode::from_name(""), None);
    }

    #[test]
    fn raw_out_of_range_is_init_interp_settings_error() {
        for raw in [-1, 3, i32::MAX] {
            let err = GilMode::try_from(raw).unwrap_err();
            assert_eq!(err, ConfigError::InvalidGil(raw));
            assert_eq!(err.to_string(), "invalid interpreter config 'gil' value");
        }
    }
}
