//! Process-global state for extension modules that wrap a once-per-process native library
//! (what CPython lacks; seed `003`): lock-protected, reference-counted state that whichever
//! interpreter comes first initializes and the last user cleans up, with no interpreter
//! treated specially; and an opt-in "load once per process" guard.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::Mutex;
use subinterp_object::{PyErr, exc};

struct Inner<T> {
    value: Option<Arc<T>>,
    users: usize,
    /// How many times `init` succeeded (the "resource id" of the current value).
    generation: u64,
}

/// Process-wide state `T` shared by every interpreter of every runtime in the process,
/// initialized for the first user and torn down after the last. Meant to be a `static`.
///
/// # Using it for a C library with global init (sqlite3)
///
/// `sqlite3_initialize()` / `sqlite3_shutdown()` must bracket every use of the library in the
/// process, and `sqlite3_shutdown()` must not run while any connection is open. A multi-phase
/// `_sqlite3` module that declares `PerInterpreterGilSupported` would do:
///
/// ```
/// use subinterp_import::{GlobalRef, ProcessGlobal};
///
/// /// The library handle: what `sqlite3_initialize` set up.
/// struct Sqlite;
///
/// fn sqlite_init() -> Result<Sqlite, String> {
///     // unsafe { sqlite3_initialize() } == SQLITE_OK, else Err(errstr)
///     Ok(Sqlite)
/// }
/// fn sqlite_fini(_: &Sqlite) {
///     // unsafe { sqlite3_shutdown() }
/// }
///
/// static SQLITE: ProcessGlobal<Sqlite> = ProcessGlobal::new("sqlite3", sqlite_init, sqlite_fini);
///
/// /// The module's per-interpreter state (its `m_size` state), created by its exec slot:
/// /// `SQLITE.acquire()?` there, stored in the module state; every `Connection` object also
/// /// clones the `GlobalRef`, so the library outlives the last open connection, whichever
/// /// interpreter it belongs to.
/// #[derive(Default)]
/// struct ModState {
///     lib: Option<GlobalRef<Sqlite>>,
/// }
///
/// let a = SQLITE.acquire().unwrap(); // first interpreter: sqlite3_initialize runs
/// let b = SQLITE.acquire().unwrap(); // second interpreter: shares it
/// assert_eq!(SQLITE.users(), 2);
/// drop(a); // the first interpreter ends first: nothing happens
/// assert_eq!(SQLITE.users(), 1);
/// drop(b); // the last user: sqlite3_shutdown runs
/// assert_eq!(SQLITE.users(), 0);
/// ```
///
/// The lock is held while `init` and `fini` run, so a new user arriving during cleanup waits
/// and then initializes afresh (the library is never initialized twice at once, and never used
/// half shut down). `init`/`fini` run on whichever thread acquires first or releases last;
/// they must not call back into the same `ProcessGlobal`.
pub struct ProcessGlobal<T: 'static> {
    name: &'static str,
    init: fn() -> Result<T, String>,
    fini: fn(&T),
    inner: Mutex<Inner<T>>,
}

impl<T: Send + Sync + 'static> ProcessGlobal<T> {
    /// State named `name` (for messages), set up by `init` for the first user and torn down by
    /// `fini` after the last.
    pub const fn new(name: &'static str, init: fn() -> Result<T, String>, fini: fn(&T)) -> Self {
        ProcessGlobal {
            name,
            init,
            fini,
            inner: Mutex::new(Inner {
                value: None,
                users: 0,
                generation: 0,
            }),
        }
    }

    /// Becomes a user: initializes the state if there is no user yet. An `init` failure is an
    /// `ImportError` naming the state (for a module's exec slot to return).
    pub fn acquire(&'static self) -> Result<GlobalRef<T>, PyErr> {
        let mut g = self.inner.lock();
        let value = match &g.value {
            Some(v) => v.clone(),
            None => {
                let v = Arc::new((self.init)().map_err(|e| {
                    PyErr::new(
                        &exc::IMPORT_ERROR,
                        format!(
                            "initialization of the process-global state of {} failed: {e}",
                            self.name
                        ),
                    )
                })?);
                g.generation += 1;
                g.value = Some(v.clone());
                v
            }
        };
        g.users += 1;
        Ok(GlobalRef {
            global: self,
            value,
            generation: g.generation,
        })
    }

    /// How many users there are now.
    pub fn users(&self) -> usize {
        self.inner.lock().users
    }

    /// How many times the state was initialized in this process.
    pub fn generation(&self) -> u64 {
        self.inner.lock().generation
    }

    fn release(&self) {
        let mut g = self.inner.lock();
        g.users = g.users.saturating_sub(1);
        if g.users == 0
            && let Some(v) = g.value.take()
        {
            // No user is left (the caller is the last one, being dropped), so nothing can
            // reach the state any more.
            (self.fini)(&v);
        }
    }
}

