//! `subinterp bench python`: Python programs run by the engine here and by CPython in the same
//! run (engine.md "How it is judged", targets.md "Python on the engine").
//!
//! | figures | module | how |
//! |---|---|---|
//! | `python.corpus.*` | `corpus` | each program of the corpus folder, here and in CPython, interleaved, best of N; output compared with the expected |
//! | `python.scaling.*` | `parallel` | 1, 2, 4 isolated interpreters (CPython: sub-interpreters) running one program at once; 2 threads of one interpreter |
//! | `python.per_request*` | `request` | create, import, call, result back, end; and in a warm interpreter |
//! | `python.rss_per_interpreter*` | `memory` | RSS added per live interpreter after it ran one program |
//!
//! The CPython side runs `cpython_driver.py` with the CPython found (`cpython`).

pub(crate) mod corpus;
pub(crate) mod cpython;
mod memory;
pub(crate) mod parallel;
mod report;
pub(crate) mod request;

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};
use subinterp_runtime::Runtime;

use crate::args::BenchArgs;
use crate::progress;
use corpus::Prog;
use cpython::{CPython, number};
use report::{Report, Row, Val, geomean};

/// The sections, by the prefix that selects them.
const SECTIONS: [&str; 4] = [
    "python.corpus",
    "python.scaling",
    "python.per_request",
    "python.rss_per_interpreter",
];

/// Whether the python group (or a part of it) is asked for by `group`.
pub(crate) fn is_python(group: &str) -> bool {
    group == "python" || group.starts_with("python.")
}

/// How the run is sized.
#[derive(Clone, Copy, Debug)]
struct Sizes {
    runs: u32,
    smoke: bool,
}

impl Sizes {
    fn pick<T>(self, smoke: T, normal: T) -> T {
        if self.smoke { smoke } else { normal }
    }
}

/// Everything a section needs.
struct Ctx<'a> {
    rt: &'a Runtime,
    cpython: Option<&'a CPython>,
    progs: &'a [Prog],
    sizes: Sizes,
    report: Report,
    bar: indicatif::ProgressBar,
    /// Programs that ran here with the expected output.
    passed: Vec<String>,
    /// Whether the corpus section ran (so `passed` says which programs work).
    corpus_ran: bool,
    /// Whether some figure could not be measured.
    failed: bool,
}

/// `subinterp bench python [...]`: the exit status (2 for a bad folder or CPython, 1 when a
/// program failed or a figure could not be measured).
pub(crate) fn run(args: &BenchArgs, groups: &[String]) -> u8 {
    let small = args.small || args.smoke;
    let folder: PathBuf = args.corpus.clone().unwrap_or_else(corpus::default_folder);
    let progs = match corpus::discover(&folder, small) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("subinterp: bench python: {e}");
            return 2;
        }
    };
    let cpython = if args.no_cpython {
        None
    } else {
        match cpython::find(args.cpython.as_deref()) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("subinterp: bench python: {e}");
                return 2;
            }
        }
    };
    let rt = match crate::setup::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("subinterp: bench python: cannot start a runtime: {e}");
            return 1;
        }
    };
    let home = std::env::current_dir().ok();
    let sizes = Sizes {
        runs: args.runs.unwrap_or(if args.smoke { 1 } else { 3 }),
        smoke: args.smoke,
    };
    let mut ctx = Ctx {
        rt: &rt,
        cpython: cpython.as_ref(),
        progs: &progs,
        sizes,
        report: Report::new(args.json),
        bar: progress::spinner("python"),
        passed: Vec::new(),
        corpus_ran: false,
        failed: false,
    };
    ctx.report.extra.insert(
        "cpython".into(),
        cpython.as_ref().map_or(
            Value::Null,
            |c| json!({ "path": c.path.display().to_string(), "version": c.version }),
        ),
    );
    ctx.report.extra.insert(
        "corpus".into(),
        progs[0].folder.display().to_string().into(),
    );
    ctx.report.extra.insert("runs".into(), sizes.runs.into());
    ctx.report.extra.insert("small".into(), small.into());
    if cpython.is_none() {
        ctx.bar.suspend(|| {
            eprintln!(
                "subinterp: bench python: no CPython 3.13 or newer found (--cpython PATH): \
                 figures here only"
            );
        });
    }
    let wanted = |section: &str| {
        groups
            .iter()
            .any(|g| g == "python" || section.starts_with(g.as_str()) || g.starts_with(section))
    };
    if wanted(SECTIONS[0]) {
        corpus_section(&mut ctx);
    }
    if wanted(SECTIONS[1]) {
        scaling_section(&mut ctx);
    }
    if wanted(SECTIONS[2]) {
        request_section(&mut ctx);
    }
    if wanted(SECTIONS[3]) {
        rss_section(&mut ctx);
    }
    ctx.bar.finish_and_clear();
    if let Some(home) = home {
        let _ = std::env::set_current_dir(home);
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let _ = writeln!(out, "{}", ctx.report.to_json());
    } else if args.table {
        let _ = write!(out, "\n{}", ctx.report.table());
    }
    let failed = ctx.failed;
    drop(ctx);
    if rt.finalize().is_err() {
        return 1;
    }
    u8::from(failed)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Best of `runs`: keeps the shortest time, stops at the first failure.
