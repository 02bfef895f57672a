//! `cargo xtask ci`: every check CI runs, in order, failing fast.
//!
//! | step | command |
//! |---|---|
//! | fmt | `cargo fmt --all -- --check` |
//! | clippy | `cargo clippy --workspace --all-targets -- -D warnings` |
//! | test | `cargo test --workspace` |
//! | doc | `RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps` |
//! | tidy | `cargo xtask tidy`, in process |
//! | loom | for each package with `tests/loom.rs`: `cargo test -p PKG --test loom --release` with `RUSTFLAGS="--cfg loom"`, `LOOM_MAX_PREEMPTIONS=2`, and `CARGO_TARGET_DIR=<target>/loom` so the main target dir is not rebuilt |
//! | valgrind | `cargo xtask valgrind --quick`, in process: the default packages' test binaries under memcheck, in `<target>/valgrind` (about 2-3 minutes on 2 cores; see `docs/reliability.md`) |

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{cargo, tidy, valgrind};

/// What a step does.
enum Action {
    /// One cargo command, with extra environment.
    Cargo(
        &'static [&'static str],
        &'static [(&'static str, &'static str)],
    ),
    Tidy,
    Loom,
    Valgrind,
}

struct Step {
    name: &'static str,
    action: Action,
}

const STEPS: [Step; 7] = [
    Step {
        name: "fmt",
        action: Action::Cargo(&["fmt", "--all", "--", "--check"], &[]),
    },
    Step {
        name: "clippy",
        action: Action::Cargo(
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        ),
    },
    Step {
        name: "test",
        action: Action::Cargo(&["test", "--workspace"], &[]),
    },
    Step {
        name: "doc",
        action: Action::Cargo(
            &["doc", "--workspace", "--no-deps"],
            &[("RUSTDOCFLAGS", "-D warnings")],
        ),
    },
    Step {
        name: "tidy",
        action: Action::Tidy,
    },
    Step {
        name: "loom",
        action: Action::Loom,
    },
    Step {
        name: "valgrind",
        action: Action::Valgrind,
    },
];

/// Runs every step; stops at the first failure.
pub(crate) fn run(root: &Path) -> Result<(), String> {
    let start = Instant::now();
    let mut done: Vec<(&str, Duration)> = Vec::new();
    for (i, step) in STEPS.iter().enumerate() {
        println!(
            "\n==> [{}/{}] {}: {}",
            i + 1,
            STEPS.len(),
            step.name,
            describe(&step.action)
        );
        let t = Instant::now();
        let res = match &step.action {
            Action::Cargo(args, env) => run_cargo(root, args, env),
            Action::Tidy => tidy::run(root),
            Action::Loom => loom(root, Output::Inherit),
            Action::Valgrind => valgrind::run(root, &valgrind::Options::quick()),
        };
        let took = t.elapsed();
        if let Err(e) = res {
            println!("<== {}: FAILED after {}", step.name, secs(took));
            summary(&done, start.elapsed());
            return Err(format!("ci: step `{}` failed: {e}", step.name));
        }
        println!("<== {}: ok in {}", step.name, secs(took));
        done.push((step.name, took));
    }
    summary(&done, start.elapsed());
    println!("ci: all {} steps passed", STEPS.len());
    Ok(())
}

fn describe(action: &Action) -> String {
    match action {
        Action::Cargo(args, env) => {
            let env: String = env.iter().map(|(k, v)| format!("{k}={v:?} ")).collect();
            format!("{env}cargo {}", args.join(" "))
        }
        Action::Tidy => "crate layering and source rules".into(),
        Action::Loom => "loom models (tests/loom.rs) with --cfg loom, in release".into(),
        Action::Valgrind => "cargo xtask valgrind --quick (memcheck, default packages)".into(),
    }
}

fn run_cargo(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let status = cargo::cargo()
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} exited with {status}", args[0]))
    }
}

/// Where a child's output goes: to the terminal, or captured (tests, so that a nested cargo's
/// `test result:` lines never show up in the outer test log).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Inherit,
    #[cfg(test)]
    Capture,
}

