//! Source imports across interpreters (issue 17): each interpreter imports its own module
//! objects, and the second interpreter importing a file takes its code from the process-wide
//! compile cache (a hit, no parse). Alone in its test binary: the cache's counters are
//! process-wide.

use subinterp_runtime::{Interpreter, InterpreterConfig, Runtime};

/// What `source` printed in `i`, which must run it to the end.
fn printed(i: &Interpreter, source: &str) -> String {
    let out = i.exec_capture(source);
    assert!(out.result.is_ok(), "{source}: {:?}", out.result);
    out.output
}

#[test]
fn a_second_interpreter_importing_a_file_hits_the_compile_cache() {
    let dir = std::env::temp_dir().join(format!("subinterp-source-cache-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Text no other test compiles, so the first import is a miss.
    let body = format!(
        "STAMP = {}\ncounter = []\ndef bump():\n    counter.append(1)\n    return len(counter)\n",
        std::process::id()
    );
    std::fs::write(dir.join("cachedmod.py"), body).unwrap();
    let import = format!(
        "import sys\nsys.path = [{:?}]\nimport cachedmod\nprint(cachedmod.bump(), cachedmod.bump())\n",
        dir.to_str().unwrap()
    );
    let rt = Runtime::new().unwrap();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let b = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();

    let before = subinterp_compile::cache_stats();
    assert_eq!(printed(&a, &import), "1 2\n");
    let mid = subinterp_compile::cache_stats();
    assert!(mid.misses > before.misses, "the first import compiles");

    // Its own module object: the counter starts again.
    assert_eq!(printed(&b, &import), "1 2\n");
    let after = subinterp_compile::cache_stats();
    assert_eq!(
        after.misses, mid.misses,
        "the second interpreter parses nothing"
    );
    assert!(after.hits > mid.hits, "it takes the code from the cache");

    // The first interpreter keeps its module (sys.modules), the counter goes on.
    assert_eq!(
        printed(&a, "import cachedmod\nprint(cachedmod.bump())\n"),
        "3\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
