//! The protocols of the data model for instances of classes made at run time, through their
//! slot tables (`slots.rs`): CPython's `binary_op1` (reflected methods, the right operand
//! first when its class derives from the left one's, in-place forms falling back,
//! `NotImplemented`), `do_richcompare`, and the unary, truth, length, hash, text and
//! container protocols. Every entry point is reached only when an operand's class was made
//! at run time, after the builtin types' fast paths.

use subinterp_compile::{BinOp, CmpOp};
use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::slots::{Slot, is_not_implemented, non_string, op_index, unhashable};

/// The index of `op` in `Slot::Cmp`.
fn cmp_index(op: CmpOp) -> u8 {
    match op {
        CmpOp::Lt => 0,
        CmpOp::Le => 1,
        CmpOp::Eq => 2,
        CmpOp::Ne => 3,
        CmpOp::Gt => 4,
        CmpOp::Ge => 5,
    }
}

/// The operator with the operands swapped (`a < b` is `b > a`).
fn swapped(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        o => o,
    }
}

/// Whether `o` is an instance of a class made at run time whose layout is plain `object`
/// (no builtin behaviour to fall back to).
fn plain(o: &Obj<'_>) -> bool {
    o.has_heap_type() && o.kind() == Kind::Object
}

impl<'py> Tstate<'py> {
    /// `lhs op rhs` when an operand's class was made at run time.
    #[cold]
    pub(crate) fn binary_dunder(
        &mut self,
        op: BinOp,
        inplace: bool,
        lhs: &Obj<'py>,
        rhs: &Obj<'py>,
    ) -> PyResult<Obj<'py>> {
        let i = op_index(op);
        if inplace
            && let Some(r) = self.call_slot(lhs, Slot::IOp(i), std::slice::from_ref(rhs))?
            && !is_not_implemented(&r)
        {
            return Ok(r);
        }
        let (lt, rt) = (lhs.get_type(), rhs.get_type());
        let lf = self.slot_def(&lt, Slot::Op(i))?;
        let mut rf = if lt.is(&rt) {
            None
        } else {
            self.slot_def(&rt, Slot::ROp(i))?
        };
        let tried = lf.is_some() || rf.is_some();
        if let Some(f) = &rf
            && rhs.is_instance_of(&lt)
        {
            let r = self.call_def(f, rhs, std::slice::from_ref(lhs))?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
            rf = None;
        }
        if let Some(f) = &lf {
            let r = self.call_def(f, lhs, std::slice::from_ref(rhs))?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
        }
        if let Some(f) = &rf {
            let r = self.call_def(f, rhs, std::slice::from_ref(lhs))?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
        }
        // A builtin left operand still has its sequence fallbacks (`sq_concat`'s text).
        if tried && lhs.has_heap_type() {
            return Err(crate::int::unsupported(
                op,
                lhs.type_name(),
                rhs.type_name(),
                inplace,
            ));
        }
        self.binary_native(op, inplace, lhs, rhs)
    }

    /// `lhs op rhs` as an object when an operand's class was made at run time
    /// (CPython's `do_richcompare`).
    #[cold]
    pub(crate) fn compare_dunder(
        &mut self,
        op: CmpOp,
        lhs: &Obj<'py>,
        rhs: &Obj<'py>,
    ) -> PyResult<Obj<'py>> {
        let py = self.py();
        let (lt, rt) = (lhs.get_type(), rhs.get_type());
        let mut reflected_done = false;
        let rop = swapped(op);
        if !lt.is(&rt)
            && rhs.is_instance_of(&lt)
            && let Some(f) = self.slot_def(&rt, Slot::Cmp(cmp_index(rop)))?
        {
            reflected_done = true;
            let r = self.call_def(&f, rhs, std::slice::from_ref(lhs))?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
        }
        if let Some(r) = self.compare_one(op, lhs, rhs)? {
            return Ok(r);
        }
        if !reflected_done && let Some(r) = self.compare_one(rop, rhs, lhs)? {
            return Ok(r);
        }
        if plain(lhs) || plain(rhs) {
            return match op {
                CmpOp::Eq => Ok(py.bool(lhs.is(rhs))),
                CmpOp::Ne => Ok(py.bool(!lhs.is(rhs))),
                _ => Err(crate::arith::not_supported(op, lhs, rhs)),
            };
        }
        let r = crate::arith::compare_native(self, op, lhs, rhs)?;
        Ok(py.bool(r))
    }

    /// `obj.__op__(other)` when `obj`'s class defines it and it does not answer
    /// `NotImplemented`; `__ne__` inherited from `object` inverts a defined `__eq__`.
    fn compare_one(
        &mut self,
        op: CmpOp,
        obj: &Obj<'py>,
        other: &Obj<'py>,
    ) -> PyResult<Option<Obj<'py>>> {
        let ty = obj.get_type();
        if let Some(f) = self.slot_def(&ty, Slot::Cmp(cmp_index(op)))? {
            let r = self.call_def(&f, obj, std::slice::from_ref(other))?;
            return Ok((!is_not_implemented(&r)).then_some(r));
        }
        if op == CmpOp::Ne
            && let Some(f) = self.slot_def(&ty, Slot::Cmp(cmp_index(CmpOp::Eq)))?
        {
            let r = self.call_def(&f, obj, std::slice::from_ref(other))?;
            if is_not_implemented(&r) {
                return Ok(None);
            }
            let t = self.truthy(&r)?;
            return Ok(Some(self.py().bool(!t)));
        }
        Ok(None)
    }

    /// `-v`, `+v`, `~v`, `abs(v)` through the slot `slot`; `None`: not defined.
    pub(crate) fn unary_dunder(&mut self, slot: Slot, v: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
        self.call_slot(v, slot, &[])
    }

    /// `bool(v)` through `__bool__`, then `__len__`; `None`: neither is defined.
    pub(crate) fn truthy_dunder(&mut self, v: &Obj<'py>) -> PyResult<Option<bool>> {
        if let Some(r) = self.call_slot(v, Slot::Bool, &[])? {
            return match r.as_bool() {
                Some(b) if r.kind() == Kind::Bool => Ok(Some(b)),
                _ => Err(PyErr::type_error(format!(
                    "__bool__ should return bool, returned {}",
                    r.type_name()
                ))),
            };
        }
        if self.slot_of(v, Slot::Len)?.is_some() {
            return Ok(Some(self.len(v)? != 0));
        }
        Ok(None)
    }

    /// `len(v)` through `__len__`; `None`: not defined.
    pub(crate) fn len_dunder(&mut self, v: &Obj<'py>) -> PyResult<Option<usize>> {
        let Some(r) = self.call_slot(v, Slot::Len, &[])? else {
            return Ok(None);
        };
        let n = self.index_value(&r)?;
        let Some(n) = crate::int::int_value(&n) else {
            return Err(PyErr::type_error("__len__ should return an integer"));
        };
        match n {
            crate::int::IntV::Small(n) if n >= 0 => Ok(Some(n as usize)),
            crate::int::IntV::Small(_) => Err(PyErr::value_error("__len__() should return >= 0")),
            crate::int::IntV::Big(b) if b.sign() == num_bigint::Sign::Minus => {
                Err(PyErr::value_error("__len__() should return >= 0"))
            }
            crate::int::IntV::Big(_) => Err(PyErr::new(
                &exc::OVERFLOW_ERROR,
                "cannot fit 'int' into an index-sized integer",
            )),
        }
    }

    /// `hash(v)` for an instance of a class made at run time.
    pub(crate) fn hash_dunder(&mut self, v: &Obj<'py>) -> PyResult<Option<i64>> {
        let Some(f) = self.slot_of(v, Slot::Hash)? else {
            return Ok(None);
        };
        if f.is_none() {
            return Err(unhashable(v));
        }
        let r = self.call_def(&f, v, &[])?;
        match crate::int::int_value(&r) {
            Some(crate::int::IntV::Small(h)) => Ok(Some(if h == -1 { -2 } else { h })),
            Some(crate::int::IntV::Big(_)) => r.hash().map(Some),
            None => Err(PyErr::type_error(
                "__hash__ method should return an integer",
            )),
        }
    }

    /// `repr(v)` through `__repr__`; `None`: not defined.
    pub(crate) fn repr_dunder(&mut self, v: &Obj<'py>) -> PyResult<Option<String>> {
        let Some(r) = self.call_slot(v, Slot::Repr, &[])? else {
            return Ok(None);
        };
        match r.as_str() {
            Some(s) => Ok(Some(s.to_owned())),
            None => Err(non_string("__repr__", &r)),
        }
    }

    /// `str(v)` through `__str__` (then `__repr__` for a plain instance or a subclass of a
    /// builtin without a `__str__`); `None`: native.
    pub(crate) fn str_dunder(&mut self, v: &Obj<'py>) -> PyResult<Option<String>> {
        if let Some(r) = self.call_slot(v, Slot::Str, &[])? {
            return match r.as_str() {
                Some(s) => Ok(Some(s.to_owned())),
                None => Err(non_string("__str__", &r)),
            };
        }
        // A plain instance, or a class whose metaclass defines `__repr__` (`typing.Any`).
        if v.kind() == Kind::Object || v.kind() == Kind::Type {
            return self.repr(v).map(Some);
        }
        // The builtin types other than `str` and the exceptions have no `__str__` of their
        // own (object's calls `repr`): a subclass's `__repr__` answers (a named tuple).
        if !matches!(v.kind(), Kind::Str | Kind::Exception)
            && let Some(s) = self.repr_dunder(v)?
        {
            return Ok(Some(s));
        }
        Ok(None)
    }

    /// `format(v, spec)` through `__format__`; `None`: not defined.
    pub(crate) fn format_dunder(&mut self, v: &Obj<'py>, spec: &str) -> PyResult<Option<String>> {
        let Some(f) = self.slot_of(v, Slot::Format)? else {
            if v.kind() == Kind::Object && !spec.is_empty() {
                return Err(PyErr::type_error(format!(
                    "unsupported format string passed to {}.__format__",
                    v.type_name()
                )));
            }
            return Ok(None);
        };
        let spec = self.py().str(spec)?;
        let r = self.call_def(&f, v, &[spec])?;
        match r.as_str() {
            Some(s) => Ok(Some(s.to_owned())),
            None => Err(PyErr::type_error(format!(
                "__format__ must return a str, not {}",
                r.type_name()
            ))),
        }
    }

    /// `v` as an int object where an integer is wanted: `v` itself unless it is an instance
    /// of a class defining `__index__`, then `__index__`'s int (CPython's `PyNumber_Index`
    /// where the caller keeps its own text for other types).
    pub(crate) fn index_if_defined(&mut self, v: &Obj<'py>) -> PyResult<Obj<'py>> {
        if v.has_heap_type() && self.slot_of(v, Slot::Index)?.is_some() {
            return self.index_value(v);
        }
        Ok(v.clone())
    }

    /// `operator.index(v)`: an int, or `__index__`'s int.
    pub(crate) fn index_value(&mut self, v: &Obj<'py>) -> PyResult<Obj<'py>> {
        if matches!(v.kind(), Kind::Int | Kind::Bool) {
            return Ok(v.clone());
        }
        match self.call_slot(v, Slot::Index, &[])? {
            Some(r) if matches!(r.kind(), Kind::Int | Kind::Bool) => Ok(r),
            Some(r) => Err(PyErr::type_error(format!(
                "__index__ returned non-int (type {})",
                r.type_name()
            ))),
            None => Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ))),
        }
    }

    /// `iter(v)` through `__iter__`, or the sequence protocol of `__getitem__`; `None`:
    /// neither is defined.
    pub(crate) fn iter_dunder(&mut self, v: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
        if let Some(f) = self.slot_of(v, Slot::Iter)? {
            if f.is_none() {
                return Err(PyErr::type_error(format!(
                    "'{}' object is not iterable",
                    v.type_name()
                )));
            }
            let it = self.call_def(&f, v, &[])?;
            if !self.is_iterator(&it)? {
                return Err(PyErr::type_error(format!(
                    "iter() returned non-iterator of type '{}'",
                    it.type_name()
                )));
            }
            return Ok(Some(it));
        }
        if self.slot_of(v, Slot::GetItem)?.is_some() {
            return crate::iter::seq_iter(self.py(), v).map(Some);
        }
        Ok(None)
    }

    /// `next(it)` through `__next__` (`StopIteration` ends it); `None` inside: exhausted.
    pub(crate) fn next_dunder(&mut self, it: &Obj<'py>) -> PyResult<Option<Option<Obj<'py>>>> {
        match self.call_slot(it, Slot::Next, &[]) {
            Ok(Some(v)) => Ok(Some(Some(v))),
            Ok(None) => Ok(None),
            Err(e) if e.is(&exc::STOP_ITERATION) => Ok(Some(None)),
            Err(e) => Err(e),
        }
    }

    /// `item in v` through `__contains__`, else by iteration; `None`: not a container.
    pub(crate) fn contains_dunder(
        &mut self,
        v: &Obj<'py>,
        item: &Obj<'py>,
    ) -> PyResult<Option<bool>> {
        if let Some(r) = self.call_slot(v, Slot::Contains, std::slice::from_ref(item))? {
            return self.truthy(&r).map(Some);
        }
        let Some(it) = self.iter_dunder(v)? else {
            return Ok(None);
        };
        while let Some(x) = self.next(&it)? {
            if self.eq(&x, item)? {
                return Ok(Some(true));
            }
        }
        Ok(Some(false))
    }
}

