//! `set` and `frozenset` at the language level: the constructors, the operators
//! (`| & - ^`, their in-place forms, the subset comparisons) and the methods. Each operation
//! follows CPython's `Objects/setobject.c` step by step (which set is walked, which is probed,
//! when a table is copied), because that decides the iteration order programs print.

use subinterp_compile::{BinOp, CmpOp};
use subinterp_object::types::{FROZENSET, SET};
use subinterp_object::{Kind, Obj, Py, PyErr, PyResult, StaticType};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::methods::this;

/// Whether `o` is a set or a frozenset.
pub(crate) fn is_any_set(o: &Obj<'_>) -> bool {
    matches!(o.kind(), Kind::Set | Kind::FrozenSet)
}

fn same_type_empty<'py>(py: Py<'py>, like: &Obj<'py>) -> PyResult<Obj<'py>> {
    if like.kind() == Kind::FrozenSet {
        py.frozenset()
    } else {
        py.set()
    }
}

impl<'py> Tstate<'py> {
    /// `set_update_internal`: adds every item of `other` to `so`.
    pub(crate) fn set_update(&mut self, so: &Obj<'py>, other: &Obj<'py>) -> PyResult<()> {
        if is_any_set(other) {
            return so.set_merge_with(other, self);
        }
        if other.kind() == Kind::Dict {
            so.set_reserve(other.len()?)?;
            for k in other.dict_keys()? {
                so.set_add_with(&k, self)?;
            }
            return Ok(());
        }
        let it = self.iter(other)?;
        while let Some(v) = self.next(&it)? {
            so.set_add_with(&v, self)?;
        }
        Ok(())
    }

