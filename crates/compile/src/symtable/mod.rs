//! The symbol table (CPython's `symtable.c`): one [`Scope`] per module, class, function,
//! lambda and comprehension, each name's flags collected by `build`, then resolved by
//! `analyze` to local, global (explicit or implicit), free or cell.
//!
//! Comprehensions and generator expressions are always their own function scopes here (the
//! rule before Python 3.12): list, set and dict comprehensions are not inlined into their
//! enclosing function as PEP 709 does. Names only a comprehension captures are therefore cells
//! of the enclosing function here, where CPython 3.13 keeps them plain locals; the program
//! behaves the same (the symtable test lists these rows as known differences).

mod analyze;
mod build;

use crate::fxhash::FxHashMap;
use std::sync::Arc;

use ruff_python_ast::ModModule;
use ruff_text_size::TextRange;

use crate::error::CompileError;
use crate::source::Source;

/// Index of a scope in [`SymbolTable::scopes`].
pub type ScopeId = usize;

/// What made a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// The module (or the `eval` expression).
    Module,
    /// A class body.
    Class,
    /// A `def` or `async def`.
    Function,
    /// A `lambda`.
    Lambda,
    /// A list, set or dict comprehension or a generator expression.
    Comprehension,
    /// The scope of a PEP 695 type-parameter list (`<generic parameters of f>`): the type
    /// parameters are its locals; the function or class is its child.
    TypeParams,
    /// A lazily evaluated expression of PEP 695: a bound, constraints or default of a type
    /// parameter, or the value of a `type` alias. Compiled as a function of no arguments.
    Annotation,
}

/// Where a name lives, once analyzed (CPython's `LOCAL`, `GLOBAL_EXPLICIT`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameScope {
    /// Bound in this scope.
    Local,
    /// Declared `global`.
    GlobalExplicit,
    /// Not bound in any enclosing function: looked up in globals, then builtins.
    GlobalImplicit,
    /// Bound in an enclosing function: reached through a cell.
    Free,
    /// Bound here and used by an inner scope: kept in a cell.
    Cell,
}

/// Flags of a name in one scope (CPython's `DEF_*`).
pub mod flags {
    /// Declared `global`.
    pub const GLOBAL: u16 = 1;
    /// Assigned in this scope.
    pub const LOCAL: u16 = 2;
    /// A parameter.
    pub const PARAM: u16 = 4;
    /// Declared `nonlocal`.
    pub const NONLOCAL: u16 = 8;
    /// Read.
    pub const USE: u16 = 16;
    /// A class-scope name that is also free in a method.
    pub const FREE_CLASS: u16 = 32;
    /// Bound by an import.
    pub const IMPORT: u16 = 64;
    /// Annotated.
    pub const ANNOT: u16 = 128;
    /// A comprehension's iteration variable.
    pub const COMP_ITER: u16 = 256;
    /// Bound one way or another.
    pub const BOUND: u16 = LOCAL | PARAM | IMPORT;
}

/// One name of a scope.
#[derive(Clone, Debug)]
pub struct Symbol {
    /// The name.
    pub name: Arc<str>,
    /// `flags::*` bits.
    pub flags: u16,
    /// Where it lives.
    pub scope: NameScope,
}

/// One scope.
#[derive(Debug)]
pub struct Scope {
    /// What made it.
    pub kind: ScopeKind,
    /// Its name (`top` for the module, the function or class name, `lambda`, `listcomp`, ...).
    pub name: Arc<str>,
    /// The syntax node that made it (the key code generation looks it up by).
    pub range: TextRange,
    /// Symbols in first-seen order.
    pub symbols: Vec<Symbol>,
    index: FxHashMap<Arc<str>, usize>,
    /// Parameters in order (positional-only, positional, `*args`, keyword-only, `**kwargs`).
    pub params: Vec<Arc<str>>,
    /// Child scopes in source order.
    pub children: Vec<ScopeId>,
    /// Whether it is nested in a function.
    pub nested: bool,
    /// Contains `yield` or `yield from` (a generator).
    pub generator: bool,
    /// `async def`, or a comprehension with `await` or `async for`.
    pub coroutine: bool,
    /// A class body whose methods use `__class__` or `super`: gets a `__class__` cell.
    pub needs_class_closure: bool,
    /// Uses a free variable of its own (`ste_free`).
    pub has_free: bool,
    /// A child uses free variables (`ste_child_free`).
    pub child_free: bool,
    /// A comprehension: which kind (`listcomp`, `setcomp`, `dictcomp`, `genexpr`).
    pub comprehension: Option<&'static str>,
    /// Offset of the scope (for errors).
    pub(crate) start: u32,
    /// Where each `nonlocal` declaration is (for errors).
    pub(crate) nonlocal_at: Vec<(Arc<str>, u32)>,
}

impl Scope {
    fn new(kind: ScopeKind, name: Arc<str>, range: TextRange, nested: bool) -> Scope {
        Scope {
            kind,
            name,
            range,
            symbols: Vec::new(),
            index: FxHashMap::default(),
            params: Vec::new(),
            children: Vec::new(),
            nested,
            generator: false,
            coroutine: false,
            needs_class_closure: false,
            has_free: false,
            child_free: false,
            comprehension: None,
            start: range.start().to_u32(),
            nonlocal_at: Vec::new(),
        }
    }

    /// The symbol of `name`, if the scope has one.
    pub fn lookup(&self, name: &str) -> Option<&Symbol> {
        self.index.get(name).map(|&i| &self.symbols[i])
    }

    /// Whether the scope uses fast locals (functions, lambdas, comprehensions).
    pub fn is_function_like(&self) -> bool {
        matches!(
            self.kind,
            ScopeKind::Function
                | ScopeKind::Lambda
                | ScopeKind::Comprehension
                | ScopeKind::TypeParams
                | ScopeKind::Annotation
        )
    }

    fn symbol_mut(&mut self, name: &str) -> &mut Symbol {
        let i = match self.index.get(name) {
            Some(&i) => i,
            None => {
                let name: Arc<str> = name.into();
                self.symbols.push(Symbol {
                    name: name.clone(),
                    flags: 0,
                    scope: NameScope::GlobalImplicit,
                });
                self.index.insert(name, self.symbols.len() - 1);
                self.symbols.len() - 1
            }
        };
        &mut self.symbols[i]
    }
}

/// All scopes of one module.
#[derive(Debug)]
pub struct SymbolTable {
    /// Scope `0` is the module.
    pub scopes: Vec<Scope>,
    by_range: FxHashMap<(u32, u32), ScopeId>,
}

impl SymbolTable {
    /// The scope a syntax node made (function, class, lambda, comprehension).
    pub fn scope_of(&self, range: TextRange) -> Option<ScopeId> {
        self.by_range
            .get(&(range.start().to_u32(), range.end().to_u32()))
            .copied()
    }
}

/// Builds and analyzes the symbol table of a module. `future_annotations`: annotations are
/// not evaluated, so their names are not uses.
pub(crate) fn symtable(
    module: &ModModule,
    source: &Source<'_>,
    future_annotations: bool,
) -> Result<SymbolTable, CompileError> {
    let mut table = build::build_module(module, source, future_annotations)?;
    analyze::analyze(&mut table, source)?;
    Ok(table)
}

/// Builds and analyzes the symbol table of an `eval` expression.
pub(crate) fn symtable_expr(
    expr: &ruff_python_ast::Expr,
    source: &Source<'_>,
) -> Result<SymbolTable, CompileError> {
    let mut table = build::build_expr(expr, source)?;
    analyze::analyze(&mut table, source)?;
    Ok(table)
}
