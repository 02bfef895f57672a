//! Async generators (`async def` with `yield`) and the awaitable their `__anext__()` and
//! `asend()` return (`async_generator_asend`).
//!
//! The frame of an async generator yields for two reasons: a plain `yield` gives the next
//! value of the `async for`, a `yield` inside an `await` (the `YIELD_VALUE` of a `SEND` loop)
//! passes a value out to whoever drives the coroutine. CPython wraps the first kind in the
//! frame (`ASYNC_GEN_WRAP`); here the suspension point tells them apart. The awaitable ends
//! with `StopIteration(value)` for a plain `yield`, passes the other kind through, and turns
//! the generator's end into `StopAsyncIteration`. `athrow(exc)` and `aclose()` make the same
//! kind of awaitable (`async_generator_athrow`) that first raises `exc` (`GeneratorExit`) at
//! the generator's `yield`; for `aclose` a value yielded back is a `RuntimeError` and the
//! generator's end is the awaitable's.

use std::cell::{Cell, RefCell};

use subinterp_object::{Obj, ObjRef, PyErr, PyResult, Slots, StaticType, exc};

use crate::Tstate;
use crate::function::bind;
use crate::generator::{Generator, Sent, gen_of};

/// `async_generator`.
pub static ASYNC_GENERATOR: StaticType =
    StaticType::native("async_generator", "builtins", &AG_SLOTS);
static AG_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(crate::generator::gen_getattr),
    repr: Some(crate::generator::gen_repr),
    traverse: Some(crate::generator::gen_traverse),
    weakref: true,
    ..Slots::EMPTY
};

/// What an awaitable does first.
enum Mode {
    /// `asend(value)`, `__anext__()`: sends the value.
    Send,
    /// `athrow(exc)`: raises `exc` at the `yield`.
    Throw(ObjRef),
    /// `aclose()`: raises `GeneratorExit` at the `yield`.
    Close,
}

/// The awaitable of one `__anext__()`, `asend(value)`, `athrow(exc)` or `aclose()`.
pub struct ASend {
    agen: ObjRef,
    mode: Mode,
    /// The value to send first (`None` for `__anext__`).
    value: RefCell<Option<ObjRef>>,
    /// Sent into already (the first send takes `value`).
    started: Cell<bool>,
    /// Done: awaiting it again is an error.
    closed: Cell<bool>,
}

/// `async_generator_asend`.
pub static ASEND: StaticType =
    StaticType::native("async_generator_asend", "builtins", &ASEND_SLOTS);
static ASEND_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: None,
    ..Slots::EMPTY
};

/// `async_generator_athrow` (what `athrow` and `aclose` return).
pub static ATHROW: StaticType =
    StaticType::native("async_generator_athrow", "builtins", &ASEND_SLOTS);

/// Whether `o` is an `async_generator_asend` or `async_generator_athrow`.
pub(crate) fn is_asend(o: &Obj<'_>) -> bool {
    o.native::<ASend>().is_some()
}

/// `agen.__anext__()`.
pub(crate) fn anext<'py>(agen: &Obj<'py>) -> PyResult<Obj<'py>> {
    asend(agen, None)
}

/// `agen.asend(value)`.
pub(crate) fn asend<'py>(agen: &Obj<'py>, value: Option<&Obj<'py>>) -> PyResult<Obj<'py>> {
    awaitable(agen, Mode::Send, value)
}

/// `agen.athrow(exc)`.
pub(crate) fn athrow<'py>(agen: &Obj<'py>, e: &Obj<'py>) -> PyResult<Obj<'py>> {
    awaitable(agen, Mode::Throw(e.to_ref()), None)
}

/// `agen.aclose()`.
pub(crate) fn aclose<'py>(agen: &Obj<'py>) -> PyResult<Obj<'py>> {
    awaitable(agen, Mode::Close, None)
}

fn awaitable<'py>(agen: &Obj<'py>, mode: Mode, value: Option<&Obj<'py>>) -> PyResult<Obj<'py>> {
    let ty = match mode {
        Mode::Send => &ASEND,
        Mode::Throw(_) | Mode::Close => &ATHROW,
    };
    agen.py().new_native(
        ty,
        ASend {
            agen: agen.to_ref(),
            mode,
            value: RefCell::new(value.map(Obj::to_ref)),
            started: Cell::new(false),
            closed: Cell::new(false),
        },
    )
}

