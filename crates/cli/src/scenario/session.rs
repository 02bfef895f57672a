//! [`Session`]: one scenario's runtime and the names its commands bound, and what each runtime
//! command does and prints (`scenarios.md` §1).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use subinterp_config::InterpreterConfig;
use subinterp_runtime::{CreateError, Error, Interpreter, Runtime};
use subinterp_script::scenario::{Command, Unbound as ScnUnbound};
use subinterp_xi::{Queue, Unbound};

use crate::setup;

/// A scenario's runtime and names. `main` always names the current main interpreter (a new one
/// after `runtime finalize` + `runtime init`); other names keep their handle, so a name bound
/// before a finalize reports `InterpreterNotFoundError` afterwards, as a Python variable
/// holding the old `Interpreter` would.
pub(crate) struct Session {
    rt: Option<Runtime>,
    /// Startup failure, reported by every command.
    broken: Option<String>,
    interps: BTreeMap<String, Interpreter>,
    queues: BTreeMap<String, Queue>,
}

impl Session {
    /// A fresh runtime with the test modules.
    pub(crate) fn new() -> Session {
        let (rt, broken) = match setup::runtime() {
            Ok(rt) => (Some(rt), None),
            Err(e) => (None, Some(error_line(&e))),
        };
        Session {
            rt,
            broken,
            interps: BTreeMap::new(),
            queues: BTreeMap::new(),
        }
    }

    /// The runtime (absent only when it could not be built).
    pub(crate) fn runtime(&self) -> Option<&Runtime> {
        self.rt.as_ref()
    }

    /// The scenario's name for interpreter `i` (`main` for main), if it has one.
    pub(crate) fn name_of(&self, i: &Interpreter) -> Option<String> {
        if i.is_main() {
            return Some("main".to_owned());
        }
        self.interps
            .iter()
            .find(|(_, h)| *h == i)
            .map(|(n, _)| n.clone())
    }

    /// The queues the scenario named, by name.
    pub(crate) fn queues(&self) -> &BTreeMap<String, Queue> {
        &self.queues
    }

    /// Ends the runtime (what is left of it), printing nothing.
    pub(crate) fn close(mut self) {
        self.queues.clear();
        if let Some(rt) = self.rt.take()
            && rt.is_initialized()
        {
            let _ = rt.finalize();
        }
    }

    /// Runs one command, appending its output (or its error) to `out`.
    pub(crate) fn run(&mut self, cmd: &Command, out: &mut String) {
        if let Err(line) = self.dispatch(cmd, out) {
            out.push_str(&line);
            out.push('\n');
        }
    }

    fn rt(&self) -> Result<&Runtime, String> {
        match (&self.rt, &self.broken) {
            (Some(rt), _) => Ok(rt),
            (None, Some(why)) => Err(why.clone()),
            (None, None) => Err("RuntimeError: no runtime".to_owned()),
        }
    }

    /// The interpreter named `name`.
    pub(crate) fn interp(&self, name: &str) -> Result<Interpreter, String> {
        if name == "main" {
            return self.rt()?.main().map_err(|e| error_line(&e));
        }
        self.interps
            .get(name)
            .cloned()
            .ok_or_else(|| format!("NameError: no interpreter named '{name}'"))
    }

