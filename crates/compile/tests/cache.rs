//! The process-wide compile cache: same input, same `Arc<Code>`; bounded by entry count.
//! One test function, because the cache and its counters are process-wide.

use std::sync::Arc;

use subinterp_compile::{CACHE_MAX_ENTRIES, Mode, cache_stats, compile_cached};

#[test]
fn hits_share_the_code_and_the_bound_evicts() {
    let before = cache_stats();
    let a = compile_cached("x = 1\n", "a.py", Mode::Exec).unwrap();
    let b = compile_cached("x = 1\n", "a.py", Mode::Exec).unwrap();
    assert!(Arc::ptr_eq(&a, &b));
    let after = cache_stats();
    assert_eq!(after.misses - before.misses, 1);
    assert_eq!(after.hits - before.hits, 1);

    // Another file name or mode is another entry.
    let c = compile_cached("x = 1\n", "b.py", Mode::Exec).unwrap();
    assert!(!Arc::ptr_eq(&a, &c));
    let d = compile_cached("x", "a.py", Mode::Eval).unwrap();
    assert!(!Arc::ptr_eq(&a, &d));

    // Errors are not cached.
    assert!(compile_cached("(", "a.py", Mode::Exec).is_err());
    assert!(compile_cached("(", "a.py", Mode::Exec).is_err());

    // Filling past the bound evicts the least recently used entry, not the one just used.
    for i in 0..CACHE_MAX_ENTRIES + 10 {
        let _ = compile_cached("x = 1\n", "a.py", Mode::Exec).unwrap();
        compile_cached(format!("y = {i}\n"), "fill.py", Mode::Exec).unwrap();
    }
    let stats = cache_stats();
    assert!(stats.entries <= CACHE_MAX_ENTRIES);
    assert!(stats.evictions >= 10);
    let again = compile_cached("x = 1\n", "a.py", Mode::Exec).unwrap();
    assert!(Arc::ptr_eq(&a, &again), "recently used entry was evicted");
    let first_fill = compile_cached("y = 0\n", "fill.py", Mode::Exec).unwrap();
    let stats2 = cache_stats();
    assert_eq!(
        stats2.misses,
        stats.misses + 1,
        "oldest entry should have been evicted"
    );
    drop(first_fill);
}

#[test]
fn code_is_send_and_sync_and_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<subinterp_compile::Code>();
    send_sync::<Arc<subinterp_compile::Code>>();
    let code = subinterp_compile::compile("def f():\n    return 1\n", "t.py", Mode::Exec).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let code = Arc::clone(&code);
            std::thread::spawn(move || code.children().count())
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 1);
    }
}
