//! `subinterp-stdlib`: the standard library's native modules, one module per file, with
//! CPython 3.13's names, results and error texts.
//!
//! Every function is a vm [`BuiltinFn`](subinterp_vm::BuiltinFn) (it gets the thread state,
//! binds its arguments with the vm's binder and reaches other objects through the vm's
//! object protocol); native objects (iterators, `Random` instances) are
//! [`new_ext`](subinterp_vm::new_ext) objects whose [`Protocol`](subinterp_vm::Protocol)
//! tells the loop how to iterate or call them.
//!
//! Modules written in Python source are files under `lib/`, listed in [`LIB_TABLE`]
//! (`pylib.rs`), which the runtime gives the import system as its Python-source library.
//!
//! The runtime appends [`inittab_entries`] to its builtin-module table: each module is a
//! multi-phase definition, so every interpreter that imports it gets its own module object
//! (`Py_MOD_PER_INTERPRETER_GIL_SUPPORTED`). Without the import system, [`StdModule::make`]
//! builds a module directly (what the crate's conformance tests do).
//!
//! | module | file | what |
//! |---|---|---|
//! | `math` | `math.rs`, `math_float.rs`, `math_int.rs` | the platform libm as CPython calls it, CPython's own `gamma`, `lgamma`, `fsum`, `hypot`/`dist` algorithms, integer functions of any size |
//! | `array` | `array.rs`, `array_code.rs` | `array.array` for the numeric type codes: methods, indexing, slicing, comparisons, machine bytes, CPython's overflow texts |
//! | `bisect` | `bisect.rs` | the four functions and their aliases, `lo`/`hi`/`key` |
//! | `_collections` | `deque.rs` | `deque` (the native part of the Python-source `collections`) |
//! | `copy` | `copy.rs` | `copy`, `deepcopy` (memo, shared and cyclic references) for the builtin containers, `__copy__`/`__deepcopy__` otherwise |
//! | `_functools` | `functools.rs` | `reduce`, `partial`, `cmp_to_key` (the native part of the Python-source `functools`) |
//! | `heapq` | `heapq.rs` | CPython's sift algorithms; `nsmallest`/`nlargest` as `heapq.py` |
//! | `io`, `_io` | `io.rs`, `io_buf.rs` | `StringIO` and `BytesIO` (one implementation over the element type), their methods, line iteration, `with` |
//! | `itertools` | `itertools.rs`, `itertools_comb.rs`, `itertools_group.rs` | every iterator of CPython 3.13's module, lazy, with its reprs and argument errors |
//! | `operator` | `operator.rs`, `operator_getters.rs` | every function and dunder alias, `attrgetter`, `itemgetter`, `methodcaller` |
//! | `posix` (its standard-library part) | `posix.rs` | `getcwd`, `listdir`, `stat`, `urandom`, `cpu_count`, `environ`, errno `OSError`s (the runtime registers `posix` and calls [`fill_posix`]) |
//! | `_thread` (its standard-library part) | `thread_lock.rs` | `allocate_lock` (waits without the GIL), `get_ident`, `get_native_id` (the runtime registers `_thread`, starts threads, and calls [`fill_thread`]) |
//! | `random` | `random.rs`, `random_mt.rs`, `random_dist.rs`, `pyargs.rs` | CPython's Mersenne Twister and seeding (`seed(int)`, `seed(str)` through SHA-512), `random.py`'s methods step for step, `Random` instances |
//! | `string` | `string.rs` | the constants and `capwords` |
//! | `struct` | `structmod.rs` | `pack`, `unpack`, `calcsize` for the common formats, `struct.error` |
//! | `time` | `time.rs`, `time_struct.rs` | the clocks, `sleep` without the GIL, `gmtime`/`localtime`/`mktime`/`strftime`/`asctime`/`ctime`, `struct_time` |
//!
//! Python source (`lib/`, [`LIB_TABLE`]):
//!
//! | module | file | what |
//! |---|---|---|
//! | `abc` | `lib/abc.py` | `ABCMeta` (`register`, `__subclasshook__`, caches), `ABC`, `abstractmethod`, `update_abstractmethods`, `get_cache_token` |
//! | `collections` | `lib/collections/__init__.py` | `deque` (native), `defaultdict`, `OrderedDict`, `Counter`, `namedtuple`, `ChainMap`, `UserDict`, `UserList` |
//! | `collections.abc`, `_collections_abc` | `lib/collections/abc.py`, `lib/_collections_abc.py` | every ABC with its mixin methods, the builtin types registered |
//! | `functools` | `lib/functools.py` | the native part re-exported, `wraps`, `update_wrapper`, `total_ordering`, `lru_cache`, `cache`, `cached_property`, `singledispatch` |

