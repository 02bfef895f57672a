//! How big the stress and soak runs are, chosen from the environment:
//!
//! | variable | scale | use |
//! |---|---|---|
//! | (none) | [`Scale::Quick`] | `cargo test`, CI: the whole reliability suite in well under a minute on 2 cores |
//! | `SUBINTERP_STRESS=full` | [`Scale::Full`] | soak runs: many times the work, minutes |
//! | `SUBINTERP_UNDER_VALGRIND=1` | [`Scale::Valgrind`] | under memcheck (set by `cargo xtask valgrind`), where everything is ~50x slower |
//!
//! `SUBINTERP_UNDER_VALGRIND` wins over `SUBINTERP_STRESS`.

/// The size of a stress or soak run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Shrunk for valgrind.
    Valgrind,
    /// The default, sized for CI.
    Quick,
    /// Long soak runs.
    Full,
}

impl Scale {
    /// The scale the environment asks for.
    pub fn from_env() -> Scale {
        let set = |name: &str, want: &str| {
            std::env::var(name).is_ok_and(|v| v.trim().eq_ignore_ascii_case(want))
        };
        if set("SUBINTERP_UNDER_VALGRIND", "1") {
            Scale::Valgrind
        } else if set("SUBINTERP_STRESS", "full") {
            Scale::Full
        } else {
            Scale::Quick
        }
    }

    /// The value for this scale.
    pub fn pick<T>(self, valgrind: T, quick: T, full: T) -> T {
        match self {
            Scale::Valgrind => valgrind,
            Scale::Quick => quick,
            Scale::Full => full,
        }
    }
}

impl std::fmt::Display for Scale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Scale::Valgrind => "valgrind",
            Scale::Quick => "quick",
            Scale::Full => "full",
        })
    }
}
