//! CPython 3.13's report of an exception group (`traceback.TracebackException.format`): the
//! group's own traceback under `Exception Group Traceback (most recent call last):`, then
//! each member, with its own chain, in a numbered box drawn with `+`, `-` and `|`; at most
//! 15 members (then `and N more exceptions`) and 10 levels of nesting.

use subinterp_object::{Obj, PyResult};

use crate::Tstate;
use crate::traceback::{Ctx, chain, exception_line, stack};

/// CPython's `max_group_width`.
const MAX_WIDTH: usize = 15;
/// CPython's `max_group_depth`.
const MAX_DEPTH: usize = 10;

/// Formats group `exc` (not its chain) into `ctx`.
pub(crate) fn group<'py>(ts: &mut Tstate<'py>, exc: &Obj<'py>, ctx: &mut Ctx) -> PyResult<()> {
    if ctx.depth > MAX_DEPTH {
        ctx.emit(&format!("... (max_group_depth is {MAX_DEPTH})\n"), '|');
        return Ok(());
    }
    let top = ctx.depth == 0;
    if top {
        ctx.depth += 1;
    }
    let mut entries = String::new();
    if stack(ts, exc, &mut entries)? {
        let margin = if top { '+' } else { '|' };
        ctx.emit(
            "Exception Group Traceback (most recent call last):\n",
            margin,
        );
        ctx.emit(&entries, '|');
    }
    ctx.emit(&format!("{}\n", exception_line(ts, exc)?), '|');
    for note in crate::traceback::notes(ts, exc)? {
        ctx.emit(&format!("{note}\n"), '|');
    }
    let members = crate::exc_group::exceptions(exc)?;
    let n = members.len().min(MAX_WIDTH + 1);
    ctx.need_close = false;
    for (i, member) in members.iter().take(n).enumerate() {
        let last = i == n - 1;
        if last {
            // The closing line may be drawn by a nested group's last box instead.
            ctx.need_close = true;
        }
        let truncated = i >= MAX_WIDTH;
        let title = if truncated {
            String::from("...")
        } else {
            (i + 1).to_string()
        };
        let corner = if i == 0 { "+-" } else { "  " };
        let line = format!(
            "{}{corner}+---------------- {title} ----------------\n",
            ctx.indent()
        );
        ctx.out.push_str(&line);
        ctx.depth += 1;
        if truncated {
            let more = members.len() - MAX_WIDTH;
            let s = if more > 1 { "s" } else { "" };
            ctx.emit(&format!("and {more} more exception{s}\n"), '|');
        } else {
            chain(ts, member, ctx)?;
        }
        if last && ctx.need_close {
            let line = format!("{}+------------------------------------\n", ctx.indent());
            ctx.out.push_str(&line);
            ctx.need_close = false;
        }
        ctx.depth -= 1;
    }
    if top {
        ctx.depth = 0;
    }
    Ok(())
}
