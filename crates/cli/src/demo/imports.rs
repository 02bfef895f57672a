//! The demo's import section: which test extension modules each kind of interpreter may load,
//! and why (reference `cpython-import.md` §4-§5; `Py_mod_multiple_interpreters`,
//! `check_multi_interp_extensions`, gh-101758).

use subinterp_runtime::{Args, Interpreter, import};

/// The kinds of interpreter the section compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The main interpreter.
    Main,
    /// An isolated sub-interpreter (own GIL and heap, extensions checked).
    Isolated,
    /// A legacy sub-interpreter (main's GIL and heap, extensions unchecked).
    Legacy,
}

impl Kind {
    /// How the report names it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Kind::Main => "main (own GIL, imports anything)",
            Kind::Isolated => "isolated (own GIL and heap, check_multi_interp_extensions=True)",
            Kind::Legacy => "legacy (main's GIL and heap, check_multi_interp_extensions=False)",
        }
    }
}

/// The modules tried, in order.
pub(crate) const MODULES: [&str; 5] = [
    "_testsinglephase",
    "_testmultiphase",
    "_test_shared_gil_only",
    "_test_non_isolated",
    "__hello__",
];

/// Why the outcome of importing `module` in a `kind` interpreter is what it is.
pub(crate) fn why(module: &str, kind: Kind, ok: bool) -> &'static str {
    match (module, kind, ok) {
        ("_testsinglephase", Kind::Main, true) => {
            "single-phase init (m_size = -1) runs in main, and main keeps a copy of the \
             module's dict (m_copy) in the extension cache"
        }
        ("_testsinglephase", Kind::Legacy, true) => {
            "a new module filled from main's copy (m_copy); the init function does not run \
             again, which is safe only because this interpreter shares main's GIL and heap"
        }
        ("_testsinglephase", Kind::Isolated, false) => {
            "single-phase modules keep process-global state, and sharing main's copy with an \
             interpreter that has its own GIL and heap breaks (gh-101758)"
        }
        ("_testmultiphase", _, true) => {
            "multi-phase init, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED: every interpreter \
             executes its own module object with its own state"
        }
        ("_test_shared_gil_only", Kind::Isolated, false) => {
            "Py_MOD_MULTI_INTERPRETERS_SUPPORTED: fine in interpreters that share main's GIL, \
             refused in one with its own GIL"
        }
        ("_test_shared_gil_only", Kind::Legacy, true) => {
            "Py_MOD_MULTI_INTERPRETERS_SUPPORTED: this interpreter shares main's GIL"
        }
        ("_test_non_isolated", Kind::Isolated, false) => {
            "Py_MOD_MULTI_INTERPRETERS_NOT_SUPPORTED: main only, wherever the check is on"
        }
        ("_test_non_isolated", Kind::Legacy, true) => {
            "Py_MOD_MULTI_INTERPRETERS_NOT_SUPPORTED, but check_multi_interp_extensions=False \
             lets it load (CPython's legacy behaviour)"
        }
        ("__hello__", _, true) => "a frozen module: its code is built in, nothing to share",
        _ => "",
    }
}

/// Imports `module` in `i`: the module's repr, or `Type: message`.
pub(crate) fn try_import(i: &Interpreter, module: &str) -> Result<String, String> {
    i.run(|cx| {
        import(cx, module)
            .and_then(|m| m.repr())
            .map_err(|e| e.to_string())
    })
    .map_err(|e| e.to_string())
    .and_then(|r| r)
}

/// `_testsinglephase.initialized_count()` in `i` (the module must be importable there).
pub(crate) fn initialized_count(i: &Interpreter) -> Result<i64, String> {
    i.run(|cx| {
        import(cx, "_testsinglephase")
            .and_then(|m| m.getattr("initialized_count"))
            .and_then(|f| i.with_tstate(cx, |ts| ts.call(&f, Args::positional(&[])))?)
            .map_err(|e| e.to_string())
            .and_then(|n| n.as_i64().ok_or_else(|| "not an int".to_owned()))
    })
    .map_err(|e| e.to_string())
    .and_then(|r| r)
}

#[cfg(test)]
mod tests {
    use subinterp_runtime::InterpreterConfig;

    use super::*;

    /// Every outcome the demo can meet has its reason, and the outcomes are CPython's.
    #[test]
    fn outcomes_and_reasons() {
        let rt = crate::setup::runtime().unwrap();
        let kinds = [
            (Kind::Main, rt.main().unwrap()),
            (
                Kind::Isolated,
                rt.new_interpreter(InterpreterConfig::isolated()).unwrap(),
            ),
            (
                Kind::Legacy,
                rt.new_interpreter(InterpreterConfig::legacy()).unwrap(),
            ),
        ];
        let mut refused = Vec::new();
        for (kind, i) in &kinds {
            for m in MODULES {
                let r = try_import(i, m);
                if let Err(e) = &r {
                    refused.push((*kind, m, e.clone()));
                }
                let expect_reason = !(matches!(
                    m,
                    "_test_shared_gil_only" | "_test_non_isolated" | "_testmultiphase"
                ) && *kind == Kind::Main);
                if expect_reason {
                    assert!(
                        !why(m, *kind, r.is_ok()).is_empty(),
                        "{m} in {kind:?}: {r:?}"
                    );
                }
            }
        }
        let no = |m: &str| {
            format!("ImportError: module {m} does not support loading in subinterpreters")
        };
        assert_eq!(
            refused,
            [
                (Kind::Isolated, "_testsinglephase", no("_testsinglephase")),
                (
                    Kind::Isolated,
                    "_test_shared_gil_only",
                    no("_test_shared_gil_only")
                ),
                (
                    Kind::Isolated,
                    "_test_non_isolated",
                    no("_test_non_isolated")
                ),
            ]
        );
        assert_eq!(initialized_count(&kinds[2].1), Ok(1));
        drop(kinds);
        assert!(rt.finalize().is_ok());
    }
}
