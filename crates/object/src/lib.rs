//! `subinterp-object`: refcounted objects that live in one interpreter's obmalloc heap.
//!
//! Depends on `subinterp-obmalloc` and the leaf `subinterp-id` (whose [`InterpId`] it re-exports)
//! only. Must never depend on the GIL crate: its GIL token is created by whichever layer
//! attached a thread state.
//!
//! # The model
//!
//! - [`Objects`] is one interpreter's object-layer state: its [`InterpId`] and the heap it
//!   allocates from (its own, or main's for legacy interpreters).
//! - [`Py<'py>`](Py) is the GIL token, made by the `unsafe` [`Objects::with_gil`] (contract:
//!   the calling thread holds the GIL serialising that heap whenever the token or a handle
//!   is used; it may release it inside the call only while nothing of the scope is touched).
//!   It is `Copy`, `!Send` and invariant in `'py`.
//! - [`Obj<'py>`](Obj) is an owned strong reference reached through a token: `Clone` increfs,
//!   `Drop` decrefs, `!Send`, cannot outlive `'py`.
//! - [`ObjRef`] is an unbound owned reference (`Send`), storable in interpreter state, usable
//!   again only through [`ObjRef::bind`] with a token of the same heap.
//! - Immortal statics (`None`, `True`, `False`, small ints, `()`, `''`, `b''`, every
//!   [`StaticType`]) belong to no heap and are shared by all interpreters; their refcounts are
//!   never written.
//! - Every block an object uses, variable parts included, comes from its owner's heap; a
//!   refcount operation on an object of another heap is never performed in place but queued
//!   to the owner ([`Py::run_deferred`], [`DeferHook`]).
//!
//! ```
//! use subinterp_object::{InterpId, Objects};
//! use subinterp_obmalloc::Heap;
//!
//! let objs = Objects::new(InterpId::new(0), Heap::new());
//! // SAFETY: this thread is the only one using `objs`.
//! let text = unsafe {
//!     objs.with_gil(|py| {
//!         let d = py.dict()?;
//!         d.set_item(&py.str("a")?, &py.list_of((1, (1, 2.5)))?)?;
//!         d.repr()
//!     })
//! };
//! assert_eq!(text.unwrap(), "{'a': [1, (1, 2.5)]}");
//! ```

mod bigint;
mod bytes;
mod capsule;
mod cmp;
mod convert;
mod dealloc;
mod dict;
mod digits;
mod err;
pub mod exc;
mod exc_chain;
mod finalize;
mod float;
mod func;
mod gc;
mod handle;
mod hash;
mod header;
mod heap;
pub mod heaptype;
mod immortal;
mod int;
mod layout;
mod list;
mod module;
mod native;
mod ops;
mod recursion;
mod repr;
mod seq;
mod set;
mod state;
mod str;
mod subclass;
mod token;
mod tuple;
pub mod types;
mod upcall;
mod vec;
mod weakref;

pub use bigint::{INT_MAX_STR_DIGITS, hash_bigint, int_to_decimal};
pub use capsule::CapsuleDestructor;
pub use cmp::CompareOp;
pub use convert::IntoObj;
pub use digits::{decimal_and_space_to_ascii, decimal_value, trim_py_space};
pub use err::{PyErr, PyResult};
pub use float::float_repr;
pub use func::NativeMethods;
pub use gc::{DEFAULT_THRESHOLDS, GENERATIONS, GcHooks, GenStats, Visit};
pub use handle::{BindError, IntoBoundError, Obj, ObjRef};
pub use hash::{hash_bytes, hash_float, hash_int, hash_pointer, hash_str, hash_tuple};
pub use heap::{DeferHold, DeferHook, DeferStats};
pub use heaptype::TypeSpec;
pub use int::checked;
pub use module::{ModuleDefRef, Origin};
/// The big-integer crate behind `int`'s big form (see [`Obj::as_bigint`], [`Py::int_big`]).
pub use num_bigint;
pub use recursion::{enter_native_call, stack_room};
pub use repr::{bytes_repr, is_printable, str_repr};
pub use state::{EndReport, HeapClosed, Objects};
pub use subinterp_id::InterpId;
/// The address hasher of every address-keyed table (see the obmalloc crate).
pub use subinterp_obmalloc::AddrHasher;
pub use token::Py;
pub use types::{ClearFn, GetAttrFn, Kind, ReprFn, Slots, StaticType, TraverseFn};
pub use upcall::{NoUpcall, Upcall};
pub use weakref::WEAKREF;