fn best(slot: &mut Option<Result<Duration, String>>, r: Result<Duration, String>) {
    *slot = Some(match (slot.take(), r) {
        (Some(Err(e)), _) | (_, Err(e)) => Err(e),
        (Some(Ok(a)), Ok(b)) => Ok(a.min(b)),
        (None, Ok(b)) => Ok(b),
    });
}

fn corpus_section(ctx: &mut Ctx<'_>) {
    ctx.corpus_ran = true;
    let mut ratios = Vec::new();
    let mut failed = Vec::new();
    let mut rows = Vec::new();
    let runs = ctx.sizes.runs;
    for p in ctx.progs {
        let mut here = None;
        let mut there = None;
        for r in 0..runs {
            ctx.bar.set_message(format!(
                "python.corpus: {} (run {} of {runs})",
                p.name,
                r + 1
            ));
            if !matches!(here, Some(Err(_))) {
                best(&mut here, corpus::run_here(ctx.rt, p));
            }
            if let Some(c) = ctx.cpython
                && !matches!(there, Some(Err(_)))
            {
                best(&mut there, c.run_program(p));
            }
        }
        let name = format!("python.corpus.{}", p.name);
        let here = here.unwrap_or_else(|| Err("not run".into()));
        match &here {
            Ok(d) => {
                ctx.passed.push(p.name.clone());
                ctx.report.figure(
                    &format!("{name}.here_ms"),
                    Val::Num(ms(*d), "ms", 1),
                    &format!("best of {runs} runs in a fresh isolated interpreter"),
                    &ctx.bar,
                );
            }
            Err(e) => {
                failed.push(p.name.clone());
                ctx.report.figure(
                    &format!("{name}.failed"),
                    Val::Text(e.clone()),
                    "here",
                    &ctx.bar,
                );
            }
        }
        match &there {
            Some(Ok(d)) => ctx.report.figure(
                &format!("{name}.cpython_ms"),
                Val::Num(ms(*d), "ms", 1),
                &format!("best of {runs} runs, process start-up and compiling excluded"),
                &ctx.bar,
            ),
            Some(Err(e)) => ctx.report.figure(
                &format!("{name}.cpython_failed"),
                Val::Text(e.clone()),
                "CPython",
                &ctx.bar,
            ),
            None => {}
        }
        let ratio = match (&here, &there) {
            (Ok(a), Some(Ok(b))) => Some(a.as_secs_f64() / b.as_secs_f64().max(1e-9)),
            _ => None,
        };
        if let Some(r) = ratio {
            ratios.push(r);
            ctx.report.figure(
                &format!("{name}.ratio"),
                Val::Num(r, "x", 2),
                "time here / time in CPython",
                &ctx.bar,
            );
        }
        rows.push(json!({
            "name": p.name,
            "here_ms": here.as_ref().ok().map(|d| ms(*d)),
            "cpython_ms": there.as_ref().and_then(|t| t.as_ref().ok()).map(|d| ms(*d)),
            "ratio": ratio,
            "error": here.as_ref().err(),
            "cpython_error": there.as_ref().and_then(|t| t.as_ref().err()),
        }));
        ctx.report.row(Row {
            figure: name,
            here: here
                .as_ref()
                .map_or_else(|_| "failed".into(), |d| format!("{:.1} ms", ms(*d))),
            cpython: match &there {
                Some(Ok(d)) => format!("{:.1} ms", ms(*d)),
                Some(Err(_)) => "failed".into(),
                None => "-".into(),
            },
            target: "ratio <= 2.0",
            met: ratio.map(|r| r <= 2.0),
        });
    }
    if !failed.is_empty() {
        ctx.failed = true;
        ctx.report.figure(
            "python.corpus.failed",
            Val::Text(failed.join(", ")),
            "programs that failed here (excluded from the geometric mean)",
            &ctx.bar,
        );
    }
    let note = format!(
        "over {} programs with a time on both sides; failed here: {}",
        ratios.len(),
        if failed.is_empty() {
            "none".to_owned()
        } else {
            failed.join(", ")
        }
    );
    let g = geomean(&ratios);
    let val = match (g, ctx.cpython) {
        (Some(g), _) => Val::Num(g, "x", 2),
        (None, None) => Val::Text("no CPython to compare with".into()),
        (None, Some(_)) => Val::Text("no program ran on both sides".into()),
    };
    ctx.report
        .figure("python.corpus.geomean", val, &note, &ctx.bar);
    ctx.report.row(Row {
        figure: "python.corpus.geomean".into(),
        here: g.map_or_else(|| "-".into(), |g| format!("{g:.2} x")),
        cpython: "1.00 x".into(),
        target: "<= 1.0",
        met: g.map(|g| g <= 1.0),
    });
    ctx.report
        .extra
        .insert("programs".into(), Value::Array(rows));
}

