//! `module` objects: a name, a dict, an opaque reference to the definition they were made
//! from, per-module state, and the origin their repr shows.

use std::any::{Any, TypeId};
use std::cell::{Cell, UnsafeCell};
use std::ptr::NonNull;
use std::sync::Arc;

use crate::header::{Header, ObjBox, Raw, payload};
use crate::types::{Kind, MODULE};
use crate::{Obj, Py, PyErr, PyResult};

/// The definition a module was made from, opaque here (the import crate's `ModuleDef`).
pub type ModuleDefRef = Arc<dyn Any + Send + Sync>;

/// Where a module came from, as its repr shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Unknown: the repr falls back to `__file__`, else `<module 'x'>`.
    Unknown,
    /// `<module 'x' (built-in)>`.
    BuiltIn,
    /// `<module 'x' (frozen)>`.
    Frozen,
    /// A location: `<module 'x' from 'PATH'>`.
    File(String),
    /// A namespace package: `<module 'x' (namespace) from ['DIR', ...]>` (the folders).
    Namespace(Vec<String>),
}

#[derive(Clone, Copy)]
struct State {
    ptr: NonNull<u8>,
    type_id: TypeId,
    drop: unsafe fn(NonNull<u8>),
}

#[repr(C)]
pub(crate) struct ModuleData {
    dict: Raw,
    def: UnsafeCell<Option<ModuleDefRef>>,
    state: Cell<Option<State>>,
    /// A str object (owned), or null.
    origin: Cell<*const Header>,
    has_location: Cell<bool>,
    /// The origin is a namespace package's folder list (the repr of a list).
    namespace: Cell<bool>,
}

impl<'py> Py<'py> {
    /// A new module `name` whose dict holds `__name__`, and `None` for `__doc__`,
    /// `__package__`, `__loader__` and `__spec__` (CPython's `PyModule_New`).
    pub fn new_module(self, name: &str) -> PyResult<Obj<'py>> {
        let dict = self.dict()?;
        dict.set_item(&self.str("__name__")?, &self.str(name)?)?;
        for k in ["__doc__", "__package__", "__loader__", "__spec__"] {
            dict.set_item(&self.str(k)?, &self.none())?;
        }
        let p = self.new_obj(&MODULE.header, std::mem::size_of::<ObjBox<ModuleData>>())?;
        // SAFETY: fresh block sized for `ObjBox<ModuleData>`.
        unsafe {
            std::ptr::addr_of_mut!((*p.as_ptr().cast::<ObjBox<ModuleData>>()).payload).write(
                ModuleData {
                    dict: dict.into_raw(),
                    def: UnsafeCell::new(None),
                    state: Cell::new(None),
                    origin: Cell::new(std::ptr::null()),
                    has_location: Cell::new(false),
                    namespace: Cell::new(false),
                },
            )
        };
        // SAFETY: fresh object, we own its only reference.
        Ok(unsafe { Obj::owned(self, p) })
    }
}

/// The payload of module `p`.
///
/// # Safety
/// `p` is a live module object (laid out as `ObjBox<ModuleData>`), and the reference is not used
/// after it is freed.
unsafe fn data<'a>(p: Raw) -> &'a ModuleData {
    // SAFETY: forwarded contract.
    unsafe { payload::<ModuleData>(p) }
}

/// The dict of module `p` (borrowed: the module holds it for its whole life).
///
/// # Safety
/// `p` is a live module.
pub(crate) unsafe fn dict_raw(p: Raw) -> Raw {
    // SAFETY: forwarded contract.
    unsafe { data(p) }.dict
}

unsafe fn drop_state<T>(p: NonNull<u8>) {
    // SAFETY: `p` holds a `T` written by `init_state::<T>`, dropped exactly once.
    unsafe { std::ptr::drop_in_place(p.as_ptr().cast::<T>()) }
}

impl<'py> Obj<'py> {
    fn module_data(&self) -> PyResult<&ModuleData> {
        if self.kind() == Kind::Module {
            // SAFETY: kind checked; `self` holds the module.
            Ok(unsafe { data(self.raw()) })
        } else {
            Err(PyErr::type_error(format!(
                "expected a module, got '{}'",
                self.type_name()
            )))
        }
    }

