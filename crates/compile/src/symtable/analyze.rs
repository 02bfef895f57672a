//! The second pass of the symbol table (CPython's `analyze_block`): walks the scope tree top
//! down with the names bound in enclosing functions and declared global, and bottom up with the
//! names children use freely, deciding for each name: local, global, free or cell.

use crate::fxhash::FxHashSet;
use std::sync::Arc;

use super::{NameScope, ScopeId, ScopeKind, SymbolTable, flags};
use crate::error::{CompileError, SyntaxErrorKind};
use crate::guard::deep;
use crate::source::Source;

type Names = FxHashSet<Arc<str>>;

pub(super) fn analyze(table: &mut SymbolTable, source: &Source<'_>) -> Result<(), CompileError> {
    let mut free = Names::default();
    let mut global = Names::default();
    block(table, source, 0, None, &mut free, &mut global)
}

/// Analyzes scope `id`. `bound` is `None` at module level (CPython's `bound == NULL`), else the
/// names bound in enclosing function scopes. Adds the names free in this block to `free`.
fn block(
    table: &mut SymbolTable,
    source: &Source<'_>,
    id: ScopeId,
    bound: Option<&Names>,
    free: &mut Names,
    global: &mut Names,
) -> Result<(), CompileError> {
    let kind = table.scopes[id].kind;
    let mut local = Names::default();
    let mut scopes: Vec<NameScope> = Vec::with_capacity(table.scopes[id].symbols.len());
    let mut bound_here: Option<Names> = bound.cloned();
    let mut newglobal = Names::default();
    let mut newfree = Names::default();
    let mut newbound = Names::default();
    if kind == ScopeKind::Class {
        newglobal.clone_from(global);
        if let Some(b) = bound {
            newbound.clone_from(b);
        }
    }
    for i in 0..table.scopes[id].symbols.len() {
        let sym = &table.scopes[id].symbols[i];
        let (name, fl) = (sym.name.clone(), sym.flags);
        let scope = if fl & flags::GLOBAL != 0 {
            if fl & flags::NONLOCAL != 0 {
                return Err(error(
                    source,
                    table,
                    id,
                    format!("name '{name}' is nonlocal and global"),
                ));
            }
            global.insert(name.clone());
            if let Some(b) = bound_here.as_mut() {
                b.remove(&name);
            }
            NameScope::GlobalExplicit
        } else if fl & flags::NONLOCAL != 0 {
            let Some(b) = bound_here.as_ref() else {
                return Err(error(
                    source,
                    table,
                    id,
                    "nonlocal declaration not allowed at module level".into(),
                ));
            };
            if !b.contains(&name) {
                let at = table.scopes[id]
                    .nonlocal_at
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or(table.scopes[id].start, |&(_, at)| at);
                return Err(source
                    .error(
                        SyntaxErrorKind::Syntax,
                        format!("no binding for nonlocal '{name}' found"),
                        at,
                        at,
                    )
                    .into());
            }
            table.scopes[id].has_free = true;
            free.insert(name.clone());
            NameScope::Free
        } else if fl & flags::BOUND != 0 {
            local.insert(name.clone());
            global.remove(&name);
            NameScope::Local
        } else if bound_here.as_ref().is_some_and(|b| b.contains(&name)) {
            table.scopes[id].has_free = true;
            free.insert(name.clone());
            NameScope::Free
        } else {
            if table.scopes[id].nested {
                table.scopes[id].has_free = true;
            }
            NameScope::GlobalImplicit
        };
        scopes.push(scope);
    }
    if kind != ScopeKind::Class {
        if table.scopes[id].is_function_like() {
            newbound.extend(local.iter().cloned());
        }
        if let Some(b) = bound_here.as_ref() {
            newbound.extend(b.iter().cloned());
        }
        newglobal.extend(global.iter().cloned());
    } else {
        newbound.insert("__class__".into());
    }
    let children = table.scopes[id].children.clone();
    // Children of the module get an empty set, not `None`: `nonlocal` in a top-level function
    // finds no binding rather than being "at module level".
    let child_bound = Some(newbound);
    let mut allfree = Names::default();
    for child in children {
        let mut child_free = Names::default();
        let mut child_global = newglobal.clone();
        deep(|| {
            block(
                table,
                source,
                child,
                child_bound.as_ref(),
                &mut child_free,
                &mut child_global,
            )
        })?;
        if table.scopes[child].has_free || table.scopes[child].child_free {
            table.scopes[id].child_free = true;
        }
        allfree.extend(child_free);
    }
    newfree.extend(allfree);
    if table.scopes[id].is_function_like() {
        // Locals used freely by children become cells.
        for (i, sym) in table.scopes[id].symbols.iter().enumerate() {
            if scopes[i] == NameScope::Local && newfree.remove(&sym.name) {
                scopes[i] = NameScope::Cell;
            }
        }
    } else if kind == ScopeKind::Class && newfree.remove("__class__") {
        table.scopes[id].needs_class_closure = true;
    }
    // Record the scopes, then the free names of children that pass through this scope.
    let is_class = kind == ScopeKind::Class;
    let scope = &mut table.scopes[id];
    for (sym, s) in scope.symbols.iter_mut().zip(scopes) {
        sym.scope = s;
    }
    let mut passing: Vec<Arc<str>> = newfree.iter().cloned().collect();
    passing.sort();
    for name in passing {
        if let Some(&i) = scope.index.get(&name) {
            if is_class {
                let sym = &mut scope.symbols[i];
                sym.flags |= flags::FREE_CLASS;
            }
            continue;
        }
        if bound_here.as_ref().is_some_and(|b| !b.contains(&name)) {
            continue;
        }
        if bound_here.is_none() {
            continue;
        }
        let sym = scope.symbol_mut(&name);
        sym.scope = NameScope::Free;
    }
    free.extend(newfree);
    Ok(())
}

fn error(source: &Source<'_>, table: &SymbolTable, id: ScopeId, msg: String) -> CompileError {
    let at = table.scopes[id].start;
    source.error(SyntaxErrorKind::Syntax, msg, at, at).into()
}
