//! One code object under construction: its instructions with their lines and exception
//! handlers, labels, tables of constants, names and local slots, and the stack depth the code
//! generator tracks as it emits (the handlers' unwind depths come from it).

use crate::fxhash::FxHashMap;
use std::sync::Arc;

use crate::bytecode::{Instr, Op, stack_effect};
use crate::code::{CodeFlags, Constant, LocalKind};
use crate::symtable::ScopeId;

/// A jump target, bound to an instruction index later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Label(pub(crate) u32);

/// An exception handler in force: where to go, the stack depth to unwind to, and whether the
/// raising instruction's index is pushed too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Handler {
    pub(crate) label: Label,
    pub(crate) depth: u32,
    pub(crate) lasti: bool,
}

/// An emitted instruction before assembly: jump operands are label numbers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Emitted {
    pub(crate) instr: Instr,
    pub(crate) line: u32,
    /// The last line of the instruction's source span (the closing line of a multi-line
    /// call); `line` for instructions of one line.
    pub(crate) end_line: u32,
    pub(crate) handler: Option<Handler>,
}

pub(crate) struct Unit {
    pub(crate) scope: ScopeId,
    pub(crate) name: Arc<str>,
    pub(crate) qualname: Arc<str>,
    pub(crate) first_line: u32,
    pub(crate) flags: u32,
    pub(crate) arg_count: u32,
    pub(crate) posonly_count: u32,
    pub(crate) kwonly_count: u32,
    pub(crate) code: Vec<Emitted>,
    pub(crate) labels: Vec<Option<u32>>,
    label_depth: Vec<Option<i32>>,
    pub(crate) consts: Vec<Constant>,
    const_index: FxHashMap<Constant, u32>,
    pub(crate) names: Vec<Arc<str>>,
    name_index: FxHashMap<Arc<str>, u32>,
    pub(crate) slots: Vec<(Arc<str>, LocalKind)>,
    slot_index: FxHashMap<Arc<str>, u32>,
    pub(crate) handlers: Vec<Handler>,
    pub(crate) line: u32,
    /// The last line of the span in force (see [`Emitted::end_line`]).
    pub(crate) end_line: u32,
    pub(crate) depth: i32,
    /// A class body's `__static_attributes__`: the `self.NAME` its methods assign.
    pub(crate) static_attributes: Option<std::collections::BTreeSet<Arc<str>>>,
    /// Whether the next instruction is unreachable: after one that never falls through, until
    /// a label some reachable jump targets (or a handler) is placed.
    pub(crate) dead: bool,
}

impl Unit {
    pub(crate) fn new(scope: ScopeId, name: Arc<str>, qualname: Arc<str>, first_line: u32) -> Unit {
        Unit {
            scope,
            name,
            qualname,
            first_line,
            flags: 0,
            arg_count: 0,
            posonly_count: 0,
            kwonly_count: 0,
            code: Vec::new(),
            labels: Vec::new(),
            label_depth: Vec::new(),
            consts: Vec::new(),
            const_index: FxHashMap::default(),
            names: Vec::new(),
            name_index: FxHashMap::default(),
            slots: Vec::new(),
            slot_index: FxHashMap::default(),
            handlers: Vec::new(),
            line: first_line,
            end_line: first_line,
            depth: 0,
            static_attributes: None,
            dead: false,
        }
    }

    pub(crate) fn set_flag(&mut self, bits: u32) {
        self.flags |= bits;
    }

    pub(crate) fn is_optimized(&self) -> bool {
        self.flags & CodeFlags::OPTIMIZED != 0
    }

    pub(crate) fn emit(&mut self, op: Op, arg: u32) {
        if op.is_jump() && !self.dead {
            let after = self.depth + stack_effect(op, arg, true);
            let slot = &mut self.label_depth[arg as usize];
            if slot.is_none() {
                *slot = Some(after);
            }
        }
        self.depth += stack_effect(op, arg, false);
        self.code.push(Emitted {
            instr: Instr::new(op, arg),
            line: self.line,
            end_line: self.end_line.max(self.line),
            handler: self.handlers.last().copied(),
        });
        if op.is_terminator() {
            self.dead = true;
        }
    }

    pub(crate) fn new_label(&mut self) -> Label {
        self.labels.push(None);
        self.label_depth.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    /// Places `label` at the next instruction. The stack depth there is the one recorded by
    /// the first jump to it. A label no reachable jump targets, placed after code that does
    /// not fall through, starts unreachable code: its stale depth must not reach the labels
    /// it jumps to.
    pub(crate) fn bind(&mut self, label: Label) {
        self.labels[label.0 as usize] = Some(self.code.len() as u32);
        match self.label_depth[label.0 as usize] {
            Some(d) => {
                self.depth = d;
                self.dead = false;
            }
            None if !self.dead => self.label_depth[label.0 as usize] = Some(self.depth),
            None => {}
        }
    }

    /// Places a handler's label: the stack is the unwind depth plus `lasti` plus the exception.
    pub(crate) fn bind_handler(&mut self, h: Handler) {
        self.labels[h.label.0 as usize] = Some(self.code.len() as u32);
        self.depth = h.depth as i32 + i32::from(h.lasti) + 1;
        self.dead = false;
    }

    /// Starts a protected region whose handler is `label`.
    pub(crate) fn push_handler(&mut self, label: Label, lasti: bool) -> Handler {
        let h = Handler {
            label,
            depth: self.depth.max(0) as u32,
            lasti,
        };
        self.handlers.push(h);
        h
    }

    pub(crate) fn pop_handler(&mut self) {
        self.handlers.pop();
    }

    pub(crate) fn add_const(&mut self, c: Constant) -> u32 {
        if let Some(&i) = self.const_index.get(&c) {
            return i;
        }
        let i = self.consts.len() as u32;
        self.consts.push(c.clone());
        self.const_index.insert(c, i);
        i
    }

    pub(crate) fn add_name(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.name_index.get(name) {
            return i;
        }
        let name: Arc<str> = name.into();
        let i = self.names.len() as u32;
        self.names.push(name.clone());
        self.name_index.insert(name, i);
        i
    }

    /// The slot of `name`, adding it with `kind` bits (or-ed into an existing slot's kind).
    pub(crate) fn slot(&mut self, name: &str, kind: u8) -> u32 {
        if let Some(&i) = self.slot_index.get(name) {
            self.slots[i as usize].1.0 |= kind;
            return i;
        }
        let name: Arc<str> = name.into();
        let i = self.slots.len() as u32;
        self.slots.push((name.clone(), LocalKind(kind)));
        self.slot_index.insert(name, i);
        i
    }

    pub(crate) fn find_slot(&self, name: &str) -> Option<u32> {
        self.slot_index.get(name).copied()
    }
}
