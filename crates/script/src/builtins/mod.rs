//! The `builtins` module: `id`, `len`, `repr`, `print`, `reload` (native functions) and the
//! classes `type`, `int`, `str`, made once per interpreter by [`Builtins::new`].
//!
//! Functions that need nothing but their arguments are ordinary native functions, callable
//! from anywhere. `print` and `reload` need the interpreter (its output and its import
//! system), which a native function cannot reach: the evaluator recognises these two function
//! objects by identity and runs them with its [`Host`]. Called any other way (by a native
//! module holding a reference to them), `print` raises CPython's `RuntimeError: lost
//! sys.stdout` and `reload` an `ImportError`, as CPython does when those pieces are missing.
//!
//! Calling a class runs its constructor: `type(x)`, `int(x, base)`, `str(x)`, `bool(x)`,
//! `NoneType()`, and exception classes (which the object crate instantiates). Other classes reachable through `type(x)`
//! cannot be instantiated in the statement language (`TypeError: float() is not supported in
//! the statement language`; `cannot create 'X' instances`, CPython's text, for the classes
//! CPython cannot instantiate either).

mod args;
mod int;
mod print;

use subinterp_object::types::{BOOL, CAPSULE, FUNC, INT, NONE_TYPE, STR, TYPE};
use subinterp_object::{Kind, MethodDef, Obj, ObjRef, Origin, Py, PyErr, PyResult, exc};

use crate::host::Host;
use args::{Params, one_arg};

/// One interpreter's builtins: the `builtins` module and the two functions the evaluator runs
/// itself.
///
/// Made once per interpreter (creation allocates the module, its dict and five function
/// objects; [`exec`](crate::exec) allocates nothing for builtins) and handed to the evaluator
/// through [`Host::builtins`]. The runtime also registers [`module`](Builtins::module) as
/// `sys.modules['builtins']`, so `import builtins` finds it.
///
/// Module functions hold their module, a reference cycle: end the interpreter's use of it with
/// [`release`](Builtins::release), which clears the module's dict first (or clear the module
/// with the interpreter's other modules at finalisation). Merely dropping a `Builtins` defers
/// its references to the heap's owner and leaves the cycle to the heap's close.
#[derive(Debug)]
pub struct Builtins {
    module: ObjRef,
    /// Held so that the ids below stay unique for as long as `self` lives, whatever the
    /// program does to the module's dict.
    print: ObjRef,
    reload: ObjRef,
    print_id: usize,
    reload_id: usize,
}

/// The native functions, in the order they are added to the module.
static FUNCTIONS: [MethodDef; 5] = [
    MethodDef {
        name: "id",
        func: builtin_id,
        doc: "Return the identity of an object.",
    },
    MethodDef {
        name: "len",
        func: builtin_len,
        doc: "Return the number of items in a container.",
    },
    MethodDef {
        name: "repr",
        func: builtin_repr,
        doc: "Return the canonical string representation of the object.",
    },
    MethodDef {
        name: "print",
        func: print::native_print,
        doc: "Prints the values to the interpreter's standard output.",
    },
    MethodDef {
        name: "reload",
        func: native_reload,
        doc: "Reload the module and return it (importlib.reload).",
    },
];

impl Builtins {
    /// Makes the `builtins` module (`<module 'builtins' (built-in)>`) in `py`'s interpreter.
    pub fn new(py: Py<'_>) -> PyResult<Builtins> {
        let module = py.new_module("builtins")?;
        module.set_module_origin(Origin::BuiltIn)?;
        let dict = module.module_dict()?;
        let mut funcs = Vec::with_capacity(FUNCTIONS.len());
        for def in &FUNCTIONS {
            let f = py.new_function(def, Some(&module))?;
            dict.set_item(&py.str(def.name)?, &f)?;
            funcs.push(f);
        }
        for ty in [&TYPE, &INT, &STR] {
            dict.set_item(&py.str(ty.name())?, &ty.get(py))?;
        }
        let (print, reload) = (&funcs[3], &funcs[4]);
        Ok(Builtins {
            print_id: print.id(),
            reload_id: reload.id(),
            print: print.to_ref(),
            reload: reload.to_ref(),
            module: module.unbind(),
        })
    }

    /// The `builtins` module.
    pub fn module<'py>(&self, py: Py<'py>) -> PyResult<Obj<'py>> {
        Ok(self.module.bind(py)?)
    }

    /// Clears the module's dict (breaking the cycle its functions form with it) and drops
    /// every reference, under `py`.
    pub fn release(self, py: Py<'_>) -> PyResult<()> {
        let res = self.module(py).and_then(|m| m.module_clear());
        self.module.release(py);
        self.print.release(py);
        self.reload.release(py);
        res
    }

    /// Which host-aware builtin `f` is, if any.
    #[inline]
    pub(crate) fn special(&self, f: &Obj<'_>) -> Option<Special> {
        let id = f.id();
        if id == self.print_id {
            Some(Special::Print)
        } else if id == self.reload_id {
            Some(Special::Reload)
        } else {
            None
        }
    }
}

/// The builtins the evaluator runs with its host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Special {
    Print,
    Reload,
}

impl Special {
    /// Runs the builtin.
    pub(crate) fn call<'py>(
        self,
        py: Py<'py>,
        host: &mut dyn Host,
        args: &[Obj<'py>],
        kwargs: &[(&str, Obj<'py>)],
    ) -> PyResult<Obj<'py>> {
        match self {
            Special::Print => print::print(py, host, args, kwargs),
            Special::Reload => reload(py, host, args, kwargs),
        }
    }
}

fn builtin_id<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    let o = one_arg("id", args, kwargs)?;
    py.int_wide(o.id() as i128)
}

