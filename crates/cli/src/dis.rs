//! `subinterp dis FILE` / `subinterp dis -c CODE`: compiles Python source with
//! `subinterp-compile` and prints its bytecode in the format `subinterp_compile::dis`
//! documents. A syntax error is printed as CPython prints one (`File "x.py", line N`, the
//! source line, `SyntaxError: message`) and exits 1.

use subinterp_compile::{CompileError, Mode, compile, dis};

use crate::args::DisArgs;

/// Runs `dis` and returns the exit status.
pub(crate) fn run(args: &DisArgs) -> u8 {
    let (source, filename) = match (&args.code, &args.file) {
        (Some(code), _) => (code.clone().into_bytes(), "<string>".to_string()),
        (None, Some(path)) => match std::fs::read(path) {
            Ok(bytes) => (bytes, path.display().to_string()),
            Err(e) => {
                eprintln!("subinterp: cannot read {}: {e}", path.display());
                return 1;
            }
        },
        (None, None) => {
            eprintln!("subinterp: dis needs FILE or -c CODE");
            return 2;
        }
    };
    match compile(&source, &filename, Mode::Exec) {
        Ok(code) => {
            print!("{}", dis(&code));
            0
        }
        Err(e) => {
            eprint!("{}", render_error(&e));
            1
        }
    }
}

/// CPython's report of a compile error, without the caret line.
fn render_error(e: &CompileError) -> String {
    match e {
        CompileError::Syntax(s) => {
            let mut out = format!("  File \"{}\", line {}\n", s.filename, s.lineno);
            if let Some(text) = &s.text {
                out.push_str("    ");
                out.push_str(text.trim());
                out.push('\n');
            }
            out.push_str(&format!("{}: {}\n", s.kind.class_name(), s.message));
            out
        }
        CompileError::Recursion { message } => format!("RecursionError: {message}\n"),
    }
}
