//! `Objects`: the object-layer part of one interpreter's state.

use std::any::Any;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use subinterp_id::InterpId;
use subinterp_obmalloc::{Heap, HeapId, LeakReport};

use crate::Py;
use crate::heap::{DeferHold, DeferHook, DeferStats, HeapCtx};

/// The object-layer state of one interpreter: its id and the heap it allocates from.
///
/// An isolated interpreter owns its heap ([`Objects::new`]); a legacy interpreter that uses
/// main's obmalloc shares main's heap, and therefore main's GIL ([`Objects::new_sharing`]).
/// Every object is reached through a [`Py`] token made by [`Objects::with_gil`].
///
/// Ending: [`Objects::end`] (or dropping the value) retires this interpreter; the last user of
/// a heap closes it, which returns every arena whatever objects were still alive, and reports
/// them. Unbound [`ObjRef`](crate::ObjRef)s into a closed heap become inert: dropping one is a
/// counted no-op, binding one fails with [`BindError::Ended`](crate::BindError::Ended).
pub struct Objects {
    id: InterpId,
    pub(crate) ctx: Arc<HeapCtx>,
    ended: bool,
    /// The import layer's state of this interpreter (CPython's `interp->imports`), reached
    /// from the token ([`Py::imports`]), not through a process-wide table.
    imports: Mutex<Option<Weak<dyn Any + Send + Sync>>>,
}

/// What [`Objects::end`] observed.
#[derive(Debug)]
pub struct EndReport {
    /// The interpreter that ended.
    pub id: InterpId,
    /// `Some` when this was the heap's last user and the heap was closed.
    pub closed: Option<HeapClosed>,
}

/// The heap closed by an [`Objects::end`].
#[derive(Debug)]
pub struct HeapClosed {
    /// The allocator's account of the blocks still allocated when it closed (all returned).
    pub leaks: LeakReport,
    /// Objects that were still alive (unreleased references, or reference cycles).
    pub live_objects: usize,
    /// Objects among those still alive whose payload owned something outside the heap (a
    /// native value, module state or definition, a capsule destructor): each was released
    /// before the close, so nothing outside the heap leaks with them.
    pub finalized: usize,
    /// Messages of the payload destructors that panicked while being released (each panic was
    /// caught; the others still ran and the heap still closed).
    pub panics: Vec<String>,
}

impl Objects {
    /// State for interpreter `id` allocating from its own `heap`.
    pub fn new(id: InterpId, heap: Heap) -> Objects {
        Objects {
            id,
            ctx: Arc::new(HeapCtx::new(id, heap)),
            ended: false,
            imports: Mutex::new(None),
        }
    }

    /// State for interpreter `id` sharing the heap of `main` (CPython's `use_main_obmalloc`).
    /// Interpreters sharing a heap must share the GIL that serialises it (CPython enforces
    /// this: `use_main_obmalloc` requires a shared GIL), which is what lets them bind, incref and
    /// decref each other's objects directly.
    pub fn new_sharing(id: InterpId, main: &Objects) -> Objects {
        main.ctx.add_user();
        Objects {
            id,
            ctx: Arc::clone(&main.ctx),
            ended: false,
            imports: Mutex::new(None),
        }
    }

    /// This interpreter's id.
    pub fn id(&self) -> InterpId {
        self.id
    }

    /// Records (or, with `None`, forgets) the import layer's state of this interpreter, held
    /// weakly: the import system owns it, this only lets a token find it. The object layer
    /// never looks inside (`Any`: it does not know the import crate).
    pub fn set_imports(&self, state: Option<Weak<dyn Any + Send + Sync>>) {
        *self.imports.lock().unwrap_or_else(PoisonError::into_inner) = state;
    }

    /// The import layer's state recorded by [`set_imports`](Self::set_imports), while it is
    /// alive.
    pub fn imports(&self) -> Option<Arc<dyn Any + Send + Sync>> {
        self.imports
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .and_then(Weak::upgrade)
    }

    /// The id of the heap objects are allocated from.
    pub fn heap_id(&self) -> HeapId {
        self.ctx.id
    }

    /// The interpreter that created the heap (itself, unless it shares main's heap).
    pub fn heap_owner(&self) -> InterpId {
        self.ctx.owner
    }

    /// Installs (or removes) the hook called when refcount operations are deferred to this
    /// heap's owner; see [`DeferHook`]. Without a hook, deferred operations wait until the
    /// owner calls [`Py::run_deferred`].
    pub fn set_defer_hook(&self, hook: Option<DeferHook>) {
        self.ctx.set_hook(hook);
    }

