//! The frozen test table (`_PyImport_FrozenTest`, freeze_modules.py's `TESTS_SECTION`): the
//! `__hello__` family with its aliases and packages.

use subinterp_import::{Alias, Frozen, FrozenTable};
use subinterp_object::{Obj, Py, PyResult};

/// `Lib/__hello__.py` (and `__phello__`'s modules): `initialized = True`.
fn hello<'py>(py: Py<'py>, m: &Obj<'py>) -> PyResult<()> {
    m.setattr("initialized", &py.bool(true))
}

/// `Tools/freeze/flag.py` (`__hello_only__`): `initialized = True`.
fn flag<'py>(py: Py<'py>, m: &Obj<'py>) -> PyResult<()> {
    m.setattr("initialized", &py.bool(true))
}

static MODULES: &[Frozen] = &[
    Frozen::module("__hello__", hello),
    Frozen::module("__hello_alias__", hello),
    Frozen::package("__phello_alias__", hello),
    Frozen::module("__phello_alias__.spam", hello),
    Frozen::package("__phello__", hello),
    Frozen::module("__phello__.__init__", hello),
    Frozen::package("__phello__.ham", hello),
    Frozen::module("__phello__.ham.__init__", hello),
    Frozen::module("__phello__.ham.eggs", hello),
    Frozen::module("__phello__.spam", hello),
    Frozen::module("__hello_only__", flag),
];

static ALIASES: &[Alias] = &[
    Alias {
        name: "__hello_alias__",
        orig: Some("__hello__"),
    },
    Alias {
        name: "__phello_alias__",
        orig: Some("__hello__"),
    },
    Alias {
        name: "__phello_alias__.spam",
        orig: Some("__hello__"),
    },
    Alias {
        name: "__phello__.__init__",
        orig: Some("<__phello__"),
    },
    Alias {
        name: "__phello__.ham.__init__",
        orig: Some("<__phello__.ham"),
    },
    Alias {
        name: "__hello_only__",
        orig: None,
    },
];

/// The test frozen table, for [`ImportConfig::frozen_test`](subinterp_import::ImportConfig).
pub const FROZEN_TEST: FrozenTable = FrozenTable {
    modules: MODULES,
    aliases: ALIASES,
};
