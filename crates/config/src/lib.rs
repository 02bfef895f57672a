//! `subinterp-config`: the interpreter-config facade (CPython's `PyInterpreterConfig`).
//!
//! The seven fields, the presets (`isolated`, `legacy`, `empty`, main), validation with CPython's
//! texts, conversion to and from `Py_RTFLAGS_*` feature-flag bits, and parsing from name/value
//! pairs.
//!
//! Must never depend on another `subinterp-*` crate: every layer may read a config.
//!
//! # Life of a config
//!
//! ```text
//!  "legacy gil=own"  --from_args/new_config-->  InterpreterConfig  (plain, any values)
//!                                                      | validate()        (init_interp_settings)
//!                                                      v
//!                                                 ValidConfig  --feature_flags()/own_gil()-->  stored state
//!                                                      | read_back()       (_PyInterpreterConfig_InitFromState)
//!                                                      v
//!                                               InterpreterConfig  (gil `default` now reads `shared`)
//! ```
//!
//! Like CPython, the runtime stores only the flag bits and the own-GIL bit, never the config; so
//! a config read back from a live interpreter shows `gil = shared` where `default` was asked.
//!
//! ```
//! use subinterp_config::{GilMode, InterpreterConfig};
//!
//! let cfg = InterpreterConfig::from_args(&["empty", "use_main_obmalloc=true"]).unwrap();
//! assert_eq!(cfg.gil, GilMode::Default);
//! let valid = cfg.validate().unwrap();
//! assert_eq!(valid.read_back().gil, GilMode::Shared);
//!
//! let err = InterpreterConfig::empty().validate().unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "per-interpreter obmalloc does not support single-phase init extension modules"
//! );
//! ```
//!
//! # Where this differs from CPython 3.13
//!
//! - `gil = own` together with `use_main_obmalloc = true` is rejected
//!   ([`ConfigError::OwnGilNeedsOwnObmalloc`]). CPython documents this rule but does not enforce
//!   it. The main interpreter, which owns its GIL and *is* the main obmalloc, is exempt: its
//!   settings come from [`ValidConfig::main`].
//! - Values are text (the scenario language's `FIELD=VALUE`), so "type" means the kind of literal
//!   written: see [`InterpreterConfig::update_from_pairs`].

mod config;
mod field;
mod flags;
mod gil;
mod parse;
mod valid;

pub use config::{InterpreterConfig, Preset};
pub use field::{Field, FieldValue};
pub use flags::FeatureFlags;
pub use gil::GilMode;
pub use parse::{ExtraItem, ParseError};
pub use valid::{ConfigError, ValidConfig};
