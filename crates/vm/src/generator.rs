//! Generators and coroutines: calling a generator (or `async def`) function makes an object
//! that owns its frame; `next`/`send`/`throw` resume the frame as the entry frame of a new
//! activation of the loop (a counted native re-entry) until it yields or returns. Between
//! resumes the frame's references are unbound, so a generator outlives the thread state that
//! made it.
//!
//! A generator keeps its own handled exception (CPython's `gi_exc_state`): resuming it
//! pushes that state on the thread's, suspending it takes it back, so an exception being
//! handled across a `yield` is the generator's, not its caller's. `throw` and `close` are
//! delegated to the iterator a `yield from` (or `await`) is running, as CPython's
//! `_gen_throw` does. A generator dropped while suspended is closed ([`crate::gen_drop`]).

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use subinterp_object::{Obj, ObjRef, Py, PyErr, PyResult, Slots, StaticType, Visit, exc};

use crate::Tstate;
use crate::builtin::Args;
use crate::eval::Outcome;
use crate::frame::{Frame, FrozenFrame};
use crate::function::{Function, bind};
use crate::gen_drop::Dropped;

/// Which kind of generator-like object a frame runs in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum GenKind {
    /// `def` with `yield`.
    Generator,
    /// `async def`.
    Coroutine,
    /// `async def` with `yield`.
    AsyncGenerator,
}

impl GenKind {
    /// The word CPython's messages use (`generator already executing`).
    pub(crate) fn word(self) -> &'static str {
        match self {
            GenKind::Generator => "generator",
            GenKind::Coroutine => "coroutine",
            GenKind::AsyncGenerator => "async generator",
        }
    }

    fn ty(self) -> &'static StaticType {
        match self {
            GenKind::Generator => &GENERATOR,
            GenKind::Coroutine => &COROUTINE,
            GenKind::AsyncGenerator => &crate::async_gen::ASYNC_GENERATOR,
        }
    }
}

/// A generator, coroutine or async generator object's state.
pub struct Generator {
    frame: RefCell<Option<FrozenFrame>>,
    running: Cell<bool>,
    started: Cell<bool>,
    /// The exception the suspended frame is handling (`sys.exc_info()` inside it).
    exc_state: RefCell<Option<ObjRef>>,
    pub(crate) kind: GenKind,
    name: Arc<str>,
    qualname: Arc<str>,
    /// Where the frame goes if the object dies suspended (see [`crate::gen_drop`]).
    dropped: Arc<Dropped>,
}

/// The collector's view of a generator, coroutine or async generator: its suspended frame
/// and handled exception (a running frame's references belong to the thread state). No
/// `clear`: a generator in a garbage cycle is freed when the cycle breaks elsewhere, and its
/// frame is then closed as any dropped generator's (`gen_drop.rs`).
pub(crate) fn gen_traverse(g: &Obj<'_>, v: &mut Visit<'_>) {
    let Some(gen_) = g.native::<Generator>() else {
        return;
    };
    if let Ok(frame) = gen_.frame.try_borrow()
        && let Some(f) = frame.as_ref()
    {
        f.traverse(v);
    }
    if let Ok(e) = gen_.exc_state.try_borrow() {
        v.opt_ref(e.as_ref());
    }
}

impl Drop for Generator {
    fn drop(&mut self) {
        if !self.started.get() {
            return;
        }
        if let Some(frame) = self.frame.get_mut().take() {
            self.dropped.push(crate::gen_drop::Unfinished {
                frame,
                exc_state: self.exc_state.get_mut().take(),
                kind: self.kind,
                name: self.name.clone(),
                qualname: self.qualname.clone(),
            });
        }
    }
}

/// `generator`.
pub static GENERATOR: StaticType = StaticType::native("generator", "builtins", &GEN_SLOTS);
static GEN_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(gen_getattr),
    repr: Some(gen_repr),
    traverse: Some(gen_traverse),
    weakref: true,
    ..Slots::EMPTY
};

