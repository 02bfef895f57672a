//! `subinterp`: the command-line front end of the runtime.

fn main() {
    println!("subinterp {}", env!("CARGO_PKG_VERSION"));
}
