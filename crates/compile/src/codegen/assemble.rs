//! Assembly (CPython's `assemble.c` and the stack-depth part of `flowgraph.c`): labels become
//! instruction indices, per-instruction lines become a run-length line table, per-instruction
//! handlers become exception-table ranges, and a flow pass over every path (jumps and
//! handlers included) gives the maximum stack depth.

use std::sync::Arc;

use super::unit::{Handler, Unit};
use crate::bytecode::Instr;
use crate::code::{Code, CodeFlags, ExceptionEntry, LocalKind};

pub(super) fn assemble(u: Unit, filename: &str) -> Code {
    let target = |label: u32| u.labels[label as usize].unwrap_or(u.code.len() as u32);
    let instructions: Box<[Instr]> = u
        .code
        .iter()
        .map(|e| {
            let mut i = e.instr;
            if i.op.is_jump() {
                i.arg = target(i.arg);
            }
            i
        })
        .collect();
    let mut line_table: Vec<(u32, u32)> = Vec::new();
    for (i, e) in u.code.iter().enumerate() {
        if line_table.last().is_none_or(|&(_, l)| l != e.line) {
            line_table.push((i as u32, e.line));
        }
    }
    // Only spans of more than one line are recorded (multi-line calls).
    let mut end_line_table: Vec<(u32, u32)> = Vec::new();
    for (i, e) in u.code.iter().enumerate() {
        let end = if e.end_line > e.line { e.end_line } else { 0 };
        if end_line_table.last().map_or(end != 0, |&(_, l)| l != end) {
            end_line_table.push((i as u32, end));
        }
    }
    let exception_table = exception_table(&u.code, &target);
    let max_stack = crate::flow::flow(&instructions, &exception_table).max;
    let (names, kinds): (Vec<Arc<str>>, Vec<LocalKind>) = u.slots.into_iter().unzip();
    let mut flags = u.flags;
    if flags & CodeFlags::OPTIMIZED == 0 {
        flags &= !CodeFlags::NEWLOCALS;
    }
    Code {
        name: u.name,
        qualname: u.qualname,
        filename: filename.into(),
        first_line: u.first_line,
        flags: CodeFlags(flags),
        arg_count: u.arg_count,
        posonly_count: u.posonly_count,
        kwonly_count: u.kwonly_count,
        instructions,
        consts: u.consts.into(),
        names: u.names.into(),
        localsplus_names: names.into(),
        localsplus_kinds: kinds.into(),
        line_table: line_table.into(),
        end_line_table: end_line_table.into(),
        exception_table: exception_table.into(),
        max_stack,
    }
}

fn exception_table(
    code: &[super::unit::Emitted],
    target: &dyn Fn(u32) -> u32,
) -> Vec<ExceptionEntry> {
    let mut out: Vec<ExceptionEntry> = Vec::new();
    let mut current: Option<(u32, Handler)> = None;
    let close = |out: &mut Vec<ExceptionEntry>, start: u32, end: u32, h: Handler| {
        out.push(ExceptionEntry {
            start,
            end,
            handler: target(h.label.0),
            depth: h.depth,
            lasti: h.lasti,
        });
    };
    for (i, e) in code.iter().enumerate() {
        let i = i as u32;
        match (current, e.handler) {
            (Some((_, h)), Some(n)) if h == n => {}
            (cur, new) => {
                if let Some((start, h)) = cur {
                    close(&mut out, start, i, h);
                }
                current = new.map(|h| (i, h));
            }
        }
    }
    if let Some((start, h)) = current {
        close(&mut out, start, code.len() as u32, h);
    }
    out
}
