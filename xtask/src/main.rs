//! `cargo xtask`: project automation.

fn main() {
    eprintln!("usage: cargo xtask <ci|tidy>");
    std::process::exit(2);
}
