//! Process measurements for the lifecycle figures (`lifecycle.idle_rss.isolated`,
//! `lifecycle.leak_per_cycle.isolated`): the resident set size, read the way `ps` does.

/// The process's resident set size in bytes (the second field of `/proc/self/statm` times the
/// page size), or `None` where `/proc` is not available.
///
/// ```
/// if let Some(rss) = subinterp_runtime::metrics::rss_bytes() {
///     assert!(rss > 0);
/// }
/// ```
pub fn rss_bytes() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/self/statm").ok()?;
    let resident: usize = text.split_whitespace().nth(1)?.parse().ok()?;
    Some(resident * page_size())
}

/// The system page size in bytes.
pub fn page_size() -> usize {
    // SAFETY: `sysconf` only reads a system setting.
    let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(n).ok().filter(|&n| n > 0).unwrap_or(4096)
}
