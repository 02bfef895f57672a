//! The dispatch loop. One loop runs a thread's frames: a Python-to-Python call pushes the
//! caller on the thread state's frame stack and continues with the callee in the same loop,
//! and a return pops it back, so Python recursion never recurses on the native stack. An
//! exception unwinds through the exception table of each frame, adding one traceback entry
//! per frame, until a handler takes it or the entry frame of this activation is left.

use subinterp_compile::{BinOp, CmpOp, Op};
use subinterp_object::{Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::builtin::Args;
use crate::frame::{Frame, bad_stack};

/// How an activation of the loop ended.
pub(crate) enum Outcome<'py> {
    /// The entry frame returned.
    Return(Obj<'py>),
    /// The entry frame (a generator's) yielded; the suspended frame comes back.
    Yield(Obj<'py>, Frame<'py>),
}

/// Why `dispatch` stopped (calls and returns between the frames of one activation are
/// handled inside it).
pub(crate) enum Flow<'py> {
    /// The entry frame returned.
    Return(Obj<'py>),
    /// The current frame yielded.
    Yield(Obj<'py>),
}

impl<'py> Tstate<'py> {
    /// Runs `f` (and whatever it calls) until `f` returns or yields; `throw` is raised in `f`
    /// first (`generator.throw`).
    pub(crate) fn eval(&mut self, f: Frame<'py>, throw: Option<PyErr>) -> PyResult<Outcome<'py>> {
        self.check_depth()?;
        // Each activation holds its running frame outside `self.frames`: counted here.
        self.active += 1;
        let r = self.eval_frames(f, throw);
        self.active -= 1;
        self.close_dropped();
        r
    }

    fn eval_frames(&mut self, mut f: Frame<'py>, throw: Option<PyErr>) -> PyResult<Outcome<'py>> {
        let base = self.frames.len();
        let mut pending = throw;
        loop {
            let r = match pending.take() {
                Some(e) => Err(e),
                None => self.dispatch(&mut f, base),
            };
            match r {
                // `dispatch` returns only when the entry frame does; its storage serves the
                // next entry (a module run) or call.
                Ok(Flow::Return(v)) => {
                    if self.spare.len() < MAX_SPARE {
                        self.spare.push(f.into_buffers());
                    }
                    return Ok(Outcome::Return(v));
                }
                Ok(Flow::Yield(v)) => {
                    if self.frames.len() == base {
                        return Ok(Outcome::Yield(v, f));
                    }
                    return Err(PyErr::new(
                        &exc::SYSTEM_ERROR,
                        "yield from a frame that is not a generator's",
                    ));
                }
                Err(e) => {
                    let exc = self.raise_in(&f, e)?;
                    loop {
                        // The handler is the one covering the instruction that raised (the
                        // `RERAISE` itself), not the `lasti` a `RERAISE` restored for the
                        // traceback (CPython's `exception_unwind` uses `next_instr - 1` too).
                        let at = f.pc.saturating_sub(1) as u32;
                        if let Some(h) = f.code.handler_for(at).copied() {
                            f.stack.truncate(h.depth as usize);
                            if h.lasti {
                                f.push(self.py().int(f.lasti as i64)?);
                            }
                            f.push(exc);
                            f.pc = h.handler as usize;
                            break;
                        }
                        if self.frames.len() == base {
                            self.escaped = Some(exc.clone());
                            return Err(PyErr::from_value(&exc));
                        }
                        f = self.frames.pop().ok_or_else(bad_stack)?;
                        crate::traceback::add_entry(&exc, &f)?;
                    }
                }
            }
        }
    }

    /// Counts a backward jump or a call and checks the eval breaker; every few thousand,
    /// runs the reference-count operations deferred to this heap (the releases of references
    /// held by native objects such as iterators, cells and functions, which die without a
    /// token), so a long loop does not accumulate them.
    #[inline]
    pub(crate) fn tick(&mut self) -> PyResult<()> {
        self.check_breaker()?;
        self.close_dropped();
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks.is_multiple_of(4096) {
            self.py().run_deferred();
        }
        Ok(())
    }

    /// The exception object for error `e` raised by the instruction `f` is running: its
    /// context is the handled exception and it gains a traceback entry for `f` (not for a
    /// re-raise, which keeps both).
    fn raise_in(&mut self, f: &Frame<'py>, e: PyErr) -> PyResult<Obj<'py>> {
        let exc = e.value(self.py())?;
        let escaped = self.escaped.take().is_some_and(|x| x.is(&exc));
        if std::mem::take(&mut self.reraise) {
            return Ok(exc);
        }
        if !escaped && let Some(h) = self.exc_info() {
            crate::raise::set_context(&exc, &h);
        }
        crate::traceback::add_entry(&exc, f)?;
        Ok(exc)
    }

    /// Runs instructions of `f` until it calls a Python function, returns, yields or raises.
    fn dispatch(&mut self, f: &mut Frame<'py>, base: usize) -> PyResult<Flow<'py>> {
        let py = self.py();
        // Calls and returns switch `f` in place and come back here for the new frame's code.
        'frame: loop {
            let code = f.code.clone();
            let instrs = &code.instructions;
            loop {
                let Some(&ins) = instrs.get(f.pc) else {
                    return Err(PyErr::new(
                        &exc::SYSTEM_ERROR,
                        "ran past the end of the code",
                    ));
                };
                f.lasti = f.pc;
                f.pc += 1;
                let arg = ins.arg as usize;
                match ins.op {
                    Op::Nop => {}
                    Op::PopTop => {
                        f.stack.pop().ok_or_else(bad_stack)?;
                    }
                    Op::PushNull => f.stack.push(None),
                    Op::Copy => {
                        let v = f.peek(arg.checked_sub(1).ok_or_else(bad_stack)?)?.clone();
                        f.push(v);
                    }
                    Op::Swap => {
                        let n = f.stack.len();
                        if arg < 2 || arg > n {
                            return Err(bad_stack());
                        }
                        f.stack.swap(n - 1, n - arg);
                    }
                    Op::LoadConst => {
                        let v = f.objs.consts.get(arg).ok_or_else(bad_stack)?.clone();
                        f.push(v);
                    }
                    Op::ReturnValue => {
                        let v = f.pop()?;
                        if self.frames.len() == base {
                            return Ok(Flow::Return(v));
                        }
                        let caller = self.frames.pop().ok_or_else(bad_stack)?;
                        let done = std::mem::replace(f, caller);
                        if self.spare.len() < MAX_SPARE {
                            self.spare.push(done.into_buffers());
                        }
                        self.close_dropped();
                        f.push(v);
                        continue 'frame;
                    }
                    Op::LoadFast => match f.fast.get(arg) {
                        Some(Some(v)) => {
                            let v = v.clone();
                            f.push(v);
                        }
                        _ => return Err(crate::raise::unbound_local(&code, arg)),
                    },
                    Op::StoreFast => {
                        let v = f.pop()?;
                        *f.fast.get_mut(arg).ok_or_else(bad_stack)? = Some(v);
                    }
                    Op::DeleteFast => {
                        let slot = f.fast.get_mut(arg).ok_or_else(bad_stack)?;
                        if slot.take().is_none() {
                            return Err(crate::raise::unbound_local(&code, arg));
                        }
                        self.gc_check();
                    }
                    Op::MakeCell => {
                        let slot = f.fast.get_mut(arg).ok_or_else(bad_stack)?;
                        let cell = crate::cells::new_cell(py, slot.take())?;
                        *slot = Some(cell);
                    }
                    Op::CopyFreeVars => {
                        let closure = f.closure.clone().ok_or_else(bad_stack)?;
                        let start = f.fast.len().checked_sub(arg).ok_or_else(bad_stack)?;
                        for i in 0..arg {
                            f.fast[start + i] = Some(closure.seq_get(i).ok_or_else(bad_stack)?);
                        }
                    }
                    Op::LoadDeref => {
                        let cell = f
                            .fast
                            .get(arg)
                            .and_then(Option::as_ref)
                            .ok_or_else(bad_stack)?;
                        match crate::cells::get(cell)? {
                            Some(v) => f.push(v),
                            None => return Err(crate::raise::unbound_deref(&code, arg)),
                        }
                    }
                    Op::StoreDeref => {
                        let v = f.pop()?;
                        let cell = f
                            .fast
                            .get(arg)
                            .and_then(Option::as_ref)
                            .ok_or_else(bad_stack)?;
                        crate::cells::set(cell, Some(v))?;
                    }
                    Op::DeleteDeref => {
                        let cell = f
                            .fast
                            .get(arg)
                            .and_then(Option::as_ref)
                            .ok_or_else(bad_stack)?;
                        if crate::cells::get(cell)?.is_none() {
                            return Err(crate::raise::unbound_deref(&code, arg));
                        }
                        crate::cells::set(cell, None)?;
                    }
                    Op::LoadClosure => {
                        let cell = f
                            .fast
                            .get(arg)
                            .and_then(Option::as_ref)
                            .ok_or_else(bad_stack)?;
                        let cell = cell.clone();
                        f.push(cell);
                    }
                    Op::LoadName => {
                        let name = f.objs.names.get(arg).ok_or_else(bad_stack)?;
                        let v = match &f.locals {
                            Some(l) => l.dict_get(name)?,
                            None => None,
                        };
                        let v = match v {
                            Some(v) => v,
                            None => crate::names::load_global(f, name)?,
                        };
                        f.push(v);
                    }
                    Op::StoreName => {
                        let v = f.pop()?;
                        let name = f.objs.names.get(arg).ok_or_else(bad_stack)?;
                        let locals = f.locals.as_ref().ok_or_else(no_locals)?;
                        // A `__prepare__` namespace of a dict subclass sees every store
                        // through its `__setitem__` (an enum's duplicate-name check).
                        if !(locals.has_heap_type()
                            && self.setitem_dunder(&locals.clone(), name, Some(&v))?)
                        {
                            locals.set_item(name, &v)?;
                        }
                        self.gc_check();
                    }
                    Op::DeleteName => {
                        let name = f.objs.names.get(arg).ok_or_else(bad_stack)?;
                        let locals = f.locals.as_ref().ok_or_else(no_locals)?;
                        crate::names::delete(locals, name)?;
                        self.gc_check();
                    }
                    Op::LoadGlobal => {
                        let name = f.objs.names.get(arg).ok_or_else(bad_stack)?;
                        let v = crate::names::load_global(f, name)?;
                        f.push(v);
                    }
                    Op::StoreGlobal => {
                        let v = f.pop()?;
                        let name = f.objs.names.get(arg).ok_or_else(bad_stack)?;
                        f.globals.set_item(name, &v)?;
                        self.gc_check();
                    }
                    Op::DeleteGlobal => {
                        let name = f.objs.names.get(arg).ok_or_else(bad_stack)?;
                        crate::names::delete(&f.globals, name)?;
                        self.gc_check();
                    }
                    Op::LoadAttr => {
                        let obj = f.pop()?;
                        let name = code.names.get(arg).ok_or_else(bad_stack)?;
                        let v = self.getattr(&obj, name)?;
                        f.push(v);
                    }
                    Op::LoadMethod => {
                        let obj = f.pop()?;
                        let name = code.names.get(arg).ok_or_else(bad_stack)?;
                        let (m, slf) =
                            if obj.has_heap_type() && obj.kind() != subinterp_object::Kind::Type {
                                self.load_method_heap(&obj, name)?
                            } else {
                                match self.method_descr(&obj, name)? {
                                    Some(m) => (m, Some(obj)),
                                    None => (self.getattr(&obj, name)?, None),
                                }
                            };
                        f.push(m);
                        f.stack.push(slf);
                    }
                    Op::StoreAttr => {
                        let obj = f.pop()?;
                        let v = f.pop()?;
                        let name = code.names.get(arg).ok_or_else(bad_stack)?;
                        self.setattr(&obj, name, &v)?;
                        self.gc_check();
                    }
                    Op::DeleteAttr => {
                        let obj = f.pop()?;
                        let name = code.names.get(arg).ok_or_else(bad_stack)?;
                        self.delattr(&obj, name)?;
                        self.gc_check();
                    }
                    Op::Call | Op::CallKw => {
                        self.close_dropped();
                        let kwnames = if ins.op == Op::CallKw {
                            Some(f.pop()?)
                        } else {
                            None
                        };
                        let base = f.stack.len().checked_sub(arg + 2).ok_or_else(bad_stack)?;
                        let mut items = f.stack.drain(base..);
                        let callee = items.next().flatten().ok_or_else(bad_stack)?;
                        // A non-null `self_or_null` is the first argument (a method's receiver).
                        let slf = items.next().ok_or_else(bad_stack)?;
                        // The arguments go through one buffer the thread state keeps, so a
                        // call allocates none.
                        let mut pos = std::mem::take(&mut self.argbuf);
                        pos.extend(slf);
                        for v in items {
                            pos.push(v.ok_or_else(bad_stack)?);
                        }
                        let kw = match &kwnames {
                            Some(names) => crate::call::split_kw(names, &mut pos)?,
                            None => Vec::new(),
                        };
                        let switched = self.call_flow(&callee, &pos, &kw, f)?;
                        pos.clear();
                        self.argbuf = pos;
                        if switched {
                            continue 'frame;
                        }
                    }
                    Op::CallEx => {
                        let kwargs = if arg & 1 != 0 { Some(f.pop()?) } else { None };
                        let args = f.pop()?;
                        let slf = f.stack.pop().ok_or_else(bad_stack)?;
                        let callee = f.pop()?;
                        let mut pos = Vec::new();
                        if let Some(s) = slf {
                            pos.push(s);
                        }
                        let items = self.collect(&args);
                        pos.extend(
                            items.map_err(|e| crate::call_errors::star_arg(e, &callee, &args))?,
                        );
                        let kw = match &kwargs {
                            Some(d) => crate::call::kwargs_of(d)?,
                            None => Vec::new(),
                        };
                        if self.call_flow(&callee, &pos, &kw, f)? {
                            continue 'frame;
                        }
                    }
                    Op::BinaryOp => {
                        let rhs = f.pop()?;
                        let lhs = f.pop()?;
                        let (op, inplace) = BinOp::from_arg(ins.arg).ok_or_else(bad_stack)?;
                        let v = self.binary_op(op, inplace, &lhs, &rhs)?;
                        f.push(v);
                    }
                    Op::UnaryNegative | Op::UnaryPositive | Op::UnaryInvert => {
                        let v = f.pop()?;
                        let r = crate::arith::unary_op(self, ins.op, &v)?;
                        f.push(r);
                    }
                    Op::UnaryNot => {
                        let v = f.pop()?;
                        let t = self.truthy(&v)?;
                        f.push(py.bool(!t));
                    }
                    Op::CompareOp => {
                        let rhs = f.pop()?;
                        let lhs = f.pop()?;
                        let op = CmpOp::from_arg(ins.arg).ok_or_else(bad_stack)?;
                        let r = crate::arith::rich_compare(self, op, &lhs, &rhs)?;
                        f.push(r);
                    }
                    Op::IsOp => {
                        let rhs = f.pop()?;
                        let lhs = f.pop()?;
                        f.push(py.bool(lhs.is(&rhs) != (arg == 1)));
                    }
                    Op::ContainsOp => {
                        let container = f.pop()?;
                        let item = f.pop()?;
                        let r = self.contains(&container, &item)?;
                        f.push(py.bool(r != (arg == 1)));
                    }
                    Op::BinarySubscr => {
                        let key = f.pop()?;
                        let container = f.pop()?;
                        let v = crate::subscr::get(self, &container, &key)?;
                        f.push(v);
                    }
                    Op::StoreSubscr => {
                        let key = f.pop()?;
                        let container = f.pop()?;
                        let v = f.pop()?;
                        crate::subscr::set(self, &container, &key, &v)?;
                        self.gc_check();
                    }
                    Op::DeleteSubscr => {
                        let key = f.pop()?;
                        let container = f.pop()?;
                        crate::subscr::del(self, &container, &key)?;
                        self.gc_check();
                    }
                    Op::BuildSlice => {
                        let step = if arg == 3 { Some(f.pop()?) } else { None };
                        let stop = f.pop()?;
                        let start = f.pop()?;
                        let s = crate::subscr::new_slice(py, start, stop, step)?;
                        f.push(s);
                    }
                    Op::BuildTuple | Op::BuildList | Op::BuildString => {
                        let n = f.stack.len().checked_sub(arg).ok_or_else(bad_stack)?;
                        let mut items = Vec::with_capacity(arg);
                        for v in f.stack.drain(n..) {
                            items.push(v.ok_or_else(bad_stack)?);
                        }
                        let v = match ins.op {
                            Op::BuildTuple => py.tuple(&items)?,
                            Op::BuildList => py.list_from(items)?,
                            _ => crate::strings::concat(py, &items)?,
                        };
                        f.push(v);
                    }
                    Op::BuildMap => {
                        let n = f.stack.len().checked_sub(2 * arg).ok_or_else(bad_stack)?;
                        let d = py.dict()?;
                        let items: Vec<_> = f.stack.drain(n..).collect();
                        for kv in items.chunks(2) {
                            let (Some(k), Some(v)) = (&kv[0], &kv[1]) else {
                                return Err(bad_stack());
                            };
                            d.dict_set_with(k, v, self)?;
                        }
                        f.push(d);
                    }
                    Op::BuildSet => {
                        let n = f.stack.len().checked_sub(arg).ok_or_else(bad_stack)?;
                        let items: Vec<_> = f
                            .stack
                            .drain(n..)
                            .collect::<Option<_>>()
                            .ok_or_else(bad_stack)?;
                        f.push(crate::sets::build(self, &items)?);
                    }
                    Op::SetAdd => {
                        let v = f.pop()?;
                        let s = f.peek_at(arg)?.clone();
                        s.set_add_with(&v, self)?;
                    }
                    Op::SetUpdate => {
                        let it = f.pop()?;
                        let s = f.peek_at(arg)?.clone();
                        self.set_update(&s, &it)?;
                    }
                    Op::ListAppend => {
                        let v = f.pop()?;
                        f.peek_at(arg)?.append(&v)?;
                    }
                    Op::MapAdd => {
                        let v = f.pop()?;
                        let k = f.pop()?;
                        let d = f.peek_at(arg)?.clone();
                        if d.kind() == subinterp_object::Kind::Dict {
                            d.dict_set_with(&k, &v, self)?;
                        } else {
                            d.set_item(&k, &v)?;
                        }
                    }
                    Op::ListExtend => {
                        let it = f.pop()?;
                        let items = self.collect(&it);
                        let items =
                            items.map_err(|e| crate::call_errors::value_after_star(e, &it))?;
                        let list = f.peek_at(arg)?;
                        for v in &items {
                            list.append(v)?;
                        }
                    }
                    Op::DictUpdate | Op::DictMerge => {
                        let other = f.pop()?;
                        let d = f.peek_at(arg)?.clone();
                        // DICT_MERGE builds a call's keywords: the callee is 3 items below.
                        let callee = (ins.op == Op::DictMerge)
                            .then(|| f.peek_at(arg + 3))
                            .transpose()?;
                        crate::call::dict_merge(&d, &other, callee)?;
                    }
                    Op::ListToTuple => {
                        let l = f.pop()?;
                        let items = l.list_items().ok_or_else(bad_stack)?;
                        f.push(py.tuple(&items)?);
                    }
                    Op::FormatValue => {
                        let spec = if arg & 4 != 0 { Some(f.pop()?) } else { None };
                        let v = f.pop()?;
                        let s = crate::format::format_value(self, &v, arg & 3, spec.as_ref())?;
                        f.push(s);
                    }
                    Op::UnpackSequence => {
                        let seq = f.pop()?;
                        let items = self.unpack(&seq, arg, None)?;
                        f.stack.extend(items.into_iter().rev().map(Some));
                    }
                    Op::UnpackEx => {
                        let seq = f.pop()?;
                        let (before, after) = (arg & 0xff, arg >> 8);
                        let items = self.unpack(&seq, before, Some(after))?;
                        f.stack.extend(items.into_iter().rev().map(Some));
                    }
                    Op::Jump => {
                        if arg <= f.lasti {
                            self.tick()?;
                        }
                        f.pc = arg;
                    }
                    Op::PopJumpIfFalse | Op::PopJumpIfTrue => {
                        let v = f.pop()?;
                        if self.truthy(&v)? == (ins.op == Op::PopJumpIfTrue) {
                            f.pc = arg;
                        }
                    }
                    Op::PopJumpIfNone | Op::PopJumpIfNotNone => {
                        let v = f.pop()?;
                        if v.is_none() == (ins.op == Op::PopJumpIfNone) {
                            f.pc = arg;
                        }
                    }
                    Op::JumpIfFalseOrPop | Op::JumpIfTrueOrPop => {
                        let t = self.truthy(f.peek(0)?)?;
                        if t == (ins.op == Op::JumpIfTrueOrPop) {
                            f.pc = arg;
                        } else {
                            f.pop()?;
                        }
                    }
                    Op::GetIter => {
                        let v = f.pop()?;
                        let it = self.iter(&v)?;
                        f.push(it);
                    }
                    Op::ForIter => match self.next(f.peek(0)?)? {
                        Some(v) => f.push(v),
                        None => {
                            f.pop()?;
                            f.pc = arg;
                        }
                    },
                    Op::MakeFunction => {
                        let func = crate::call::make_function(self, f, ins.arg)?;
                        f.push(func);
                    }
                    Op::ImportName => {
                        let fromlist = f.pop()?;
                        let level = f.pop()?;
                        let name = code.names.get(arg).ok_or_else(bad_stack)?;
                        let globals = f.globals.clone();
                        let m =
                            crate::importing::import_name(self, name, &globals, &fromlist, &level)?;
                        f.push(m);
                    }
                    Op::ImportFrom => {
                        let name = code.names.get(arg).ok_or_else(bad_stack)?;
                        let module = f.peek(0)?.clone();
                        let v = crate::importing::import_from(self, &module, name)?;
                        f.push(v);
                    }
                    Op::ImportStar => {
                        let m = f.pop()?;
                        let locals = f.locals.clone().ok_or_else(|| {
                            PyErr::new(&exc::SYSTEM_ERROR, "no locals found during 'import *'")
                        })?;
                        crate::names::import_star(self, &m, &locals)?;
                    }
                    Op::RaiseVarargs => return Err(crate::raise::raise_varargs(self, f, arg)?),
                    Op::Reraise => {
                        let e = f.pop()?;
                        if arg != 0 {
                            let lasti = f.peek_at(arg)?.as_i64().ok_or_else(bad_stack)?;
                            f.lasti = usize::try_from(lasti).map_err(|_| bad_stack())?;
                        }
                        self.reraise = true;
                        return Err(PyErr::from_value(&e));
                    }
                    Op::PushExcInfo => {
                        let e = f.pop()?;
                        let prev = self.handled.replace(e.clone()).unwrap_or_else(|| py.none());
                        f.push(prev);
                        f.push(e);
                    }
                    Op::PopExcept => {
                        let prev = f.pop()?;
                        self.handled = (!prev.is_none()).then_some(prev);
                    }
                    Op::CheckExcMatch => {
                        let ty = f.pop()?;
                        let r = crate::raise::exc_matches(f.peek(0)?, &ty)?;
                        f.push(py.bool(r));
                    }
                    Op::BeforeWith => {
                        let mgr = f.pop()?;
                        let (exit, value) = self.before_with(&mgr)?;
                        f.push(exit);
                        f.push(value);
                    }
                    Op::WithExceptStart => {
                        let e = f.peek(0)?.clone();
                        let exit = f.peek(3)?.clone();
                        let tb = e.exc_traceback().unwrap_or_else(|| py.none());
                        let args = [e.get_type(), e, tb];
                        let r = self.call(&exit, Args::positional(&args))?;
                        f.push(r);
                    }
                    Op::LoadAssertionError => f.push(exc::ASSERTION_ERROR.get(py)),
                    Op::SetupAnnotations => {
                        let locals = f.locals.as_ref().ok_or_else(no_locals)?;
                        if locals.dict_get_str("__annotations__")?.is_none() {
                            locals.set_item(&py.str("__annotations__")?, &py.dict()?)?;
                        }
                    }
                    Op::PrintExpr => {
                        let v = f.pop()?;
                        if !v.is_none() {
                            self.display(&v)?;
                        }
                    }
                    Op::YieldValue => return Ok(Flow::Yield(f.pop()?)),
                    Op::GetYieldFromIter => {
                        let v = f.pop()?;
                        let it = self.yield_from_iter(&v, &code)?;
                        f.push(it);
                    }
                    Op::Send => {
                        let value = f.pop()?;
                        let receiver = f.peek(0)?.clone();
                        match self.send(&receiver, value)? {
                            crate::generator::Sent::Yielded(v) => f.push(v),
                            crate::generator::Sent::Returned(v) => {
                                f.push(v);
                                f.pc = arg;
                            }
                        }
                    }
                    Op::EndSend => {
                        let v = f.pop()?;
                        f.pop()?;
                        f.push(v);
                    }
                    Op::CleanupThrow => {
                        let e = f.pop()?;
                        f.pop()?;
                        f.pop()?;
                        if e.is_instance(&exc::STOP_ITERATION) {
                            let value = crate::generator::stop_value(&e)?;
                            f.push(py.none());
                            f.push(value);
                        } else {
                            self.reraise = true;
                            return Err(PyErr::from_value(&e));
                        }
                    }
                    Op::LoadBuildClass => {
                        let key = self.consts.intern(py, "__build_class__")?;
                        match f.builtins.dict_get(&key)? {
                            Some(b) => f.push(b),
                            None => {
                                return Err(PyErr::new(
                                    &exc::NAME_ERROR,
                                    "__build_class__ not found",
                                ));
                            }
                        }
                    }
                    Op::LoadClassDeref => {
                        let name = code.localsplus_names.get(arg).ok_or_else(bad_stack)?;
                        let key = self.consts.intern(py, name)?;
                        let v = match &f.locals {
                            Some(l) => l.dict_get(&key)?,
                            None => None,
                        };
                        let v = match v {
                            Some(v) => v,
                            None => {
                                let cell = f
                                    .fast
                                    .get(arg)
                                    .and_then(Option::as_ref)
                                    .ok_or_else(bad_stack)?;
                                crate::cells::get(cell)?
                                    .ok_or_else(|| crate::raise::unbound_deref(&code, arg))?
                            }
                        };
                        f.push(v);
                    }
                    Op::TypeParam
                    | Op::SetFunctionTypeParams
                    | Op::SubscriptGeneric
                    | Op::TypeAlias => return Err(not_yet_run(ins.op)),
                    Op::CheckEgMatch => {
                        let types = f.pop()?;
                        let e = f.pop()?;
                        let (rest, hit) = self.check_eg_match(f, &e, &types)?;
                        f.push(rest);
                        f.push(hit);
                    }
                    Op::PrepReraiseStar => {
                        let excs = f.pop()?;
                        let orig = f.pop()?;
                        let v = crate::exc_group::prep_reraise_star(self, &orig, &excs)?;
                        f.push(v);
                    }
                    Op::GetAwaitable => {
                        let v = f.pop()?;
                        let it = self.get_awaitable(&v, ins.arg)?;
                        f.push(it);
                    }
                    Op::BeforeAsyncWith => {
                        let mgr = f.pop()?;
                        let (exit, value) = self.before_async_with(&mgr)?;
                        f.push(exit);
                        f.push(value);
                    }
                    Op::GetAIter => {
                        let v = f.pop()?;
                        let it = self.get_aiter(&v)?;
                        f.push(it);
                    }
                    Op::GetANext => {
                        let it = self.get_anext(&f.peek(0)?.clone())?;
                        f.push(it);
                    }
                    Op::EndAsyncFor => {
                        let e = f.pop()?;
                        if !e.is_instance(&exc::STOP_ASYNC_ITERATION) {
                            self.reraise = true;
                            return Err(PyErr::from_value(&e));
                        }
                        f.pop()?;
                    }
                    Op::MatchSequence | Op::MatchMapping => {
                        let s = f.peek(0)?;
                        let r = if ins.op == Op::MatchSequence {
                            crate::matching::is_sequence(s)
                        } else {
                            crate::matching::is_mapping(s)
                        };
                        f.push(py.bool(r));
                    }
                    Op::GetLen => {
                        let n = self.len(&f.peek(0)?.clone())?;
                        f.push(py.int(n as i64)?);
                    }
                    Op::MatchKeys => {
                        let v = crate::matching::match_keys(f.peek(1)?, f.peek(0)?)?;
                        f.push(v);
                    }
                    Op::CopyDictWithoutKeys => {
                        let keys = f.pop()?;
                        let subject = f.pop()?;
                        f.push(crate::matching::without_keys(&subject, &keys)?);
                    }
                    Op::MatchClass => {
                        let names = f.pop()?;
                        let cls = f.pop()?;
                        let subject = f.pop()?;
                        let r = crate::matching::match_class(self, &subject, &cls, &names, arg)?;
                        f.push(r);
                    }
                }
            }
        }
    }
}

/// How many ended frames' storage a thread state keeps for reuse.
const MAX_SPARE: usize = 64;

/// The `SystemError` of an operation the loop does not run yet.
fn not_yet_run(op: Op) -> PyErr {
    PyErr::new(
        &exc::SYSTEM_ERROR,
        format!("the eval loop does not run {} yet", op.name()),
    )
}

fn no_locals() -> PyErr {
    PyErr::new(&exc::SYSTEM_ERROR, "no locals found")
}
