//! Frames (CPython's `_PyInterpreterFrame`): one activation of a code object, with its fast
//! locals, value stack and instruction pointer. The thread state keeps them in a `Vec`; a
//! generator keeps its suspended frame in the generator object ([`FrozenFrame`]).

use std::rc::Rc;
use std::sync::Arc;

use subinterp_compile::Code;
use subinterp_object::{Obj, ObjRef, Py, PyErr, PyResult, exc};

use crate::consts::CodeObjs;
use crate::function::bind;

/// One activation.
pub(crate) struct Frame<'py> {
    pub(crate) code: Arc<Code>,
    /// The code's constants and names as objects of this interpreter (shared with the
    /// constant cache).
    pub(crate) objs: Rc<CodeObjs<'py>>,
    pub(crate) globals: Obj<'py>,
    pub(crate) builtins: Obj<'py>,
    /// The locals mapping of module-level code (`LOAD_NAME`/`STORE_NAME`); `None` for
    /// functions, whose variables are fast locals.
    pub(crate) locals: Option<Obj<'py>>,
    /// Fast locals, cells and free variables (`co_localsplusnames` order).
    pub(crate) fast: Vec<Option<Obj<'py>>>,
    /// The value stack; `None` is the null marker of the call protocol (`PUSH_NULL`).
    pub(crate) stack: Vec<Option<Obj<'py>>>,
    /// The next instruction.
    pub(crate) pc: usize,
    /// The instruction being run (for the line table, the exception table and tracebacks).
    pub(crate) lasti: usize,
    /// The function's closure (a tuple of cells), for `COPY_FREE_VARS`.
    pub(crate) closure: Option<Obj<'py>>,
    /// The generator object running this frame, if any.
    pub(crate) generator: Option<Obj<'py>>,
}

impl<'py> Frame<'py> {
    /// A frame whose fast locals and value stack reuse `buf`'s storage (cleared).
    pub(crate) fn with_buffers(
        code: Arc<Code>,
        objs: Rc<CodeObjs<'py>>,
        globals: Obj<'py>,
        builtins: Obj<'py>,
        locals: Option<Obj<'py>>,
        buf: Buffers<'py>,
    ) -> Frame<'py> {
        let Buffers {
            mut fast,
            mut stack,
        } = buf;
        fast.resize(code.localsplus_names.len(), None);
        stack.reserve(code.max_stack as usize);
        Frame {
            code,
            objs,
            globals,
            builtins,
            locals,
            fast,
            stack,
            pc: 0,
            lasti: 0,
            closure: None,
            generator: None,
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, v: Obj<'py>) {
        self.stack.push(Some(v));
    }

    /// Pops a value (a `SystemError` on the null marker or an empty stack, which correct
    /// bytecode never gives).
    #[inline]
    pub(crate) fn pop(&mut self) -> PyResult<Obj<'py>> {
        match self.stack.pop() {
            Some(Some(v)) => Ok(v),
            _ => Err(bad_stack()),
        }
    }

    /// The value `i` items below the top (0 is the top).
    #[inline]
    pub(crate) fn peek(&self, i: usize) -> PyResult<&Obj<'py>> {
        self.stack
            .len()
            .checked_sub(i + 1)
            .and_then(|j| self.stack[j].as_ref())
            .ok_or_else(bad_stack)
    }

    /// The value `n - 1` items below the top (`n` is an instruction's 1-based operand).
    #[inline]
    pub(crate) fn peek_at(&self, n: usize) -> PyResult<&Obj<'py>> {
        self.peek(n.checked_sub(1).ok_or_else(bad_stack)?)
    }

    /// Ends the frame, keeping the storage of its fast locals and value stack for the next.
    pub(crate) fn into_buffers(self) -> Buffers<'py> {
        let (mut fast, mut stack) = (self.fast, self.stack);
        fast.clear();
        stack.clear();
        Buffers { fast, stack }
    }

    /// Unbinds every reference so the frame can live in a generator object between resumes.
    pub(crate) fn freeze(self) -> FrozenFrame {
        let unbind = |v: Option<Obj<'py>>| v.map(Obj::unbind);
        FrozenFrame {
            code: self.code,
            globals: self.globals.unbind(),
            builtins: self.builtins.unbind(),
            locals: self.locals.map(Obj::unbind),
            fast: self.fast.into_iter().map(unbind).collect(),
            stack: self.stack.into_iter().map(unbind).collect(),
            pc: self.pc,
            lasti: self.lasti,
            closure: self.closure.map(Obj::unbind),
        }
    }
}

