//! `cargo xtask valgrind [--quick] [PKG...]`: the test binaries of the allocator and runtime
//! crates under valgrind's memcheck, which must report zero errors.
//!
//! | phase | what |
//! |---|---|
//! | setup | `valgrind --version`; Debian's package is installed when missing (root, non-interactive only) |
//! | build | `cargo test --no-run --message-format json-render-diagnostics -p PKG...` in the dev profile, in `<target>/valgrind`; the test executables come from cargo's JSON messages |
//! | memcheck | each executable under `valgrind` ([`MEMCHECK`] flags), as many at once as there are cores, in its package directory, logs in `<target>/valgrind/logs` |
//!
//! The tests see `SUBINTERP_UNDER_VALGRIND=1` (a test whose iteration counts would take minutes
//! under valgrind's ~20-50x slowdown may read it to shrink them; never to skip a check) and
//! `RUST_TEST_THREADS=1`. `--quick` (what `cargo xtask ci` runs) also sets `PROPTEST_CASES=16`,
//! which shrinks every proptest that uses proptest's default config, and leaves out
//! `--track-origins=yes`. Extra valgrind flags can be given in `$VALGRIND_OPTS`, which valgrind
//! reads itself; `$VALGRIND` names another valgrind binary. Suppressions of errors in code that
//! is not ours go in `xtask/valgrind.supp` (one documented entry each), passed when it exists.

mod discover;
mod install;
mod report;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::cargo;
use discover::TestExe;
use report::{Memcheck, Tests};

/// What `cargo xtask valgrind` was asked to do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Options {
    /// Fewer proptest cases and no origin tracking: the CI flavour.
    pub(crate) quick: bool,
    /// Packages by name (`subinterp-gil` or `gil`); empty means the default set.
    pub(crate) packages: Vec<String>,
}

impl Options {
    /// What `cargo xtask ci` runs: `valgrind --quick` on the default packages.
    pub(crate) fn quick() -> Options {
        Options {
            quick: true,
            packages: Vec::new(),
        }
    }
}

/// Parses the arguments after `valgrind`.
pub(crate) fn parse(args: &[&str]) -> Result<Options, String> {
    let mut out = Options::default();
    for arg in args {
        match *arg {
            "--quick" => out.quick = true,
            flag if flag.starts_with('-') => {
                return Err(format!(
                    "valgrind: unknown option `{flag}` (usage: valgrind [--quick] [PKG...])"
                ));
            }
            pkg => out.packages.push(pkg.to_owned()),
        }
    }
    Ok(out)
}

/// Memcheck flags for every run. Why each:
///
/// There is no `--error-exitcode`: it would also replace the exit code of a forked child (which
/// a test may check) whenever that child "leaks", and a forked child always does (see
/// [`report::Memcheck::fork_child`]). The verdict comes from the logs instead, one per process.
pub(crate) const MEMCHECK: [&str; 6] = [
    "--tool=memcheck",
    // List every leaked block with the stack that allocated it, and count leaks as errors...
    "--leak-check=full",
    // ...but only definite ones. "Possibly lost" is what Rust's interior and tagged pointers look
    // like (std's handle of the main thread shows up as 48 bytes possibly lost in every test
    // binary), and "still reachable" is statics and the thread-locals of live threads.
    // An "indirectly lost" block always hangs off a definitely lost one, which is reported.
    "--show-leak-kinds=definite",
    "--errors-for-leak-kinds=definite",
    // Rust's stacks are deep in inlined generic frames; 12 (the default) rarely reaches our code.
    "--num-callers=40",
    // A program exec'd by a test (insta runs cargo, for one) is not ours to check. A forked
    // child that does not exec is still checked, into its own log (`%p`).
    "--trace-children=no",
];

