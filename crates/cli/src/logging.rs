//! Logging through `tracing-subscriber`: the runtime's spans and events (lifecycle, imports)
//! go to stderr, at a level chosen by `-v` unless `RUST_LOG` says otherwise.

use std::io::IsTerminal as _;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

/// The default filter for `-v` given `count` times: warnings only, then info, debug, trace.
pub(crate) fn level(count: u8) -> &'static str {
    match count {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    }
}

/// Installs the subscriber once; a second call (tests) leaves the first in place. When logging
/// is asked for (`-v` or `RUST_LOG`), the runtime's spans (`runtime.initialize`, `interp.end`,
/// imports, ...) are printed as they close, with their duration.
pub(crate) fn init(verbose: u8) {
    let (filter, spans) = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => (EnvFilter::new(spec), FmtSpan::CLOSE),
        _ if verbose > 0 => (EnvFilter::new(level(verbose)), FmtSpan::CLOSE),
        _ => (EnvFilter::new(level(0)), FmtSpan::NONE),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(spans)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .with_target(true)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::level;

    #[test]
    fn each_v_adds_a_level() {
        assert_eq!(
            [0, 1, 2, 3, 9].map(level),
            ["warn", "info", "debug", "trace", "trace"]
        );
    }
}
