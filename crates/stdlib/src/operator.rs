//! `operator`: every function of CPython 3.13's module (with the dunder aliases, which are
//! the same function objects), over the vm's object protocol; `attrgetter`, `itemgetter` and
//! `methodcaller` are callable native classes (`operator_getters.rs`).

use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};
use subinterp_vm::{Args, BinOp, BuiltinDef, CmpOp, Op, Tstate, register_class};

use crate::StdModule;
use crate::args::{add_functions, not_an_integer};

/// The `operator` module.
pub(crate) const MODULE: StdModule = StdModule {
    name: "operator",
    doc: "Operator interface.\n\nThis module exports a set of functions implemented in C \
          corresponding\nto the intrinsic operators of Python.  For example, operator.add(x, \
          y)\nis equivalent to the expression x+y.  The function names are those\nused for \
          special methods; variants without leading and trailing\n'__' are also provided for \
          convenience.",
    exec,
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    add_functions(m, &FUNCTIONS)?;
    // The dunder names are the same function objects (`operator.__add__ is operator.add`).
    let dict = m.module_dict()?;
    for (alias, name) in ALIASES {
        if let Some(f) = dict.dict_get_str(name)? {
            dict.set_item(&py.str(alias)?, &f)?;
        }
    }
    for class in &crate::operator_getters::CLASSES {
        register_class(py, class);
        m.setattr(class.ty.name(), &class.ty.get(py))?;
    }
    Ok(())
}

fn two<'a, 'py>(a: &Args<'a, 'py>, name: &str) -> PyResult<(&'a Obj<'py>, &'a Obj<'py>)> {
    let v = a.exactly(name, 2)?;
    Ok((&v[0], &v[1]))
}

fn one<'a, 'py>(a: &Args<'a, 'py>, name: &str) -> PyResult<&'a Obj<'py>> {
    Ok(&a.exactly(name, 1)?[0])
}

macro_rules! binary {
    ($($fname:ident = $name:literal, $op:ident, $inplace:literal;)*) => {
        $(
            fn $fname<'py>(
                ts: &mut Tstate<'py>,
                _: Option<&Obj<'py>>,
                a: Args<'_, 'py>,
            ) -> PyResult<Obj<'py>> {
                let (x, y) = two(&a, $name)?;
                ts.binary(BinOp::$op, $inplace, x, y)
            }
        )*
    };
}

binary! {
    add = "add", Add, false;
    and_ = "and_", And, false;
    floordiv = "floordiv", FloorDivide, false;
    lshift = "lshift", Lshift, false;
    matmul = "matmul", MatrixMultiply, false;
    mod_ = "mod", Remainder, false;
    mul = "mul", Multiply, false;
    or_ = "or_", Or, false;
    pow = "pow", Power, false;
    rshift = "rshift", Rshift, false;
    sub = "sub", Subtract, false;
    truediv = "truediv", TrueDivide, false;
    xor = "xor", Xor, false;
    iadd = "iadd", Add, true;
    iand = "iand", And, true;
    ifloordiv = "ifloordiv", FloorDivide, true;
    ilshift = "ilshift", Lshift, true;
    imatmul = "imatmul", MatrixMultiply, true;
    imod = "imod", Remainder, true;
    imul = "imul", Multiply, true;
    ior = "ior", Or, true;
    ipow = "ipow", Power, true;
    irshift = "irshift", Rshift, true;
    isub = "isub", Subtract, true;
    itruediv = "itruediv", TrueDivide, true;
    ixor = "ixor", Xor, true;
}

macro_rules! comparisons {
    ($($fname:ident = $name:literal, $op:ident;)*) => {
        $(
            fn $fname<'py>(
                ts: &mut Tstate<'py>,
                _: Option<&Obj<'py>>,
                a: Args<'_, 'py>,
            ) -> PyResult<Obj<'py>> {
                let (x, y) = two(&a, $name)?;
                let r = ts.compare(CmpOp::$op, x, y)?;
                Ok(ts.py().bool(r))
            }
        )*
    };
}

comparisons! {
    lt = "lt", Lt;
    le = "le", Le;
    eq = "eq", Eq;
    ne = "ne", Ne;
    gt = "gt", Gt;
    ge = "ge", Ge;
}

macro_rules! unary {
    ($($fname:ident = $name:literal, $op:ident;)*) => {
        $(
            fn $fname<'py>(
                ts: &mut Tstate<'py>,
                _: Option<&Obj<'py>>,
                a: Args<'_, 'py>,
            ) -> PyResult<Obj<'py>> {
                let x = one(&a, $name)?;
                ts.unary(Op::$op, x)
            }
        )*
    };
}

unary! {
    neg = "neg", UnaryNegative;
    pos = "pos", UnaryPositive;
    inv = "inv", UnaryInvert;
    invert = "invert", UnaryInvert;
}

