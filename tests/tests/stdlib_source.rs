//! The standard library's Python-source modules (`crates/stdlib/lib`, issue 17): imported as
//! frozen Python source whatever `frozen_modules` says, with CPython's frozen-module
//! attributes, reloadable, overridable by the embedder's custom frozen table, each
//! interpreter with its own module objects and only the first of the process parsing them.
//! Alone in its test binary, one test running the checks in turn: the compile cache's
//! counters are process-wide.

use subinterp_import::Frozen;
use subinterp_runtime::{Interpreter, InterpreterConfig, Runtime};

/// What `source` printed in `i`, which must run it to the end.
fn printed(i: &Interpreter, source: &str) -> String {
    let out = i.exec_capture(source);
    assert!(out.result.is_ok(), "{source}: {:?}", out.result);
    out.output
}

const IMPORT: &str = "import collections, collections.abc, functools, abc\n\
    print(collections.Counter('aab').most_common(1), isinstance([], collections.abc.Sequence))\n\
    collections.mine = 1\n";

#[test]
fn the_python_source_library() {
    a_second_interpreter_imports_the_library_without_parsing();
    library_modules_look_frozen_and_stay_with_frozen_modules_off();
    a_custom_frozen_table_can_exclude_a_library_module();
}

fn a_second_interpreter_imports_the_library_without_parsing() {
    let rt = Runtime::new().unwrap();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let b = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let before = subinterp_compile::cache_stats();
    assert_eq!(printed(&a, IMPORT), "[('a', 2)] True\n");
    let mid = subinterp_compile::cache_stats();
    assert!(mid.misses > before.misses, "the first import compiles");
    assert_eq!(printed(&b, IMPORT), "[('a', 2)] True\n");
    let after = subinterp_compile::cache_stats();
    assert_eq!(
        after.misses, mid.misses,
        "the second interpreter parses nothing"
    );
    assert!(after.hits > mid.hits, "it takes the code from the cache");
    assert_eq!(
        printed(
            &rt.new_interpreter(InterpreterConfig::isolated()).unwrap(),
            "import collections\nprint(hasattr(collections, 'mine'))\n"
        ),
        "False\n",
        "each interpreter its own module objects"
    );
}

fn library_modules_look_frozen_and_stay_with_frozen_modules_off() {
    for on in [true, false] {
        let rt = Runtime::builder().use_frozen_modules(on).build().unwrap();
        let i = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
        let out = printed(
            &i,
            "import collections.abc, importlib, _imp\n\
             s = collections.__spec__\n\
             print(s.name, s.origin, collections.__package__, collections.abc.__package__)\n\
             print(type(collections.__path__).__name__, collections.abc.__spec__.parent)\n\
             print(importlib.reload(collections) is collections, collections.deque([1]))\n\
             print('collections' in _imp._frozen_module_names())\n",
        );
        assert_eq!(
            out,
            "collections frozen collections collections\n\
             list collections\n\
             True deque([1])\n\
             False\n",
            "frozen_modules={on}"
        );
    }
}

fn a_custom_frozen_table_can_exclude_a_library_module() {
    let rt = Runtime::builder()
        .frozen_custom(vec![Frozen::excluded("collections")])
        .build()
        .unwrap();
    let i = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    assert_eq!(
        printed(
            &i,
            "try:\n    import collections\nexcept ImportError as e:\n    print(e)\n"
        ),
        "Excluded frozen object named 'collections'\n"
    );
}
