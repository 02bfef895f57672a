//! The soak figure as a test: isolated create/use/end cycles keep the resident set within
//! 1 MiB of the start and every heap closes clean (`subinterp_tests::soak`, the measurement
//! `reliability soak` and `subinterp bench` print as `lifecycle.leak_per_cycle.isolated`).
//!
//! 100,000 cycles by default (the target's count; about 15 s in debug), 1,000,000 with
//! `SUBINTERP_STRESS=full`, 20 under valgrind (where RSS is meaningless and only the clean
//! heaps count). One test in this binary on purpose: other tests running in parallel would
//! move the RSS.

use subinterp_runtime::Runtime;
use subinterp_tests::scale::Scale;
use subinterp_tests::soak;

#[test]
fn isolated_cycles_keep_rss_within_a_mib_and_every_heap_clean() {
    let scale = Scale::from_env();
    let cycles = scale.pick(20, 100_000, 1_000_000);
    let rt = Runtime::new().unwrap();
    let report = soak::run(&rt, cycles, scale.pick(2, 100, 100), |_| {}).unwrap();
    eprintln!("[{scale}]\n{}", report.render());
    assert_eq!(
        report.unclean, 0,
        "heaps closed with blocks or objects left"
    );
    if scale != Scale::Valgrind {
        assert!(report.within_target(), "{}", report.render());
    }
    assert_eq!(rt.list().len(), 1);
    assert!(rt.finalize().unwrap().is_clean());
}
