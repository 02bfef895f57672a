//! [`Program::debug_tree`]: an indented dump of the tree with spans, for snapshot tests.
//!
//! One node per line, `role Kind@start..end payload`, children indented by two spaces:
//!
//! ```text
//! Assign@0..9
//!   target Name@0..1 x
//!   value Call@4..9
//!     func Name@4..5 f
//!     arg Int@6..7 1
//! ```

use std::fmt::Write;

use crate::ast::{Constant, Expr, ExprKind, Program, Stmt, StmtKind, Target, TargetKind};
use crate::span::Span;

impl Program {
    /// The tree as indented text, one node per line with its span (see the module docs of
    /// `dump.rs` for the layout). Stable: snapshot tests rely on it.
    pub fn debug_tree(&self) -> String {
        let mut d = Dump::default();
        d.line("", "Program", self.span, "");
        d.depth += 1;
        for stmt in &self.body {
            d.stmt(stmt);
        }
        d.out
    }
}

#[derive(Default)]
struct Dump {
    out: String,
    depth: usize,
}

impl Dump {
    fn line(&mut self, role: &str, kind: &str, span: Span, payload: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        if !role.is_empty() {
            self.out.push_str(role);
            self.out.push(' ');
        }
        let _ = write!(self.out, "{kind}@{span}");
        if !payload.is_empty() {
            self.out.push(' ');
            self.out.push_str(payload);
        }
        self.out.push('\n');
    }

    fn nested(&mut self, f: impl FnOnce(&mut Dump)) {
        self.depth += 1;
        f(self);
        self.depth -= 1;
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Import(aliases) => {
                self.line("", "Import", stmt.span, "");
                self.nested(|d| {
                    for a in aliases {
                        let mut payload = format!("{}@{}", a.name, a.name_span);
                        if let Some(asname) = &a.asname {
                            let _ = write!(payload, " as {}@{}", asname.name, asname.span);
                        }
                        d.line("", "Alias", a.span, &payload);
                    }
                });
            }
            StmtKind::Assign { targets, value } => {
                self.line("", "Assign", stmt.span, "");
                self.nested(|d| {
                    for t in targets {
                        d.target(t);
                    }
                    d.expr("value", value);
                });
            }
            StmtKind::Delete(targets) => {
                self.line("", "Delete", stmt.span, "");
                self.nested(|d| {
                    for t in targets {
                        d.target(t);
                    }
                });
            }
            StmtKind::Expr(e) => {
                self.line("", "Expr", stmt.span, "");
                self.nested(|d| d.expr("", e));
            }
        }
    }

    fn target(&mut self, t: &Target) {
        match &t.kind {
            TargetKind::Name(name) => self.line("target", "Name", t.span, name),
            TargetKind::Attribute { value, attr } => {
                let payload = format!("{}@{}", attr.name, attr.span);
                self.line("target", "Attribute", t.span, &payload);
                self.nested(|d| d.expr("", value));
            }
            TargetKind::Subscript { value, index } => {
                self.line("target", "Subscript", t.span, "");
                self.nested(|d| {
                    d.expr("", value);
                    d.expr("index", index);
                });
            }
        }
    }

    fn expr(&mut self, role: &str, e: &Expr) {
        match &e.kind {
            ExprKind::Constant(c) => {
                let kind = match c {
                    Constant::None => "None",
                    Constant::Bool(_) => "Bool",
                    Constant::Int(_) => "Int",
                    Constant::BigInt(_) => "BigInt",
                    Constant::Float(_) => "Float",
                    Constant::Str(_) => "Str",
                    Constant::Bytes(_) => "Bytes",
                };
                let payload = if *c == Constant::None {
                    String::new()
                } else {
                    c.to_string()
                };
                self.line(role, kind, e.span, &payload);
            }
            ExprKind::Name(name) => self.line(role, "Name", e.span, name),
            ExprKind::Tuple(elts) | ExprKind::List(elts) => {
                let kind = if matches!(e.kind, ExprKind::Tuple(_)) {
                    "Tuple"
                } else {
                    "List"
                };
                self.line(role, kind, e.span, "");
                self.nested(|d| elts.iter().for_each(|x| d.expr("", x)));
            }
            ExprKind::Dict(pairs) => {
                self.line(role, "Dict", e.span, "");
                self.nested(|d| {
                    for (k, v) in pairs {
                        d.expr("key", k);
                        d.expr("value", v);
                    }
                });
            }
            ExprKind::Attribute { value, attr } => {
                let payload = format!("{}@{}", attr.name, attr.span);
                self.line(role, "Attribute", e.span, &payload);
                self.nested(|d| d.expr("", value));
            }
            ExprKind::Subscript { value, index } => {
                self.line(role, "Subscript", e.span, "");
                self.nested(|d| {
                    d.expr("", value);
                    d.expr("index", index);
                });
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.line(role, "Call", e.span, "");
                self.nested(|d| {
                    d.expr("func", func);
                    args.iter().for_each(|a| d.expr("arg", a));
                    for k in keywords {
                        let payload = format!("{}@{}", k.arg.name, k.arg.span);
                        d.line("", "Keyword", k.span, &payload);
                        d.nested(|d| d.expr("", &k.value));
                    }
                });
            }
            ExprKind::Not(operand) => {
                self.line(role, "Not", e.span, "");
                self.nested(|d| d.expr("", operand));
            }
            ExprKind::Neg(operand) => {
                self.line(role, "Neg", e.span, "");
                self.nested(|d| d.expr("", operand));
            }
            ExprKind::Compare { left, ops } => {
                self.line(role, "Compare", e.span, "");
                self.nested(|d| {
                    d.expr("", left);
                    ops.iter().for_each(|(op, right)| d.expr(op.text(), right));
                });
            }
        }
    }
}
