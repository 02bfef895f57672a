//! Reading what a memcheck run left behind: valgrind's log (error and leak summaries) and the
//! libtest output of the test binary (how many tests passed and failed).

/// What one valgrind log says, summed over the logs of one test binary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Memcheck {
    /// Errors memcheck counted (`ERROR SUMMARY: N errors`), definite leaks included.
    pub(crate) errors: u64,
    /// Distinct places those errors come from (`from M contexts`).
    pub(crate) contexts: u64,
    /// `definitely lost: B bytes in N blocks`.
    pub(crate) leaked_bytes: u64,
    pub(crate) leaked_blocks: u64,
    /// Loss records of definitely lost blocks: each is one error and one context.
    pub(crate) leak_records: u64,
}

impl Memcheck {
    /// The errors that count in a forked child (a `fork` without `exec`): all but its leaks.
    /// Blocks that only the parent's other threads pointed to are lost in the child, whose only
    /// thread is the forking one, so leaks say nothing there; bad reads and writes still do.
    pub(crate) fn fork_child(self) -> Memcheck {
        Memcheck {
            errors: self.errors.saturating_sub(self.leak_records),
            contexts: self.contexts.saturating_sub(self.leak_records),
            ..Memcheck::default()
        }
    }

    pub(crate) fn add(&mut self, other: Memcheck) {
        self.errors += other.errors;
        self.contexts += other.contexts;
        self.leaked_bytes += other.leaked_bytes;
        self.leaked_blocks += other.leaked_blocks;
        self.leak_records += other.leak_records;
    }
}

/// The summaries of one valgrind log, or `None` when the log has no `ERROR SUMMARY` (the process
/// exec'd another program, which valgrind does not follow, or valgrind itself died).
pub(crate) fn parse_log(text: &str) -> Option<Memcheck> {
    let mut out = Memcheck::default();
    let mut summary = false;
    for line in text.lines().map(body) {
        if let Some(rest) = line.strip_prefix("ERROR SUMMARY:") {
            // "0 errors from 0 contexts (suppressed: 0 from 0)"
            let mut words = rest.split_whitespace();
            out.errors = number(words.next()?)?;
            out.contexts = number(words.nth(2)?)?;
            summary = true;
        } else if let Some(rest) = line.strip_prefix("definitely lost:") {
            // "16 bytes in 1 blocks"
            let mut words = rest.split_whitespace();
            out.leaked_bytes = number(words.next()?)?;
            out.leaked_blocks = number(words.nth(2)?)?;
        } else if line.contains(" are definitely lost in loss record ") {
            // "16 bytes in 1 blocks are definitely lost in loss record 2 of 3"
            out.leak_records += 1;
        }
    }
    summary.then_some(out)
}

/// A log line without valgrind's `==PID==` prefix.
pub(crate) fn body(line: &str) -> &str {
    line.strip_prefix("==")
        .and_then(|rest| rest.split_once("=="))
        .map_or(line, |(_, body)| body)
        .trim()
}

/// `393,856` -> 393856 (valgrind groups digits with commas).
fn number(word: &str) -> Option<u64> {
    word.replace(',', "").parse().ok()
}

/// Test counts summed over every `test result:` line of a libtest run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tests {
    pub(crate) passed: u64,
    pub(crate) failed: u64,
}

