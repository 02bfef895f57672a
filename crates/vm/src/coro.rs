//! `await` and the async protocols: `GET_AWAITABLE`, `BEFORE_ASYNC_WITH`, `GET_AITER`,
//! `GET_ANEXT`, and the iterator a coroutine's `__await__()` returns (`coroutine_wrapper`).
//!
//! Every protocol goes through attribute lookup (`__await__`, `__aenter__`, `__aexit__`,
//! `__aiter__`, `__anext__`), so objects of user classes take part once classes exist;
//! coroutines and async generators are recognised first, as CPython's type slots do.

use subinterp_object::{Obj, ObjRef, PyErr, PyResult, Slots, StaticType, exc};

use crate::Tstate;
use crate::builtin::Args;
use crate::function::bind;
use crate::generator::{GenKind, gen_of};

/// The iterator of `coro.__await__()`: it resumes the coroutine.
pub struct CoroWrapper {
    coro: ObjRef,
}

/// `coroutine_wrapper`.
pub static CORO_WRAPPER: StaticType =
    StaticType::native("coroutine_wrapper", "builtins", &WRAPPER_SLOTS);
static WRAPPER_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: None,
    ..Slots::EMPTY
};

/// Whether `o` is a coroutine's `__await__()` iterator.
pub(crate) fn is_wrapper(o: &Obj<'_>) -> bool {
    o.native::<CoroWrapper>().is_some()
}

/// The coroutine behind a `coroutine_wrapper`.
pub(crate) fn wrapped<'py>(o: &Obj<'py>) -> Option<PyResult<Obj<'py>>> {
    o.native::<CoroWrapper>().map(|w| bind(&w.coro, o.py()))
}

/// `coro.__await__()`.
pub(crate) fn await_iter<'py>(coro: &Obj<'py>) -> PyResult<Obj<'py>> {
    coro.py().new_native(
        &CORO_WRAPPER,
        CoroWrapper {
            coro: coro.to_ref(),
        },
    )
}

fn is_coroutine(o: &Obj<'_>) -> bool {
    gen_of(o).is_some_and(|g| g.kind == GenKind::Coroutine)
}

