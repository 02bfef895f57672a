//! Calling a native function in another interpreter with shareable arguments
//! (`Interpreter.call(callable, *args, **kwargs)` of 3.14, and `call_in_thread`): the
//! arguments are rebuilt in the target, the function runs there with its token, and its
//! result crosses back as [`XiData`]. An exception inside comes back as
//! [`ExecError::Failed`]; a result that cannot cross as [`ExecError::NotShareable`].

use std::thread::JoinHandle;

use subinterp_object::{Obj, PyErr, PyResult};
use subinterp_vm::{Args, BuiltinDef};
use subinterp_xi::{ExcSnapshot, XiData, from_xi, to_xi};

use crate::exec::{ExecError, failed, snapshot_of};
use crate::modules::interpreters::RtNatives;
use crate::{Error, Interpreter, Panic, Run};

/// The snapshot of an exception raised by native function `name`.
fn call_snapshot(e: &PyErr, name: &str) -> ExcSnapshot {
    let display = format!(
        "Traceback (most recent call last):\n  File \"<native>\", in {name}\n{}",
        e.traceback_line()
    );
    snapshot_of(e, Some(display))
}

/// Runs `f(*args, **kwargs)` in the run `cx`, on a thread state of its interpreter:
/// arguments built there, the result converted back to shareable data there.
pub(crate) fn call_in(
    cx: &mut Run<'_>,
    f: &'static BuiltinDef,
    args: &[XiData],
    kwargs: &[(&str, XiData)],
) -> Result<XiData, ExecError> {
    let py = cx.py();
    let raised = |e: PyErr| failed(call_snapshot(&e, f.name));
    let args: PyResult<Vec<Obj<'_>>> = args.iter().map(|a| from_xi(py, a, &RtNatives)).collect();
    let args = args.map_err(raised)?;
    let mut kw = Vec::with_capacity(kwargs.len());
    for (k, v) in kwargs {
        kw.push((
            py.str(k).map_err(raised)?,
            from_xi(py, v, &RtNatives).map_err(raised)?,
        ));
    }
    let result = crate::host::with_tstate(cx, |ts| {
        (f.func)(
            ts,
            None,
            Args {
                pos: &args,
                kw: &kw,
            },
        )
    })
    .and_then(|r| r)
    .map_err(raised)?;
    Ok(to_xi(&result, &RtNatives)?)
}

impl Interpreter {
    /// Calls native function `f` in this interpreter with `args`, rebuilt there, and returns
    /// its result as shareable data (`Interpreter.call(f, *args)`). Claims `__main__` like
    /// [`run`](Self::run) ("interpreter already running" otherwise).
    ///
    /// ```
    /// use subinterp_runtime::{Args, BuiltinDef, InterpreterConfig, Obj, PyResult, Runtime, Tstate, XiData};
    ///
    /// fn add<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, args: Args<'_, 'py>)
    ///     -> PyResult<Obj<'py>> {
    ///     ts.py().int(args.pos.iter().filter_map(|a| a.as_i64()).sum())
    /// }
    /// static ADD: BuiltinDef = BuiltinDef { name: "add", func: add };
    ///
    /// let rt = Runtime::new()?;
    /// let sub = rt.new_interpreter(InterpreterConfig::isolated())?;
    /// assert_eq!(sub.call(&ADD, &[XiData::Int(40), XiData::Int(2)])?, XiData::Int(42));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn call(&self, f: &'static BuiltinDef, args: &[XiData]) -> Result<XiData, ExecError> {
        self.call_kw(f, args, &[])
    }

    /// As [`call`](Self::call), with keyword arguments.
    pub fn call_kw(
        &self,
        f: &'static BuiltinDef,
        args: &[XiData],
        kwargs: &[(&str, XiData)],
    ) -> Result<XiData, ExecError> {
        self.run(|cx| call_in(cx, f, args, kwargs))?
    }

    /// Runs `f` with a thread state of this interpreter (the eval loop's context, what native
    /// functions take) in its run `cx`: for Rust code in a [`run`](Self::run) that calls
    /// native functions or Python callables. `SystemError` when `cx` is a run of another
    /// interpreter.
    pub fn with_tstate<'py, R>(
        &self,
        cx: &mut Run<'py>,
        f: impl FnOnce(&mut subinterp_vm::Tstate<'py>) -> R,
    ) -> PyResult<R> {
        if cx.interpreter() != self {
            return Err(PyErr::new(
                &subinterp_object::exc::SYSTEM_ERROR,
                format!(
                    "a run of interpreter {} used for interpreter {}",
                    cx.interpreter().id(),
                    self.id()
                ),
            ));
        }
        crate::host::with_tstate(cx, f)
    }

    /// Calls `f` from a new OS thread (`Interpreter.call_in_thread(f, *args)`) and returns at
    /// once; [`CallHandle::join`] gives the result.
    pub fn call_in_thread(
        &self,
        f: &'static BuiltinDef,
        args: Vec<XiData>,
    ) -> Result<CallHandle, ExecError> {
        let me = self.clone();
        let thread = std::thread::Builder::new()
            .name(format!("call-{}-{}", self.id(), f.name))
            .spawn(move || me.call(f, &args))
            .map_err(|e| ExecError::Interp(Error::ThreadStart(e)))?;
        Ok(CallHandle {
            thread,
            interp: self.id(),
        })
    }
}

/// The thread of an [`Interpreter::call_in_thread`].
#[derive(Debug)]
pub struct CallHandle {
    thread: JoinHandle<Result<XiData, ExecError>>,
    interp: subinterp_object::InterpId,
}

impl CallHandle {
    /// Waits for the call and returns its result.
    pub fn join(self) -> Result<XiData, ExecError> {
        match self.thread.join() {
            Ok(r) => r,
            // `run` catches the function's panics; this is a panic of the thread itself.
            Err(p) => Err(ExecError::Interp(Error::Panicked(Panic::new(
                self.interp,
                p,
            )))),
        }
    }

    /// Whether the call has returned.
    pub fn is_finished(&self) -> bool {
        self.thread.is_finished()
    }
}
