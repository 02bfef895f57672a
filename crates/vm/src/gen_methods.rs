//! The methods of generators, coroutines, async generators and the iterators and awaitables
//! they hand out, as `LOAD_METHOD`/`LOAD_ATTR` find them.

use subinterp_object::{Kind, Obj, PyErr, PyResult};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::generator::{GenKind, Sent, gen_of};
use crate::methods::this;

/// A table entry.
const fn def(name: &'static str, func: crate::BuiltinFn) -> BuiltinDef {
    BuiltinDef { name, func }
}

static GEN: &[BuiltinDef] = &[
    def("send", gen_send),
    def("throw", gen_throw),
    def("close", gen_close),
    def("__next__", gen_next),
    def("__iter__", same),
];

static CORO: &[BuiltinDef] = &[
    def("send", gen_send),
    def("throw", gen_throw),
    def("close", gen_close),
    def("__await__", coro_await),
];

static ASYNC_GEN: &[BuiltinDef] = &[
    def("__aiter__", same),
    def("__anext__", agen_anext),
    def("asend", agen_asend),
    def("athrow", agen_athrow),
    def("aclose", agen_aclose),
];

static ASEND: &[BuiltinDef] = &[
    def("send", asend_send),
    def("throw", asend_throw),
    def("close", asend_close),
    def("__next__", asend_next),
    def("__iter__", same),
    def("__await__", same),
];

/// The methods of `obj` if it is one of this module's objects.
pub(crate) fn table(obj: &Obj<'_>) -> Option<&'static [BuiltinDef]> {
    if obj.kind() != Kind::Native {
        return None;
    }
    if let Some(g) = gen_of(obj) {
        return Some(match g.kind {
            GenKind::Generator => GEN,
            GenKind::Coroutine => CORO,
            GenKind::AsyncGenerator => ASYNC_GEN,
        });
    }
    if crate::coro::is_wrapper(obj) {
        return Some(GEN);
    }
    crate::async_gen::is_asend(obj).then_some(ASEND)
}

/// The type name the methods of `obj` are listed under (`coroutine.send`).
pub(crate) fn owner(obj: &Obj<'_>) -> &'static str {
    if let Some(g) = gen_of(obj) {
        return match g.kind {
            GenKind::Generator => crate::GENERATOR.name(),
            GenKind::Coroutine => crate::COROUTINE.name(),
            GenKind::AsyncGenerator => crate::ASYNC_GENERATOR.name(),
        };
    }
    if crate::coro::is_wrapper(obj) {
        return crate::CORO_WRAPPER.name();
    }
    if obj.is_instance(&crate::async_gen::ATHROW) {
        return crate::async_gen::ATHROW.name();
    }
    crate::ASEND.name()
}

fn same<'py>(_: &mut Tstate<'py>, slf: Option<&Obj<'py>>, _: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    Ok(this(slf)?.clone())
}

fn gen_send<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.exactly("send", 1)?[0].clone();
    crate::generator::gen_send(ts, this(slf)?, v)
}

fn gen_next<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    crate::generator::gen_send(ts, this(slf)?, py.none())
}

/// The exception `throw(typ[, val[, tb]])` raises.
fn thrown<'py>(a: Args<'_, 'py>) -> PyResult<PyErr> {
    let a = a.between("throw", 1, 3)?;
    let e = &a[0];
    match e.kind() {
        Kind::Exception => Ok(PyErr::from_value(e)),
        Kind::Type if e.is_subclass(&subinterp_object::exc::BASE_EXCEPTION.get(e.py()))? => {
            Ok(PyErr::from_value(&e.call(&a[1..a.len().min(2)], &[])?))
        }
        _ => Err(PyErr::type_error(
            "exceptions must be classes or instances deriving from BaseException, not ".to_owned()
                + e.type_name(),
        )),
    }
}

fn gen_throw<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let err = thrown(a)?;
    crate::generator::gen_throw(ts, this(slf)?, err)
}

fn gen_close<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::generator::gen_close(ts, this(slf)?)
}

fn coro_await<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::coro::await_iter(this(slf)?)
}

fn agen_anext<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::async_gen::anext(this(slf)?)
}

fn agen_asend<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = &a.exactly("asend", 1)?[0];
    crate::async_gen::asend(this(slf)?, Some(v))
}

fn agen_athrow<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let e = thrown(a)?.value(this(slf)?.py())?;
    crate::async_gen::athrow(this(slf)?, &e)
}

fn agen_aclose<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::async_gen::aclose(this(slf)?)
}

/// A step of an awaitable as a method result: a value passed out, or `StopIteration`.
fn step<'py>(ts: &mut Tstate<'py>, r: Sent<'py>) -> PyResult<Obj<'py>> {
    match r {
        Sent::Yielded(v) => Ok(v),
        Sent::Returned(v) => Err(crate::generator::stop_iteration(ts.py(), v)?),
    }
}

fn asend_send<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.exactly("send", 1)?[0].clone();
    let r = crate::async_gen::asend_send(ts, this(slf)?, v)?;
    step(ts, r)
}

fn asend_next<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let r = crate::async_gen::asend_send(ts, this(slf)?, py.none())?;
    step(ts, r)
}

fn asend_throw<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let err = thrown(a)?;
    let r = crate::async_gen::asend_throw(ts, this(slf)?, err)?;
    step(ts, r)
}

fn asend_close<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    _: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    crate::async_gen::close(this(slf)?);
    Ok(ts.py().none())
}
