//! `subinterp run FILE [ARGS...]` / `subinterp run -c CODE [ARGS...]`: a Python program in the
//! main interpreter's `__main__`, as `python3` runs one (`Interpreter::run_program`):
//! `sys.argv` is `[FILE, ARGS...]` (`['-c', ARGS...]`), `sys.path[0]` the script's folder
//! (`''` for `-c`), output on the process's streams, exit status 0, 1 after an uncaught
//! exception (its traceback on stderr) or what `SystemExit` asks. A file that cannot be read is
//! CPython's `can't open file '/abs/path': [Errno N] ...` on stderr, status 2.

use std::path::Path;

use subinterp_runtime::Program;

use crate::args::RunArgs;

/// Runs the program and returns the exit status.
pub(crate) fn run(args: &RunArgs) -> u8 {
    let (source, filename, argv, path0, file) = match &args.code {
        Some(code) => {
            let mut argv = vec!["-c".to_owned()];
            argv.extend(args.args.iter().cloned());
            (
                code.clone().into_bytes(),
                "<string>".to_owned(),
                argv,
                String::new(),
                None,
            )
        }
        None => {
            let Some(given) = args.args.first() else {
                eprintln!("subinterp: run needs FILE or -c CODE");
                return 2;
            };
            let abs = absolute(Path::new(given));
            let source = match std::fs::read(&abs) {
                Ok(bytes) => bytes,
                Err(e) => {
                    eprintln!(
                        "subinterp: can't open file '{}': {}",
                        abs.display(),
                        errno_text(&e)
                    );
                    return 2;
                }
            };
            let folder = abs
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let name = abs.display().to_string();
            (source, name.clone(), args.args.clone(), folder, Some(name))
        }
    };
    let rt = match crate::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("subinterp: {e}");
            return 1;
        }
    };
    let status = rt.main().map_err(|e| e.to_string()).and_then(|main| {
        main.run_program(&Program {
            source: &source,
            filename: &filename,
            argv: &argv,
            path0: &path0,
            file: file.as_deref(),
        })
        .map_err(|e| e.to_string())
    });
    let status = match status {
        Ok(n) => n,
        Err(e) => {
            eprintln!("subinterp: {e}");
            1
        }
    };
    if let Err(e) = rt.finalize() {
        eprintln!("subinterp: {e}");
    }
    // The status the process reports is the low byte, as the OS keeps it.
    (status & 0xff) as u8
}

/// `os.path.abspath`: the path joined to the current folder, `.` and `..` folded lexically
/// (symlinks are not resolved).
fn absolute(path: &Path) -> std::path::PathBuf {
    let joined = std::env::current_dir()
        .map(|d| d.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut out = std::path::PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `[Errno N] text`, CPython's `OSError` display.
fn errno_text(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(n) => {
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_owned();
            format!("[Errno {n}] {text}")
        }
        None => e.to_string(),
    }
}