/// A builtin function of the running interpreter (`abs`), called with `args`.
fn call_builtin<'py>(ts: &mut Tstate<'py>, name: &str, args: &[Obj<'py>]) -> PyResult<Obj<'py>> {
    let f = ts
        .builtins()
        .dict_get_str(name)?
        .ok_or_else(|| PyErr::new(&exc::SYSTEM_ERROR, format!("no builtin {name}")))?;
    ts.call(&f, Args::positional(args))
}

fn abs<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let x = one(&a, "abs")?.clone();
    call_builtin(ts, "abs", &[x])
}

fn not_<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let x = one(&a, "not_")?;
    let r = ts.is_true(x)?;
    Ok(ts.py().bool(!r))
}

fn truth<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let x = one(&a, "truth")?;
    let r = ts.is_true(x)?;
    Ok(ts.py().bool(r))
}

fn is_<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let (x, y) = two(&a, "is_")?;
    Ok(ts.py().bool(x.is(y)))
}

fn is_not<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let (x, y) = two(&a, "is_not")?;
    Ok(ts.py().bool(!x.is(y)))
}

fn index<'py>(_: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let x = one(&a, "index")?;
    match x.kind() {
        Kind::Int => Ok(x.clone()),
        Kind::Bool => x.py().int(i64::from(x.as_bool() == Some(true))),
        _ => Err(not_an_integer(x)),
    }
}

/// Whether `v` is a sequence (`PySequence_Check` for the builtin types).
fn is_sequence(v: &Obj<'_>) -> bool {
    matches!(v.kind(), Kind::List | Kind::Tuple | Kind::Str | Kind::Bytes)
}

fn concat_of<'py>(
    ts: &mut Tstate<'py>,
    a: &Args<'_, 'py>,
    name: &str,
    inplace: bool,
) -> PyResult<Obj<'py>> {
    let (x, y) = two(a, name)?;
    if !is_sequence(x) {
        return Err(PyErr::type_error(format!(
            "'{}' object can't be concatenated",
            x.type_name()
        )));
    }
    ts.binary(BinOp::Add, inplace, x, y)
}

fn concat<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    concat_of(ts, &a, "concat", false)
}

fn iconcat<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    concat_of(ts, &a, "iconcat", true)
}

fn contains<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (x, y) = two(&a, "contains")?;
    let r = ts.contains_item(x, y)?;
    Ok(ts.py().bool(r))
}

/// Walks `seq` for items equal to `item` (identity first, as CPython's
/// `PySequence_Count`/`PySequence_Index`); `first`: stop at the first.
fn search<'py>(
    ts: &mut Tstate<'py>,
    seq: &Obj<'py>,
    item: &Obj<'py>,
    first: bool,
) -> PyResult<(usize, Option<usize>)> {
    let it = ts.get_iter(seq)?;
    let (mut count, mut i) = (0, 0);
    while let Some(v) = ts.next_item(&it)? {
        if ts.equal(&v, item)? {
            if first {
                return Ok((1, Some(i)));
            }
            count += 1;
        }
        i += 1;
    }
    Ok((count, None))
}

fn count_of<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (x, y) = two(&a, "countOf")?;
    let (n, _) = search(ts, x, y, false)?;
    ts.py().int(n as i64)
}

fn index_of<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (x, y) = two(&a, "indexOf")?;
    match search(ts, x, y, true)?.1 {
        Some(i) => ts.py().int(i as i64),
        None => Err(PyErr::new(
            &exc::VALUE_ERROR,
            "sequence.index(x): x not in sequence",
        )),
    }
}

fn getitem<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (x, y) = two(&a, "getitem")?;
    ts.get_item(x, y)
}

fn setitem<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.exactly("setitem", 3)?;
    ts.set_item(&v[0], &v[1], &v[2])?;
    Ok(ts.py().none())
}

fn delitem<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let (x, y) = two(&a, "delitem")?;
    ts.del_item(x, y)?;
    Ok(ts.py().none())
}

fn length_hint<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let v = a.between("length_hint", 1, 2)?;
    let default = match v.get(1) {
        Some(d) if matches!(d.kind(), Kind::Int | Kind::Bool) => d.clone(),
        Some(d) => return Err(not_an_integer(d)),
        None => ts.py().int(0)?,
    };
    match ts.length(&v[0]) {
        Ok(n) => ts.py().int(n as i64),
        Err(e) if e.is(&exc::TYPE_ERROR) => Ok(default),
        Err(e) => Err(e),
    }
}

fn call<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let Some((f, rest)) = a.pos.split_first() else {
        return Err(PyErr::type_error(
            "call() missing required argument 'obj' (pos 1)",
        ));
    };
    ts.call(
        f,
        Args {
            pos: rest,
            kw: a.kw,
        },
    )
}

