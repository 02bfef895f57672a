//! [`Whence`]: who created an interpreter (CPython's `_PyInterpreterState_WHENCE_*`).

use std::fmt;

/// Who created an interpreter, with CPython's values and display strings
/// (`Include/internal/pycore_interp.h`, `Interpreter.whence`).
///
/// The facade's [`Runtime::new_interpreter`](crate::Runtime::new_interpreter) makes
/// [`Whence::Stdlib`] interpreters (it is the product's `interpreters.create()`), which the
/// restricted operations ([`Interpreter::end`](crate::Interpreter::end)) accept;
/// [`Runtime::new_interpreter_with`](crate::Runtime::new_interpreter_with) records the C-API
/// origins, which only the unrestricted paths may end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Whence {
    /// `_PyInterpreterState_WHENCE_UNKNOWN` (0): `PyInterpreterState_New`.
    Unknown,
    /// `_PyInterpreterState_WHENCE_RUNTIME` (1): the main interpreter.
    Runtime,
    /// `_PyInterpreterState_WHENCE_LEGACY_CAPI` (2): `Py_NewInterpreter`.
    LegacyCapi,
    /// `_PyInterpreterState_WHENCE_CAPI` (3): `Py_NewInterpreterFromConfig`.
    Capi,
    /// `_PyInterpreterState_WHENCE_XI` (4): `_PyXI_NewInterpreter`'s default.
    Xi,
    /// `_PyInterpreterState_WHENCE_STDLIB` (5): `_interpreters.create`.
    Stdlib,
}

impl Whence {
    /// Every value, in CPython's order (0..=5).
    pub const ALL: [Whence; 6] = [
        Whence::Unknown,
        Whence::Runtime,
        Whence::LegacyCapi,
        Whence::Capi,
        Whence::Xi,
        Whence::Stdlib,
    ];

    /// CPython's number (`_interpreters.WHENCE_*`).
    pub const fn raw(self) -> i32 {
        match self {
            Whence::Unknown => 0,
            Whence::Runtime => 1,
            Whence::LegacyCapi => 2,
            Whence::Capi => 3,
            Whence::Xi => 4,
            Whence::Stdlib => 5,
        }
    }

    /// What `Interpreter.whence` shows.
    pub const fn as_str(self) -> &'static str {
        match self {
            Whence::Unknown => "unknown",
            Whence::Runtime => "runtime init",
            Whence::LegacyCapi => "legacy C-API",
            Whence::Capi => "C-API",
            Whence::Xi => "cross-interpreter C-API",
            Whence::Stdlib => "_interpreters module",
        }
    }
}

impl fmt::Display for Whence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_strings_are_cpythons() {
        let got: Vec<_> = Whence::ALL.iter().map(|w| (w.raw(), w.as_str())).collect();
        assert_eq!(
            got,
            [
                (0, "unknown"),
                (1, "runtime init"),
                (2, "legacy C-API"),
                (3, "C-API"),
                (4, "cross-interpreter C-API"),
                (5, "_interpreters module"),
            ]
        );
    }
}
