//! Code generation (CPython's `compile.c`): walks the syntax tree with the analyzed symbol
//! table and emits instructions into one [`unit::Unit`] per code object; [`assemble`] then
//! resolves labels and builds the line table, the exception table and the stack size.

mod assemble;
mod comprehension;
mod defs;
mod except_star;
mod exceptions;
mod expr;
mod fold;
mod fstring;
mod generic;
mod pattern;
mod stmt;
mod unit;

use std::sync::Arc;

use ruff_python_ast::{Expr, ModModule, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::Mode;
use crate::bytecode::Op;
use crate::code::{Code, CodeFlags, Constant, LocalKind};
use crate::error::{CompileError, SyntaxErrorKind};
use crate::source::Source;
use crate::symtable::{NameScope, ScopeId, ScopeKind, SymbolTable};
use unit::{Label, Unit};

type R = Result<(), CompileError>;

/// A frame-block: what a `break`, `continue` or `return` must undo on its way out
/// (CPython's `fblockinfo`).
#[derive(Clone, Debug)]
enum Block<'a> {
    /// A `while` loop: `continue` goes to `start`, `break` to `end`.
    While { start: Label, end: Label },
    /// A `for` loop: its iterator is on the stack.
    For { start: Label, end: Label },
    /// A `try` body with `except` clauses.
    TryExcept,
    /// A `try` body with a `finally`: leaving it runs the final body.
    FinallyTry { body: &'a [Stmt] },
    /// The final body run on an exception: the handled exception is on the stack.
    FinallyEnd,
    /// A `with` body: its exit function is on the stack.
    With { is_async: bool },
    /// An `except` body; `name` is deleted on the way out.
    HandlerCleanup {
        name: Option<&'a str>,
        has_inner: bool,
    },
    /// A value to pop (the subject of a `match` case body).
    PopValue,
    /// An `async for`'s body.
    AsyncFor { start: Label, end: Label },
    /// An `except*` clause's body: `break`, `continue` and `return` may not leave it.
    ExceptStar,
}

pub(crate) struct Compiler<'a, 's> {
    pub(crate) source: &'s Source<'a>,
    table: SymbolTable,
    units: Vec<Unit>,
    blocks: Vec<Vec<Block<'a>>>,
    future_annotations: bool,
    interactive: bool,
}

/// Compiles a module (`exec` or `single` mode).
pub(crate) fn compile_module<'a>(
    module: &'a ModModule,
    table: SymbolTable,
    source: &Source<'a>,
    mode: Mode,
    future_annotations: bool,
) -> Result<Arc<Code>, CompileError> {
    let mut c = Compiler {
        source,
        table,
        units: Vec::new(),
        blocks: Vec::new(),
        future_annotations,
        interactive: mode == Mode::Single,
    };
    c.enter_unit(0, "<module>".into(), "<module>".into(), 1);
    let body = &module.body;
    let (doc, rest) = match body.first() {
        Some(Stmt::Expr(e)) if mode == Mode::Exec && is_docstring(&e.value) => {
            (Some(&e.value), &body[1..])
        }
        _ => (None, &body[..]),
    };
    if has_annotations(body) {
        let line = body.first().map_or(1, |s| c.line(s.range()));
        c.unit().line = line;
        c.unit().end_line = line;
        c.emit(Op::SetupAnnotations, 0);
    }
    if let Some(doc) = doc {
        c.set_line(doc.range());
        c.expr(doc)?;
        let i = c.unit().add_name("__doc__");
        c.emit(Op::StoreName, i);
    }
    c.stmts(rest)?;
    c.return_none();
    Ok(c.leave_unit())
}

/// Compiles an `eval` expression.
pub(crate) fn compile_expression<'a>(
    expr: &'a Expr,
    table: SymbolTable,
    source: &Source<'a>,
) -> Result<Arc<Code>, CompileError> {
    let mut c = Compiler {
        source,
        table,
        units: Vec::new(),
        blocks: Vec::new(),
        future_annotations: false,
        interactive: false,
    };
    c.enter_unit(0, "<module>".into(), "<module>".into(), 1);
    c.set_line(expr.range());
    c.expr(expr)?;
    c.emit(Op::ReturnValue, 0);
    Ok(c.leave_unit())
}

fn is_docstring(e: &Expr) -> bool {
    matches!(e, Expr::StringLiteral(_))
}

/// Whether a module or class body has an annotated assignment outside nested functions and
/// classes (CPython's `find_ann`): then `__annotations__` is created first.
fn has_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::AnnAssign(_) => true,
        Stmt::For(f) => has_annotations(&f.body) || has_annotations(&f.orelse),
        Stmt::While(w) => has_annotations(&w.body) || has_annotations(&w.orelse),
        Stmt::If(i) => {
            has_annotations(&i.body) || i.elif_else_clauses.iter().any(|c| has_annotations(&c.body))
        }
        Stmt::With(w) => has_annotations(&w.body),
        Stmt::Try(t) => {
            has_annotations(&t.body)
                || has_annotations(&t.orelse)
                || has_annotations(&t.finalbody)
                || t.handlers.iter().any(|h| {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    has_annotations(&h.body)
                })
        }
        Stmt::Match(m) => m.cases.iter().any(|c| has_annotations(&c.body)),
        _ => false,
    })
}

