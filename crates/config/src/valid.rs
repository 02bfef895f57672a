//! Validation (`init_interp_settings`) and `ValidConfig`, the only config that becomes flags.

use crate::{FeatureFlags, GilMode, InterpreterConfig};

/// Why a config cannot create a sub-interpreter.
///
/// The messages are CPython's `init_interp_settings` texts where CPython has the rule; CPython
/// reports them as `RuntimeError("init_interp_settings: <message>")`, see [`ConfigError::func`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
pub enum ConfigError {
    /// `use_main_obmalloc = false` with `check_multi_interp_extensions = false`: a single-phase
    /// module's `m_copy` would leak objects between allocators.
    #[error("per-interpreter obmalloc does not support single-phase init extension modules")]
    ObmallocNeedsExtensionCheck,
    /// `gil = own` with `use_main_obmalloc = true`. CPython's C-API docs state this rule
    /// ("If this is 1 then gil must not be PyInterpreterConfig_OWN_GIL") but 3.13 does not
    /// enforce it; two GILs guarding one allocator is a data race, so it is enforced here.
    #[error(
        "per-interpreter GIL requires per-interpreter obmalloc \
         (use_main_obmalloc must be false when gil is 'own')"
    )]
    OwnGilNeedsOwnObmalloc,
    /// A C-level `gil` value outside 0..=2 (see `GilMode::try_from`).
    #[error("invalid interpreter config 'gil' value")]
    InvalidGil(i32),
}

impl ConfigError {
    /// The CPython function that reports this error, which prefixes its message in the
    /// `RuntimeError` CPython raises: `init_interp_settings`.
    pub const fn func(&self) -> &'static str {
        "init_interp_settings"
    }
}

impl InterpreterConfig {
    /// Checks the rules for a sub-interpreter's config, in CPython's order, and returns the
    /// config as a [`ValidConfig`] that can become runtime flags.
    ///
    /// 1. `use_main_obmalloc = false` requires `check_multi_interp_extensions = true`
    ///    ([`ConfigError::ObmallocNeedsExtensionCheck`], CPython's rule).
    /// 2. `gil = own` requires `use_main_obmalloc = false`
    ///    ([`ConfigError::OwnGilNeedsOwnObmalloc`], the documented rule CPython forgets).
    ///
    /// Every other combination is valid, including CPython's "questionable but valid" ones
    /// (`allow_fork` without `allow_exec`, daemon threads without threads, a shared GIL with
    /// its own obmalloc).
    pub fn validate(&self) -> Result<ValidConfig, ConfigError> {
        if !self.use_main_obmalloc && !self.check_multi_interp_extensions {
            return Err(ConfigError::ObmallocNeedsExtensionCheck);
        }
        if self.gil == GilMode::Own && self.use_main_obmalloc {
            return Err(ConfigError::OwnGilNeedsOwnObmalloc);
        }
        Ok(ValidConfig { config: *self })
    }
}

/// A config that passed [`InterpreterConfig::validate`] (or the main interpreter's), so code
/// that creates interpreters cannot be handed an unchecked one.
///
/// What a runtime stores is [`feature_flags`](ValidConfig::feature_flags) plus
/// [`own_gil`](ValidConfig::own_gil); [`read_back`](ValidConfig::read_back) is what
/// `get_config()` shows for the interpreter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ValidConfig {
    config: InterpreterConfig,
}

impl ValidConfig {
    /// The main interpreter's settings ([`InterpreterConfig::main`]). Exempt from the
    /// sub-interpreter rules: main owns its GIL and its obmalloc *is* the main one.
    pub const fn main() -> ValidConfig {
        ValidConfig {
            config: InterpreterConfig::main(),
        }
    }

    /// The config as it was validated (`gil` may still be `default`).
    #[inline]
    pub const fn config(&self) -> &InterpreterConfig {
        &self.config
    }

    /// The `Py_RTFLAGS_*` bits `init_interp_settings` stores in `interp->feature_flags`.
    #[inline]
    pub fn feature_flags(&self) -> FeatureFlags {
        FeatureFlags::of(&self.config)
    }

    /// Whether the interpreter gets a GIL of its own (`interp->ceval.own_gil`): true only for
    /// `gil = own`; `default` means shared.
    #[inline]
    pub const fn own_gil(&self) -> bool {
        matches!(self.config.gil, GilMode::Own)
    }

    /// The config a live interpreter reports (`_PyInterpreterConfig_InitFromState`): rebuilt
    /// from the stored flags, so `gil = default` reads back as `shared`.
    pub fn read_back(&self) -> InterpreterConfig {
        InterpreterConfig::from_state(self.feature_flags(), self.own_gil())
    }
}

impl TryFrom<InterpreterConfig> for ValidConfig {
    type Error = ConfigError;

    fn try_from(config: InterpreterConfig) -> Result<ValidConfig, ConfigError> {
        config.validate()
    }
}