/// `coroutine`.
pub static COROUTINE: StaticType = StaticType::native("coroutine", "builtins", &CORO_SLOTS);
static CORO_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(gen_getattr),
    repr: Some(gen_repr),
    traverse: Some(gen_traverse),
    weakref: true,
    ..Slots::EMPTY
};

pub(crate) fn gen_getattr<'py>(g: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let genr = g.native::<Generator>()?;
    let py = g.py();
    // `gi_running` of a generator is `cr_running` of a coroutine, `ag_running` of an async
    // generator.
    let prefix = match genr.kind {
        GenKind::Generator => "gi_",
        GenKind::Coroutine => "cr_",
        GenKind::AsyncGenerator => "ag_",
    };
    if name == "__name__" {
        return Some(py.str(&genr.name));
    }
    if name == "__qualname__" {
        return Some(py.str(&genr.qualname));
    }
    let field = name.strip_prefix(prefix)?;
    Some(match field {
        "running" => Ok(py.bool(genr.running.get())),
        "suspended" => Ok(py.bool(genr.suspended())),
        "yieldfrom" | "await" if (field == "await") == (genr.kind != GenKind::Generator) => {
            Ok(genr.yield_from(py).unwrap_or_else(|| py.none()))
        }
        _ => return None,
    })
}

pub(crate) fn gen_repr(g: &Obj<'_>) -> PyResult<String> {
    let (word, q) = g.native::<Generator>().map_or_else(
        || ("generator", Arc::from("?")),
        |x| (x.kind.ty().name(), x.qualname.clone()),
    );
    Ok(format!("<{word} object {q} at {:#x}>", g.id()))
}

impl Generator {
    /// Suspended at a `yield` (started, not finished, not running).
    fn suspended(&self) -> bool {
        self.started.get() && !self.running.get() && self.frame.borrow().is_some()
    }

    /// The iterator the suspended frame is delegating to (`gi_yieldfrom`, `cr_await`).
    fn yield_from<'py>(&self, py: Py<'py>) -> Option<Obj<'py>> {
        if self.running.get() {
            return None;
        }
        self.frame.borrow().as_ref()?.yield_from(py)
    }

    /// Whether the frame has started running.
    pub(crate) fn started(&self) -> bool {
        self.started.get()
    }

    /// Whether the frame has run to its end (or was closed).
    pub(crate) fn finished(&self) -> bool {
        self.frame.borrow().is_none()
    }

    /// Whether the suspended frame is in a `yield from` or `await` (not at a plain `yield`).
    pub(crate) fn delegating(&self) -> bool {
        self.frame
            .borrow()
            .as_ref()
            .is_some_and(FrozenFrame::delegating)
    }
}

/// What a resumed generator did.
pub(crate) enum Sent<'py> {
    /// It yielded this value.
    Yielded(Obj<'py>),
    /// It returned this value (`StopIteration.value`).
    Returned(Obj<'py>),
}

/// The state of any generator-like object (generator, coroutine, async generator).
pub(crate) fn gen_of<'a>(o: &'a Obj<'_>) -> Option<&'a Generator> {
    o.native::<Generator>()
}

/// Whether `o` iterates as a generator does: a generator, or the iterator a coroutine's
/// `__await__` returns.
pub(crate) fn is_generator(o: &Obj<'_>) -> bool {
    gen_of(o).is_some_and(|g| g.kind == GenKind::Generator) || crate::coro::is_wrapper(o)
}

/// The generator object for a call of generator function `func` whose frame is `frame`.
pub(crate) fn new_generator<'py>(
    ts: &mut Tstate<'py>,
    frame: Frame<'py>,
    func: &Function,
) -> PyResult<Obj<'py>> {
    use subinterp_compile::CodeFlags;
    let flags = frame.code.flags.0;
    let kind = if flags & CodeFlags::COROUTINE != 0 {
        GenKind::Coroutine
    } else if flags & CodeFlags::ASYNC_GENERATOR != 0 {
        GenKind::AsyncGenerator
    } else {
        GenKind::Generator
    };
    let name = func.name.borrow().clone();
    let qualname = func.qualname.borrow().clone();
    revive(ts, frame.freeze(), None, kind, name, qualname, false)
}

