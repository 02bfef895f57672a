//! Ending an interpreter releases what its objects own outside its heap even when they are
//! still alive in a reference cycle (nothing collects cycles here): the scenario, a
//! list cycle holding a queue handle and a `get_main()` handle in a sub-interpreter
//! (`q = ...; l = [q, 0]; l[1] = l`), then the end. Before, the queue was never destroyed
//! (about 1 KiB per cycle) and the runtime handle was never dropped.

use subinterp_runtime::{InterpreterConfig, Runtime};
use subinterp_tests::scale::Scale;

const CYCLE: &str = "import interpreters; q = interpreters.create_queue(); l = [q, 0, 0]; \
                     l[1] = l; l[2] = interpreters.get_main(); q.put(1)";

#[test]
fn a_queue_and_a_main_handle_in_a_cycle_are_released_when_the_interpreter_ends() {
    let rt = Runtime::new().unwrap();
    let before = rt.queues().len();
    let rounds = Scale::from_env().pick(10, 200, 5_000);
    for i in 0..rounds {
        let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
        sub.exec(CYCLE).unwrap();
        assert_eq!(rt.queues().len(), before + 1, "round {i}: the queue lives");
        let report = sub.end().unwrap();
        let heap = report
            .heap
            .expect("an isolated interpreter closes its heap");
        assert!(heap.panics.is_empty(), "{:?}", heap.panics);
        assert!(
            heap.finalized >= 2,
            "round {i}: the queue and the interpreter handles were released ({})",
            heap.finalized
        );
        assert_eq!(
            rt.queues().len(),
            before,
            "round {i}: the queue was destroyed"
        );
    }
    rt.finalize().unwrap();
}

/// A `get_main()` handle kept in a sub-interpreter (in a cycle or just in `__main__`) no longer
/// keeps the runtime alive: dropping the last `Runtime` finalizes it, which ends the
/// sub-interpreter and destroys the queue it made. Before, the handle held the runtime
/// strongly, so the runtime (~60 KiB, the issue measured) and everything in it stayed for good.
#[test]
fn a_main_handle_kept_in_a_sub_interpreter_does_not_keep_the_runtime_alive() {
    for code in [
        "import interpreters; q = interpreters.create_queue(); m = interpreters.get_main()",
        "import interpreters; q = interpreters.create_queue(); \
         l = [q, interpreters.get_main(), interpreters.get_current(), 0]; l[3] = l",
    ] {
        let rt = Runtime::new().unwrap();
        let queues = rt.queues();
        let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
        sub.exec(code).unwrap();
        assert_eq!(queues.len(), 1);
        drop(sub);
        drop(rt);
        assert_eq!(queues.len(), 0, "the runtime finalized on drop: {code}");
    }
}
