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
//! assert_eq!(sub.id().get(), 1);
//! let n = sub.run(|cx| cx.py().list_of((1, 2, 3))?.len())??;
//! assert_eq!(n, 3);
//! sub.end()?;
//! rt.finalize()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Shape
//!
//! Like wasmtime's `Engine`/`Store`/`Instance`: a [`Runtime`] is a cheap, clonable value
//! (several may live in one process); an [`Interpreter`] is a cheap `Clone + Send + Sync`
//! handle (the runtime plus the interpreter's state); a run's context [`Run`] and its GIL token
//! [`Py`] exist only inside the run and cannot leave it (they are `!Send` and branded with a
//! fresh lifetime).
//!
//! | CPython | here |
//! |---|---|
//! | `Py_Initialize` / `Py_FinalizeEx` | [`RuntimeBuilder::build`], [`Runtime::initialize`], [`Runtime::finalize`] |
//! | `_interpreters.create(config)` | [`Runtime::new_interpreter`] |
//! | `Interpreter.close()` / `_interpreters.destroy(id)` | [`Interpreter::end`] / [`Runtime::end_interpreter`] |
//! | `_interpreters.exec` (the session: enter, run in `__main__`, leave) | [`Interpreter::run`] |
//! | `PyThreadState_Swap` to another interpreter and back | [`Interpreter::run_from`] (scoped) |
//! | `Py_BEGIN_ALLOW_THREADS` / the eval-breaker check | [`allow_threads`] / [`check`] (given the [`Run`]) |
//! | `threading.Thread(daemon=...).start()` | [`Runtime::spawn_thread`] |
//! | `os.fork()` / `os.execv()` checks | [`Interpreter::fork`] / [`Interpreter::check_exec`] |
//! | `importlib.import_module` | [`import`] |
//!
//! # Running code
//!
//! [`Interpreter::run`] enters the interpreter from the calling OS thread: it claims
//! `__main__` (one runner at a time: "interpreter already running"), attaches a fresh thread
//! state bound to this thread, takes the interpreter's GIL, services what other interpreters
//! queued for it (pending calls: deferred frees, releases), runs the closure with the token,
//! and leaves. A panic in the closure is caught; the GIL is released and the interpreter stays
//! usable. Threads started with [`Runtime::spawn_thread`] run on their own thread state
//! without claiming `__main__` (background threads do not make an interpreter "running").
//!
//! The closure gets the run's one context, `&mut Run<'py>`, and passes it to what needs the
//! run's thread state: [`allow_threads`], [`check`], [`import`], [`Interpreter::run_from`],
//! [`Interpreter::exec_in_run`], [`Runtime::new_interpreter_from`] and
//! [`Interpreter::end_from`]. A run in another interpreter is the explicit
//! [`Interpreter::run_from`], whose closure is `Send`, so it cannot capture the suspended
//! interpreter's token or objects while that interpreter's GIL may be released.
//!
//! # Interpreter states
//!
//! One atomic lifecycle word per interpreter orders every entry against ending (no lock on the
//! run path):
//!
//! | state | reached by | `run` | a thread's run | `spawn_thread` | `end` | listed |
//! |---|---|---|---|---|---|---|
//! | idle | creation done | enters | enters | per config | ends it | yes |
//! | running (`__main__` claimed) | a `run` | "interpreter already running" | enters | per config | "interpreter running" | yes |
//! | finalizing | `end` passed its checks | `InterpreterNotFoundError` | enters (non-daemon threads finish) | "can't create new thread at interpreter shutdown" | `InterpreterNotFoundError` | yes |
//! | closing | non-daemon threads joined | `InterpreterNotFoundError` | `InterpreterNotFoundError` | (as finalizing) | `InterpreterNotFoundError` | yes |
//! | ended | runs drained, torn down | `InterpreterNotFoundError` | `InterpreterNotFoundError` | `InterpreterNotFoundError` | `InterpreterNotFoundError` | no |
//!
//! Main is always "running" for `end` and is ended only by [`Runtime::finalize`].
//!
//! # Ending
//!
//! Checks in CPython's order (not found; restricted paths: not made by `new_interpreter`;
//! the calling thread runs it: "cannot destroy the current interpreter"; `__main__` running or
//! main: "interpreter running"), then: join the non-daemon threads; refuse new runs and wait for
//! the runs in flight (a daemon thread's run in progress is let finish; after that the thread
//! can never enter again and gets `InterpreterNotFoundError`, where CPython aborts the process);
//! attach a `FINI` thread state and mark the GIL layer's interpreter ending (no other thread
//! state may attach from then on); run the pending calls and deferred frees; clear the modules
//! and `sys.modules`; tell the queues (unbound-item policies); close the heap, returning every
//! arena (CPython leaks them) and reporting what was left ([`EndReport`]).
//!
//! Because ending waits for runs in flight, a thread state never loses its GIL while code of
//! a run can still use objects: `allow_threads`, `check` and `run_from` always get the GIL back.
//!
//! # Fork
//!
//! [`Interpreter::fork`] forks from main only, outside any run, holding main's GIL and the
//! runtime's locks; the child keeps main (with a fresh GIL) and abandons the others without
//! tearing them down. See [`os`] for exactly what the child may use.

mod arena_cache;
mod builder;
mod call;
mod create;
mod end;
mod error;
pub mod exc;
mod exec;
mod finalize;
mod here;
mod hooks;
mod host;
mod import;
mod interp;
mod interrupt;
mod kept_tstate;
pub mod metrics;
pub mod modules;
pub mod os;
mod pool;
mod program;
mod recursion;
mod run;
mod runtime;
mod share;
mod source_import;
mod state;
mod stats;
mod sync;
mod sysmod;
mod thread;
mod views;
mod whence;

pub use builder::{DEFAULT_ARENA_CACHE, HeapSource, RuntimeBuilder};
pub use call::CallHandle;
pub use end::EndReport;
pub use error::{CreateError, Error, FinalizingOp, Panic, Restriction, SubCreationFailed};
pub use exec::{Captured, EXECUTION_FAILED, ExecError, NOT_SHAREABLE_ERROR};
pub use finalize::FinalizeReport;
pub use import::import;
pub use interp::{Interpreter, allow_threads, check};
pub use modules::interpreters::RtNatives;
pub use os::{Child, Fork, exit_child};
pub use pool::{InterpreterPool, PoolBuilder, PoolError, SubmitError, Task};
pub use program::Program;
pub use run::{Run, with_run};
pub use runtime::Runtime;
pub use subinterp_config::{ConfigError, FeatureFlags, GilMode, InterpreterConfig};
pub use subinterp_gil::GilStats;
pub use subinterp_object::{HeapClosed, InterpId, Obj, Py, PyErr, PyResult};
pub use subinterp_vm::{Args, BuiltinDef, MethodTable, Sig, Tstate, add_functions, new_builtin};
pub use subinterp_xi::{
    ExcSnapshot, ExecutionFailed, Queue, QueueError, QueueId, Received, Unbound, XiData,
};
pub use thread::{Thread, ThreadHandle};
pub use views::{RuntimeImports, RuntimeQueues};
pub use whence::Whence;

/// The README's Rust example, compiled and run as a doctest so it cannot rot.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
