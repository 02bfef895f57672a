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
//! let objs = Objects::new(InterpId(0), Heap::new());
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
//! # Constants
//!
//! [`Code`](subinterp_compile::Code) is shared by every interpreter; its constants are plain
//! Rust values. The first time a thread state runs a code object it makes the constants and
//! names into objects of its heap and caches them, keyed by the code's address (the cache
//! holds the `Arc`, so the address stays that code's).
//!
//! # What runs
//!
//! - Module code, functions (positional, keyword, defaults, keyword-only, positional-only,
//!   `*args`, `**kwargs`, with CPython's binding errors), closures and cells,
//!   `global`/`nonlocal`, lambdas, decorators, comprehensions and generator expressions,
//!   walrus, chained comparisons, conditional expressions, `del`, `assert`, unpacking
//!   (starred, nested), `match` (literal, capture, wildcard, value, sequence, mapping, or,
//!   guard and class patterns; class patterns on the builtin types until classes arrive).
//! - `if`/`for`/`while` with `else`, `break`, `continue`; `try`/`except`/`else`/`finally`,
//!   `raise`, `raise ... from ...`, bare `raise`, chaining (`__context__`, `__cause__`,
//!   `__suppress_context__`), tracebacks ([`format_exception`]: CPython 3.13's text without
//!   the caret lines, repeated lines collapsed as CPython does).
//! - Generators: `yield`, `yield from`, `send`, `throw`, `close`, `StopIteration` values,
//!   PEP 479.
//! - `with` on objects whose `__enter__`/`__exit__` are attributes (native classes today).
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
//!   CPython does), `flush`), `len`, `repr`, `ascii`, `iter`, `next`, `isinstance`,
//!   `issubclass`, `min`, `max`, `sum`, `sorted`, `reversed`, `enumerate`, `zip`, `map`,
//!   `filter`, `any`, `all`, `abs`, `divmod`, `pow`, `round`, `hash`, `id`, `callable`,
//!   `chr`, `ord`, `format`, `getattr`, `hasattr`, `setattr`, `hex`, `bin`, `oct`, the types
//!   `int`, `float`, `str`, `bytes`, `bool`, `list`, `tuple`, `dict`, `set`, `frozenset`,
//!   `slice`, `range`, `type` (one argument)
//!   and every builtin exception class; the common methods of str, list, dict and tuple
//!   (`methods.rs`, `str_methods.rs`, `str_more.rs`: every public method of str, list,
//!   dict and tuple CPython has, `start`/`end` windows included), also called unbound
//!   (`str.lower('A')`), and the class methods `int.from_bytes`, `dict.fromkeys` and
//!   `str.maketrans`; `str.format` fields with `.attr`/`[key]` lookups and nested
//!   specs, `%(key)s` with a mapping.
//! - Imports go to [`Host::import`] (`import a.b` binds `a`; `from m import x`;
//!   `from m import *` honouring `__all__`).
//! - `sys.exc_info()`, `sys.exception()`, `sys.getrecursionlimit()`,
//!   `sys.setrecursionlimit()`, `sys.get_int_max_str_digits()`,
//!   `sys.set_int_max_str_digits()`: [`sys_functions`], for the runtime's `sys` module.
//!
//! # Not yet run
//!
//! These operations raise `SystemError: the eval loop does not run OP yet` (never a panic):
//! `LOAD_BUILD_CLASS` (classes), `LOAD_CLASSDEREF`, `CHECK_EG_MATCH`,
//! `PREP_RERAISE_STAR` (`except*`), `BEFORE_ASYNC_WITH`, `GET_AWAITABLE`, `GET_AITER`, `GET_ANEXT`, `END_ASYNC_FOR`
//! (coroutines), `TYPE_PARAM`, `SET_FUNCTION_TYPE_PARAMS`, `SUBSCRIPT_GENERIC`, `TYPE_ALIAS`
//! (PEP 695 generics). Complex constants raise `SystemError: complex numbers are not run yet`.
//!
//! Known gaps of what runs: the int digit limit (`sys.set_int_max_str_digits`) is kept per
//! heap, so legacy interpreters sharing main's heap share it; a generator keeps no exception
//! state of its own,
//! `throw` is not delegated to a `yield from` sub-generator, and a generator dropped
//! unfinished is not closed (its `finally` blocks do not run); there is no `sys` module in
//! the vm itself (the runtime builds it: [`sys_functions`] are the vm's part); `dir(x)`
//! lists the methods the loop knows for `x`'s type, without the dunder names; a
//! `SyntaxError` raised by `exec`/`eval` has no `msg`/`lineno` attributes (its `str()` is
//! CPython's) and its traceback has no source-line section; `str.casefold` folds only the
//! common full foldings (`ß`, final sigma) and `str.isidentifier` approximates XID with
//! Rust's alphabetic/alphanumeric classes; codecs are utf-8, ascii and latin-1 only; and
//! the eval breaker (GIL switches, pending calls, a forced end) is not checked yet.

mod arith;
mod attr;
mod bind;
mod builtin;
mod builtins;
mod bytes_ops;
mod call;
mod cells;
mod consts;
mod eval;
mod format;
mod frame;
mod function;
mod generator;
mod host;
mod int;
mod int_methods;
mod iter;
mod matching;
mod methods;
mod names;
mod raise;
mod round;
mod scope;
mod sets;
mod str_methods;
mod str_more;
mod strings;
mod subscr;
mod sys;
mod traceback;
mod tstate;
mod types;

pub use builtin::{Args, BUILTIN, Builtin, BuiltinDef, BuiltinFn};
pub use call::{METHOD_DESCR, MethodDescr};
pub use function::{CELL, CODE, Cell, CodeObj, FUNCTION, Function};
pub use generator::{GENERATOR, Generator};
pub use host::{Capture, Captured, Host};
pub use iter::{RANGE, Range};
pub use sys::sys_functions;
pub use traceback::{TRACEBACK, Traceback, format_exception, format_syntax_error};
pub use tstate::{DEFAULT_RECURSION_LIMIT, ELLIPSIS, Tstate};
