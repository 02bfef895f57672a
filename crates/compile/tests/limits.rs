//! Bad input: any byte string gets a code object or an error with CPython's text, in bounded
//! time and memory, without a panic or a native stack overflow (tests run on 2 MB threads).

use std::time::{Duration, Instant};

use subinterp_compile::{CompileError, Mode, RECURSION_MESSAGE, SyntaxErrorKind, compile};

fn err(src: impl AsRef<[u8]>) -> CompileError {
    match compile(src, "t.py", Mode::Exec) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "took {:?}",
        start.elapsed()
    );
    out
}

#[test]
fn nul_byte_is_cpythons_error_on_its_line() {
    let e = err(b"x = 1\ny = 2\0\n");
    let s = e.as_syntax().unwrap();
    assert_eq!(s.message, "source code cannot contain null bytes");
    assert_eq!(s.lineno, 2);
}

#[test]
fn invalid_utf8_is_a_unicode_error() {
    let e = err(b"x = 1\ny = '\xff'\n");
    let s = e.as_syntax().unwrap();
    // CPython counts the position from the start of the token it was decoding; this compiler
    // counts from the start of the line (a documented difference).
    assert!(
        s.message
            .starts_with("(unicode error) 'utf-8' codec can't decode byte 0xff in position "),
        "{}",
        s.message
    );
    assert!(s.message.ends_with(": invalid start byte"));
    assert_eq!((s.lineno, s.offset), (2, 6));
    let e = err(b"x = 1 # \xc3");
    assert!(e.message().ends_with("unexpected end of data"), "{e}");
    let e = err(b"x = '\xc3('");
    assert!(e.message().ends_with("invalid continuation byte"), "{e}");
}

#[test]
fn a_bom_is_dropped() {
    assert!(compile(b"\xef\xbb\xbfx = 1\n", "t.py", Mode::Exec).is_ok());
}

#[test]
fn hundred_thousand_parentheses() {
    let src = "(".repeat(100_000) + &")".repeat(100_000);
    let e = timed(|| err(src));
    let s = e.as_syntax().unwrap();
    assert_eq!(s.message, "too many nested parentheses");
    assert_eq!((s.lineno, s.offset), (1, 201));
}

#[test]
fn two_hundred_parentheses_compile() {
    let src = "(".repeat(200) + "1" + &")".repeat(200);
    assert!(compile(src, "t.py", Mode::Exec).is_ok());
    let src = "[".repeat(201) + &"]".repeat(201);
    assert_eq!(err(src).message(), "too many nested parentheses");
}

#[test]
fn deep_expressions_are_recursion_errors() {
    let cases = [
        "-".repeat(100_000) + "1",
        "not ".repeat(100_000) + "x",
        "1".to_string() + &"+1".repeat(100_000),
        "x".to_string() + &".a".repeat(100_000),
        "f".to_string() + &"()".repeat(100_000),
        "1 if x else ".repeat(100_000) + "1",
        "lambda: ".repeat(100_000) + "1",
        "lambda a, b: ".repeat(100_000) + "1",
        "x = ".to_string() + &"await ".repeat(100_000) + "1",
    ];
    for src in cases {
        let e = timed(|| err(&src));
        assert_eq!(e.class_name(), "RecursionError", "{}", &src[..20]);
        assert_eq!(e.message(), RECURSION_MESSAGE);
    }
}

#[test]
fn moderately_deep_expressions_compile_on_a_small_stack() {
    for src in [
        "-".repeat(2500) + "1",
        "1".to_string() + &"+1".repeat(2500),
        "x".to_string() + &".a".repeat(2500),
        "lambda: ".repeat(1000) + "1",
        "1 if x else ".repeat(1000) + "1",
    ] {
        compile(&src, "t.py", Mode::Exec).unwrap();
    }
}

#[test]
fn too_many_indentation_levels() {
    let src: String = (0..120)
        .map(|i| " ".repeat(i) + "if x:\n")
        .collect::<String>()
        + &" ".repeat(120)
        + "pass\n";
    let e = err(src);
    let s = e.as_syntax().unwrap();
    assert_eq!(s.kind, SyntaxErrorKind::Indentation);
    assert_eq!(s.message, "too many levels of indentation");
    assert_eq!(s.lineno, 101);
}

