//! `-X importtime` as tracing events (CPython's `import_find_and_load` bookkeeping, reference
//! §6.3): for each import, the time spent in it alone ("self") and including nested imports
//! ("cumulative"), in microseconds, indented by nesting depth; a header once per interpreter.
//!
//! Events have target [`TARGET`] at `INFO` level, with fields `interp`, `name`, `depth`,
//! `self_us` and `cumulative_us`, and a message in CPython's format:
//! `import time: {self:9} | {cumulative:10} | {indent}{name}`.

use std::time::Instant;

use crate::state::InterpImports;

/// The target of import-time events.
pub const TARGET: &str = "subinterp::importtime";

/// `find_and_load` state (`import_level`, `accumulated`, `header`), and the imports in
/// progress across the steps of the eval loop's imports (a module's event comes when its
/// body has run, so it includes the parents and the imports its body made).
#[derive(Default)]
pub(crate) struct Timing {
    level: usize,
    accumulated: u64,
    header_done: bool,
    pending: Vec<(String, Timer)>,
}

/// Starts timing the import of `name` unless it is in progress already (a later step of it).
pub(crate) fn begin(state: &InterpImports, name: &str) {
    if !state.settings.import_time || state.timing.lock().pending.iter().any(|(n, _)| n == name) {
        return;
    }
    if let Some(t) = Timer::start(state) {
        state.timing.lock().pending.push((name.to_owned(), t));
    }
}

/// Ends the import of `name` if it is in progress, emitting its event.
pub(crate) fn end(state: &InterpImports, name: &str) {
    if !state.settings.import_time {
        return;
    }
    let t = {
        let mut g = state.timing.lock();
        match g.pending.iter().rposition(|(n, _)| n == name) {
            Some(i) => g.pending.remove(i).1,
            None => return,
        }
    };
    t.finish(state, name);
}

/// Ends every import in progress (an import failed: the steps of the enclosing ones stop).
pub(crate) fn end_all(state: &InterpImports) {
    if !state.settings.import_time {
        return;
    }
    loop {
        let Some((name, t)) = state.timing.lock().pending.pop() else {
            return;
        };
        t.finish(state, &name);
    }
}

/// One import being timed.
pub(crate) struct Timer {
    start: Instant,
    saved: u64,
}

impl Timer {
    /// Starts timing an import in `state`'s interpreter, if its `import_time` setting is on.
    pub(crate) fn start(state: &InterpImports) -> Option<Timer> {
        if !state.settings.import_time {
            return None;
        }
        let mut t = state.timing.lock();
        if !t.header_done {
            t.header_done = true;
            tracing::info!(
                target: TARGET,
                interp = state.id().get(),
                "import time: self [us] | cumulative | imported package"
            );
        }
        t.level += 1;
        let saved = std::mem::take(&mut t.accumulated);
        Some(Timer {
            start: Instant::now(),
            saved,
        })
    }

    /// Ends the import of `name` and emits its event.
    pub(crate) fn finish(self, state: &InterpImports, name: &str) {
        let cum = u64::try_from(self.start.elapsed().as_micros()).unwrap_or(u64::MAX);
        let mut t = state.timing.lock();
        t.level = t.level.saturating_sub(1);
        let self_us = cum.saturating_sub(t.accumulated);
        let depth = t.level;
        t.accumulated = self.saved + cum;
        drop(t);
        let indent = " ".repeat(depth * 2);
        tracing::info!(
            target: TARGET,
            interp = state.id().get(),
            name,
            depth,
            self_us,
            cumulative_us = cum,
            "import time: {self_us:9} | {cum:10} | {indent}{name}"
        );
    }
}
