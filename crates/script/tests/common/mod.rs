//! A small test interpreter for the evaluator: an `Objects` over its own obmalloc heap, a
//! `__main__` namespace, `sys.modules`, the builtins, a transcript, and a few fake native
//! modules (`sys`, `fake`, the package `pkg` with `pkg.sub`, `builtins`). Shared by the
//! integration tests and the benches.
#![allow(dead_code, reason = "each test crate uses a different part")]

use subinterp_object::{
    InterpId, MethodDef, Obj, ObjRef, Objects, Origin, Py, PyErr, PyResult, exc, str_repr,
};
use subinterp_obmalloc::Heap;
use subinterp_script::{Builtins, Host, exec_source};

/// The interpreter state a test keeps between `with_gil` calls.
pub(crate) struct TestHost {
    pub(crate) main: ObjRef,
    pub(crate) modules: ObjRef,
    pub(crate) builtins: Builtins,
    /// Everything written to stdout.
    pub(crate) out: String,
    /// Every `import` call, in order.
    pub(crate) imports: Vec<String>,
    /// Every module made, cleared at teardown even if the program took it out of
    /// `sys.modules` (as the runtime tracks every module an interpreter made).
    made: Vec<ObjRef>,
}

static FAKE_FUNCS: [MethodDef; 3] = [
    MethodDef {
        name: "echo",
        func: echo,
        doc: "Returns (args, kwargs).",
    },
    MethodDef {
        name: "boom",
        func: boom,
        doc: "Raises ValueError('boom').",
    },
    MethodDef {
        name: "none",
        func: none,
        doc: "Returns None.",
    },
];

fn echo<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    let kw = py.dict()?;
    for (k, v) in kwargs {
        kw.set_item(&py.str(k)?, v)?;
    }
    py.tuple(&[py.tuple(args)?, kw])
}

fn boom<'py>(
    _: Py<'py>,
    _: Option<&Obj<'py>>,
    _: &[Obj<'py>],
    _: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    Err(PyErr::value_error("boom"))
}

fn none<'py>(
    py: Py<'py>,
    _: Option<&Obj<'py>>,
    _: &[Obj<'py>],
    _: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    Ok(py.none())
}

impl TestHost {
    pub(crate) fn new(py: Py<'_>) -> PyResult<TestHost> {
        let main = py.new_module("__main__")?;
        let modules = py.dict()?;
        modules.set_item(&py.str("__main__")?, &main)?;
        let builtins = Builtins::new(py)?;
        modules.set_item(&py.str("builtins")?, &builtins.module(py)?)?;
        let main_dict = main.module_dict()?;
        Ok(TestHost {
            main: main_dict.unbind(),
            modules: modules.unbind(),
            builtins,
            out: String::new(),
            imports: Vec::new(),
            made: vec![main.to_ref()],
        })
    }

    /// Makes one of the fake modules, or `None` when there is no such module.
    fn create<'py>(&self, py: Py<'py>, name: &str) -> PyResult<Option<Obj<'py>>> {
        let m = py.new_module(name)?;
        m.set_module_origin(Origin::BuiltIn)?;
        let d = m.module_dict()?;
        match name {
            "sys" => d.set_item(&py.str("modules")?, &self.modules.bind(py)?)?,
            "fake" => {
                py.add_functions(&m, &FAKE_FUNCS)?;
                d.set_item(&py.str("answer")?, &py.int(42)?)?;
                d.set_item(&py.str("loads")?, &py.int(1)?)?;
            }
            "pkg" => {
                m.set_module_origin(Origin::Frozen)?;
                d.set_item(&py.str("__path__")?, &py.list(&[])?)?;
            }
            "pkg.sub" => {
                m.set_module_origin(Origin::File("/lib/pkg/sub.so".into()))?;
                d.set_item(&py.str("value")?, &py.str("sub")?)?;
            }
            _ => return Ok(None),
        }
        Ok(Some(m))
    }

    /// Clears every module and namespace (breaking module/function cycles) and releases what
    /// the host holds: afterwards the heap holds nothing the host made.
    pub(crate) fn teardown(self, py: Py<'_>) -> PyResult<()> {
        for m in self.made {
            m.bind(py)?.module_clear()?;
            m.release(py);
        }
        self.modules.bind(py)?.dict_clear()?;
        self.modules.release(py);
        self.main.release(py);
        self.builtins.release(py)
    }
}