/// The dunder names and the function each names.
const ALIASES: [(&str, &str); 46] = [
    ("__abs__", "abs"),
    ("__add__", "add"),
    ("__and__", "and_"),
    ("__call__", "call"),
    ("__concat__", "concat"),
    ("__contains__", "contains"),
    ("__delitem__", "delitem"),
    ("__eq__", "eq"),
    ("__floordiv__", "floordiv"),
    ("__ge__", "ge"),
    ("__getitem__", "getitem"),
    ("__gt__", "gt"),
    ("__iadd__", "iadd"),
    ("__iand__", "iand"),
    ("__iconcat__", "iconcat"),
    ("__ifloordiv__", "ifloordiv"),
    ("__ilshift__", "ilshift"),
    ("__imatmul__", "imatmul"),
    ("__imod__", "imod"),
    ("__imul__", "imul"),
    ("__index__", "index"),
    ("__inv__", "inv"),
    ("__invert__", "invert"),
    ("__ior__", "ior"),
    ("__ipow__", "ipow"),
    ("__irshift__", "irshift"),
    ("__isub__", "isub"),
    ("__itruediv__", "itruediv"),
    ("__ixor__", "ixor"),
    ("__le__", "le"),
    ("__lshift__", "lshift"),
    ("__lt__", "lt"),
    ("__matmul__", "matmul"),
    ("__mod__", "mod"),
    ("__mul__", "mul"),
    ("__ne__", "ne"),
    ("__neg__", "neg"),
    ("__not__", "not_"),
    ("__or__", "or_"),
    ("__pos__", "pos"),
    ("__pow__", "pow"),
    ("__rshift__", "rshift"),
    ("__setitem__", "setitem"),
    ("__sub__", "sub"),
    ("__truediv__", "truediv"),
    ("__xor__", "xor"),
];

static FUNCTIONS: [BuiltinDef; 52] = [
    BuiltinDef {
        name: "abs",
        func: abs,
    },
    BuiltinDef {
        name: "add",
        func: add,
    },
    BuiltinDef {
        name: "and_",
        func: and_,
    },
    BuiltinDef {
        name: "call",
        func: call,
    },
    BuiltinDef {
        name: "concat",
        func: concat,
    },
    BuiltinDef {
        name: "contains",
        func: contains,
    },
    BuiltinDef {
        name: "countOf",
        func: count_of,
    },
    BuiltinDef {
        name: "delitem",
        func: delitem,
    },
    BuiltinDef {
        name: "eq",
        func: eq,
    },
    BuiltinDef {
        name: "floordiv",
        func: floordiv,
    },
    BuiltinDef {
        name: "ge",
        func: ge,
    },
    BuiltinDef {
        name: "getitem",
        func: getitem,
    },
    BuiltinDef {
        name: "gt",
        func: gt,
    },
    BuiltinDef {
        name: "iadd",
        func: iadd,
    },
    BuiltinDef {
        name: "iand",
        func: iand,
    },
    BuiltinDef {
        name: "iconcat",
        func: iconcat,
    },
    BuiltinDef {
        name: "ifloordiv",
        func: ifloordiv,
    },
    BuiltinDef {
        name: "ilshift",
        func: ilshift,
    },
    BuiltinDef {
        name: "imatmul",
        func: imatmul,
    },
    BuiltinDef {
        name: "imod",
        func: imod,
    },
    BuiltinDef {
        name: "imul",
        func: imul,
    },
    BuiltinDef {
        name: "index",
        func: index,
    },
    BuiltinDef {
        name: "indexOf",
        func: index_of,
    },
    BuiltinDef {
        name: "inv",
        func: inv,
    },
    BuiltinDef {
        name: "invert",
        func: invert,
    },
    BuiltinDef {
        name: "ior",
        func: ior,
    },
    BuiltinDef {
        name: "ipow",
        func: ipow,
    },
    BuiltinDef {
        name: "irshift",
        func: irshift,
    },
    BuiltinDef {
        name: "is_",
        func: is_,
    },
    BuiltinDef {
        name: "is_not",
        func: is_not,
    },
    BuiltinDef {
        name: "isub",
        func: isub,
    },
    BuiltinDef {
        name: "itruediv",
        func: itruediv,
    },
    BuiltinDef {
        name: "ixor",
        func: ixor,
    },
    BuiltinDef {
        name: "le",
        func: le,
    },
    BuiltinDef {
        name: "length_hint",
        func: length_hint,
    },
    BuiltinDef {
        name: "lshift",
        func: lshift,
    },
    BuiltinDef {
        name: "lt",
        func: lt,
    },
    BuiltinDef {
        name: "matmul",
        func: matmul,
    },
    BuiltinDef {
        name: "mod",
        func: mod_,
    },
    BuiltinDef {
        name: "mul",
        func: mul,
    },
    BuiltinDef {
        name: "ne",
        func: ne,
    },
    BuiltinDef {
        name: "neg",
        func: neg,
    },
    BuiltinDef {
        name: "not_",
        func: not_,
    },
    BuiltinDef {
        name: "or_",
        func: or_,
    },
    BuiltinDef {
        name: "pos",
        func: pos,
    },
    BuiltinDef {
        name: "pow",
        func: pow,
    },
    BuiltinDef {
        name: "rshift",
        func: rshift,
    },
    BuiltinDef {
        name: "setitem",
        func: setitem,
    },
    BuiltinDef {
        name: "sub",
        func: sub,
    },
    BuiltinDef {
        name: "truediv",
        func: truediv,
    },
    BuiltinDef {
        name: "truth",
        func: truth,
    },
    BuiltinDef {
        name: "xor",
        func: xor,
    },
];
