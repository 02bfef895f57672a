//! `subinterp`: the command-line front end of the runtime.
//!
//! Interim version: `subinterp demo` (and no arguments) prints the version and each config
//! preset as a live interpreter would report it. The full demo replaces this later.

use clap::{Parser, Subcommand};
use subinterp_config::{Preset, ValidConfig};

/// Command-line arguments.
#[derive(Parser)]
#[command(
    name = "subinterp",
    version,
    about = "CPython's multi-interpreter runtime core, in Rust"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// Subcommands.
#[derive(Subcommand)]
enum Command {
    /// Show the interpreter-config presets read back from their stored flags (the default).
    Demo,
}

fn main() {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Demo) {
        Command::Demo => print!("{}", demo()),
    }
}

/// The version, then each preset read back (or why it cannot create an interpreter).
fn demo() -> String {
    let mut out = format!(
        "subinterp {}\n\nconfig presets, read back as a live interpreter reports them:\n",
        env!("CARGO_PKG_VERSION")
    );
    let presets = Preset::ALL.map(|p| (p.name(), p.config().validate()));
    for (name, res) in presets
        .into_iter()
        .chain([("main", Ok(ValidConfig::main()))])
    {
        out.push_str(&format!("\n[{name}]\n"));
        match res {
            Ok(valid) => {
                let flags = valid.feature_flags().bits();
                out.push_str(&format!(
                    "{}\n(feature_flags = {flags:#x})\n",
                    valid.read_back()
                ));
            }
            Err(err) => out.push_str(&format!("cannot create: {}: {err}\n", err.func())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use subinterp_config::InterpreterConfig;

    use super::*;

    #[test]
    fn demo_reads_back_every_preset() {
        let out = demo();
        assert!(out.starts_with(&format!("subinterp {}\n", env!("CARGO_PKG_VERSION"))));
        let isolated = InterpreterConfig::isolated().to_string();
        assert!(out.contains(&format!(
            "[isolated]\n{isolated}\n(feature_flags = 0x500)\n"
        )));
        assert!(out.contains("[legacy]\nuse_main_obmalloc = true\n"));
        assert!(out.contains(
            "[empty]\ncannot create: init_interp_settings: per-interpreter obmalloc does not \
             support single-phase init extension modules\n"
        ));
        assert!(out.contains("[main]\nuse_main_obmalloc = true\n"));
        assert!(
            out.trim_end()
                .ends_with("gil = own\n(feature_flags = 0x18c20)")
        );
    }

    #[test]
    fn no_arguments_means_demo() {
        let cli = Cli::try_parse_from(["subinterp"]).unwrap();
        assert!(cli.command.is_none());
        assert!(Cli::try_parse_from(["subinterp", "demo"]).is_ok());
        assert!(Cli::try_parse_from(["subinterp", "nope"]).is_err());
    }
}
