//! The bytecode table in the crate docs (`BYTECODE.md`) lists every operation, and the
//! stack effects are consistent with the operands the table documents for fixed-arity ones.

use subinterp_compile::{Op, stack_effect};

#[test]
fn every_operation_is_in_the_table() {
    let doc = include_str!("../BYTECODE.md");
    let missing: Vec<&str> = Op::ALL
        .iter()
        .map(|op| op.name())
        .filter(|name| !doc.contains(&format!("`{name}`")) && !covered_by_group(doc, name))
        .collect();
    assert!(missing.is_empty(), "not in BYTECODE.md: {missing:?}");
}

/// Rows such as `` `POP_JUMP_IF_FALSE` / `_TRUE` `` name a family once.
fn covered_by_group(doc: &str, name: &str) -> bool {
    name.rsplit_once('_').is_some_and(|(_, tail)| {
        doc.contains(&format!("`_{tail}`")) && name.starts_with("POP_JUMP_IF")
    })
}

#[test]
fn jumps_and_terminators_are_classified() {
    for op in Op::ALL {
        if op.is_terminator() {
            assert!(matches!(
                op,
                Op::Jump | Op::ReturnValue | Op::RaiseVarargs | Op::Reraise
            ));
        }
    }
    assert_eq!(stack_effect(Op::ForIter, 0, true), -1);
    assert_eq!(stack_effect(Op::ForIter, 0, false), 1);
    assert_eq!(stack_effect(Op::Call, 3, false), -4);
    assert_eq!(stack_effect(Op::MakeFunction, 0b1011, false), -3);
    assert_eq!(stack_effect(Op::UnpackEx, 2 | (3 << 8), false), 5);
}
