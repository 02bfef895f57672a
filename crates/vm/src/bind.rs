//! Binding a call's arguments to a Python function's parameters (CPython's
//! `initialize_locals`), with CPython 3.13's error texts.

use subinterp_compile::{Code, CodeFlags};
use subinterp_object::{Obj, Py, PyErr, PyResult};

use crate::function::{Function, bind};

/// Fills the parameter slots of `fast` for a call of `func` with positional arguments `pos`
/// and keyword arguments `kw`.
pub(crate) fn bind_args<'py>(
    py: Py<'py>,
    fast: &mut [Option<Obj<'py>>],
    func: &Function,
    pos: &[Obj<'py>],
    kw: &[(Obj<'py>, Obj<'py>)],
) -> PyResult<()> {
    let code = &*func.code;
    let argcount = code.arg_count as usize;
    let varargs = code.flags.has(CodeFlags::VARARGS);
    let varkw = code.flags.has(CodeFlags::VARKEYWORDS);
    // The common call: exactly the positional parameters, nothing else to bind.
    if kw.is_empty()
        && pos.len() == argcount
        && code.kwonly_count == 0
        && !varargs
        && !varkw
        && let Some(slots) = fast.get_mut(..argcount)
    {
        for (slot, v) in slots.iter_mut().zip(pos) {
            *slot = Some(v.clone());
        }
        return Ok(());
    }
    let total = argcount + code.kwonly_count as usize;
    let kwdict = if varkw {
        let d = py.dict()?;
        let slot = total + usize::from(varargs);
        fast[slot] = Some(d.clone());
        Some(d)
    } else {
        None
    };
    for (slot, v) in fast.iter_mut().zip(pos.iter().take(argcount)) {
        *slot = Some(v.clone());
    }
    if varargs {
        let rest = pos.get(argcount..).unwrap_or(&[]);
        fast[total] = Some(py.tuple(rest)?);
    }
    for (k, v) in kw {
        let name = k.as_str().unwrap_or_default();
        let found = code.localsplus_names[..total]
            .iter()
            .enumerate()
            .skip(code.posonly_count as usize)
            .find(|(_, n)| &***n == name)
            .map(|(i, _)| i);
        match found {
            Some(i) => {
                if fast[i].is_some() {
                    return Err(PyErr::type_error(format!(
                        "{}() got multiple values for argument '{name}'",
                        func.qualname.borrow()
                    )));
                }
                fast[i] = Some(v.clone());
            }
            None => match &kwdict {
                Some(d) => d.set_item(k, v)?,
                // CPython's order: at the first keyword it cannot place, every keyword
                // naming a positional-only parameter is reported, else this one.
                None => return Err(unplaced_keyword(func, kw, name)),
            },
        }
    }
    if pos.len() > argcount && !varargs {
        return Err(too_many_positional(py, fast, func, pos.len()));
    }
    check_missing(py, fast, func, pos.len())
}

/// Fills missing parameters from the defaults and reports the ones still missing.
fn check_missing<'py>(
    py: Py<'py>,
    fast: &mut [Option<Obj<'py>>],
    func: &Function,
    given: usize,
) -> PyResult<()> {
    let code = &*func.code;
    let argcount = code.arg_count as usize;
    let total = argcount + code.kwonly_count as usize;
    // The defaults tuple is read in place: a call copies only the defaults it uses.
    let defaults = match &func.defaults {
        Some(d) if given < argcount => Some(bind(d, py)?),
        _ => None,
    };
    let ndefaults = defaults.as_ref().and_then(Obj::seq_len).unwrap_or(0);
    let first_default = argcount.saturating_sub(ndefaults);
    let mut missing = Vec::new();
    for (i, slot) in fast
        .iter_mut()
        .enumerate()
        .take(argcount)
        .skip(given.min(argcount))
    {
        if slot.is_none() {
            let d = i
                .checked_sub(first_default)
                .and_then(|j| defaults.as_ref()?.seq_get(j));
            match d {
                Some(d) => *slot = Some(d),
                None => missing.push(i),
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing_error(code, func, "positional", &missing));
    }
    let mut missing = Vec::new();
    for (i, slot) in fast.iter_mut().enumerate().take(total).skip(argcount) {
        if slot.is_none() {
            let kwd = match &func.kwdefaults {
                Some(d) => bind(d, py)?.dict_get_str(&code.localsplus_names[i])?,
                None => None,
            };
            match kwd {
                Some(v) => *slot = Some(v),
                None => missing.push(i),
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing_error(code, func, "keyword-only", &missing));
    }
    Ok(())
}

/// The error for keyword `name`, which no parameter takes: the positional-only parameters
/// passed by keyword when there are any (all of them, from every keyword), else
/// `unexpected keyword argument`.
fn unplaced_keyword(func: &Function, kw: &[(Obj<'_>, Obj<'_>)], name: &str) -> PyErr {
    let code = &*func.code;
    let posonly = &code.localsplus_names[..code.posonly_count as usize];
    let names: Vec<&str> = kw
        .iter()
        .filter_map(|(k, _)| k.as_str())
        .filter(|k| posonly.iter().any(|n| &**n == *k))
        .collect();
    if names.is_empty() {
        PyErr::type_error(format!(
            "{}() got an unexpected keyword argument '{name}'",
            func.qualname.borrow()
        ))
    } else {
        PyErr::type_error(format!(
            "{}() got some positional-only arguments passed as keyword arguments: '{}'",
            func.qualname.borrow(),
            names.join(", ")
        ))
    }
}

fn missing_error(code: &Code, func: &Function, kind: &str, missing: &[usize]) -> PyErr {
    let names: Vec<String> = missing
        .iter()
        .map(|&i| format!("'{}'", code.localsplus_names[i]))
        .collect();
    let list = match names.len() {
        1 => names[0].clone(),
        2 => format!("{} and {}", names[0], names[1]),
        n => format!("{}, and {}", names[..n - 1].join(", "), names[n - 1]),
    };
    PyErr::type_error(format!(
        "{}() missing {} required {kind} argument{}: {list}",
        func.qualname.borrow(),
        names.len(),
        if names.len() == 1 { "" } else { "s" }
    ))
}

fn too_many_positional<'py>(
    py: Py<'py>,
    fast: &[Option<Obj<'py>>],
    func: &Function,
    given: usize,
) -> PyErr {
    let code = &*func.code;
    let argcount = code.arg_count as usize;
    let total = argcount + code.kwonly_count as usize;
    let ndefaults = func
        .defaults
        .as_ref()
        .and_then(|d| bind(d, py).ok())
        .and_then(|d| d.seq_len())
        .unwrap_or(0);
    let kwonly_given = fast[argcount..total].iter().filter(|s| s.is_some()).count();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let sig = if ndefaults > 0 {
        format!("from {} to {argcount}", argcount - ndefaults)
    } else {
        argcount.to_string()
    };
    let kwonly_sig = if kwonly_given > 0 {
        format!(
            " positional argument{} (and {kwonly_given} keyword-only argument{})",
            plural(given),
            plural(kwonly_given)
        )
    } else {
        String::new()
    };
    PyErr::type_error(format!(
        "{}() takes {sig} positional argument{} but {given}{kwonly_sig} {} given",
        func.qualname.borrow(),
        if argcount != 1 || ndefaults > 0 {
            "s"
        } else {
            ""
        },
        if given == 1 && kwonly_given == 0 {
            "was"
        } else {
            "were"
        }
    ))
}