    /// Holds the lock of this heap's queue of deferred refcount operations until the guard
    /// drops, for a `fork()` made meanwhile: no other thread is then half-way through
    /// deferring to this heap, so the child finds the queue consistent and, the lock being a
    /// futex, releases it by dropping the guard as the parent does.
    pub fn hold_deferred_for_fork(&self) -> DeferHold<'_> {
        self.ctx.hold_pending_for_fork()
    }

    /// Counters of deferred refcount operations on this heap.
    pub fn defer_stats(&self) -> DeferStats {
        self.ctx.stats()
    }

    /// Deferred operations waiting for the owner.
    pub fn pending_deferred(&self) -> usize {
        self.ctx.pending_len()
    }

    /// Runs `f` with a token for this interpreter. Handles made through the token cannot leave
    /// `f` (the token's lifetime is fresh and invariant) nor the thread (they are `!Send`).
    ///
    /// # Safety
    /// *The GIL* here is the lock that serialises this interpreter's heap (main's, for an
    /// `Objects` made by [`Objects::new_sharing`]). The calling thread must hold it whenever
    /// code on this thread uses the token or a handle made through it, from the call until `f`
    /// returns: every method of [`Py`], and creating, cloning, reading, binding or *dropping*
    /// an [`Obj`](crate::Obj). No other thread may run `with_gil` on an `Objects` using the
    /// same heap while this thread holds the GIL. Nesting `with_gil` calls on one thread is
    /// allowed. In detail:
    ///
    /// 1. The thread holds the GIL when it calls `with_gil`.
    /// 2. `f` may release the GIL and take it back inside the call (CPython's
    ///    `Py_BEGIN_ALLOW_THREADS` and `switch_to_main_interpreter`; the GIL crate's
    ///    `Attached::allow_threads`, `enter`, `switch_to_main` and `check`) only if, for as long
    ///    as it is released, no code on this thread uses the token or any handle of this scope,
    ///    nor drops one. Running only a `Send` closure meanwhile (PyO3's `allow_threads` rule)
    ///    gives this for what the closure captures: [`Py`] and [`Obj`](crate::Obj) are neither
    ///    `Send` nor `Sync`, so it can neither own nor borrow one. Do not defeat that with a
    ///    wrapper that makes a thread-bound value `Send` and unwraps it on the owning thread
    ///    (e.g. `send_wrapper`): the closure runs on this same thread. Data borrowed from a
    ///    handle that is itself `Send` (`&str` from `as_str`, `&[u8]` from `as_bytes`, `&T` from
    ///    `module_state`/`native` with `T: Sync`) may be used meanwhile: the scope's handles
    ///    keep their objects alive, and that data is immutable or `Sync`. Other threads may run
    ///    in the interpreter meanwhile, so what the scope read before may have changed after.
    /// 3. Before the scope continues, i.e. before any more code of `f` runs *including
    ///    unwinding and drop glue*, the thread holds the same GIL again. If it cannot (the GIL
    ///    crate's guard lost its GIL because another thread is ending the interpreter:
    ///    `TstateError::Finalizing`/`Ended` from `check`, a `ReattachError`, a failed
    ///    `Entered::leave`/`MainSwitch::switch_back`, or a panic that `allow_threads`
    ///    re-raises after failing to re-attach), the scope must not continue at all: returning
    ///    an error out of `f` or unwinding through it would drop handles without the GIL while
    ///    the ending thread uses the heap. Park the thread instead (never return into `f`), as
    ///    the runtime does.
    pub unsafe fn with_gil<R>(&self, f: impl for<'py> FnOnce(Py<'py>) -> R) -> R {
        // SAFETY: forwarded contract.
        f(unsafe { Py::new(self) })
    }

    /// The token of a scope the caller delimits by `'py` instead of by a closure: what lets a
    /// context value built around a run (the runtime's `Run`) hold borrows that live exactly
    /// as long as its token, where [`with_gil`](Self::with_gil)'s closure could not name them.
    ///
    /// # Safety
    /// The rules of [`with_gil`](Self::with_gil), for all of `'py` instead of a closure's
    /// call. And the token must be handed only to code generic over its lifetime (a closure
    /// `for<'x> FnOnce(.. Py<'x> ..)`), never returned to code that could name `'py`: that
    /// keeps its brand fresh, so handles bound under it cannot meet another scope's.
    pub unsafe fn token<'py>(&'py self) -> Py<'py> {
        // SAFETY: forwarded contract.
        unsafe { Py::new(self) }
    }

    /// Retires this interpreter. The last user of a heap closes it (all its memory returns,
    /// including objects still alive) and reports what was left. Before the close, the Rust
    /// payloads of objects still alive (native values, module state and definitions, capsule
    /// destructors) are released, on this thread, with a token for the heap: nothing an
    /// object owns outside the heap leaks, even in a reference cycle.
    pub fn end(mut self) -> EndReport {
        self.ended = true;
        EndReport {
            id: self.id,
            closed: self.retire(),
        }
    }

    /// Leaves the heap; the last user releases the payloads still alive and closes it.
    fn retire(&self) -> Option<HeapClosed> {
        if !self.ctx.leave() {
            return None;
        }
        // SAFETY: this was the heap's last user, and it is being ended (`end` consumes it,
        // `drop` has it exclusively), so no token of this `Objects` exists, and every other
        // `Objects` of the heap has ended: no other thread can reach the heap's objects
        // (unbound references only queue requests under the context's mutex). This thread
        // has the exclusive access the GIL gives, for the token made here.
        let swept = unsafe { self.with_gil(crate::finalize::sweep) };
        // SAFETY: last user, and the token above is gone.
        let (leaks, live_objects) = unsafe { self.ctx.close() }?;
        Some(HeapClosed {
            leaks,
            live_objects,
            finalized: swept.finalized,
            panics: swept.panics,
        })
    }
}

impl Drop for Objects {
    fn drop(&mut self) {
        if !self.ended {
            self.ended = true;
            drop(self.retire());
        }
    }
}

impl fmt::Debug for Objects {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Objects")
            .field("id", &self.id)
            .field("heap", &self.ctx.id)
            .finish()
    }
}