/// The program the parallel and memory figures run: `fib` when it passed (or the corpus was
/// not run), else the first program that passed.
fn pick<'a>(ctx: &Ctx<'a>) -> Option<&'a Prog> {
    let progs = ctx.progs;
    let ok = |p: &&Prog| !ctx.corpus_ran || ctx.passed.contains(&p.name);
    progs
        .iter()
        .filter(ok)
        .find(|p| p.name == "fib")
        .or_else(|| progs.iter().find(ok))
}

fn no_program(ctx: &mut Ctx<'_>, name: &str) {
    ctx.failed = true;
    ctx.report.figure(
        name,
        Val::Text("no program of the corpus ran here".into()),
        "",
        &ctx.bar,
    );
}

fn scaling_section(ctx: &mut Ctx<'_>) {
    let Some(p) = pick(ctx) else {
        return no_program(ctx, "python.scaling.isolated.x2");
    };
    let (reps, rounds) = (ctx.sizes.pick(1, 2), ctx.sizes.pick(1, 3));
    let note = format!(
        "{}: each thread runs it {reps} times; best of {rounds} rounds, here and CPython \
         interleaved",
        p.name
    );
    // Rounds alternate between the two sides, so a busy spell of the machine hits both.
    let mut here = parallel::Scaling::default();
    let mut there: Option<Result<Value, String>> = None;
    for round in 0..rounds {
        ctx.bar.set_message(format!(
            "python.scaling: {} here (round {} of {rounds})",
            p.name,
            round + 1
        ));
        match parallel::measure(ctx.rt, p, reps, 1) {
            Ok(s) => here.keep_best(&s),
            Err(e) => {
                ctx.failed = true;
                ctx.report
                    .figure("python.scaling.failed", Val::Text(e), &note, &ctx.bar);
                return;
            }
        }
        if let Some(c) = ctx.cpython
            && !matches!(there, Some(Err(_)))
        {
            ctx.bar.set_message(format!(
                "python.scaling: {} in CPython (round {} of {rounds})",
                p.name,
                round + 1
            ));
            let r = c.scaling(p, reps, 1);
            there = Some(match (there.take(), r) {
                (Some(Ok(old)), Ok(new)) => Ok(parallel::merge_best(old, new)),
                (_, r) => r,
            });
        }
    }
    if let Some(Err(e)) = &there {
        ctx.report.figure(
            "python.scaling.cpython_failed",
            Val::Text(e.clone()),
            &note,
            &ctx.bar,
        );
    }
    let cp = |mode: &str, n: u32| -> Option<(f64, f64)> {
        let v = there.as_ref()?.as_ref().ok()?;
        let rate = |n: u32| number(v, &format!("/{mode}/{n}/per_sec")).ok();
        let cores = number(v, &format!("/{mode}/{n}/cores")).ok()?;
        Some((rate(n)? / rate(1)?, cores))
    };
    let (iso, thr) = (here.isolated, here.threads);
    let figures = [
        (
            "isolated.x2",
            iso[1],
            iso[0],
            cp("isolated", 2),
            ">= 1.9x",
            Some(1.9),
        ),
        (
            "isolated.x4",
            iso[2],
            iso[0],
            cp("isolated", 4),
            "reported (2 cores)",
            None,
        ),
        (
            "threads.x2",
            thr[1],
            thr[0],
            cp("threads", 2),
            "reported (~1x)",
            None,
        ),
    ];
    for (what, many, one, c, target, goal) in figures {
        let name = format!("python.scaling.{what}");
        let v = many.per_sec / one.per_sec.max(1e-9);
        // Runs per CPU-second, many threads over one: what the code allows whatever cores
        // the machine gave (contention shows as less work per CPU-second).
        let per_cpu = |r: &parallel::Rate| r.per_sec / r.cores.max(1e-9);
        let detail = format!(
            "{note}; here 1 thread {:.2} runs/s on {:.2} cores, {what} {:.2} runs/s on {:.2} \
             cores (runs per CPU-second {:.2} of one thread's)",
            one.per_sec,
            one.cores,
            many.per_sec,
            many.cores,
            per_cpu(&many) / per_cpu(&one).max(1e-9)
        );
        ctx.report
            .figure(&name, Val::Num(v, "x", 2), &detail, &ctx.bar);
        if let Some((c, cores)) = c {
            ctx.report.figure(
                &format!("{name}.cpython"),
                Val::Num(c, "x", 2),
                &format!("{note}; CPython's best window got {cores:.2} cores"),
                &ctx.bar,
            );
        }
        ctx.report.row(Row {
            figure: name,
            here: format!("{v:.2} x"),
            cpython: c.map_or_else(|| "-".into(), |(c, _)| format!("{c:.2} x")),
            target,
            met: goal.map(|g| v >= g),
        });
    }
}

