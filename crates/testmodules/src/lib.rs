//! `subinterp-testmodules`: CPython-like test extension and frozen modules
//! (`_testsinglephase`, `_testmultiphase`, the `__hello__` family, `_test_process_global`).
//!
//! Depends on `subinterp-object` and `subinterp-import`; must never depend on the runtime.
