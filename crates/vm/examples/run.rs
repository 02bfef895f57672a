//! Runs a Python file on the loop: `cargo run -p subinterp-vm --example run -- FILE.py`.
//! Standard output and the traceback of an uncaught exception are printed; the exit status
//! is 1 after an uncaught exception.

use subinterp_object::{InterpId, Objects};
use subinterp_obmalloc::Heap;
use subinterp_vm::{Capture, Tstate};

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    let name = std::path::Path::new(&path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    let objs = Objects::new(InterpId::new(0), Heap::new());
    let out = Capture::new();
    // SAFETY: this thread is the only one using `objs`.
    let ok = unsafe {
        objs.with_gil(|py| match Tstate::new(py, Box::new(out.clone())) {
            Ok(mut ts) => ts.run_main(&source, &name).is_ok(),
            Err(e) => {
                eprintln!("{e}");
                false
            }
        })
    };
    let c = out.captured();
    print!("{}", c.stdout);
    eprint!("{}", c.stderr);
    std::process::exit(if ok { 0 } else { 1 });
}