/// Environment of the test binaries.
fn test_env(quick: bool) -> Vec<(&'static str, &'static str)> {
    let mut env = vec![
        ("SUBINTERP_UNDER_VALGRIND", "1"),
        // One test at a time. Valgrind runs one thread at a time anyway, so more test threads
        // would not go faster; and a test whose own threads must interleave within a time
        // window (gil's forced switch after a 1 ms interval, within 200 ms) starves when another
        // test's threads compete for valgrind's lock: with 2, scenario_4 of gil's tests failed
        // 2 runs in 8 while another valgrind ran beside it; with 1, none in 16. Set through the
        // environment, not `--test-threads`, so a `harness = false` test is not handed a flag.
        ("RUST_TEST_THREADS", "1"),
    ];
    if quick {
        env.push(("PROPTEST_CASES", "16"));
    }
    env
}

/// The valgrind arguments before the executable: [`MEMCHECK`], origins unless quick (they say
/// where an uninitialised value came from and cost about twice the time), suppressions if any,
/// and the log file (`%p`: one log per process).
fn valgrind_args(quick: bool, supp: Option<&Path>, log: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> = MEMCHECK.iter().map(OsString::from).collect();
    args.push(
        if quick {
            "--track-origins=no"
        } else {
            "--track-origins=yes"
        }
        .into(),
    );
    if let Some(supp) = supp {
        let mut arg = OsString::from("--suppressions=");
        arg.push(supp);
        args.push(arg);
    }
    let mut arg = OsString::from("--log-file=");
    arg.push(log);
    args.push(arg);
    args
}

/// One test binary may take this long under valgrind before it is killed as hung: in quick mode
/// (CI, where the slowest binary takes under a minute) 5 minutes, so a hang costs CI little; with
/// origins tracked (about twice as slow, and run by hand on any package) 15 minutes.
fn timeout(quick: bool) -> Duration {
    Duration::from_secs(if quick { 300 } else { 900 })
}

/// Where the nested cargo's build output goes: to the terminal, or captured (tests).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Inherit,
    #[cfg(test)]
    Capture,
}

/// Runs `cargo xtask valgrind` with `opts`.
pub(crate) fn run(root: &Path, opts: &Options) -> Result<(), String> {
    run_with(root, opts, Output::Inherit).and_then(|outcomes| verdict(&outcomes))
}

/// Every binary's result, or the reason nothing could be run.
fn run_with(root: &Path, opts: &Options, output: Output) -> Result<Vec<Outcome>, String> {
    let start = Instant::now();
    let metadata = cargo::metadata(root)?;
    let members = discover::members(&metadata);
    let names: Vec<&str> = members.values().map(|m| m.name.as_str()).collect();
    let packages = discover::select(&opts.packages, &names)?;
    let target = metadata["target_directory"]
        .as_str()
        .map(|t| PathBuf::from(t).join("valgrind"))
        .ok_or("cargo metadata: no `target_directory`")?;
    let mode = if opts.quick { " (quick)" } else { "" };

    phase(
        1,
        "setup",
        "valgrind present (installed from Debian's packages if not)",
    );
    let t = Instant::now();
    let version = install::ensure()?;
    println!("<-- setup: {version} in {}", secs(t.elapsed()));

    phase(
        2,
        "build",
        &format!(
            "cargo test --no-run -p {} (dev profile, in {})",
            packages.join(" -p "),
            target.display()
        ),
    );
    let t = Instant::now();
    let exes = build(root, &target, &packages, &members, output)?;
    println!(
        "<-- build: {} test binaries in {}",
        exes.len(),
        secs(t.elapsed())
    );

    let logs = target.join("logs");
    let _ = fs::remove_dir_all(&logs);
    fs::create_dir_all(&logs).map_err(|e| format!("cannot create {}: {e}", logs.display()))?;
    let supp = root.join("xtask/valgrind.supp");
    let plan = Plan {
        quick: opts.quick,
        supp: supp.is_file().then_some(supp),
        logs,
    };
    let jobs = thread::available_parallelism()
        .map_or(1, usize::from)
        .min(exes.len().max(1));
    phase(
        3,
        "memcheck",
        &format!(
            "{} test binaries{mode}, {jobs} at a time, logs in {}",
            exes.len(),
            plan.logs.display()
        ),
    );
    let t = Instant::now();
    let outcomes = memcheck_all(&exes, &plan, jobs);
    let took = t.elapsed();
    summary(&outcomes, took, start.elapsed());
    Ok(outcomes)
}

