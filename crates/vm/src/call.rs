//! Calls: Python functions become frames of the running loop; everything else (builtins,
//! methods of builtin types, types, the object crate's native functions) is called natively.

use std::cell::RefCell;

use subinterp_compile::CodeFlags;
use subinterp_object::{Kind, Obj, PyErr, PyResult, Slots, StaticType, exc};

use crate::Tstate;
use crate::builtin::{Args, Builtin, BuiltinDef};
use crate::frame::{Frame, bad_stack};
use crate::function::{CodeObj, FUNCTION, Function, bind};

/// An unbound method of a builtin type (`list.append`): calling it takes the receiver as
/// the first argument.
pub struct MethodDescr {
    /// The method.
    pub def: &'static BuiltinDef,
    /// The name of the type it belongs to (for texts).
    pub owner: &'static str,
}

/// `method_descriptor`.
pub static METHOD_DESCR: StaticType =
    StaticType::native("method_descriptor", "builtins", &METHOD_DESCR_SLOTS);
static METHOD_DESCR_SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: Some(|m| {
        Ok(match m.native::<MethodDescr>() {
            Some(d) => format!("<method '{}' of '{}' objects>", d.def.name, d.owner),
            None => String::from("<method>"),
        })
    }),
    ..Slots::EMPTY
};

impl<'py> Tstate<'py> {
    /// A call from the loop: for a Python function, `f` becomes the callee's frame (the
    /// caller goes on the frame stack) and the answer is `true`; anything else is called and
    /// its result pushed on `f`'s stack.
    pub(crate) fn call_flow(
        &mut self,
        callee: &Obj<'py>,
        pos: &[Obj<'py>],
        kw: &[(Obj<'py>, Obj<'py>)],
        f: &mut Frame<'py>,
    ) -> PyResult<bool> {
        if let Some(func) = callee.native::<Function>() {
            if func.code.flags.0 & GENERATOR_LIKE != 0 {
                let frame = self.function_frame(func, pos, kw)?;
                let g = crate::generator::new_generator(self, frame, func)?;
                f.push(g);
                return Ok(false);
            }
            self.check_depth()?;
            let frame = self.function_frame_from(func, pos, kw, Some(f))?;
            self.tick()?;
            // One move of each frame: the caller into the stack, the callee into `f`.
            self.frames.push(std::mem::replace(f, frame));
            return Ok(true);
        }
        if let Some(m) = callee.native::<crate::descr::Method>()
            && let Some(func) = m
                .func
                .bind(self.py())
                .ok()
                .filter(|x| x.native::<Function>().is_some())
        {
            let slf = bind(&m.slf, self.py())?;
            let pos = crate::type_call::prepend(&slf, pos);
            return self.call_flow(&func, &pos, kw, f);
        }
        if kw.is_empty() && crate::super_obj::is_zero_arg(callee, pos) {
            let s = crate::super_obj::zero_arg(self, f)?;
            f.push(s);
            return Ok(false);
        }
        if crate::scope::needs_frame(callee) || crate::build_class::needs_module(callee, pos) {
            self.caller = Some(crate::scope::namespaces(f)?);
        }
        let r = self.call_object(callee, Args { pos, kw });
        self.caller = None;
        f.push(r?);
        Ok(false)
    }

    /// Calls any callable from native code (not counted: see [`Tstate::call`]).
    pub(crate) fn call_object(
        &mut self,
        callee: &Obj<'py>,
        args: Args<'_, 'py>,
    ) -> PyResult<Obj<'py>> {
        if let Some(b) = callee.native::<Builtin>() {
            return (b.def.func)(self, callee.native_held().as_ref(), args);
        }
        if let Some(m) = callee.native::<MethodDescr>() {
            let Some((slf, rest)) = args.pos.split_first() else {
                return Err(PyErr::type_error(format!(
                    "unbound method {}.{}() needs an argument",
                    m.owner, m.def.name
                )));
            };
            // The owner's name is the quick test; a method shared by several types (the
            // iterators' `__next__`) is found on the receiver's own type instead.
            if slf.type_name() != m.owner
                && !crate::methods::find(slf, m.def.name).is_some_and(|d| std::ptr::eq(d, m.def))
                && !crate::type_call::descr_applies(m.owner, slf)
            {
                return Err(PyErr::type_error(format!(
                    "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                    m.def.name,
                    m.owner,
                    slf.type_name()
                )));
            }
            return (m.def.func)(
                self,
                Some(slf),
                Args {
                    pos: rest,
                    kw: args.kw,
                },
            );
        }
        if let Some(func) = callee.native::<Function>() {
            let frame = self.function_frame(func, args.pos, args.kw)?;
            if func.code.flags.0 & GENERATOR_LIKE != 0 {
                return crate::generator::new_generator(self, frame, func);
            }
            return self.run_entry(frame);
        }
        if let Some(m) = callee.native::<crate::descr::Method>() {
            let py = callee.py();
            let func = bind(&m.func, py)?;
            let slf = bind(&m.slf, py)?;
            // A builtin function bound by `classmethod` takes the class as its receiver.
            if let Some(b) = func.native::<Builtin>()
                && func.native_held().is_none()
            {
                return (b.def.func)(self, Some(&slf), args);
            }
            let pos = crate::type_call::prepend(&slf, args.pos);
            return self.call_object(
                &func,
                Args {
                    pos: &pos,
                    kw: args.kw,
                },
            );
        }
        if callee.is_weakref() {
            return crate::gc_module::call_ref(callee, args);
        }
        if let Some(f) = crate::ext::proto(callee).and_then(|p| p.call) {
            return f(self, callee, args);
        }
        if callee.kind() == Kind::Type
            && let Some(c) = crate::ext::class_of(callee)
        {
            return (c.new)(self, None, args);
        }
        match callee.kind() {
            Kind::Type if callee.is_heap_type() || callee.get_type().is_heap_type() => {
                crate::type_call::call_class(self, callee, args)
            }
            Kind::Type if crate::exc_group::is_group_type(callee) => {
                crate::exc_group::construct(callee, args)
            }
            Kind::Type => crate::types::call_type(self, callee, args),
            _ => {
                if callee.has_heap_type()
                    && let Some(r) = self.call_dunder(callee, args)?
                {
                    return Ok(r);
                }
                Err(PyErr::type_error(format!(
                    "'{}' object is not callable",
                    callee.type_name()
                )))
            }
        }
    }