    /// A new set (or frozenset, as `like`) holding `so`'s items (`make_new_set_basetype`).
    fn set_copy_like(&mut self, like: &Obj<'py>, so: &Obj<'py>) -> PyResult<Obj<'py>> {
        let r = same_type_empty(self.py(), like)?;
        self.set_update(&r, so)?;
        Ok(r)
    }

    /// A new set holding the items of iterable `other` (a temporary for the algebra).
    fn set_of(&mut self, other: &Obj<'py>) -> PyResult<Obj<'py>> {
        let r = self.py().set()?;
        self.set_update(&r, other)?;
        Ok(r)
    }

    /// `so & other` (`set_intersection`): walks the smaller set, probes the larger.
    fn set_intersection(&mut self, so: &Obj<'py>, other: &Obj<'py>) -> PyResult<Obj<'py>> {
        let result = same_type_empty(self.py(), so)?;
        if is_any_set(other) {
            let (big, small) = if other.len()? > so.len()? {
                (other, so)
            } else {
                (so, other)
            };
            for k in small.set_items()? {
                if big.set_contains_with(&k, self)? {
                    result.set_add_with(&k, self)?;
                }
            }
            return Ok(result);
        }
        let it = self.iter(other)?;
        while let Some(k) = self.next(&it)? {
            if so.set_contains_with(&k, self)? {
                result.set_add_with(&k, self)?;
            }
        }
        Ok(result)
    }

    /// `set_difference_update_internal`.
    fn set_difference_update(&mut self, so: &Obj<'py>, other: &Obj<'py>) -> PyResult<()> {
        if so.is(other) {
            return so.set_clear();
        }
        let keys = if is_any_set(other) {
            other.set_items()?
        } else {
            self.collect(other)?
        };
        for k in keys {
            so.set_discard_with(&k, self)?;
        }
        so.set_compact()
    }

    /// `so - other` (`set_difference`).
    fn set_difference(&mut self, so: &Obj<'py>, other: &Obj<'py>) -> PyResult<Obj<'py>> {
        let other_size = match other.kind() {
            Kind::Set | Kind::FrozenSet | Kind::Dict => Some(other.len()?),
            _ => None,
        };
        match other_size {
            Some(n) if (so.len()? >> 2) <= n => {
                let result = same_type_empty(self.py(), so)?;
                for k in so.set_items()? {
                    let found = if other.kind() == Kind::Dict {
                        other.dict_get_with(&k, self)?.is_some()
                    } else {
                        other.set_contains_with(&k, self)?
                    };
                    if !found {
                        result.set_add_with(&k, self)?;
                    }
                }
                Ok(result)
            }
            _ => {
                let result = self.set_copy_like(so, so)?;
                self.set_difference_update(&result, other)?;
                Ok(result)
            }
        }
    }

    /// `set_symmetric_difference_update`.
    fn set_symmetric_difference_update(&mut self, so: &Obj<'py>, other: &Obj<'py>) -> PyResult<()> {
        if so.is(other) {
            return so.set_clear();
        }
        let other = if is_any_set(other) {
            other.clone()
        } else {
            self.set_of(other)?
        };
        for k in other.set_items()? {
            if !so.set_discard_with(&k, self)? {
                so.set_add_with(&k, self)?;
            }
        }
        Ok(())
    }

    /// `so ^ other` (`set_symmetric_difference`): a copy of `other` updated with `so`.
    fn set_symmetric_difference(&mut self, so: &Obj<'py>, other: &Obj<'py>) -> PyResult<Obj<'py>> {
        let result = self.set_copy_like(so, other)?;
        self.set_symmetric_difference_update(&result, so)?;
        Ok(result)
    }

    /// `so | other` (`set_or`).
    fn set_union(&mut self, so: &Obj<'py>, other: &Obj<'py>) -> PyResult<Obj<'py>> {
        let result = self.set_copy_like(so, so)?;
        if !so.is(other) {
            self.set_update(&result, other)?;
        }
        Ok(result)
    }

    /// The set operators with a dict keys or items view on either side: a new set of the
    /// left operand's items, combined with the right one's (CPython's `dictviews_or`, ...).
    fn view_binop(
        &mut self,
        op: BinOp,
        lhs: &Obj<'py>,
        rhs: &Obj<'py>,
    ) -> PyResult<Option<Obj<'py>>> {
        if !matches!(op, BinOp::Or | BinOp::And | BinOp::Subtract | BinOp::Xor) {
            return Ok(None);
        }
        let result = self.set_of(lhs)?;
        match op {
            BinOp::Or => self.set_update(&result, rhs)?,
            BinOp::Subtract => self.set_difference_update(&result, rhs)?,
            BinOp::Xor => self.set_symmetric_difference_update(&result, rhs)?,
            _ => return self.set_intersection(&result, rhs).map(Some),
        }
        Ok(Some(result))
    }

    /// The set operators: `None` when an operand is not a set (the caller reports the
    /// unsupported operand types).
    pub(crate) fn set_binop(
        &mut self,
        op: BinOp,
        inplace: bool,
        lhs: &Obj<'py>,
        rhs: &Obj<'py>,
    ) -> PyResult<Option<Obj<'py>>> {
        if is_set_view(lhs) || is_set_view(rhs) {
            return self.view_binop(op, lhs, rhs);
        }
        if !is_any_set(lhs) || !is_any_set(rhs) {
            return Ok(None);
        }
        // In-place forms change a set; a frozenset gets a new object, as its operators give.
        if inplace && lhs.kind() == Kind::Set {
            match op {
                BinOp::Or => self.set_update(lhs, rhs)?,
                BinOp::And => {
                    let tmp = self.set_intersection(lhs, rhs)?;
                    lhs.set_swap(&tmp)?;
                }
                BinOp::Subtract => self.set_difference_update(lhs, rhs)?,
                BinOp::Xor => self.set_symmetric_difference_update(lhs, rhs)?,
                _ => return Ok(None),
            }
            return Ok(Some(lhs.clone()));
        }
        Ok(Some(match op {
            BinOp::Or => self.set_union(lhs, rhs)?,
            BinOp::And => self.set_intersection(lhs, rhs)?,
            BinOp::Subtract => self.set_difference(lhs, rhs)?,
            BinOp::Xor => self.set_symmetric_difference(lhs, rhs)?,
            _ => return Ok(None),
        }))
    }
}

/// Whether `o` is a dict keys or items view (which have the set operators).
fn is_set_view(o: &Obj<'_>) -> bool {
    o.native::<crate::iter::DictView>()
        .is_some_and(|v| !matches!(v.part, crate::iter::DictPart::Values))
}

