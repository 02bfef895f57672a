//! `subinterp demo`: the tour a new user runs first. On an embedded default (no files, no
//! setup) it creates isolated interpreters, runs a Python program in parallel in isolated
//! interpreters and on a shared GIL, imports the test extension modules in each kind of
//! interpreter (with the reason for each outcome), moves data through a queue pipeline of
//! Python code between interpreters, serves requests (create, import, call, end), ends them
//! all, and prints a report with units. The Python source each part runs is printed, and the
//! same source is measured in CPython's sub-interpreters when a CPython 3.13 is found.

mod imports;
mod pipeline;
mod python;

use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Instant;

use subinterp_runtime::{Interpreter, InterpreterConfig, Runtime, metrics};

use crate::args::DemoArgs;
use crate::bench::python::cpython::{self, CPython};
use crate::progress;
use imports::{Kind, MODULES};

/// Sizes of one demo run.
#[derive(Clone, Copy, Debug)]
struct Sizes {
    /// Dicts the churn program builds per run.
    churn: u32,
    /// Runs of the churn program per thread.
    reps: u32,
    /// Items through the pipeline.
    items: u64,
    /// Create+end cycles timed.
    cycles: u32,
    /// Requests in fresh interpreters, and in a warm one.
    requests: (u32, u32),
}

impl Sizes {
    fn of(args: &DemoArgs) -> Sizes {
        if args.quick {
            Sizes {
                churn: 100,
                reps: 1,
                items: 2_000,
                cycles: 50,
                requests: (20, 50),
            }
        } else {
            Sizes {
                churn: 8_000,
                reps: 2,
                items: 50_000,
                cycles: 1_000,
                requests: (500, 2_000),
            }
        }
    }
}

/// Writes the report to stdout as it goes.
struct Report {
    out: std::io::Stdout,
}

impl Report {
    fn text(&mut self, s: &str) {
        let mut out = self.out.lock();
        let _ = out.write_all(s.as_bytes());
        let _ = out.flush();
    }

    fn section(&mut self, title: &str) {
        self.text(&format!(
            "\n{title}\n{}\n",
            "-".repeat(title.chars().count())
        ));
    }

    fn why(&mut self, indent: usize, why: &str) {
        if !why.is_empty() {
            self.text(&wrap(&format!("why: {why}"), indent, indent + 5, WIDTH));
        }
    }
}

/// What the summary repeats: each figure here, and CPython's measured in this run (`None`:
/// no CPython was found).
#[derive(Default)]
struct Summary {
    create_us: f64,
    speedup: (f64, Option<f64>),
    shared: (f64, Option<f64>),
    queue_per_sec: (f64, Option<f64>),
    request_us: (f64, Option<f64>),
    pool_us: (f64, Option<f64>),
    returned: usize,
    leaked_blocks: usize,
    rss: Vec<(String, usize)>,
}

/// Runs the demo; the exit status is 1 if a step failed, 2 for a `--cpython` that is not a
/// CPython 3.13 or newer.
pub(crate) fn run(args: DemoArgs) -> u8 {
    let sizes = Sizes::of(&args);
    let cpython = match cpython::find(args.cpython.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("subinterp: demo: {e}");
            return 2;
        }
    };
    let mut r = Report {
        out: std::io::stdout(),
    };
    match tour(&mut r, sizes, cpython.as_ref()) {
        Ok(()) => 0,
        Err(e) => {
            r.text(&format!("\nthe demo stopped: {e}\n"));
            1
        }
    }
}

/// Where the report wraps its prose.
const WIDTH: usize = 100;

