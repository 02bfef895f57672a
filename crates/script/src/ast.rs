//! The syntax tree the evaluator consumes.
//!
//! Shaped like CPython's `ast` module, cut down to the statement language: a [`Program`] is
//! a list of [`Stmt`]s, each an import, an assignment, a `del` or a bare expression. Every node
//! carries the [`Span`] of its source text. Assignment and `del` targets are their own type
//! ([`Target`]): the parser has already rejected everything that cannot be assigned to, with
//! CPython's messages.
//!
//! `Display` on any node prints canonical source text that parses back to the same tree
//! (spans aside); [`Program::debug_tree`] prints an indented tree with spans for snapshots.

use std::fmt;

use crate::span::Span;

/// A parsed source text: statements in source order.
#[derive(Clone, PartialEq, Debug)]
pub struct Program {
    /// The statements.
    pub body: Vec<Stmt>,
    /// The whole text.
    pub span: Span,
}

/// One statement.
#[derive(Clone, PartialEq, Debug)]
pub struct Stmt {
    /// What it is.
    pub kind: StmtKind,
    /// From its first token to its last (the `;` or line break after it excluded).
    pub span: Span,
}

/// The statement forms.
#[derive(Clone, PartialEq, Debug)]
pub enum StmtKind {
    /// `import a.b [as x], c ...`: one alias per imported module, imported left to right.
    Import(Vec<Alias>),
    /// `t1 = t2 = ... = value`: `value` is evaluated once, then assigned to each target from
    /// left to right (Python's order).
    Assign {
        /// The targets, at least one.
        targets: Vec<Target>,
        /// The value.
        value: Expr,
    },
    /// `del t1, t2, ...`: each target deleted from left to right.
    Delete(Vec<Target>),
    /// A bare expression (printed like the interactive prompt when not `None`).
    Expr(Expr),
}

/// One `a.b [as x]` of an import.
#[derive(Clone, PartialEq, Debug)]
pub struct Alias {
    /// The full dotted module name, `a.b`.
    pub name: String,
    /// Span of the dotted name.
    pub name_span: Span,
    /// The `as` name, if any.
    pub asname: Option<Ident>,
    /// From the first name to the end of the alias.
    pub span: Span,
}

impl Alias {
    /// The name the import binds in the namespace: the `as` name, else the first component
    /// of the dotted name (`import a.b` binds `a`, to the top-level package).
    pub fn binding(&self) -> &str {
        match &self.asname {
            Some(id) => &id.name,
            None => self.name.split('.').next().unwrap_or(&self.name),
        }
    }
}

/// An identifier with its span.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Ident {
    /// The identifier.
    pub name: String,
    /// Where it is.
    pub span: Span,
}

/// Something that can be assigned to or deleted.
#[derive(Clone, PartialEq, Debug)]
pub struct Target {
    /// What it is.
    pub kind: TargetKind,
    /// Its source text (parentheses around a name included).
    pub span: Span,
}

/// The target forms.
#[derive(Clone, PartialEq, Debug)]
pub enum TargetKind {
    /// `name`: binds in (or deletes from) the `__main__` namespace.
    Name(String),
    /// `value.attr`: sets (or deletes) an attribute of the value.
    Attribute {
        /// The object.
        value: Box<Expr>,
        /// The attribute name.
        attr: Ident,
    },
    /// `value[index]`: sets (or deletes) an item of the value.
    Subscript {
        /// The container.
        value: Box<Expr>,
        /// The key; `x[a, b]` has a [`ExprKind::Tuple`] key, as in Python.
        index: Box<Expr>,
    },
}

/// An expression.
#[derive(Clone, PartialEq, Debug)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Its source text. For a literal with a folded minus sign the sign is included; for a
    /// parenthesised expression the parentheses are not (as in CPython), except for tuples.
    pub span: Span,
}

