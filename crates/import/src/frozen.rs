//! Frozen modules (reference §2): the tables, aliases, the lookup with CPython's precedence,
//! statuses and errors, and `FrozenImporter`'s file-name rules.
//!
//! Frozen code is Python source compiled into the binary ([`FrozenCode::Source`], CPython
//! freezes the marshalled code object of the same source): compiled through the process-wide
//! compile cache on the first import in the process (file name `<frozen NAME>`, as CPython's
//! frozen code objects), then run as the module's body by the importing interpreter's eval
//! loop, so every interpreter gets its own module objects and no interpreter but the first
//! pays a parse. A few modules of the import system itself are a Rust function that fills the
//! module ([`FrozenCode::Code`]), run again under each importing interpreter's token.

use std::fmt;

use subinterp_object::{Obj, Py, PyErr, PyResult, exc, str_repr};

/// A frozen module's code: fills `module` (run in the importing interpreter).
pub type FrozenFn = for<'py> fn(Py<'py>, &Obj<'py>) -> PyResult<()>;

/// What a frozen-table entry holds in place of marshalled bytes.
#[derive(Clone, Copy)]
pub enum FrozenCode {
    /// Runnable code.
    Code(FrozenFn),
    /// Python source, run as the module's body by the eval loop.
    Source(&'static str),
    /// `code == NULL`: the module is known but excluded; importing it fails and stops the
    /// search (`Excluded frozen object named 'x'`). How a custom table disables a module.
    Excluded,
    /// Bytes that are no code (`size == 0`, or a leading NUL): `Frozen object named 'x' is
    /// invalid`.
    Invalid,
}

impl fmt::Debug for FrozenCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FrozenCode::Code(_) => "Code",
            FrozenCode::Source(_) => "Source",
            FrozenCode::Excluded => "Excluded",
            FrozenCode::Invalid => "Invalid",
        })
    }
}

/// One frozen module (`struct _frozen`).
#[derive(Clone, Copy, Debug)]
pub struct Frozen {
    /// The module name.
    pub name: &'static str,
    /// Its code.
    pub code: FrozenCode,
    /// Whether it is a package (gets `__path__`).
    pub is_package: bool,
}

impl Frozen {
    /// A module entry.
    pub const fn module(name: &'static str, code: FrozenFn) -> Frozen {
        Frozen {
            name,
            code: FrozenCode::Code(code),
            is_package: false,
        }
    }

    /// A package entry.
    pub const fn package(name: &'static str, code: FrozenFn) -> Frozen {
        Frozen {
            name,
            code: FrozenCode::Code(code),
            is_package: true,
        }
    }

    /// A module whose code is Python source (`include_str!` of a `.py` file of the
    /// repository).
    pub const fn source(name: &'static str, source: &'static str) -> Frozen {
        Frozen {
            name,
            code: FrozenCode::Source(source),
            is_package: false,
        }
    }

    /// A package whose code (its `__init__`) is Python source.
    pub const fn source_package(name: &'static str, source: &'static str) -> Frozen {
        Frozen {
            name,
            code: FrozenCode::Source(source),
            is_package: true,
        }
    }

    /// An excluded entry (`{name, NULL, 0, 0}`): disables `name`.
    pub const fn excluded(name: &'static str) -> Frozen {
        Frozen {
            name,
            code: FrozenCode::Excluded,
            is_package: false,
        }
    }
}

/// An alias (`struct _module_alias`): `name` was frozen from `orig`; `None` means "frozen only"
/// (no source module). An `orig` starting with `<` names a package `__init__`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The frozen module's name.
    pub name: &'static str,
    /// The module it was frozen from.
    pub orig: Option<&'static str>,
}

/// A frozen table with the aliases of its entries (what `freeze_modules.py` generates).
#[derive(Clone, Copy, Debug, Default)]
pub struct FrozenTable {
    /// The entries.
    pub modules: &'static [Frozen],
    /// Aliases for (some of) them.
    pub aliases: &'static [Alias],
}