impl Host for TestHost {
    fn import<'py>(&mut self, py: Py<'py>, name: &str) -> PyResult<Obj<'py>> {
        self.imports.push(name.to_owned());
        let modules = self.modules.bind(py)?;
        if let Some(m) = modules.dict_get_str(name)? {
            return Ok(m);
        }
        let parent = match name.rsplit_once('.') {
            Some((parent, child)) => {
                let p = self.import(py, parent)?;
                if p.module_dict()?.dict_get_str("__path__")?.is_none() {
                    return Err(PyErr::new(
                        &exc::MODULE_NOT_FOUND_ERROR,
                        format!(
                            "No module named {}; {} is not a package",
                            str_repr(name),
                            str_repr(parent)
                        ),
                    ));
                }
                Some((p, child))
            }
            None => None,
        };
        let Some(m) = self.create(py, name)? else {
            return Err(PyErr::new(
                &exc::MODULE_NOT_FOUND_ERROR,
                format!("No module named {}", str_repr(name)),
            ));
        };
        modules.set_item(&py.str(name)?, &m)?;
        self.made.push(m.to_ref());
        if let Some((p, child)) = parent {
            p.setattr(child, &m)?;
        }
        Ok(m)
    }

    /// Runs the module's "init" again: `fake.loads` counts the runs.
    fn reload<'py>(&mut self, py: Py<'py>, module: &Obj<'py>) -> PyResult<Obj<'py>> {
        let name = module.module_name()?;
        let modules = self.modules.bind(py)?;
        if !modules.dict_get_str(&name)?.is_some_and(|m| m.is(module)) {
            return Err(PyErr::new(
                &exc::IMPORT_ERROR,
                format!("module {name} not in sys.modules"),
            ));
        }
        let d = module.module_dict()?;
        if let Some(n) = d.dict_get_str("loads")?.and_then(|n| n.as_i64()) {
            d.set_item(&py.str("loads")?, &py.int(n + 1)?)?;
        }
        Ok(module.clone())
    }

    fn main_dict<'py>(&self, py: Py<'py>) -> PyResult<Obj<'py>> {
        Ok(self.main.bind(py)?)
    }

    fn builtins(&self) -> &Builtins {
        &self.builtins
    }

    fn write_stdout(&mut self, text: &str) -> PyResult<()> {
        self.out.push_str(text);
        Ok(())
    }
}

/// A fresh interpreter.
pub(crate) fn interp() -> Objects {
    Objects::new(InterpId(1), Heap::new())
}

pub(crate) fn with_gil<R>(o: &Objects, f: impl for<'py> FnOnce(Py<'py>) -> R) -> R {
    // SAFETY: each test owns its `Objects` and uses it from this thread only.
    unsafe { o.with_gil(f) }
}

/// Runs each source in turn in one fresh interpreter and returns the transcript: each source
/// echoed as `>>> source`, then what it printed, then `Type: message` if it raised. Checks
/// afterwards that the heap is back to where it was before the interpreter's host was made.
pub(crate) fn transcript(sources: &[&str]) -> String {
    let o = interp();
    let out = with_gil(&o, |py| {
        let base = py.heap().allocated_blocks();
        let mut host = TestHost::new(py).expect("host");
        for src in sources {
            host.out.push_str(&format!(">>> {src}\n"));
            if let Err(e) = exec_source(py, &mut host, src) {
                host.out.push_str(&format!("{e}\n"));
            }
        }
        let out = std::mem::take(&mut host.out);
        host.teardown(py).expect("teardown");
        py.run_deferred();
        assert_eq!(py.live_objects(), 0, "objects left alive after {sources:?}");
        assert_eq!(
            py.heap().allocated_blocks(),
            base,
            "blocks left after {sources:?}"
        );
        out
    });
    let closed = o.end().closed.expect("heap closed");
    assert!(closed.leaks.is_clean(), "leaks: {:?}", closed.leaks);
    out
}
