//! Compiles FILE on a thread with a small stack (KIB, default 128): a check that no pass
//! overflows: `cargo run -p subinterp-compile --example small_stack -- FILE [KIB]`.

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let kib: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(128);
    let src = std::fs::read(&path).unwrap_or_default();
    let which = std::env::args().nth(3).unwrap_or_default();
    let h = std::thread::Builder::new()
        .stack_size(kib * 1024)
        .spawn(move || match which.as_str() {
            "symtable" => {
                let text = String::from_utf8_lossy(&src).into_owned();
                subinterp_compile::symbol_table(&text, &path)
                    .map(|t| t.scopes.len())
                    .is_ok()
            }
            _ => subinterp_compile::compile(&src, &path, subinterp_compile::Mode::Exec).is_ok(),
        })
        .map(|h| h.join());
    println!("{h:?}");
}
