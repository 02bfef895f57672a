//! [`Echo`]: running source as scenario lines run it, for tests that read values back.

use subinterp_runtime::{Captured, Interpreter};

/// Runs source in CPython's interactive mode (`Interpreter::exec_interactive_to`): an
/// expression statement prints its value's repr, `None` prints nothing.
pub trait Echo {
    /// What `src` printed, and how it ended.
    fn echo(&self, src: &str) -> Captured;
}

impl Echo for Interpreter {
    fn echo(&self, src: &str) -> Captured {
        let mut buf = Vec::new();
        let result = self.exec_interactive_to(src, &mut buf);
        Captured {
            output: String::from_utf8_lossy(&buf).into_owned(),
            result,
        }
    }
}