    /// The module's dict (`__dict__`).
    pub fn module_dict(&self) -> PyResult<Obj<'py>> {
        let d = self.module_data()?;
        // SAFETY: the module holds its dict for its whole life.
        Ok(unsafe { Obj::borrowed(self.py, d.dict) })
    }

    /// `__name__` as CPython's `PyModule_GetNameObject` finds it (`SystemError` when it is not
    /// a str).
    pub fn module_name(&self) -> PyResult<String> {
        let d = self.module_dict()?;
        match d.dict_get_str("__name__")? {
            Some(n) if n.as_str().is_some() => Ok(n.as_str().unwrap_or_default().to_owned()),
            _ => Err(PyErr::new(&crate::exc::SYSTEM_ERROR, "nameless module")),
        }
    }

    /// Records the definition this module was made from.
    pub fn set_module_def(&self, def: Option<ModuleDefRef>) -> PyResult<()> {
        let d = self.module_data()?;
        // SAFETY: serialised by the GIL; no reference into the slot is ever handed out.
        let old = unsafe { std::mem::replace(&mut *d.def.get(), def) };
        // SAFETY: the token proves the GIL; the module is live.
        unsafe { self.py.ctx().track(self.raw()) };
        drop(old);
        Ok(())
    }

    /// The definition this module was made from (`PyModule_GetDef`).
    pub fn module_def(&self) -> PyResult<Option<ModuleDefRef>> {
        let d = self.module_data()?;
        // SAFETY: serialised by the GIL; we clone the `Arc` out.
        Ok(unsafe { (*d.def.get()).clone() })
    }

    /// Gives the module its per-module state (`m_size` bytes in CPython; a typed value here),
    /// allocated in the module's heap and dropped when the module is freed. Once only:
    /// `SystemError` if the module already has state.
    ///
    /// `T` must be `Send`: the module may be used and freed by another thread holding the
    /// interpreter's GIL later. An `Rc` is refused at compile time:
    ///
    /// ```compile_fail,E0277
    /// # use subinterp_object::{InterpId, Objects};
    /// # use subinterp_obmalloc::Heap;
    /// let objs = Objects::new(InterpId::new(0), Heap::new());
    /// let shared = std::rc::Rc::new(1);
    /// // SAFETY: single-threaded doc test.
    /// unsafe {
    ///     objs.with_gil(|py| py.new_module("m")?.init_module_state(shared.clone()))
    /// }
    /// .unwrap();
    /// ```
    ///
    /// ```
    /// # use subinterp_object::{InterpId, Objects};
    /// # use subinterp_obmalloc::Heap;
    /// let objs = Objects::new(InterpId::new(0), Heap::new());
    /// let shared = std::sync::Arc::new(1);
    /// // SAFETY: single-threaded doc test.
    /// unsafe {
    ///     objs.with_gil(|py| py.new_module("m")?.init_module_state(shared.clone()))
    /// }
    /// .unwrap();
    /// ```
    pub fn init_module_state<T: Any + Send>(&self, value: T) -> PyResult<()> {
        let d = self.module_data()?;
        if d.state.get().is_some() {
            return Err(PyErr::new(
                &crate::exc::SYSTEM_ERROR,
                "module state already initialized",
            ));
        }
        if std::mem::align_of::<T>() > 16 {
            return Err(PyErr::new(
                &crate::exc::SYSTEM_ERROR,
                "module state alignment above 16 bytes",
            ));
        }
        let p = self.py.alloc(std::mem::size_of::<T>())?;
        // SAFETY: a fresh block of `size_of::<T>()` bytes, 16-aligned.
        unsafe { p.as_ptr().cast::<T>().write(value) };
        d.state.set(Some(State {
            ptr: p,
            type_id: TypeId::of::<T>(),
            drop: drop_state::<T>,
        }));
        // SAFETY: the token proves the GIL; the module is live.
        unsafe { self.py.ctx().track(self.raw()) };
        Ok(())
    }

    /// The per-module state, if it was initialised with a `T` (`PyModule_GetState`).
    pub fn module_state<T: Any>(&self) -> Option<&T> {
        let s = self.module_data().ok()?.state.get()?;
        // SAFETY: the type id matches, and the state lives (unmoved) until the module is freed,
        // which cannot happen while `self` is borrowed.
        (s.type_id == TypeId::of::<T>()).then(|| unsafe { &*s.ptr.as_ptr().cast::<T>() })
    }

    /// Whether the module has per-module state, whatever its type (CPython's
    /// `PyModule_GetState(m) != NULL`, the "already executed" check of
    /// `exec_builtin_or_dynamic`). `false` for an object that is not a module.
    pub fn has_module_state(&self) -> bool {
        self.module_data().is_ok_and(|d| d.state.get().is_some())
    }

    /// Sets where the module came from (shown by its repr).
    pub fn set_module_origin(&self, origin: Origin) -> PyResult<()> {
        let d = self.module_data()?;
        let dirs;
        let (text, loc) = match &origin {
            Origin::Unknown => (None, false),
            Origin::BuiltIn => (Some("built-in"), false),
            Origin::Frozen => (Some("frozen"), false),
            Origin::File(p) => (Some(p.as_str()), true),
            Origin::Namespace(d) => {
                // Folder names hold no NUL, so it separates them.
                dirs = d.join("\0");
                (Some(dirs.as_str()), false)
            }
        };
        d.namespace.set(matches!(origin, Origin::Namespace(_)));
        let new = match text {
            Some(t) => self.py.str(t)?.into_raw().as_ptr().cast_const(),
            None => std::ptr::null(),
        };
        let old = d.origin.replace(new);
        d.has_location.set(loc);
        if let Some(o) = NonNull::new(old.cast_mut()) {
            // SAFETY: the module's reference to its old origin str, taken out.
            unsafe { crate::handle::decref(self.py, o) };
        }
        Ok(())
    }

    /// Where the module came from.
    pub fn module_origin(&self) -> PyResult<Origin> {
        let d = self.module_data()?;
        let Some(o) = NonNull::new(d.origin.get().cast_mut()) else {
            return Ok(Origin::Unknown);
        };
        // SAFETY: the module owns its origin str.
        let t = unsafe { crate::str::as_str(o) };
        if d.namespace.get() {
            return Ok(Origin::Namespace(namespace_dirs(t)));
        }
        Ok(match (t, d.has_location.get()) {
            (_, true) => Origin::File(t.to_owned()),
            ("built-in", _) => Origin::BuiltIn,
            _ => Origin::Frozen,
        })
    }

    /// Clears the module's dict, breaking the cycles module functions form with their module
    /// (CPython's `_PyModule_Clear` at finalisation).
    pub fn module_clear(&self) -> PyResult<()> {
        self.module_dict()?.dict_clear()
    }
}

