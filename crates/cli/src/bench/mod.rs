//! `subinterp bench`: the figures of targets.md under their exact names, one
//! `name: value unit` line each, with `--table` (next to CPython's figure and the target) or
//! `--json`. Quick by default (seconds), `--full` for steadier figures (about a minute),
//! `--smoke` for a structural check.
//!
//! Each figure is measured the way targets.md describes it, in one process, with ratios taken
//! within one run (machines are noisy; compare ratios, not absolute times):
//!
//! | group | module | how |
//! |---|---|---|
//! | `lifecycle` | `lifecycle` | create+end cycles, RSS of idle interpreters and across cycles |
//! | `exec` | `exec` | `x = 1` run in an existing interpreter |
//! | `queue` | `queue` | put+get in one interpreter; a producer interpreter feeding a consumer |
//! | `scaling` | `crate::churn` | the object churn on 1, 2, 4 threads per mode |
//! | `alloc` | `alloc` | obmalloc's alloc+free pairs against glibc malloc and mimalloc |
//! | `gil` | `gil` | the GIL crate's ping-pong and forced-switch workloads |
//! | `python` | `python` | Python programs here and in CPython (only when asked for by name) |

mod alloc;
mod exec;
mod gil;
mod lifecycle;
pub(crate) mod output;
pub(crate) mod python;
pub(crate) mod queue;
mod scaling;
mod targets;

use std::io::Write as _;

use subinterp_runtime::Runtime;

use crate::args::BenchArgs;
use crate::progress;
use targets::{GROUPS, SPECS, Spec, spec_of};

/// How long the measurements run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Size {
    /// Tiny: checks that every figure can be measured.
    Smoke,
    /// The default: seconds in all.
    Quick,
    /// `--full`: about a minute.
    Full,
}

impl Size {
    /// The value for this size.
    pub(crate) fn pick<T>(self, smoke: T, quick: T, full: T) -> T {
        match self {
            Size::Smoke => smoke,
            Size::Quick => quick,
            Size::Full => full,
        }
    }

    fn name(self) -> &'static str {
        self.pick("smoke", "quick", "full")
    }
}

/// One measured figure.
#[derive(Clone, Debug)]
pub(crate) struct Figure {
    /// Its fixed facts.
    pub(crate) spec: &'static Spec,
    /// The value, in the spec's unit.
    pub(crate) value: f64,
    /// Cycles behind a per-cycle figure (for a total goal), else 0.
    pub(crate) cycles: u64,
    /// How it was measured (sizes, raw times), for the table and JSON.
    pub(crate) note: String,
}

impl Figure {
    /// A figure of `name`, which must be in the table.
    pub(crate) fn new(name: &str, value: f64, note: impl Into<String>) -> Result<Figure, String> {
        let spec = spec_of(name).ok_or_else(|| format!("no figure named {name}"))?;
        Ok(Figure {
            spec,
            value,
            cycles: 0,
            note: note.into(),
        })
    }

    /// Whether it meets its target (`None`: reported only).
    pub(crate) fn met(&self) -> Option<bool> {
        self.spec.goal.met(self.value, self.cycles)
    }

    /// The value with the spec's decimals.
    pub(crate) fn value_text(&self) -> String {
        format!("{:.*}", self.spec.decimals, self.value)
    }

    /// The `name: value unit` line.
    pub(crate) fn line(&self) -> String {
        format!(
            "{}: {} {}",
            self.spec.name,
            self.value_text(),
            self.spec.unit
        )
    }
}

/// What a measurement gets.
pub(crate) struct Ctx<'a> {
    pub(crate) rt: &'a Runtime,
    pub(crate) size: Size,
}

