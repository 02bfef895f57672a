//! `string`: the character-class constants and `capwords` (CPython's `string.py`; its
//! `Formatter` and `Template` classes are not provided).

use subinterp_object::{Obj, PyResult};
use subinterp_vm::{Args, BuiltinDef, Tstate};

use crate::StdModule;
use crate::args::add_functions;

/// The `string` module.
pub(crate) const MODULE: StdModule = StdModule {
    name: "string",
    doc: "A collection of string constants.",
    exec,
};

const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";
const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const WHITESPACE: &str = " \t\n\r\x0b\x0c";

fn exec(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    add_functions(m, &FUNCTIONS)?;
    let letters = format!("{LOWER}{UPPER}");
    let printable = format!("{DIGITS}{letters}{PUNCTUATION}{WHITESPACE}");
    for (name, v) in [
        ("ascii_lowercase", LOWER),
        ("ascii_uppercase", UPPER),
        ("ascii_letters", letters.as_str()),
        ("digits", DIGITS),
        ("hexdigits", "0123456789abcdefABCDEF"),
        ("octdigits", "01234567"),
        ("punctuation", PUNCTUATION),
        ("whitespace", WHITESPACE),
        ("printable", printable.as_str()),
    ] {
        m.setattr(name, &py.str(v)?)?;
    }
    Ok(())
}

/// `capwords(s, sep=None)`: `(sep or ' ').join(w.capitalize() for w in s.split(sep))`, with
/// the str methods of the loop.
fn capwords<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [s, sep] = crate::pyargs::bind_function(&a, "capwords", ["s", "sep"], 1)?;
    let py = ts.py();
    let s = s.unwrap_or_else(|| py.none());
    let sep = sep.unwrap_or_else(|| py.none());
    let split = ts.get_attr(&s, "split")?;
    let words = ts.call(&split, Args::positional(std::slice::from_ref(&sep)))?;
    let mut caps = Vec::new();
    for w in ts.to_vec(&words)? {
        let c = ts.get_attr(&w, "capitalize")?;
        caps.push(ts.call(&c, Args::positional(&[]))?);
    }
    let joiner = if ts.is_true(&sep)? { sep } else { py.str(" ")? };
    let join = ts.get_attr(&joiner, "join")?;
    ts.call(&join, Args::positional(&[py.list(&caps)?]))
}

static FUNCTIONS: [BuiltinDef; 1] = [BuiltinDef {
    name: "capwords",
    func: capwords,
}];