/// The expression forms.
#[derive(Clone, PartialEq, Debug)]
pub enum ExprKind {
    /// A literal. A minus sign directly before a number literal is folded into it, so `-2`
    /// is `Int(-2)` and `-9223372036854775808` is `Int(i64::MIN)`.
    Constant(Constant),
    /// A name, looked up in `__main__`, then in builtins.
    Name(String),
    /// `(a, b)`, `(a,)`, `()`, and bare `a, b` where Python allows it.
    Tuple(Vec<Expr>),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `{k: v, ...}`: pairs in source order (evaluated key then value, left to right).
    Dict(Vec<(Expr, Expr)>),
    /// `value.attr`.
    Attribute {
        /// The object.
        value: Box<Expr>,
        /// The attribute name.
        attr: Ident,
    },
    /// `value[index]`.
    Subscript {
        /// The container.
        value: Box<Expr>,
        /// The key (a [`ExprKind::Tuple`] for `x[a, b]`).
        index: Box<Expr>,
    },
    /// `func(args..., name=value...)`: positional arguments always come first.
    Call {
        /// The callee.
        func: Box<Expr>,
        /// Positional arguments.
        args: Vec<Expr>,
        /// Keyword arguments, names unique.
        keywords: Vec<Keyword>,
    },
    /// `not operand`.
    Not(Box<Expr>),
    /// `-operand` where the operand is not a number literal.
    Neg(Box<Expr>),
    /// `left op1 c1 op2 c2 ...`: Python's chained comparison, true when every pair
    /// `(left op1 c1)`, `(c1 op2 c2)`, ... is, each operand evaluated at most once and the
    /// chain stopping at the first false pair.
    Compare {
        /// The first operand.
        left: Box<Expr>,
        /// The operators with their right operands, at least one.
        ops: Vec<(CmpOp, Expr)>,
    },
}

/// A keyword argument `name=value`.
#[derive(Clone, PartialEq, Debug)]
pub struct Keyword {
    /// The parameter name.
    pub arg: Ident,
    /// The value.
    pub value: Expr,
    /// From the name to the end of the value.
    pub span: Span,
}

/// Comparison operators.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtE,
    /// `>`
    Gt,
    /// `>=`
    GtE,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

impl CmpOp {
    /// The operator as written in source.
    pub const fn text(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
        }
    }
}

/// A literal value.
#[derive(Clone, PartialEq, Debug)]
pub enum Constant {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// An integer that does not fit in `i64`; the evaluator raises `OverflowError` for it
    /// unless the object model grows big integers.
    BigInt(BigInt),
    /// A float (`1.5`, `1e3`, `.5`; `1e400` is infinity, as in Python).
    Float(f64),
    /// A `str` literal, escapes decoded (adjacent literals concatenated).
    Str(String),
    /// A `bytes` literal, escapes decoded (adjacent literals concatenated).
    Bytes(Vec<u8>),
}

/// An integer literal outside `i64`, kept as its digits.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct BigInt {
    /// Whether a minus sign was folded in.
    pub negative: bool,
    /// 2, 8, 10 or 16.
    pub radix: u32,
    /// The digits in `radix`, without prefix, underscores or leading zeros.
    pub digits: String,
}

impl BigInt {
    /// The value if it fits in `i64` (only `-2**63` can, after negation).
    pub fn to_i64(&self) -> Option<i64> {
        let magnitude = u128::from_str_radix(&self.digits, self.radix).ok()?;
        if self.negative {
            0i128
                .checked_sub_unsigned(magnitude)
                .and_then(|v| i64::try_from(v).ok())
        } else {
            i64::try_from(magnitude).ok()
        }
    }

    /// The number with the opposite sign.
    pub(crate) fn negated(&self) -> Constant {
        let neg = BigInt {
            negative: !self.negative,
            ..self.clone()
        };
        match neg.to_i64() {
            Some(v) => Constant::Int(v),
            None => Constant::BigInt(neg),
        }
    }
}

impl fmt::Display for BigInt {
    /// Source form: `-0x...`, `123...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.radix {
            2 => "0b",
            8 => "0o",
            16 => "0x",
            _ => "",
        };
        let sign = if self.negative { "-" } else { "" };
        write!(f, "{sign}{prefix}{}", self.digits)
    }
}

impl Constant {
    /// The literal with the opposite sign, for a number (`None` for anything else).
    pub(crate) fn negated(&self) -> Option<Constant> {
        Some(match self {
            Constant::Int(v) => match v.checked_neg() {
                Some(n) => Constant::Int(n),
                None => Constant::BigInt(BigInt {
                    negative: false,
                    radix: 10,
                    digits: v.unsigned_abs().to_string(),
                }),
            },
            Constant::BigInt(b) => b.negated(),
            Constant::Float(x) => Constant::Float(-x),
            _ => return None,
        })
    }

    /// Whether this is a number literal (`Int`, `BigInt`, `Float`).
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            Constant::Int(_) | Constant::BigInt(_) | Constant::Float(_)
        )
    }
}
