//! `subinterp-vm`: the eval loop. Runs `subinterp-compile`'s code objects on one
//! interpreter's heap (`subinterp-object`).
//!
//! Depends on compile and object only: output, source lines and imports reach the loop
//! through the [`Host`] trait the runtime implements.
//!
//! ```
//! use subinterp_object::{InterpId, Objects};
//! use subinterp_obmalloc::Heap;
//! use subinterp_vm::{Capture, Tstate};
//!
//! let objs = Objects::new(InterpId::new(0), Heap::new());
//! let out = Capture::new();
//! // SAFETY: this thread is the only one using `objs`.
//! unsafe {
//!     objs.with_gil(|py| {
//!         let mut ts = Tstate::new(py, Box::new(out.clone())).unwrap();
//!         ts.run_main("def f(n):\n    return n * 2\nprint(f(21))\n", "m.py").unwrap();
//!     })
//! };
//! assert_eq!(out.captured().stdout, "42\n");
//! ```
//!
//! # The context model
//!
//! A thread that runs Python code in an interpreter holds one [`Tstate`] (CPython's
//! `PyThreadState`): the GIL token, the host, the frame stack, the handled exception
//! (`sys.exc_info()`), the recursion limit, the constant cache and the builtins. It is passed
//! explicitly, as `&mut Tstate`, to the loop and to every native function
//! ([`BuiltinFn`]); there is no thread-local.
//!
//! # Native functions
//!
//! There is one native function type, [`BuiltinFn`] (`(&mut Tstate, self, Args)`), and one
//! binder, [`Args`] (CPython's texts for builtins: [`Args::bind`], [`Args::exactly`],
//! [`Args::none`], [`Args::exact_positional`]; for natives standing for Python-level
//! functions: [`Args::bind_sig`] with a [`Sig`]). The layers above (the runtime's modules,
//! import's `_imp`, extension modules) write their functions against it: module functions
//! are made by [`add_functions`] (bound to their module, `<built-in function f>`), and a
//! native class's methods are a [`MethodTable`] in its `Slots::methods`. The object crate
//! cannot name [`Tstate`], so it keeps that table behind its opaque `NativeMethods` trait;
//! the loop's attribute lookup downcasts it and binds the method to the instance, as it does
//! for the builtin types' methods. Rust code outside the loop calls a native with a thread
//! state ([`Tstate::call`], [`Tstate::call_method`]).
//!
//! # The frame stack
//!
//! A frame (CPython's `_PyInterpreterFrame`) is one activation of a code object: fast locals,
//! cells, value stack, instruction pointer. One activation of the loop keeps its running
//! frame in a local and the frames below it in [`Tstate`]'s `Vec`: a Python-to-Python call
//! pushes the caller and continues with the callee in the same loop, a return pops it back.
//! Python recursion therefore never recurses on the native stack. Native code that calls
//! back into Python ([`Tstate::call`]: a `key=` function, `map`, a generator resumed by
//! `next`) starts a new activation over the same stack; such re-entries are counted and run
//! on a native stack segment grown on demand.
//!
//! # The recursion rule
//!
//! The depth is every frame of the thread, running or waiting, whatever activation it
//! belongs to. A frame that would make it exceed the limit (default
//! [`DEFAULT_RECURSION_LIMIT`], set with [`Tstate::set_recursion_limit`]) raises
//! `RecursionError: maximum recursion depth exceeded` in the caller; a native stack overflow
//! cannot happen, whatever the limit.
//!
//! # The eval breaker
//!
//! The loop polls the interpreter's [`EvalBreaker`](subinterp_gil::EvalBreaker) (given by
//! [`Host::eval_breaker`]) where CPython checks `eval_breaker`: on backward jumps, on calls
//! of Python functions and when a generator or coroutine is resumed. The check is one
//! relaxed load; when a bit is set, a cold path calls [`Host::eval_breaker_tripped`], where
//! the runtime drops and retakes the GIL for a waiter, runs pending calls, and returns the
//! exception of a forced end or of `KeyboardInterrupt`, which is raised at that point of
//! the program (in a resumed generator, inside it). So a `while True: pass` can be ended
//! from another thread.
//!
//! # Constants
//!
//! [`Code`](subinterp_compile::Code) is shared by every interpreter; its constants are plain
//! Rust values. The first time an interpreter runs a code object it makes the constants and
//! names into objects of its heap and caches them, keyed by the code's address (the cache
//! holds the `Arc`, so the address stays that code's).
//!
//! # What outlives a run
//!
//! A [`Tstate`] lives for one run (it holds the run's GIL token). What belongs to the
//! interpreter (the builtins, the constant cache, `Ellipsis`, the unbound methods of builtin
//! types, spare frame storage, the recursion limit, the source texts) is a [`VmState`] that
//! the embedding layer keeps with the interpreter: [`Tstate::attach`] moves it into a run and
//! [`Tstate::detach`] moves it back, so a run makes, binds and allocates nothing again. Its
//! objects keep their handles between runs with the token lifetime erased, and are reached
//! again only under a token checked to be of their interpreter (`state.rs`).
//!
//! ```
//! use subinterp_object::{InterpId, Objects};
//! use subinterp_obmalloc::Heap;
//! use subinterp_vm::{Capture, Tstate, VmState};
//!
//! let objs = Objects::new(InterpId::new(0), Heap::new());
//! let out = Capture::new();
//! // SAFETY: this thread is the only one using `objs`.
//! unsafe {
//!     objs.with_gil(|py| {
//!         let mut state = VmState::new(py).unwrap();
//!         for _ in 0..2 {
//!             let mut ts = Tstate::attach(py, Box::new(out.clone()), state).unwrap();
//!             ts.run_main("print(1 + 1)\n", "m.py").unwrap();
//!             state = ts.detach();
//!         }
//!         assert_eq!(state.cached_code_count(), 1);
//!         state.release(py).unwrap();
//!     })
//! };
//! assert_eq!(out.captured().stdout, "2\n2\n");
//! ```
//!
//! # What runs
//!
//! - Module code, functions (positional, keyword, defaults, keyword-only, positional-only,
//!   `*args`, `**kwargs`, with CPython's binding errors), closures and cells,
//!   `global`/`nonlocal`, lambdas, decorators, comprehensions and generator expressions,
//!   walrus, chained comparisons, conditional expressions, `del`, `assert`, unpacking
//!   (starred, nested), `match` (literal, capture, wildcard, value, sequence, mapping, or,
//!   guard and class patterns, with `__match_args__`).
//! - Classes (CPython's data model, see `docs/cpython-map.md`): `class` statements
//!   (`__build_class__`: metaclass selection with CPython's `metaclass conflict` text,
//!   `__prepare__`, `__module__`, `__qualname__`, `__doc__`, `__firstlineno__`,
//!   `__static_attributes__`, the `__class__` cell), `type(name, bases, ns)` and `type(x)`,
//!   single and multiple inheritance (C3 `__mro__`, CPython's inconsistent-MRO and
//!   layout-conflict errors), calling a class (`__new__` then `__init__`, CPython's
//!   excess-argument rules and texts), metaclasses deriving from `type` with `__new__`,
//!   `__init__`, `__call__`, `__prepare__`; `super()` (zero-argument and explicit),
//!   `__init_subclass__` with class keywords, `__set_name__`, `__slots__` (member descriptors,
//!   a `__dict__` slot), instance `__dict__`s, `__getattr__`, `__getattribute__`,
//!   `__setattr__` and `__delattr__` overrides, `dir()`; descriptors: functions binding
//!   to methods, `property` (getter, setter, deleter, decorator forms), `staticmethod`,
//!   `classmethod`, user descriptors, data versus non-data precedence
//!   (`PyObject_GenericGetAttr`, through a lookup cache keyed by class version tags);
//!   `isinstance`/`issubclass` along the MRO with tuples and metaclass hooks (and the
//!   hooks of the class of a non-class second argument, a typing alias); PEP 560
//!   `__mro_entries__` of bases with `__orig_bases__`;
//!   `__subclasses__()`, `mro()`; subclasses of `int`, `float`, `str`, `bytes`, `tuple`,
//!   `list`, `dict` and of the exception classes (raised, caught and printed as CPython
//!   does); private names mangled (attributes, and names held in dicts: class-body names,
//!   globals named from methods). Operator dunders (`__add__`, `__eq__`,
//!   `__len__`, `__iter__`, `__repr__` used by `repr()`, ...) are the next step: a class
//!   defining them is not yet dispatched to by the operators.
//! - `if`/`for`/`while` with `else`, `break`, `continue`; `try`/`except`/`else`/`finally`,
//!   `raise`, `raise ... from ...`, bare `raise`, chaining (`__context__`, `__cause__`,
//!   `__suppress_context__`), tracebacks ([`format_exception`]: CPython 3.13's text without
//!   the caret lines, repeated lines collapsed, every line of a multi-line call shown, and no
//!   frames for list, dict and set comprehensions, which CPython 3.13 runs inline).
//! - Generators: `yield`, `yield from`, `send`, `throw`, `close` (returning the return
//!   value, as 3.13), `StopIteration` values, PEP 479, `gi_running`, `gi_suspended`,
//!   `gi_yieldfrom`, `__name__`, `__qualname__`. A generator keeps its own handled exception
//!   across `yield`s ([`Tstate::exc_info`] inside it is its own, else its caller's);
//!   `throw` and `close` are delegated to a `yield from` delegate; a generator that dies
//!   suspended is closed at the loop's next check (before a call, on a backward jump, when
//!   a frame returns, at the end of `exec`), and an exception from that close is reported
//!   as CPython's unraisable `Exception ignored in: <generator object f at 0x...>` on
//!   standard error.
//! - Coroutines (`async def`, `await`, `send`/`throw`/`close`, `__await__`, `cr_running`,
//!   `cr_suspended`, `cr_await`, CPython's texts for a coroutine awaited twice or reused and
//!   for objects that cannot be awaited), async generators (`__aiter__`, `__anext__`,
//!   `asend`, `athrow`, `aclose`), `async for` and `async with`.
//!   The async protocols go through attribute lookup (`__await__`, `__aenter__`,
//!   `__aexit__`, `__aiter__`, `__anext__`), so user classes take part once classes exist.
//! - `except*` and exception groups (`BaseExceptionGroup`, `ExceptionGroup`: CPython's
//!   constructor checks and texts, `message`, `exceptions`, `split`, `subgroup`, `derive`,
//!   `str`; `CHECK_EG_MATCH`, `PREP_RERAISE_STAR`); an uncaught group prints CPython
//!   3.13's `Exception Group Traceback` boxes (15 members, 10 levels at most).
//!   `ExceptionGroup` derives from `Exception` only until classes bring multiple bases:
//!   `except`, `except*`, `split`, `isinstance` and `issubclass` count it as a
//!   `BaseExceptionGroup` too; its `__mro__` does not show it yet.
//! - `with` (single, multi-item, nested) on objects whose `__enter__`/`__exit__` are found
//!   by attribute lookup (native classes today, user classes unchanged later): `__exit__`
//!   gets `(type, value, traceback)` or three `None`s, a true answer suppresses the
//!   exception, an exception in `__enter__` skips `__exit__`, one in `__exit__` has the
//!   body's exception as its context; a suspended generator's `with` exits when it is
//!   closed or dropped.
//! - Types: `int` of any size, one type (the object crate's `int` has an `i64` fast path
//!   and a big form; arithmetic goes through `num-bigint` beyond 64 bits, results that fit
//!   come back small; CPython's hash, floor division and modulo signs, correctly rounded
//!   true division, `pow(a, b, m)`, shifts, bit operations, `int(str, base)`, the
//!   4300-digit limit of decimal conversions, `bit_length`, `bit_count`, `to_bytes`,
//!   `int.from_bytes`), float, bool, None, str, bytes (the constructor, indexing,
//!   slicing, iteration, `+`, `*`, `str.encode`/`bytes.decode` with the utf-8, ascii and
//!   latin-1 codecs and the strict/ignore/replace handlers), list, tuple, dict, `set` and
//!   `frozenset` (CPython's table layout, so iteration order, `pop` and the frozenset hash
//!   are CPython's; literals, comprehensions, constants, the operators and their in-place
//!   forms, subset comparisons, every method), `range`, slices, dict views (keys and items
//!   views with the set operators) and the iterators of all of them; f-strings and
//!   `format` with the format mini-language, `str % args`.
//! - Builtins: `exec`, `eval` and `compile` (source text or code objects, the
//!   caller's or given namespaces), `globals`, `locals`, `vars`, `dir`, `slice` (with
//!   `indices`), `print` (`sep`, `end`, `file` (its `write` method, called per piece as
//!   CPython does), `flush`; without `file`, whatever `sys.stdout` holds at the call), `len`, `repr`, `ascii`, `iter`, `next`, `isinstance`,
//!   `issubclass`, `min`, `max`, `sum`, `sorted`, `reversed`, `enumerate`, `zip`, `map`,
//!   `filter`, `any`, `all`, `abs`, `divmod`, `pow`, `round`, `hash`, `id`, `callable`,
//!   `chr`, `ord`, `format`, `getattr`, `hasattr`, `setattr`, `hex`, `bin`, `oct`, the types
//!   `int`, `float`, `str`, `bytes`, `bool`, `list`, `tuple`, `dict`, `set`, `frozenset`,
//!   `slice`, `range`, `type` (one argument)
//!   and every builtin exception class; the methods of str (`str_methods.rs`,
//!   `str_search.rs`, `str_extra.rs`; `str.format` and `format_map` in `str_format.rs`),
//!   list, dict, tuple and range (`methods.rs`), also called unbound (`str.lower('A')`), the
//!   class methods `int.from_bytes` and `dict.fromkeys`, and `str % args` (`percent.rs`).
//! - Native objects of upper crates (the standard library's iterators, callables and
//!   containers: [`new_ext`]) take part in iteration, calls, `len`, subscripts, `in` and
//!   comparisons through their [`Protocol`]; their classes are called and their class
//!   methods read through a [`NativeClass`] ([`register_class`]); native code reaches the loop's operations through
//!   `Tstate`'s object-protocol methods (`get_iter`, `next_item`, `compare`, `binary`,
//!   `get_item`, `hash`, ...: `api.rs`).
//! - Imports: the loop resolves relative names (`from . import x`, `from ..p import y`, with
//!   CPython's `no known parent package` / `beyond top-level package` errors), asks
//!   [`Host::import`] step by step and runs module bodies itself on the importing thread
//!   state (tracebacks show the imported file's frames), handles the from-list (submodules
//!   found for `from a import b`), and `from m import x` with CPython's texts (circular
//!   imports named as such): see `importing.rs`. `import a.b` binds `a`; `from m import *`
//!   honours `__all__`.
//! - `sys.exc_info()`, `sys.exception()`, `sys.getrecursionlimit()`,
//!   `sys.setrecursionlimit()`, `sys.get_int_max_str_digits()`,
//!   `sys.set_int_max_str_digits()`: [`sys_functions`], for the runtime's `sys` module.
//!
//! - The cycle collector's loop side ([`fill_gc_module`] and [`fill_weakref_module`] for
//!   the embedding layer's `gc` and `weakref` modules): `gc.collect`, `enable`, `disable`,
//!   `isenabled`, `get_count`, `get_threshold`, `set_threshold`, `is_tracked`,
//!   `get_objects`, `get_stats`, `get_referents`, `get_referrers`, `garbage`; `weakref.ref` (`ReferenceType`: calling,
//!   `__callback__`, CPython's hash and equality), `getweakrefcount`, `getweakrefs`. Weak
//!   reference callbacks and automatic collections run at the loop's checks (where dropped
//!   generators are closed). Functions, cells, generators, coroutines, builtin and bound
//!   methods, `staticmethod`/`classmethod`/`property` objects, classes and their instances
//!   are containers the collector traverses; cells, dicts and instance dicts are what it
//!   clears to break a cycle. The `__del__` of an instance in a garbage cycle runs once
//!   (an object it resurrects is kept; an exception it raises is reported as unraisable).
//!
//! # The data model of classes
//!
//! Dunder methods of classes reach the loop and native code the way a builtin type's
//! behaviour does (`slots.rs`, `dunder.rs`): each class keeps a slot table in its type object
//! (a bit per dunder method some class of its MRO made at run time defines), filled on first
//! use and refilled when the class's version tag changes (a dunder assigned or deleted on it
//! or a base). Operations check `has_heap_type()` after their builtin fast paths, so ints,
//! lists and dicts pay one flag test. What is dispatched: binary operators with the reflected
//! method first when the right operand's class derives from the left one's, in-place forms
//! falling back to the binary ones, `NotImplemented` and CPython's `unsupported operand
//! type(s)` texts; rich comparison (reflected, `__ne__` from `__eq__`, identity for `==`
//! when neither answers); `__neg__`/`__pos__`/`__invert__`/`__abs__`, `__divmod__`,
//! `__round__`, `__index__`/`__int__`/`__float__`; `__bool__`/`__len__`; `__hash__` (a class
//! defining `__eq__` and not `__hash__` is unhashable); `__repr__`/`__str__`/`__format__`
//! (f-strings, `format`, `print`, `%`); `__iter__`/`__next__` and the `__getitem__` sequence
//! protocol; `__getitem__`/`__setitem__`/`__delitem__`, `__class_getitem__` (a metaclass's
//! `__getitem__` first; `list[int]` and the other PEP 585 builtins make a
//! `types.GenericAlias` of the Python-source `types` module), `__missing__`;
//! `__contains__`; `__call__`. Native algorithms of the object crate (container `repr`,
//! `==` and ordering of containers, tuple hashes, dict and set lookups) call back through
//! [`subinterp_object::Upcall`], which [`Tstate`] implements, so `sorted`, `min`, `in`,
//! `{k: v}` and `print([obj])` dispatch exactly as the loop does. Not yet: `__del__`.
//!
//! # Not yet run
//!
//! These operations raise `SystemError: the eval loop does not run OP yet` (never a panic):
//! `TYPE_PARAM`, `SET_FUNCTION_TYPE_PARAMS`,
//! `SUBSCRIPT_GENERIC`, `TYPE_ALIAS` (PEP 695 generics). Complex constants raise
//! `SystemError: complex numbers are not run yet`.
//!
//! Known gaps of what runs: the int digit limit (`sys.set_int_max_str_digits`) is kept per
//! heap, so legacy interpreters sharing main's heap share it;
//! a generator that dies suspended on another thread than its maker's is closed by its
//! maker's thread state, not at all if that one is gone; there is no `sys` module in the vm
//! itself (the runtime builds it: [`sys_functions`] are the vm's part); `dir(x)` lists the
//! methods the loop knows for `x`'s type, without the dunder names; a `SyntaxError` raised
//! by `exec`/`eval` has no `msg`/`lineno` attributes (its `str()` is CPython's).
//! A generator whose last reference a native object held (an iterator, an `asend`
//! awaitable) is closed when that deferred release runs, not at once.
//! The collector: a generator whose only cycle runs through its own suspended frame is never
//! freed (it has no `clear`; CPython's `tp_finalize` + clear frees it); `weakref.proxy`,
//! `WeakValueDictionary`, `WeakKeyDictionary` and `WeakSet` wait for classes; iterators
//! (`map`, `zip`, ...) and tracebacks are not traversed, so a cycle through one is not found.
//! Smaller ones the conformance programs leave out: a function's `__defaults__` and
//! `__kwdefaults__` cannot be assigned; the iterator of `reversed()` over the
//! sequence protocol has no `__length_hint__`;
//! `str.isdigit`/`isdecimal` know ASCII digits only; a `str` cannot hold a lone surrogate
//! (`'\ud800'` becomes U+FFFD); no `reversed(dict)`, `zip(strict=True)` check or exception
//! notes (`add_note`).
//! Of classes: `__class__` and `__bases__` cannot be assigned, nor `__name__` of a class;
//! a class made by `type(name, bases, ns)` outside a call from Python code gets no
//! `__module__`; `__slots__` with names on a subclass of a builtin other than `object` is
//! refused (`nonempty __slots__ not supported`), where CPython allows it for `list`, `dict`
//! and exceptions; abstract classes (`abc`) and a `__prepare__` namespace that is not a
//! `dict` (a `dict` subclass's `__setitem__` sees each store of the class body) are not
//! supported; `dir()` of a builtin
//! class's instance lists only the methods the loop knows; `super(C)` with one argument
//! is refused; private fast locals keep their written names (`locals()` shows `__x`, not
//! `_C__x`); subclasses of `set`,
//! `frozenset` and other builtins than those listed above cannot be made.

