//! Property tests of the evaluator: no program makes it panic, and every block a run
//! allocates is freed once the interpreter's namespaces and modules are cleared (the heap
//! returns to its baseline, no object is left alive). Programs come from a grammar over the
//! names the test interpreter has (builtins, fake modules, bound variables) and from random
//! token soups.

mod common;

use proptest::prelude::*;

/// Names a program can use: bound by the prelude, builtins, fake modules, and one unbound.
const NAMES: &[&str] = &[
    "x",
    "y",
    "z",
    "print",
    "len",
    "repr",
    "str",
    "int",
    "type",
    "id",
    "reload",
    "fake",
    "pkg",
    "sys",
    "ValueError",
    "KeyError",
    "undefined",
];

const ATTRS: &[&str] = &[
    "answer", "echo", "boom", "none", "modules", "sub", "value", "loads", "__name__", "write",
    "nope",
];

/// The prelude every program runs after, so names hold something worth operating on.
const PRELUDE: &str =
    "import fake, pkg.sub, sys; x = [1, 'a', (2,)]; y = {'k': 1, 2: b'v'}; z = 'text'";

fn literal() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        (-3i64..300).prop_map(|n| n.to_string()),
        (-1e6f64..1e6).prop_map(|x| format!("{x:?}")),
        "[a-z0-9 _'\"\u{e9}]{0,5}".prop_map(|s| format!("{s:?}")),
        prop::sample::select(
            &[
                "None",
                "True",
                "False",
                "b'by'",
                "'fake'",
                "'k'",
                "''",
                "18446744073709551616",
                "0x1f",
                "1e400",
            ][..]
        )
        .prop_map(String::from),
    ]
}

fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        3 => prop::sample::select(NAMES).prop_map(String::from),
        2 => literal(),
    ];
    leaf.prop_recursive(4, 40, 4, |inner| {
        let op = prop::sample::select(
            &[
                "==", "!=", "<", ">", "<=", ">=", "is", "is not", "in", "not in",
            ][..],
        );
        prop_oneof![
            1 => inner.clone().prop_map(|e| format!("not {e}")),
            1 => inner.clone().prop_map(|e| format!("-({e})")),
            1 => (inner.clone(), prop::sample::select(ATTRS))
                .prop_map(|(e, a)| format!("({e}).{a}")),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})[{b}]")),
            1 => (inner.clone(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(f, args)| format!("({f})({})", args.join(", "))),
            1 => (
                inner.clone(),
                prop::sample::select(&["sep", "end", "base", "module", "key", "file"][..]),
                inner.clone()
            )
                .prop_map(|(f, k, v)| format!("({f})('1', {k}={v})")),
            3 => (
                prop::sample::select(
                    &["len", "repr", "str", "int", "type", "id", "print", "fake.echo"][..]
                ),
                inner.clone()
            )
                .prop_map(|(f, a)| format!("{f}({a})")),
            1 => (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("fake.echo({a}, key={b})")),
            3 => (inner.clone(), op.clone(), inner.clone(), op, inner.clone())
                .prop_map(|(a, o1, b, o2, c)| format!("({a}) {o1} ({b}) {o2} ({c})")),
            2 => prop::collection::vec(inner.clone(), 0..3).prop_map(|v| match v.len() {
                0 => "()".to_string(),
                _ => format!("({},)", v.join(", ")),
            }),
            2 => prop::collection::vec(inner.clone(), 0..3)
                .prop_map(|v| format!("[{}]", v.join(", "))),
            2 => (inner.clone(), inner).prop_map(|(k, v)| format!("{{{k}: {v}}}")),
        ]
    })
}

/// A statement. Item assignment only stores literals, so no program can build a reference
/// cycle through containers (there is no cycle collector); cycles through a module's dict
/// (`fake.a = fake`) are broken when the module is cleared.
fn stmt() -> impl Strategy<Value = String> {
    let name = prop::sample::select(&["x", "y", "z"][..]);
    prop_oneof![
        4 => expr(),
        2 => (name.clone(), expr()).prop_map(|(n, e)| format!("{n} = {e}")),
        1 => (prop::sample::select(ATTRS), expr()).prop_map(|(a, e)| format!("fake.{a} = {e}")),
        1 => (name.clone(), expr(), literal()).prop_map(|(n, k, v)| format!("{n}[{k}] = {v}")),
        1 => (name.clone(), expr()).prop_map(|(n, k)| format!("del {n}[{k}]")),
        1 => name.prop_map(|n| format!("del {n}")),
        1 => prop::sample::select(ATTRS).prop_map(|a| format!("del fake.{a}")),
        1 => prop::sample::select(
            &["import fake", "import pkg.sub as s", "import nope", "import fake.x, sys"][..]
        )
        .prop_map(String::from),
    ]
}

/// Fragments of the language glued at random: mostly syntax errors, sometimes programs no
/// grammar would write.
const FRAGMENTS: &[&str] = &[
    "x",
    "y",
    "fake",
    "print",
    "len",
    "int",
    "reload",
    "type",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ";",
    ".",
    "=",
    "==",
    "<",
    "is",
    "not",
    "in",
    "del",
    "import",
    "1",
    "-",
    "'s'",
    "b'b'",
    "None",
    " ",
    "\n",
    "echo",
    "answer",
    "k=",
    "0x7fffffffffffffff",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..20).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(128),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// `transcript` asserts the heap is back to its baseline after the run.
    #[test]
    fn grammar_programs_run_without_panic_or_leak(
        stmts in prop::collection::vec(stmt(), 1..6),
        sep in prop::sample::select(&["; ", "\n"][..]),
    ) {
        let src = stmts.join(sep);
        let out = common::transcript(&[PRELUDE, &src, "x; y; z"]);
        prop_assert!(out.starts_with(">>> import fake"));
    }

    #[test]
    fn token_soups_run_without_panic_or_leak(src in soup()) {
        common::transcript(&[PRELUDE, &src]);
    }
}