/// `frozen_status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FrozenStatus {
    /// Found, with code.
    Okay,
    /// The name was `None` (or not text).
    BadName,
    /// Not in any table that is consulted.
    NotFound,
    /// Kept for CPython's message; like CPython 3.13, lookups never return it (a disabled
    /// table is skipped, giving `NotFound`).
    Disabled,
    /// In a table, with no code.
    Excluded,
    /// In a table, with invalid code.
    Invalid,
}

/// `struct frozen_info`: what a lookup found.
#[derive(Clone, Debug)]
pub struct FrozenInfo {
    /// The entry's code.
    pub code: FrozenCode,
    /// Whether it is a package.
    pub is_package: bool,
    /// Whether the name is an alias.
    pub is_alias: bool,
    /// The requested name, or the alias' origin (`None` for frozen-only modules).
    pub origname: Option<String>,
}

/// `set_frozen_error(status, name)`: the `ImportError` for a failed lookup (`None` for
/// [`FrozenStatus::Okay`]).
pub fn frozen_error(status: FrozenStatus, name: &str) -> Option<PyErr> {
    let r = str_repr(name);
    let msg = match status {
        FrozenStatus::Okay => return None,
        FrozenStatus::BadName | FrozenStatus::NotFound => {
            format!("No such frozen object named {r}")
        }
        FrozenStatus::Disabled => {
            format!("Frozen modules are disabled and the frozen object named {r} is not essential")
        }
        FrozenStatus::Excluded => format!("Excluded frozen object named {r}"),
        FrozenStatus::Invalid => format!("Frozen object named {r} is invalid"),
    };
    Some(PyErr::new(&exc::IMPORT_ERROR, msg))
}

/// The frozen tables a runtime consults.
#[derive(Clone, Debug)]
pub(crate) struct FrozenTables {
    pub(crate) bootstrap: FrozenTable,
    /// The standard library's Python-source modules ([`ImportConfig::lib`]): consulted
    /// whatever `frozen_modules` says (they stand for CPython's `Lib/`, which the setting
    /// leaves in place).
    ///
    /// [`ImportConfig::lib`]: crate::ImportConfig::lib
    pub(crate) lib: FrozenTable,
    pub(crate) stdlib: FrozenTable,
    pub(crate) test: FrozenTable,
}

impl FrozenTables {
    /// `look_up_frozen`: bootstrap always wins; then the custom table (even when frozen modules
    /// are disabled); then the Python-source library (always: CPython's `Lib/` stays when
    /// frozen modules are off); then, only if enabled, the stdlib and test tables.
    fn look_up<'a>(
        &'a self,
        custom: Option<&'a [Frozen]>,
        name: &str,
        use_frozen: bool,
    ) -> Option<&'a Frozen> {
        let find = |t: &'a [Frozen]| t.iter().find(|f| f.name == name);
        find(self.bootstrap.modules)
            .or_else(|| custom.and_then(find))
            .or_else(|| find(self.lib.modules))
            .or_else(|| {
                use_frozen
                    .then(|| find(self.stdlib.modules).or_else(|| find(self.test.modules)))
                    .flatten()
            })
    }

    /// `resolve_module_alias`: applied by name, whichever table the entry came from.
    fn alias(&self, name: &str) -> Option<Option<&'static str>> {
        [&self.bootstrap, &self.lib, &self.stdlib, &self.test]
            .iter()
            .flat_map(|t| t.aliases.iter())
            .find(|a| a.name == name)
            .map(|a| a.orig)
    }

    /// `find_frozen(name)`: the status, and the info whenever an entry was found (also for
    /// excluded and invalid ones).
    pub(crate) fn find(
        &self,
        custom: Option<&[Frozen]>,
        name: &str,
        use_frozen: bool,
    ) -> (FrozenStatus, Option<FrozenInfo>) {
        let Some(p) = self.look_up(custom, name, use_frozen) else {
            return (FrozenStatus::NotFound, None);
        };
        let (is_alias, origname) = match self.alias(name) {
            Some(orig) => (true, orig.map(str::to_owned)),
            None => (false, Some(name.to_owned())),
        };
        let info = FrozenInfo {
            code: p.code,
            is_package: p.is_package,
            is_alias,
            origname,
        };
        let status = match p.code {
            FrozenCode::Code(_) | FrozenCode::Source(_) => FrozenStatus::Okay,
            FrozenCode::Excluded => FrozenStatus::Excluded,
            FrozenCode::Invalid => FrozenStatus::Invalid,
        };
        (status, Some(info))
    }

    /// `_imp._frozen_module_names()`: bootstrap names, then stdlib and test names when enabled,
    /// then custom names not listed yet (not the Python-source library's: CPython's list has
    /// no `Lib/` module either).
    pub(crate) fn names(&self, custom: Option<&[Frozen]>, use_frozen: bool) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = self.bootstrap.modules.iter().map(|f| f.name).collect();
        if use_frozen {
            out.extend(self.stdlib.modules.iter().map(|f| f.name));
            out.extend(self.test.modules.iter().map(|f| f.name));
        }
        for f in custom.unwrap_or(&[]) {
            if !out.contains(&f.name) {
                out.push(f.name);
            }
        }
        out
    }
}

