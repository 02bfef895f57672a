//! The code object: immutable, `Send + Sync`, shared through `Arc` by every interpreter that
//! runs it. Constants are plain Rust values; an interpreter makes its own objects from them.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use num_bigint::BigInt;

use crate::bytecode::Instr;

/// A constant of the pool.
#[derive(Clone, Debug)]
pub enum Constant {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` that fits an `i64` (the common case).
    Int(i64),
    /// An `int` that does not fit an `i64`.
    BigInt(Box<BigInt>),
    /// A `float`.
    Float(f64),
    /// A `complex`.
    Complex {
        /// Real part.
        re: f64,
        /// Imaginary part.
        im: f64,
    },
    /// A `str`.
    Str(Arc<str>),
    /// A `bytes`.
    Bytes(Arc<[u8]>),
    /// `...`.
    Ellipsis,
    /// A tuple of constants.
    Tuple(Arc<[Constant]>),
    /// A frozenset of constants (`x in {1, 2}`), in source order.
    FrozenSet(Arc<[Constant]>),
    /// A nested code object (function, lambda, class body, comprehension).
    Code(Arc<Code>),
}

impl PartialEq for Constant {
    /// Identity of constants in one pool: same type and same value, floats by their bits (so
    /// `0.0` and `-0.0` stay two constants, as in CPython), code objects by pointer.
    fn eq(&self, other: &Self) -> bool {
        use Constant as C;
        match (self, other) {
            (C::None, C::None) | (C::Ellipsis, C::Ellipsis) => true,
            (C::Bool(a), C::Bool(b)) => a == b,
            (C::Int(a), C::Int(b)) => a == b,
            (C::BigInt(a), C::BigInt(b)) => a == b,
            (C::Float(a), C::Float(b)) => a.to_bits() == b.to_bits(),
            (C::Complex { re: a, im: b }, C::Complex { re: c, im: d }) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (C::Str(a), C::Str(b)) => a == b,
            (C::Bytes(a), C::Bytes(b)) => a == b,
            (C::Tuple(a), C::Tuple(b)) | (C::FrozenSet(a), C::FrozenSet(b)) => a == b,
            (C::Code(a), C::Code(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Constant {}

impl Hash for Constant {
    fn hash<H: Hasher>(&self, state: &mut H) {
        use Constant as C;
        std::mem::discriminant(self).hash(state);
        match self {
            C::None | C::Ellipsis => {}
            C::Bool(b) => b.hash(state),
            C::Int(i) => i.hash(state),
            C::BigInt(i) => i.hash(state),
            C::Float(f) => f.to_bits().hash(state),
            C::Complex { re, im } => {
                re.to_bits().hash(state);
                im.to_bits().hash(state);
            }
            C::Str(s) => s.hash(state),
            C::Bytes(b) => b.hash(state),
            C::Tuple(t) | C::FrozenSet(t) => t.hash(state),
            C::Code(c) => (Arc::as_ptr(c) as usize).hash(state),
        }
    }
}

/// What kind of variable a local slot holds (`co_localspluskinds`). A slot can be both a local
/// (an argument) and a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct LocalKind(pub u8);

impl LocalKind {
    /// A fast local (argument or local variable).
    pub const LOCAL: u8 = 0x20;
    /// A cell: a local captured by an inner scope (`MAKE_CELL` creates it).
    pub const CELL: u8 = 0x40;
    /// A free variable: a cell of an enclosing scope (`COPY_FREE_VARS` fills it).
    pub const FREE: u8 = 0x80;
    /// An argument.
    pub const ARG: u8 = 0x08;

    /// Whether any of `bits` is set.
    pub fn has(self, bits: u8) -> bool {
        self.0 & bits != 0
    }
}

/// Code flags (`co_flags`), CPython's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct CodeFlags(pub u32);

impl CodeFlags {
    /// Uses fast locals (functions, lambdas, comprehensions).
    pub const OPTIMIZED: u32 = 0x0001;
    /// A fresh locals mapping is created for the frame (module and class bodies do not set it).
    pub const NEWLOCALS: u32 = 0x0002;
    /// Has `*args`.
    pub const VARARGS: u32 = 0x0004;
    /// Has `**kwargs`.
    pub const VARKEYWORDS: u32 = 0x0008;
    /// Defined inside another function.
    pub const NESTED: u32 = 0x0010;
    /// A generator function.
    pub const GENERATOR: u32 = 0x0020;
    /// A coroutine function (`async def`).
    pub const COROUTINE: u32 = 0x0080;
    /// An asynchronous generator.
    pub const ASYNC_GENERATOR: u32 = 0x0200;
    /// `from __future__ import annotations` is in effect.
    pub const FUTURE_ANNOTATIONS: u32 = 0x0100_0000;

    /// Whether all of `bits` are set.
    pub fn has(self, bits: u32) -> bool {
        self.0 & bits == bits
    }
}

/// One exception-table entry: an exception raised by an instruction in `start..end` goes to
/// `handler` with the value stack cut to `depth` items (plus the `lasti` of the raising
/// instruction when `lasti` is set), then the exception pushed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionEntry {
    /// First instruction covered.
    pub start: u32,
    /// One past the last instruction covered.
    pub end: u32,
    /// Instruction to jump to.
    pub handler: u32,
    /// Stack depth to unwind to.
    pub depth: u32,
    /// Whether to push the raising instruction's index before the exception.
    pub lasti: bool,
}

/// A compiled body: module, class body, function, lambda or comprehension (`PyCodeObject`).
#[derive(Debug)]
pub struct Code {
    /// `co_name`: the function or class name, `<module>`, `<lambda>`, `<listcomp>`, ...
    pub name: Arc<str>,
    /// `co_qualname`.
    pub qualname: Arc<str>,
    /// `co_filename`.
    pub filename: Arc<str>,
    /// `co_firstlineno`.
    pub first_line: u32,
    /// `co_flags`.
    pub flags: CodeFlags,
    /// `co_argcount`: positional parameters, positional-only ones included.
    pub arg_count: u32,
    /// `co_posonlyargcount`.
    pub posonly_count: u32,
    /// `co_kwonlyargcount`.
    pub kwonly_count: u32,
    /// The instructions.
    pub instructions: Box<[Instr]>,
    /// `co_consts`.
    pub consts: Box<[Constant]>,
    /// `co_names`: global, attribute and import names.
    pub names: Box<[Arc<str>]>,
    /// `co_localsplusnames`: one slot per fast local, then cells that are not arguments, then
    /// free variables; `LOAD_FAST`, `LOAD_DEREF` and friends index this array.
    pub localsplus_names: Box<[Arc<str>]>,
    /// `co_localspluskinds`, parallel to `localsplus_names`.
    pub localsplus_kinds: Box<[LocalKind]>,
    /// Line table: `(first instruction, line)` runs, sorted; an instruction's line is the line
    /// of the last run starting at or before it (`0`: no line, as CPython's `None`).
    pub line_table: Box<[(u32, u32)]>,
    /// `(first instruction, last line)` runs for instructions whose source spans several
    /// lines (a multi-line call; 0: one line), as CPython's `co_positions` end lines.
    pub end_line_table: Box<[(u32, u32)]>,
    /// `co_exceptiontable`, sorted by `start`, non-overlapping.
    pub exception_table: Box<[ExceptionEntry]>,
    /// `co_stacksize`: the deepest the value stack gets.
    pub max_stack: u32,
}

impl Drop for Code {
    /// Frees nested code objects iteratively: code can nest as deep as the compiler's
    /// expression limit (lambdas in lambdas), and a recursive drop of that chain could take
    /// more native stack than the dropping thread has.
    fn drop(&mut self) {
        let mut pending: Vec<Arc<Code>> = Vec::new();
        take_children(&mut self.consts, &mut pending);
        while let Some(child) = pending.pop() {
            // Only the last owner frees; its children join the list before it goes.
            if let Ok(mut code) = Arc::try_unwrap(child) {
                take_children(&mut code.consts, &mut pending);
            }
        }
    }
}

/// Moves the nested code objects out of a constant pool (code objects appear only at the top
/// level of a pool: tuples and frozensets hold plain constants).
fn take_children(consts: &mut Box<[Constant]>, out: &mut Vec<Arc<Code>>) {
    if !consts.iter().any(|c| matches!(c, Constant::Code(_))) {
        return;
    }
    for c in std::mem::take(consts).into_vec() {
        if let Constant::Code(code) = c {
            out.push(code);
        }
    }
}

impl Code {
    /// The source line of instruction `index` (`None` for instructions without one).
    pub fn line_of(&self, index: u32) -> Option<u32> {
        run_value(&self.line_table, index)
    }

    /// The last source line of instruction `index` when its span has more than one line (a
    /// call written over several lines), else `None`.
    pub fn end_line_of(&self, index: u32) -> Option<u32> {
        run_value(&self.end_line_table, index)
    }

    /// The exception handler for instruction `index`, if any.
    pub fn handler_for(&self, index: u32) -> Option<&ExceptionEntry> {
        let i = self.exception_table.partition_point(|e| e.end <= index);
        self.exception_table
            .get(i)
            .filter(|e| e.start <= index && index < e.end)
    }

    /// `co_varnames`: the fast locals (arguments first).
    pub fn varnames(&self) -> impl Iterator<Item = &Arc<str>> {
        self.slots_with(LocalKind::LOCAL)
    }

    /// `co_cellvars`.
    pub fn cellvars(&self) -> impl Iterator<Item = &Arc<str>> {
        self.slots_with(LocalKind::CELL)
    }

    /// `co_freevars`.
    pub fn freevars(&self) -> impl Iterator<Item = &Arc<str>> {
        self.slots_with(LocalKind::FREE)
    }

    /// Number of free variables (the closure's length).
    pub fn free_count(&self) -> usize {
        self.freevars().count()
    }

    fn slots_with(&self, bit: u8) -> impl Iterator<Item = &Arc<str>> {
        self.localsplus_names
            .iter()
            .zip(self.localsplus_kinds.iter())
            .filter(move |(_, k)| k.has(bit))
            .map(|(n, _)| n)
    }

    /// Nested code objects in the constant pool (functions, classes, comprehensions).
    pub fn children(&self) -> impl Iterator<Item = &Arc<Code>> {
        self.consts.iter().filter_map(|c| match c {
            Constant::Code(code) => Some(code),
            _ => None,
        })
    }
}

/// The value of the last `(first instruction, value)` run starting at or before `index` in a
/// sorted run-length table (`None` before the first run or for the value 0).
fn run_value(table: &[(u32, u32)], index: u32) -> Option<u32> {
    let i = table.partition_point(|&(start, _)| start <= index);
    let v = table.get(i.checked_sub(1)?)?.1;
    (v != 0).then_some(v)
}