impl<'py> Tstate<'py> {
    /// `c[key]` through `__getitem__` (`__class_getitem__` for a class, `__missing__` for a
    /// dict subclass); `None`: native.
    pub(crate) fn getitem_dunder(
        &mut self,
        c: &Obj<'py>,
        key: &Obj<'py>,
    ) -> PyResult<Option<Obj<'py>>> {
        if c.kind() == Kind::Type {
            // A metaclass's `__getitem__` wins over the class's `__class_getitem__`
            // (CPython tries `mp_subscript` of `type(c)` first: `Color['RED']` of an enum).
            if let Some(r) = self.call_slot(c, Slot::GetItem, std::slice::from_ref(key))? {
                return Ok(Some(r));
            }
            let Some(f) = self.type_lookup(c, "__class_getitem__")? else {
                if is_pep585_generic(c) {
                    // `list[int]`: a `types.GenericAlias` (PEP 585), from the Python-source
                    // `types` module.
                    let ga = self.import_module("types")?;
                    let ga = self.getattr(&ga, "GenericAlias")?;
                    return self
                        .call(
                            &ga,
                            crate::builtin::Args::positional(&[c.clone(), key.clone()]),
                        )
                        .map(Some);
                }
                return Ok(None);
            };
            if f.native::<crate::function::Function>().is_some() {
                return self
                    .call(
                        &f,
                        crate::builtin::Args::positional(&[c.clone(), key.clone()]),
                    )
                    .map(Some);
            }
            let f = self.descr_get(&f, None, c)?;
            return self
                .call(
                    &f,
                    crate::builtin::Args::positional(std::slice::from_ref(key)),
                )
                .map(Some);
        }
        if let Some(r) = self.call_slot(c, Slot::GetItem, std::slice::from_ref(key))? {
            return Ok(Some(r));
        }
        if c.kind() == Kind::Dict {
            return match c.get_item(key) {
                Err(e) if e.is(&exc::KEY_ERROR) => {
                    match self.call_slot(c, Slot::Missing, std::slice::from_ref(key))? {
                        Some(v) => Ok(Some(v)),
                        None => Err(e),
                    }
                }
                r => r.map(Some),
            };
        }
        Ok(None)
    }

    /// `c[key] = v` (`del c[key]` when `v` is `None`) through `__setitem__`/`__delitem__`;
    /// `false`: native.
    pub(crate) fn setitem_dunder(
        &mut self,
        c: &Obj<'py>,
        key: &Obj<'py>,
        v: Option<&Obj<'py>>,
    ) -> PyResult<bool> {
        let r = match v {
            Some(v) => self.call_slot(c, Slot::SetItem, &[key.clone(), v.clone()])?,
            None => self.call_slot(c, Slot::DelItem, std::slice::from_ref(key))?,
        };
        if r.is_some() {
            return Ok(true);
        }
        if c.kind() == Kind::Object {
            let what = match v {
                Some(_) => "does not support item assignment",
                None => "doesn't support item deletion",
            };
            return Err(PyErr::type_error(format!(
                "'{}' object {what}",
                c.type_name()
            )));
        }
        Ok(false)
    }

    /// `c(*args)` for an instance whose class defines `__call__`; `None`: not callable so.
    pub(crate) fn call_dunder(
        &mut self,
        c: &Obj<'py>,
        args: crate::builtin::Args<'_, 'py>,
    ) -> PyResult<Option<Obj<'py>>> {
        let Some(f) = self.slot_of(c, Slot::Call)? else {
            return Ok(None);
        };
        let f = self.descr_get(&f, Some(c), &c.get_type())?;
        self.call(&f, args).map(Some)
    }
}

