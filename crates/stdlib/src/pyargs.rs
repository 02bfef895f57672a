//! Binding the arguments of functions that CPython writes in Python (`random.py`'s
//! methods), with the texts of Python functions (`Random.uniform() missing 1 required
//! positional argument: 'b'`, `takes from 1 to 3 positional arguments but 4 were given`,
//! counting `self` as CPython does for a bound method).

use subinterp_object::{Obj, PyErr, PyResult};
use subinterp_vm::Args;

/// Binds `a` to `N` parameters: the first `npos` positional-or-keyword (the first
/// `required` of them required), the rest keyword-only and optional. `qualname` names the
/// function in texts.
pub(crate) fn bind<'py, const N: usize>(
    a: &Args<'_, 'py>,
    qualname: &str,
    params: [&str; N],
    npos: usize,
    required: usize,
) -> PyResult<[Option<Obj<'py>>; N]> {
    let mut out: [Option<Obj<'py>>; N] = std::array::from_fn(|_| None);
    if a.pos.len() > npos {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let takes = if required == npos {
            format!("{} positional argument{}", npos + 1, plural(npos + 1))
        } else {
            format!("from {} to {} positional arguments", required + 1, npos + 1)
        };
        let given = a.pos.len() + 1;
        return Err(PyErr::type_error(format!(
            "{qualname}() takes {takes} but {given} {} given",
            if given == 1 { "was" } else { "were" }
        )));
    }
    for (slot, v) in out.iter_mut().zip(a.pos) {
        *slot = Some(v.clone());
    }
    for (k, v) in a.kw {
        let name = k.as_str().unwrap_or_default();
        let Some(i) = params.iter().position(|p| *p == name) else {
            return Err(PyErr::type_error(format!(
                "{qualname}() got an unexpected keyword argument '{name}'"
            )));
        };
        if out[i].is_some() {
            return Err(PyErr::type_error(format!(
                "{qualname}() got multiple values for argument '{name}'"
            )));
        }
        out[i] = Some(v.clone());
    }
    let missing: Vec<String> = (0..required)
        .filter(|&i| out[i].is_none())
        .map(|i| format!("'{}'", params[i]))
        .collect();
    if !missing.is_empty() {
        let list = match missing.len() {
            1 => missing[0].clone(),
            2 => format!("{} and {}", missing[0], missing[1]),
            n => format!("{}, and {}", missing[..n - 1].join(", "), missing[n - 1]),
        };
        return Err(PyErr::type_error(format!(
            "{qualname}() missing {} required positional argument{}: {list}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" }
        )));
    }
    Ok(out)
}

/// [`bind`] for a module-level Python function (no `self` in the counts): the first
/// `required` of `params` required, all positional-or-keyword.
pub(crate) fn bind_function<'py, const N: usize>(
    a: &Args<'_, 'py>,
    name: &str,
    params: [&str; N],
    required: usize,
) -> PyResult<[Option<Obj<'py>>; N]> {
    if a.pos.len() > N {
        let takes = if required == N {
            format!("{N} positional argument{}", if N == 1 { "" } else { "s" })
        } else {
            format!("from {required} to {N} positional arguments")
        };
        let given = a.pos.len();
        return Err(PyErr::type_error(format!(
            "{name}() takes {takes} but {given} {} given",
            if given == 1 { "was" } else { "were" }
        )));
    }
    bind(a, name, params, N, required)
}
