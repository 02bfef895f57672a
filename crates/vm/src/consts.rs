//! The constant cache: a code object is shared by every interpreter (`Arc<Code>`, plain Rust
//! constants), so an interpreter makes the constants and names of a code object into objects
//! of its own heap the first time it runs that code, and keeps them keyed by the code's
//! address. Holding the `Arc` keeps the address from being reused while the entry lives. The
//! cache outlives runs: it is part of the interpreter's [`VmState`](crate::VmState).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;
use std::sync::Arc;

use subinterp_compile::{Code, Constant};
use subinterp_object::{AddrHasher, Obj, Py, PyErr, PyResult, exc};

use crate::function::{CODE, CodeObj};

/// The objects of one code object in one thread state.
pub(crate) struct CodeObjs<'py> {
    /// `co_consts`, as objects.
    pub(crate) consts: Vec<Obj<'py>>,
    /// `co_names`, as `str` objects (their hashes are computed once).
    pub(crate) names: Vec<Obj<'py>>,
}

/// Code address to its objects.
#[derive(Default)]
pub(crate) struct ConstCache<'py> {
    map: HashMap<usize, (Arc<Code>, Rc<CodeObjs<'py>>), BuildHasherDefault<AddrHasher>>,
    /// One `str` object per distinct name or string constant (CPython's interning): a global
    /// stored by one code object and loaded by another is then found by identity, without
    /// comparing text.
    interned: HashMap<Arc<str>, Obj<'py>>,
}

impl<'py> ConstCache<'py> {
    /// The objects of `code`, made on first use.
    pub(crate) fn get(
        &mut self,
        py: Py<'py>,
        code: &Arc<Code>,
        ellipsis: &Obj<'py>,
    ) -> PyResult<Rc<CodeObjs<'py>>> {
        let key = Arc::as_ptr(code) as usize;
        if let Some((_, objs)) = self.map.get(&key) {
            return Ok(objs.clone());
        }
        let mut consts = Vec::with_capacity(code.consts.len());
        for c in code.consts.iter() {
            consts.push(match c {
                Constant::Str(s) => self.intern(py, s)?,
                c => constant(py, c, ellipsis)?,
            });
        }
        let mut names = Vec::with_capacity(code.names.len());
        for n in code.names.iter() {
            names.push(self.intern(py, n)?);
        }
        let objs = Rc::new(CodeObjs { consts, names });
        self.map.insert(key, (code.clone(), objs.clone()));
        Ok(objs)
    }

    /// The interned `str` object for `s`.
    pub(crate) fn intern(&mut self, py: Py<'py>, s: &str) -> PyResult<Obj<'py>> {
        if let Some(o) = self.interned.get(s) {
            return Ok(o.clone());
        }
        let o = py.str(s)?;
        self.interned.insert(Arc::from(s), o.clone());
        Ok(o)
    }

    /// How many code objects have their constants made in this interpreter.
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

/// One constant as an object of `py`'s heap.
pub(crate) fn constant<'py>(py: Py<'py>, c: &Constant, ellipsis: &Obj<'py>) -> PyResult<Obj<'py>> {
    Ok(match c {
        Constant::None => py.none(),
        Constant::Bool(b) => py.bool(*b),
        Constant::Int(i) => py.int(*i)?,
        Constant::BigInt(b) => crate::int::from_big(py, (**b).clone())?,
        Constant::Float(f) => py.float(*f)?,
        Constant::Str(s) => py.str(s)?,
        Constant::Bytes(b) => py.bytes(b)?,
        Constant::Ellipsis => ellipsis.clone(),
        Constant::Tuple(items) => {
            let v = items
                .iter()
                .map(|c| constant(py, c, ellipsis))
                .collect::<PyResult<Vec<_>>>()?;
            py.tuple(&v)?
        }
        Constant::FrozenSet(items) => {
            let first = py.frozenset()?;
            for c in items.iter() {
                first.set_add(&constant(py, c, ellipsis)?)?;
            }
            // CPython's compiler re-creates every frozenset constant from the first one's
            // iteration order (`merge_consts_recursive`): the table programs see is that
            // second one's (keys colliding in a slot may swap places).
            let s = py.frozenset()?;
            for k in first.set_items()? {
                s.set_add(&k)?;
            }
            s
        }
        Constant::Code(code) => py.new_native(&CODE, CodeObj(code.clone()))?,
        Constant::Complex { .. } => {
            return Err(PyErr::new(
                &exc::SYSTEM_ERROR,
                "complex numbers are not run yet",
            ));
        }
    })
}