impl<'py> Tstate<'py> {
    /// `int(v)` through `__int__`, then `__index__`; `None`: neither is defined.
    pub(crate) fn int_dunder(&mut self, v: &Obj<'py>) -> PyResult<Option<Obj<'py>>> {
        let r = match self.call_slot(v, Slot::Int, &[])? {
            Some(r) => r,
            None if self.slot_of(v, Slot::Index)?.is_some() => self.index_value(v)?,
            None => return Ok(None),
        };
        if !matches!(r.kind(), Kind::Int | Kind::Bool) {
            return Err(PyErr::type_error(format!(
                "__int__ returned non-int (type {})",
                r.type_name()
            )));
        }
        Ok(Some(r))
    }

    /// `float(v)` through `__float__`, then `__index__`; `None`: neither is defined.
    pub(crate) fn float_dunder(&mut self, v: &Obj<'py>) -> PyResult<Option<f64>> {
        if let Some(r) = self.call_slot(v, Slot::Float, &[])? {
            return match r.as_f64() {
                Some(f) if r.kind() == Kind::Float => Ok(Some(f)),
                _ => Err(PyErr::type_error(format!(
                    "{}.__float__ returned non-float (type {})",
                    v.type_name(),
                    r.type_name()
                ))),
            };
        }
        if self.slot_of(v, Slot::Index)?.is_some() {
            let i = self.index_value(v)?;
            return match crate::int::int_value(&i) {
                Some(i) => i.to_f64().map(Some),
                None => Ok(None),
            };
        }
        Ok(None)
    }

    /// `divmod(x, y)` through `__divmod__`/`__rdivmod__`; `None`: neither answers.
    pub(crate) fn divmod_dunder(
        &mut self,
        x: &Obj<'py>,
        y: &Obj<'py>,
    ) -> PyResult<Option<Obj<'py>>> {
        if let Some(r) = self.call_slot(x, Slot::Divmod, std::slice::from_ref(y))?
            && !is_not_implemented(&r)
        {
            return Ok(Some(r));
        }
        if !x.get_type().is(&y.get_type())
            && let Some(r) = self.call_slot(y, Slot::RDivmod, std::slice::from_ref(x))?
            && !is_not_implemented(&r)
        {
            return Ok(Some(r));
        }
        Ok(None)
    }
}