    /// A new frame for a call of `func`, its parameters bound.
    pub(crate) fn function_frame(
        &mut self,
        func: &Function,
        pos: &[Obj<'py>],
        kw: &[(Obj<'py>, Obj<'py>)],
    ) -> PyResult<Frame<'py>> {
        self.function_frame_from(func, pos, kw, None)
    }

    /// [`Self::function_frame`] for a call from frame `caller`: when the callee's globals
    /// and builtins are the caller's (a call within one module, the common case), the frame
    /// shares the caller's handles instead of binding the function's references again
    /// (which checks their owner each time).
    #[inline]
    fn function_frame_from(
        &mut self,
        func: &Function,
        pos: &[Obj<'py>],
        kw: &[(Obj<'py>, Obj<'py>)],
        caller: Option<&Frame<'py>>,
    ) -> PyResult<Frame<'py>> {
        let py = self.py();
        let objs = self.consts.get(py, &func.code, &self.ellipsis)?;
        let buf = self.spare.pop().unwrap_or_default();
        let (globals, builtins) = match caller {
            Some(c)
                if func.globals.refers_to(&c.globals) && func.builtins.refers_to(&c.builtins) =>
            {
                (c.globals.clone(), c.builtins.clone())
            }
            _ => (bind(&func.globals, py)?, bind(&func.builtins, py)?),
        };
        let mut frame = Frame::with_buffers(func.code.clone(), objs, globals, builtins, None, buf);
        if let Some(c) = &func.closure {
            frame.closure = Some(bind(c, py)?);
        }
        crate::bind::bind_args(py, &mut frame.fast, func, pos, kw)?;
        Ok(frame)
    }

    /// Runs `frame` (a class body) as a new activation of the loop, counted as a native
    /// re-entry on a stack grown on demand.
    pub(crate) fn run_nested(&mut self, frame: Frame<'py>) -> PyResult<Obj<'py>> {
        self.check_depth()?;
        self.native_depth += 1;
        let r = stacker::maybe_grow(crate::tstate::RED_ZONE, crate::tstate::SEGMENT, || {
            self.run_entry(frame)
        });
        self.native_depth -= 1;
        r
    }

    /// `__name__` of the calling code's globals (recorded by the loop for `type(n, b, d)`).
    pub(crate) fn caller_module(&mut self) -> PyResult<Option<Obj<'py>>> {
        match &self.caller {
            Some(ns) => ns.globals.dict_get_str("__name__"),
            None => Ok(None),
        }
    }

