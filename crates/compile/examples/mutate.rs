//! Mutation fuzzing (a robustness aid): takes the `.py` files of a folder, applies random
//! byte and line edits, compiles each mutant in every mode and checks `verify` on success:
//! `cargo run --release -p subinterp-compile --example mutate -- DIR [ROUNDS]`.

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let mut files: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    files.retain(|f| !f.is_empty());
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let pieces: &[&[u8]] = &[
        b"(",
        b")",
        b"[",
        b"]",
        b":",
        b"\n",
        b"    ",
        b"*",
        b"**",
        b"=",
        b"await ",
        b"yield ",
        b"lambda: ",
        b"async ",
        b"return ",
        b"nonlocal x\n",
        b"global x\n",
        b"if x:\n",
        b",",
        b"'",
        b"f'{",
        b"}",
        b"case ",
        b"match x:\n",
        b"except* E:\n",
        b"[T]",
        b"del ",
    ];
    let (mut ok, mut err) = (0, 0);
    for _ in 0..rounds {
        let mut src = files[(next() as usize) % files.len()].clone();
        for _ in 0..(next() % 4 + 1) {
            let at = (next() as usize) % (src.len() + 1);
            match next() % 3 {
                0 => {
                    let p = pieces[(next() as usize) % pieces.len()];
                    src.splice(at..at, p.iter().copied());
                }
                1 if at < src.len() => {
                    let end = (at + (next() as usize) % 8).min(src.len());
                    src.drain(at..end);
                }
                _ => {
                    let start = src[..at]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |p| p + 1);
                    let end = src[at..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(src.len(), |p| at + p + 1);
                    let line = src[start..end].to_vec();
                    src.splice(start..start, line);
                }
            }
        }
        for mode in [
            subinterp_compile::Mode::Exec,
            subinterp_compile::Mode::Eval,
            subinterp_compile::Mode::Single,
        ] {
            match subinterp_compile::compile(&src, "m.py", mode) {
                Ok(code) => {
                    ok += 1;
                    if let Err(e) = subinterp_compile::verify(&code) {
                        println!("VERIFY {e}\n{}", String::from_utf8_lossy(&src));
                        return;
                    }
                }
                Err(_) => err += 1,
            }
        }
    }
    println!("{ok} compiled, {err} errors, no panic, verify clean");
}