impl<'a, 's> Compiler<'a, 's> {
    fn unit(&mut self) -> &mut Unit {
        self.units
            .last_mut()
            .expect("a unit is always open while compiling")
    }

    fn unit_ref(&self) -> &Unit {
        self.units
            .last()
            .expect("a unit is always open while compiling")
    }

    fn scope_kind(&self) -> ScopeKind {
        self.table.scopes[self.unit_ref().scope].kind
    }

    fn emit(&mut self, op: Op, arg: u32) {
        self.unit().emit(op, arg);
    }

    fn jump(&mut self, op: Op, label: Label) {
        self.unit().emit(op, label.0);
    }

    fn new_label(&mut self) -> Label {
        self.unit().new_label()
    }

    fn bind(&mut self, label: Label) {
        self.unit().bind(label);
    }

    fn line(&self, range: TextRange) -> u32 {
        self.source.line_of(range.start().to_u32())
    }

    fn set_line(&mut self, range: TextRange) {
        let line = self.line(range);
        self.unit().line = line;
        self.unit().end_line = line;
    }

    /// Like [`Self::set_line`], with the span's last line kept too: a traceback shows every
    /// line of a multi-line call, as CPython's does from the call's positions.
    fn set_span(&mut self, range: TextRange) {
        self.set_line(range);
        let end = self.source.line_of(range.end().to_u32());
        let u = self.unit();
        u.end_line = end.max(u.line);
    }

    fn load_const(&mut self, c: Constant) {
        let i = self.unit().add_const(c);
        self.emit(Op::LoadConst, i);
    }

    fn return_none(&mut self) {
        if !self.unit_ref().dead {
            self.load_const(Constant::None);
            self.emit(Op::ReturnValue, 0);
        }
    }

    pub(crate) fn error(&self, msg: impl Into<String>, range: TextRange) -> CompileError {
        self.source
            .error(
                SyntaxErrorKind::Syntax,
                msg,
                range.start().to_u32(),
                range.end().to_u32(),
            )
            .into()
    }

    fn scope_id(&self, range: TextRange) -> Result<ScopeId, CompileError> {
        self.table
            .scope_of(range)
            .ok_or_else(|| self.error("internal error: no symbol table scope for node", range))
    }

    /// Opens a code object for scope `scope`, laying out its local slots as CPython does:
    /// parameters, other locals, cells that are not parameters, free variables.
    fn enter_unit(&mut self, scope: ScopeId, name: Arc<str>, qualname: Arc<str>, line: u32) {
        let mut u = Unit::new(scope, name, qualname, line);
        let s = &self.table.scopes[scope];
        if s.is_function_like() {
            u.set_flag(CodeFlags::OPTIMIZED | CodeFlags::NEWLOCALS);
            for p in &s.params {
                let cell = s.lookup(p).is_some_and(|x| x.scope == NameScope::Cell);
                let kind =
                    LocalKind::LOCAL | LocalKind::ARG | if cell { LocalKind::CELL } else { 0 };
                u.slot(p, kind);
            }
            for sym in &s.symbols {
                if sym.scope == NameScope::Local {
                    u.slot(&sym.name, LocalKind::LOCAL);
                }
            }
        }
        let mut cells: Vec<&Arc<str>> = s
            .symbols
            .iter()
            .filter(|x| x.scope == NameScope::Cell && u.find_slot(&x.name).is_none())
            .map(|x| &x.name)
            .collect();
        cells.sort();
        let class_cell: Arc<str> = "__class__".into();
        if s.needs_class_closure {
            cells.insert(0, &class_cell);
        }
        for c in cells {
            u.slot(c, LocalKind::CELL);
        }
        let mut frees: Vec<&Arc<str>> = s
            .symbols
            .iter()
            .filter(|x| {
                x.scope == NameScope::Free
                    || (s.kind == ScopeKind::Class
                        && x.flags & crate::symtable::flags::FREE_CLASS != 0)
            })
            .map(|x| &x.name)
            .collect();
        frees.sort();
        frees.dedup();
        for f in frees {
            u.slot(f, LocalKind::FREE);
        }
        if s.nested {
            u.set_flag(CodeFlags::NESTED);
        }
        if s.generator && s.coroutine {
            u.set_flag(CodeFlags::ASYNC_GENERATOR);
        } else if s.generator {
            u.set_flag(CodeFlags::GENERATOR);
        } else if s.coroutine {
            u.set_flag(CodeFlags::COROUTINE);
        }
        if self.future_annotations {
            u.set_flag(CodeFlags::FUTURE_ANNOTATIONS);
        }
        self.units.push(u);
        self.blocks.push(Vec::new());
        // Prologue: cells first, then the closure.
        let slots: Vec<(u32, LocalKind)> = self
            .unit_ref()
            .slots
            .iter()
            .enumerate()
            .map(|(i, (_, k))| (i as u32, *k))
            .collect();
        for &(i, k) in &slots {
            if k.has(LocalKind::CELL) {
                self.emit(Op::MakeCell, i);
            }
        }
        let nfree = slots.iter().filter(|(_, k)| k.has(LocalKind::FREE)).count() as u32;
        if nfree > 0 {
            self.emit(Op::CopyFreeVars, nfree);
        }
    }

