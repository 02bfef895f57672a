//! Argument binding for the native modules' functions and methods, with the messages CPython
//! gives for the Python-level functions they stand for (`Queue.put() missing 1 required
//! positional argument: 'obj'`, ...).

use subinterp_object::{Obj, PyErr, PyResult};

/// A signature: positional-or-keyword parameters, then keyword-only ones.
pub(crate) struct Sig {
    /// The name in messages (`Queue.put`, `start_new_thread`).
    pub(crate) name: &'static str,
    /// Every parameter, in order.
    pub(crate) params: &'static [&'static str],
    /// How many leading parameters are required.
    pub(crate) required: usize,
    /// How many trailing parameters are keyword-only.
    pub(crate) kwonly: usize,
    /// `self` counts in the positional counts of CPython's messages (methods).
    pub(crate) method: bool,
}

impl Sig {
    /// Each parameter's argument (`None` when not given), or CPython's `TypeError`.
    pub(crate) fn bind<'a, 'py, const N: usize>(
        &self,
        args: &'a [Obj<'py>],
        kwargs: &'a [(&str, Obj<'py>)],
    ) -> PyResult<[Option<&'a Obj<'py>>; N]> {
        let f = self.name;
        let positional = self.params.len() - self.kwonly;
        let extra = usize::from(self.method);
        if args.len() > positional {
            let (lo, hi) = (self.required + extra, positional + extra);
            let takes = if lo == hi {
                format!("{hi} positional argument{}", plural(hi))
            } else {
                format!("from {lo} to {hi} positional arguments")
            };
            let given = args.len() + extra;
            return Err(PyErr::type_error(format!(
                "{f}() takes {takes} but {given} {} given",
                if given == 1 { "was" } else { "were" }
            )));
        }
        let mut out = [None; N];
        for (slot, a) in out.iter_mut().zip(args) {
            *slot = Some(a);
        }
        for (k, v) in kwargs {
            let Some(i) = self.params.iter().position(|p| p == k) else {
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
        let missing: Vec<&str> = self.params[..self.required]
            .iter()
            .zip(&out)
            .filter(|(_, a)| a.is_none())
            .map(|(p, _)| *p)
            .collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|p| format!("'{p}'")).collect();
            let list = match names.as_slice() {
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
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// No arguments at all (`METH_NOARGS`): `f() takes no arguments (1 given)`.
pub(crate) fn no_args(f: &str, args: &[Obj<'_>], kwargs: &[(&str, Obj<'_>)]) -> PyResult<()> {
    if let Some((k, _)) = kwargs.first() {
        return Err(PyErr::type_error(format!(
            "{f}() takes no keyword arguments (got '{k}')"
        )));
    }
    if !args.is_empty() {
        return Err(PyErr::type_error(format!(
            "{f}() takes no arguments ({} given)",
            args.len()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use subinterp_object::{InterpId, Objects};
    use subinterp_obmalloc::Heap;

    const PUT: Sig = Sig {
        name: "Queue.put",
        params: &["obj", "timeout", "unbounditems"],
        required: 1,
        kwonly: 1,
        method: true,
    };

    fn check(args: &[i64], kwargs: &[&str], expect: &str) {
        let objs = Objects::new(InterpId::new(1), Heap::new());
        // SAFETY: this thread is the only one using `objs`.
        let got = unsafe {
            objs.with_gil(|py| {
                let a: Vec<Obj<'_>> = args.iter().map(|v| py.int(*v).unwrap()).collect();
                let k: Vec<(&str, Obj<'_>)> = kwargs.iter().map(|n| (*n, py.none())).collect();
                match PUT.bind::<3>(&a, &k) {
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
        check(&[1], &["unbounditems"], "[true, false, true]");
        check(&[], &["obj", "timeout"], "[true, true, false]");
        check(
            &[],
            &[],
            "TypeError: Queue.put() missing 1 required positional argument: 'obj'",
        );
        check(
            &[1, 2, 3],
            &[],
            "TypeError: Queue.put() takes from 2 to 3 positional arguments but 4 were given",
        );
        check(
            &[1],
            &["obj"],
            "TypeError: Queue.put() got multiple values for argument 'obj'",
        );
        check(
            &[1],
            &["spam"],
            "TypeError: Queue.put() got an unexpected keyword argument 'spam'",
        );
    }
}
