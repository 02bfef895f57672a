//! Parser tests: each input is rendered (tree and canonical text, or the error as CPython
//! prints it) into an insta snapshot.

use crate::{MAX_DEPTH, parse};

/// The tree and canonical text of `src`, or its error report. Also checks that the canonical
/// text parses back to the same text, and that an error points inside the input.
fn render(src: &str) -> String {
    match parse(src) {
        Ok(program) => {
            let text = program.to_string();
            match parse(&text) {
                Ok(again) => assert_eq!(again.to_string(), text, "canonical text of {src:?}"),
                Err(err) => panic!("canonical text {text:?} of {src:?} does not parse: {err}"),
            }
            format!("{}---\n{text}", program.debug_tree())
        }
        Err(err) => {
            assert!(
                err.span.start <= err.span.end && err.span.end <= src.len(),
                "{err:?}"
            );
            err.render("<string>")
        }
    }
}

/// Several inputs, one after the other, each under a `>>> input` line. Invisible characters
/// are shown as `\u{..}` escapes.
fn render_all(srcs: &[&str]) -> String {
    let mut out = String::new();
    for src in srcs {
        out.push_str(&format!(">>> {src:?}\n{}\n", render(src)));
    }
    out.chars()
        .map(|c| match c {
            '\n' => c.to_string(),
            c if !crate::literal::is_printable(c) => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

macro_rules! check {
    ($src:expr, @$snap:literal) => {
        insta::assert_snapshot!(render($src), @$snap)
    };
}

macro_rules! check_all {
    ($srcs:expr, @$snap:literal) => {
        insta::assert_snapshot!(render_all(&$srcs), @$snap)
    };
}

#[test]
fn import() {
    check!("import a.b as x, c", @"
    Program@0..18
      Import@0..18
        Alias@7..15 a.b@7..10 as x@14..15
        Alias@17..18 c@17..18
    ---
    import a.b as x, c
    ");
}

#[test]
fn assign() {
    check!("x = y = 1; a.b = 2\nd[k] = (1,)", @"
    Program@0..30
      Assign@0..9
        target Name@0..1 x
        target Name@4..5 y
        value Int@8..9 1
      Assign@11..18
        target Attribute@11..14 b@13..14
          Name@11..12 a
        value Int@17..18 2
      Assign@19..30
        target Subscript@19..23
          Name@19..20 d
          index Name@21..22 k
        value Tuple@26..30
          Int@27..28 1
    ---
    x = y = 1
    a.b = 2
    d[k] = (1,)
    ");
}

#[test]
fn literals() {
    check!("None; True; False; 1; -2; 1.5; .5e1; 's'; \"s\"; b'by'; 'a' \"b\"; r'\\n'", @r"
    Program@0..68
      Expr@0..4
        None@0..4
      Expr@6..10
        Bool@6..10 True
      Expr@12..17
        Bool@12..17 False
      Expr@19..20
        Int@19..20 1
      Expr@22..24
        Int@22..24 -2
      Expr@26..29
        Float@26..29 1.5
      Expr@31..35
        Float@31..35 5.0
      Expr@37..40
        Str@37..40 's'
      Expr@42..45
        Str@42..45 's'
      Expr@47..52
        Bytes@47..52 b'by'
      Expr@54..61
        Str@54..61 'ab'
      Expr@63..68
        Str@63..68 '\\n'
    ---
    None
    True
    False
    1
    -2
    1.5
    5.0
    's'
    's'
    b'by'
    'ab'
    '\\n'
    ");
}

#[test]
fn numbers_at_the_i64_edges() {
    check!("9223372036854775807; 9223372036854775808; -9223372036854775808; -(-9223372036854775808); 0xffff_ffff_ffff_ffff_f; -0x8000000000000000; 1e400; -0.0", @"
    Program@0..146
      Expr@0..19
        Int@0..19 9223372036854775807
      Expr@21..40
        BigInt@21..40 9223372036854775808
      Expr@42..62
        Int@42..62 -9223372036854775808
      Expr@64..87
        BigInt@64..87 9223372036854775808
      Expr@89..112
        BigInt@89..112 0xfffffffffffffffff
      Expr@114..133
        Int@114..133 -9223372036854775808
      Expr@135..140
        Float@135..140 1e309
      Expr@142..146
        Float@142..146 -0.0
    ---
    9223372036854775807
    9223372036854775808
    -9223372036854775808
    9223372036854775808
    0xfffffffffffffffff
    -9223372036854775808
    1e309
    -0.0
    ");
}

#[test]
fn unary_minus() {
    check!("-x; --1; -(1); - 2.5; -f().a", @"
    Program@0..28
      Expr@0..2
        Neg@0..2
          Name@1..2 x
      Expr@4..7
        Int@4..7 1
      Expr@9..13
        Int@9..13 -1
      Expr@15..20
        Float@15..20 -2.5
      Expr@22..28
        Neg@22..28
          Attribute@23..28 a@27..28
            Call@23..26
              func Name@23..24 f
    ---
    -x
    1
    -1
    -2.5
    -f().a
    ");
}

#[test]
fn string_escapes() {
    check!(r#"'\n\t\\\'\"\x41\u00e9\U0001F600\101\q'; b'\x00\xff\n\''; "it's"; '\
'"#, @r#"
    Program@0..69
      Expr@0..38
        Str@0..38 '\n\t\\\'"Aé😀A\\q'
      Expr@40..55
        Bytes@40..55 b"\x00\xff\n'"
      Expr@57..63
        Str@57..63 "it's"
      Expr@65..69
        Str@65..69 ''
    ---
    '\n\t\\\'"Aé😀A\\q'
    b"\x00\xff\n'"
    "it's"
    ''
    "#);
}

#[test]
fn containers() {
    check!("(); (a,); (a, b); (a); [a]; []; {}; {k: v, 1: 2,}; [1, [2, (3,)]]; x = 1, 2,", @"
    Program@0..76
      Expr@0..2
        Tuple@0..2
      Expr@4..8
        Tuple@4..8
          Name@5..6 a
      Expr@10..16
        Tuple@10..16
          Name@11..12 a
          Name@14..15 b
      Expr@18..21
        Name@19..20 a
      Expr@23..26
        List@23..26
          Name@24..25 a
      Expr@28..30
        List@28..30
      Expr@32..34
        Dict@32..34
      Expr@36..49
        Dict@36..49
          key Name@37..38 k
          value Name@40..41 v
          key Int@43..44 1
          value Int@46..47 2
      Expr@51..65
        List@51..65
          Int@52..53 1
          List@55..64
            Int@56..57 2
            Tuple@59..63
              Int@60..61 3
      Assign@67..76
        target Name@67..68 x
        value Tuple@71..76
          Int@71..72 1
          Int@74..75 2
    ---
    ()
    (a,)
    (a, b)
    a
    [a]
    []
    {}
    {k: v, 1: 2}
    [1, [2, (3,)]]
    x = (1, 2)
    ");
}

#[test]
fn primaries() {
    check!("x.attr; x[k]; x[1, 2]; f(); f(a, b=1); f(a,)(b)[0].c; q.put(1, timeout=None); (1).real", @"
    Program@0..86
      Expr@0..6
        Attribute@0..6 attr@2..6
          Name@0..1 x
      Expr@8..12
        Subscript@8..12
          Name@8..9 x
          index Name@10..11 k
      Expr@14..21
        Subscript@14..21
          Name@14..15 x
          index Tuple@16..20
            Int@16..17 1
            Int@19..20 2
      Expr@23..26
        Call@23..26
          func Name@23..24 f
      Expr@28..37
        Call@28..37
          func Name@28..29 f
          arg Name@30..31 a
          Keyword@33..36 b@33..34
            Int@35..36 1
      Expr@39..52
        Attribute@39..52 c@51..52
          Subscript@39..50
            Call@39..47
              func Call@39..44
                func Name@39..40 f
                arg Name@41..42 a
              arg Name@45..46 b
            index Int@48..49 0
      Expr@54..76
        Call@54..76
          func Attribute@54..59 put@56..59
            Name@54..55 q
          arg Int@60..61 1
          Keyword@63..75 timeout@63..70
            None@71..75
      Expr@78..86
        Attribute@78..86 real@82..86
          Int@79..80 1
    ---
    x.attr
    x[k]
    x[(1, 2)]
    f()
    f(a, b=1)
    f(a)(b)[0].c
    q.put(1, timeout=None)
    (1).real
    ");
}

#[test]
fn comparisons() {
    check!("a == b; a != b < c > d <= e >= f; a is b; a is not b; a in b; a not in b", @"
    Program@0..72
      Expr@0..6
        Compare@0..6
          Name@0..1 a
          == Name@5..6 b
      Expr@8..32
        Compare@8..32
          Name@8..9 a
          != Name@13..14 b
          < Name@17..18 c
          > Name@21..22 d
          <= Name@26..27 e
          >= Name@31..32 f
      Expr@34..40
        Compare@34..40
          Name@34..35 a
          is Name@39..40 b
      Expr@42..52
        Compare@42..52
          Name@42..43 a
          is not Name@51..52 b
      Expr@54..60
        Compare@54..60
          Name@54..55 a
          in Name@59..60 b
      Expr@62..72
        Compare@62..72
          Name@62..63 a
          not in Name@71..72 b
    ---
    a == b
    a != b < c > d <= e >= f
    a is b
    a is not b
    a in b
    a not in b
    ");
}

#[test]
fn not_binds_looser_than_comparisons() {
    check!("not a == b; not not x; (not a) == b; (a < b) < c; -x < -1", @"
    Program@0..57
      Expr@0..10
        Not@0..10
          Compare@4..10
            Name@4..5 a
            == Name@9..10 b
      Expr@12..21
        Not@12..21
          Not@16..21
            Name@20..21 x
      Expr@23..35
        Compare@23..35
          Not@24..29
            Name@28..29 a
          == Name@34..35 b
      Expr@37..48
        Compare@37..48
          Compare@38..43
            Name@38..39 a
            < Name@42..43 b
          < Name@47..48 c
      Expr@50..57
        Compare@50..57
          Neg@50..52
            Name@51..52 x
          < Int@55..57 -1
    ---
    not a == b
    not not x
    (not a) == b
    (a < b) < c
    -x < -1
    ");
}

#[test]
fn del() {
    check!("del x; del x.a, y[0]; del (x),", @"
    Program@0..30
      Delete@0..5
        target Name@4..5 x
      Delete@7..20
        target Attribute@11..14 a@13..14
          Name@11..12 x
        target Subscript@16..20
          Name@16..17 y
          index Int@18..19 0
      Delete@22..30
        target Name@26..29 x
    ---
    del x
    del x.a, y[0]
    del x
    ");
}

#[test]
fn lines() {
    check!("import sys\n\n# comment\nx = [1,\n     2]  # trailing\r\ny = \\\n  3;\nsys;", @"
    Program@0..66
      Import@0..10
        Alias@7..10 sys@7..10
      Assign@22..37
        target Name@22..23 x
        value List@26..37
          Int@27..28 1
          Int@35..36 2
      Assign@51..60
        target Name@51..52 y
        value Int@59..60 3
      Expr@62..65
        Name@62..65 sys
    ---
    import sys
    x = [1, 2]
    y = 3
    sys
    ");
}

#[test]
fn empty() {
    check!("", @"
    Program@0..0
    ---
    ");
    check!("\n  # only a comment\n\n", @"
    Program@0..21
    ---
    ");
}

#[test]
fn tokenizer_errors() {
    check_all!([
        "x = 'abc",
        "x = b'abc\ny",
        "x = '''abc\n\n",
        "x = 1abc",
        "x = 1_",
        "x = 0012",
        "x = 0x",
        "x = 0o8",
        "x = 1e+",
        "x = 1 €",
        "x = a\u{a0}",
        "x = \x01",
        "x = 1\0",
        "x = 1 \\ 2",
        "x = 1 \\",
        "x = 1)",
        "x = (1]",
        "x = (1,\n2]",
        "x = 1j",
        "x = f'{y}'",
    ], @r#"
    >>> "x = 'abc"
      File "<string>", line 1
        x = 'abc
            ^
    SyntaxError: unterminated string literal (detected at line 1)
    >>> "x = b'abc\ny"
      File "<string>", line 1
        x = b'abc
            ^
    SyntaxError: unterminated string literal (detected at line 1)
    >>> "x = '''abc\n\n"
      File "<string>", line 1
        x = '''abc
            ^
    SyntaxError: unterminated triple-quoted string literal (detected at line 2)
    >>> "x = 1abc"
      File "<string>", line 1
        x = 1abc
            ^
    SyntaxError: invalid decimal literal
    >>> "x = 1_"
      File "<string>", line 1
        x = 1_
             ^
    SyntaxError: invalid decimal literal
    >>> "x = 0012"
      File "<string>", line 1
        x = 0012
            ^^
    SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers
    >>> "x = 0x"
      File "<string>", line 1
        x = 0x
             ^
    SyntaxError: invalid hexadecimal literal
    >>> "x = 0o8"
      File "<string>", line 1
        x = 0o8
              ^
    SyntaxError: invalid digit '8' in octal literal
    >>> "x = 1e+"
      File "<string>", line 1
        x = 1e+
              ^
    SyntaxError: invalid decimal literal
    >>> "x = 1 €"
      File "<string>", line 1
        x = 1 €
              ^
    SyntaxError: invalid character '€' (U+20AC)
    >>> "x = a\u{a0}"
      File "<string>", line 1
        x = a\u{a0}
             ^
    SyntaxError: invalid non-printable character U+00A0
    >>> "x = \u{1}"
      File "<string>", line 1
        x = \u{1}
            ^
    SyntaxError: invalid non-printable character U+0001
    >>> "x = 1\0"
      File "<string>", line 1
        x = 1\u{0}
             ^
    SyntaxError: source code string cannot contain null bytes
    >>> "x = 1 \\ 2"
      File "<string>", line 1
        x = 1 \ 2
               ^
    SyntaxError: unexpected character after line continuation character
    >>> "x = 1 \\"
      File "<string>", line 1
        x = 1 \
               ^
    SyntaxError: unexpected EOF while parsing
    >>> "x = 1)"
      File "<string>", line 1
        x = 1)
             ^
    SyntaxError: unmatched ')'
    >>> "x = (1]"
      File "<string>", line 1
        x = (1]
              ^
    SyntaxError: closing parenthesis ']' does not match opening parenthesis '('
    >>> "x = (1,\n2]"
      File "<string>", line 2
        2]
         ^
    SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1
    >>> "x = 1j"
      File "<string>", line 1
        x = 1j
            ^^
    SyntaxError: complex literals are not supported in the statement language
    >>> "x = f'{y}'"
      File "<string>", line 1
        x = f'{y}'
            ^^^^^^
    SyntaxError: f-strings are not supported in the statement language
    "#);
}

#[test]
fn escape_errors() {
    check_all!([
        r"'\x4'",
        r"'ab\xg'",
        r"'é\x4'",
        r"'\u12'",
        r"'\U00110000'",
        r"'\ud800'",
        r"'\N{BULLET}'",
        r"b'a\x4'",
        "b'é'",
        "'a' b'b'",
    ], @r#"
    >>> "'\\x4'"
      File "<string>", line 1
        '\x4'
        ^^^^^
    SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \xXX escape
    >>> "'ab\\xg'"
      File "<string>", line 1
        'ab\xg'
        ^^^^^^^
    SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 2-3: truncated \xXX escape
    >>> "'é\\x4'"
      File "<string>", line 1
        'é\x4'
        ^^^^^^
    SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 10-12: truncated \xXX escape
    >>> "'\\u12'"
      File "<string>", line 1
        '\u12'
        ^^^^^^
    SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \uXXXX escape
    >>> "'\\U00110000'"
      File "<string>", line 1
        '\U00110000'
        ^^^^^^^^^^^^
    SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character
    >>> "'\\ud800'"
      File "<string>", line 1
        '\ud800'
        ^^^^^^^^
    SyntaxError: surrogate escapes are not supported in the statement language
    >>> "'\\N{BULLET}'"
      File "<string>", line 1
        '\N{BULLET}'
        ^^^^^^^^^^^^
    SyntaxError: \N{...} escapes are not supported in the statement language
    >>> "b'a\\x4'"
      File "<string>", line 1
        b'a\x4'
        ^^^^^^^
    SyntaxError: (value error) invalid \x escape at position 1
    >>> "b'é'"
      File "<string>", line 1
        b'é'
        ^^^^
    SyntaxError: bytes can only contain ASCII literal characters
    >>> "'a' b'b'"
      File "<string>", line 1
        'a' b'b'
        ^^^^^^^^
    SyntaxError: cannot mix bytes and nonbytes literals
    "#);
}

#[test]
fn unclosed_brackets() {
    check_all!([
        "f(",
        "print(1 2",
        "x = [1, 2",
        "x = (1,\ny = 2",
        "x = {1: (\n",
    ], @r#"
    >>> "f("
      File "<string>", line 1
        f(
         ^
    SyntaxError: '(' was never closed
    >>> "print(1 2"
      File "<string>", line 1
        print(1 2
             ^
    SyntaxError: '(' was never closed
    >>> "x = [1, 2"
      File "<string>", line 1
        x = [1, 2
            ^
    SyntaxError: '[' was never closed
    >>> "x = (1,\ny = 2"
      File "<string>", line 1
        x = (1,
            ^
    SyntaxError: '(' was never closed
    >>> "x = {1: (\n"
      File "<string>", line 1
        x = {1: (
                ^
    SyntaxError: '(' was never closed
    "#);
}

#[test]
fn generic_errors() {
    check_all!([
        "x = ",
        "x = 1 2",
        "= 1",
        "import",
        "import a.",
        "import a as",
        "import a,",
        "del",
        "x.",
        "x.None",
        "x[]",
        "f(,)",
        ";",
        "x;;",
        "1 < > 2",
        "x = $",
        "1 == not 2",
        "a not b",
    ], @r#"
    >>> "x = "
      File "<string>", line 1
        x = 
            ^
    SyntaxError: invalid syntax
    >>> "x = 1 2"
      File "<string>", line 1
        x = 1 2
              ^
    SyntaxError: invalid syntax
    >>> "= 1"
      File "<string>", line 1
        = 1
        ^
    SyntaxError: invalid syntax
    >>> "import"
      File "<string>", line 1
        import
              ^
    SyntaxError: invalid syntax
    >>> "import a."
      File "<string>", line 1
        import a.
                 ^
    SyntaxError: invalid syntax
    >>> "import a as"
      File "<string>", line 1
        import a as
                   ^
    SyntaxError: invalid syntax
    >>> "import a,"
      File "<string>", line 1
        import a,
                 ^
    SyntaxError: invalid syntax
    >>> "del"
      File "<string>", line 1
        del
           ^
    SyntaxError: invalid syntax
    >>> "x."
      File "<string>", line 1
        x.
          ^
    SyntaxError: invalid syntax
    >>> "x.None"
      File "<string>", line 1
        x.None
          ^^^^
    SyntaxError: invalid syntax
    >>> "x[]"
      File "<string>", line 1
        x[]
          ^
    SyntaxError: invalid syntax
    >>> "f(,)"
      File "<string>", line 1
        f(,)
          ^
    SyntaxError: invalid syntax
    >>> ";"
      File "<string>", line 1
        ;
        ^
    SyntaxError: invalid syntax
    >>> "x;;"
      File "<string>", line 1
        x;;
          ^
    SyntaxError: invalid syntax
    >>> "1 < > 2"
      File "<string>", line 1
        1 < > 2
            ^
    SyntaxError: invalid syntax
    >>> "x = $"
      File "<string>", line 1
        x = $
            ^
    SyntaxError: invalid syntax
    >>> "1 == not 2"
      File "<string>", line 1
        1 == not 2
             ^^^
    SyntaxError: invalid syntax
    >>> "a not b"
      File "<string>", line 1
        a not b
              ^
    SyntaxError: invalid syntax
    "#);
}

#[test]
fn assignment_targets() {
    check_all!([
        "f() = 1",
        "1 = x",
        "-1 = x",
        "'s' = 1",
        "None = 1",
        "True = 1",
        "(1, 2) = 3",
        "[1] = 2",
        "a == b = 1",
        "not x = 1",
        "{1: 2} = 3",
        "x = f() = 1",
        "f() = not x",
        "(f()) = 1",
        "(a, b) = 1",
        "[a] = 1",
        "a, b = 1, 2",
        "__debug__ = 1",
        "x.__debug__ = 1",
        "import a as __debug__",
    ], @r#"
    >>> "f() = 1"
      File "<string>", line 1
        f() = 1
        ^^^
    SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?
    >>> "1 = x"
      File "<string>", line 1
        1 = x
        ^
    SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?
    >>> "-1 = x"
      File "<string>", line 1
        -1 = x
        ^^
    SyntaxError: cannot assign to expression here. Maybe you meant '==' instead of '='?
    >>> "'s' = 1"
      File "<string>", line 1
        's' = 1
        ^^^
    SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?
    >>> "None = 1"
      File "<string>", line 1
        None = 1
        ^^^^
    SyntaxError: cannot assign to None
    >>> "True = 1"
      File "<string>", line 1
        True = 1
        ^^^^
    SyntaxError: cannot assign to True
    >>> "(1, 2) = 3"
      File "<string>", line 1
        (1, 2) = 3
         ^
    SyntaxError: cannot assign to literal
    >>> "[1] = 2"
      File "<string>", line 1
        [1] = 2
         ^
    SyntaxError: cannot assign to literal
    >>> "a == b = 1"
      File "<string>", line 1
        a == b = 1
        ^^^^^^
    SyntaxError: cannot assign to comparison
    >>> "not x = 1"
      File "<string>", line 1
        not x = 1
        ^^^^^
    SyntaxError: cannot assign to expression
    >>> "{1: 2} = 3"
      File "<string>", line 1
        {1: 2} = 3
        ^^^^^^
    SyntaxError: cannot assign to dict literal here. Maybe you meant '==' instead of '='?
    >>> "x = f() = 1"
      File "<string>", line 1
        x = f() = 1
            ^^^
    SyntaxError: cannot assign to function call
    >>> "f() = not x"
      File "<string>", line 1
        f() = not x
        ^^^
    SyntaxError: cannot assign to function call
    >>> "(f()) = 1"
      File "<string>", line 1
        (f()) = 1
         ^^^
    SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?
    >>> "(a, b) = 1"
      File "<string>", line 1
        (a, b) = 1
        ^^^^^^
    SyntaxError: tuple unpacking is not supported in the statement language
    >>> "[a] = 1"
      File "<string>", line 1
        [a] = 1
        ^^^
    SyntaxError: list unpacking is not supported in the statement language
    >>> "a, b = 1, 2"
      File "<string>", line 1
        a, b = 1, 2
        ^^^^
    SyntaxError: tuple unpacking is not supported in the statement language
    >>> "__debug__ = 1"
      File "<string>", line 1
        __debug__ = 1
        ^^^^^^^^^
    SyntaxError: cannot assign to __debug__
    >>> "x.__debug__ = 1"
      File "<string>", line 1
        x.__debug__ = 1
        ^^^^^^^^^^^
    SyntaxError: cannot assign to __debug__
    >>> "import a as __debug__"
      File "<string>", line 1
        import a as __debug__
               ^^^^^^^^^^^^^^
    SyntaxError: cannot assign to __debug__
    "#);
}

#[test]
fn del_targets() {
    check_all!([
        "del f()",
        "del 1",
        "del x == y",
        "del not x",
        "del (a, b)",
        "del [a]",
        "del x, f()",
        "del __debug__",
    ], @r#"
    >>> "del f()"
      File "<string>", line 1
        del f()
            ^^^
    SyntaxError: cannot delete function call
    >>> "del 1"
      File "<string>", line 1
        del 1
            ^
    SyntaxError: cannot delete literal
    >>> "del x == y"
      File "<string>", line 1
        del x == y
            ^^^^^^
    SyntaxError: cannot delete comparison
    >>> "del not x"
      File "<string>", line 1
        del not x
            ^^^^^
    SyntaxError: cannot delete expression
    >>> "del (a, b)"
      File "<string>", line 1
        del (a, b)
            ^^^^^^
    SyntaxError: del of a tuple is not supported in the statement language
    >>> "del [a]"
      File "<string>", line 1
        del [a]
            ^^^
    SyntaxError: del of a list is not supported in the statement language
    >>> "del x, f()"
      File "<string>", line 1
        del x, f()
               ^^^
    SyntaxError: cannot delete function call
    >>> "del __debug__"
      File "<string>", line 1
        del __debug__
            ^^^^^^^^^
    SyntaxError: cannot delete __debug__
    "#);
}

#[test]
fn augmented_assignment() {
    check_all!(["x += 1", "f() += 1", "(a, b) -= 1"], @r#"
    >>> "x += 1"
      File "<string>", line 1
        x += 1
          ^^
    SyntaxError: augmented assignment is not supported in the statement language
    >>> "f() += 1"
      File "<string>", line 1
        f() += 1
        ^^^
    SyntaxError: 'function call' is an illegal expression for augmented assignment
    >>> "(a, b) -= 1"
      File "<string>", line 1
        (a, b) -= 1
        ^^^^^^
    SyntaxError: 'tuple' is an illegal expression for augmented assignment
    "#);
}

#[test]
fn call_errors() {
    check_all!([
        "f(a=1, 2)",
        "f(a=1, 2, 3)",
        "f(a=)",
        "f(True=1)",
        "f(1=2)",
        "f(x.y=1)",
        "f(a=1, a=2)",
        "f(a=g(b=1, b=2), a=3)",
        "f(__debug__=1)",
        "f(a=1, a=2); x = (",
        "f(*a)",
        "f(**k)",
    ], @r#"
    >>> "f(a=1, 2)"
      File "<string>", line 1
        f(a=1, 2)
                ^
    SyntaxError: positional argument follows keyword argument
    >>> "f(a=1, 2, 3)"
      File "<string>", line 1
        f(a=1, 2, 3)
                   ^
    SyntaxError: positional argument follows keyword argument
    >>> "f(a=)"
      File "<string>", line 1
        f(a=)
          ^^
    SyntaxError: expected argument value expression
    >>> "f(True=1)"
      File "<string>", line 1
        f(True=1)
          ^^^^^
    SyntaxError: cannot assign to True
    >>> "f(1=2)"
      File "<string>", line 1
        f(1=2)
          ^^
    SyntaxError: expression cannot contain assignment, perhaps you meant "=="?
    >>> "f(x.y=1)"
      File "<string>", line 1
        f(x.y=1)
          ^^^^
    SyntaxError: expression cannot contain assignment, perhaps you meant "=="?
    >>> "f(a=1, a=2)"
      File "<string>", line 1
        f(a=1, a=2)
               ^^^
    SyntaxError: keyword argument repeated: a
    >>> "f(a=g(b=1, b=2), a=3)"
      File "<string>", line 1
        f(a=g(b=1, b=2), a=3)
                         ^^^
    SyntaxError: keyword argument repeated: a
    >>> "f(__debug__=1)"
      File "<string>", line 1
        f(__debug__=1)
          ^^^^^^^^^^^
    SyntaxError: cannot assign to __debug__
    >>> "f(a=1, a=2); x = ("
      File "<string>", line 1
        f(a=1, a=2); x = (
                         ^
    SyntaxError: '(' was never closed
    >>> "f(*a)"
      File "<string>", line 1
        f(*a)
          ^
    SyntaxError: '*' is not supported in the statement language
    >>> "f(**k)"
      File "<string>", line 1
        f(**k)
          ^^
    SyntaxError: '**' is not supported in the statement language
    "#);
}

#[test]
fn forgotten_comma() {
    check_all!([
        "[1 2]",
        "(a b)",
        "{1: a b}",
        "f(a, b c)",
        "x[a b]",
        "[x 'a']",
        "[_ 1]",
        "[a -1]",
        "x = 1 2",
    ], @r#"
    >>> "[1 2]"
      File "<string>", line 1
        [1 2]
         ^^^
    SyntaxError: invalid syntax. Perhaps you forgot a comma?
    >>> "(a b)"
      File "<string>", line 1
        (a b)
         ^^^
    SyntaxError: invalid syntax. Perhaps you forgot a comma?
    >>> "{1: a b}"
      File "<string>", line 1
        {1: a b}
            ^^^
    SyntaxError: invalid syntax. Perhaps you forgot a comma?
    >>> "f(a, b c)"
      File "<string>", line 1
        f(a, b c)
             ^^^
    SyntaxError: invalid syntax. Perhaps you forgot a comma?
    >>> "x[a b]"
      File "<string>", line 1
        x[a b]
          ^^^
    SyntaxError: invalid syntax. Perhaps you forgot a comma?
    >>> "[x 'a']"
      File "<string>", line 1
        [x 'a']
           ^^^
    SyntaxError: invalid syntax
    >>> "[_ 1]"
      File "<string>", line 1
        [_ 1]
           ^
    SyntaxError: invalid syntax
    >>> "[a -1]"
      File "<string>", line 1
        [a -1]
           ^
    SyntaxError: binary '-' is not supported in the statement language
    >>> "x = 1 2"
      File "<string>", line 1
        x = 1 2
              ^
    SyntaxError: invalid syntax
    "#);
}

#[test]
fn python2_print() {
    check_all!(["print 'x'", "print x, y", "x = print 1", "[print 1]", "exec 'code'"], @r#"
    >>> "print 'x'"
      File "<string>", line 1
        print 'x'
        ^^^^^^^^^
    SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?
    >>> "print x, y"
      File "<string>", line 1
        print x, y
        ^^^^^^^^^^
    SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?
    >>> "x = print 1"
      File "<string>", line 1
        x = print 1
            ^^^^^^^
    SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?
    >>> "[print 1]"
      File "<string>", line 1
        [print 1]
         ^^^^^^^
    SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?
    >>> "exec 'code'"
      File "<string>", line 1
        exec 'code'
        ^^^^^^^^^^^
    SyntaxError: Missing parentheses in call to 'exec'. Did you mean exec(...)?
    "#);
}

#[test]
fn dict_errors() {
    check_all!(["{1}", "{1, 2}", "{1: 2, 3}", "{1:}", "{1: 2 3}", "{1: 2, 3 4}", "{**a}"], @r#"
    >>> "{1}"
      File "<string>", line 1
        {1}
        ^^
    SyntaxError: set displays are not supported in the statement language
    >>> "{1, 2}"
      File "<string>", line 1
        {1, 2}
        ^^
    SyntaxError: set displays are not supported in the statement language
    >>> "{1: 2, 3}"
      File "<string>", line 1
        {1: 2, 3}
               ^
    SyntaxError: ':' expected after dictionary key
    >>> "{1:}"
      File "<string>", line 1
        {1:}
          ^
    SyntaxError: expression expected after dictionary key and ':'
    >>> "{1: 2 3}"
      File "<string>", line 1
        {1: 2 3}
            ^^^
    SyntaxError: invalid syntax. Perhaps you forgot a comma?
    >>> "{1: 2, 3 4}"
      File "<string>", line 1
        {1: 2, 3 4}
               ^^^
    SyntaxError: invalid syntax. Perhaps you forgot a comma?
    >>> "{**a}"
      File "<string>", line 1
        {**a}
         ^^
    SyntaxError: '**' is not supported in the statement language
    "#);
}

#[test]
fn unsupported_python() {
    check_all!([
        "x = 1 + 2",
        "a - b",
        "a and b",
        "x if y else z",
        "lambda: 1",
        "+x",
        "~x",
        "if x: pass",
        "for x in y: pass",
        "pass",
        "return 1",
        "from a import b",
        "import a from b",
        "x[1:2]",
        "x[:]",
        "[x for x in y]",
        "(x := 1)",
        "x = ...",
        "x: int = 1",
    ], @r#"
    >>> "x = 1 + 2"
      File "<string>", line 1
        x = 1 + 2
              ^
    SyntaxError: '+' is not supported in the statement language
    >>> "a - b"
      File "<string>", line 1
        a - b
          ^
    SyntaxError: binary '-' is not supported in the statement language
    >>> "a and b"
      File "<string>", line 1
        a and b
          ^^^
    SyntaxError: 'and' is not supported in the statement language
    >>> "x if y else z"
      File "<string>", line 1
        x if y else z
          ^^
    SyntaxError: 'if' is not supported in the statement language
    >>> "lambda: 1"
      File "<string>", line 1
        lambda: 1
        ^^^^^^
    SyntaxError: 'lambda' is not supported in the statement language
    >>> "+x"
      File "<string>", line 1
        +x
        ^
    SyntaxError: '+' is not supported in the statement language
    >>> "~x"
      File "<string>", line 1
        ~x
        ^
    SyntaxError: '~' is not supported in the statement language
    >>> "if x: pass"
      File "<string>", line 1
        if x: pass
        ^^
    SyntaxError: 'if' is not supported in the statement language
    >>> "for x in y: pass"
      File "<string>", line 1
        for x in y: pass
        ^^^
    SyntaxError: 'for' is not supported in the statement language
    >>> "pass"
      File "<string>", line 1
        pass
        ^^^^
    SyntaxError: 'pass' is not supported in the statement language
    >>> "return 1"
      File "<string>", line 1
        return 1
        ^^^^^^
    SyntaxError: 'return' is not supported in the statement language
    >>> "from a import b"
      File "<string>", line 1
        from a import b
        ^^^^
    SyntaxError: 'from' is not supported in the statement language
    >>> "import a from b"
      File "<string>", line 1
        import a from b
        ^^^^^^^^^^^^^^^
    SyntaxError: Did you mean to use 'from ... import ...' instead?
    >>> "x[1:2]"
      File "<string>", line 1
        x[1:2]
           ^
    SyntaxError: slices are not supported in the statement language
    >>> "x[:]"
      File "<string>", line 1
        x[:]
          ^
    SyntaxError: slices are not supported in the statement language
    >>> "[x for x in y]"
      File "<string>", line 1
        [x for x in y]
           ^^^
    SyntaxError: 'for' is not supported in the statement language
    >>> "(x := 1)"
      File "<string>", line 1
        (x := 1)
           ^^
    SyntaxError: ':=' is not supported in the statement language
    >>> "x = ..."
      File "<string>", line 1
        x = ...
            ^^^
    SyntaxError: '...' is not supported in the statement language
    >>> "x: int = 1"
      File "<string>", line 1
        x: int = 1
         ^
    SyntaxError: invalid syntax
    "#);
}

#[test]
fn indentation() {
    check_all!([" x = 1", "x = 1\n  y = 2", "x = (1,\n  2)\n\n    # ok\n"], @r#"
    >>> " x = 1"
      File "<string>", line 1
        x = 1
    IndentationError: unexpected indent
    >>> "x = 1\n  y = 2"
      File "<string>", line 2
        y = 2
    IndentationError: unexpected indent
    >>> "x = (1,\n  2)\n\n    # ok\n"
    Program@0..23
      Assign@0..12
        target Name@0..1 x
        value Tuple@4..12
          Int@5..6 1
          Int@10..11 2
    ---
    x = (1, 2)
    "#);
}

#[test]
fn too_deep() {
    let nots = format!("{}x", "not ".repeat(MAX_DEPTH as usize));
    let attrs = format!("x{}", ".a".repeat(MAX_DEPTH as usize));
    let lists = format!("{}{}", "[".repeat(201), "]".repeat(201));
    let ok = format!("{}x", "not ".repeat(MAX_DEPTH as usize - 1));
    assert!(parse(&ok).is_ok());
    // The deepest nesting the lexer allows parses, prints and drops on a test thread's stack.
    for deep in [
        format!("{}x{}", "(".repeat(199), ")".repeat(199)),
        format!("{}{}", "[".repeat(199), "]".repeat(199)),
        format!("{}x{}", "f(".repeat(99), ")".repeat(99)),
    ] {
        let text = parse(&deep).unwrap_or_else(|e| panic!("{e}")).to_string();
        assert_eq!(parse(&text).map(|p| p.to_string()), Ok(text));
    }
    insta::assert_snapshot!(
        format!(
            "{}\n{}\n{}",
            parse(&nots).unwrap_err(),
            parse(&attrs).unwrap_err(),
            parse(&lists).unwrap_err()
        ),
        @"
    MemoryError: Parser stack overflowed - Python source too complex to parse
    MemoryError: Parser stack overflowed - Python source too complex to parse
    SyntaxError: too many nested parentheses
    "
    );
}
