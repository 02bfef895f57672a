//! `InterpreterConfig` (CPython's `PyInterpreterConfig`) and its presets.

use std::fmt;

use crate::{Field, FieldValue, GilMode};

/// The settings of one interpreter: CPython's `PyInterpreterConfig`.
///
/// Fields are public and any combination can be built; [`InterpreterConfig::validate`] decides
/// whether an interpreter may be created with it. `Default` is [`InterpreterConfig::isolated`],
/// as for `_interpreters.create()` with no config.
///
/// `Display` renders the read-back form the scenario language prints: one `field = value` line
/// per field, in CPython's order, without a trailing newline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InterpreterConfig {
    /// Share the main interpreter's object allocator (else the interpreter gets its own heap).
    pub use_main_obmalloc: bool,
    /// `os.fork()` is allowed.
    pub allow_fork: bool,
    /// `os.execv()` / `os.execve()` are allowed.
    pub allow_exec: bool,
    /// Threads may be started.
    pub allow_threads: bool,
    /// Daemon threads may be started.
    pub allow_daemon_threads: bool,
    /// Refuse extension modules that do not support multiple interpreters (single-phase init).
    pub check_multi_interp_extensions: bool,
    /// Which GIL the interpreter gets.
    pub gil: GilMode,
}

impl InterpreterConfig {
    /// `_PyInterpreterConfig_INIT`, the `isolated` (and default) preset: own obmalloc, own GIL,
    /// threads but no daemon threads, no fork or exec, extensions checked.
    pub const fn isolated() -> InterpreterConfig {
        InterpreterConfig {
            use_main_obmalloc: false,
            allow_fork: false,
            allow_exec: false,
            allow_threads: true,
            allow_daemon_threads: false,
            check_multi_interp_extensions: true,
            gil: GilMode::Own,
        }
    }

    /// `_PyInterpreterConfig_LEGACY_INIT`, the `legacy` preset (what `Py_NewInterpreter` uses):
    /// everything allowed, shared obmalloc and GIL, extensions unchecked (the value of
    /// `_PyInterpreterConfig_LEGACY_CHECK_MULTI_INTERP_EXTENSIONS` on GIL builds).
    pub const fn legacy() -> InterpreterConfig {
        InterpreterConfig {
            use_main_obmalloc: true,
            allow_fork: true,
            allow_exec: true,
            allow_threads: true,
            allow_daemon_threads: true,
            check_multi_interp_extensions: false,
            gil: GilMode::Shared,
        }
    }

    /// The `empty` preset (`_interpretersmodule.c:init_named_config`): all false, gil `default`.
    /// It does not validate: per-interpreter obmalloc needs the extension check.
    pub const fn empty() -> InterpreterConfig {
        InterpreterConfig {
            use_main_obmalloc: false,
            allow_fork: false,
            allow_exec: false,
            allow_threads: false,
            allow_daemon_threads: false,
            check_multi_interp_extensions: false,
            gil: GilMode::Default,
        }
    }

    /// The main interpreter's config (`pycore_create_interpreter`): legacy with its own GIL and
    /// extensions unchecked. It is only valid for the main interpreter: use [`ValidConfig::main`]
    /// rather than validating it, since a sub-interpreter may not own a GIL while sharing the
    /// main obmalloc.
    ///
    /// [`ValidConfig::main`]: crate::ValidConfig::main
    pub const fn main() -> InterpreterConfig {
        InterpreterConfig {
            gil: GilMode::Own,
            check_multi_interp_extensions: false,
            ..InterpreterConfig::legacy()
        }
    }

    /// The value of one field.
    pub const fn get(&self, field: Field) -> FieldValue {
        match field {
            Field::UseMainObmalloc => FieldValue::Bool(self.use_main_obmalloc),
            Field::AllowFork => FieldValue::Bool(self.allow_fork),
            Field::AllowExec => FieldValue::Bool(self.allow_exec),
            Field::AllowThreads => FieldValue::Bool(self.allow_threads),
            Field::AllowDaemonThreads => FieldValue::Bool(self.allow_daemon_threads),
            Field::CheckMultiInterpExtensions => {
                FieldValue::Bool(self.check_multi_interp_extensions)
            }
            Field::Gil => FieldValue::Gil(self.gil),
        }
    }

    /// Every field with its value, in CPython's order (`_PyInterpreterConfig_AsDict`).
    pub fn to_pairs(&self) -> [(Field, FieldValue); 7] {
        Field::ALL.map(|f| (f, self.get(f)))
    }