/// What the object crate's native algorithms (container `repr`, `==` and ordering,
/// dict and set lookups, tuple hashes) call for items that are instances of classes made
/// at run time: the same dispatch as the loop's.
impl<'py> subinterp_object::Upcall<'py> for Tstate<'py> {
    fn hash(&mut self, o: &Obj<'py>) -> PyResult<i64> {
        crate::builtins::hash_of(self, o)
    }

    fn eq(&mut self, a: &Obj<'py>, b: &Obj<'py>) -> PyResult<bool> {
        crate::arith::compare(self, CmpOp::Eq, a, b)
    }

    fn compare(
        &mut self,
        a: &Obj<'py>,
        b: &Obj<'py>,
        op: subinterp_object::CompareOp,
    ) -> PyResult<bool> {
        use subinterp_object::CompareOp as C;
        let op = match op {
            C::Lt => CmpOp::Lt,
            C::Le => CmpOp::Le,
            C::Eq => CmpOp::Eq,
            C::Ne => CmpOp::Ne,
            C::Gt => CmpOp::Gt,
            C::Ge => CmpOp::Ge,
        };
        crate::arith::compare(self, op, a, b)
    }

    fn repr(&mut self, o: &Obj<'py>) -> PyResult<String> {
        Tstate::repr(self, o)
    }
}

/// Whether `c` is one of the builtin classes that PEP 585 makes subscriptable.
pub(crate) fn is_pep585_generic(c: &Obj<'_>) -> bool {
    use subinterp_object::types::{DICT, LIST, TUPLE, TYPE};
    let py = c.py();
    [&LIST, &DICT, &TUPLE, &TYPE]
        .into_iter()
        .chain(crate::sets::TYPES)
        .any(|st| c.is(&st.get(py)))
}