impl<'py> Tstate<'py> {
    /// `_PyCoro_GetAwaitableIter`: a coroutine itself, else the iterator its `__await__()`
    /// returns. `what` is `GET_AWAITABLE`'s operand (1 after `__aenter__`, 2 after
    /// `__aexit__`), which picks CPython's text for an object without `__await__`.
    pub(crate) fn awaitable(&mut self, v: &Obj<'py>, what: u32) -> PyResult<Obj<'py>> {
        if is_coroutine(v) {
            return Ok(v.clone());
        }
        let m = match self.getattr(v, "__await__") {
            Ok(m) => m,
            Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => {
                let t = v.type_name();
                return Err(PyErr::type_error(match what {
                    1 => format!(
                        "'async with' received an object from __aenter__ that does not implement __await__: {t}"
                    ),
                    2 => format!(
                        "'async with' received an object from __aexit__ that does not implement __await__: {t}"
                    ),
                    _ => format!("object {t} can't be used in 'await' expression"),
                }));
            }
            Err(e) => return Err(e),
        };
        let it = self.call(&m, Args::positional(&[]))?;
        if is_coroutine(&it) {
            return Err(PyErr::type_error("__await__() returned a coroutine"));
        }
        if !self.is_iterator(&it)? {
            return Err(PyErr::type_error(format!(
                "__await__() returned non-iterator of type '{}'",
                it.type_name()
            )));
        }
        Ok(it)
    }

    /// `GET_AWAITABLE`: as [`Tstate::awaitable`], and a coroutine already being awaited is a
    /// `RuntimeError`.
    pub(crate) fn get_awaitable(&mut self, v: &Obj<'py>, what: u32) -> PyResult<Obj<'py>> {
        let it = self.awaitable(v, what)?;
        if let Some(g) = gen_of(&it)
            && g.kind == GenKind::Coroutine
            && g.delegating()
        {
            return Err(PyErr::new(
                &exc::RUNTIME_ERROR,
                "coroutine is being awaited already",
            ));
        }
        Ok(it)
    }

    /// Whether `it` has `__next__` (an iterator).
    pub(crate) fn is_iterator(&mut self, it: &Obj<'py>) -> PyResult<bool> {
        if it.native::<crate::iter::Iter>().is_some()
            || crate::generator::is_generator(it)
            || crate::ext::is_iterator(it)
        {
            return Ok(true);
        }
        match self.getattr(it, "__next__") {
            Ok(_) => Ok(true),
            Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// `BEFORE_ASYNC_WITH`: the bound `__aexit__` and the result of `__aenter__()`.
    pub(crate) fn before_async_with(&mut self, mgr: &Obj<'py>) -> PyResult<(Obj<'py>, Obj<'py>)> {
        let t = mgr.type_name();
        let enter = self.special(mgr, "__aenter__", || {
            format!("'{t}' object does not support the asynchronous context manager protocol")
        })?;
        let exit = self.special(mgr, "__aexit__", || {
            format!(
                "'{t}' object does not support the asynchronous context manager protocol (missed __aexit__ method)"
            )
        })?;
        let value = self.call(&enter, Args::positional(&[]))?;
        Ok((exit, value))
    }

    /// `GET_AITER`: `obj.__aiter__()`, which must have `__anext__`.
    pub(crate) fn get_aiter(&mut self, obj: &Obj<'py>) -> PyResult<Obj<'py>> {
        let t = obj.type_name();
        let m = self.special(obj, "__aiter__", || {
            format!("'async for' requires an object with __aiter__ method, got {t}")
        })?;
        let it = self.call(&m, Args::positional(&[]))?;
        let it_t = it.type_name().to_owned();
        self.special(&it, "__anext__", || {
            format!(
                "'async for' received an object from __aiter__ that does not implement __anext__: {it_t}"
            )
        })?;
        Ok(it)
    }

    /// `GET_ANEXT`: the awaitable of `aiter.__anext__()`.
    pub(crate) fn get_anext(&mut self, aiter: &Obj<'py>) -> PyResult<Obj<'py>> {
        if gen_of(aiter).is_some_and(|g| g.kind == GenKind::AsyncGenerator) {
            return crate::async_gen::anext(aiter);
        }
        let t = aiter.type_name();
        let m = self.special(aiter, "__anext__", || {
            format!("'async for' requires an iterator with __anext__ method, got {t}")
        })?;
        let next = self.call(&m, Args::positional(&[]))?;
        self.awaitable(&next, 0).map_err(|_| {
            PyErr::type_error(format!(
                "'async for' received an invalid object from __anext__: {}",
                next.type_name()
            ))
        })
    }

    /// `obj.name` for a protocol method; a missing one is a `TypeError` with `text`.
    fn special(
        &mut self,
        obj: &Obj<'py>,
        name: &str,
        text: impl FnOnce() -> String,
    ) -> PyResult<Obj<'py>> {
        match self.getattr(obj, name) {
            Ok(m) => Ok(m),
            Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => Err(PyErr::type_error(text())),
            Err(e) => Err(e),
        }
    }
}

impl<'py> Tstate<'py> {
    /// `GET_YIELD_FROM_ITER`: generators and coroutines pass unchanged (a coroutine only
    /// into coroutine code), anything else gets `iter()`.
    pub(crate) fn yield_from_iter(
        &mut self,
        v: &Obj<'py>,
        code: &subinterp_compile::Code,
    ) -> PyResult<Obj<'py>> {
        use subinterp_compile::CodeFlags;
        if is_coroutine(v) {
            if code.flags.0 & CodeFlags::COROUTINE == 0 {
                return Err(PyErr::type_error(
                    "cannot 'yield from' a coroutine object in a non-coroutine generator",
                ));
            }
            return Ok(v.clone());
        }
        if crate::generator::is_generator(v) {
            return Ok(v.clone());
        }
        self.iter(v)
    }
}