fn state<'a>(a: &'a Obj<'_>) -> PyResult<&'a ASend> {
    let st = a
        .native::<ASend>()
        .ok_or_else(|| PyErr::type_error("expected an async_generator_asend"))?;
    if st.closed.get() {
        let what = match st.mode {
            Mode::Send => "__anext__()/asend()",
            Mode::Throw(_) | Mode::Close => "aclose()/athrow()",
        };
        return Err(PyErr::new(
            &exc::RUNTIME_ERROR,
            format!("cannot reuse already awaited {what}"),
        ));
    }
    Ok(st)
}

/// `asend.send(value)`: resumes the async generator.
pub(crate) fn asend_send<'py>(
    ts: &mut Tstate<'py>,
    a: &Obj<'py>,
    value: Obj<'py>,
) -> PyResult<Sent<'py>> {
    let py = ts.py();
    let st = state(a)?;
    let agen = bind(&st.agen, py)?;
    let first = !st.started.replace(true);
    let r = match &st.mode {
        Mode::Throw(_) if first && gen_of(&agen).is_some_and(Generator::finished) => {
            // Nothing left to raise into: the awaitable ends at once.
            st.closed.set(true);
            return Ok(Sent::Returned(py.none()));
        }
        Mode::Throw(e) if first => {
            let e = bind(e, py)?;
            crate::generator::throw(ts, &agen, PyErr::from_value(&e))
        }
        Mode::Close if first => {
            let g = gen_of(&agen);
            if g.is_some_and(|g| !g.started() || g.finished()) {
                // Nothing to close: the generator is marked done without running.
                crate::generator::gen_close(ts, &agen)?;
                st.closed.set(true);
                return Ok(Sent::Returned(py.none()));
            }
            crate::generator::throw(ts, &agen, PyErr::new(&exc::GENERATOR_EXIT, ""))
        }
        _ => {
            let mut value = value;
            if first
                && value.is_none()
                && let Some(v) = st.value.borrow_mut().take()
            {
                value = bind(&v, py)?;
            }
            crate::generator::resume(ts, &agen, Some(value), None)
        }
    };
    outcome(py, st, &agen, r)
}

/// `asend.throw(exc)`: raised in the async generator.
pub(crate) fn asend_throw<'py>(
    ts: &mut Tstate<'py>,
    a: &Obj<'py>,
    e: PyErr,
) -> PyResult<Sent<'py>> {
    let py = ts.py();
    let st = state(a)?;
    let agen = bind(&st.agen, py)?;
    st.started.set(true);
    let r = crate::generator::throw(ts, &agen, e);
    outcome(py, st, &agen, r)
}

/// What the awaitable does with what the generator did.
fn outcome<'py>(
    py: subinterp_object::Py<'py>,
    st: &ASend,
    agen: &Obj<'py>,
    r: PyResult<Sent<'py>>,
) -> PyResult<Sent<'py>> {
    let passing_through = gen_of(agen).is_some_and(Generator::delegating);
    if matches!(st.mode, Mode::Close) {
        return match r {
            Ok(Sent::Yielded(v)) if passing_through => Ok(Sent::Yielded(v)),
            Ok(Sent::Yielded(_)) => {
                st.closed.set(true);
                Err(PyErr::new(
                    &exc::RUNTIME_ERROR,
                    "async generator ignored GeneratorExit",
                ))
            }
            Ok(Sent::Returned(_)) => {
                st.closed.set(true);
                Ok(Sent::Returned(py.none()))
            }
            Err(e) if e.is(&exc::GENERATOR_EXIT) || e.is(&exc::STOP_ASYNC_ITERATION) => {
                st.closed.set(true);
                Ok(Sent::Returned(py.none()))
            }
            Err(e) => {
                st.closed.set(true);
                Err(e)
            }
        };
    }
    match r {
        Ok(Sent::Yielded(v)) if passing_through => Ok(Sent::Yielded(v)),
        Ok(Sent::Yielded(v)) => {
            st.closed.set(true);
            Ok(Sent::Returned(v))
        }
        Ok(Sent::Returned(_)) => {
            st.closed.set(true);
            Err(PyErr::new(&exc::STOP_ASYNC_ITERATION, ""))
        }
        Err(e) => {
            st.closed.set(true);
            Err(e)
        }
    }
}

/// `asend.close()`: the awaitable is done (the generator is left as it is).
pub(crate) fn close(a: &Obj<'_>) {
    if let Some(st) = a.native::<ASend>() {
        st.closed.set(true);
    }
}
