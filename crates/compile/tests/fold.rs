//! Constant folding matches CPython 3.13's for the cases it folds (the expected constants
//! were read from CPython's `co_consts`), and leaves the rest to run time.

use subinterp_compile::{Constant, Mode, compile};

fn consts(src: &str) -> Vec<String> {
    let code = compile(src, "t.py", Mode::Exec).unwrap();
    code.consts
        .iter()
        .map(|c| match c {
            Constant::Int(i) => i.to_string(),
            Constant::Float(f) => format!("{f:?}"),
            Constant::Str(s) => format!("'{s}'"),
            Constant::Bytes(b) => format!("b{:?}", String::from_utf8_lossy(b)),
            Constant::None => "None".into(),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn folds_as_cpython() {
    let src = "a = 2**10\nb = 1 << 200\nc = 'ab' * 3\nd = 7 // -2\ne = -7 % 3\nf = 1/0\ng = 10 / 4\nh = ~5\ni = -(1+2)\nl = 1.5 * 2\nm = b'x' + b'y'\nn = 2**127\n";
    assert_eq!(
        consts(src),
        [
            "1024", "1", "200", "'ababab'", "-4", "2", "0", "2.5", "-6", "-3", "3.0", "b\"xy\"",
            "127", "None"
        ]
    );
}