fn builtin_len<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    let o = one_arg("len", args, kwargs)?;
    py.int_wide(o.len()? as i128)
}

fn builtin_repr<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    let o = one_arg("repr", args, kwargs)?;
    py.str(&o.repr()?)
}

/// `importlib.reload(module)`, a Python function: its argument errors are the interpreter's
/// (`missing 1 required positional argument`, ...), checked in CPython's order.
fn reload<'py>(
    py: Py<'py>,
    host: &mut dyn Host,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    let mut module = args.first();
    for (name, value) in kwargs {
        if *name != "module" {
            return Err(PyErr::type_error(format!(
                "reload() got an unexpected keyword argument '{name}'"
            )));
        }
        if module.is_some() {
            return Err(PyErr::type_error(
                "reload() got multiple values for argument 'module'",
            ));
        }
        module = Some(value);
    }
    if args.len() > 1 {
        return Err(PyErr::type_error(format!(
            "reload() takes 1 positional argument but {} were given",
            args.len()
        )));
    }
    let Some(module) = module else {
        return Err(PyErr::type_error(
            "reload() missing 1 required positional argument: 'module'",
        ));
    };
    if module.kind() != Kind::Module {
        return Err(PyErr::type_error("reload() argument must be a module"));
    }
    host.reload(py, module)
}

/// `reload` reached without the evaluator: there is no import system to run it with.
fn native_reload<'py>(
    _: Py<'py>,
    _: Option<&Obj<'py>>,
    _: &[Obj<'py>],
    _: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    Err(PyErr::new(&exc::IMPORT_ERROR, "__import__ not found"))
}

/// `cls(*args, **kwargs)` for a class object `cls`.
pub(crate) fn call_class<'py>(
    cls: &Obj<'py>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    let py = cls.py();
    if cls.is(&TYPE.get(py)) {
        type_call(args, kwargs)
    } else if cls.is(&INT.get(py)) {
        int::int_new(py, args, kwargs)
    } else if cls.is(&STR.get(py)) {
        str_new(py, args, kwargs)
    } else if cls.is(&BOOL.get(py)) {
        bool_new(py, args, kwargs)
    } else if cls.is(&NONE_TYPE.get(py)) {
        match (args, kwargs) {
            ([], []) => Ok(py.none()),
            _ => Err(PyErr::type_error("NoneType takes no arguments")),
        }
    } else if cls.is_subclass(&exc::BASE_EXCEPTION.get(py))? {
        cls.call(args, kwargs)
    } else {
        no_constructor(cls)
    }
}

/// Classes without a constructor here: CPython's text for the ones it cannot instantiate
/// either (functions, capsules, native classes), the language's "not supported" for the
/// value types CPython can make (`float(2)`, `list(x)`, ...).
#[cold]
fn no_constructor<'py>(cls: &Obj<'py>) -> PyResult<Obj<'py>> {
    let name = cls.getattr("__name__")?;
    let name = name.as_str().unwrap_or("?");
    let has_no_new = [&FUNC, &CAPSULE].iter().any(|t| cls.is(&t.get(cls.py())))
        || cls.getattr("__module__")?.as_str() != Some("builtins");
    Err(PyErr::type_error(if has_no_new {
        format!("cannot create '{name}' instances")
    } else {
        format!("{name}() is not supported in the statement language")
    }))
}

/// `type(x)`; the three-argument form (class creation) is checked as CPython checks it, then
/// refused: the statement language has no classes.
fn type_call<'py>(args: &[Obj<'py>], kwargs: &[(&str, Obj<'py>)]) -> PyResult<Obj<'py>> {
    match args {
        [_] if !kwargs.is_empty() => Err(PyErr::type_error("type() takes no keyword arguments")),
        [x] => Ok(x.get_type()),
        [name, bases, dict] => {
            for (i, (arg, kind, want)) in [
                (name, Kind::Str, "str"),
                (bases, Kind::Tuple, "tuple"),
                (dict, Kind::Dict, "dict"),
            ]
            .into_iter()
            .enumerate()
            {
                if arg.kind() != kind {
                    return Err(PyErr::type_error(format!(
                        "type.__new__() argument {} must be {want}, not {}",
                        i + 1,
                        arg.type_name()
                    )));
                }
            }
            Err(PyErr::type_error(
                "class creation is not supported in the statement language",
            ))
        }
        _ => Err(PyErr::type_error("type() takes 1 or 3 arguments")),
    }
}

/// `bool(x=False, /)`.
fn bool_new<'py>(
    py: Py<'py>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    if !kwargs.is_empty() {
        return Err(PyErr::type_error("bool() takes no keyword arguments"));
    }
    match args {
        [] => Ok(py.bool(false)),
        [x] => Ok(py.bool(x.is_truthy()?)),
        _ => Err(PyErr::type_error(format!(
            "bool expected at most 1 argument, got {}",
            args.len()
        ))),
    }
}

/// `str(object='')`. The decoding forms (`str(b, encoding, errors)`) are refused.
fn str_new<'py>(py: Py<'py>, args: &[Obj<'py>], kwargs: &[(&str, Obj<'py>)]) -> PyResult<Obj<'py>> {
    const PARAMS: Params = Params {
        func: "str",
        names: &["object", "encoding", "errors"],
        posonly: 0,
    };
    let [object, encoding, errors] = PARAMS.bind::<3>(args, kwargs)?;
    if encoding.is_some() || errors.is_some() {
        return Err(PyErr::type_error(
            "str() with an encoding is not supported in the statement language",
        ));
    }
    match object {
        None => py.str(""),
        Some(o) if o.kind() == Kind::Str => Ok(o.clone()),
        Some(o) => py.str(&o.str()?),
    }
}