#[test]
fn fifty_megabyte_literal() {
    let src = format!("x = '{}'\n", "a".repeat(50 * 1024 * 1024));
    let code = timed(|| compile(&src, "t.py", Mode::Exec).unwrap());
    assert!(
        code.consts.iter().any(
            |c| matches!(c, subinterp_compile::Constant::Str(s) if s.len() == 50 * 1024 * 1024)
        )
    );
}

#[test]
fn a_million_statements() {
    let src = "x = 1\n".repeat(1_000_000);
    let code = timed(|| compile(&src, "t.py", Mode::Exec).unwrap());
    assert!(code.instructions.len() >= 2_000_000);
    assert!(code.max_stack <= 2);
}

#[test]
fn a_hundred_thousand_element_list_keeps_the_stack_small() {
    let src = format!("x = [{}]\n", vec!["y"; 100_000].join(", "));
    let code = compile(&src, "t.py", Mode::Exec).unwrap();
    assert!(code.max_stack <= 4, "{}", code.max_stack);
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..300 {
        let len = (seed % 200) as usize;
        let mut buf = Vec::with_capacity(len);
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let alphabet = b"()[]{}:=+-*/ \n\tabc1'\"#\\fif else lambda,.@";
            buf.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        for mode in [Mode::Exec, Mode::Eval, Mode::Single] {
            if let Ok(code) = compile(&buf, "t.py", mode) {
                subinterp_compile::verify(&code).unwrap();
            }
        }
    }
}

#[test]
fn coding_declarations() {
    let code = compile(
        b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
        "t.py",
        Mode::Exec,
    )
    .unwrap();
    assert!(
        code.consts
            .iter()
            .any(|c| matches!(c, subinterp_compile::Constant::Str(s) if &**s == "\u{e9}"))
    );
    assert!(
        compile(
            b"#!/usr/bin/env python\n# coding=utf-8\nx = 1\n",
            "t.py",
            Mode::Exec
        )
        .is_ok()
    );
    let code = compile(b"# coding: cp1252\nx = '\x80'\n", "t.py", Mode::Exec).unwrap();
    assert!(
        code.consts
            .iter()
            .any(|c| matches!(c, subinterp_compile::Constant::Str(s) if &**s == "\u{20ac}"))
    );
    let e = err(b"# coding: koi8_r\nx = 1\n");
    assert_eq!(
        e.message(),
        "encoding 'koi8-r' is not supported by this compiler"
    );
    let e = err("x = 1 \u{20ac} 2\n");
    assert_eq!(e.message(), "invalid character '\u{20ac}' (U+20AC)");
}

#[test]
fn nested_asynchronous_comprehensions() {
    let src = "async def f():\n    return [[i + j async for i in a()] for j in [10, 20]]\n";
    compile(src, "t.py", Mode::Exec).unwrap();
    let src = "def f():\n    return [[i async for i in a()] for j in b]\n";
    assert_eq!(
        err(src).message(),
        "asynchronous comprehension outside of an asynchronous function"
    );
}

/// Every pass, the syntax tree's destructor and the code object's (nested 2,900 deep here)
/// fit a 64 KiB thread: the guards move deep recursion to heap-allocated stack segments.
#[test]
fn deep_programs_compile_and_drop_on_a_64_kib_thread() {
    let sources = [
        format!(
            "def f():\n    return {}1{}\n",
            "(".repeat(199),
            ")".repeat(199)
        ),
        "x = ".to_string() + &"-".repeat(2900) + "1\n",
        "lambda: ".repeat(2900) + "0\n",
        "1".to_string() + &"+1".repeat(2900) + "\n",
    ];
    for src in sources {
        let handle = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || {
                let code = compile(&src, "t.py", Mode::Exec)?;
                let n = code.instructions.len();
                drop(code);
                let table = subinterp_compile::symbol_table(&src, "t.py")?;
                Ok::<_, CompileError>((n, table.scopes.len()))
            })
            .expect("spawn");
        assert!(handle.join().expect("no stack overflow").is_ok());
    }
}
