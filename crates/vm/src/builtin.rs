//! Native functions of the loop (`builtin_function_or_method`): they get the thread state,
//! the receiver of a method, and the call's arguments, and bind them through [`Args`].

use subinterp_object::{Obj, PyErr, PyResult, Slots, StaticType};

use crate::Tstate;

/// A native function: `(tstate, self, args)`. `self` is the receiver of a method (`[].append`),
/// `None` for a module-level function.
pub type BuiltinFn =
    for<'py> fn(&mut Tstate<'py>, Option<&Obj<'py>>, Args<'_, 'py>) -> PyResult<Obj<'py>>;

/// A function definition (CPython's `PyMethodDef` for the loop's functions).
pub struct BuiltinDef {
    /// `__name__`.
    pub name: &'static str,
    /// The implementation.
    pub func: BuiltinFn,
}

/// A native function object: its definition. The receiver of a bound method (its
/// `__self__`, or the module of a module function) is the object the instance holds
/// ([`Obj::native_held`]; made by [`new_builtin`](crate::new_builtin)).
pub struct Builtin {
    /// What it runs.
    pub def: &'static BuiltinDef,
}

/// The collector's view of a builtin: its `__self__`.
fn builtin_traverse(b: &Obj<'_>, v: &mut subinterp_object::Visit<'_>) {
    if let Some(s) = b.native_held() {
        v.obj(&s);
    }
}

/// `builtin_function_or_method` for functions that take the thread state.
pub static BUILTIN: StaticType =
    StaticType::native("builtin_function_or_method", "builtins", &BUILTIN_SLOTS);
static BUILTIN_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(builtin_getattr),
    repr: Some(builtin_repr),
    traverse: Some(builtin_traverse),
    weakref: true,
    ..Slots::EMPTY
};

fn builtin_getattr<'py>(f: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let b = f.native::<Builtin>()?;
    let py = f.py();
    Some(match name {
        "__name__" | "__qualname__" => py.str(b.def.name),
        "__self__" => Ok(f.native_held().unwrap_or_else(|| py.none())),
        _ => return None,
    })
}

fn builtin_repr(f: &Obj<'_>) -> PyResult<String> {
    let Some(b) = f.native::<Builtin>() else {
        return Ok(String::from("<built-in function>"));
    };
    Ok(match f.native_held() {
        None => format!("<built-in function {}>", b.def.name),
        Some(s) => {
            if crate::native::is_module_function(&s) {
                return Ok(format!("<built-in function {}>", b.def.name));
            }
            format!(
                "<built-in method {} of {} object at {:#x}>",
                b.def.name,
                s.type_name(),
                s.id()
            )
        }
    })
}

/// The arguments of one call: positional ones, then `(name, value)` keyword pairs (names are
/// `str` objects).
#[derive(Clone, Copy)]
pub struct Args<'a, 'py> {
    /// Positional arguments.
    pub pos: &'a [Obj<'py>],
    /// Keyword arguments, in call order.
    pub kw: &'a [(Obj<'py>, Obj<'py>)],
}

impl<'a, 'py> Args<'a, 'py> {
    /// Positional arguments only.
    pub fn positional(pos: &'a [Obj<'py>]) -> Args<'a, 'py> {
        Args { pos, kw: &[] }
    }

    /// Binds to `N` parameters named `params` (the first `required` of them required), for
    /// function `fname`: positional arguments fill them in order, keyword arguments by name.
    /// CPython's texts for too many, missing, unexpected and repeated arguments.
    pub fn bind<const N: usize>(
        &self,
        fname: &str,
        params: [&str; N],
        required: usize,
    ) -> PyResult<[Option<Obj<'py>>; N]> {
        let mut out: [Option<Obj<'py>>; N] = std::array::from_fn(|_| None);
        if self.pos.len() > N {
            return Err(PyErr::type_error(match N {
                0 => format!("{fname}() takes no arguments ({} given)", self.pos.len()),
                1 if required == 1 => format!(
                    "{fname}() takes exactly one argument ({} given)",
                    self.pos.len()
                ),
                _ => format!(
                    "{fname}() takes at most {N} argument{} ({} given)",
                    if N == 1 { "" } else { "s" },
                    self.pos.len()
                ),
            }));
        }
        for (slot, v) in out.iter_mut().zip(self.pos) {
            *slot = Some(v.clone());
        }
        for (k, v) in self.kw {
            let name = k.as_str().unwrap_or_default();
            let Some(i) = params.iter().position(|p| *p == name) else {
                return Err(PyErr::type_error(format!(
                    "{fname}() got an unexpected keyword argument '{name}'"
                )));
            };
            if out[i].is_some() {
                return Err(PyErr::type_error(format!(
                    "argument for {fname}() given by name ('{name}') and position ({})",
                    i + 1
                )));
            }
            out[i] = Some(v.clone());
        }
        if let Some(i) = out[..required.min(N)].iter().position(Option::is_none) {
            return Err(PyErr::type_error(format!(
                "{fname}() missing required argument '{}' (pos {})",
                params[i],
                i + 1
            )));
        }
        Ok(out)
    }

    /// `TypeError: f() takes no keyword arguments` when any was given.
    pub fn no_kw(&self, fname: &str) -> PyResult<()> {
        if self.kw.is_empty() {
            Ok(())
        } else {
            Err(PyErr::type_error(format!(
                "{fname}() takes no keyword arguments"
            )))
        }
    }

    /// Exactly `n` positional arguments and no keywords, with CPython's texts for builtins
    /// (`f() takes no arguments (1 given)`, `len() takes exactly one argument (2 given)`,
    /// `f expected 2 arguments, got 1`).
    pub fn exactly(&self, fname: &str, n: usize) -> PyResult<&'a [Obj<'py>]> {
        self.no_kw(fname)?;
        if self.pos.len() == n {
            return Ok(self.pos);
        }
        Err(PyErr::type_error(if n == 0 {
            format!("{fname}() takes no arguments ({} given)", self.pos.len())
        } else if n == 1 {
            format!(
                "{fname}() takes exactly one argument ({} given)",
                self.pos.len()
            )
        } else {
            format!("{fname} expected {n} arguments, got {}", self.pos.len())
        }))
    }

    /// Between `min` and `max` positional arguments and no keywords (`range expected at
    /// least 1 argument, got 0`).
    pub fn between(&self, fname: &str, min: usize, max: usize) -> PyResult<&'a [Obj<'py>]> {
        self.no_kw(fname)?;
        let n = self.pos.len();
        let plural = |k: usize| if k == 1 { "" } else { "s" };
        if n < min {
            return Err(PyErr::type_error(format!(
                "{fname} expected at least {min} argument{}, got {n}",
                plural(min)
            )));
        }
        if n > max {
            return Err(PyErr::type_error(format!(
                "{fname} expected at most {max} argument{}, got {n}",
                plural(max)
            )));
        }
        Ok(self.pos)
    }

    /// The keyword argument `name`, if given.
    pub fn kwarg(&self, name: &str) -> Option<&'a Obj<'py>> {
        self.kw
            .iter()
            .find(|(k, _)| k.as_str() == Some(name))
            .map(|(_, v)| v)
    }

    /// Checks that every keyword argument is one of `allowed`.
    pub fn only_kw(&self, fname: &str, allowed: &[&str]) -> PyResult<()> {
        match self
            .kw
            .iter()
            .filter_map(|(k, _)| k.as_str())
            .find(|k| !allowed.contains(k))
        {
            Some(k) => Err(PyErr::type_error(format!(
                "{fname}() got an unexpected keyword argument '{k}'"
            ))),
            None => Ok(()),
        }
    }
}
