//! The builtins that see their caller's namespaces (`globals`, `locals`, `vars`, `dir`,
//! `exec`, `eval`) and `compile`.
//!
//! The running frame is a local of the loop, not on the frame stack, so a native function
//! cannot reach it. For the functions of [`FRAME_FUNCTIONS`] only, the loop's call path
//! records the caller's namespaces in the thread state ([`Tstate::caller`]) just before the
//! call; each of them takes that record first thing, so nothing stale survives a nested call.

use std::sync::Arc;

use subinterp_compile::{Code, Mode};
use subinterp_object::{Kind, Obj, Py, PyErr, PyResult, exc};

use crate::Tstate;
use crate::builtin::{Args, Builtin, BuiltinDef};
use crate::frame::Frame;
use crate::function::CodeObj;

/// The caller's namespaces, recorded for a frame builtin.
pub(crate) struct CallerNs<'py> {
    pub(crate) globals: Obj<'py>,
    /// The module-level locals mapping, or a snapshot of a function's fast locals.
    pub(crate) locals: Obj<'py>,
}

/// The builtins that need their caller's namespaces.
pub(crate) static FRAME_FUNCTIONS: &[BuiltinDef] = &[
    BuiltinDef {
        name: "globals",
        func: globals,
    },
    BuiltinDef {
        name: "locals",
        func: locals,
    },
    BuiltinDef {
        name: "vars",
        func: vars,
    },
    BuiltinDef {
        name: "dir",
        func: dir,
    },
    BuiltinDef {
        name: "exec",
        func: exec,
    },
    BuiltinDef {
        name: "eval",
        func: eval,
    },
];

/// Builtins of this module that need no frame.
pub(crate) static FUNCTIONS: &[BuiltinDef] = &[BuiltinDef {
    name: "compile",
    func: compile,
}];

/// Whether `callee` is one of [`FRAME_FUNCTIONS`] (one range check).
#[inline]
pub(crate) fn needs_frame(callee: &Obj<'_>) -> bool {
    callee.native::<Builtin>().is_some_and(|b| {
        FRAME_FUNCTIONS
            .as_ptr_range()
            .contains(&std::ptr::from_ref(b.def))
    })
}

/// The namespaces of frame `f`: its globals, and its locals mapping (module level) or a new
/// dict of its bound fast locals and cell contents (functions), as CPython's `locals()`.
pub(crate) fn namespaces<'py>(f: &Frame<'py>) -> PyResult<CallerNs<'py>> {
    let locals = match &f.locals {
        Some(l) => l.clone(),
        None => {
            let py = f.globals.py();
            let d = py.dict()?;
            let kinds = f.code.localsplus_kinds.iter();
            for ((name, kind), v) in f.code.localsplus_names.iter().zip(kinds).zip(&f.fast) {
                let Some(v) = v else { continue };
                let is_cell = kind.has(subinterp_compile::LocalKind::CELL)
                    || kind.has(subinterp_compile::LocalKind::FREE);
                let v = if is_cell && v.native::<crate::function::Cell>().is_some() {
                    match crate::cells::get(v)? {
                        Some(inner) => inner,
                        None => continue,
                    }
                } else {
                    v.clone()
                };
                d.set_item(&py.str(name)?, &v)?;
            }
            d
        }
    };
    Ok(CallerNs {
        globals: f.globals.clone(),
        locals,
    })
}

