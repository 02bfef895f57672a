//! The frozen test table (`_PyImport_FrozenTest`, freeze_modules.py's `TESTS_SECTION`): the
//! `__hello__` family with its aliases and packages, as Python source (`frozen/`).

use subinterp_import::{Alias, Frozen, FrozenTable};

/// `Lib/__hello__.py`.
const HELLO: &str = include_str!("../frozen/__hello__.py");
/// `Lib/__phello__/__init__.py`.
const PHELLO: &str = include_str!("../frozen/__phello__/__init__.py");
/// `Lib/__phello__/spam.py`.
const SPAM: &str = include_str!("../frozen/__phello__/spam.py");
/// `Lib/__phello__/ham/__init__.py`.
const HAM: &str = include_str!("../frozen/__phello__/ham/__init__.py");
/// `Lib/__phello__/ham/eggs.py`.
const EGGS: &str = include_str!("../frozen/__phello__/ham/eggs.py");
/// `Tools/freeze/flag.py` (`__hello_only__`).
const FLAG: &str = include_str!("../frozen/flag.py");

/// As CPython's `freeze_modules.py` freezes them: aliases carry their origin's code.
static MODULES: &[Frozen] = &[
    Frozen::source("__hello__", HELLO),
    Frozen::source("__hello_alias__", HELLO),
    Frozen::source_package("__phello_alias__", HELLO),
    Frozen::source("__phello_alias__.spam", HELLO),
    Frozen::source_package("__phello__", PHELLO),
    Frozen::source("__phello__.__init__", PHELLO),
    Frozen::source_package("__phello__.ham", HAM),
    Frozen::source("__phello__.ham.__init__", HAM),
    Frozen::source("__phello__.ham.eggs", EGGS),
    Frozen::source("__phello__.spam", SPAM),
    Frozen::source("__hello_only__", FLAG),
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
