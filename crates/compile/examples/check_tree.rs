//! Compiles every `.py` under a folder and reports the files that fail to compile or whose code
//! fails `verify` (a stress aid): `cargo run -p subinterp-compile --example check_tree -- DIR`.

use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "py") {
            out.push(p);
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    files.sort();
    let (mut ok, mut failed) = (0, 0);
    for f in &files {
        let src = std::fs::read(f).unwrap_or_default();
        match subinterp_compile::compile(&src, &f.to_string_lossy(), subinterp_compile::Mode::Exec)
        {
            Ok(code) => match subinterp_compile::verify(&code) {
                Ok(()) => ok += 1,
                Err(e) => {
                    failed += 1;
                    println!("VERIFY {}: {e}", f.display());
                }
            },
            Err(e) => {
                failed += 1;
                println!("ERROR {}: {e}", f.display());
            }
        }
    }
    println!("{ok} ok, {failed} failed of {}", files.len());
}
