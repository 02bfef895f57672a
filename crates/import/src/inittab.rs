//! The builtin-module table (CPython's `struct _inittab`, `PyImport_Inittab`,
//! `PyImport_AppendInittab` / `PyImport_ExtendInittab`) and its lookup rules (reference §1).

use std::fmt;

use crate::def::InitFn;

/// One builtin module: a name and its init function. `init: None` marks a core module
/// (`sys`, `builtins`) that is created per interpreter and never initialised through the
/// table; such entries exist so the name appears in `sys.builtin_module_names`.
#[derive(Clone)]
pub struct InittabEntry {
    /// The module name (ASCII, no dots).
    pub name: String,
    /// `PyInit_<name>`, or `None` for a core module.
    pub init: Option<InitFn>,
}

impl InittabEntry {
    /// An entry for `name` with `init`.
    pub fn new(name: impl Into<String>, init: InitFn) -> InittabEntry {
        InittabEntry {
            name: name.into(),
            init: Some(init),
        }
    }

    /// A core-module entry (no init function).
    pub fn core(name: impl Into<String>) -> InittabEntry {
        InittabEntry {
            name: name.into(),
            init: None,
        }
    }
}

impl fmt::Debug for InittabEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}",
            self.name,
            if self.init.is_some() { "" } else { " (core)" }
        )
    }
}

/// A builtin-module table: the embedder's (`PyImport_Inittab`, a plain value it builds before
/// the runtime starts) or the runtime's copy (`INITTAB`), taken when it initializes.
///
/// Duplicate names are kept, as in CPython: [`is_builtin`](Inittab::is_builtin) reports the
/// **first** entry of a name, while creating the module uses the **last** one.
#[derive(Clone, Debug, Default)]
pub struct Inittab {
    entries: Vec<InittabEntry>,
}

impl Inittab {
    /// The static table (`_PyImport_Inittab`): `_imp`, plus the core modules `sys` and
    /// `builtins`. Embedders and the runtime add their builtin modules with
    /// [`append`](Inittab::append).
    pub fn new() -> Inittab {
        Inittab {
            entries: vec![
                InittabEntry::new("_imp", crate::imp::init_imp),
                InittabEntry::core("builtins"),
                InittabEntry::core("sys"),
            ],
        }
    }

    /// A table with no entry at all.
    pub fn empty() -> Inittab {
        Inittab::default()
    }

    /// Adds `name` at the end (`PyImport_AppendInittab` on the embedder's own table).
    pub fn append(&mut self, name: impl Into<String>, init: InitFn) -> &mut Inittab {
        self.entries.push(InittabEntry::new(name, init));
        self
    }

    /// Adds `entries` at the end (`PyImport_ExtendInittab`); an empty slice changes nothing.
    pub fn extend(&mut self, entries: impl IntoIterator<Item = InittabEntry>) -> &mut Inittab {
        self.entries.extend(entries);
        self
    }

    /// The entries, in order.
    pub fn entries(&self) -> &[InittabEntry] {
        &self.entries
    }

    /// Mutable access to the entries (what writing into CPython's array does).
    pub fn entries_mut(&mut self) -> &mut Vec<InittabEntry> {
        &mut self.entries
    }

    /// `_imp.is_builtin(name)`: `-1` when the **first** entry named `name` is a core module,
    /// `1` when it has an init function, `0` when there is none.
    pub fn is_builtin(&self, name: &str) -> i32 {
        match self.entries.iter().find(|e| e.name == name) {
            Some(e) if e.init.is_none() => -1,
            Some(_) => 1,
            None => 0,
        }
    }

    /// The **last** entry named `name`: the one `create_builtin` uses.
    pub fn find_last(&self, name: &str) -> Option<&InittabEntry> {
        self.entries.iter().rev().find(|e| e.name == name)
    }

    /// `sys.builtin_module_names`: every name, sorted, duplicates once.
    pub fn sorted_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.entries.iter().map(|e| e.name.clone()).collect();
        names.sort();
        names.dedup();
        names
    }
}

/// Which CPython function a table change stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InittabApi {
    /// `PyImport_AppendInittab`.
    Append,
    /// `PyImport_ExtendInittab`.
    Extend,
}

/// Changing the runtime's builtin table after the runtime initialized. CPython aborts the
/// process here (`Py_FatalError`); this is a value carrying CPython's message and handing the
/// entries back.
#[derive(Debug, thiserror::Error)]
#[error("{}", match api {
    InittabApi::Append => "PyImport_AppendInittab() may not be called after Py_Initialize()",
    InittabApi::Extend => "PyImport_ExtendInittab() may not be called after Py_Initialize()",
})]
pub struct InittabFrozen {
    /// The call that was refused.
    pub api: InittabApi,
    /// The entries it would have added.
    pub entries: Vec<InittabEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rules() {
        let mut t = Inittab::new();
        assert_eq!(t.sorted_names(), vec!["_imp", "builtins", "sys"]);
        t.extend([InittabEntry::core("_imp")]);
        assert_eq!(t.is_builtin("_imp"), 1, "the first entry is reported");
        assert!(
            t.find_last("_imp").unwrap().init.is_none(),
            "the last one is created"
        );
        assert_eq!(t.sorted_names().len(), 3, "names are listed once");
        assert_eq!(t.is_builtin("sys"), -1);
        assert_eq!(t.is_builtin("x"), 0);
        assert!(Inittab::empty().entries().is_empty());
        assert_eq!(format!("{:?}", InittabEntry::core("sys")), "sys (core)");
    }
}