/// A generator object of `kind` over `frame` (`started`: suspended at a `yield`).
pub(crate) fn revive<'py>(
    ts: &mut Tstate<'py>,
    frame: FrozenFrame,
    exc_state: Option<ObjRef>,
    kind: GenKind,
    name: Arc<str>,
    qualname: Arc<str>,
    started: bool,
) -> PyResult<Obj<'py>> {
    ts.py().new_native(
        kind.ty(),
        Generator {
            frame: RefCell::new(Some(frame)),
            running: Cell::new(false),
            started: Cell::new(started),
            exc_state: RefCell::new(exc_state),
            kind,
            name,
            qualname,
            dropped: ts.dropped.clone(),
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
    /// The exception being handled (`sys.exc_info()[1]`): the running frame's, else the
    /// nearest one's below it (a generator handling nothing sees its caller's).
    pub fn exc_info(&self) -> Option<Obj<'py>> {
        self.handled
            .clone()
            .or_else(|| self.exc_stack.iter().rev().find_map(Clone::clone))
    }

    /// `receiver.send(value)` for `SEND` (`yield from`, `await`): generators and coroutines
    /// are resumed; other iterators get `__next__()` for `None`, `send(value)` otherwise
    /// (a `StopIteration` from either is their return).
    pub(crate) fn send(&mut self, receiver: &Obj<'py>, value: Obj<'py>) -> PyResult<Sent<'py>> {
        if gen_of(receiver).is_some() || crate::coro::is_wrapper(receiver) {
            return resume(self, receiver, Some(value), None);
        }
        if crate::async_gen::is_asend(receiver) {
            return crate::async_gen::asend_send(self, receiver, value);
        }
        let builtin_iter = receiver.native::<crate::iter::Iter>().is_some()
            || is_generator(receiver)
            || crate::ext::is_iterator(receiver);
        let r = if value.is_none() && builtin_iter {
            match self.next(receiver) {
                Ok(Some(v)) => Ok(v),
                Ok(None) => return Ok(Sent::Returned(self.py().none())),
                Err(e) => Err(e),
            }
        } else if value.is_none() {
            let m = self.getattr(receiver, "__next__")?;
            self.call(&m, Args::positional(&[]))
        } else {
            let m = self.getattr(receiver, "send")?;
            self.call(&m, Args::positional(&[value]))
        };
        match r {
            Ok(v) => Ok(Sent::Yielded(v)),
            Err(e) if e.is(&exc::STOP_ITERATION) => {
                Ok(Sent::Returned(stop_value(&e.value(self.py())?)?))
            }
            Err(e) => Err(e),
        }
    }
}

/// The generator object behind `g` (a coroutine's `__await__` iterator stands for its
/// coroutine).
fn target<'py>(g: &Obj<'py>) -> PyResult<Obj<'py>> {
    if let Some(c) = crate::coro::wrapped(g) {
        return c;
    }
    if gen_of(g).is_some() {
        return Ok(g.clone());
    }
    Err(PyErr::type_error("expected a generator"))
}

