//! The misuse matrix (`subinterp_tests::misuse`): every CPython fatal error and crash listed in
//! the references, exercised in this process, each answered by the expected typed error (with
//! CPython's exact text where CPython has one). The process surviving this test is half of
//! the point; the table is printed (`--nocapture`) as `reliability misuse` prints it.

use std::collections::BTreeMap;

use subinterp_tests::misuse::{self, Area, Row};

/// One row: the case gave what it should have.
fn check(row: &Row) -> Result<(), String> {
    if row.passed() {
        Ok(())
    } else {
        Err(format!(
            "{} / {}: expected `{}`: {}\n    got `{}`: {}",
            row.case.area.name(),
            row.case.case,
            row.case.expect.kind,
            row.case.expect.text,
            row.got.kind,
            row.got.text
        ))
    }
}

#[test]
fn every_misuse_gets_its_typed_error_and_the_process_survives() {
    let rows = misuse::run_all();
    println!("{}", misuse::render(&rows));
    let failing: Vec<String> = rows.iter().filter_map(|r| check(r).err()).collect();
    assert!(
        failing.is_empty(),
        "{} of {} rows failing:\n{}",
        failing.len(),
        rows.len(),
        failing.join("\n")
    );
}

#[test]
fn the_matrix_covers_every_area_the_references_list() {
    let mut per_area: BTreeMap<Area, usize> = BTreeMap::new();
    for c in misuse::cases() {
        *per_area.entry(c.area).or_default() += 1;
    }
    for area in [
        Area::ThreadStates,
        Area::Running,
        Area::Ending,
        Area::Memory,
        Area::Queues,
        Area::Config,
        Area::Input,
        Area::Restrictions,
        Area::Arguments,
    ] {
        assert!(per_area.get(&area).copied().unwrap_or(0) >= 5, "{area:?}");
    }
    // Case names are unique, so a failing row can be named.
    let cases = misuse::cases();
    let mut names: Vec<_> = cases.iter().map(|c| c.case).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len());
}

#[test]
fn a_wrong_expectation_is_reported_as_failing() {
    // The matrix must be able to fail: a case whose outcome differs is marked.
    let mut case = misuse::cases()[0];
    case.expect.text = "something else";
    let row = misuse::run_case(case);
    assert!(!row.passed());
    assert!(misuse::render(&[row]).contains("**FAILING**"));
}