    /// The unbound method `name` of `obj`'s builtin type, made once per interpreter.
    pub(crate) fn method_descr(
        &mut self,
        obj: &Obj<'py>,
        name: &str,
    ) -> PyResult<Option<Obj<'py>>> {
        let Some(def) = crate::methods::find(obj, name) else {
            return Ok(None);
        };
        let key = def as *const BuiltinDef as usize;
        if let Some(m) = self.methods.get(&key) {
            return Ok(Some(m.clone()));
        }
        let owner = crate::methods::owner_name(obj);
        let m = self
            .py()
            .new_native(&METHOD_DESCR, MethodDescr { def, owner })?;
        self.methods.insert(key, m.clone());
        Ok(Some(m))
    }
}

/// Generators, coroutines and async generators: calling one makes the object, not a run.
const GENERATOR_LIKE: u32 =
    CodeFlags::GENERATOR | CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR;

/// `CALL_KW`: moves the last `len(names)` positional values into keyword pairs.
pub(crate) fn split_kw<'py>(
    names: &Obj<'py>,
    pos: &mut Vec<Obj<'py>>,
) -> PyResult<Vec<(Obj<'py>, Obj<'py>)>> {
    let names = names.tuple_items().ok_or_else(bad_stack)?;
    let start = pos.len().checked_sub(names.len()).ok_or_else(bad_stack)?;
    Ok(names.into_iter().zip(pos.drain(start..)).collect())
}

/// The keyword pairs of a `**kwargs` dict (`CALL_FUNCTION_EX`).
pub(crate) fn kwargs_of<'py>(d: &Obj<'py>) -> PyResult<Vec<(Obj<'py>, Obj<'py>)>> {
    let items = d.dict_items()?;
    if items.iter().any(|(k, _)| k.kind() != Kind::Str) {
        return Err(PyErr::type_error("keywords must be strings"));
    }
    Ok(items)
}

/// `DICT_UPDATE` / `DICT_MERGE`: adds `other`'s items to `d`; for `DICT_MERGE` (`**kwargs`
/// in a call of `callee`) a repeated key is an error, and the texts name the callee.
pub(crate) fn dict_merge<'py>(
    d: &Obj<'py>,
    other: &Obj<'py>,
    callee: Option<&Obj<'py>>,
) -> PyResult<()> {
    if other.kind() != Kind::Dict {
        return Err(PyErr::type_error(match callee {
            Some(c) => format!(
                "{} argument after ** must be a mapping, not {}",
                crate::call_errors::function_str(c),
                other.type_name()
            ),
            None => format!("'{}' object is not a mapping", other.type_name()),
        }));
    }
    for (k, v) in other.dict_items()? {
        if let Some(c) = callee
            && d.dict_get(&k)?.is_some()
        {
            return Err(PyErr::type_error(format!(
                "{} got multiple values for keyword argument '{}'",
                crate::call_errors::function_str(c),
                k.str()?
            )));
        }
        d.set_item(&k, &v)?;
    }
    Ok(())
}

/// `MAKE_FUNCTION`: a function object from the code on top of the stack and the parts its
/// flags say are below it.
pub(crate) fn make_function<'py>(
    ts: &mut Tstate<'py>,
    f: &mut Frame<'py>,
    flags: u32,
) -> PyResult<Obj<'py>> {
    let code_obj = f.pop()?;
    let code = code_obj
        .native::<CodeObj>()
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, "MAKE_FUNCTION without a code object"))?
        .0
        .clone();
    let closure = if flags & 8 != 0 { Some(f.pop()?) } else { None };
    // `__annotations__`: the compiler's (name, value, ...) tuple made a dict.
    let annotations = if flags & 4 != 0 {
        let flat = f.pop()?.tuple_items().unwrap_or_default();
        let d = ts.py().dict()?;
        for pair in flat.chunks_exact(2) {
            d.set_item(&pair[0], &pair[1])?;
        }
        Some(d.unbind())
    } else {
        None
    };
    let kwdefaults = if flags & 2 != 0 { Some(f.pop()?) } else { None };
    let defaults = if flags & 1 != 0 { Some(f.pop()?) } else { None };
    let func = Function {
        defaults: defaults.map(Obj::unbind),
        kwdefaults: kwdefaults.map(Obj::unbind),
        closure: closure.map(Obj::unbind),
        assigned: RefCell::new([None, None, annotations]),
        ..Function::new(
            code,
            code_obj.unbind(),
            f.globals.to_ref(),
            f.builtins.to_ref(),
        )
    };
    ts.py().new_native(&FUNCTION, func)
}