impl<'py> Tstate<'py> {
    /// The recorded caller of a frame builtin, else the innermost waiting frame.
    fn caller_ns(&mut self) -> PyResult<CallerNs<'py>> {
        if let Some(ns) = self.caller.take() {
            return Ok(ns);
        }
        match self.frames.last() {
            Some(f) => namespaces(f),
            None => Err(PyErr::new(&exc::SYSTEM_ERROR, "no current frame")),
        }
    }

    /// Runs `code` with `globals` and `locals` as a new activation of the loop (counted as
    /// a native re-entry, on a stack grown on demand).
    pub(crate) fn run_code(
        &mut self,
        code: &Arc<Code>,
        globals: &Obj<'py>,
        locals: &Obj<'py>,
    ) -> PyResult<Obj<'py>> {
        let key = self.consts.intern(self.py(), "__builtins__")?;
        let builtins = match globals.dict_get(&key)? {
            Some(b) if b.kind() == Kind::Dict => b,
            Some(m) if m.kind() == Kind::Module => m.module_dict()?,
            Some(_) => self.builtins.clone(),
            None => {
                globals.set_item(&key, &self.builtins)?;
                self.builtins.clone()
            }
        };
        let objs = self.consts.get(self.py(), code, &self.ellipsis)?;
        let buf = self.spare.pop().unwrap_or_default();
        let frame = Frame::with_buffers(
            code.clone(),
            objs,
            globals.clone(),
            builtins,
            Some(locals.clone()),
            buf,
        );
        self.check_depth()?;
        self.native_depth += 1;
        let r = stacker::maybe_grow(crate::tstate::RED_ZONE, crate::tstate::SEGMENT, || {
            self.run_entry(frame)
        });
        self.native_depth -= 1;
        r
    }

    /// The code of `exec`/`eval`'s first argument: a code object, or source compiled in
    /// `mode` as `<string>`.
    fn code_arg(&mut self, fname: &str, src: &Obj<'py>, mode: Mode) -> PyResult<Arc<Code>> {
        if let Some(c) = src.native::<CodeObj>() {
            return Ok(c.0.clone());
        }
        let text = source_text(fname, src, mode == Mode::Eval)?;
        compile_source(self.py(), &text, "<string>", mode)
    }

    /// `exec`/`eval`: the namespaces (CPython's defaulting rules and texts), then the run.
    fn exec_or_eval(&mut self, fname: &str, a: Args<'_, 'py>, mode: Mode) -> PyResult<Obj<'py>> {
        let caller = self.caller.take();
        let [src, globals, locals] = a.bind(fname, ["source", "globals", "locals"], 1)?;
        let src = src.ok_or_else(|| PyErr::type_error(format!("{fname}() missing source")))?;
        let globals = globals.filter(|g| !g.is_none());
        let locals = locals.filter(|l| !l.is_none());
        if let Some(g) = &globals
            && g.kind() != Kind::Dict
        {
            return Err(PyErr::type_error(if fname == "exec" {
                format!("exec() globals must be a dict, not {}", g.type_name())
            } else {
                String::from("globals must be a dict")
            }));
        }
        if let Some(l) = &locals
            && l.kind() != Kind::Dict
        {
            return Err(PyErr::type_error(if fname == "exec" {
                format!("locals must be a mapping or None, not {}", l.type_name())
            } else {
                String::from("locals must be a mapping")
            }));
        }
        let (globals, locals) = match (globals, locals) {
            (Some(g), Some(l)) => (g, l),
            (Some(g), None) => (g.clone(), g),
            (None, l) => {
                self.caller = caller;
                let ns = self.caller_ns()?;
                let l = l.unwrap_or(ns.locals);
                (ns.globals, l)
            }
        };
        let code = self.code_arg(fname, &src, mode)?;
        let r = self.run_code(&code, &globals, &locals)?;
        Ok(if mode == Mode::Exec {
            self.py().none()
        } else {
            r
        })
    }
}

/// The text of a source argument (`str` or UTF-8 `bytes`); `eval` strips leading blanks.
fn source_text(fname: &str, src: &Obj<'_>, strip: bool) -> PyResult<String> {
    let text = match (src.as_str(), src.as_bytes()) {
        (Some(s), _) => s.to_owned(),
        (None, Some(b)) => String::from_utf8(b.to_vec())
            .map_err(|_| PyErr::new(&exc::SYNTAX_ERROR, "source code is not valid UTF-8"))?,
        _ => {
            return Err(PyErr::type_error(format!(
                "{fname}() arg 1 must be a string, bytes or code object"
            )));
        }
    };
    if text.contains('\0') {
        return Err(PyErr::new(
            &exc::SYNTAX_ERROR,
            "source code string cannot contain null bytes",
        ));
    }
    Ok(if strip {
        text.trim_start_matches([' ', '\t']).to_owned()
    } else {
        text
    })
}

/// Compiles `text`; a compile error becomes its `SyntaxError` with CPython's attributes and
/// `str()` (`invalid syntax (<string>, line 1)`).
fn compile_source(py: Py<'_>, text: &str, filename: &str, mode: Mode) -> PyResult<Arc<Code>> {
    subinterp_compile::compile_cached(text, filename, mode)
        .map_err(|e| crate::tstate::syntax_error(py, &e))
}

fn globals<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("globals", 0)?;
    Ok(ts.caller_ns()?.globals)
}

