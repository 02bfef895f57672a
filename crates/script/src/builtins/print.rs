//! `print(*args, sep=' ', end='\n', file=None, flush=False)`.
//!
//! With `file=None` the text goes to [`Host::write_stdout`] in one write (the values' `str()`
//! joined by `sep`, then `end`); with another `file`, CPython's piecewise `file.write(...)`
//! calls are made, so an object without a `write` method fails as in CPython.

use subinterp_object::{Kind, Obj, Py, PyErr, PyResult, exc};

use crate::host::Host;

pub(super) fn print<'py>(
    py: Py<'py>,
    host: &mut dyn Host,
    args: &[Obj<'py>],
    kwargs: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    let (mut sep, mut end, mut file, mut flush) = (None, None, None, false);
    for (name, value) in kwargs {
        match *name {
            "sep" => sep = Some(value),
            "end" => end = Some(value),
            "file" => file = Some(value),
            "flush" => flush = value.is_truthy()?,
            _ => {
                return Err(PyErr::type_error(format!(
                    "print() got an unexpected keyword argument '{name}'"
                )));
            }
        }
    }
    let file = file.filter(|f| !f.is_none());
    let sep = text_arg("sep", sep, " ")?;
    let end = text_arg("end", end, "\n")?;
    match file {
        None => {
            let mut out = String::new();
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                out.push_str(&a.str()?);
            }
            out.push_str(end);
            host.write_stdout(&out)?;
        }
        Some(f) => {
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    write_to(f, py.str(sep)?)?;
                }
                let s = if a.kind() == Kind::Str {
                    a.clone()
                } else {
                    py.str(&a.str()?)?
                };
                write_to(f, s)?;
            }
            write_to(f, py.str(end)?)?;
            if flush {
                f.getattr("flush")?.call(&[], &[])?;
            }
        }
    }
    Ok(py.none())
}

/// `sep` / `end`: `None` or absent means the default.
fn text_arg<'a>(name: &str, v: Option<&'a Obj<'_>>, default: &'static str) -> PyResult<&'a str> {
    match v {
        None => Ok(default),
        Some(v) if v.is_none() => Ok(default),
        Some(v) => v.as_str().ok_or_else(|| {
            PyErr::type_error(format!(
                "{name} must be None or a string, not {}",
                v.type_name()
            ))
        }),
    }
}

/// `file.write(text)` (`PyFile_WriteObject`).
fn write_to<'py>(file: &Obj<'py>, text: Obj<'py>) -> PyResult<()> {
    file.getattr("write")?.call(&[text], &[]).map(drop)
}

/// `print` reached without the evaluator: there is no output to write to, which CPython
/// reports when `sys.stdout` is missing.
pub(super) fn native_print<'py>(
    _: Py<'py>,
    _: Option<&Obj<'py>>,
    _: &[Obj<'py>],
    _: &[(&str, Obj<'py>)],
) -> PyResult<Obj<'py>> {
    Err(PyErr::new(&exc::RUNTIME_ERROR, "lost sys.stdout"))
}