/// Runs each package's loom model in its own target directory.
fn loom(root: &Path, output: Output) -> Result<(), String> {
    let metadata = cargo::metadata(root)?;
    let packages = loom_packages(&metadata);
    if packages.is_empty() {
        println!("no package has tests/loom.rs");
        return Ok(());
    }
    let target = metadata["target_directory"]
        .as_str()
        .map(|t| PathBuf::from(t).join("loom"))
        .ok_or("cargo metadata: no `target_directory`")?;
    for pkg in &packages {
        println!("--- loom: {pkg}");
        let mut cmd = cargo::cargo();
        cmd.args(["test", "-p", pkg, "--test", "loom", "--release"])
            .env("RUSTFLAGS", "--cfg loom")
            .env("LOOM_MAX_PREEMPTIONS", "2")
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(root);
        let run = match output {
            Output::Inherit => cmd.status().map(|status| (status, String::new())),
            #[cfg(test)]
            Output::Capture => cmd.output().map(|out| {
                let text =
                    String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
                (out.status, text.into_owned())
            }),
        };
        let (status, text) = run.map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("loom model of {pkg} failed ({status}){text}"));
        }
    }
    Ok(())
}

/// Workspace packages with a `tests/loom.rs` beside their manifest, by name.
fn loom_packages(metadata: &Value) -> Vec<String> {
    let members = metadata["workspace_members"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut out: Vec<String> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| members.contains(&p["id"]))
        .filter(|p| {
            p["manifest_path"]
                .as_str()
                .and_then(|m| Path::new(m).parent())
                .is_some_and(|dir| dir.join("tests/loom.rs").is_file())
        })
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect();
    out.sort();
    out
}

fn summary(done: &[(&str, Duration)], total: Duration) {
    println!("\n== ci summary ==");
    for (name, took) in done {
        println!("{name:<8} ok {:>9}", secs(*took));
    }
    println!("{:<11} {:>9}", "total", secs(total));
}

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::tidy::tests::TempDir;

    #[test]
    fn steps_are_in_the_documented_order() {
        let got: Vec<String> = STEPS
            .iter()
            .map(|s| format!("{}: {}", s.name, describe(&s.action)))
            .collect();
        assert_eq!(
            got,
            [
                "fmt: cargo fmt --all -- --check",
                "clippy: cargo clippy --workspace --all-targets -- -D warnings",
                "test: cargo test --workspace",
                "doc: RUSTDOCFLAGS=\"-D warnings\" cargo doc --workspace --no-deps",
                "tidy: crate layering and source rules",
                "loom: loom models (tests/loom.rs) with --cfg loom, in release",
                "valgrind: cargo xtask valgrind --quick (memcheck, default packages)",
            ]
        );
    }

    #[test]
    fn loom_runs_only_for_members_with_a_model() {
        let dir = TempDir::new("loom");
        dir.write("a/tests/loom.rs", "");
        dir.write("b/tests/other.rs", "");
        dir.write("c/tests/loom.rs", "");
        let manifest = |d: &str| dir.path().join(d).join("Cargo.toml").display().to_string();
        let metadata = json!({
            "workspace_members": ["a", "b"],
            "packages": [
                { "id": "a", "name": "pkg-a", "manifest_path": manifest("a") },
                { "id": "b", "name": "pkg-b", "manifest_path": manifest("b") },
                { "id": "c", "name": "pkg-c", "manifest_path": manifest("c") },
            ],
        });
        assert_eq!(loom_packages(&metadata), ["pkg-a"]);
    }

    #[test]
    fn loom_step_runs_each_model_with_cfg_loom_and_fails_on_a_failing_one() {
        let ws = TempDir::new("loom-ws");
        ws.write(
            "Cargo.toml",
            "[workspace]\nresolver = \"3\"\nmembers = [\"m*\"]\n",
        );
        let model = |pkg: &str, body: &str| {
            ws.write(
                &format!("{pkg}/Cargo.toml"),
                &format!(
                    "[package]\nname = \"xtask-loom-{pkg}\"\nversion = \"0.1.0\"\n\
                     edition = \"2024\"\n\n[lints.rust]\n\
                     unexpected_cfgs = {{ level = \"allow\" }}\n"
                ),
            );
            ws.write(&format!("{pkg}/src/lib.rs"), "//! Lib.\n");
            ws.write(
                &format!("{pkg}/tests/loom.rs"),
                &format!("//! Model.\n#![cfg(loom)]\n#[test]\nfn model() {{\n    {body}\n}}\n"),
            );
        };
        model(
            "m1",
            "assert_eq!(std::env::var(\"LOOM_MAX_PREEMPTIONS\").as_deref(), Ok(\"2\"));\n    \
             assert!(!cfg!(debug_assertions), \"release build\");",
        );
        assert_eq!(loom(ws.path(), Output::Capture), Ok(()));
        model("m2", "assert!(false, \"model failed\");");
        let err = loom(ws.path(), Output::Capture).unwrap_err();
        assert!(
            err.starts_with("loom model of xtask-loom-m2 failed"),
            "{err}"
        );
    }
}
