//! [`VmState`]: what the loop keeps for one interpreter between runs.
//!
//! A [`Tstate`] lives for one run (it holds the run's GIL token), but the builtins, the
//! `Ellipsis` object, the constants made for each code object, the interned names, the
//! unbound methods of builtin types, the spare frame storage, the recursion limit and the
//! source texts tracebacks quote belong to the interpreter. [`Tstate::attach`] moves them
//! into a run and [`Tstate::detach`] moves them back: nothing is made, bound or allocated
//! again, which is what keeps `exec` of a small statement cheap.
//!
//! # How objects outlive the token
//!
//! The objects are kept as the handles a run uses (`Obj<'py>`), with their token's lifetime
//! erased while no run holds them ([`Kept`]`<'static>`). That lifetime is a lie the state
//! never acts on: between runs nothing reads, clones or drops them (they sit in a
//! `ManuallyDrop`), and every way back to them ([`Tstate::attach`], [`VmState::sibling`],
//! [`VmState::builtins`], [`VmState::release`]) first checks that the caller's token is one of
//! the interpreter the objects were made in (the same object state and heap), so the
//! lifetime they get back is that of a token of their own heap, held under its GIL.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::mem::ManuallyDrop;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use subinterp_object::{AddrHasher, InterpId, Obj, Py, PyErr, PyResult, exc};

use crate::Tstate;
use crate::consts::ConstCache;
use crate::frame::Buffers;
use crate::gen_drop::Dropped;
use crate::host::Host;

/// One interpreter's loop state between runs (CPython keeps these in `PyInterpreterState`:
/// `builtins`, `ceval.recursion_limit`, the code objects' constants). `Send`, so the
/// embedding layer can keep it with the interpreter whatever thread runs next.
///
/// Give it back with [`release`](VmState::release) under a token of its interpreter; a state
/// merely dropped keeps its references for ever (its objects are freed with their heap when
/// the interpreter ends).
pub struct VmState {
    /// The objects, their token's lifetime erased (see the module docs).
    kept: ManuallyDrop<Kept<'static>>,
    /// The object state and heap the objects live in.
    owner: Owner,
    /// `sys.getrecursionlimit()`: one value per interpreter, shared by the sibling states of
    /// concurrent runs, so a run that sets it changes it for all of them (CPython's
    /// `ceval.recursion_limit`).
    pub(crate) limit: Arc<AtomicUsize>,
    /// Source text of the programs run, by file name (the lines tracebacks quote).
    pub(crate) sources: HashMap<Arc<str>, Arc<str>>,
    /// The queue of dropped generators of the last run, when nothing holds or fills it
    /// ([`Dropped::reusable`](crate::gen_drop::Dropped::reusable)).
    pub(crate) dropped: Option<Arc<Dropped>>,
    /// The interpreter's eval breaker, kept between runs ([`VmState::set_eval_breaker`], else
    /// the host's [`Host::eval_breaker`] at the first run).
    pub(crate) breaker: Option<Arc<subinterp_gil::EvalBreaker>>,
    /// The embedding layer's context of the interpreter ([`VmState::set_context`]).
    pub(crate) context: Option<Context>,
}

/// The embedding layer's per-interpreter context, opaque to the loop: what its native
/// functions reach through [`Tstate::context`] (the runtime's: its interpreter handle).
pub type Context = Arc<dyn std::any::Any + Send + Sync>;

/// The queue is `Send` (generators on other threads push to it): the impl below covers only
/// `kept`.
const _: fn() = || {
    fn send<T: Send>() {}
    send::<Option<Arc<Dropped>>>();
    send::<Option<Arc<subinterp_gil::EvalBreaker>>>();
    send::<Option<Context>>();
};

// SAFETY: the `!Send` parts are the handles in `kept` (a token reference, non-atomic counts
// and `Rc`s). Between runs nothing touches them: `Drop` leaves them alone (`ManuallyDrop`),
// and every method that reaches them checks first that the caller holds a token of their
// own interpreter (`Owner::check`), i.e. runs on the thread that holds that interpreter's
// GIL, which serialises every use of them. Moving the state to another thread moves only
// pointers.
unsafe impl Send for VmState {}

