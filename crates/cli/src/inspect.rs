//! `subinterp inspect [FILE]`: runs the scenario (if any), then dumps the runtime's state:
//! every interpreter with its config, GIL and heap, its `sys.modules`; the queues; the
//! extension cache.

use std::fmt::Write as _;
use std::path::Path;

use subinterp_runtime::{Interpreter, Runtime, import};

use crate::scenario::{self, Session};

/// Runs `inspect` and returns the exit status.
pub(crate) fn run(file: Option<&Path>) -> u8 {
    let mut out = String::new();
    let session = match file {
        Some(path) => match scenario::run_file_keep_last(path, &mut out) {
            Ok(s) => {
                out.push('\n');
                s
            }
            Err(e) => {
                eprintln!("subinterp: {e}");
                return e.exit_code();
            }
        },
        None => Session::new(),
    };
    dump(&session, &mut out);
    print!("{out}");
    session.close();
    0
}

/// The state of the session's runtime, as text.
pub(crate) fn dump(session: &Session, out: &mut String) {
    let Some(rt) = session.runtime() else {
        out.push_str("runtime: could not be built\n");
        return;
    };
    if !rt.is_initialized() {
        out.push_str("runtime: finalized (nothing to inspect)\n");
        return;
    }
    let all = rt.list();
    let _ = writeln!(out, "runtime: initialized, {} interpreter(s)", all.len());
    for i in &all {
        interp(session, i, out);
    }
    queues(session, rt, out);
    cache(rt, out);
}

fn interp(session: &Session, i: &Interpreter, out: &mut String) {
    let name = session.name_of(i).unwrap_or_else(|| "-".to_owned());
    let running = match i.is_running() {
        Ok(true) => ", running",
        _ => "",
    };
    let _ = writeln!(
        out,
        "\ninterpreter {} ({name}): made by {}{running}",
        i.id(),
        i.whence()
    );
    let _ = writeln!(
        out,
        "  config (feature_flags = {:#x}):",
        i.feature_flags().bits()
    );
    for line in i.config().to_string().lines() {
        let _ = writeln!(out, "    {line}");
    }
    let gil = if i.own_gil() {
        "its own"
    } else {
        "main's (shared)"
    };
    let g = i.gil_stats();
    let _ = writeln!(
        out,
        "  GIL: {gil}: {} acquisitions, {} contended, {} switches ({} forced), max wait {:.3} ms",
        g.acquisitions,
        g.contended,
        g.switches,
        g.forced_switches,
        g.max_wait.as_secs_f64() * 1e3
    );
    let state = i.run(|cx| {
        let py = cx.py();
        let heap = py.heap();
        let stats = heap.stats();
        let shares_main = !i.is_main() && i.config().use_main_obmalloc;
        let modules = import(cx, "sys")
            .and_then(|s| s.getattr("modules"))
            .and_then(|m| m.dict_keys())
            .and_then(|keys| keys.iter().map(|k| k.str()).collect::<Result<Vec<_>, _>>());
        (stats, shares_main, py.live_objects(), modules)
    });
    match state {
        Ok((stats, shares_main, live, modules)) => {
            let whose = if shares_main {
                "main's (shared)"
            } else {
                "its own"
            };
            let _ = writeln!(
                out,
                "  heap: {whose}: {} blocks in use ({} bytes), {} arena(s) mapped ({} KiB), \
                 {} live objects",
                stats.allocated_blocks,
                stats.allocated_bytes,
                stats.arenas_allocated_current,
                stats.arena_bytes() / 1024,
                live
            );
            match modules {
                Ok(mut names) => {
                    names.sort();
                    let _ = writeln!(out, "  sys.modules ({}): {}", names.len(), names.join(", "));
                }
                Err(e) => {
                    let _ = writeln!(out, "  sys.modules: {e}");
                }
            }
        }
        Err(e) => {
            let _ = writeln!(out, "  state: cannot enter: {e}");
        }
    }
}

fn queues(session: &Session, rt: &Runtime, out: &mut String) {
    let all = rt.queues().list_all();
    let _ = writeln!(out, "\nqueues ({}):", all.len());
    for q in all {
        let name = session
            .queues()
            .iter()
            .find(|(_, h)| h.id() == q.id)
            .map_or("-", |(n, _)| n.as_str());
        let size = session
            .queues()
            .values()
            .find(|h| h.id() == q.id)
            .and_then(|h| h.qsize().ok())
            .map_or_else(|| "?".to_owned(), |n| n.to_string());
        let _ = writeln!(
            out,
            "  queue {} ({name}): maxsize {}, unbound {:?}, {size} item(s)",
            q.id, q.maxsize, q.unbound
        );
    }
}

fn cache(rt: &Runtime, out: &mut String) {
    let entries = rt.imports().extension_cache_entries();
    let _ = writeln!(out, "\nextension cache ({} entries):", entries.len());
    for e in entries {
        let copy = if e.has_copy {
            format!(", m_copy held by interpreter {}", e.owner)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  ({}, {}): def {}, index {}, {:?}{copy}",
            e.path, e.name, e.def_name, e.index, e.origin
        );
    }
}

#[cfg(test)]
mod tests {
    use subinterp_script::scenario::Command;

    use super::*;

    #[test]
    fn a_fresh_runtime() {
        let s = Session::new();
        let mut out = String::new();
        dump(&s, &mut out);
        assert!(
            out.starts_with("runtime: initialized, 1 interpreter(s)\n"),
            "{out}"
        );
        assert!(
            out.contains("\ninterpreter 0 (main): made by runtime init"),
            "{out}"
        );
        assert!(out.contains("sys.modules ("), "{out}");
        assert!(out.contains("\nqueues (0):\n"), "{out}");
        assert!(out.contains("\nextension cache (0 entries):\n"), "{out}");
        s.close();
    }

    #[test]
    fn named_interpreters_and_queues() {
        let mut s = Session::new();
        let mut out = String::new();
        for cmd in [
            Command::InterpNew {
                name: "sub".into(),
                config: vec!["legacy".into()],
            },
            Command::QueueNew {
                name: "q".into(),
                maxsize: Some(3),
                unbound: None,
            },
        ] {
            s.run(&cmd, &mut out);
        }
        let mut dump_text = String::new();
        dump(&s, &mut dump_text);
        assert!(dump_text.contains("\ninterpreter 1 (sub): made by _interpreters module\n"));
        assert!(
            dump_text.contains("  GIL: main's (shared): "),
            "{dump_text}"
        );
        assert!(
            dump_text.contains("  heap: main's (shared): "),
            "{dump_text}"
        );
        assert!(dump_text.contains("  queue 1 (q): maxsize 3, unbound Replace, 0 item(s)\n"));
        s.close();
    }
}
