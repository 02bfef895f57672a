//! The figures of targets.md: exact names, units, CPython 3.13.5's figure on this machine kind
//! and the target, and how to tell whether a measured value meets it.

/// What the target asks of a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Goal {
    /// `value <= bound`.
    AtMost(f64),
    /// `value >= bound`.
    AtLeast(f64),
    /// The growth over the whole run (value times cycles) stays within this many KiB.
    TotalAtMost(f64),
    /// Reported only.
    Reported,
}

/// One figure's fixed facts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spec {
    /// The bench name (stable, machine-readable).
    pub(crate) name: &'static str,
    /// The unit printed after the value.
    pub(crate) unit: &'static str,
    /// Decimals printed.
    pub(crate) decimals: usize,
    /// CPython 3.13.5's figure here, as targets.md gives it.
    pub(crate) cpython: &'static str,
    /// The target, as targets.md gives it.
    pub(crate) target: &'static str,
    /// The target, checkable.
    pub(crate) goal: Goal,
}

const fn spec(
    name: &'static str,
    unit: &'static str,
    decimals: usize,
    cpython: &'static str,
    target: &'static str,
    goal: Goal,
) -> Spec {
    Spec {
        name,
        unit,
        decimals,
        cpython,
        target,
        goal,
    }
}

/// Every figure, in the order `subinterp bench` prints them.
pub(crate) const SPECS: &[Spec] = &[
    spec(
        "lifecycle.create_destroy.isolated",
        "us",
        2,
        "7,054 us",
        "<= 20 us",
        Goal::AtMost(20.0),
    ),
    spec(
        "lifecycle.create_destroy.legacy",
        "us",
        2,
        "6,057 us",
        "<= 20 us",
        Goal::AtMost(20.0),
    ),
    spec(
        "lifecycle.idle_rss.isolated",
        "KiB",
        1,
        "2,171 KiB",
        "<= 64 KiB",
        Goal::AtMost(64.0),
    ),
    spec(
        "lifecycle.leak_per_cycle.isolated",
        "KiB",
        3,
        "1,670 KiB",
        "0 KiB (<= 1 MiB total)",
        Goal::TotalAtMost(1024.0),
    ),
    spec(
        "exec.trivial",
        "us",
        3,
        "14 us",
        "<= 1 us",
        Goal::AtMost(1.0),
    ),
    spec(
        "queue.same_interp.put_get",
        "ns",
        0,
        "1,567 ns",
        "<= 100 ns",
        Goal::AtMost(100.0),
    ),
    spec(
        "queue.cross_interp.throughput",
        "M items/s",
        2,
        "0.40 M items/s",
        ">= 10 M items/s",
        Goal::AtLeast(10.0),
    ),
    spec(
        "scaling.isolated.x2",
        "x",
        2,
        "1.96x",
        ">= 1.9x",
        Goal::AtLeast(1.9),
    ),
    spec(
        "scaling.isolated.x4",
        "x",
        2,
        "1.56x",
        ">= 1.9x",
        Goal::AtLeast(1.9),
    ),
    spec(
        "scaling.threads.x2",
        "x",
        2,
        "0.97x",
        "reported (~1x)",
        Goal::Reported,
    ),
    spec(
        "scaling.legacy.x2",
        "x",
        2,
        "n/a",
        "reported (~1x)",
        Goal::Reported,
    ),
    spec(
        "alloc.obmalloc_vs_system",
        "x",
        2,
        "n/a",
        ">= 1.5x",
        Goal::AtLeast(1.5),
    ),
    spec(
        "alloc.obmalloc_vs_mimalloc",
        "x",
        2,
        "n/a",
        ">= 1.0x",
        Goal::AtLeast(1.0),
    ),
    spec(
        "gil.handoff_vs_mutex",
        "x",
        2,
        "n/a",
        "<= 2.0",
        Goal::AtMost(2.0),
    ),
    spec(
        "gil.forced_switch_max_wait",
        "x interval",
        2,
        "~1x interval",
        "<= 1.5x interval",
        Goal::AtMost(1.5),
    ),
];

/// The groups, in order (a figure's group is its name up to the first dot).
pub(crate) const GROUPS: &[&str] = &["lifecycle", "exec", "queue", "scaling", "alloc", "gil"];

/// The spec named `name`.
pub(crate) fn spec_of(name: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.name == name)
}

impl Goal {
    /// Whether `value` (measured over `cycles` cycles, for a total goal) meets the goal;
    /// `None` for a figure that is only reported.
    pub(crate) fn met(self, value: f64, cycles: u64) -> Option<bool> {
        match self {
            Goal::AtMost(b) => Some(value <= b),
            Goal::AtLeast(b) => Some(value >= b),
            Goal::TotalAtMost(b) => Some(value * cycles as f64 <= b),
            Goal::Reported => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_grouped() {
        for (i, s) in SPECS.iter().enumerate() {
            assert!(
                SPECS[..i].iter().all(|o| o.name != s.name),
                "{} twice",
                s.name
            );
            let group = s.name.split('.').next().unwrap();
            assert!(GROUPS.contains(&group), "{} has no group", s.name);
        }
        assert!(
            GROUPS
                .iter()
                .all(|g| SPECS.iter().any(|s| s.name.starts_with(g)))
        );
    }

    #[test]
    fn goals() {
        assert_eq!(Goal::AtMost(20.0).met(9.5, 0), Some(true));
        assert_eq!(Goal::AtLeast(1.9).met(1.5, 0), Some(false));
        assert_eq!(Goal::TotalAtMost(1024.0).met(0.5, 1000), Some(true));
        assert_eq!(Goal::TotalAtMost(1024.0).met(0.5, 100_000), Some(false));
        assert_eq!(Goal::Reported.met(1.0, 0), None);
    }
}
