//! `subinterp-runtime`: the facade. A [`Runtime`] with a main interpreter, sub-interpreters
//! created from an [`InterpreterConfig`], code run in them from any OS thread, ended by
//! CPython's rules, with every restriction of the config enforced.
//!
//! Thin wiring of the lower crates (config, obmalloc, gil, object, import, xi); nothing but the
//! CLI and the integration tests may depend on it. Its users need no `unsafe`.
//!
//! ```
//! use subinterp_runtime::{InterpreterConfig, Runtime};
//!
//! let rt = Runtime::new()?;
//! let sub = rt.new_interpreter(InterpreterConfig::isolated())?;
//! assert_eq!(sub.id().0, 1);
//! let n = sub.run(|py| py.list_of((1, 2, 3))?.len())??;
//! assert_eq!(n, 3);
//! sub.end()?;
//! rt.finalize()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod arena_cache;
mod builder;
mod create;
mod end;
mod error;
mod finalize;
mod frame;
mod hooks;
mod import;
mod interp;
pub mod metrics;
pub mod os;
mod runtime;
mod state;
mod thread;
mod whence;

pub use builder::{DEFAULT_ARENA_CACHE, HeapSource, RuntimeBuilder};
pub use end::EndReport;
pub use error::{CreateError, Error, FinalizingOp, Panic, Restriction, SubCreationFailed};
pub use finalize::FinalizeReport;
pub use import::import;
pub use interp::{Interpreter, allow_threads, check};
pub use os::{Child, Fork, exit_child};
pub use runtime::Runtime;
pub use subinterp_config::{ConfigError, FeatureFlags, GilMode, InterpreterConfig};
pub use subinterp_object::{HeapClosed, InterpId, Obj, Py, PyErr, PyResult};
pub use thread::{Thread, ThreadHandle};
pub use whence::Whence;
