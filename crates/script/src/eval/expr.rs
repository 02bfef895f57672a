//! Expressions: literals, displays, names, attributes, subscripts, calls, `not`, unary minus
//! and comparison chains, each operand evaluated once, left to right.

use subinterp_object::{CompareOp, Kind, Obj, PyErr, PyResult, checked};

use super::Eval;
use crate::ast::{CmpOp, Constant, Expr, ExprKind, Keyword};
use crate::builtins::call_class;

impl<'py> Eval<'_, 'py> {
    /// One expression. Each form has its own (not inlined) function, so that this frame,
    /// which every nesting level repeats, stays small: trees [`MAX_DEPTH`](crate::MAX_DEPTH)
    /// deep must run on a 2 MiB thread stack in a debug build.
    pub(super) fn expr(&mut self, e: &Expr) -> PyResult<Obj<'py>> {
        match &e.kind {
            ExprKind::Constant(c) => self.constant(c),
            ExprKind::Name(name) => self.load_name(name),
            ExprKind::Tuple(items) => self.tuple(items),
            ExprKind::List(items) => self.list(items),
            ExprKind::Dict(pairs) => self.dict(pairs),
            ExprKind::Attribute { value, attr } => self.attribute(value, &attr.name),
            ExprKind::Subscript { value, index } => self.subscript(value, index),
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(func, args, keywords),
            ExprKind::Not(operand) => self.not(operand),
            ExprKind::Neg(operand) => self.neg(operand),
            ExprKind::Compare { left, ops } => self.compare(left, ops),
        }
    }

    /// Evaluates `items` left to right.
    fn exprs(&mut self, items: &[Expr]) -> PyResult<Vec<Obj<'py>>> {
        let mut out = Vec::with_capacity(items.len());
        for e in items {
            out.push(self.expr(e)?);
        }
        Ok(out)
    }

    #[inline(never)]
    fn tuple(&mut self, items: &[Expr]) -> PyResult<Obj<'py>> {
        let items = self.exprs(items)?;
        self.py.tuple(&items)
    }

    #[inline(never)]
    fn list(&mut self, items: &[Expr]) -> PyResult<Obj<'py>> {
        let items = self.exprs(items)?;
        self.py.list(&items)
    }

    /// Every key and value is evaluated before the first insert (`BUILD_MAP`), so
    /// `{[]: undefined}` is a NameError, not the unhashable key's TypeError.
    #[inline(never)]
    fn dict(&mut self, pairs: &[(Expr, Expr)]) -> PyResult<Obj<'py>> {
        let mut kv = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            let k = self.expr(k)?;
            kv.push((k, self.expr(v)?));
        }
        let d = self.py.dict()?;
        for (k, v) in &kv {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    #[inline(never)]
    fn attribute(&mut self, value: &Expr, name: &str) -> PyResult<Obj<'py>> {
        self.expr(value)?.getattr(name)
    }

    #[inline(never)]
    fn subscript(&mut self, value: &Expr, index: &Expr) -> PyResult<Obj<'py>> {
        let container = self.expr(value)?;
        let key = self.expr(index)?;
        container.get_item(&key)
    }

    #[inline(never)]
    fn not(&mut self, operand: &Expr) -> PyResult<Obj<'py>> {
        let v = self.expr(operand)?;
        Ok(self.py.bool(!v.is_truthy()?))
    }

    #[inline(never)]
    fn neg(&mut self, operand: &Expr) -> PyResult<Obj<'py>> {
        negate(&self.expr(operand)?)
    }

    fn constant(&self, c: &Constant) -> PyResult<Obj<'py>> {
        let py = self.py;
        match c {
            Constant::None => Ok(py.none()),
            Constant::Bool(b) => Ok(py.bool(*b)),
            Constant::Int(v) => py.int(*v),
            // Ints are 64-bit here: a literal beyond them is the overflow CPython reports
            // when a big int meets a C long.
            Constant::BigInt(_) => checked(None).and_then(|v| py.int(v)),
            Constant::Float(x) => py.float(*x),
            Constant::Str(s) => py.str(s),
            Constant::Bytes(b) => py.bytes(b),
        }
    }

    /// `func(args..., name=value...)`: the callee, then the positional arguments, then the
    /// keyword values. `print` and `reload` run with the host; classes run their constructor.
    #[inline(never)]
    fn call(&mut self, func: &Expr, args: &[Expr], keywords: &[Keyword]) -> PyResult<Obj<'py>> {
        let f = self.expr(func)?;
        let args = self.exprs(args)?;
        let mut kwargs = Vec::with_capacity(keywords.len());
        for k in keywords {
            kwargs.push((k.arg.name.as_str(), self.expr(&k.value)?));
        }
        match f.kind() {
            Kind::Func => match self.host.builtins().special(&f) {
                Some(b) => b.call(self.py, self.host, &args, &kwargs),
                None => f.call(&args, &kwargs),
            },
            Kind::Type => call_class(&f, &args, &kwargs),
            _ => f.call(&args, &kwargs),
        }
    }

    /// `left op1 c1 op2 c2 ...`: true when every pair is; each operand is evaluated once,
    /// and the chain stops at the first false pair without evaluating the rest.
    #[inline(never)]
    fn compare(&mut self, left: &Expr, ops: &[(CmpOp, Expr)]) -> PyResult<Obj<'py>> {
        let mut l = self.expr(left)?;
        for (op, right) in ops {
            let r = self.expr(right)?;
            if !compare(*op, &l, &r)? {
                return Ok(self.py.bool(false));
            }
            l = r;
        }
        // A chain of true pairs; an empty chain (not made by the parser) is its operand.
        Ok(if ops.is_empty() {
            l
        } else {
            self.py.bool(true)
        })
    }
}

/// One comparison.
fn compare<'py>(op: CmpOp, l: &Obj<'py>, r: &Obj<'py>) -> PyResult<bool> {
    let rich = |op| l.compare(r, op);
    match op {
        CmpOp::Eq => rich(CompareOp::Eq),
        CmpOp::NotEq => rich(CompareOp::Ne),
        CmpOp::Lt => rich(CompareOp::Lt),
        CmpOp::LtE => rich(CompareOp::Le),
        CmpOp::Gt => rich(CompareOp::Gt),
        CmpOp::GtE => rich(CompareOp::Ge),
        CmpOp::Is => Ok(l.is(r)),
        CmpOp::IsNot => Ok(!l.is(r)),
        CmpOp::In => r.contains(l),
        CmpOp::NotIn => Ok(!r.contains(l)?),
    }
}

/// `-x` for an int, bool or float.
fn negate<'py>(v: &Obj<'py>) -> PyResult<Obj<'py>> {
    let py = v.py();
    match v.kind() {
        Kind::Int | Kind::Bool => py.int(checked(v.as_i64().unwrap_or_default().checked_neg())?),
        Kind::Float => py.float(-v.as_f64().unwrap_or_default()),
        _ => Err(PyErr::type_error(format!(
            "bad operand type for unary -: '{}'",
            v.type_name()
        ))),
    }
}
