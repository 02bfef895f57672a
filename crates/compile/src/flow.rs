//! The stack-effect pass over a finished instruction array (CPython's `stackdepth` in
//! `flowgraph.c`): follows every path from the entry and from each exception handler, giving
//! the maximum depth, and checks the invariants the eval loop relies on: the depth is never
//! negative, every instruction is reached with one depth only, and a handler never unwinds
//! to a depth above the one the protected instruction runs at.

use crate::bytecode::{Instr, stack_effect};
use crate::code::{Code, ExceptionEntry};

/// The result of the pass: the deepest the stack gets, and the first broken invariant.
pub(crate) struct Flow {
    pub(crate) max: u32,
    pub(crate) error: Option<String>,
}

pub(crate) fn flow(code: &[Instr], table: &[ExceptionEntry]) -> Flow {
    let n = code.len();
    let mut depth_at: Vec<Option<i32>> = vec![None; n + 1];
    let mut work: Vec<usize> = Vec::new();
    let mut max = 0i32;
    let mut error: Option<String> = None;
    let reach = |at: usize,
                 d: i32,
                 depth_at: &mut Vec<Option<i32>>,
                 work: &mut Vec<usize>,
                 error: &mut Option<String>| {
        if at > n {
            error.get_or_insert(format!("jump to {at} past the end"));
            return;
        }
        match depth_at[at] {
            None => {
                depth_at[at] = Some(d);
                work.push(at);
            }
            Some(old) if old != d => {
                error.get_or_insert(format!(
                    "instruction {at} reached with depths {old} and {d}"
                ));
            }
            Some(_) => {}
        }
    };
    reach(0, 0, &mut depth_at, &mut work, &mut error);
    while let Some(start) = work.pop() {
        let mut i = start;
        let mut d = depth_at[start].unwrap_or(0);
        while i < n {
            let instr = code[i];
            let k = table.partition_point(|e| (e.end as usize) <= i);
            if let Some(e) = table.get(k).filter(|e| e.start as usize <= i) {
                if e.depth as i32 > d {
                    error.get_or_insert(format!(
                        "instruction {i} at depth {d} has a handler unwinding to {}",
                        e.depth
                    ));
                }
                let hd = e.depth as i32 + i32::from(e.lasti) + 1;
                max = max.max(hd);
                reach(e.handler as usize, hd, &mut depth_at, &mut work, &mut error);
            }
            if instr.op.is_jump() {
                let jd = d + stack_effect(instr.op, instr.arg, true);
                max = max.max(jd);
                reach(instr.arg as usize, jd, &mut depth_at, &mut work, &mut error);
            }
            d += stack_effect(instr.op, instr.arg, false);
            if d < 0 {
                error.get_or_insert(format!("stack underflow at instruction {i}"));
                d = 0;
            }
            max = max.max(d);
            if instr.op.is_terminator() {
                break;
            }
            i += 1;
            if i < n && depth_at[i].is_some() {
                reach(i, d, &mut depth_at, &mut work, &mut error);
                break;
            }
            if i < n {
                depth_at[i] = Some(d);
            }
        }
    }
    Flow {
        max: max.max(0) as u32,
        error,
    }
}

/// Checks a code object and its nested ones against the stack invariants of the eval loop
/// (see the module docs); `Err` names the code object and the first problem.
pub fn verify(code: &Code) -> Result<(), String> {
    if let Some(e) = flow(&code.instructions, &code.exception_table).error {
        return Err(format!("{}: {e}", code.qualname));
    }
    code.children().try_for_each(|c| verify(c))
}