impl From<ValidConfig> for InterpreterConfig {
    fn from(valid: ValidConfig) -> InterpreterConfig {
        valid.config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Field;

    /// Every config built from 6 booleans and a gil mode (the `test_interp_init` sweep).
    fn sweep() -> impl Iterator<Item = InterpreterConfig> {
        (0..64u32).flat_map(|bits| {
            GilMode::ALL.into_iter().map(move |gil| {
                let mut cfg = InterpreterConfig {
                    gil,
                    ..InterpreterConfig::empty()
                };
                for (i, f) in Field::ALL.into_iter().filter(|f| f.is_bool()).enumerate() {
                    cfg.set_bool(f, bits & (1 << i) != 0);
                }
                cfg
            })
        })
    }

    #[test]
    fn sweep_fails_only_where_a_rule_says() {
        let mut counts = [0usize; 3];
        for cfg in sweep() {
            let expect = if !cfg.use_main_obmalloc && !cfg.check_multi_interp_extensions {
                Err(ConfigError::ObmallocNeedsExtensionCheck)
            } else if cfg.gil == GilMode::Own && cfg.use_main_obmalloc {
                Err(ConfigError::OwnGilNeedsOwnObmalloc)
            } else {
                Ok(())
            };
            assert_eq!(cfg.validate().map(|_| ()), expect, "{cfg:?}");
            counts[match expect {
                Ok(()) => 0,
                Err(ConfigError::ObmallocNeedsExtensionCheck) => 1,
                Err(_) => 2,
            }] += 1;
        }
        // 192 configs: 16*3 lack the extension check, 32 share obmalloc with an own GIL.
        assert_eq!(counts, [112, 48, 32]);
    }

    #[test]
    fn rule_texts() {
        let err = InterpreterConfig::empty().validate().unwrap_err();
        assert_eq!(
            err.to_string(),
            "per-interpreter obmalloc does not support single-phase init extension modules"
        );
        assert_eq!(
            format!("{}: {err}", err.func()),
            format!("init_interp_settings: {err}")
        );
        let err = InterpreterConfig::main().validate().unwrap_err();
        assert_eq!(err, ConfigError::OwnGilNeedsOwnObmalloc);
        assert_eq!(
            err.to_string(),
            "per-interpreter GIL requires per-interpreter obmalloc \
             (use_main_obmalloc must be false when gil is 'own')"
        );
    }

    #[test]
    fn cpython_questionable_but_valid_configs_pass() {
        let iso = InterpreterConfig::isolated();
        for cfg in [
            InterpreterConfig {
                allow_fork: true,
                allow_exec: false,
                ..iso
            },
            InterpreterConfig {
                gil: GilMode::Shared,
                ..iso
            },
            InterpreterConfig {
                allow_threads: false,
                allow_daemon_threads: true,
                ..iso
            },
        ] {
            assert!(cfg.validate().is_ok(), "{cfg:?}");
        }
    }

    #[test]
    fn flags_of_presets() {
        let iso = InterpreterConfig::isolated().validate().unwrap();
        assert_eq!(iso.feature_flags().bits(), (1 << 8) | (1 << 10));
        assert!(iso.own_gil());
        let legacy = InterpreterConfig::legacy().validate().unwrap();
        assert_eq!(
            legacy.feature_flags().bits(),
            (1 << 5) | (1 << 10) | (1 << 11) | (1 << 15) | (1 << 16)
        );
        assert!(!legacy.own_gil());
        let main = ValidConfig::main();
        assert_eq!(main.feature_flags(), legacy.feature_flags());
        assert!(main.own_gil());
    }

    #[test]
    fn cpython_configured_settings() {
        // test_configured_settings: "only obmalloc" and "threads+ext" (shared GIL).
        let obmalloc = InterpreterConfig {
            use_main_obmalloc: true,
            gil: GilMode::Shared,
            ..InterpreterConfig::empty()
        };
        let valid = obmalloc.validate().unwrap();
        assert_eq!(
            (valid.feature_flags().bits(), valid.own_gil()),
            (1 << 5, false)
        );
        let threads_ext = InterpreterConfig {
            allow_threads: true,
            check_multi_interp_extensions: true,
            gil: GilMode::Shared,
            ..InterpreterConfig::empty()
        };
        let valid = threads_ext.validate().unwrap();
        assert_eq!(valid.feature_flags().bits(), (1 << 10) | (1 << 8));
    }

    #[test]
    fn read_back_equals_input_except_default_gil() {
        for cfg in sweep() {
            let Ok(valid) = ValidConfig::try_from(cfg) else {
                continue;
            };
            let expect = match cfg.gil {
                GilMode::Default => InterpreterConfig {
                    gil: GilMode::Shared,
                    ..cfg
                },
                _ => cfg,
            };
            assert_eq!(valid.read_back(), expect);
            assert_eq!(InterpreterConfig::from(valid), cfg);
            assert_eq!(valid.config(), &cfg);
        }
        assert_eq!(ValidConfig::main().read_back(), InterpreterConfig::main());
    }
}
