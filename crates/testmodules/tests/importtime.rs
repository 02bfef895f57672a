//! `-X importtime` as tracing events: a header once per interpreter, then one event per
//! import with self and cumulative microseconds, nested imports indented (reference §6.3).

#[path = "../../import/tests/common/mod.rs"]
mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::Rt;
use subinterp_config::InterpreterConfig;
use subinterp_testmodules::config;

/// Collects what the subscriber writes.
#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn importtime_events() {
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_target(false)
        .with_level(false)
        .without_time()
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let rt = Rt::new(config());
    let sub = rt.sub_with(InterpreterConfig::isolated(), |s| s.import_time = true);
    tracing::subscriber::with_default(subscriber, || {
        rt.run(&sub, |py, cx| {
            cx.import(py, "__phello__.spam").unwrap();
            cx.import(py, "__hello__").unwrap();
            // Already imported: no event.
            cx.import(py, "__hello__").unwrap();
        });
        // Main has import_time off: no event.
        rt.in_main(|py, cx| {
            cx.import(py, "__hello__").unwrap();
        });
    });
    let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(
        lines[0],
        format!(
            "import time: self [us] | cumulative | imported package interp={}",
            sub.id
        )
    );
    let parse = |l: &str| -> (u64, u64, String) {
        let rest = l.split("import time:").nth(1).unwrap();
        let parts: Vec<&str> = rest.split('|').collect();
        let name_part = parts[2].split(" interp=").next().unwrap();
        (
            parts[0].trim().parse().unwrap(),
            parts[1].trim().parse().unwrap(),
            name_part.strip_prefix(' ').unwrap_or(name_part).to_owned(),
        )
    };
    let (s1, c1, n1) = parse(lines[1]);
    let (s2, c2, n2) = parse(lines[2]);
    let (_, _, n3) = parse(lines[3]);
    assert_eq!(n1, "  __phello__", "the parent is nested, indented by 2");
    assert_eq!(n2, "__phello__.spam");
    assert_eq!(n3, "__hello__");
    assert!(s1 <= c1 && s2 <= c2);
    assert!(
        c2 >= c1,
        "the outer import's cumulative time includes the nested one"
    );
    assert!(lines[1].contains(&format!("interp={}", sub.id)));
    rt.end(sub);
    rt.finalize();
}