/// Resumes `g` with `value` sent in (or `throw` raised at its `yield`, without delegating).
pub(crate) fn resume<'py>(
    ts: &mut Tstate<'py>,
    g: &Obj<'py>,
    value: Option<Obj<'py>>,
    throw: Option<PyErr>,
) -> PyResult<Sent<'py>> {
    let g = &target(g)?;
    let py = ts.py();
    let genr = gen_of(g).ok_or_else(|| PyErr::type_error("expected a generator"))?;
    if genr.running.get() {
        return Err(PyErr::value_error(format!(
            "{} already executing",
            genr.kind.word()
        )));
    }
    let closing = throw.as_ref().is_some_and(|e| e.is(&exc::GENERATOR_EXIT));
    let Some(frozen) = genr.frame.borrow_mut().take() else {
        if genr.kind == GenKind::Coroutine && !closing {
            return Err(PyErr::new(
                &exc::RUNTIME_ERROR,
                "cannot reuse already awaited coroutine",
            ));
        }
        return match throw {
            Some(e) => Err(e),
            None => Ok(Sent::Returned(py.none())),
        };
    };
    let value = value.unwrap_or_else(|| py.none());
    if !genr.started.get() && !value.is_none() && throw.is_none() {
        *genr.frame.borrow_mut() = Some(frozen);
        return Err(PyErr::type_error(format!(
            "can't send non-None value to a just-started {}",
            genr.kind.word()
        )));
    }
    // A resume is a check point of the eval breaker (CPython's `RESUME`); what it raises
    // is raised in the generator, as there.
    let throw = match ts.check_breaker() {
        Ok(()) => throw,
        Err(e) => Some(e),
    };
    let objs = ts.consts.get(py, &frozen.code, &ts.ellipsis)?;
    let mut frame = frozen.thaw(py, objs)?;
    if let Some(e) = throw.as_ref().filter(|_| !genr.started.get()) {
        // Thrown into a frame that never ran: raised where it would start, outside every
        // `try` of its body (CPython's prologue), and the generator is finished.
        genr.started.set(true);
        let exc = e.value(py)?;
        crate::traceback::add_entry(&exc, &frame)?;
        return Err(PyErr::from_value(&exc));
    }
    if genr.started.get() {
        // The value of the `yield` expression the frame is suspended at (`None` under a
        // throw, as CPython's `gen_send_ex2` pushes: `CLEANUP_THROW` finds it below the
        // exception).
        frame.push(value);
    }
    genr.started.set(true);
    genr.running.set(true);
    frame.generator = Some(g.clone());
    // The generator's own handled exception goes on top of the thread's while it runs.
    let own = genr
        .exc_state
        .borrow_mut()
        .take()
        .map(|e| bind(&e, py))
        .transpose()?;
    let outer = std::mem::replace(&mut ts.handled, own);
    ts.exc_stack.push(outer);
    ts.native_depth += 1;
    let r = stacker::maybe_grow(crate::tstate::RED_ZONE, crate::tstate::SEGMENT, || {
        ts.eval(frame, throw)
    });
    ts.native_depth -= 1;
    let outer = ts.exc_stack.pop().flatten();
    let own = std::mem::replace(&mut ts.handled, outer);
    genr.running.set(false);
    match r {
        Ok(Outcome::Yield(v, mut frame)) => {
            frame.generator = None;
            *genr.frame.borrow_mut() = Some(frame.freeze());
            *genr.exc_state.borrow_mut() = own.map(Obj::unbind);
            Ok(Sent::Yielded(v))
        }
        Ok(Outcome::Return(v)) => Ok(Sent::Returned(v)),
        Err(e) => Err(pep479(py, genr.kind, e)?),
    }
}

/// PEP 479: a `StopIteration` leaving a generator (a `StopAsyncIteration` leaving an async
/// generator) becomes a `RuntimeError` whose cause and context it is.
fn pep479<'py>(py: Py<'py>, kind: GenKind, e: PyErr) -> PyResult<PyErr> {
    let stop = e.is(&exc::STOP_ITERATION);
    let async_stop = kind == GenKind::AsyncGenerator && e.is(&exc::STOP_ASYNC_ITERATION);
    if !stop && !async_stop {
        return Ok(e);
    }
    let what = if stop {
        "StopIteration"
    } else {
        "StopAsyncIteration"
    };
    let cause = e.value(py)?;
    let re = py.new_exception(
        &exc::RUNTIME_ERROR.get(py),
        &[py.str(&format!("{} raised {what}", kind.word()))?],
    )?;
    re.set_exc_cause(Some(&cause));
    re.set_exc_context(Some(&cause));
    Ok(PyErr::from_value(&re))
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
    match throw(ts, g, e)? {
        Sent::Yielded(v) => Ok(v),
        Sent::Returned(v) => Err(stop_iteration(ts.py(), v)?),
    }
}

