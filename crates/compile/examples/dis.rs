//! Prints the disassembly of a file: `cargo run -p subinterp-compile --example dis -- FILE`.

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let src = std::fs::read(&path).unwrap_or_default();
    match subinterp_compile::compile(&src, &path, subinterp_compile::Mode::Exec) {
        Ok(code) => print!("{}", subinterp_compile::dis(&code)),
        Err(e) => println!("{e}"),
    }
}