fn phase(i: usize, name: &str, what: &str) {
    println!("\n--> valgrind [{i}/3] {name}: {what}");
}

/// Builds the test binaries and returns them, in package order.
fn build(
    root: &Path,
    target: &Path,
    packages: &[String],
    members: &std::collections::HashMap<String, discover::Member>,
    output: Output,
) -> Result<Vec<TestExe>, String> {
    let mut cmd = cargo::cargo();
    cmd.args([
        "test",
        "--no-run",
        "--message-format",
        "json-render-diagnostics",
    ]);
    for p in packages {
        cmd.args(["-p", p]);
    }
    cmd.env("CARGO_TARGET_DIR", target)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    match output {
        Output::Inherit => cmd.stderr(Stdio::inherit()),
        #[cfg(test)]
        Output::Capture => cmd.stderr(Stdio::piped()),
    };
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo test --no-run exited with {}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    discover::executables(&String::from_utf8_lossy(&out.stdout), members, packages)
}

/// How the memcheck runs are set up.
struct Plan {
    quick: bool,
    supp: Option<PathBuf>,
    logs: PathBuf,
}

/// How a binary's run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Exit {
    Code(i32),
    /// Killed by a signal (ExitStatus's text, e.g. `signal: 11 (SIGSEGV)`).
    Signal(String),
    /// Killed after this long.
    TimedOut(Duration),
    /// Could not be started.
    Spawn(String),
}

/// One test binary's run.
struct Outcome {
    exe: TestExe,
    exit: Exit,
    /// The errors that count, summed over the logs; `None` if the binary's own log has no
    /// error summary.
    memcheck: Option<Memcheck>,
    tests: Option<Tests>,
    took: Duration,
    logs: Vec<Log>,
    out_path: PathBuf,
}

/// One valgrind log of a run: the binary's own or a forked child's.
struct Log {
    path: PathBuf,
    /// The binary's own process, not a forked child.
    own: bool,
    /// What counts from this log (for a forked child: all but leaks).
    counted: Option<Memcheck>,
}

impl Outcome {
    fn problem(&self) -> Option<String> {
        problem(&self.exit, self.memcheck, self.tests)
    }
}

/// What went wrong in one run, if anything: memcheck errors first (they are what we are here
/// for), then failing tests, crashes, hangs, and a run that left no summary to trust.
fn problem(exit: &Exit, memcheck: Option<Memcheck>, tests: Option<Tests>) -> Option<String> {
    let tests_failed = tests.map_or(0, |t| t.failed);
    match (exit, memcheck) {
        (Exit::Spawn(e), _) => Some(format!("cannot run valgrind: {e}")),
        (_, Some(m)) if m.errors > 0 => {
            let mut s = format!("memcheck: {} errors from {} contexts", m.errors, m.contexts);
            if m.leaked_blocks > 0 {
                s += &format!(
                    " ({} bytes definitely lost in {} blocks)",
                    m.leaked_bytes, m.leaked_blocks
                );
            }
            if tests_failed > 0 {
                s += &format!("; {tests_failed} tests failed");
            }
            Some(s)
        }
        (Exit::TimedOut(after), _) => Some(format!(
            "timed out after {}s under valgrind; killed",
            after.as_secs()
        )),
        (Exit::Signal(s), _) => Some(format!("killed by {s}")),
        (Exit::Code(0), None) => Some("valgrind's log has no error summary".into()),
        (Exit::Code(0), Some(_)) => None,
        (Exit::Code(c), _) if tests_failed > 0 => {
            Some(format!("{tests_failed} tests failed (exit code {c})"))
        }
        (Exit::Code(c), _) => Some(format!("exited with code {c}")),
    }
}

/// Runs every executable, `jobs` at a time, printing each result as it comes.
fn memcheck_all(exes: &[TestExe], plan: &Plan, jobs: usize) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel();
    let mut outcomes: Vec<Option<Outcome>> = exes.iter().map(|_| None).collect();
    thread::scope(|s| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let next = &next;
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(exe) = exes.get(i) else { break };
                    if tx.send((i, memcheck_one(exe, plan))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, outcome) in rx {
            print_outcome(&outcome);
            outcomes[i] = Some(outcome);
        }
    });
    outcomes.into_iter().flatten().collect()
}

