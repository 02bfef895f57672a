//! Forbidden features: fork and exec, threads, single-phase and non-isolated extensions in
//! isolated interpreters, changing the builtin table late: reference
//! `cpython-lifecycle-xi.md` §1.5, `cpython-gil-threadstate.md` §6, `cpython-import.md` §1.2.

use subinterp_runtime::{InterpreterConfig, Runtime, import};

use super::running::isolated;
use super::{Area, Case, Outcome};

const A: Area = Area::Restrictions;

fn rt() -> Runtime {
    Runtime::builder()
        .import_config(subinterp_testmodules::config())
        .build()
        .expect("a runtime with the test modules")
}

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            A,
            "fork from a sub-interpreter that allows fork (legacy)",
            "the fork happens; the child dies: Fatal Python error: \
             _PyInterpreterState_DeleteExceptMain: not main interpreter",
            "Error::Restricted",
            "RuntimeError: fork not supported for subinterpreters",
            fork_from_legacy,
        ),
        Case::new(
            A,
            "fork from an isolated sub-interpreter",
            "RuntimeError: fork not supported for isolated subinterpreters",
            "Error::Restricted",
            "RuntimeError: fork not supported for isolated subinterpreters",
            fork_from_isolated,
        ),
        Case::new(
            A,
            "exec from an isolated sub-interpreter",
            "RuntimeError: exec not supported for isolated subinterpreters",
            "Error::Restricted",
            "RuntimeError: exec not supported for isolated subinterpreters",
            exec_from_isolated,
        ),
        Case::new(
            A,
            "start a thread where allow_threads is false",
            "RuntimeError: thread is not supported for isolated subinterpreters",
            "Error::Restricted",
            "RuntimeError: thread is not supported for isolated subinterpreters",
            thread_not_allowed,
        ),
        Case::new(
            A,
            "start a daemon thread where allow_daemon_threads is false",
            "RuntimeError: daemon threads are disabled in this (sub)interpreter",
            "Error::Restricted",
            "RuntimeError: daemon threads are disabled in this (sub)interpreter",
            daemon_not_allowed,
        ),
        Case::new(
            A,
            "import a single-phase extension in an isolated interpreter",
            "ImportError: module _testsinglephase does not support loading in subinterpreters",
            "PyErr",
            "ImportError: module _testsinglephase does not support loading in subinterpreters",
            single_phase_in_isolated,
        ),
        Case::new(
            A,
            "import a shared-GIL-only multi-phase extension in an own-GIL interpreter",
            "ImportError: module _test_shared_gil_only does not support loading in \
             subinterpreters",
            "PyErr",
            "ImportError: module _test_shared_gil_only does not support loading in \
             subinterpreters",
            shared_gil_only_in_isolated,
        ),
        Case::new(
            A,
            "import a module that does not exist",
            "ModuleNotFoundError: No module named 'no_such_module'",
            "PyErr",
            "ModuleNotFoundError: No module named 'no_such_module'",
            missing_module,
        ),
        Case::new(
            A,
            "add a builtin module after initialization (PyImport_AppendInittab)",
            "Fatal Python error: PyImport_AppendInittab() may not be called after \
             Py_Initialize()",
            "InittabFrozen",
            "PyImport_AppendInittab() may not be called after Py_Initialize()",
            inittab_after_init,
        ),
    ]
}

fn fork_from_legacy() -> Outcome {
    let rt = rt();
    let a = rt
        .new_interpreter(InterpreterConfig::legacy())
        .expect("legacy");
    Outcome::of(a.fork())
}

fn fork_from_isolated() -> Outcome {
    let rt = rt();
    Outcome::of(isolated(&rt).fork())
}

fn exec_from_isolated() -> Outcome {
    let rt = rt();
    Outcome::of(isolated(&rt).check_exec())
}

fn thread_not_allowed() -> Outcome {
    let rt = rt();
    let a = rt
        .new_interpreter(InterpreterConfig {
            allow_threads: false,
            ..InterpreterConfig::isolated()
        })
        .expect("create");
    Outcome::of(rt.spawn_thread(&a, false, |_| ()))
}

fn daemon_not_allowed() -> Outcome {
    let rt = rt();
    let a = isolated(&rt);
    Outcome::of(rt.spawn_thread(&a, true, |_| ()))
}

fn import_in(config: InterpreterConfig, name: &str) -> Outcome {
    let rt = rt();
    let a = rt.new_interpreter(config).expect("create");
    a.run(|cx| Outcome::of(import(cx, name).map(drop)))
        .expect("run")
}

fn single_phase_in_isolated() -> Outcome {
    import_in(InterpreterConfig::isolated(), "_testsinglephase")
}

fn shared_gil_only_in_isolated() -> Outcome {
    import_in(InterpreterConfig::isolated(), "_test_shared_gil_only")
}

fn missing_module() -> Outcome {
    import_in(InterpreterConfig::isolated(), "no_such_module")
}

fn inittab_after_init() -> Outcome {
    fn init(
        py: subinterp_object::Py<'_>,
    ) -> subinterp_object::PyResult<subinterp_import::Init<'_>> {
        Err(subinterp_object::PyErr::new(
            &subinterp_object::exc::IMPORT_ERROR,
            format!("never called in {}", py.interp()),
        ))
    }
    let rt = rt();
    Outcome::of(rt.imports().append_inittab("late", init))
}
