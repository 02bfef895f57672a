//! `FeatureFlags`: the `Py_RTFLAGS_*` bits an interpreter stores instead of its config.

use bitflags::bitflags;

use crate::{GilMode, InterpreterConfig};

bitflags! {
    /// CPython's `interp->feature_flags`, with the same bit positions as `Py_RTFLAGS_*`
    /// (`Include/internal/pycore_interp.h`), so numbers printed here match CPython's.
    ///
    /// The GIL mode is not a flag: CPython keeps only `ceval.own_gil`, see
    /// [`ValidConfig::own_gil`](crate::ValidConfig::own_gil).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct FeatureFlags: u64 {
        /// `Py_RTFLAGS_USE_MAIN_OBMALLOC` (`1 << 5`): `use_main_obmalloc`.
        const USE_MAIN_OBMALLOC = 1 << 5;
        /// `Py_RTFLAGS_MULTI_INTERP_EXTENSIONS` (`1 << 8`): `check_multi_interp_extensions`.
        const MULTI_INTERP_EXTENSIONS = 1 << 8;
        /// `Py_RTFLAGS_THREADS` (`1 << 10`): `allow_threads`.
        const THREADS = 1 << 10;
        /// `Py_RTFLAGS_DAEMON_THREADS` (`1 << 11`): `allow_daemon_threads`.
        const DAEMON_THREADS = 1 << 11;
        /// `Py_RTFLAGS_FORK` (`1 << 15`): `allow_fork`.
        const FORK = 1 << 15;
        /// `Py_RTFLAGS_EXEC` (`1 << 16`): `allow_exec`.
        const EXEC = 1 << 16;
    }
}

impl FeatureFlags {
    /// The flags `init_interp_settings` sets for a config. Crate-private: only a validated
    /// config may become flags (see `ValidConfig::feature_flags`).
    pub(crate) fn of(cfg: &InterpreterConfig) -> FeatureFlags {
        let mut flags = FeatureFlags::empty();
        flags.set(FeatureFlags::USE_MAIN_OBMALLOC, cfg.use_main_obmalloc);
        flags.set(
            FeatureFlags::MULTI_INTERP_EXTENSIONS,
            cfg.check_multi_interp_extensions,
        );
        flags.set(FeatureFlags::THREADS, cfg.allow_threads);
        flags.set(FeatureFlags::DAEMON_THREADS, cfg.allow_daemon_threads);
        flags.set(FeatureFlags::FORK, cfg.allow_fork);
        flags.set(FeatureFlags::EXEC, cfg.allow_exec);
        flags
    }
}

impl InterpreterConfig {
    /// Rebuilds a config from stored state (`_PyInterpreterConfig_InitFromState`): the flag bits
    /// plus whether the interpreter owns its GIL. The GIL mode comes back as `own` or `shared`,
    /// never `default`, because nothing stored remembers `default`.
    pub fn from_state(flags: FeatureFlags, own_gil: bool) -> InterpreterConfig {
        InterpreterConfig {
            use_main_obmalloc: flags.contains(FeatureFlags::USE_MAIN_OBMALLOC),
            allow_fork: flags.contains(FeatureFlags::FORK),
            allow_exec: flags.contains(FeatureFlags::EXEC),
            allow_threads: flags.contains(FeatureFlags::THREADS),
            allow_daemon_threads: flags.contains(FeatureFlags::DAEMON_THREADS),
            check_multi_interp_extensions: flags.contains(FeatureFlags::MULTI_INTERP_EXTENSIONS),
            gil: if own_gil {
                GilMode::Own
            } else {
                GilMode::Shared
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_are_py_rtflags_values() {
        let got: Vec<_> = FeatureFlags::all()
            .iter_names()
            .map(|(n, f)| (n, f.bits()))
            .collect();
        assert_eq!(
            got,
            [
                ("USE_MAIN_OBMALLOC", 1 << 5),
                ("MULTI_INTERP_EXTENSIONS", 1 << 8),
                ("THREADS", 1 << 10),
                ("DAEMON_THREADS", 1 << 11),
                ("FORK", 1 << 15),
                ("EXEC", 1 << 16),
            ]
        );
    }

    #[test]
    fn each_field_sets_its_own_bit() {
        let cases = [
            (
                InterpreterConfig {
                    use_main_obmalloc: true,
                    ..InterpreterConfig::empty()
                },
                1 << 5,
            ),
            (
                InterpreterConfig {
                    allow_fork: true,
                    ..InterpreterConfig::empty()
                },
                1 << 15,
            ),
            (
                InterpreterConfig {
                    allow_exec: true,
                    ..InterpreterConfig::empty()
                },
                1 << 16,
            ),
            (
                InterpreterConfig {
                    allow_threads: true,
                    ..InterpreterConfig::empty()
                },
                1 << 10,
            ),
            (
                InterpreterConfig {
                    allow_daemon_threads: true,
                    ..InterpreterConfig::empty()
                },
                1 << 11,
            ),
            (
                InterpreterConfig {
                    check_multi_interp_extensions: true,
                    ..InterpreterConfig::empty()
                },
                1 << 8,
            ),
        ];
        for (cfg, bits) in cases {
            let flags = FeatureFlags::of(&cfg);
            assert_eq!(flags.bits(), bits, "{cfg:?}");
            let back = InterpreterConfig::from_state(flags, false);
            assert_eq!(
                back,
                InterpreterConfig {
                    gil: GilMode::Shared,
                    ..cfg
                }
            );
        }
    }

    #[test]
    fn from_state_reads_gil_as_own_or_shared() {
        let flags = FeatureFlags::empty();
        assert_eq!(InterpreterConfig::from_state(flags, true).gil, GilMode::Own);
        assert_eq!(
            InterpreterConfig::from_state(flags, false).gil,
            GilMode::Shared
        );
    }

    #[test]
    fn unknown_bits_are_ignored_on_read_back() {
        let flags = FeatureFlags::from_bits_retain((1 << 3) | (1 << 10));
        let back = InterpreterConfig::from_state(flags, false);
        assert_eq!(
            back,
            InterpreterConfig {
                allow_threads: true,
                gil: GilMode::Shared,
                ..InterpreterConfig::empty()
            }
        );
    }
}
