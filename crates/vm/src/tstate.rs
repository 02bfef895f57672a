//! The thread state (CPython's `PyThreadState`): the one context value a thread running
//! Python code in an interpreter holds. It is passed explicitly to the eval loop and to every
//! native function ([`BuiltinFn`](crate::BuiltinFn)); nothing is reached through a
//! thread-local.

use std::sync::Arc;

use subinterp_compile::{Code, CompileError, Mode};
use subinterp_object::{Obj, Py, PyErr, PyResult, Slots, StaticType, exc};

use crate::builtin::Args;
use crate::consts::ConstCache;
use crate::frame::Frame;
use crate::host::Host;
use crate::state::{Kept, Parts, VmState};

/// Native stack a re-entry into the loop must find free, else it continues on a new
/// segment: more than one level of re-entry uses between two checks (the loop's own frame
/// is large in unoptimised builds).
pub(crate) const RED_ZONE: usize = 512 * 1024;
/// The size of each native stack segment added for re-entries.
pub(crate) const SEGMENT: usize = 4 * 1024 * 1024;

/// The default of `sys.getrecursionlimit()`.
pub const DEFAULT_RECURSION_LIMIT: usize = 1000;

/// One thread's state in one interpreter: its token, its output, its frame stack, its
/// handled exception, and the interpreter's builtins as this thread sees them.
pub struct Tstate<'py> {
    py: Py<'py>,
    host: Box<dyn Host + 'py>,
    /// The frames below the running one (the running frame is a local of the loop; it is
    /// pushed here while native code it called runs).
    pub(crate) frames: Vec<Frame<'py>>,
    /// Activations of the loop now running on this thread; each holds its running frame
    /// outside `frames`, so the depth is `frames.len() + active`.
    pub(crate) active: usize,
    /// Native calls back into the loop now running (a key function, a generator resumed by
    /// a builtin); they run on a native stack grown on demand.
    pub(crate) native_depth: usize,
    /// The constants and names of the code objects this interpreter ran.
    pub(crate) consts: ConstCache<'py>,
    /// What the run took from the interpreter's state and does not bind ([`Tstate::attach`]),
    /// given back by [`Tstate::detach`]: the recursion limit and the source texts.
    parts: Parts,
    /// The `builtins` module's namespace.
    pub(crate) builtins: Obj<'py>,
    /// The caller's namespaces, recorded by the loop for the builtins that read them
    /// (`globals()`, `exec`, ...: see `scope.rs`), taken by them at once.
    pub(crate) caller: Option<crate::scope::CallerNs<'py>>,
    /// The exception being handled (`sys.exc_info()[1]`), set by `PUSH_EXC_INFO`.
    pub(crate) handled: Option<Obj<'py>>,
    /// The handled exceptions of the frames below a running generator (CPython's
    /// `exc_info->previous_item` chain): a resumed generator's own state is `handled`.
    pub(crate) exc_stack: Vec<Option<Obj<'py>>>,
    /// The exception that just left an activation of the loop: it was raised already, so
    /// the native call it passes through gives it no new `__context__`.
    pub(crate) escaped: Option<Obj<'py>>,
    /// The eval breaker polled on backward jumps, calls and generator resumes
    /// ([`Host::eval_breaker`]).
    pub(crate) breaker: Arc<subinterp_gil::EvalBreaker>,
    /// Generators of this thread state that died suspended, to be closed.
    pub(crate) dropped: Arc<crate::gen_drop::Dropped>,
    /// Set by `RERAISE` and bare `raise`: the next error continues unwinding without a new
    /// traceback entry or context.
    pub(crate) reraise: bool,
    /// The argument buffer of `CALL` (taken while a call's arguments are in it).
    pub(crate) argbuf: Vec<Obj<'py>>,
    /// Storage of ended frames, reused by the next calls (two allocations saved per call).
    pub(crate) spare: Vec<crate::frame::Buffers<'py>>,
    /// Backward jumps and calls run so far (see `Tstate::tick`).
    pub(crate) ticks: u64,
    /// The `Ellipsis` singleton of this thread state.
    pub(crate) ellipsis: Obj<'py>,
    /// The `NotImplemented` singleton.
    pub(crate) not_implemented: Obj<'py>,
    /// `_PyType_Lookup` results by class version tag (`typeobj.rs`).
    pub(crate) lookup_cache: crate::typeobj::LookupCache<'py>,
    /// Unbound methods of builtin types, made once per interpreter (`LOAD_METHOD` on
    /// `[].append`).
    pub(crate) methods: std::collections::HashMap<
        usize,
        Obj<'py>,
        std::hash::BuildHasherDefault<subinterp_object::AddrHasher>,
    >,
}