/// The libtest counts in `output`, or `None` when no `test result:` line was printed (the binary
/// crashed or was killed before the end).
pub(crate) fn parse_tests(output: &str) -> Option<Tests> {
    let mut out: Option<Tests> = None;
    for line in output.lines() {
        // "test result: ok. 44 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; ..."
        let Some(rest) = line.strip_prefix("test result: ") else {
            continue;
        };
        let t = out.get_or_insert_default();
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(what), Some(n)) = (words.next(), words.next()) else {
                continue;
            };
            let Some(n) = number(n) else { continue };
            match what {
                "passed" => t.passed += n,
                "failed" => t.failed += n,
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: &str = "\
==2008== Memcheck, a memory error detector
==2008== Command: /t/debug/deps/memory-9327fd2e6051d5bb
==2008== Parent PID: 2007
==2008== 
==2008== HEAP SUMMARY:
==2008==     in use at exit: 393,856 bytes in 6 blocks
==2008==   total heap usage: 654 allocs, 648 frees, 4,673,905 bytes allocated
==2008== 
==2008== LEAK SUMMARY:
==2008==    definitely lost: 0 bytes in 0 blocks
==2008==    indirectly lost: 0 bytes in 0 blocks
==2008==      possibly lost: 48 bytes in 1 blocks
==2008==    still reachable: 393,808 bytes in 5 blocks
==2008==         suppressed: 0 bytes in 0 blocks
==2008== 
==2008== ERROR SUMMARY: 0 errors from 0 contexts (suppressed: 0 from 0)
";

    const DIRTY: &str = "\
==77== Invalid read of size 1
==77==    at 0x10A1B2: leaky::reads_freed (leaky.rs:9)
==77==  Address 0x4a8d040 is 0 bytes inside a block of size 4 free'd
==77== 
==77== 1,024 bytes in 1 blocks are definitely lost in loss record 2 of 3
==77==    at 0x48417B4: malloc (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)
==77== 
==77== LEAK SUMMARY:
==77==    definitely lost: 1,024 bytes in 1 blocks
==77==    indirectly lost: 0 bytes in 0 blocks
==77== 
==77== ERROR SUMMARY: 2 errors from 2 contexts (suppressed: 0 from 0)
";

    /// A child that exec'd another program: valgrind wrote its header and stopped following it.
    const EXECED: &str = "\
==30669== Memcheck, a memory error detector
==30669== Command: /t/debug/deps/presets-c8b133f112f60a1b
==30669== Parent PID: 30588
==30669== 
";

    #[test]
    fn logs() {
        let check = |log: &str, expect: Option<(u64, u64, u64, u64, u64)>| {
            let got = parse_log(log).map(|m| {
                (
                    m.errors,
                    m.contexts,
                    m.leaked_bytes,
                    m.leaked_blocks,
                    m.leak_records,
                )
            });
            assert_eq!(got, expect, "{log}");
        };
        check(CLEAN, Some((0, 0, 0, 0, 0)));
        check(DIRTY, Some((2, 2, 1024, 1, 1)));
        check(EXECED, None);
        check("", None);
        // Without a leak check there is no leak summary: nothing leaked is known.
        check(
            "==1== ERROR SUMMARY: 3 errors from 1 contexts (suppressed: 0 from 0)\n",
            Some((3, 1, 0, 0, 0)),
        );
    }

    #[test]
    fn fork_children_count_all_but_leaks() {
        let m = parse_log(DIRTY).unwrap().fork_child();
        assert_eq!(
            m,
            Memcheck {
                errors: 1,
                contexts: 1,
                ..Memcheck::default()
            }
        );
        assert_eq!(parse_log(CLEAN).unwrap().fork_child(), Memcheck::default());
    }

    #[test]
    fn summed_logs() {
        let mut m = parse_log(CLEAN).unwrap();
        m.add(parse_log(DIRTY).unwrap());
        m.add(parse_log(DIRTY).unwrap());
        assert_eq!(
            m,
            Memcheck {
                errors: 4,
                contexts: 4,
                leaked_bytes: 2048,
                leaked_blocks: 2,
                leak_records: 2,
            }
        );
    }

    #[test]
    fn test_results() {
        let check = |out: &str, expect: Option<(u64, u64)>| {
            assert_eq!(
                parse_tests(out).map(|t| (t.passed, t.failed)),
                expect,
                "{out}"
            );
        };
        check(
            "running 44 tests\n....\ntest result: ok. 44 passed; 0 failed; 0 ignored; \
             0 measured; 0 filtered out; finished in 4.62s\n",
            Some((44, 0)),
        );
        check(
            "test a ... FAILED\n\nfailures:\n    a\n\ntest result: FAILED. 3 passed; 1 failed; \
             0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n",
            Some((3, 1)),
        );
        check(
            "test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; \
             finished in 0.00s\n",
            Some((0, 0)),
        );
        // Two harness runs in one output (never from one binary today, but summed if so).
        check(
            "test result: ok. 2 passed; 0 failed;\ntest result: ok. 1,000 passed; 0 failed;\n",
            Some((1002, 0)),
        );
        check("running 3 tests\nthread 'main' panicked\n", None);
    }
}