fn request_section(ctx: &mut Ctx<'_>) {
    ctx.bar.set_message("python.per_request here");
    let req = match request::choose(ctx.rt) {
        Ok(r) => r,
        Err(e) => {
            ctx.failed = true;
            ctx.report
                .figure("python.per_request", Val::Text(e), "", &ctx.bar);
            return;
        }
    };
    let (cold, warm) = (ctx.sizes.pick(20, 2_000), ctx.sizes.pick(50, 10_000));
    let here = request::measure(ctx.rt, &req, cold, warm);
    let there = ctx.cpython.map(|c| {
        ctx.bar.set_message("python.per_request in CPython");
        c.request(&req.folder, ctx.sizes.pick(3, 20), &req.source)
    });
    request::clean(&req);
    let here = match here {
        Ok(h) => h,
        Err(e) => {
            ctx.failed = true;
            ctx.report
                .figure("python.per_request", Val::Text(e), &req.what, &ctx.bar);
            return;
        }
    };
    let there = match there {
        Some(Ok(v)) => Some(v),
        Some(Err(e)) => {
            ctx.report.figure(
                "python.per_request.cpython_failed",
                Val::Text(e),
                &req.what,
                &ctx.bar,
            );
            None
        }
        None => None,
    };
    let cp_cold = there.as_ref().and_then(|v| number(v, "cold_us").ok());
    let cp_warm = there.as_ref().and_then(|v| number(v, "warm_us").ok());
    let note = format!(
        "{}; result {}; {cold} cold requests (create, run, result back, end), {warm} in a \
         pool's warm interpreter",
        req.what, here.result
    );
    let pairs = [
        (
            "python.per_request",
            here.cold_us,
            cp_cold,
            "<= 50 us, >= 100x faster",
        ),
        ("python.per_request.pool", here.warm_us, cp_warm, "reported"),
    ];
    for (name, v, c, target) in pairs {
        ctx.report
            .figure(name, Val::Num(v, "us", 2), &note, &ctx.bar);
        if let Some(c) = c {
            ctx.report.figure(
                &format!("{name}.cpython"),
                Val::Num(c, "us", 2),
                "CPython sub-interpreters (_interpreters), the result back through a queue",
                &ctx.bar,
            );
            ctx.report.figure(
                &format!("{name}.speedup"),
                Val::Num(c / v.max(1e-9), "x", 1),
                "CPython's time / time here",
                &ctx.bar,
            );
        }
        let met = if name == "python.per_request" {
            Some(v <= 50.0 && c.is_some_and(|c| c / v.max(1e-9) >= 100.0))
        } else {
            None
        };
        ctx.report.row(Row {
            figure: name.into(),
            here: format!("{v:.2} us"),
            cpython: c.map_or_else(|| "-".into(), |c| format!("{c:.2} us")),
            target,
            met,
        });
    }
}