mod abstract_new;
mod api;
mod arith;
mod async_gen;
mod attr;
mod bind;
mod breaker;
mod build_class;
mod builtin;
mod builtins;
mod bytes_ops;
mod call;
mod call_errors;
mod cells;
mod collector;
mod consts;
mod coro;
mod descr;
mod dict_dunder;
mod display;
mod dunder;
mod eval;
mod exc_group;
mod ext;
mod format;
mod frame;
mod function;
mod gc_module;
mod gen_drop;
mod gen_methods;
mod generator;
mod generic_attr;
mod host;
mod importing;
mod int;
mod int_methods;
mod iter;
mod matching;
mod methods;
mod mro;
mod names;
mod native;
mod percent;
mod raise;
mod round;
mod scope;
mod set_bases;
mod sets;
mod sig;
mod slots;
mod state;
mod stdio;
mod str_extra;
mod str_format;
mod str_methods;
mod str_search;
mod str_translate;
mod strings;
mod subscr;
mod super_obj;
mod sys;
mod tb_group;
mod traceback;
mod tstate;
mod type_call;
mod typeobj;
mod types;

pub use api::{BinOp, CmpOp, Op};
pub use async_gen::{ASEND, ASYNC_GENERATOR, ASend, ATHROW};
pub use builtin::{Args, BUILTIN, Builtin, BuiltinDef, BuiltinFn};
pub use call::{METHOD_DESCR, MethodDescr};
pub use coro::{CORO_WRAPPER, CoroWrapper};
pub use descr::{
    CLASSMETHOD, MEMBER, METHOD, Member, Method, PROPERTY, Property, STATICMETHOD, Wrapper,
};
pub use exc_group::{BASE_EXCEPTION_GROUP, EXCEPTION_GROUP};
pub use ext::{
    CallFn, CompareFn, ContainsFn, Ext, GetItemFn, IterFn, LenFn, NativeClass, NextFn, Protocol,
    SetItemFn, bind_ref, ext_value, new_ext, register_class,
};
pub use function::{CELL, CODE, Cell, CodeObj, FUNCTION, Function};
pub use gc_module::{fill_gc_module, fill_weakref_module};
pub use generator::{COROUTINE, GENERATOR, Generator};
pub use host::{Capture, Captured, Host, Imported, ModuleRun};
pub use importing::resolve_import_name;
pub use iter::{RANGE, Range};
pub use native::{MethodTable, add_functions, builtin_self, new_builtin};
pub use sig::Sig;
pub use state::{Context, VmState};
pub use stdio::{StdStream, std_stream};
pub use super_obj::{SUPER, Super};
pub use sys::sys_functions;
pub use traceback::{TRACEBACK, Traceback, format_exception, format_syntax_error};
pub use tstate::syntax_error;
pub use tstate::{DEFAULT_RECURSION_LIMIT, ELLIPSIS, NOT_IMPLEMENTED_TYPE, Tstate};
