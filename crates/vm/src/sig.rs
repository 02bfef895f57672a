//! Binding a native function's arguments to a signature written like a Python function's
//! (`Queue.put(obj, timeout=None, *, unbounditems=None)`), with the texts CPython gives for
//! the Python-level functions such natives stand for (`Queue.put() missing 1 required
//! positional argument: 'obj'`). [`Args::bind`] has the texts of CPython's builtins; both are
//! the one binder of [`Args`].

use subinterp_object::{Obj, PyErr, PyResult};

use crate::builtin::Args;

/// A signature: positional-or-keyword parameters, then keyword-only ones.
pub struct Sig {
    /// The name in messages (`Queue.put`, `start_new_thread`).
    pub name: &'static str,
    /// Every parameter, in order.
    pub params: &'static [&'static str],
    /// How many leading parameters are required.
    pub required: usize,
    /// How many trailing parameters are keyword-only.
    pub kwonly: usize,
    /// `self` counts in the positional counts of CPython's messages (methods).
    pub method: bool,
}

impl<'a, 'py> Args<'a, 'py> {
    /// Each parameter of `sig`'s argument (`None` when not given), or CPython's `TypeError`
    /// for a Python function of that signature.
    pub fn bind_sig<const N: usize>(&self, sig: &Sig) -> PyResult<[Option<&'a Obj<'py>>; N]> {
        let f = sig.name;
        let positional = sig.params.len() - sig.kwonly;
        let extra = usize::from(sig.method);
        if self.pos.len() > positional {
            let (lo, hi) = (sig.required + extra, positional + extra);
            let takes = if lo == hi {
                format!("{hi} positional argument{}", plural(hi))
            } else {
                format!("from {lo} to {hi} positional arguments")
            };
            let given = self.pos.len() + extra;
            return Err(PyErr::type_error(format!(
                "{f}() takes {takes} but {given} {} given",
                if given == 1 { "was" } else { "were" }
            )));
        }
        let mut out = [None; N];
        for (slot, a) in out.iter_mut().zip(self.pos) {
            *slot = Some(a);
        }
        for (k, v) in self.kw {
            let k = k.as_str().unwrap_or_default();
            let Some(i) = sig.params.iter().position(|p| *p == k) else {
                return Err(PyErr::type_error(format!(
                    "{f}() got an unexpected keyword argument '{k}'"
                )));
            };
            match out.get_mut(i) {
                Some(slot @ None) => *slot = Some(v),
                _ => {
                    return Err(PyErr::type_error(format!(
                        "{f}() got multiple values for argument '{k}'"
                    )));
                }
            }
        }
        let missing: Vec<String> = sig.params[..sig.required]
            .iter()
            .zip(&out)
            .filter(|(_, a)| a.is_none())
            .map(|(p, _)| format!("'{p}'"))
            .collect();
        if !missing.is_empty() {
            let list = match missing.as_slice() {
                [one] => one.clone(),
                [init @ .., last] => format!("{} and {last}", init.join(", ")),
                [] => String::new(),
            };
            return Err(PyErr::type_error(format!(
                "{f}() missing {} required positional argument{}: {list}",
                missing.len(),
                plural(missing.len())
            )));
        }
        Ok(out)
    }

    /// No arguments at all (`METH_NOARGS`): `f() takes no arguments (1 given)`,
    /// `f() takes no keyword arguments`.
    pub fn none(&self, fname: &str) -> PyResult<()> {
        self.no_kw(fname)?;
        if !self.pos.is_empty() {
            return Err(PyErr::type_error(format!(
                "{fname}() takes no arguments ({} given)",
                self.pos.len()
            )));
        }
        Ok(())
    }

    /// No arguments, for a native standing for a Python function without parameters
    /// (`def f():`, or a method `def f(self):` when `method`): `f() takes 0 positional
    /// arguments but 1 was given`, `f() got an unexpected keyword argument 'x'`.
    pub fn bind_nothing(&self, name: &'static str, method: bool) -> PyResult<()> {
        let sig = Sig {
            name,
            params: &[],
            required: 0,
            kwonly: 0,
            method,
        };
        self.bind_sig::<0>(&sig).map(drop)
    }

    /// Exactly `n` positional-only arguments, with Argument Clinic's texts
    /// (`f() takes exactly one argument (2 given)`, `f() takes exactly 2 positional arguments
    /// (1 given)`, `f() takes no keyword arguments`).
    pub fn exact_positional(&self, fname: &str, n: usize) -> PyResult<&'a [Obj<'py>]> {
        self.no_kw(fname)?;
        let given = self.pos.len();
        if given != n {
            return Err(PyErr::type_error(match n {
                0 => format!("{fname}() takes no arguments ({given} given)"),
                1 => format!("{fname}() takes exactly one argument ({given} given)"),
                _ => format!("{fname}() takes exactly {n} positional arguments ({given} given)"),
            }));
        }
        Ok(self.pos)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use subinterp_object::{InterpId, Objects};
    use subinterp_obmalloc::Heap;

    /// `def Q.f(self, a, b=None, *, c=None)`.
    const F: Sig = Sig {
        name: "Q.f",
        params: &["a", "b", "c"],
        method: true,
        kwonly: 1,
        required: 1,
    };

    fn check(args: &[i64], kwargs: &[&str], expect: &str) {
        let objs = Objects::new(InterpId::new(1), Heap::new());
        // SAFETY: this thread is the only one using `objs`.
        let got = unsafe {
            objs.with_gil(|py| {
                let a: Vec<Obj<'_>> = args.iter().map(|v| py.int(*v).unwrap()).collect();
                let k: Vec<(Obj<'_>, Obj<'_>)> = kwargs
                    .iter()
                    .map(|n| (py.str(n).unwrap(), py.none()))
                    .collect();
                let args = Args { pos: &a, kw: &k };
                match args.bind_sig::<3>(&F) {
                    Ok(b) => format!("{:?}", b.map(|x| x.is_some())),
                    Err(e) => e.to_string(),
                }
            })
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn messages_are_cpythons() {
        check(&[1], &[], "[true, false, false]");
        check(&[1], &["c"], "[true, false, true]");
        check(&[], &["a", "b"], "[true, true, false]");
        check(
            &[],
            &[],
            "TypeError: Q.f() missing 1 required positional argument: 'a'",
        );
        check(
            &[1, 2, 3],
            &[],
            "TypeError: Q.f() takes from 2 to 3 positional arguments but 4 were given",
        );
        check(
            &[1],
            &["a"],
            "TypeError: Q.f() got multiple values for argument 'a'",
        );
        check(
            &[1],
            &["spam"],
            "TypeError: Q.f() got an unexpected keyword argument 'spam'",
        );
    }
}