/// Set comparisons (subset order): `None` when an operand is not a set (or a keys or items
/// view, compared as the set of its items).
pub(crate) fn set_compare<'py>(
    ts: &mut Tstate<'py>,
    op: CmpOp,
    a: &Obj<'py>,
    b: &Obj<'py>,
) -> PyResult<Option<bool>> {
    let set_like = |o: &Obj<'py>| is_any_set(o) || is_set_view(o);
    if !set_like(a) || !set_like(b) {
        return Ok(None);
    }
    let a = &if is_set_view(a) {
        ts.set_of(a)?
    } else {
        a.clone()
    };
    let b = &if is_set_view(b) {
        ts.set_of(b)?
    } else {
        b.clone()
    };
    let (la, lb) = (a.len()?, b.len()?);
    Ok(Some(match op {
        CmpOp::Eq => la == lb && a.set_is_subset_with(b, ts)?,
        CmpOp::Ne => !(la == lb && a.set_is_subset_with(b, ts)?),
        CmpOp::Le => a.set_is_subset_with(b, ts)?,
        CmpOp::Ge => b.set_is_subset_with(a, ts)?,
        CmpOp::Lt => la < lb && a.set_is_subset_with(b, ts)?,
        CmpOp::Gt => la > lb && b.set_is_subset_with(a, ts)?,
    }))
}

/// `set(iterable)` / `frozenset(iterable)`.
pub(crate) fn new<'py>(
    ts: &mut Tstate<'py>,
    ty: &'static StaticType,
    args: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let name = ty.name();
    args.no_kw(name)?;
    let a = args.between(name, 0, 1)?;
    let frozen = std::ptr::eq(ty, &FROZENSET);
    if frozen
        && let Some(x) = a
            .first()
            .filter(|x| x.kind() == Kind::FrozenSet && !x.get_type().is_heap_type())
    {
        return Ok(x.clone());
    }
    let py = ts.py();
    let s = if frozen { py.frozenset()? } else { py.set()? };
    if let Some(x) = a.first() {
        ts.set_update(&s, x)?;
    }
    Ok(s)
}

/// The builtin types this module adds to `builtins`.
pub(crate) static TYPES: [&StaticType; 2] = [&SET, &FROZENSET];

macro_rules! defs {
    ($table:ident: $($name:literal => $f:path,)*) => {
        pub(crate) static $table: &[BuiltinDef] = &[$(BuiltinDef { name: $name, func: $f },)*];
    };
}

defs! { SET_METHODS:
    "add" => set_add,
    "discard" => set_discard,
    "remove" => set_remove,
    "pop" => set_pop,
    "clear" => set_clear,
    "update" => set_update_m,
    "intersection_update" => set_intersection_update,
    "difference_update" => set_difference_update_m,
    "symmetric_difference_update" => set_symmetric_difference_update_m,
    "copy" => set_copy,
    "union" => set_union_m,
    "intersection" => set_intersection_m,
    "difference" => set_difference_m,
    "symmetric_difference" => set_symmetric_difference_m,
    "issubset" => set_issubset,
    "issuperset" => set_issuperset,
    "isdisjoint" => set_isdisjoint,
}

defs! { FROZENSET_METHODS:
    "copy" => set_copy,
    "union" => set_union_m,
    "intersection" => set_intersection_m,
    "difference" => set_difference_m,
    "symmetric_difference" => set_symmetric_difference_m,
    "issubset" => set_issubset,
    "issuperset" => set_issuperset,
    "isdisjoint" => set_isdisjoint,
}

/// `set.add(x)`-style: exactly one positional argument, CPython's `set.add()` text.
fn one<'a, 'py>(a: &Args<'a, 'py>, name: &str) -> PyResult<&'a Obj<'py>> {
    Ok(&a.exactly(name, 1)?[0])
}

fn set_add<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    this(slf)?.set_add_with(one(&a, "set.add")?, ts)?;
    Ok(ts.py().none())
}

fn set_discard<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    this(slf)?.set_discard_with(one(&a, "set.discard")?, ts)?;
    Ok(ts.py().none())
}

fn set_remove<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let k = one(&a, "set.remove")?;
    if !this(slf)?.set_discard_with(k, ts)? {
        return Err(PyErr::key_error(k));
    }
    Ok(ts.py().none())
}

fn set_pop<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("set.pop", 0)?;
    this(slf)?.set_pop()
}

fn set_clear<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("set.clear", 0)?;
    this(slf)?.set_clear()?;
    Ok(ts.py().none())
}

fn set_copy<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let so = this(slf)?;
    a.exactly(&format!("{}.copy", so.type_name()), 0)?;
    if so.kind() == Kind::FrozenSet && !so.get_type().is_heap_type() {
        return Ok(so.clone());
    }
    ts.set_copy_like(so, so)
}

/// The `*others` form of the `_update` methods: `f(so, other)` for each argument.
fn each_other<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
    name: &str,
    f: fn(&mut Tstate<'py>, &Obj<'py>, &Obj<'py>) -> PyResult<()>,
) -> PyResult<Obj<'py>> {
    a.no_kw(name)?;
    let so = this(slf)?;
    for o in a.pos {
        f(ts, so, o)?;
    }
    Ok(ts.py().none())
}

