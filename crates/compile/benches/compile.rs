//! Criterion benches of the compiler.
//!
//! - `compile/generated_1mb`: a generated module of about 1 MB (functions with loops, calls,
//!   comprehensions, try blocks, classes), throughput in bytes per second.
//! - `compile/corpus`: every `.py` of `../shared/corpus` (read at bench time; skipped when the
//!   folder is absent), compiled one after the other, throughput in bytes per second.
//! - `compile/cache_hit`: `compile_cached` of a source already in the cache.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use subinterp_compile::{Mode, compile, compile_cached};

/// A module of about `bytes` bytes of ordinary Python.
fn generated(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 4096);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&format!(
            "def func_{i}(a, b=1, *args, **kwargs):\n    total = 0\n    for x in range(a):\n        if x % 3 == 0 and b:\n            total += x * b\n        elif x > 100:\n            break\n    try:\n        values = [v + {i} for v in args if v]\n    except (ValueError, TypeError) as exc:\n        values = str(exc)\n    return {{'total': total, 'values': values, 'name': f\"func_{i}:{{a!r}}\"}}\n\n\nclass Thing_{i}(object):\n    limit = {i}\n\n    def method(self, other):\n        return self.limit < other.limit <= {i} * 2\n\n\n"
        ));
        i += 1;
    }
    out
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "py"));
    files.sort();
    files
        .into_iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read(&p).ok()?)))
        .collect()
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("compile");
    g.measurement_time(Duration::from_secs(8));
    g.sample_size(20);
    let src = generated(1 << 20);
    g.throughput(Throughput::Bytes(src.len() as u64));
    g.bench_function("generated_1mb", |b| {
        b.iter(|| compile(black_box(&src), "gen.py", Mode::Exec).map(|c| c.instructions.len()))
    });
    let files = corpus();
    if files.is_empty() {
        println!("note: ../shared/corpus is absent; compile/corpus not measured");
    } else {
        let total: usize = files.iter().map(|(_, s)| s.len()).sum();
        g.throughput(Throughput::Bytes(total as u64));
        g.bench_function("corpus", |b| {
            b.iter(|| {
                files
                    .iter()
                    .filter_map(|(name, s)| compile(black_box(s), name, Mode::Exec).ok())
                    .count()
            })
        });
    }
    g.finish();
    let mut g = c.benchmark_group("compile");
    let small = "def f(x):\n    return x + 1\n";
    let _ = compile_cached(small, "hit.py", Mode::Exec);
    g.bench_function("cache_hit", |b| {
        b.iter(|| compile_cached(black_box(small), "hit.py", Mode::Exec).map(|c| c.max_stack))
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