/// What a run takes from the state, with the run's token lifetime.
pub(crate) struct Kept<'py> {
    /// The `builtins` module's namespace.
    pub(crate) builtins: Obj<'py>,
    /// The `Ellipsis` singleton.
    pub(crate) ellipsis: Obj<'py>,
    /// The `NotImplemented` singleton.
    pub(crate) not_implemented: Obj<'py>,
    /// Constants and names per code object, and the interned strings.
    pub(crate) consts: ConstCache<'py>,
    /// Unbound methods of builtin types, by method definition address.
    pub(crate) methods: HashMap<usize, Obj<'py>, BuildHasherDefault<AddrHasher>>,
    /// Storage of ended frames, reused by the next calls.
    pub(crate) spare: Vec<Buffers<'py>>,
}

/// The identity of the interpreter a state's objects belong to: its object state (the
/// address a token refers to) and its id (never reused, so a new interpreter whose state
/// happens to sit at the same address is not taken for the old one).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Owner {
    objects: usize,
    interp: InterpId,
}

impl Owner {
    fn of(py: Py<'_>) -> Owner {
        Owner {
            objects: std::ptr::from_ref(py.objects()) as usize,
            interp: py.interp(),
        }
    }

    /// `SystemError` unless `py` is a token of this interpreter.
    fn check(self, py: Py<'_>) -> PyResult<()> {
        if Owner::of(py) == self {
            Ok(())
        } else {
            Err(PyErr::new(
                &exc::SYSTEM_ERROR,
                "a loop state used with another interpreter's token",
            ))
        }
    }
}