    fn dispatch(&mut self, cmd: &Command, out: &mut String) -> Result<(), String> {
        match cmd {
            Command::RuntimeFinalize => self.finalize(out),
            Command::RuntimeInit { frozen_modules } => {
                let rt = self.rt()?;
                rt.initialize().map_err(|e| error_line(&e))?;
                if let Some(on) = frozen_modules {
                    rt.imports().set_use_frozen_modules(*on);
                }
                out.push_str("initialized\n");
                Ok(())
            }
            Command::InterpNew { name, config } => {
                if name == "main" {
                    return Err("NameError: 'main' names the main interpreter".to_owned());
                }
                let words: Vec<&str> = config.iter().map(String::as_str).collect();
                let cfg = InterpreterConfig::from_args(&words)
                    .map_err(|e| format!("{}: {e}", e.py_type()))?;
                let i = self
                    .rt()?
                    .new_interpreter(cfg)
                    .map_err(|e| error_line(&e))?;
                let _ = writeln!(out, "{name} = interpreter {}", i.id());
                self.interps.insert(name.clone(), i);
                Ok(())
            }
            Command::InterpEnd { name } => {
                let i = self.interp(name)?;
                let report = i.end().map_err(|e| error_line(&e))?;
                let _ = writeln!(out, "ended {name}");
                for u in &report.unraisable {
                    let _ = writeln!(out, "Exception ignored while ending {name}: {u}");
                }
                Ok(())
            }
            Command::InterpList => {
                for i in self.rt()?.list() {
                    let name = self.name_of(&i).unwrap_or_else(|| "-".to_owned());
                    let _ = writeln!(out, "{} {name}", i.id());
                }
                Ok(())
            }
            Command::InterpConfig { name } => {
                let i = self.interp(name)?;
                if i.is_ended() {
                    return Err(error_line(&Error::NotFound(i.id())));
                }
                let _ = writeln!(out, "{}", i.config());
                Ok(())
            }
            Command::QueueNew {
                name,
                maxsize,
                unbound,
            } => {
                let rt = self.rt()?;
                let unbound = match unbound {
                    None => Unbound::default(),
                    Some(ScnUnbound::Marker) => Unbound::Replace,
                    Some(ScnUnbound::Error) => Unbound::Error,
                    Some(ScnUnbound::Remove) => Unbound::Remove,
                };
                let q = rt
                    .create_queue(maxsize.unwrap_or(0), unbound)
                    .map_err(|e| format!("{}: {e}", e.python_type()))?;
                let _ = writeln!(out, "{name} = queue {}", q.id());
                self.queues.insert(name.clone(), q);
                Ok(())
            }
            Command::Share { name, interp, var } => {
                let q = self
                    .queues
                    .get(name)
                    .ok_or_else(|| format!("NameError: no queue named '{name}'"))?;
                let i = self.interp(interp)?;
                crate::exec::share_queue(&i, q, var.as_deref().unwrap_or(name))?;
                out.push_str("ok\n");
                Ok(())
            }
            Command::Exec { interp, source, .. } => {
                let i = self.interp(interp)?;
                crate::exec::exec_to(&i, source, out)
            }
        }
    }

    fn finalize(&mut self, out: &mut String) -> Result<(), String> {
        let rt = self.rt()?.clone();
        let names: BTreeMap<u64, String> = rt
            .list()
            .iter()
            .filter_map(|i| Some((i.id().get(), self.name_of(i)?)))
            .collect();
        let report = rt.finalize().map_err(|e| error_line(&e))?;
        for ended in &report.ended {
            match names.get(&ended.id.get()) {
                Some(n) => {
                    let _ = writeln!(out, "ended {n}");
                }
                None => {
                    let _ = writeln!(out, "ended interpreter {}", ended.id);
                }
            }
            for u in &ended.unraisable {
                let _ = writeln!(out, "Exception ignored while ending {}: {u}", ended.id);
            }
        }
        out.push_str("finalized\n");
        Ok(())
    }
}

/// An error as the transcript prints it: `Type: message`; a creation failure adds the root
/// cause in parentheses (`InterpreterError: interpreter creation failed (per-interpreter
/// obmalloc does not support single-phase init extension modules)`).
pub(crate) fn error_line(e: &Error) -> String {
    match e.creation_cause() {
        Some(CreateError::Config(c)) => format!("{e} ({c})"),
        Some(cause) => {
            let text = cause.to_string();
            let msg = text.split_once(": ").map_or(text.as_str(), |(_, m)| m);
            format!("{e} ({msg})")
        }
        None => e.to_string(),
    }
}