/// `ellipsis`.
pub static ELLIPSIS: StaticType = StaticType::native("ellipsis", "builtins", &ELLIPSIS_SLOTS);
static ELLIPSIS_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: Some(|_| Ok(String::from("Ellipsis"))),
    ..Slots::EMPTY
};

/// `NotImplementedType`.
pub static NOT_IMPLEMENTED_TYPE: StaticType =
    StaticType::native("NotImplementedType", "builtins", &NOT_IMPLEMENTED_SLOTS);
static NOT_IMPLEMENTED_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: Some(|_| Ok(String::from("NotImplemented"))),
    ..Slots::EMPTY
};

/// The Rust value of the `NotImplemented` object.
pub(crate) struct NotImplementedValue;

/// The Rust value of the `Ellipsis` object.
pub(crate) struct EllipsisValue;

impl<'py> Tstate<'py> {
    /// A thread state over token `py` writing to `host`, with a new interpreter state
    /// ([`VmState::new`]: the builtins made).
    pub fn new(py: Py<'py>, host: Box<dyn Host + 'py>) -> PyResult<Tstate<'py>> {
        Tstate::attach(py, host, VmState::new(py)?)
    }

    /// A thread state for one run over token `py` writing to `host`, with the interpreter's
    /// `state` (its builtins, constants and caches; see [`VmState`]): nothing is made or
    /// bound, the objects move in. [`detach`](Self::detach) gives the state back. `py` must
    /// be a token of the interpreter the state was made for (`SystemError` otherwise; the
    /// state's references are then kept for ever).
    #[inline]
    pub fn attach(py: Py<'py>, host: Box<dyn Host + 'py>, state: VmState) -> PyResult<Tstate<'py>> {
        let (kept, mut parts) = state.take(py)?;
        let dropped = parts.dropped.take().unwrap_or_default();
        let Kept {
            builtins,
            ellipsis,
            not_implemented,
            consts,
            methods,
            spare,
        } = kept;
        // The state's breaker, kept between runs; a state's first run asks its host.
        let breaker = match parts.breaker.take() {
            Some(b) => b,
            None => host.eval_breaker().unwrap_or_default(),
        };
        Ok(Tstate {
            py,
            host,
            frames: Vec::new(),
            active: 0,
            native_depth: 0,
            consts,
            parts,
            builtins,
            caller: None,
            handled: None,
            exc_stack: Vec::new(),
            escaped: None,
            dropped,
            breaker,
            reraise: false,
            ticks: 0,
            spare,
            argbuf: Vec::new(),
            ellipsis,
            not_implemented,
            methods,
            lookup_cache: Default::default(),
        })
    }

    /// Ends the run: the interpreter's state, with the constants, names, methods and sources
    /// this run added and its recursion limit.
    #[inline]
    pub fn detach(self) -> VmState {
        let mut parts = self.parts;
        parts.dropped = crate::gen_drop::Dropped::reusable(self.dropped);
        parts.breaker = Some(self.breaker);
        VmState::put(
            Kept {
                builtins: self.builtins,
                ellipsis: self.ellipsis,
                not_implemented: self.not_implemented,
                consts: self.consts,
                methods: self.methods,
                spare: self.spare,
            },
            parts,
        )
    }

    /// The GIL token.
    #[inline]
    pub fn py(&self) -> Py<'py> {
        self.py
    }

    /// The embedding layer's services (output, imports).
    pub fn host(&mut self) -> &mut dyn Host {
        &mut *self.host
    }

    /// The embedding layer's context of this interpreter
    /// ([`VmState::set_context`](crate::VmState::set_context)), if it set one.
    pub fn context(&self) -> Option<&(dyn std::any::Any + Send + Sync)> {
        self.parts.context.as_deref()
    }

    /// The namespace of the `builtins` module.
    pub fn builtins(&self) -> &Obj<'py> {
        &self.builtins
    }

    /// `sys.getrecursionlimit()`.
    pub fn recursion_limit(&self) -> usize {
        // Shared with the other runs of the interpreter (`VmState::limit`).
        self.parts.limit.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// `sys.setrecursionlimit(n)`: `n` must be positive (`ValueError: recursion limit must
    /// be greater or equal than 1`), and above the current depth (CPython's `RecursionError`).
    pub fn set_recursion_limit(&mut self, n: i64) -> PyResult<()> {
        if n < 1 {
            return Err(PyErr::value_error(
                "recursion limit must be greater or equal than 1",
            ));
        }
        let depth = self.depth();
        if (n as u64) <= depth as u64 {
            return Err(PyErr::new(
                &exc::RECURSION_ERROR,
                format!(
                    "cannot set the recursion limit to {n} at the recursion depth {depth}: the limit is too low"
                ),
            ));
        }
        self.parts.limit.store(
            usize::try_from(n).unwrap_or(usize::MAX),
            std::sync::atomic::Ordering::Relaxed,
        );
        Ok(())
    }

    /// Python frames on this thread now (the running one included).
    pub fn depth(&self) -> usize {
        self.frames.len() + self.active
    }

    /// How many code objects have their constants made in this interpreter.
    pub fn cached_code_count(&self) -> usize {
        self.consts.len()
    }

    /// Runs module-level `code` with `globals` as its globals and locals (`exec(code, g)`).
    pub fn exec(&mut self, code: &Arc<Code>, globals: &Obj<'py>) -> PyResult<Obj<'py>> {
        let objs = self.consts.get(self.py, code, &self.ellipsis)?;
        let buf = self.spare.pop().unwrap_or_default();
        let frame = Frame::with_buffers(
            code.clone(),
            objs,
            globals.clone(),
            self.builtins.clone(),
            Some(globals.clone()),
            buf,
        );
        let r = self.run_entry(frame);
        self.py.run_deferred();
        self.close_dropped();
        r
    }

    /// A fresh `__main__` namespace: `__name__`, `__builtins__` and `__doc__` set.
    pub fn main_globals(&self) -> PyResult<Obj<'py>> {
        let g = self.py.dict()?;
        g.set_item(&self.py.str("__name__")?, &self.py.str("__main__")?)?;
        g.set_item(&self.py.str("__doc__")?, &self.py.none())?;
        g.set_item(&self.py.str("__builtins__")?, &self.builtins)?;
        Ok(g)
    }

    /// Compiles and runs `source` as the `__main__` program `filename`. An uncaught exception
    /// is written to the host's standard error as CPython's traceback text and returned.
    pub fn run_main(&mut self, source: &str, filename: &str) -> PyResult<Obj<'py>> {
        let globals = self.main_globals()?;
        self.run_source(source, filename, Mode::Exec, &globals)
    }

    /// Compiles `source` as file `filename` in `mode` (through the process-wide compile
    /// cache) and runs it with `globals` as its globals and locals. An uncaught exception,
    /// a syntax error included, is written to the host's standard error as CPython's
    /// traceback text and returned.
    pub fn run_source(
        &mut self,
        source: &str,
        filename: &str,
        mode: Mode,
        globals: &Obj<'py>,
    ) -> PyResult<Obj<'py>> {
        let code = match self.compile(source, filename, mode) {
            Ok(c) => c,
            Err(e) => {
                let err = syntax_error(self.py(), &e);
                let text = crate::traceback::format_syntax_error(&e);
                self.host.write_stderr(&text)?;
                return Err(err);
            }
        };
        match self.exec(&code, globals) {
            Ok(v) => Ok(v),
            Err(e) => {
                let text = crate::traceback::format_exception(self, &e)?;
                self.host.write_stderr(&text)?;
                Err(e)
            }
        }
    }

    /// Compiles `source` as file `filename` in `mode` through the process-wide compile
    /// cache, keeping the text for the lines tracebacks quote.
    pub fn compile(
        &mut self,
        source: &str,
        filename: &str,
        mode: Mode,
    ) -> Result<Arc<Code>, CompileError> {
        let known = self
            .parts
            .sources
            .get(filename)
            .is_some_and(|s| **s == *source);
        if !known {
            self.parts
                .sources
                .insert(Arc::from(filename), Arc::from(source));
        }
        subinterp_compile::compile_cached(source, filename, mode)
    }

    /// Line `line` (1-based) of file `filename`, from the sources this interpreter compiled,
    /// else from the host.
    pub fn source_line(&mut self, filename: &str, line: u32) -> Option<String> {
        let idx = usize::try_from(line).ok()?.checked_sub(1)?;
        match self.parts.sources.get(filename) {
            Some(src) => src.lines().nth(idx).map(str::to_owned),
            None => self.host.source_line(filename, line),
        }
    }

    /// `f(*args, **kwargs)` from native code: a counted re-entry into the loop for Python
    /// functions, run on a native stack grown on demand, so no recursion through native code
    /// overflows it.
    pub fn call(&mut self, f: &Obj<'py>, args: Args<'_, 'py>) -> PyResult<Obj<'py>> {
        // Natives calling natives never reach the loop's depth check: bounded as CPython
        // bounds `cfunction_call`.
        let _level = subinterp_object::enter_native_call()?;
        self.native_depth += 1;
        let r = stacker::maybe_grow(RED_ZONE, SEGMENT, || self.call_object(f, args));
        self.native_depth -= 1;
        r
    }

    /// Runs `frame` as the entry frame of a new activation of the loop, to its return value.
    pub(crate) fn run_entry(&mut self, frame: Frame<'py>) -> PyResult<Obj<'py>> {
        match self.eval(frame, None)? {
            crate::eval::Outcome::Return(v) => Ok(v),
            crate::eval::Outcome::Yield(..) => Err(PyErr::new(
                &exc::SYSTEM_ERROR,
                "yield outside a generator frame",
            )),
        }
    }

    /// `RecursionError` if one more frame would pass the limit.
    #[inline]
    pub(crate) fn check_depth(&self) -> PyResult<()> {
        if self.depth() + 1 > self.recursion_limit() {
            return Err(PyErr::new(
                &exc::RECURSION_ERROR,
                "maximum recursion depth exceeded",
            ));
        }
        Ok(())
    }
}

/// A compile error as the `SyntaxError` it raises: `SyntaxError(msg, (filename, lineno,
/// offset, text, end_lineno, end_offset))`, as CPython's compiler raises it, so its attributes
/// and its `str()` (`msg (file, line N)`) are CPython's.
pub fn syntax_error(py: Py<'_>, e: &CompileError) -> PyErr {
    let ty = exc::by_name(e.class_name()).unwrap_or(&exc::SYNTAX_ERROR);
    let Some(s) = e.as_syntax() else {
        return PyErr::new(ty, e.message().to_owned());
    };
    let built = (|| -> PyResult<PyErr> {
        // CPython's `text` is the whole source line, its newline included.
        let text = match &s.text {
            Some(t) if t.ends_with('\n') => py.str(t)?,
            Some(t) => py.str(&format!("{t}\n"))?,
            None => py.none(),
        };
        let details = py.tuple(&[
            py.str(&s.filename)?,
            py.int(i64::from(s.lineno))?,
            py.int(i64::from(s.offset))?,
            text,
            py.int(i64::from(s.end_lineno))?,
            py.int(i64::from(s.end_offset))?,
        ])?;
        let value = py.new_exception(&ty.get(py), &[py.str(&s.message)?, details])?;
        Ok(PyErr::from_value(&value))
    })();
    built.unwrap_or_else(|err| err)
}