/// `FrozenImporter._resolve_filename(origname, alias, ispkg)`: `(filename, pkgdir)`.
pub(crate) fn resolve_filename(
    stdlib_dir: Option<&str>,
    origname: Option<&str>,
    alias: &str,
    mut ispkg: bool,
) -> (Option<String>, Option<String>) {
    let (Some(orig), Some(dir)) = (origname.filter(|o| !o.is_empty()), stdlib_dir) else {
        return (None, None);
    };
    let mut orig = orig.to_owned();
    if orig != alias {
        if let Some(stripped) = orig.strip_prefix('<') {
            orig = stripped.to_owned();
            if !ispkg {
                orig.push_str(".__init__");
            }
        } else {
            ispkg = false;
        }
    }
    let rel = orig.replace('.', "/");
    if ispkg {
        let pkgdir = format!("{dir}/{rel}");
        (Some(format!("{pkgdir}/__init__.py")), Some(pkgdir))
    } else {
        (Some(format!("{dir}/{rel}.py")), None)
    }
}

/// Parses the `frozen_modules` setting as `PYTHON_FROZEN_MODULES` (`env = true`) or
/// `-X frozen_modules` (`env = false`) gives it: `on` / `off`, and for `-X` an empty value
/// means `on`. Errors carry CPython's startup messages.
pub fn parse_frozen_modules(value: &str, env: bool) -> Result<bool, FrozenSettingError> {
    match value {
        "on" => Ok(true),
        "off" => Ok(false),
        "" if !env => Ok(true),
        _ => Err(FrozenSettingError {
            value: value.to_owned(),
            env,
        }),
    }
}

