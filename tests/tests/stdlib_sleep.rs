//! `time.sleep` releases the interpreter's GIL while it sleeps (through the vm's
//! `Host::allow_threads`, which the runtime implements): a legacy sub-interpreter sharing
//! main's GIL runs code while main sleeps, instead of waiting for the sleep to end.

use std::time::{Duration, Instant};

use subinterp_runtime::{InterpreterConfig, Runtime};

#[test]
fn sleep_lets_an_interpreter_sharing_the_gil_run() {
    let rt = Runtime::new().expect("runtime");
    let main = rt.main().expect("main");
    let legacy = rt
        .new_interpreter(InterpreterConfig::legacy())
        .expect("legacy interpreter");
    let sleeper = std::thread::spawn(move || main.exec("import time\ntime.sleep(1.5)\n"));
    // Let the sleeper take the GIL and start sleeping.
    std::thread::sleep(Duration::from_millis(300));
    let t0 = Instant::now();
    legacy
        .exec("import math\nx = math.sqrt(sum(range(100)))\n")
        .expect("runs while main sleeps");
    let waited = t0.elapsed();
    sleeper.join().expect("no panic").expect("the sleep ends");
    assert!(
        waited < Duration::from_millis(900),
        "the legacy interpreter waited {waited:?} for main's sleep"
    );
}
