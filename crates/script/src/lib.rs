//! `subinterp-script`: the scenario-file reader.
//!
//! [`scenario`] reads scenario files (`.scn` files and the ` ```scenario ` blocks of Markdown
//! files, `scenarios.md` §1) into blocks of commands: the runtime commands (`interp new`,
//! `queue new`, `share`, ...) and the statement lines (`INTERP> STATEMENTS`, with `...`
//! continuation lines), whose Python the runner hands to the interpreter
//! (`Interpreter::exec_interactive_to`, compiled by `subinterp-compile` and run by
//! `subinterp-vm`). The crate once held a one-line statement language of its own; it is gone,
//! so there is one Python, not two.
//!
//! ```
//! use subinterp_script::scenario::{Command, SourceKind, parse_scenario_file};
//!
//! let file = parse_scenario_file("main> def f():\n...     return 1\n", SourceKind::Scn).unwrap();
//! let Command::Exec { interp, source } = &file.blocks[0].lines[0].command else {
//!     unreachable!()
//! };
//! assert_eq!((interp.as_str(), source.as_str()), ("main", "def f():\n    return 1"));
//! ```

pub mod scenario;
