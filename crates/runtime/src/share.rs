//! Moving shareable values into and out of an interpreter's `__main__`
//! (`Interpreter.prepare_main`, the scenario command `share NAME with INTERP`), and queues
//! bound to interpreters.
//!
//! Values cross as [`XiData`], converted in the sender (so a value that cannot cross is
//! refused before anything is bound: all or nothing, as in CPython) and rebuilt as new objects
//! in the receiver's heap ([`from_xi`] with the runtime's [`RtNatives`]).

use std::sync::Arc;

use subinterp_object::{Obj, Py, PyErr};
use subinterp_xi::{
    ExcSnapshot, InterpId, Queue, QueueError, QueueId, Queues, Unbound, XiData, from_xi, to_xi,
};

use crate::exec::ExecError;
use crate::host::main_module;
use crate::modules::interpreters::RtNatives;
use crate::{Error, Interpreter, Runtime};

impl Interpreter {
    /// Binds each `(name, value)` in this interpreter's `__main__`
    /// (`Interpreter.prepare_main(**kwargs)`), overwriting existing names (`__name__`
    /// included). Claims `__main__` for the duration, like [`run`](Self::run).
    ///
    /// Errors, in CPython's order: no pair (`ValueError: arg 2 must be a non-empty mapping`),
    /// a name with a NUL (`ValueError: found embedded NULL character`), "interpreter already
    /// running", and a value the target cannot build
    /// ([`ExecError::ApplyFailed`]). Nothing is bound unless every value could be built.
    ///
    /// ```
    /// use subinterp_runtime::{InterpreterConfig, Runtime, XiData};
    ///
    /// let rt = Runtime::new()?;
    /// let sub = rt.new_interpreter(InterpreterConfig::isolated())?;
    /// sub.prepare_main([("spam", XiData::from(42i64)), ("eggs", XiData::from("ham"))])?;
    /// assert_eq!(sub.exec_capture("print(repr(spam), repr(eggs))").output, "42 'ham'\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn prepare_main<'a>(
        &self,
        ns: impl IntoIterator<Item = (&'a str, XiData)>,
    ) -> Result<(), ExecError> {
        let ns: Vec<(&str, XiData)> = ns.into_iter().collect();
        if ns.is_empty() {
            return Err(ExecError::invalid(PyErr::value_error(
                "arg 2 must be a non-empty mapping",
            )));
        }
        if ns.iter().any(|(name, _)| name.contains('\0')) {
            return Err(ExecError::invalid(PyErr::value_error(
                "found embedded NULL character",
            )));
        }
        self.run(|cx| apply(cx.py(), self, &ns))?
    }

    /// The value bound to `name` in this interpreter's `__main__`, as shareable data (what a
    /// caller shares on with [`Runtime::share`]). `NameError` when unbound; a value that
    /// cannot cross gives [`ExecError::NotShareable`].
    pub fn main_attr(&self, name: &str) -> Result<XiData, ExecError> {
        self.run(|cx| {
            let main = main_module(cx.py(), self).map_err(ExecError::invalid)?;
            let value = main
                .module_dict()
                .and_then(|d| d.dict_get_str(name))
                .map_err(ExecError::invalid)?
                .ok_or_else(|| {
                    ExecError::invalid(PyErr::new(
                        &subinterp_object::exc::NAME_ERROR,
                        format!("name '{name}' is not defined"),
                    ))
                })?;
            Ok(to_xi(&value, &RtNatives)?)
        })?
    }

    /// A new queue (`interpreters.create_queue(maxsize, unbounditems=...)`) whose first
    /// handle is bound to this interpreter: items put through it belong to this interpreter
    /// for the unbound-item policy. `maxsize <= 0` is unbounded.
    ///
    /// A handle whose interpreter has ended is refused (`QueueError::InterpreterEnded`), also
    /// when the runtime was finalized and initialized again since and a new interpreter has
    /// the same id: the queue must not be attributed to that one.
    pub fn create_queue(&self, maxsize: i64, unbound: Unbound) -> Result<Queue, QueueError> {
        let queues = self.live_queues()?;
        let q = queues.create(maxsize, unbound, self.id())?;
        self.still_live(&queues, q)
    }