/// Raises `e` in `g` at its `yield`; a `g` suspended in a `yield from` passes it to the
/// iterator it delegates to first (CPython's `_gen_throw`): that iterator's next value is
/// `g`'s, and what it raises (its `StopIteration` included) is raised in `g`. A
/// `GeneratorExit` closes the delegate, then is raised in `g`.
pub(crate) fn throw<'py>(ts: &mut Tstate<'py>, g: &Obj<'py>, e: PyErr) -> PyResult<Sent<'py>> {
    let g = &target(g)?;
    let py = ts.py();
    let Some(genr) = gen_of(g) else {
        return resume(ts, g, None, Some(e));
    };
    let Some(yf) = genr.yield_from(py) else {
        return resume(ts, g, None, Some(e));
    };
    let ev = e.value(py)?;
    // The delegate runs as part of `g`: `g` is executing meanwhile.
    genr.running.set(true);
    let r = if e.is(&exc::GENERATOR_EXIT) {
        close_iter(ts, &yf).map(|()| None)
    } else if gen_of(&yf).is_some() || crate::coro::is_wrapper(&yf) {
        // A chain of delegates recurses here, one level each: on a stack grown on demand.
        stacker::maybe_grow(crate::tstate::RED_ZONE, crate::tstate::SEGMENT, || {
            throw(ts, &yf, PyErr::from_value(&ev))
        })
        .map(Some)
    } else if crate::async_gen::is_asend(&yf) {
        crate::async_gen::asend_throw(ts, &yf, PyErr::from_value(&ev)).map(Some)
    } else {
        match ts.getattr(&yf, "throw") {
            Err(err) if err.is(&exc::ATTRIBUTE_ERROR) => Ok(None),
            Err(err) => Err(err),
            Ok(m) => ts
                .call(&m, Args::positional(std::slice::from_ref(&ev)))
                .map(|v| Some(Sent::Yielded(v))),
        }
    };
    genr.running.set(false);
    match r {
        Ok(Some(Sent::Yielded(v))) => Ok(Sent::Yielded(v)),
        // The delegate returned: its value ends the `yield from` (`CLEANUP_THROW`).
        Ok(Some(Sent::Returned(v))) => resume(ts, g, None, Some(stop_iteration(py, v)?)),
        // Not delegated (closed, or no `throw`): raised here.
        Ok(None) => resume(ts, g, None, Some(PyErr::from_value(&ev))),
        Err(err) => resume(ts, g, None, Some(err)),
    }
}

/// Closes the delegate of a `yield from` being closed (CPython's `gen_close_iter`): a
/// generator's `close`, else the object's `close` method if it has one.
fn close_iter<'py>(ts: &mut Tstate<'py>, yf: &Obj<'py>) -> PyResult<()> {
    if gen_of(yf).is_some() || crate::coro::is_wrapper(yf) {
        return gen_close(ts, yf).map(drop);
    }
    match ts.getattr(yf, "close") {
        Ok(m) => ts.call(&m, Args::positional(&[])).map(drop),
        Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => Ok(()),
        Err(e) => Err(e),
    }
}

/// `genr.close()`: `GeneratorExit` raised at the `yield` (after closing a `yield from`
/// delegate); a generator that yields again is a `RuntimeError`, one that returns gives
/// its return value (CPython 3.13).
pub(crate) fn gen_close<'py>(ts: &mut Tstate<'py>, g: &Obj<'py>) -> PyResult<Obj<'py>> {
    let g = &target(g)?;
    let py = ts.py();
    let Some(genr) = gen_of(g) else {
        return Ok(py.none());
    };
    if !genr.started.get() && !genr.running.get() {
        genr.frame.borrow_mut().take();
        return Ok(py.none());
    }
    let e = PyErr::new(&exc::GENERATOR_EXIT, "");
    match throw(ts, g, e) {
        Ok(Sent::Yielded(_)) => Err(PyErr::new(
            &exc::RUNTIME_ERROR,
            format!("{} ignored GeneratorExit", genr.kind.word()),
        )),
        Ok(Sent::Returned(v)) => Ok(v),
        Err(e) if e.is(&exc::GENERATOR_EXIT) => Ok(py.none()),
        Err(e) => Err(e),
    }
}