fn set_update_m<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    each_other(ts, slf, a, "set.update", Tstate::set_update)
}

fn set_intersection_update<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.no_kw("set.intersection_update")?;
    let so = this(slf)?;
    let tmp = intersection_multi(ts, so, a.pos)?;
    so.set_swap(&tmp)?;
    Ok(ts.py().none())
}

fn set_difference_update_m<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    each_other(
        ts,
        slf,
        a,
        "set.difference_update",
        Tstate::set_difference_update,
    )
}

fn set_symmetric_difference_update_m<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let o = one(&a, "set.symmetric_difference_update")?;
    ts.set_symmetric_difference_update(this(slf)?, o)?;
    Ok(ts.py().none())
}

fn set_union_m<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let so = this(slf)?;
    a.no_kw(&format!("{}.union", so.type_name()))?;
    let result = ts.set_copy_like(so, so)?;
    for o in a.pos {
        if !o.is(so) {
            ts.set_update(&result, o)?;
        }
    }
    Ok(result)
}

/// `set_intersection_multi`: the running result intersected with each argument in turn.
fn intersection_multi<'py>(
    ts: &mut Tstate<'py>,
    so: &Obj<'py>,
    others: &[Obj<'py>],
) -> PyResult<Obj<'py>> {
    if others.is_empty() {
        return ts.set_copy_like(so, so);
    }
    let mut result = so.clone();
    for o in others {
        result = ts.set_intersection(&result, o)?;
    }
    Ok(result)
}

fn set_intersection_m<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let so = this(slf)?;
    a.no_kw(&format!("{}.intersection", so.type_name()))?;
    intersection_multi(ts, so, a.pos)
}

fn set_difference_m<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let so = this(slf)?;
    a.no_kw(&format!("{}.difference", so.type_name()))?;
    let Some((first, rest)) = a.pos.split_first() else {
        return ts.set_copy_like(so, so);
    };
    let result = ts.set_difference(so, first)?;
    for o in rest {
        ts.set_difference_update(&result, o)?;
    }
    Ok(result)
}

fn set_symmetric_difference_m<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let so = this(slf)?;
    let o = one(&a, &format!("{}.symmetric_difference", so.type_name()))?;
    ts.set_symmetric_difference(so, o)
}

/// The argument of `issubset`/`issuperset` as a set (a temporary for other iterables).
fn as_set<'py>(ts: &mut Tstate<'py>, o: &Obj<'py>) -> PyResult<Obj<'py>> {
    if is_any_set(o) {
        Ok(o.clone())
    } else {
        ts.set_of(o)
    }
}

fn set_issubset<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let so = this(slf)?;
    let o = one(&a, &format!("{}.issubset", so.type_name()))?;
    let o = as_set(ts, o)?;
    Ok(ts.py().bool(so.set_is_subset_with(&o, ts)?))
}

fn set_issuperset<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let so = this(slf)?;
    let o = one(&a, &format!("{}.issuperset", so.type_name()))?;
    if is_any_set(o) {
        return Ok(ts.py().bool(o.set_is_subset_with(so, ts)?));
    }
    let it = ts.iter(o)?;
    while let Some(k) = ts.next(&it)? {
        if !so.set_contains_with(&k, ts)? {
            return Ok(ts.py().bool(false));
        }
    }
    Ok(ts.py().bool(true))
}

fn set_isdisjoint<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let so = this(slf)?;
    let o = one(&a, &format!("{}.isdisjoint", so.type_name()))?;
    let (probe, walk) = if is_any_set(o) && o.len()? > so.len()? {
        (o.clone(), so.clone())
    } else {
        (so.clone(), o.clone())
    };
    let items = if is_any_set(&walk) {
        walk.set_items()?
    } else {
        ts.collect(&walk)?
    };
    for k in items {
        if probe.set_contains_with(&k, ts)? {
            return Ok(ts.py().bool(false));
        }
    }
    Ok(ts.py().bool(true))
}

/// `BUILD_SET`: a set of `items`, added in order.
pub(crate) fn build<'py>(ts: &mut Tstate<'py>, items: &[Obj<'py>]) -> PyResult<Obj<'py>> {
    let s = ts.py().set()?;
    for v in items {
        s.set_add_with(v, ts)?;
    }
    Ok(s)
}