/// `kept` with its lifetime erased.
fn erase(kept: Kept<'_>) -> Kept<'static> {
    // SAFETY: only the lifetime changes (same type, same layout). The result is never used
    // until `bind` gives it back under a token checked to be of the same interpreter (see the
    // module docs).
    unsafe { std::mem::transmute::<Kept<'_>, Kept<'static>>(kept) }
}

impl VmState {
    /// A state for `py`'s interpreter with its builtins made in a fresh dict.
    pub fn new(py: Py<'_>) -> PyResult<VmState> {
        VmState::with_builtins(py, &py.dict()?)
    }

    /// A state for `py`'s interpreter whose builtins are made in `namespace` (the dict of the
    /// interpreter's `builtins` module, so `import builtins` sees the same names).
    pub fn with_builtins<'py>(py: Py<'py>, namespace: &Obj<'py>) -> PyResult<VmState> {
        let ellipsis = py.new_native(&crate::tstate::ELLIPSIS, crate::tstate::EllipsisValue)?;
        let not_implemented = py.new_native(
            &crate::tstate::NOT_IMPLEMENTED_TYPE,
            crate::tstate::NotImplementedValue,
        )?;
        let state = VmState::from_kept(
            py,
            Kept {
                builtins: namespace.clone(),
                ellipsis,
                not_implemented,
                consts: ConstCache::default(),
                methods: HashMap::default(),
                spare: Vec::new(),
            },
            Arc::new(AtomicUsize::new(crate::DEFAULT_RECURSION_LIMIT)),
        );
        let mut ts = Tstate::attach(py, Box::new(NoHost), state)?;
        crate::builtins::make(&mut ts, namespace)?;
        let mut state = ts.detach();
        // Not this host's breaker: the first run takes its host's (or the one set).
        state.breaker = None;
        Ok(state)
    }

    fn from_kept(py: Py<'_>, kept: Kept<'_>, limit: Arc<AtomicUsize>) -> VmState {
        VmState {
            kept: ManuallyDrop::new(erase(kept)),
            owner: Owner::of(py),
            limit,
            sources: HashMap::new(),
            dropped: None,
            breaker: None,
            context: None,
        }
    }

    /// Takes the objects for a run under `py`, which must be a token of their interpreter
    /// (`SystemError` otherwise: the state is dropped, its references kept for ever).
    #[inline]
    pub(crate) fn take<'py>(self, py: Py<'py>) -> PyResult<(Kept<'py>, Parts)> {
        self.owner.check(py)?;
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never used or dropped again (`ManuallyDrop`); each field is read
        // out once.
        let (kept, owner, limit, sources, dropped, breaker, context) = unsafe {
            (
                ManuallyDrop::take(&mut this.kept),
                std::ptr::read(&this.owner),
                std::ptr::read(&this.limit),
                std::ptr::read(&this.sources),
                std::ptr::read(&this.dropped),
                std::ptr::read(&this.breaker),
                std::ptr::read(&this.context),
            )
        };
        // SAFETY: `py` is a token of the interpreter whose object state and heap the objects
        // live in (checked above), held by this thread: the handles are valid for `'py`.
        let kept = unsafe { std::mem::transmute::<Kept<'static>, Kept<'py>>(kept) };
        Ok((
            kept,
            Parts {
                owner,
                limit,
                sources,
                dropped,
                breaker,
                context,
            },
        ))
    }

    /// The state made of a run's objects and the rest of it.
    #[inline]
    pub(crate) fn put(kept: Kept<'_>, parts: Parts) -> VmState {
        VmState {
            kept: ManuallyDrop::new(erase(kept)),
            owner: parts.owner,
            limit: parts.limit,
            sources: parts.sources,
            dropped: parts.dropped,
            breaker: parts.breaker,
            context: parts.context,
        }
    }

    /// The objects, bound to `py` (a token of their interpreter).
    fn kept<'a, 'py>(&'a self, py: Py<'py>) -> PyResult<&'a Kept<'py>> {
        self.owner.check(py)?;
        let kept: &Kept<'static> = &self.kept;
        // SAFETY: checked as in `take`; the shared borrow lives no longer than `self`'s.
        Ok(unsafe { std::mem::transmute::<&Kept<'static>, &Kept<'py>>(kept) })
    }

    /// The namespace of the `builtins` module, bound to `py`.
    pub fn builtins<'py>(&self, py: Py<'py>) -> PyResult<Obj<'py>> {
        Ok(self.kept(py)?.builtins.clone())
    }

    /// A second state of the same interpreter (for a run that starts while another run holds
    /// this one): the same builtins and `Ellipsis`, the same recursion limit (one value shared by
    /// both, as CPython has one per interpreter), empty caches.
    pub fn sibling(&self, py: Py<'_>) -> PyResult<VmState> {
        let kept = self.kept(py)?;
        let fresh = Kept {
            builtins: kept.builtins.clone(),
            ellipsis: kept.ellipsis.clone(),
            not_implemented: kept.not_implemented.clone(),
            consts: ConstCache::default(),
            methods: HashMap::default(),
            spare: Vec::new(),
        };
        let mut state = VmState::from_kept(py, fresh, self.limit.clone());
        state.breaker = self.breaker.clone();
        state.context = self.context.clone();
        Ok(state)
    }

    /// Sets the embedding layer's context of the interpreter, which native functions reach
    /// through [`Tstate::context`]. Kept between runs, shared by siblings.
    pub fn set_context(&mut self, context: Context) {
        self.context = Some(context);
    }

    /// Makes `breaker` the eval breaker the runs of this state poll (the interpreter's),
    /// instead of asking each run's host ([`Host::eval_breaker`]).
    pub fn set_eval_breaker(&mut self, breaker: Arc<subinterp_gil::EvalBreaker>) {
        self.breaker = Some(breaker);
    }

    /// `sys.getrecursionlimit()` of the interpreter.
    pub fn recursion_limit(&self) -> usize {
        self.limit.load(Ordering::Relaxed)
    }

    /// How many code objects have their constants made in this interpreter.
    pub fn cached_code_count(&self) -> usize {
        self.kept.consts.len()
    }

    /// Gives every reference back now, under `py`, a token of the interpreter (a token of
    /// another one: the references are kept for ever, and the `SystemError` says so).
    pub fn release(self, py: Py<'_>) -> PyResult<()> {
        let (kept, _) = self.take(py)?;
        drop(kept);
        Ok(())
    }
}

/// The parts of a [`VmState`] a run does not bind.
pub(crate) struct Parts {
    owner: Owner,
    pub(crate) limit: Arc<AtomicUsize>,
    pub(crate) sources: HashMap<Arc<str>, Arc<str>>,
    pub(crate) dropped: Option<Arc<Dropped>>,
    pub(crate) breaker: Option<Arc<subinterp_gil::EvalBreaker>>,
    pub(crate) context: Option<Context>,
}

impl std::fmt::Debug for VmState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VmState")
            .field("code_objects", &self.kept.consts.len())
            .field("recursion_limit", &self.recursion_limit())
            .finish_non_exhaustive()
    }
}

/// The host of the run that makes the builtins: it runs no code, so it writes nothing.
struct NoHost;

impl Host for NoHost {
    fn write_stdout(&mut self, _text: &str) -> PyResult<()> {
        Ok(())
    }

    fn write_stderr(&mut self, _text: &str) -> PyResult<()> {
        Ok(())
    }
}