/// The folders of a namespace package's origin text.
fn namespace_dirs(t: &str) -> Vec<String> {
    t.split('\0').map(str::to_owned).collect()
}

/// `repr(module)`, as `importlib._bootstrap._module_repr`: `'?'` stands for a missing
/// `__name__` only (its `AttributeError`); any other failure, e.g. `MemoryError` while
/// looking it up, propagates. A `__name__` or `__file__` that is not a str shows its repr.
///
/// # Safety
/// `m` is a module.
pub(crate) unsafe fn module_repr(m: &Obj<'_>) -> PyResult<String> {
    // SAFETY: the contract; `m` holds the module.
    let d = unsafe { data(m.raw()) };
    let dict = m.module_dict()?;
    let name = match dict.dict_get_str("__name__")? {
        Some(n) => n.repr()?,
        None => "'?'".to_owned(),
    };
    if let Some(o) = NonNull::new(d.origin.get().cast_mut()) {
        // SAFETY: the module owns its origin str.
        let t = unsafe { crate::str::as_str(o) };
        if d.namespace.get() {
            let dirs: Vec<String> = namespace_dirs(t)
                .iter()
                .map(|p| crate::repr::str_repr(p))
                .collect();
            return Ok(format!(
                "<module {name} (namespace) from [{}]>",
                dirs.join(", ")
            ));
        }
        return Ok(if d.has_location.get() {
            format!("<module {name} from {}>", crate::repr::str_repr(t))
        } else {
            format!("<module {name} ({t})>")
        });
    }
    Ok(match dict.dict_get_str("__file__")? {
        Some(f) => format!("<module {name} from {}>", f.repr()?),
        None => format!("<module {name}>"),
    })
}

/// Releases what a module owns (dealloc).
///
/// # Safety
/// `p` is a module of `py`'s heap being freed (refcount zero), once.
pub(crate) unsafe fn drop_module(py: Py<'_>, p: Raw, stack: &mut Vec<Raw>) {
    // SAFETY: the token proves the GIL; a live module of its heap, nothing uses its state.
    let d = unsafe {
        py.ctx().untrack(p);
        release_outside(py, p);
        data(p)
    };
    if let Some(o) = NonNull::new(d.origin.replace(std::ptr::null()).cast_mut()) {
        // SAFETY: the module's reference to its origin str, given up.
        unsafe { crate::handle::decref_into(py, o, stack) };
    }
    // SAFETY: the module's reference to its dict, given up.
    unsafe { crate::handle::decref_into(py, d.dict, stack) };
}

/// Drops the module's state and definition (what it owns outside the objects of its heap),
/// leaving it without either.
///
/// # Safety
/// `p` is a live module of `py`'s heap, and no reference into its state is in use (true under
/// the GIL at dealloc, and at heap close, where no other code runs).
unsafe fn release_outside(py: Py<'_>, p: Raw) {
    // SAFETY: a live module (the contract).
    let d = unsafe { data(p) };
    if let Some(s) = d.state.take() {
        // SAFETY: the state holds a live value, dropped once here (taken out of the slot
        // first), then its block is freed.
        unsafe {
            (s.drop)(s.ptr);
            py.free(s.ptr);
        }
    }
    // SAFETY: no reference into the slot is ever handed out (`module_def` clones).
    drop(unsafe { (*d.def.get()).take() });
}

/// Releases the state and definition of a module still alive at heap close; the module stays
/// a module, with neither.
///
/// # Safety
/// `p` is a live module of `py`'s heap, and the caller holds its GIL (or the closing user's
/// exclusive access).
pub(crate) unsafe fn finalize_module(py: Py<'_>, p: Raw) {
    // SAFETY: forwarded contract; at close nothing borrows the state.
    unsafe { release_outside(py, p) }
}
