//! Every program of the shared corpus (`../shared/corpus/*.py` beside the checkout, present in
//! CI) and this crate's own programs (`tests/programs/*.py`) compile, and their code objects
//! are sane: jump targets and handlers in range, stack sizes positive.

use std::path::Path;

use subinterp_compile::{Code, Mode, compile};

fn check_code(code: &Code) {
    let n = code.instructions.len() as u32;
    for i in code.instructions.iter() {
        if i.op.is_jump() {
            assert!(i.arg <= n, "{}: jump to {} of {n}", code.qualname, i.arg);
        }
    }
    for e in code.exception_table.iter() {
        assert!(
            e.start < e.end && e.end <= n && e.handler < n,
            "{}: {e:?}",
            code.qualname
        );
    }
    assert!(code.max_stack > 0 || n <= 2, "{}", code.qualname);
    code.children().for_each(|c| check_code(c));
}

fn compile_dir(dir: &Path) -> usize {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|x| x == "py"));
    paths.sort();
    for p in &paths {
        let src = std::fs::read(p).expect("readable");
        match compile(&src, &p.to_string_lossy(), Mode::Exec) {
            Ok(code) => {
                check_code(&code);
                if let Err(e) = subinterp_compile::verify(&code) {
                    panic!("{}: {e}", p.display());
                }
            }
            Err(e) => panic!("{}: {e}", p.display()),
        }
    }
    paths.len()
}

#[test]
fn the_shared_corpus_compiles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !dir.is_dir() {
        println!("note: {} is absent; corpus not checked", dir.display());
        return;
    }
    let n = compile_dir(&dir);
    println!("compiled {n} corpus programs");
    assert!(n > 0);
}

#[test]
fn own_programs_compile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    assert!(compile_dir(&dir) > 0);
}
