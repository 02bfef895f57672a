//! Generators: calling a generator function makes a generator object that owns its frame;
//! `next`/`send` resume the frame as the entry frame of a new activation of the loop (a
//! counted native re-entry) until it yields or returns. Between resumes the frame's
//! references are unbound, so a generator outlives the thread state that made it.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use subinterp_object::{Obj, Py, PyErr, PyResult, Slots, StaticType, exc};

use crate::Tstate;
use crate::eval::Outcome;
use crate::frame::{Frame, FrozenFrame};
use crate::function::Function;

/// A generator object's state.
pub struct Generator {
    frame: RefCell<Option<FrozenFrame>>,
    running: Cell<bool>,
    started: Cell<bool>,
    name: Arc<str>,
    qualname: Arc<str>,
}

/// `generator`.
pub static GENERATOR: StaticType = StaticType::native("generator", "builtins", &GEN_SLOTS);
static GEN_SLOTS: Slots = Slots {
    methods: &[],
    getattr: Some(|g, name| {
        let genr = g.native::<Generator>()?;
        let py = g.py();
        Some(match name {
            "__name__" => py.str(&genr.name),
            "__qualname__" => py.str(&genr.qualname),
            "gi_running" => Ok(py.bool(genr.running.get())),
            _ => return None,
        })
    }),
    repr: Some(|g| {
        let q = g
            .native::<Generator>()
            .map_or_else(|| Arc::from("?"), |x| x.qualname.clone());
        Ok(format!("<generator object {q} at {:#x}>", g.id()))
    }),
};

/// What a resumed generator did.
pub(crate) enum Sent<'py> {
    /// It yielded this value.
    Yielded(Obj<'py>),
    /// It returned this value (`StopIteration.value`).
    Returned(Obj<'py>),
}

/// Whether `o` is a generator object.
pub(crate) fn is_generator(o: &Obj<'_>) -> bool {
    o.native::<Generator>().is_some()
}

/// The generator object for a call of generator function `func` whose frame is `frame`.
pub(crate) fn new_generator<'py>(
    ts: &mut Tstate<'py>,
    frame: Frame<'py>,
    func: &Function,
) -> PyResult<Obj<'py>> {
    ts.py().new_native(
        &GENERATOR,
        Generator {
            frame: RefCell::new(Some(frame.freeze())),
            running: Cell::new(false),
            started: Cell::new(false),
            name: func.name.borrow().clone(),
            qualname: func.qualname.borrow().clone(),
        },
    )
}

/// `next(gen)`: `None` when it returned.
pub(crate) fn gen_next<'py>(ts: &mut Tstate<'py>, g: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
    match resume(ts, g, None, None)? {
        Sent::Yielded(v) => Ok(Some(v)),
        Sent::Returned(_) => Ok(None),
    }
}

/// `StopIteration(value)` (a bare `StopIteration` for `None`).
pub(crate) fn stop_iteration<'py>(py: Py<'py>, value: Obj<'py>) -> PyResult<PyErr> {
    let ty = exc::STOP_ITERATION.get(py);
    let args = if value.is_none() { vec![] } else { vec![value] };
    Ok(PyErr::from_value(&py.new_exception(&ty, &args)?))
}

/// `StopIteration.value`: its first argument, or `None`.
pub(crate) fn stop_value<'py>(e: &Obj<'py>) -> PyResult<Obj<'py>> {
    let args = e.getattr("args")?;
    Ok(args.seq_get(0).unwrap_or_else(|| e.py().none()))
}

impl<'py> Tstate<'py> {
    /// `receiver.send(value)` for `SEND` (`yield from`): generators are resumed; other
    /// iterators get `next()` for `None`.
    pub(crate) fn send(&mut self, receiver: &Obj<'py>, value: Obj<'py>) -> PyResult<Sent<'py>> {
        if is_generator(receiver) {
            return resume(self, receiver, Some(value), None);
        }
        if !value.is_none() {
            return Err(PyErr::new(
                &exc::ATTRIBUTE_ERROR,
                format!("'{}' object has no attribute 'send'", receiver.type_name()),
            ));
        }
        match self.next(receiver)? {
            Some(v) => Ok(Sent::Yielded(v)),
            None => Ok(Sent::Returned(self.py().none())),
        }
    }
}