type Measure = fn(&Ctx<'_>) -> Result<Vec<Figure>, String>;

/// The measurements, in output order, with the figures each produces.
const JOBS: &[(&[&str], Measure)] = &[
    (
        &["lifecycle.create_destroy.isolated"],
        lifecycle::create_destroy_isolated,
    ),
    (
        &["lifecycle.create_destroy.legacy"],
        lifecycle::create_destroy_legacy,
    ),
    (&["lifecycle.idle_rss.isolated"], lifecycle::idle_rss),
    (
        &["lifecycle.leak_per_cycle.isolated"],
        lifecycle::leak_per_cycle,
    ),
    (&["exec.trivial"], exec::trivial),
    (&["queue.same_interp.put_get"], queue::same_interp),
    (&["queue.cross_interp.throughput"], queue::cross_interp),
    (
        &["scaling.isolated.x2", "scaling.isolated.x4"],
        scaling::isolated,
    ),
    (&["scaling.threads.x2"], scaling::threads),
    (&["scaling.legacy.x2"], scaling::legacy),
    (
        &["alloc.obmalloc_vs_system", "alloc.obmalloc_vs_mimalloc"],
        alloc::ratios,
    ),
    (&["gil.handoff_vs_mutex"], gil::handoff),
    (&["gil.forced_switch_max_wait"], gil::forced_switch),
];

/// Whether figure `name` is selected by `groups` (a group, or any dotted prefix of names).
fn selected(name: &str, groups: &[String]) -> bool {
    groups.is_empty()
        || groups.iter().any(|g| {
            name == g
                || name
                    .strip_prefix(g.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
}

/// `subinterp bench`: measures, prints, and returns the exit status (2 for an unknown group,
/// 1 when a figure could not be measured). The python group runs only when named, after the
/// others named with it.
pub(crate) fn run(args: &BenchArgs) -> u8 {
    let (py, native): (Vec<String>, Vec<String>) = args
        .groups
        .iter()
        .cloned()
        .partition(|g| python::is_python(g));
    let python_only = [
        (args.cpython.is_some(), "--cpython"),
        (args.no_cpython, "--no-cpython"),
        (args.corpus.is_some(), "--corpus"),
        (args.runs.is_some(), "--runs"),
        (args.small, "--small"),
    ];
    if py.is_empty()
        && let Some((_, flag)) = python_only.iter().find(|(given, _)| *given)
    {
        eprintln!(
            "subinterp: bench: {flag} applies to the python group (`subinterp bench python`)"
        );
        return 2;
    }
    if py.is_empty() {
        return run_native(args, &native);
    }
    let first = if native.is_empty() {
        0
    } else {
        run_native(args, &native)
    };
    if first == 2 {
        return 2;
    }
    first.max(python::run(args, &py))
}

/// The native figures of `groups` (all when empty).
fn run_native(args: &BenchArgs, groups: &[String]) -> u8 {
    for g in groups {
        if !SPECS
            .iter()
            .any(|s| selected(s.name, std::slice::from_ref(g)))
        {
            eprintln!(
                "subinterp: bench: no figure in group '{g}' (groups: {}; or a figure name)",
                GROUPS.join(", ")
            );
            return 2;
        }
    }
    let size = if args.full {
        Size::Full
    } else if args.smoke {
        Size::Smoke
    } else {
        Size::Quick
    };
    let rt = match crate::setup::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("subinterp: bench: cannot start a runtime: {e}");
            return 1;
        }
    };
    let ctx = Ctx { rt: &rt, size };
    let jobs: Vec<_> = JOBS
        .iter()
        .filter(|(names, _)| names.iter().any(|n| selected(n, groups)))
        .collect();
    let pb = progress::bar(jobs.len() as u64);
    let mut figures = Vec::new();
    let mut failed = false;
    let mut stdout = std::io::stdout().lock();
    for (names, measure) in jobs {
        pb.set_message(names.join(", "));
        match measure(&ctx) {
            Ok(fs) => {
                for f in fs.into_iter().filter(|f| selected(f.spec.name, groups)) {
                    if !args.json {
                        pb.suspend(|| {
                            let _ = writeln!(stdout, "{}", f.line());
                            let _ = stdout.flush();
                        });
                    }
                    figures.push(f);
                }
            }
            Err(e) => {
                pb.suspend(|| eprintln!("subinterp: bench: {}: {e}", names.join(", ")));
                failed = true;
            }
        }
        pb.inc(1);
    }
    pb.finish_and_clear();
    if args.json {
        let _ = writeln!(stdout, "{}", output::json(&figures, size.name()));
    } else if args.table {
        let _ = write!(stdout, "\n{}", output::table(&figures, size.name()));
    }
    if rt.finalize().is_err() {
        failed = true;
    }
    u8::from(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_select_by_dotted_prefix() {
        let g = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert!(selected("scaling.isolated.x2", &[]));
        assert!(selected("scaling.isolated.x2", &g(&["scaling"])));
        assert!(selected(
            "scaling.isolated.x2",
            &g(&["gil", "scaling.isolated"])
        ));
        assert!(selected("exec.trivial", &g(&["exec.trivial"])));
        assert!(!selected("scaling.isolated.x2", &g(&["scal"])));
        assert!(!selected("exec.trivial", &g(&["gil"])));
    }

    #[test]
    fn every_figure_has_one_job() {
        for s in SPECS {
            let n = JOBS
                .iter()
                .filter(|(names, _)| names.contains(&s.name))
                .count();
            assert_eq!(n, 1, "{}", s.name);
        }
        for (names, _) in JOBS {
            assert!(names.iter().all(|n| spec_of(n).is_some()), "{names:?}");
        }
    }
}
