//! `Display` for the syntax tree: canonical source text that parses back to the same tree.
//!
//! Tuples are always parenthesised, strings use Python's `repr` quoting, and parentheses are
//! added exactly where precedence needs them (`(not x) == y`, `(a < b) < c`, `(1).real`).

use std::fmt::{self, Display, Formatter, Write};

use crate::ast::{
    Alias, BigInt, Constant, Expr, ExprKind, Keyword, Program, Stmt, StmtKind, Target, TargetKind,
};
use subinterp_object::{bytes_repr, str_repr};

/// Binding strength, loosest first.
const NOT: u8 = 1;
const CMP: u8 = 2;
const NEG: u8 = 3;
const PRIMARY: u8 = 4;

impl Display for Program {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, stmt) in self.body.iter().enumerate() {
            if i > 0 {
                f.write_char('\n')?;
            }
            write!(f, "{stmt}")?;
        }
        Ok(())
    }
}

impl Display for Stmt {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            StmtKind::Import(aliases) => {
                f.write_str("import ")?;
                sep(f, aliases, ", ")
            }
            StmtKind::Assign { targets, value } => {
                for t in targets {
                    write!(f, "{t} = ")?;
                }
                write!(f, "{value}")
            }
            StmtKind::Delete(targets) => {
                f.write_str("del ")?;
                sep(f, targets, ", ")
            }
            StmtKind::Expr(e) => write!(f, "{e}"),
        }
    }
}

impl Display for Alias {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if let Some(asname) = &self.asname {
            write!(f, " as {}", asname.name)?;
        }
        Ok(())
    }
}

impl Display for Target {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            TargetKind::Name(name) => f.write_str(name),
            TargetKind::Attribute { value, attr } => {
                attr_base(f, value)?;
                write!(f, ".{}", attr.name)
            }
            TargetKind::Subscript { value, index } => {
                expr(f, value, PRIMARY)?;
                write!(f, "[{index}]")
            }
        }
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        expr(f, self, 0)
    }
}

impl Display for Keyword {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.arg.name, self.value)
    }
}

impl Display for Constant {
    /// Source form: `None`, `True`, `-2`, `1.5`, `'s'`, `b'by'`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Constant::None => f.write_str("None"),
            Constant::Bool(true) => f.write_str("True"),
            Constant::Bool(false) => f.write_str("False"),
            Constant::Int(v) => write!(f, "{v}"),
            Constant::BigInt(b) => write!(f, "{b}"),
            // `1e400` reads as infinity, so that is how infinity is written.
            Constant::Float(x) if x.is_infinite() => {
                f.write_str(if *x < 0.0 { "-1e309" } else { "1e309" })
            }
            Constant::Float(x) => write!(f, "{x:?}"),
            Constant::Str(s) => f.write_str(&str_repr(s)),
            Constant::Bytes(b) => f.write_str(&bytes_repr(b)),
        }
    }
}

fn prec(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Not(_) => NOT,
        ExprKind::Compare { .. } => CMP,
        ExprKind::Neg(_) => NEG,
        ExprKind::Constant(c) if is_negative(c) => NEG,
        _ => PRIMARY,
    }
}

fn is_negative(c: &Constant) -> bool {
    match c {
        Constant::Int(v) => *v < 0,
        Constant::BigInt(BigInt { negative, .. }) => *negative,
        Constant::Float(x) => x.is_sign_negative(),
        _ => false,
    }
}

fn expr(f: &mut Formatter<'_>, e: &Expr, min: u8) -> fmt::Result {
    if prec(e) < min {
        f.write_char('(')?;
        expr(f, e, 0)?;
        return f.write_char(')');
    }
    match &e.kind {
        ExprKind::Constant(c) => write!(f, "{c}"),
        ExprKind::Name(name) => f.write_str(name),
        ExprKind::Tuple(elts) => {
            f.write_char('(')?;
            sep(f, elts, ", ")?;
            if elts.len() == 1 {
                f.write_char(',')?;
            }
            f.write_char(')')
        }
        ExprKind::List(elts) => {
            f.write_char('[')?;
            sep(f, elts, ", ")?;
            f.write_char(']')
        }
        ExprKind::Dict(pairs) => {
            f.write_char('{')?;
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{k}: {v}")?;
            }
            f.write_char('}')
        }
        ExprKind::Attribute { value, attr } => {
            attr_base(f, value)?;
            write!(f, ".{}", attr.name)
        }
        ExprKind::Subscript { value, index } => {
            expr(f, value, PRIMARY)?;
            write!(f, "[{index}]")
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            expr(f, func, PRIMARY)?;
            f.write_char('(')?;
            sep(f, args, ", ")?;
            if !args.is_empty() && !keywords.is_empty() {
                f.write_str(", ")?;
            }
            sep(f, keywords, ", ")?;
            f.write_char(')')
        }
        ExprKind::Not(operand) => {
            f.write_str("not ")?;
            expr(f, operand, NOT)
        }
        ExprKind::Neg(operand) => {
            f.write_char('-')?;
            expr(f, operand, NEG)
        }
        ExprKind::Compare { left, ops } => {
            expr(f, left, NEG)?;
            for (op, right) in ops {
                write!(f, " {} ", op.text())?;
                expr(f, right, NEG)?;
            }
            Ok(())
        }
    }
}

/// `1.real` would lex as a malformed number, so number literals get parentheses.
fn attr_base(f: &mut Formatter<'_>, value: &Expr) -> fmt::Result {
    match &value.kind {
        ExprKind::Constant(c) if c.is_number() => write!(f, "({value})"),
        _ => expr(f, value, PRIMARY),
    }
}

fn sep<T: Display>(f: &mut Formatter<'_>, items: &[T], by: &str) -> fmt::Result {
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(by)?;
        }
        write!(f, "{it}")?;
    }
    Ok(())
}