fn locals<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.exactly("locals", 0)?;
    Ok(ts.caller_ns()?.locals)
}

fn vars<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let caller = ts.caller.take();
    a.no_kw("vars")?;
    let a = a.between("vars", 0, 1)?;
    let Some(o) = a.first() else {
        ts.caller = caller;
        return Ok(ts.caller_ns()?.locals);
    };
    match o.kind() {
        Kind::Module => o.module_dict(),
        _ => match ts.getattr(o, "__dict__") {
            Err(e) if e.is(&exc::ATTRIBUTE_ERROR) => Err(PyErr::type_error(
                "vars() argument must have __dict__ attribute",
            )),
            r => r,
        },
    }
}

fn dir<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let caller = ts.caller.take();
    a.no_kw("dir")?;
    let a = a.between("dir", 0, 1)?;
    let py = ts.py();
    let mut names: Vec<String> = match a.first() {
        None => {
            ts.caller = caller;
            let l = ts.caller_ns()?.locals;
            keys_of(&l)?
        }
        Some(o) if o.kind() == Kind::Module => keys_of(&o.module_dict()?)?,
        Some(o) if o.kind() == Kind::Dict => keys_of(o)?,
        Some(o) if o.kind() == Kind::Type && o.is_heap_type() => crate::typeobj::class_dir(o)?,
        Some(o) if o.has_heap_type() || o.kind() == Kind::Object => {
            let mut names = match o.inst_dict_peek() {
                Some(d) => keys_of(&d)?,
                None => Vec::new(),
            };
            names.extend(crate::typeobj::class_dir(&o.get_type())?);
            names
        }
        Some(o) => {
            // The methods the loop knows for a builtin object's type.
            let table = if o.kind() == Kind::Type {
                crate::methods::type_table(o)
            } else {
                crate::methods::table(o)
            };
            table
                .unwrap_or_default()
                .iter()
                .map(|d| d.name.to_owned())
                .collect()
        }
    };
    names.sort();
    names.dedup();
    let items = names
        .iter()
        .map(|n| py.str(n))
        .collect::<PyResult<Vec<_>>>()?;
    py.list_from(items)
}

/// The str keys of a namespace dict.
fn keys_of(d: &Obj<'_>) -> PyResult<Vec<String>> {
    Ok(d.dict_keys()?
        .iter()
        .filter_map(|k| k.as_str().map(str::to_owned))
        .collect())
}

fn exec<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    ts.exec_or_eval("exec", a, Mode::Exec)
}

fn eval<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    ts.exec_or_eval("eval", a, Mode::Eval)
}

/// `compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1)`: a code
/// object (`flags` other than 0 are not supported).
fn compile<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [src, filename, mode, flags, _dont_inherit, _optimize] = a.bind(
        "compile",
        [
            "source",
            "filename",
            "mode",
            "flags",
            "dont_inherit",
            "optimize",
        ],
        3,
    )?;
    let (Some(src), Some(filename), Some(mode)) = (src, filename, mode) else {
        return Err(PyErr::type_error("compile() missing required argument"));
    };
    let mode = match mode.as_str() {
        Some("exec") => Mode::Exec,
        Some("eval") => Mode::Eval,
        Some("single") => Mode::Single,
        Some(_) => {
            return Err(PyErr::value_error(
                "compile() mode must be 'exec', 'eval' or 'single'",
            ));
        }
        None => {
            return Err(PyErr::type_error(format!(
                "compile() argument 'mode' must be str, not {}",
                mode.type_name()
            )));
        }
    };
    if let Some(f) = flags
        && f.as_i64() != Some(0)
    {
        return Err(PyErr::value_error("compile(): unrecognised flags"));
    }
    if let Some(c) = src.native::<CodeObj>() {
        return ts
            .py()
            .new_native(&crate::function::CODE, CodeObj(c.0.clone()));
    }
    let filename = match (filename.as_str(), filename.as_bytes()) {
        (Some(s), _) => s.to_owned(),
        (None, Some(b)) => String::from_utf8_lossy(b).into_owned(),
        _ => {
            return Err(PyErr::type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                filename.type_name()
            )));
        }
    };
    let text = source_text("compile", &src, false)?;
    let code = compile_source(ts.py(), &text, &filename, mode)?;
    ts.py().new_native(&crate::function::CODE, CodeObj(code))
}