/// The storage of a frame's fast locals and value stack, empty, for reuse.
#[derive(Default)]
pub(crate) struct Buffers<'py> {
    fast: Vec<Option<Obj<'py>>>,
    stack: Vec<Option<Obj<'py>>>,
}

/// A frame whose references are unbound: what a suspended generator holds.
pub(crate) struct FrozenFrame {
    pub(crate) code: Arc<Code>,
    globals: ObjRef,
    builtins: ObjRef,
    locals: Option<ObjRef>,
    fast: Vec<Option<ObjRef>>,
    stack: Vec<Option<ObjRef>>,
    pc: usize,
    lasti: usize,
    closure: Option<ObjRef>,
}

impl FrozenFrame {
    /// Reports every reference the frame holds to the cycle collector.
    pub(crate) fn traverse(&self, v: &mut subinterp_object::Visit<'_>) {
        v.obj_ref(&self.globals);
        v.obj_ref(&self.builtins);
        v.opt_ref(self.locals.as_ref());
        v.opt_ref(self.closure.as_ref());
        for r in self.fast.iter().chain(&self.stack) {
            v.opt_ref(r.as_ref());
        }
    }

    /// Binds the frame back to `py` for a resume.
    pub(crate) fn thaw<'py>(self, py: Py<'py>, objs: Rc<CodeObjs<'py>>) -> PyResult<Frame<'py>> {
        let opt = |v: Option<ObjRef>| -> PyResult<Option<Obj<'py>>> {
            v.map(|r| {
                r.into_bound(py)
                    .map_err(|e| PyErr::new(&exc::SYSTEM_ERROR, e.error.to_string()))
            })
            .transpose()
        };
        let mut fast = Vec::with_capacity(self.fast.len());
        for v in self.fast {
            fast.push(opt(v)?);
        }
        let mut stack = Vec::with_capacity(self.code.max_stack as usize);
        for v in self.stack {
            stack.push(opt(v)?);
        }
        Ok(Frame {
            globals: bind(&self.globals, py)?,
            builtins: bind(&self.builtins, py)?,
            locals: opt(self.locals)?,
            closure: opt(self.closure)?,
            code: self.code,
            objs,
            fast,
            stack,
            pc: self.pc,
            lasti: self.lasti,
            generator: None,
        })
    }
}

pub(crate) fn bad_stack() -> PyErr {
    PyErr::new(&exc::SYSTEM_ERROR, "bad value stack (compiler bug)")
}

impl FrozenFrame {
    /// Whether the frame is suspended in a `yield from` or `await` (at the `YIELD_VALUE` of
    /// a `SEND` loop), not at a plain `yield`.
    pub(crate) fn delegating(&self) -> bool {
        use subinterp_compile::Op;
        let ops = &self.code.instructions;
        let op = |i: usize| ops.get(i).map(|x| x.op);
        op(self.lasti) == Some(Op::YieldValue)
            && self.lasti.checked_sub(1).and_then(op) == Some(Op::Send)
    }

    /// The iterator a generator suspended in a `yield from` or `await` delegates to (the
    /// receiver of the `SEND` whose `YIELD_VALUE` it stopped at: CPython's `_PyGen_yf`).
    pub(crate) fn yield_from<'py>(&self, py: Py<'py>) -> Option<Obj<'py>> {
        if !self.delegating() {
            return None;
        }
        self.stack.last()?.as_ref()?.bind(py).ok()
    }
}