/// `text` broken into lines of at most `width` columns at spaces: the first line indented by
/// `first`, the others by `rest`; a word longer than a line stays whole.
fn wrap(text: &str, first: usize, rest: usize, width: usize) -> String {
    let mut out = String::new();
    let mut line = " ".repeat(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.len() + 1 + word.len() > width {
            out.push_str(&line);
            out.push('\n');
            line = " ".repeat(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// A count with thousands separators (`1,234,567`).
fn grouped(v: f64) -> String {
    let digits = format!("{:.0}", v.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn kib(bytes: usize) -> String {
    format!("{} KiB", bytes / 1024)
}

fn rss() -> usize {
    metrics::rss_bytes().unwrap_or(0)
}

/// Python source indented under a bar, as the report prints what runs.
fn listing(source: &str) -> String {
    source.lines().map(|l| format!("    | {l}\n")).collect()
}

/// `(CPython <version>, measured now: <text>)`, or the reason there is no such figure.
fn cp_text<T>(
    cp: Option<&CPython>,
    got: Option<&Result<T, String>>,
    show: impl Fn(&T) -> String,
) -> String {
    match (cp, got) {
        (Some(c), Some(Ok(v))) => format!("(CPython {} measured now: {})", c.version, show(v)),
        (Some(c), Some(Err(e))) => format!("(CPython {} failed: {e})", c.version),
        _ => "(no CPython 3.13 found to measure)".to_owned(),
    }
}

/// A summary line's CPython column.
fn vs(v: Option<f64>, show: impl Fn(f64) -> String) -> String {
    v.map_or_else(
        || "no CPython measured".to_owned(),
        |v| format!("CPython: {}", show(v)),
    )
}

fn tour(r: &mut Report, sizes: Sizes, cp: Option<&CPython>) -> Result<(), String> {
    let err = |e: subinterp_runtime::Error| e.to_string();
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let build = if cfg!(debug_assertions) {
        "debug build: figures are slow; use --release"
    } else {
        "release build"
    };
    r.text(&format!(
        "subinterp {} demo: CPython's multi-interpreter runtime core, in Rust\n\
         ({cpus} CPUs, {build}; test extension and frozen modules built in)\n",
        env!("CARGO_PKG_VERSION")
    ));
    r.text(&match cp {
        Some(c) => format!(
            "the same Python is measured in CPython {} ({}) in this run, in its \
             sub-interpreters\n",
            c.version,
            c.path.display()
        ),
        None => "no CPython 3.13 or newer found (--cpython PATH): figures here only\n".to_owned(),
    });
    let mut sum = Summary::default();
    sum.rss.push(("at start".into(), rss()));
    let rt = crate::setup::runtime().map_err(err)?;

    // 1. Creating interpreters.
    r.section("1. Isolated interpreters");
    let iso = InterpreterConfig::isolated();
    let named: Vec<(&str, Interpreter)> = vec![
        ("main", rt.main().map_err(err)?),
        ("alpha", rt.new_interpreter(iso).map_err(err)?),
        ("beta", rt.new_interpreter(iso).map_err(err)?),
        ("gamma", rt.new_interpreter(iso).map_err(err)?),
        (
            "old",
            rt.new_interpreter(InterpreterConfig::legacy())
                .map_err(err)?,
        ),
    ];
    let t0 = Instant::now();
    for _ in 0..sizes.cycles {
        rt.new_interpreter(iso).map_err(err)?.end().map_err(err)?;
    }
    sum.create_us = t0.elapsed().as_secs_f64() * 1e6 / f64::from(sizes.cycles);
    r.text(&format!(
        "created and ended {} more isolated interpreters: {:.1} us per create+end \
         (CPython 3.13.5: about 7,000 us)\n\n",
        sizes.cycles, sum.create_us
    ));
    let mut table = String::from("  id  name   GIL     heap    extensions  threads  fork/exec\n");
    for (name, i) in &named {
        let c = i.config();
        let _ = writeln!(
            table,
            "  {:<3} {:<6} {:<7} {:<7} {:<11} {:<8} {}",
            i.id().get(),
            name,
            if i.own_gil() { "own" } else { "main's" },
            if i.is_main() || !c.use_main_obmalloc {
                "own"
            } else {
                "main's"
            },
            if c.check_multi_interp_extensions {
                "checked"
            } else {
                "unchecked"
            },
            if c.allow_threads { "yes" } else { "no" },
            if c.allow_fork || c.allow_exec {
                "yes"
            } else {
                "no"
            },
        );
    }
    r.text(&table);
    r.why(
        2,
        "an isolated interpreter (PEP 684) has its own GIL and its own obmalloc heap, so it \
         runs in parallel with the others and its memory goes back whole when it ends; \
         a legacy one shares main's GIL and heap, as Py_NewInterpreter() makes them",
    );
    sum.rss.push(("with 4 sub-interpreters".into(), rss()));

    // 2. Python in parallel.
    r.section("2. Python in parallel, and on one GIL");
    let prog = python::churn_program(sizes.churn)?;
    r.text(&format!(
        "each interpreter (or thread) runs this program {} time(s), all at once:\n\n{}\n",
        sizes.reps,
        listing(&python::churn_source(sizes.churn))
    ));
    let pb = progress::spinner("Python in 1 and 2 isolated interpreters, 1 and 2 threads");
    let par = python::parallel(&rt, &prog, sizes.reps, cp);
    pb.finish_and_clear();
    python::clean(&prog);
    let par = par?;
    sum.speedup = (
        par.iso_x2(),
        par.cpython
            .as_ref()
            .and_then(|c| c.as_ref().ok())
            .map(|c| c.0),
    );
    sum.shared = (
        par.threads_x2(),
        par.cpython
            .as_ref()
            .and_then(|c| c.as_ref().ok())
            .map(|c| c.1),
    );
    let line = |what: &str, rate: &crate::bench::python::parallel::Rate| {
        format!(
            "  {what:<40} {:>8.2} runs/s  (on {:.2} cores)",
            rate.per_sec, rate.cores
        )
    };
    r.text(&format!(
        "{}\n{}  speedup {:.2}x {}\n{}\n{}  speedup {:.2}x {}\n",
        line("1 isolated interpreter, 1 thread", &par.iso[0]),
        line("2 isolated interpreters, 2 threads", &par.iso[1]),
        sum.speedup.0,
        cp_text(cp, par.cpython.as_ref(), |c| format!("{:.2}x", c.0)),
        line("1 interpreter, 1 thread", &par.threads[0]),
        line("1 interpreter, 2 threads (one GIL)", &par.threads[1]),
        sum.shared.0,
        cp_text(cp, par.cpython.as_ref(), |c| format!("{:.2}x", c.1)),
    ));
    r.text(&format!(
        "\n  GIL statistics of the 2-thread runs:\n    {}\n    {}\n",
        gil_line("2 isolated (own GILs, summed)", &par.iso[1].gil),
        gil_line("1 interpreter's GIL, 2 threads", &par.threads[1].gil),
    ));
    if par.iso[1].cores < 1.5 {
        r.why(
            2,
            "the two isolated interpreters got fewer than 1.5 cores between them (CPU time \
             over wall time): the machine is busy, so the speedup is a lower bound",
        );
    }
    r.why(
        2,
        "an isolated interpreter has its own GIL, so two of them run Python at once; threads \
         of one interpreter take turns holding its GIL (a waiter asks the holder to let go \
         after the 5 ms switch interval)",
    );
    heap_lines(r, &named)?;

    // 3. Imports.
    r.section("3. Extension modules: what each interpreter may import, and why");
    let kinds = [
        (Kind::Main, &named[0].1),
        (Kind::Isolated, &named[1].1),
        (Kind::Legacy, &named[4].1),
    ];
    for (kind, i) in kinds {
        r.text(&format!("\n  {}\n", kind.label()));
        for m in MODULES {
            let res = imports::try_import(i, m);
            let shown = match &res {
                Ok(_) => "loaded".to_owned(),
                Err(e) => e.clone(),
            };
            r.text(&format!("    import {m:<22} -> {shown}\n"));
            r.why(6, imports::why(m, kind, res.is_ok()));
        }
    }
    let count = imports::initialized_count(&named[4].1)?;
    r.text(&format!(
        "\n  _testsinglephase.initialized_count() = {count}: its init function ran once, in \
         main; the legacy interpreter got a copy of main's module dict\n"
    ));

    // 4. Queue pipeline.
    r.section("4. A queue pipeline of Python code between interpreters");
    r.text(&format!(
        "  alpha (raw = queue 1):\n{}  beta (raw, squared = queue 2):\n{}  gamma (squared, \
         out = queue 3, read here):\n{}\n",
        listing(pipeline::PRODUCER),
        listing(pipeline::WORKER),
        listing(pipeline::CONSUMER)
    ));
    let pb = progress::spinner("queue pipeline: alpha -> beta -> gamma");
    let p = pipeline::run(&rt, [&named[1].1, &named[2].1, &named[3].1], sizes.items);
    let cp_pipe = cp.map(|c| {
        pb.set_message("queue pipeline in CPython");
        c.pipeline(
            sizes.items,
            [pipeline::PRODUCER, pipeline::WORKER, pipeline::CONSUMER],
        )
        .and_then(|v| cpython::number(&v, "per_sec"))
    });
    pb.finish_and_clear();
    let p = p?;
    sum.queue_per_sec = (
        p.per_sec(),
        cp_pipe.as_ref().and_then(|c| c.as_ref().ok()).copied(),
    );
    let ok = if p.sum.0 == p.sum.1 {
        "correct"
    } else {
        "WRONG"
    };
    r.text(&format!(
        "  {n} items through 2 queues in {:.0} ms: {:.3} M items/s end to end {}\n\
         \x20 sum of squares {} ({ok})\n",
        p.took.as_secs_f64() * 1e3,
        sum.queue_per_sec.0 / 1e6,
        cp_text(cp, cp_pipe.as_ref(), |v| format!(
            "{:.3} M items/s",
            v / 1e6
        )),
        p.sum.0,
        n = grouped(p.items as f64),
    ));
    r.why(
        2,
        "each item leaves one heap as cross-interpreter data and is rebuilt in the next \
         interpreter's heap; a waiting get blocks until a put wakes it (CPython 3.13's queues \
         poll every 10 ms)",
    );

    // 5. Requests.
    r.section("5. Requests: create an interpreter, import, call, end");
    let pb = progress::spinner("requests: fresh interpreters, then a warm pool");
    let reqs = python::requests(&rt, sizes.requests.0, sizes.requests.1, cp);
    pb.finish_and_clear();
    let reqs = reqs?;
    sum.request_us = (
        reqs.here.cold_us,
        reqs.cpython
            .as_ref()
            .and_then(|c| c.as_ref().ok())
            .map(|c| c.0),
    );
    sum.pool_us = (
        reqs.here.warm_us,
        reqs.cpython
            .as_ref()
            .and_then(|c| c.as_ref().ok())
            .map(|c| c.1),
    );
    r.text(&format!(
        "  each request runs this in an interpreter, then reads `result` back ({}):\n\n{}\n",
        reqs.here.result,
        listing(&reqs.req.source)
    ));
    r.why(2, &reqs.req.what);
    r.text(&format!(
        "  fresh isolated interpreter per request {:>10.1} us {}\n\
         \x20 warm interpreter of a pool            {:>10.1} us {}\n",
        sum.request_us.0,
        cp_text(cp, reqs.cpython.as_ref(), |c| format!("{:.1} us", c.0)),
        sum.pool_us.0,
        cp_text(cp, reqs.cpython.as_ref(), |c| format!("{:.1} us", c.1)),
    ));
    sum.rss.push(("after the work".into(), rss()));

    // 6. Ending.
    r.section("6. Ending the interpreters");
    ending(r, &rt, &named, &mut sum)?;
    sum.rss.push(("after finalize".into(), rss()));

    // Summary.
    r.section("Summary");
    let x = |v: f64| format!("{v:.2}x");
    r.text(&format!(
        "  create+end, isolated       {:>10.1} us        (CPython 3.13.5: 7,054 us)\n\
         \x20 Python, 2 isolated         {:>10.2} x         ({})\n\
         \x20 Python, 2 threads 1 GIL    {:>10.2} x         ({})\n\
         \x20 Python queue pipeline      {:>10.3} M items/s ({})\n\
         \x20 request, fresh interpreter {:>10.1} us        ({})\n\
         \x20 request, warm interpreter  {:>10.1} us        ({})\n\
         \x20 memory returned at end     {:>10}        ({} blocks left behind)\n",
        sum.create_us,
        sum.speedup.0,
        vs(sum.speedup.1, x),
        sum.shared.0,
        vs(sum.shared.1, x),
        sum.queue_per_sec.0 / 1e6,
        vs(sum.queue_per_sec.1, |v| format!("{:.3} M items/s", v / 1e6)),
        sum.request_us.0,
        vs(sum.request_us.1, |v| format!("{v:.1} us")),
        sum.pool_us.0,
        vs(sum.pool_us.1, |v| format!("{v:.1} us")),
        kib(sum.returned),
        sum.leaked_blocks,
    ));
    let rss_line: Vec<String> = sum
        .rss
        .iter()
        .map(|(w, b)| format!("{w} {}", kib(*b)))
        .collect();
    r.text(&format!("  process RSS: {}\n", rss_line.join(", ")));
    r.text(
        "\nmore: `subinterp bench --table` (every target figure), `subinterp bench python \
         --table` (Python programs here and in CPython), `subinterp scenario \
         docs/behavior/*.md` (the behaviour docs), `subinterp --help`\n",
    );
    Ok(())
}

/// One GIL's counters for the report.
fn gil_line(what: &str, g: &subinterp_runtime::GilStats) -> String {
    format!(
        "{what:<31} {:>8} acquisitions, {:>6} contended, {:>5} switches ({} forced), \
         mean wait {:.2} ms, max wait {:.2} ms",
        g.acquisitions,
        g.contended,
        g.switches,
        g.forced_switches,
        g.mean_wait().as_secs_f64() * 1e3,
        g.max_wait.as_secs_f64() * 1e3,
    )
}

/// Each interpreter's heap, as `sys._debugmallocstats()` would sum it up.
fn heap_lines(r: &mut Report, named: &[(&str, Interpreter)]) -> Result<(), String> {
    r.text("\n  heaps now:\n");
    for (name, i) in named {
        let stats = i
            .run(|cx| cx.py().heap().stats())
            .map_err(|e| e.to_string())?;
        let whose = if i.is_main() || !i.config().use_main_obmalloc {
            "own heap "
        } else {
            "main's   "
        };
        r.text(&format!(
            "    {name:<6} {whose} {:>7} blocks in use, {:>3} arena(s) mapped ({}), {} arena(s) \
             allocated over its life\n",
            stats.allocated_blocks,
            stats.arenas_allocated_current,
            kib(stats.arena_bytes()),
            stats.arenas_allocated_total,
        ));
    }
    Ok(())
}

fn ending(
    r: &mut Report,
    rt: &Runtime,
    named: &[(&str, Interpreter)],
    sum: &mut Summary,
) -> Result<(), String> {
    for (name, i) in named.iter().skip(1) {
        let report = i.end().map_err(|e| e.to_string())?;
        match &report.heap {
            Some(h) => {
                sum.returned += h.leaks.bytes_released;
                sum.leaked_blocks += h.leaks.live_blocks;
                r.text(&format!(
                    "  ended {name:<6} its heap closed: {} arena(s), {} returned; {} blocks \
                     and {} objects were still alive\n",
                    h.leaks.arenas_released,
                    kib(h.leaks.bytes_released),
                    h.leaks.live_blocks,
                    h.live_objects,
                ));
            }
            None => r.text(&format!(
                "  ended {name:<6} it used main's heap: its objects were freed there\n"
            )),
        }
    }
    r.why(
        2,
        "an ended interpreter's arenas all go back to the OS; CPython 3.13.5 leaks about \
         1.6 MiB per isolated interpreter here, because it cannot prove no object escaped",
    );
    let fin = rt.finalize().map_err(|e| e.to_string())?;
    for e in &fin.ended {
        if let Some(h) = &e.heap {
            sum.returned += h.leaks.bytes_released;
            sum.leaked_blocks += h.leaks.live_blocks;
        }
    }
    r.text(&format!(
        "  finalized the runtime: main ended, {} queue(s) left to destroy, extension cache \
         dropped\n",
        fin.queues_destroyed
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn prose_wraps_at_spaces() {
        assert_eq!(
            super::wrap("why: aaa bbb ccc ddd", 2, 7, 14),
            "  why: aaa bbb\n       ccc ddd\n"
        );
        assert_eq!(super::wrap("x", 0, 0, 80), "x\n");
    }

    #[test]
    fn thousands_are_grouped() {
        let got = [0.0, 999.4, 1_000.0, 123_456.0, 1_234_567.8].map(grouped);
        assert_eq!(got, ["0", "999", "1,000", "123,456", "1,234,568"]);
    }
}