/// Resumes `g` with `value` sent in (or `throw` raised at its `yield`).
pub(crate) fn resume<'py>(
    ts: &mut Tstate<'py>,
    g: &Obj<'py>,
    value: Option<Obj<'py>>,
    throw: Option<PyErr>,
) -> PyResult<Sent<'py>> {
    let py = ts.py();
    let genr = g
        .native::<Generator>()
        .ok_or_else(|| PyErr::type_error("expected a generator"))?;
    if genr.running.get() {
        return Err(PyErr::value_error("generator already executing"));
    }
    let Some(frozen) = genr.frame.borrow_mut().take() else {
        return match throw {
            Some(e) => Err(e),
            None => Ok(Sent::Returned(py.none())),
        };
    };
    let value = value.unwrap_or_else(|| py.none());
    if !genr.started.get() && !value.is_none() && throw.is_none() {
        *genr.frame.borrow_mut() = Some(frozen);
        return Err(PyErr::type_error(
            "can't send non-None value to a just-started generator",
        ));
    }
    let objs = ts.consts.get(py, &frozen.code, &ts.ellipsis)?;
    let mut frame = frozen.thaw(py, objs)?;
    if genr.started.get() && throw.is_none() {
        // The value of the `yield` expression the frame is suspended at.
        frame.push(value);
    }
    genr.started.set(true);
    genr.running.set(true);
    frame.generator = Some(g.clone());
    ts.native_depth += 1;
    let r = stacker::maybe_grow(crate::tstate::RED_ZONE, crate::tstate::SEGMENT, || {
        ts.eval(frame, throw)
    });
    ts.native_depth -= 1;
    genr.running.set(false);
    match r {
        Ok(Outcome::Yield(v, mut frame)) => {
            frame.generator = None;
            *genr.frame.borrow_mut() = Some(frame.freeze());
            Ok(Sent::Yielded(v))
        }
        Ok(Outcome::Return(v)) => Ok(Sent::Returned(v)),
        Err(e) if e.is(&exc::STOP_ITERATION) => {
            // PEP 479: a StopIteration leaving a generator becomes a RuntimeError.
            let cause = e.value(py)?;
            let re = py.new_exception(
                &exc::RUNTIME_ERROR.get(py),
                &[py.str("generator raised StopIteration")?],
            )?;
            re.set_exc_cause(Some(&cause));
            re.set_exc_context(Some(&cause));
            Err(PyErr::from_value(&re))
        }
        Err(e) => Err(e),
    }
}

/// `genr.send(value)`.
pub(crate) fn gen_send<'py>(
    ts: &mut Tstate<'py>,
    g: &Obj<'py>,
    value: Obj<'py>,
) -> PyResult<Obj<'py>> {
    match resume(ts, g, Some(value), None)? {
        Sent::Yielded(v) => Ok(v),
        Sent::Returned(v) => Err(stop_iteration(ts.py(), v)?),
    }
}

/// `genr.throw(exc)`.
pub(crate) fn gen_throw<'py>(ts: &mut Tstate<'py>, g: &Obj<'py>, e: PyErr) -> PyResult<Obj<'py>> {
    match resume(ts, g, None, Some(e))? {
        Sent::Yielded(v) => Ok(v),
        Sent::Returned(v) => Err(stop_iteration(ts.py(), v)?),
    }
}

/// `genr.close()`: `GeneratorExit` raised at the `yield`; a generator that yields again is a
/// `RuntimeError`.
pub(crate) fn gen_close<'py>(ts: &mut Tstate<'py>, g: &Obj<'py>) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let started = g.native::<Generator>().is_some_and(|x| x.started.get());
    if !started {
        if let Some(genr) = g.native::<Generator>() {
            genr.frame.borrow_mut().take();
        }
        return Ok(py.none());
    }
    let e = PyErr::new(&exc::GENERATOR_EXIT, "");
    match resume(ts, g, None, Some(e)) {
        Ok(Sent::Yielded(_)) => Err(PyErr::new(
            &exc::RUNTIME_ERROR,
            "generator ignored GeneratorExit",
        )),
        Ok(Sent::Returned(_)) => Ok(py.none()),
        Err(e) if e.is(&exc::GENERATOR_EXIT) || e.is(&exc::STOP_ITERATION) => Ok(py.none()),
        Err(e) => Err(e),
    }
}