impl<T> fmt::Debug for ProcessGlobal<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = self.inner.lock();
        f.debug_struct("ProcessGlobal")
            .field("name", &self.name)
            .field("users", &g.users)
            .field("generation", &g.generation)
            .finish()
    }
}

/// One user's hold on a [`ProcessGlobal`]: dereferences to the state; cloning adds a user,
/// dropping removes one (the last drop runs `fini`). `Send + Sync`, so it can live in module
/// state or in objects of any interpreter.
pub struct GlobalRef<T: Send + Sync + 'static> {
    global: &'static ProcessGlobal<T>,
    value: Arc<T>,
    generation: u64,
}

impl<T: Send + Sync + 'static> GlobalRef<T> {
    /// Which initialization of the state this is (1 for the first in the process).
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

impl<T: Send + Sync + 'static> Deref for GlobalRef<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Send + Sync + 'static> Clone for GlobalRef<T> {
    fn clone(&self) -> Self {
        self.global.inner.lock().users += 1;
        GlobalRef {
            global: self.global,
            value: self.value.clone(),
            generation: self.generation,
        }
    }
}

impl<T: Send + Sync + 'static> Drop for GlobalRef<T> {
    fn drop(&mut self) {
        self.global.release();
    }
}

/// An opt-in guard that lets a module be loaded only once per process (the recipe of CPython's
/// isolating-extensions HOWTO, "Opt-Out: Limiting to One Module Object per Process", made safe
/// for several GILs with an atomic flag). A module's exec slot calls [`claim`](Self::claim).
#[derive(Debug)]
pub struct LoadOnce {
    loaded: AtomicBool,
}

impl LoadOnce {
    /// A guard nothing has claimed yet.
    pub const fn new() -> LoadOnce {
        LoadOnce {
            loaded: AtomicBool::new(false),
        }
    }

    /// Claims the one load: `Ok` the first time in the process, then `ImportError: cannot load
    /// module more than once per process`.
    pub fn claim(&self) -> Result<(), PyErr> {
        if self
            .loaded
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            Ok(())
        } else {
            Err(PyErr::new(
                &exc::IMPORT_ERROR,
                "cannot load module more than once per process",
            ))
        }
    }

    /// Whether the load was claimed.
    pub fn is_claimed(&self) -> bool {
        self.loaded.load(Ordering::Acquire)
    }
}

impl Default for LoadOnce {
    fn default() -> Self {
        LoadOnce::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    static FINIS: AtomicUsize = AtomicUsize::new(0);
    static FAIL: AtomicBool = AtomicBool::new(false);

    fn init() -> Result<u32, String> {
        if FAIL.load(Ordering::SeqCst) {
            Err("no luck".into())
        } else {
            Ok(7)
        }
    }

    fn fini(_: &u32) {
        FINIS.fetch_add(1, Ordering::SeqCst);
    }

    static G: ProcessGlobal<u32> = ProcessGlobal::new("g", init, fini);

    #[test]
    fn refcounted_lifecycle() {
        let a = G.acquire().unwrap();
        assert_eq!(*a, 7);
        assert_eq!(a.generation(), 1);
        let b = a.clone();
        assert_eq!(G.users(), 2);
        drop(a);
        assert_eq!(FINIS.load(Ordering::SeqCst), 0);
        drop(b);
        assert_eq!(FINIS.load(Ordering::SeqCst), 1);
        assert_eq!(G.users(), 0);
        FAIL.store(true, Ordering::SeqCst);
        let e = G.acquire().err().unwrap();
        assert_eq!(
            e.to_string(),
            "ImportError: initialization of the process-global state of g failed: no luck"
        );
        assert_eq!(G.users(), 0);
        FAIL.store(false, Ordering::SeqCst);
        let c = G.acquire().unwrap();
        assert_eq!(c.generation(), 2);
        assert!(format!("{G:?}").contains("users: 1"));
        drop(c);
        assert_eq!(FINIS.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn load_once() {
        let g = LoadOnce::new();
        assert!(!g.is_claimed());
        g.claim().unwrap();
        assert_eq!(
            g.claim().unwrap_err().to_string(),
            "ImportError: cannot load module more than once per process"
        );
        assert!(g.is_claimed());
    }
}
