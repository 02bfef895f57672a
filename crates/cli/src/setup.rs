//! The runtimes this command makes: CPython's defaults plus every test extension and frozen
//! module of `subinterp-testmodules`, so scenarios can import `_testsinglephase` and friends.

use subinterp_runtime::{Error, Runtime, RuntimeBuilder};

/// A builder with the test modules registered.
pub(crate) fn builder() -> RuntimeBuilder {
    Runtime::builder().import_config(subinterp_testmodules::config())
}

/// A fresh, initialized runtime with the test modules.
pub fn runtime() -> Result<Runtime, Error> {
    builder().build()
}