    /// A handle on queue `id` bound to this interpreter (`Queue(id)`), or `queue N not found`.
    /// Refused for an ended interpreter as [`create_queue`](Self::create_queue) is.
    pub fn bind_queue(&self, id: QueueId) -> Result<Queue, QueueError> {
        let queues = self.live_queues()?;
        let q = queues.bind(id, self.id())?;
        self.still_live(&queues, q)
    }

    /// The queue registry of the initialization this interpreter belongs to, while it lives:
    /// the registry's entry for its id must be this very interpreter (ids restart at each
    /// initialization).
    fn live_queues(&self) -> Result<Arc<Queues>, QueueError> {
        let reg = self.rt.reg.lock();
        let mine = reg
            .map
            .get(&self.id().get())
            .is_some_and(|s| Arc::ptr_eq(s, &self.st));
        if !mine || self.st.is_ended() {
            return Err(QueueError::InterpreterEnded(self.id()));
        }
        Ok(reg.queues.clone())
    }

    /// Hands `q` back if the interpreter still lives; if it ended meanwhile (its end may have
    /// told the registry before the handle existed), the handle is dropped and refused.
    fn still_live(&self, queues: &Arc<Queues>, q: Queue) -> Result<Queue, QueueError> {
        match self.live_queues() {
            Ok(now) if Arc::ptr_eq(&now, queues) => Ok(q),
            _ => Err(QueueError::InterpreterEnded(self.id())),
        }
    }
}

/// Builds every value in the target, then binds them all.
fn apply(py: Py<'_>, interp: &Interpreter, ns: &[(&str, XiData)]) -> Result<(), ExecError> {
    let apply_failed = |e: PyErr| {
        ExecError::ApplyFailed(Box::new(ExcSnapshot::new(
            e.type_name(),
            e.type_name(),
            e.module(),
            e.message(),
            None,
        )))
    };
    let main = main_module(py, interp).map_err(ExecError::invalid)?;
    let dict = main.module_dict().map_err(ExecError::invalid)?;
    let mut built: Vec<(Obj<'_>, Obj<'_>)> = Vec::with_capacity(ns.len());
    for (name, data) in ns {
        let key = py.str(name).map_err(apply_failed)?;
        let value = from_xi(py, data, &RtNatives).map_err(apply_failed)?;
        built.push((key, value));
    }
    for (key, value) in &built {
        dict.set_item(key, value).map_err(apply_failed)?;
    }
    Ok(())
}

impl Runtime {
    /// Binds `value` (a queue handle, or any other shareable value) as `name` in `interp`'s
    /// `__main__`: the scenario command `share NAME with INTERP [as VAR]`. A queue arrives as
    /// a `Queue` object bound to `interp`. An interpreter of another runtime is
    /// `InterpreterNotFoundError` (its ids and queues are not this runtime's).
    ///
    /// ```
    /// use subinterp_runtime::{InterpreterConfig, Runtime, Unbound, XiData};
    ///
    /// let rt = Runtime::new()?;
    /// let sub = rt.new_interpreter(InterpreterConfig::isolated())?;
    /// let q = rt.create_queue(0, Unbound::Replace)?;
    /// rt.share("q", q.clone(), &sub)?;
    /// sub.exec("q.put(('spam', 1))")?;
    /// let got = q.get_nowait()?.into_data();
    /// assert_eq!(got, Some(XiData::tuple(["spam".into(), 1i64.into()])));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn share(
        &self,
        name: &str,
        value: impl Into<XiData>,
        interp: &Interpreter,
    ) -> Result<(), ExecError> {
        // An interpreter of another runtime: its queues and ids are not this runtime's.
        if !Arc::ptr_eq(&interp.rt, &self.inner) {
            return Err(Error::NotFound(interp.id()).into());
        }
        interp.prepare_main([(name, value.into())])
    }

    /// A new queue whose first handle is bound to the main interpreter (the scenario command
    /// `queue new NAME [maxsize=N] [unbound=...]`). See [`Interpreter::create_queue`].
    pub fn create_queue(&self, maxsize: i64, unbound: Unbound) -> Result<Queue, QueueError> {
        self.queues().create(maxsize, unbound, InterpId::MAIN)
    }
}
