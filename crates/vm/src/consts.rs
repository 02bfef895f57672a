//! The constant cache: a code object is shared by every interpreter (`Arc<Code>`, plain Rust
//! constants), so an interpreter makes the constants and names of a code object into objects
//! of its own heap the first time it runs that code, and keeps them keyed by the code's
//! address. Holding the `Arc` keeps the address from being reused while the entry lives.
//!
//! Two layers: [`ConstStore`] holds the objects as unbound references and outlives runs (it
//! lives in the interpreter's [`VmState`](crate::VmState)); [`ConstCache`] is one run's view
//! of it, binding an entry to the run's token the first time the run uses it (a few reference
//! count increments, no object made).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;
use std::sync::Arc;

use subinterp_compile::{Code, Constant};
use subinterp_object::{AddrHasher, Obj, ObjRef, Py, PyErr, PyResult, exc};

use crate::function::{CODE, CodeObj};

/// The objects of one code object in one thread state.
pub(crate) struct CodeObjs<'py> {
    /// `co_consts`, as objects.
    pub(crate) consts: Vec<Obj<'py>>,
    /// `co_names`, as `str` objects (their hashes are computed once).
    pub(crate) names: Vec<Obj<'py>>,
}

/// The objects of one code object, unbound.
struct CodeRefs {
    consts: Box<[ObjRef]>,
    names: Box<[ObjRef]>,
}

/// The constants, names and interned strings of an interpreter, kept across runs.
#[derive(Default)]
pub(crate) struct ConstStore {
    map: HashMap<usize, (Arc<Code>, CodeRefs), BuildHasherDefault<AddrHasher>>,
    /// One `str` object per distinct name or string constant (CPython's interning): a global
    /// stored by one code object and loaded by another is then found by identity, without
    /// comparing text.
    interned: HashMap<Arc<str>, ObjRef>,
}

impl ConstStore {
    /// How many code objects have their constants made.
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    /// Gives the references back now, under the token of their heap.
    pub(crate) fn release(self, py: Py<'_>) {
        for (_, (_, refs)) in self.map {
            refs.consts.into_iter().for_each(|r| r.release(py));
            refs.names.into_iter().for_each(|r| r.release(py));
        }
        self.interned.into_values().for_each(|r| r.release(py));
    }
}

/// Code address to its objects, for one run over a [`ConstStore`].
pub(crate) struct ConstCache<'py> {
    map: HashMap<usize, Rc<CodeObjs<'py>>, BuildHasherDefault<AddrHasher>>,
    interned: HashMap<Arc<str>, Obj<'py>>,
    pub(crate) store: ConstStore,
}

impl<'py> ConstCache<'py> {
    /// A run's cache over `store`.
    pub(crate) fn over(store: ConstStore) -> ConstCache<'py> {
        ConstCache {
            map: HashMap::default(),
            interned: HashMap::new(),
            store,
        }
    }

    /// The objects of `code`, made on the interpreter's first use, bound on the run's.
    pub(crate) fn get(
        &mut self,
        py: Py<'py>,
        code: &Arc<Code>,
        ellipsis: &Obj<'py>,
    ) -> PyResult<Rc<CodeObjs<'py>>> {
        let key = Arc::as_ptr(code) as usize;
        if let Some(objs) = self.map.get(&key) {
            return Ok(objs.clone());
        }
        if let Some((_, refs)) = self.store.map.get(&key) {
            let objs = Rc::new(CodeObjs {
                consts: bind_all(py, &refs.consts)?,
                names: bind_all(py, &refs.names)?,
            });
            self.map.insert(key, objs.clone());
            return Ok(objs);
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
        let refs = CodeRefs {
            consts: consts.iter().map(Obj::to_ref).collect(),
            names: names.iter().map(Obj::to_ref).collect(),
        };
        self.store.map.insert(key, (code.clone(), refs));
        let objs = Rc::new(CodeObjs { consts, names });
        self.map.insert(key, objs.clone());
        Ok(objs)
    }

    /// The interned `str` object for `s`.
    pub(crate) fn intern(&mut self, py: Py<'py>, s: &str) -> PyResult<Obj<'py>> {
        if let Some(o) = self.interned.get(s) {
            return Ok(o.clone());
        }
        let o = match self.store.interned.get(s) {
            Some(r) => r.bind(py)?,
            None => {
                let o = py.str(s)?;
                self.store.interned.insert(Arc::from(s), o.to_ref());
                o
            }
        };
        self.interned.insert(Arc::from(s), o.clone());
        Ok(o)
    }
}

/// Binds every reference of `refs` to `py`.
fn bind_all<'py>(py: Py<'py>, refs: &[ObjRef]) -> PyResult<Vec<Obj<'py>>> {
    refs.iter()
        .map(|r| r.bind(py).map_err(PyErr::from))
        .collect()
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