/// Runs one executable under valgrind, its output in `<logs>/<stem>.out`.
fn memcheck_one(exe: &TestExe, plan: &Plan) -> Outcome {
    let stem = exe.stem();
    let out_path = plan.logs.join(format!("{stem}.out"));
    let log = plan.logs.join(format!("{stem}.%p.log"));
    let start = Instant::now();
    let (exit, pid) = spawn_and_wait(exe, plan, &out_path, &log);
    let took = start.elapsed();
    let logs: Vec<Log> = logs_of(&plan.logs, &stem)
        .into_iter()
        .map(|(log_pid, path)| {
            let own = Some(log_pid) == pid;
            let parsed = report::parse_log(&fs::read_to_string(&path).unwrap_or_default());
            let counted = if own {
                parsed
            } else {
                parsed.map(Memcheck::fork_child)
            };
            Log { path, own, counted }
        })
        .collect();
    let memcheck = logs
        .iter()
        .find(|l| l.own)
        .and_then(|l| l.counted)
        .map(|mut m| {
            for child in logs.iter().filter(|l| !l.own) {
                m.add(child.counted.unwrap_or_default());
            }
            m
        });
    let tests = report::parse_tests(&fs::read_to_string(&out_path).unwrap_or_default());
    Outcome {
        exe: exe.clone(),
        exit,
        memcheck,
        tests,
        took,
        logs,
        out_path,
    }
}

/// Runs valgrind on `exe` and waits for it (at most [`timeout`]); also returns its pid, which
/// names its own log.
fn spawn_and_wait(exe: &TestExe, plan: &Plan, out_path: &Path, log: &Path) -> (Exit, Option<u32>) {
    let files = fs::File::create(out_path).and_then(|f| Ok((f.try_clone()?, f)));
    let (out, err) = match files {
        Ok(f) => f,
        Err(e) => {
            let e = format!("cannot create {}: {e}", out_path.display());
            return (Exit::Spawn(e), None);
        }
    };
    let child = install::valgrind()
        .args(valgrind_args(plan.quick, plan.supp.as_deref(), log))
        .arg(&exe.path)
        .envs(test_env(plan.quick))
        // What cargo gives a test at run time (compile-time `env!` needs no help).
        .env("CARGO_MANIFEST_DIR", &exe.dir)
        .current_dir(&exe.dir)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return (Exit::Spawn(e.to_string()), None),
    };
    let pid = Some(child.id());
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return (exit_of(status), pid),
            Ok(None) if start.elapsed() > timeout(plan.quick) => {
                let _ = child.kill();
                let _ = child.wait();
                return (Exit::TimedOut(timeout(plan.quick)), pid);
            }
            Ok(None) => thread::sleep(Duration::from_millis(50)),
            Err(e) => return (Exit::Spawn(format!("cannot wait for valgrind: {e}")), pid),
        }
    }
}

fn exit_of(status: ExitStatus) -> Exit {
    match status.code() {
        Some(c) => Exit::Code(c),
        None => Exit::Signal(status.to_string()),
    }
}

/// The logs `<stem>.<pid>.log` in `dir`, by pid.
fn logs_of(dir: &Path, stem: &str) -> Vec<(u32, PathBuf)> {
    let prefix = format!("{stem}.");
    let mut out: Vec<(u32, PathBuf)> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?;
            let pid = name.strip_prefix(&prefix)?.strip_suffix(".log")?;
            if !pid.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some((pid.parse().ok()?, p))
        })
        .collect();
    out.sort();
    out
}

fn print_outcome(o: &Outcome) {
    let tests = match o.tests {
        Some(t) => format!("{} tests", t.passed + t.failed),
        None => "? tests".into(),
    };
    let problem = o.problem();
    let status = if problem.is_some() { "FAILED" } else { "ok" };
    let mut text = format!(
        "{status:<6} {:<44} {tests:>10} {:>8}\n",
        o.exe.label(),
        secs(o.took)
    );
    if let Some(problem) = problem {
        text += &format!("       {problem}\n");
        text += &details(o);
    }
    print!("{text}");
}