    fn leave_unit(&mut self) -> Arc<Code> {
        self.blocks.pop();
        let u = self.units.pop().expect("leave_unit after enter_unit");
        Arc::new(assemble::assemble(u, self.source.filename))
    }

    /// The qualified name of a new function or class named `name` in the current unit.
    fn qualname(&self, name: &str) -> Arc<str> {
        // A type-parameter scope is invisible in qualified names: name from the unit below it.
        let mut at = self.units.len();
        while at > 1 && self.table.scopes[self.units[at - 1].scope].kind == ScopeKind::TypeParams {
            at -= 1;
        }
        if at <= 1 {
            return name.into();
        }
        let u = &self.units[at - 1];
        let s = &self.table.scopes[u.scope];
        // A name declared global in the enclosing scope is qualified as a top-level one.
        let global = s
            .lookup(name)
            .is_some_and(|x| x.scope == NameScope::GlobalExplicit);
        if global {
            return name.into();
        }
        if s.is_function_like() {
            format!("{}.<locals>.{name}", u.qualname).into()
        } else {
            format!("{}.{name}", u.qualname).into()
        }
    }

    /// How `name` is loaded, stored and deleted in the current unit.
    fn name_op(&mut self, name: &str, ctx: NameCtx) {
        let scope_id = self.unit_ref().scope;
        let s = &self.table.scopes[scope_id];
        let kind = s.kind;
        let scope = match s.lookup(name) {
            Some(sym) => sym.scope,
            None if name == "__class__" && kind == ScopeKind::Class => NameScope::Cell,
            None => NameScope::GlobalImplicit,
        };
        let optimized = self.unit_ref().is_optimized();
        let (load, store, delete, index) = match scope {
            NameScope::Free | NameScope::Cell => {
                let slot = self.unit_ref().find_slot(name);
                match slot {
                    Some(i) => {
                        let load = if kind == ScopeKind::Class && scope == NameScope::Free {
                            Op::LoadClassDeref
                        } else {
                            Op::LoadDeref
                        };
                        (load, Op::StoreDeref, Op::DeleteDeref, i)
                    }
                    None => {
                        let i = self.attr_name(name);
                        (Op::LoadName, Op::StoreName, Op::DeleteName, i)
                    }
                }
            }
            NameScope::Local if optimized => {
                let i = self.unit().slot(name, LocalKind::LOCAL);
                (Op::LoadFast, Op::StoreFast, Op::DeleteFast, i)
            }
            NameScope::GlobalExplicit => {
                let i = self.attr_name(name);
                (Op::LoadGlobal, Op::StoreGlobal, Op::DeleteGlobal, i)
            }
            NameScope::GlobalImplicit if optimized => {
                let i = self.attr_name(name);
                (Op::LoadGlobal, Op::StoreGlobal, Op::DeleteGlobal, i)
            }
            _ => {
                let i = self.attr_name(name);
                (Op::LoadName, Op::StoreName, Op::DeleteName, i)
            }
        };
        let op = match ctx {
            NameCtx::Load => load,
            NameCtx::Store => store,
            NameCtx::Delete => delete,
        };
        self.emit(op, index);
    }

    /// Emits the closure tuple for child scope `child` (if it has free variables) and
    /// returns the `MAKE_FUNCTION` flag bit for it.
    fn closure(&mut self, code: &Code) -> u32 {
        let frees: Vec<Arc<str>> = code.freevars().cloned().collect();
        if frees.is_empty() {
            return 0;
        }
        for name in &frees {
            let i = match self.unit_ref().find_slot(name) {
                Some(i) => i,
                None => self.unit().slot(name, LocalKind::FREE),
            };
            self.emit(Op::LoadClosure, i);
        }
        self.emit(Op::BuildTuple, frees.len() as u32);
        8
    }

    /// `MAKE_FUNCTION` for a finished code object, the other operands already pushed.
    fn make_function(&mut self, code: Arc<Code>, mut flags: u32) {
        flags |= self.closure(&code);
        self.load_const(Constant::Code(code));
        self.emit(Op::MakeFunction, flags);
    }

    fn push_block(&mut self, b: Block<'a>) {
        self.blocks.last_mut().expect("blocks per unit").push(b);
    }

    fn pop_block(&mut self) {
        self.blocks.last_mut().expect("blocks per unit").pop();
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NameCtx {
    Load,
    Store,
    Delete,
}
