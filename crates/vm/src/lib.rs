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
//!   the caret lines, repeated lines collapsed, every line of a multi-line call shown, and no
//!   frames for list, dict and set comprehensions, which CPython 3.13 runs inline).
//! - Generators: `yield`, `yield from`, `send`, `throw`, `close`, `StopIteration` values,
//!   PEP 479.
//! - `with` on objects whose `__enter__`/`__exit__` are attributes (native classes today).
//! - Types: ints of any size (an `i64` fast path, then `num-bigint`; CPython's floor
//!   division and modulo signs, `pow(a, b, m)`, shifts, bit operations, `int(str, base)`),
//!   float, bool, None, str, list, tuple, dict, `range`, slices, dict views and the
//!   iterators of all of them; f-strings and `format` with the format mini-language,
//!   `str % args`.
//! - Builtins: `print` (`sep`, `end`), `len`, `repr`, `ascii`, `iter`, `next`, `isinstance`,
//!   `issubclass`, `min`, `max`, `sum`, `sorted`, `reversed`, `enumerate`, `zip`, `map`,
//!   `filter`, `any`, `all`, `abs`, `divmod`, `pow`, `round`, `hash`, `id`, `callable`,
//!   `chr`, `ord`, `format`, `getattr`, `hasattr`, `setattr`, `hex`, `bin`, `oct`, the types
//!   `int`, `float`, `str`, `bool`, `list`, `tuple`, `dict`, `range`, `type` (one argument)
//!   and every builtin exception class; the methods of str (`str_methods.rs`,
//!   `str_search.rs`, `str_extra.rs`; `str.format` and `format_map` in `str_format.rs`),
//!   list, dict, tuple and range (`methods.rs`), and `str % args` (`percent.rs`).
//! - Imports go to [`Host::import`] (`import a.b` binds `a`; `from m import x`).
//!
//! # Not yet run
//!
//! These operations raise `SystemError: the eval loop does not run OP yet` (never a panic):
//! `LOAD_BUILD_CLASS` (classes), `LOAD_CLASSDEREF`, `IMPORT_STAR`, `BUILD_SET`, `SET_ADD`,
//! `SET_UPDATE` (sets), `CHECK_EG_MATCH`, `PREP_RERAISE_STAR` (`except*`),
//! `BEFORE_ASYNC_WITH`, `GET_AWAITABLE`, `GET_AITER`, `GET_ANEXT`, `END_ASYNC_FOR`
//! (coroutines), `TYPE_PARAM`, `SET_FUNCTION_TYPE_PARAMS`, `SUBSCRIPT_GENERIC`, `TYPE_ALIAS`
//! (PEP 695 generics). Complex constants raise `SystemError: complex numbers are not run yet`.
//!
//! Known gaps of what runs: big ints are a separate class named `int` (so
//! `type(10**20) is int` is false, and as dict keys they hash by identity); a frozenset
//! constant is made a tuple; a generator keeps no exception state of its own, `throw` is not
//! delegated to a `yield from` sub-generator, and a generator dropped unfinished is not
//! closed (its `finally` blocks do not run); `print(file=...)` is refused; there is no
//! `sys`, `globals()`, `locals()`, `exec`, `eval` yet, and the eval breaker (GIL switches,
//! pending calls, a forced end) is not checked yet. Smaller ones the conformance programs
//! leave out: function attributes cannot be assigned (no `__dict__`; `__name__`,
//! `__qualname__`, `__defaults__` are read-only); `str.isdigit`/`isdecimal` know ASCII
//! digits only; a `str` cannot hold a lone surrogate (`'\ud800'` becomes U+FFFD); no
//! `slice` builtin, `dict.fromkeys`, `reversed(dict)`, `zip(strict=True)` check, exception
//! notes (`add_note`) or `SystemExit` handling in `run_main` (it prints a traceback).

mod arith;
mod attr;
mod bind;
mod builtin;
mod builtins;
mod call;
mod call_errors;
mod cells;
mod consts;
mod eval;
mod format;
mod frame;
mod function;
mod generator;
mod host;
mod int;
mod iter;
mod matching;
mod methods;
mod names;
mod percent;
mod raise;
mod str_extra;
mod str_format;
mod str_methods;
mod str_search;
mod strings;
mod subscr;
mod traceback;
mod tstate;
mod types;

pub use builtin::{Args, BUILTIN, Builtin, BuiltinDef, BuiltinFn};
pub use call::{METHOD_DESCR, MethodDescr};
pub use function::{CELL, CODE, Cell, CodeObj, FUNCTION, Function};
pub use generator::{GENERATOR, Generator};
pub use host::{Capture, Captured, Host};
pub use int::{BIG_INT, Big};
pub use iter::{RANGE, Range};
pub use traceback::{TRACEBACK, Traceback, format_exception, format_syntax_error};
pub use tstate::{DEFAULT_RECURSION_LIMIT, ELLIPSIS, Tstate};