fn rss_section(ctx: &mut Ctx<'_>) {
    let Some(p) = pick(ctx) else {
        return no_program(ctx, "python.rss_per_interpreter");
    };
    let count = ctx.sizes.pick(2, 10);
    ctx.bar
        .set_message(format!("python.rss_per_interpreter: {} here", p.name));
    let here = memory::measure(ctx.rt, p, count);
    let there = ctx.cpython.map(|c| {
        ctx.bar
            .set_message(format!("python.rss_per_interpreter: {} in CPython", p.name));
        c.rss(p, count)
    });
    let (per, before, after) = match here {
        Ok(h) => h,
        Err(e) => {
            ctx.failed = true;
            ctx.report.figure(
                "python.rss_per_interpreter",
                Val::Text(e),
                &p.name,
                &ctx.bar,
            );
            return;
        }
    };
    ctx.report.figure(
        "python.rss_per_interpreter",
        Val::Num(per, "KiB", 1),
        &format!(
            "{count} live isolated interpreters after each ran {}: RSS {before} -> {after} KiB",
            p.name
        ),
        &ctx.bar,
    );
    let c = match there {
        Some(Ok(v)) => number(&v, "per_kib").ok(),
        Some(Err(e)) => {
            ctx.report.figure(
                "python.rss_per_interpreter.cpython_failed",
                Val::Text(e),
                &p.name,
                &ctx.bar,
            );
            None
        }
        None => None,
    };
    if let Some(c) = c {
        ctx.report.figure(
            "python.rss_per_interpreter.cpython",
            Val::Num(c, "KiB", 1),
            &format!("{count} live sub-interpreters after each ran {}", p.name),
            &ctx.bar,
        );
    }
    ctx.report.row(Row {
        figure: "python.rss_per_interpreter".into(),
        here: format!("{per:.1} KiB"),
        cpython: c.map_or_else(|| "-".into(), |c| format!("{c:.1} KiB")),
        target: "<= 1/10 of CPython's",
        met: c.map(|c| per <= c / 10.0),
    });
}