/// A bad `frozen_modules` value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", if *env {
    "bad value for PYTHON_FROZEN_MODULES (expected \"on\" or \"off\")"
} else {
    "bad value for option -X frozen_modules (expected \"on\" or \"off\")"
})]
pub struct FrozenSettingError {
    /// The value given.
    pub value: String,
    /// Whether it came from the environment variable (else from `-X`).
    pub env: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(origname, alias, ispkg)` -> `(filename, pkgdir)` under `/lib`.
    #[track_caller]
    fn check(orig: Option<&str>, alias: &str, ispkg: bool, expect: (Option<&str>, Option<&str>)) {
        let got = resolve_filename(Some("/lib"), orig, alias, ispkg);
        assert_eq!(
            (got.0.as_deref(), got.1.as_deref()),
            expect,
            "{orig:?} as {alias}"
        );
    }

    #[test]
    fn resolve_filename_rules() {
        check(
            Some("__hello__"),
            "__hello__",
            false,
            (Some("/lib/__hello__.py"), None),
        );
        check(
            Some("__hello__"),
            "__hello_alias__",
            false,
            (Some("/lib/__hello__.py"), None),
        );
        // An aliased module maps to a module file even when the alias is a package.
        check(
            Some("__hello__"),
            "__phello_alias__",
            true,
            (Some("/lib/__hello__.py"), None),
        );
        check(
            Some("__phello__"),
            "__phello__",
            true,
            (Some("/lib/__phello__/__init__.py"), Some("/lib/__phello__")),
        );
        check(
            Some("<__phello__"),
            "__phello__.__init__",
            false,
            (Some("/lib/__phello__/__init__.py"), None),
        );
        check(
            Some("importlib._bootstrap"),
            "_frozen_importlib",
            false,
            (Some("/lib/importlib/_bootstrap.py"), None),
        );
        check(None, "__hello_only__", false, (None, None));
        check(Some(""), "x", false, (None, None));
        assert_eq!(resolve_filename(None, Some("x"), "x", false), (None, None));
    }

    fn fill<'py>(_: Py<'py>, _: &Obj<'py>) -> PyResult<()> {
        Ok(())
    }

    static BOOT: &[Frozen] = &[Frozen::module("boot", fill)];
    static STD: &[Frozen] = &[Frozen::module("std", fill), Frozen::module("both", fill)];
    static TEST: &[Frozen] = &[Frozen::package("t", fill)];
    static LIB: &[Frozen] = &[Frozen::source_package("lib", "x = 1\n")];
    static ALIASES: &[Alias] = &[Alias {
        name: "std",
        orig: None,
    }];

    fn tables() -> FrozenTables {
        FrozenTables {
            bootstrap: FrozenTable {
                modules: BOOT,
                aliases: &[],
            },
            lib: FrozenTable {
                modules: LIB,
                aliases: &[],
            },
            stdlib: FrozenTable {
                modules: STD,
                aliases: ALIASES,
            },
            test: FrozenTable {
                modules: TEST,
                aliases: &[],
            },
        }
    }

    #[test]
    fn lookup_precedence_and_statuses() {
        let t = tables();
        let custom = [
            Frozen::excluded("both"),
            Frozen {
                name: "boot",
                code: FrozenCode::Invalid,
                is_package: false,
            },
        ];
        let status = |name: &str, on: bool| t.find(Some(&custom), name, on).0;
        assert_eq!(status("boot", true), FrozenStatus::Okay, "bootstrap wins");
        assert_eq!(
            status("both", true),
            FrozenStatus::Excluded,
            "custom beats stdlib"
        );
        assert_eq!(
            status("both", false),
            FrozenStatus::Excluded,
            "custom even when off"
        );
        assert_eq!(status("std", true), FrozenStatus::Okay);
        assert_eq!(
            status("std", false),
            FrozenStatus::NotFound,
            "disabled is not found"
        );
        assert_eq!(status("nope", true), FrozenStatus::NotFound);
        assert_eq!(
            status("lib", false),
            FrozenStatus::Okay,
            "the library stays"
        );
        let (_, info) = t.find(None, "std", true);
        let info = info.unwrap();
        assert!(info.is_alias);
        assert_eq!(info.origname, None, "frozen only");
        let (_, info) = t.find(None, "t", true);
        assert!(info.unwrap().is_package);
        assert_eq!(t.names(Some(&custom), false), vec!["boot", "both"]);
        assert_eq!(
            t.names(Some(&custom), true),
            vec!["boot", "std", "both", "t"]
        );
    }

    #[test]
    fn errors_carry_cpython_text() {
        let text = |s| frozen_error(s, "x").map(|e| e.to_string());
        assert_eq!(text(FrozenStatus::Okay), None);
        assert_eq!(
            text(FrozenStatus::NotFound).unwrap(),
            "ImportError: No such frozen object named 'x'"
        );
        assert_eq!(
            text(FrozenStatus::BadName).unwrap(),
            "ImportError: No such frozen object named 'x'"
        );
        assert_eq!(
            text(FrozenStatus::Disabled).unwrap(),
            "ImportError: Frozen modules are disabled and the frozen object named 'x' is not essential"
        );
        assert_eq!(
            text(FrozenStatus::Excluded).unwrap(),
            "ImportError: Excluded frozen object named 'x'"
        );
        assert_eq!(
            text(FrozenStatus::Invalid).unwrap(),
            "ImportError: Frozen object named 'x' is invalid"
        );
    }
}