/// What a reader needs to act on a failure: the valgrind logs without their banner (the
/// binary's own, and those of forked children with errors that count), the end of the test
/// output, and where the full files are.
fn details(o: &Outcome) -> String {
    const MAX_LOG_LINES: usize = 200;
    const TAIL_LINES: usize = 30;
    let mut text = String::new();
    for log in &o.logs {
        if !log.own && log.counted.is_none_or(|m| m.errors == 0) {
            continue;
        }
        let whole = fs::read_to_string(&log.path).unwrap_or_default();
        let body: Vec<&str> = whole
            .lines()
            .skip_while(|l| !l.contains("Parent PID:"))
            .skip(1)
            .collect();
        if body.iter().all(|l| report::body(l).is_empty()) {
            continue;
        }
        let whose = if log.own {
            ""
        } else {
            " (forked child: its leaks do not count)"
        };
        text += &format!("    --- {}{whose}\n", log.path.display());
        for line in body.iter().take(MAX_LOG_LINES) {
            text += &format!("    {line}\n");
        }
        if body.len() > MAX_LOG_LINES {
            text += &format!("    ... {} more lines\n", body.len() - MAX_LOG_LINES);
        }
    }
    let out = fs::read_to_string(&o.out_path).unwrap_or_default();
    let lines: Vec<&str> = out.lines().collect();
    text += &format!(
        "    --- test output ({}), last {} lines:\n",
        o.out_path.display(),
        TAIL_LINES.min(lines.len())
    );
    for line in &lines[lines.len().saturating_sub(TAIL_LINES)..] {
        text += &format!("    {line}\n");
    }
    text
}

fn summary(outcomes: &[Outcome], memcheck: Duration, total: Duration) {
    let tests: u64 = outcomes
        .iter()
        .filter_map(|o| o.tests)
        .map(|t| t.passed + t.failed)
        .sum();
    let errors: u64 = outcomes
        .iter()
        .filter_map(|o| o.memcheck)
        .map(|m| m.errors)
        .sum();
    println!("\n== valgrind summary ==");
    println!(
        "{} test binaries, {tests} tests, {errors} memcheck errors; memcheck {}, total {}",
        outcomes.len(),
        secs(memcheck),
        secs(total)
    );
}

