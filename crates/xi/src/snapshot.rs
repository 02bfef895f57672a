//! [`ExcSnapshot`] and [`ExecutionFailed`]: an exception that escaped an interpreter, as plain
//! strings (CPython's `_PyXI_excinfo`, §3.3), so nothing of the failing interpreter crosses.

use std::fmt;

/// An uncaught exception captured in its interpreter: type names, `str(exc)` and the formatted
/// traceback, all owned strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcSnapshot {
    type_name: String,
    qualname: String,
    module: String,
    msg: String,
    formatted: String,
    errdisplay: Option<String>,
}

impl ExcSnapshot {
    /// A snapshot of an exception of type `module.qualname` (`type_name` is its `__name__`)
    /// with `msg = str(exc)` and `errdisplay`, the traceback as
    /// `traceback.TracebackException.format()` gives it (a trailing newline is dropped, as
    /// CPython's `_format_TracebackException` does). An empty `qualname` falls back to
    /// `type_name`.
    pub fn new(
        type_name: impl Into<String>,
        qualname: impl Into<String>,
        module: impl Into<String>,
        msg: impl Into<String>,
        errdisplay: Option<String>,
    ) -> ExcSnapshot {
        let type_name = type_name.into();
        let mut qualname = qualname.into();
        if qualname.is_empty() {
            qualname.clone_from(&type_name);
        }
        let module = module.into();
        let msg = msg.into();
        let formatted = format(&qualname, &module, &msg);
        let errdisplay = errdisplay.map(|mut text| {
            if text.ends_with('\n') {
                text.pop();
            }
            text
        });
        ExcSnapshot {
            type_name,
            qualname,
            module,
            msg,
            formatted,
            errdisplay,
        }
    }

    /// A built-in exception type (`module == "builtins"`, `qualname == type_name`).
    pub fn builtin(
        type_name: &str,
        msg: impl Into<String>,
        errdisplay: Option<String>,
    ) -> ExcSnapshot {
        ExcSnapshot::new(type_name, type_name, "builtins", msg, errdisplay)
    }

    /// `type.__name__`.
    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// `type.__qualname__`.
    pub fn qualname(&self) -> &str {
        &self.qualname
    }

    /// `type.__module__`.
    pub fn module(&self) -> &str {
        &self.module
    }

    /// `str(exc)`.
    pub fn msg(&self) -> &str {
        &self.msg
    }

    /// `"<qualname>: <msg>"`, or `"<module>.<qualname>: <msg>"` when the module is neither
    /// `builtins` nor `__main__` (CPython's `_PyXI_excinfo_format`).
    pub fn formatted(&self) -> &str {
        &self.formatted
    }

    /// The formatted traceback, if one could be made.
    pub fn errdisplay(&self) -> Option<&str> {
        self.errdisplay.as_deref()
    }
}

fn format(qualname: &str, module: &str, msg: &str) -> String {
    match module {
        "builtins" | "__main__" | "" => format!("{qualname}: {msg}"),
        module => format!("{module}.{qualname}: {msg}"),
    }
}

/// `interpreters.ExecutionFailed`: an uncaught exception in another interpreter, carried as a
/// snapshot (never as that interpreter's object).
///
/// `Display` is CPython's `str()`: `"{formatted}\n\nUncaught in the interpreter:\n\n{errdisplay}"`,
/// or just `formatted` without a traceback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutionFailed {
    /// The captured exception (`excinfo`).
    pub excinfo: ExcSnapshot,
}

impl ExecutionFailed {
    /// `args[0]`: the snapshot's `formatted`.
    pub fn arg(&self) -> &str {
        self.excinfo.formatted()
    }
}

impl fmt::Display for ExecutionFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.arg())?;
        if let Some(tb) = self.excinfo.errdisplay() {
            write!(f, "\n\nUncaught in the interpreter:\n\n{tb}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ExecutionFailed {}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(snap: ExcSnapshot, expect: &str) {
        assert_eq!(snap.formatted(), expect);
    }

    #[test]
    fn formatted_drops_builtins_and_main() {
        // §3.3 examples and scenario 41.
        check(
            ExcSnapshot::builtin("KeyError", "'x'", None),
            "KeyError: 'x'",
        );
        check(
            ExcSnapshot::new("MyErr", "MyErr", "__main__", "boom", None),
            "MyErr: boom",
        );
        check(
            ExcSnapshot::new("MyError", "MyError", "__main__", "spam", None),
            "MyError: spam",
        );
        check(
            ExcSnapshot::builtin("SystemExit", "42", None),
            "SystemExit: 42",
        );
        check(
            ExcSnapshot::new(
                "InterpreterError",
                "InterpreterError",
                "interpreters",
                "interpreter already running",
                None,
            ),
            "interpreters.InterpreterError: interpreter already running",
        );
        check(
            ExcSnapshot::new("Inner", "Outer.Inner", "spam.eggs", "x", None),
            "spam.eggs.Outer.Inner: x",
        );
        check(
            ExcSnapshot::new("Inner", "", "mod", "x", None),
            "mod.Inner: x",
        );
        // `raise Exception`: `str(exc)` is '' and CPython keeps the colon.
        check(ExcSnapshot::builtin("Exception", "", None), "Exception: ");
    }

    #[test]
    fn execution_failed_str_layout() {
        // Scenario 39.
        let tb = "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nKeyError: 'x'\n";
        let failed = ExecutionFailed {
            excinfo: ExcSnapshot::builtin("KeyError", "'x'", Some(tb.into())),
        };
        assert_eq!(failed.excinfo.type_name(), "KeyError");
        assert_eq!(failed.excinfo.qualname(), "KeyError");
        assert_eq!(failed.excinfo.module(), "builtins");
        assert_eq!(failed.excinfo.msg(), "'x'");
        assert_eq!(
            failed.to_string(),
            "KeyError: 'x'\n\nUncaught in the interpreter:\n\nTraceback (most recent call last):\n  \
             File \"<string>\", line 1, in <module>\nKeyError: 'x'"
        );
        let bare = ExecutionFailed {
            excinfo: ExcSnapshot::builtin("ValueError", "bad", None),
        };
        assert_eq!(bare.to_string(), "ValueError: bad");
    }
}
