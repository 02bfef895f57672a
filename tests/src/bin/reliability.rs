//! `reliability`: prints the reliability figures a user can check.
//!
//! ```text
//! cargo run --release -p subinterp-tests --bin reliability -- misuse
//! cargo run --release -p subinterp-tests --bin reliability -- soak --cycles 100000
//! ```
//!
//! `misuse` runs every case of the misuse matrix in this process and prints the table
//! (Markdown); it exits with status 1 if a row is not as expected. `soak` runs isolated
//! create/use/end cycles and prints `lifecycle.leak_per_cycle.isolated`; it exits with status
//! 1 if RSS grew by more than 1 MiB or a heap closed unclean.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use subinterp_runtime::Runtime;
use subinterp_tests::{misuse, soak};

#[derive(Parser)]
#[command(name = "reliability", about = "The misuse matrix and the soak figure")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Runs every misuse case and prints the matrix.
    Misuse {
        /// Only the cases whose area or text contains this.
        #[arg(long)]
        only: Option<String>,
    },
    /// Measures RSS over isolated create/use/end cycles.
    Soak {
        /// Cycles measured.
        #[arg(long, default_value_t = 100_000)]
        cycles: u64,
        /// Cycles run before the start is read.
        #[arg(long, default_value_t = 100)]
        warmup: u64,
    },
}

fn main() -> ExitCode {
    match Cli::parse().cmd {
        Cmd::Misuse { only } => misuse_cmd(only.as_deref()),
        Cmd::Soak { cycles, warmup } => soak_cmd(cycles, warmup),
    }
}

fn misuse_cmd(only: Option<&str>) -> ExitCode {
    let rows: Vec<_> = misuse::cases()
        .into_iter()
        .filter(|c| only.is_none_or(|o| c.area.name().contains(o) || c.case.contains(o)))
        .map(misuse::run_case)
        .collect();
    print!("{}", misuse::render(&rows));
    if rows.iter().all(misuse::Row::passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn soak_cmd(cycles: u64, warmup: u64) -> ExitCode {
    let rt = match Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("reliability: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report = soak::run(&rt, cycles, warmup, |n| {
        if n % 10_000 == 0 {
            eprint!("\r{n} / {cycles} cycles");
            let _ = std::io::stderr().flush();
        }
    });
    eprintln!();
    match report {
        Ok(r) => {
            println!("{}", r.render());
            if r.within_target() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("reliability: {e}");
            ExitCode::FAILURE
        }
    }
}