    /// Stores a boolean field. The parser has already matched value kinds to fields, so a gil
    /// field never reaches here.
    pub(crate) fn set_bool(&mut self, field: Field, value: bool) {
        let slot = match field {
            Field::UseMainObmalloc => &mut self.use_main_obmalloc,
            Field::AllowFork => &mut self.allow_fork,
            Field::AllowExec => &mut self.allow_exec,
            Field::AllowThreads => &mut self.allow_threads,
            Field::AllowDaemonThreads => &mut self.allow_daemon_threads,
            Field::CheckMultiInterpExtensions => &mut self.check_multi_interp_extensions,
            Field::Gil => return,
        };
        *slot = value;
    }
}

impl Default for InterpreterConfig {
    /// [`InterpreterConfig::isolated`], like `_interpreters.create()` with no config.
    fn default() -> InterpreterConfig {
        InterpreterConfig::isolated()
    }
}

impl fmt::Display for InterpreterConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (field, value)) in self.to_pairs().into_iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{field} = {value}")?;
        }
        Ok(())
    }
}

/// A named config, as `_interpreters.new_config(name)` and `create(name)` accept it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// `isolated` (also `default` and the empty name).
    Isolated,
    /// `legacy`.
    Legacy,
    /// `empty`.
    Empty,
}

impl Preset {
    /// The named presets, in the order CPython's docs list them.
    pub const ALL: [Preset; 3] = [Preset::Isolated, Preset::Legacy, Preset::Empty];

    /// The canonical name.
    pub const fn name(self) -> &'static str {
        match self {
            Preset::Isolated => "isolated",
            Preset::Legacy => "legacy",
            Preset::Empty => "empty",
        }
    }

    /// The preset for a name (`init_named_config`): `""` and `"default"` mean `isolated`.
    pub fn from_name(name: &str) -> Option<Preset> {
        match name {
            "" | "default" | "isolated" => Some(Preset::Isolated),
            "legacy" => Some(Preset::Legacy),
            "empty" => Some(Preset::Empty),
            _ => None,
        }
    }

    /// The preset's config.
    pub const fn config(self) -> InterpreterConfig {
        match self {
            Preset::Isolated => InterpreterConfig::isolated(),
            Preset::Legacy => InterpreterConfig::legacy(),
            Preset::Empty => InterpreterConfig::empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Presets as CPython's tuples: (obmalloc, fork, exec, threads, daemon, check, gil).
    fn check(cfg: InterpreterConfig, expect: (bool, bool, bool, bool, bool, bool, GilMode)) {
        let got = (
            cfg.use_main_obmalloc,
            cfg.allow_fork,
            cfg.allow_exec,
            cfg.allow_threads,
            cfg.allow_daemon_threads,
            cfg.check_multi_interp_extensions,
            cfg.gil,
        );
        assert_eq!(got, expect);
    }

    #[test]
    fn presets_have_cpythons_values() {
        use GilMode::*;
        let (t, f) = (true, false);
        check(InterpreterConfig::isolated(), (f, f, f, t, f, t, Own));
        check(InterpreterConfig::legacy(), (t, t, t, t, t, f, Shared));
        check(InterpreterConfig::empty(), (f, f, f, f, f, f, Default));
        check(InterpreterConfig::main(), (t, t, t, t, t, f, Own));
        check(InterpreterConfig::default(), (f, f, f, t, f, t, Own));
    }

    #[test]
    fn preset_names() {
        for (name, preset) in [
            ("", Preset::Isolated),
            ("default", Preset::Isolated),
            ("isolated", Preset::Isolated),
            ("legacy", Preset::Legacy),
            ("empty", Preset::Empty),
        ] {
            assert_eq!(Preset::from_name(name), Some(preset), "{name:?}");
        }
        assert_eq!(Preset::from_name("main"), None);
        assert_eq!(Preset::from_name("Legacy"), None);
        for p in Preset::ALL {
            assert_eq!(Preset::from_name(p.name()), Some(p));
        }
    }

    #[test]
    fn display_is_one_line_per_field_in_cpython_order() {
        assert_eq!(
            InterpreterConfig::isolated().to_string(),
            "use_main_obmalloc = false\n\
             allow_fork = false\n\
             allow_exec = false\n\
             allow_threads = true\n\
             allow_daemon_threads = false\n\
             check_multi_interp_extensions = true\n\
             gil = own"
        );
    }

    #[test]
    fn get_matches_every_field() {
        let mut cfg = InterpreterConfig::empty();
        for field in Field::ALL.into_iter().filter(|f| f.is_bool()) {
            assert_eq!(cfg.get(field), FieldValue::Bool(false));
            cfg.set_bool(field, true);
            assert_eq!(cfg.get(field), FieldValue::Bool(true));
        }
        cfg.set_bool(Field::Gil, true);
        assert_eq!(cfg.get(Field::Gil), FieldValue::Gil(GilMode::Default));
        let all_true = InterpreterConfig {
            check_multi_interp_extensions: true,
            gil: GilMode::Default,
            ..InterpreterConfig::legacy()
        };
        assert_eq!(cfg, all_true);
    }
}