/// `Ok` when every binary passed, else which failed.
fn verdict(outcomes: &[Outcome]) -> Result<(), String> {
    let failed: Vec<String> = outcomes
        .iter()
        .filter_map(|o| Some(format!("{} ({})", o.exe.label(), o.problem()?)))
        .collect();
    if failed.is_empty() {
        println!("valgrind: all {} test binaries clean", outcomes.len());
        return Ok(());
    }
    Err(format!(
        "valgrind: {} of {} test binaries failed:\n  {}",
        failed.len(),
        outcomes.len(),
        failed.join("\n  ")
    ))
}

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tidy::tests::TempDir;

    #[test]
    fn arguments() {
        let check = |args: &[&str], expect: Result<(bool, &[&str]), &str>| {
            let got = parse(args).map(|o| (o.quick, o.packages));
            let expect = expect
                .map(|(q, p)| (q, p.iter().map(|s| (*s).to_owned()).collect()))
                .map_err(str::to_owned);
            assert_eq!(got, expect, "{args:?}");
        };
        check(&[], Ok((false, &[])));
        check(&["--quick"], Ok((true, &[])));
        check(
            &["gil", "--quick", "subinterp-xi"],
            Ok((true, &["gil", "subinterp-xi"])),
        );
        check(
            &["--release"],
            Err("valgrind: unknown option `--release` (usage: valgrind [--quick] [PKG...])"),
        );
    }

    #[test]
    fn valgrind_command_line() {
        let args = |quick, supp: Option<&Path>| -> Vec<String> {
            valgrind_args(quick, supp, Path::new("/t/logs/p.lib.p.%p.log"))
                .into_iter()
                .map(|a| a.into_string().unwrap())
                .collect()
        };
        let common = MEMCHECK.map(str::to_owned);
        let mut quick = common.to_vec();
        quick.extend(["--track-origins=no", "--log-file=/t/logs/p.lib.p.%p.log"].map(String::from));
        assert_eq!(args(true, None), quick);
        let mut full = common.to_vec();
        full.extend(
            [
                "--track-origins=yes",
                "--suppressions=/w/xtask/valgrind.supp",
                "--log-file=/t/logs/p.lib.p.%p.log",
            ]
            .map(String::from),
        );
        assert_eq!(args(false, Some(Path::new("/w/xtask/valgrind.supp"))), full);
        assert_eq!(
            test_env(true),
            [
                ("SUBINTERP_UNDER_VALGRIND", "1"),
                ("RUST_TEST_THREADS", "1"),
                ("PROPTEST_CASES", "16")
            ]
        );
        assert_eq!(
            test_env(false),
            [
                ("SUBINTERP_UNDER_VALGRIND", "1"),
                ("RUST_TEST_THREADS", "1")
            ]
        );
    }

    #[test]
    fn problems() {
        let clean = Some(Memcheck::default());
        let dirty = Some(Memcheck {
            errors: 3,
            contexts: 2,
            leaked_bytes: 6400,
            leaked_blocks: 100,
            leak_records: 1,
        });
        let uninit = Some(Memcheck {
            errors: 1,
            contexts: 1,
            ..Memcheck::default()
        });
        let ok = Some(Tests {
            passed: 4,
            failed: 0,
        });
        let failed = Some(Tests {
            passed: 3,
            failed: 1,
        });
        let check = |exit: Exit, m, t, expect: Option<&str>| {
            assert_eq!(
                problem(&exit, m, t).as_deref(),
                expect,
                "{exit:?} {m:?} {t:?}"
            );
        };
        check(Exit::Code(0), clean, ok, None);
        check(
            Exit::Code(0),
            dirty,
            ok,
            Some("memcheck: 3 errors from 2 contexts (6400 bytes definitely lost in 100 blocks)"),
        );
        check(
            Exit::Code(101),
            uninit,
            failed,
            Some("memcheck: 1 errors from 1 contexts; 1 tests failed"),
        );
        check(
            Exit::Code(101),
            clean,
            failed,
            Some("1 tests failed (exit code 101)"),
        );
        check(Exit::Code(1), clean, None, Some("exited with code 1"));
        check(
            Exit::Signal("signal: 11 (SIGSEGV)".into()),
            None,
            None,
            Some("killed by signal: 11 (SIGSEGV)"),
        );
        check(
            Exit::TimedOut(timeout(true)),
            None,
            None,
            Some("timed out after 300s under valgrind; killed"),
        );
        check(
            Exit::Code(0),
            None,
            ok,
            Some("valgrind's log has no error summary"),
        );
        check(
            Exit::Spawn("No such file or directory (os error 2)".into()),
            None,
            None,
            Some("cannot run valgrind: No such file or directory (os error 2)"),
        );
    }

    /// Valgrind refuses to start on a malformed suppressions file, so a bad entry would fail
    /// every binary; check the file on a trivial program.
    #[test]
    fn the_suppressions_file_is_accepted() {
        let supp = Path::new(env!("CARGO_MANIFEST_DIR")).join("valgrind.supp");
        assert!(supp.is_file());
        install::ensure().unwrap();
        let out = install::valgrind()
            .args(["--tool=memcheck", "-q", "--error-exitcode=99"])
            .arg(format!("--suppressions={}", supp.display()))
            .arg("true")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn logs_are_found_by_stem_and_pid() {
        let dir = TempDir::new("vg-logs");
        for name in [
            "p.test.a.12.log",
            "p.test.a.9.log",
            "p.test.a.out",
            "p.test.ab.13.log",
            "p.test.a.x.log",
            "q.test.a.14.log",
        ] {
            dir.write(name, "");
        }
        let got: Vec<(u32, String)> = logs_of(dir.path(), "p.test.a")
            .into_iter()
            .map(|(pid, p)| (pid, p.file_name().unwrap().to_string_lossy().into_owned()))
            .collect();
        assert_eq!(
            got,
            [(9, "p.test.a.9.log".into()), (12, "p.test.a.12.log".into())]
        );
    }

    /// A package `xtask-vg-NAME` whose one test file runs `body` in tests.
    fn package(ws: &TempDir, name: &str, body: &str) {
        ws.write(
            &format!("{name}/Cargo.toml"),
            &format!(
                "[package]\nname = \"xtask-vg-{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n"
            ),
        );
        ws.write(&format!("{name}/src/lib.rs"), "//! Lib.\n");
        ws.write(
            &format!("{name}/tests/t.rs"),
            &format!("//! Tests.\n{body}\n"),
        );
    }

    /// `fork` and `waitpid` by hand (the fake packages have no dependencies to build).
    const FORK: &str = r#"
unsafe extern "C" {
    fn fork() -> i32;
    fn _exit(code: i32) -> !;
    fn waitpid(pid: i32, status: *mut i32, options: i32) -> i32;
}

/// Forks; the child exits with what `child` returns; returns the child's exit code.
fn fork_and_wait(child: fn() -> i32) -> i32 {
    // SAFETY: the child only runs `child` and `_exit`s.
    let pid = unsafe { fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let code = child();
        // SAFETY: `_exit` has no preconditions.
        unsafe { _exit(code) }
    }
    let mut status = 0;
    // SAFETY: `status` is a valid out-pointer; `pid` is our child.
    assert_eq!(unsafe { waitpid(pid, &mut status, 0) }, pid);
    (status >> 8) & 0xff
}
"#;

    /// The whole command on a fake workspace with real valgrind: a clean package passes (a
    /// forked child keeps its exit code, and its leaks do not count), and a leak, uninitialised
    /// reads (in the process and in a forked child) and a failing test are each caught and told
    /// apart.
    #[test]
    fn memcheck_catches_leaks_uninitialised_reads_and_failing_tests() {
        let ws = TempDir::new("vg-ws");
        ws.write(
            "Cargo.toml",
            "[workspace]\nresolver = \"3\"\nmembers = [\"*\"]\n",
        );
        package(
            &ws,
            "clean",
            "#[test]\nfn clean() {\n    \
             let v: Vec<String> = (0..100).map(|i| i.to_string()).collect();\n    \
             assert_eq!(v.len(), 100);\n    \
             assert!(std::process::Command::new(\"true\").status().unwrap().success());\n    \
             let env = |k| std::env::var(k).ok();\n    \
             assert_eq!(env(\"SUBINTERP_UNDER_VALGRIND\").as_deref(), Some(\"1\"));\n    \
             assert_eq!(env(\"PROPTEST_CASES\").as_deref(), Some(\"16\"));\n    \
             assert_eq!(std::env::current_dir().unwrap(), \
             std::path::Path::new(env!(\"CARGO_MANIFEST_DIR\")));\n}\n",
        );
        package(
            &ws,
            "forking",
            &format!(
                "{FORK}\n#[test]\nfn child_keeps_its_exit_code() {{\n    \
                 // Another thread holds heap blocks at the fork: they are lost in the child.\n    \
                 let (held_tx, held_rx) = std::sync::mpsc::channel();\n    \
                 let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();\n    \
                 let t = std::thread::spawn(move || {{\n        \
                 let held = vec![String::from(\"held\"); 8];\n        \
                 held_tx.send(()).unwrap();\n        \
                 go_rx.recv().unwrap();\n        \
                 held.len()\n    }});\n    \
                 held_rx.recv().unwrap();\n    \
                 assert_eq!(fork_and_wait(|| 42), 42);\n    \
                 go_tx.send(()).unwrap();\n    \
                 assert_eq!(t.join().unwrap(), 8);\n}}\n"
            ),
        );
        package(
            &ws,
            "dirty",
            &(format!(
                "{FORK}\n#[test]\nfn forked_child_reads_uninitialised() {{\n    \
                 assert_eq!(fork_and_wait(|| {{\n        \
                 let v: Vec<u8> = Vec::with_capacity(8);\n        \
                 // SAFETY: none; reading uninitialised memory is the point.\n        \
                 let b = unsafe {{ v.as_ptr().read_volatile() }};\n        \
                 if b == 42 {{ 1 }} else {{ 0 }}\n    }}), 0);\n}}\n\n"
            ) + "#[test]\nfn leaks() {\n    \
             let blocks: Vec<*mut [u8; 64]> = \
             (0..100).map(|_| Box::into_raw(Box::new([7u8; 64]))).collect();\n    \
             assert_eq!(blocks.len(), 100);\n}\n\n\
             #[test]\nfn reads_uninitialised() {\n    \
             let v: Vec<u8> = Vec::with_capacity(8);\n    \
             // SAFETY: none; reading uninitialised memory is the point, for memcheck to see.\n    \
             let b = unsafe { v.as_ptr().read_volatile() };\n    \
             if b == 42 {\n        println!(\"42\");\n    }\n}\n"),
        );
        package(
            &ws,
            "failing",
            "#[test]\nfn fails() {\n    assert_eq!(1 + 1, 3);\n}\n",
        );
        let opts = Options {
            quick: true,
            packages: [
                "xtask-vg-clean",
                "xtask-vg-forking",
                "xtask-vg-dirty",
                "xtask-vg-failing",
            ]
            .map(String::from)
            .to_vec(),
        };
        let outcomes = run_with(ws.path(), &opts, Output::Capture).unwrap();
        let got: Vec<(String, Option<String>)> = outcomes
            .iter()
            .map(|o| (o.exe.label(), o.problem()))
            .collect();
        assert_eq!(got.len(), 8, "{got:?}");
        let by_label = |label: &str| {
            outcomes
                .iter()
                .find(|o| o.exe.label() == label)
                .unwrap_or_else(|| panic!("no {label} in {got:?}"))
        };
        let clean = by_label("xtask-vg-clean test t");
        assert_eq!(clean.problem(), None, "{}", details(clean));
        assert_eq!(
            clean.tests,
            Some(Tests {
                passed: 1,
                failed: 0
            })
        );
        let forking = by_label("xtask-vg-forking test t");
        assert_eq!(forking.problem(), None, "{}", details(forking));
        let child = forking
            .logs
            .iter()
            .find(|l| !l.own)
            .expect("the child's log");
        let raw = report::parse_log(&fs::read_to_string(&child.path).unwrap()).unwrap();
        assert!(
            raw.leak_records > 0,
            "the child leaked what the other thread held: {raw:?}"
        );
        let dirty = by_label("xtask-vg-dirty test t");
        let m = dirty.memcheck.unwrap();
        assert!(
            m.contexts >= 3 && m.leaked_blocks >= 90 && m.leaked_bytes == 64 * m.leaked_blocks,
            "{m:?}\n{}",
            details(dirty)
        );
        assert!(
            dirty
                .logs
                .iter()
                .any(|l| !l.own && l.counted.is_some_and(|m| m.errors > 0)),
            "{}",
            details(dirty)
        );
        assert_eq!(dirty.exit, Exit::Code(0), "valgrind keeps the exit code");
        let text = details(dirty);
        assert!(
            text.contains("Conditional jump or move depends on uninitialised value")
                && text.contains("are definitely lost")
                && text.contains("(forked child: its leaks do not count)"),
            "{text}"
        );
        let failing = by_label("xtask-vg-failing test t");
        assert_eq!(
            failing.problem().as_deref(),
            Some("1 tests failed (exit code 101)")
        );
        // Every lib target has an (empty) test binary too, and those are clean.
        for lib in ["clean", "forking", "dirty", "failing"] {
            let o = by_label(&format!("xtask-vg-{lib} lib"));
            assert_eq!(o.problem(), None, "{}", details(o));
        }
        let err = verdict(&outcomes).unwrap_err();
        assert!(
            err.starts_with(
                "valgrind: 2 of 8 test binaries failed:\n  xtask-vg-dirty test t (memcheck: "
            ),
            "{err}"
        );
    }
}