//!
//! Python-source modules written by this project live in `lib/` (CPython's behaviour,
//! simpler code): `types` (the type names, `SimpleNamespace`, `MappingProxyType`,
//! `GenericAlias`, `new_class`), `contextlib` (`contextmanager`, `suppress`, `closing`,
//! `nullcontext`, `redirect_stdout`/`redirect_stderr`, `ExitStack`, `ContextDecorator`),
//! `enum` (`Enum`, `IntEnum`, `StrEnum`, `Flag`, `IntFlag`, `auto`, `unique`), `dataclasses`
//! and `typing` (the run-time part: special forms and aliases with CPython's reprs,
//! `TypeVar`, `Generic`, `Protocol`, `NamedTuple`, `TypedDict`, `get_type_hints`). They are
//! listed in `pylib.rs`; their conformance programs are `tests/py/*.py` with the others.

use subinterp_import::{Init, InitFn, InittabEntry, ModuleDef, MultiInterp, Size, Slot};
use subinterp_object::{Obj, Py, PyResult};

pub use pylib::LIB_TABLE;

mod args;
mod array;
mod array_code;
mod bisect;
mod copy;
mod deque;
mod functools;
mod heapq;
mod io;
mod io_buf;
mod itertools;
mod itertools_comb;
mod itertools_group;
mod math;
mod math_float;
mod math_int;
mod operator;
mod operator_getters;
mod posix;
pub use posix::{fill as fill_posix, os_error};
pub use thread_lock::fill as fill_thread;
mod pyargs;
mod pylib;
mod random;
mod random_dist;
mod random_mt;
mod string;
mod structmod;
mod sys_extra;
mod thread_lock;
mod time;
mod time_struct;

/// One native module: its name and the function that fills a fresh module object.
pub struct StdModule {
    /// The module name.
    pub name: &'static str,
    /// `__doc__`.
    pub doc: &'static str,
    /// `Py_mod_exec`: adds the functions and constants to `module`.
    pub exec: for<'py> fn(&Obj<'py>) -> PyResult<()>,
}

impl StdModule {
    /// A new module object `name`, filled (for embedders without the import system).
    pub fn make<'py>(&self, py: Py<'py>) -> PyResult<Obj<'py>> {
        let m = py.new_module(self.name)?;
        m.setattr("__doc__", &py.str(self.doc)?)?;
        (self.exec)(&m)?;
        Ok(m)
    }
}

/// Every module of the crate.
pub static MODULES: [StdModule; 15] = [
    math::MODULE,
    time::MODULE,
    itertools::MODULE,
    operator::MODULE,
    bisect::MODULE,
    heapq::MODULE,
    random::MODULE,
    functools::NATIVE_MODULE,
    deque::NATIVE_MODULE,
    string::MODULE,
    copy::MODULE,
    structmod::MODULE,
    io::MODULE,
    io::NATIVE_MODULE,
    array::MODULE,
];

/// The module named `name`.
pub fn find(name: &str) -> Option<&'static StdModule> {
    MODULES.iter().find(|m| m.name == name)
}

/// Adds the standard library's attributes to an interpreter's `sys` module: `maxsize`,
/// `float_info`, `version_info`, `hexversion`, `byteorder`, `implementation` (name
/// `subinterp`) and `intern` (`sys_extra.rs`).
pub fn add_sys_attributes(sys: &Obj<'_>) -> PyResult<()> {
    sys_extra::add(sys)
}

/// One multi-phase definition per module (all of them support a per-interpreter GIL: they keep
/// no process-wide state).
macro_rules! defs {
    ($($i:literal),*) => {
        static DEFS: [ModuleDef; MODULES.len()] = [$(ModuleDef {
            name: MODULES[$i].name,
            doc: Some(MODULES[$i].doc),
            methods: &[],
            size: Size::Zero,
            slots: Some(&[
                Slot::Exec(MODULES[$i].exec),
                Slot::MultipleInterpreters(MultiInterp::PerInterpreterGilSupported),
            ]),
        }),*];
        static INITS: [InitFn; MODULES.len()] = [$(|_| Ok(Init::Def(&DEFS[$i]))),*];
    };
}
defs!(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);

/// The builtin-module table entries of every module (`PyImport_AppendInittab` for each).
pub fn inittab_entries() -> Vec<InittabEntry> {
    MODULES
        .iter()
        .zip(INITS)
        .map(|(m, init)| InittabEntry::new(m.name, init))
        .collect()
}
