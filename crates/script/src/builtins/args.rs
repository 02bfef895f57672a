//! Argument binding with CPython 3.13's messages: `METH_O` functions (`len`, `id`, `repr`),
//! and the constructors `int` and `str`, whose vectorcall fast path checks the positional
//! count (`int expected at most 2 arguments, got 3`) and whose keyword path is Argument
//! Clinic's (`Python/getargs.c`).

use subinterp_object::{Obj, PyErr, PyResult};

/// The one argument of a `METH_O` function: `len() takes no keyword arguments`, then
/// `len() takes exactly one argument (2 given)`.
pub(super) fn one_arg<'a, 'py>(
    func: &str,
    args: &'a [Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<&'a Obj<'py>> {
    if !kwargs.is_empty() {
        return Err(PyErr::type_error(format!(
            "{func}() takes no keyword arguments"
        )));
    }
    match args {
        [a] => Ok(a),
        _ => Err(PyErr::type_error(format!(
            "{func}() takes exactly one argument ({} given)",
            args.len()
        ))),
    }
}

/// An Argument Clinic signature whose parameters are all optional: the first `posonly` are
/// positional-only, the rest positional-or-keyword (`int(x, /, base)`, `str(object,
/// encoding, errors)`).
pub(super) struct Params {
    /// The function's name, for messages.
    pub(super) func: &'static str,
    /// Every parameter, in order.
    pub(super) names: &'static [&'static str],
    /// How many leading parameters are positional-only.
    pub(super) posonly: usize,
}

impl Params {
    /// Each parameter's argument, or the error CPython raises, in its order. Without keyword
    /// arguments only the count is checked (the vectorcall path, `_PyArg_CheckPositional`);
    /// with them, `_PyArg_UnpackKeywords`'s checks: too many arguments, an argument given by
    /// name and position, an unknown keyword.
    pub(super) fn bind<'a, 'py, const N: usize>(
        &self,
        args: &'a [Obj<'py>],
        kwargs: &'a [(&str, Obj<'py>)],
    ) -> PyResult<[Option<&'a Obj<'py>>; N]> {
        let (f, max) = (self.func, self.names.len());
        if kwargs.is_empty() && args.len() > max {
            return Err(PyErr::type_error(format!(
                "{f} expected at most {max} argument{}, got {}",
                if max == 1 { "" } else { "s" },
                args.len()
            )));
        }
        let given = args.len() + kwargs.len();
        if given > max {
            return Err(PyErr::type_error(format!(
                "{f}() takes at most {max} {}argument{} ({given} given)",
                if args.is_empty() { "keyword " } else { "" },
                if max == 1 { "" } else { "s" },
            )));
        }
        let mut out = [None; N];
        for (slot, a) in out.iter_mut().zip(args) {
            *slot = Some(a);
        }
        let mut used = 0;
        for (i, name) in self.names.iter().enumerate().skip(self.posonly) {
            if let Some((_, v)) = kwargs.iter().find(|(k, _)| k == name) {
                if i < args.len() {
                    return Err(PyErr::type_error(format!(
                        "argument for {f}() given by name ('{name}') and position ({})",
                        i + 1
                    )));
                }
                if let Some(slot) = out.get_mut(i) {
                    *slot = Some(v);
                }
                used += 1;
            }
        }
        if used < kwargs.len() {
            let keywords = &self.names[self.posonly.min(max)..];
            if let Some((k, _)) = kwargs.iter().find(|(k, _)| !keywords.contains(k)) {
                return Err(PyErr::type_error(format!(
                    "{f}() got an unexpected keyword argument '{k}'"
                )));
            }
        }
        Ok(out)
    }
}
