//! The `gc` and `weakref` modules (CPython's `Modules/gcmodule.c` and `_weakref`): functions
//! over the object crate's cycle collector and weak references that need the thread state
//! (a collection runs weak reference callbacks and finalizers). The embedding layer makes
//! the module objects and fills them with [`fill_gc_module`] and [`fill_weakref_module`].
//!
//! Not here: `gc.callbacks` is a list nothing calls, `gc.freeze`,
//! `gc.set_debug`; `weakref.proxy`, and `WeakValueDictionary`, `WeakKeyDictionary` and
//! `WeakSet`, which are Python classes over `weakref.ref` in CPython and wait for classes.

use subinterp_object::{Obj, PyErr, PyResult, WEAKREF};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::sys::c_int;

static GC_FUNCTIONS: &[BuiltinDef] = &[
    BuiltinDef {
        name: "collect",
        func: collect,
    },
    BuiltinDef {
        name: "enable",
        func: enable,
    },
    BuiltinDef {
        name: "disable",
        func: disable,
    },
    BuiltinDef {
        name: "isenabled",
        func: isenabled,
    },
    BuiltinDef {
        name: "get_count",
        func: get_count,
    },
    BuiltinDef {
        name: "get_threshold",
        func: get_threshold,
    },
    BuiltinDef {
        name: "set_threshold",
        func: set_threshold,
    },
    BuiltinDef {
        name: "is_tracked",
        func: is_tracked,
    },
    BuiltinDef {
        name: "get_objects",
        func: get_objects,
    },
    BuiltinDef {
        name: "get_stats",
        func: get_stats,
    },
    BuiltinDef {
        name: "get_referents",
        func: get_referents,
    },
    BuiltinDef {
        name: "get_referrers",
        func: get_referrers,
    },
];

static WEAKREF_FUNCTIONS: &[BuiltinDef] = &[
    BuiltinDef {
        name: "getweakrefcount",
        func: getweakrefcount,
    },
    BuiltinDef {
        name: "getweakrefs",
        func: getweakrefs,
    },
];

/// Stores each of `defs` in module `m` under its name, as a builtin with no receiver.
fn add_functions(m: &Obj<'_>, defs: &'static [BuiltinDef]) -> PyResult<()> {
    let py = m.py();
    let dict = m.module_dict()?;
    for def in defs {
        let f = crate::native::new_builtin(py, def, None)?;
        dict.set_item(&py.str(def.name)?, &f)?;
    }
    Ok(())
}

/// Fills the `gc` module `m`: its functions, `garbage` (always empty: no object here has a
/// legacy finalizer, so no cycle is uncollectable) and `callbacks`.
pub fn fill_gc_module(m: &Obj<'_>) -> PyResult<()> {
    add_functions(m, GC_FUNCTIONS)?;
    let py = m.py();
    let dict = m.module_dict()?;
    dict.set_item(&py.str("garbage")?, &py.list(&[])?)?;
    dict.set_item(&py.str("callbacks")?, &py.list(&[])?)?;
    Ok(())
}

/// Fills the `weakref` module `m`: `ref` and `ReferenceType` (the weak reference type),
/// `getweakrefcount` and `getweakrefs`.
pub fn fill_weakref_module(m: &Obj<'_>) -> PyResult<()> {
    add_functions(m, WEAKREF_FUNCTIONS)?;
    let py = m.py();
    let dict = m.module_dict()?;
    let ty = WEAKREF.get(py);
    dict.set_item(&py.str("ref")?, &ty)?;
    dict.set_item(&py.str("ReferenceType")?, &ty)?;
    Ok(())
}

fn collect<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [g] = a.bind("collect", ["generation"], 0)?;
    let g = g.as_ref().map(c_int).transpose()?.unwrap_or(2);
    // Generators dropped so far are closed first: their frames' references count.
    ts.close_dropped();
    let py = ts.py();
    let n = py.gc_collect(g, ts)?;
    py.int(n as i64)
}

fn no_args(fname: &str, a: &Args<'_, '_>) -> PyResult<()> {
    a.bind::<0>(fname, [], 0).map(drop)
}

fn enable<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    no_args("gc.enable", &a)?;
    ts.py().gc_set_enabled(true);
    Ok(ts.py().none())
}

fn disable<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    no_args("gc.disable", &a)?;
    ts.py().gc_set_enabled(false);
    Ok(ts.py().none())
}

fn isenabled<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    no_args("gc.isenabled", &a)?;
    Ok(ts.py().bool(ts.py().gc_is_enabled()))
}

/// A tuple of three counts.
fn triple<'py>(ts: &Tstate<'py>, v: [usize; 3]) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let items = v
        .iter()
        .map(|&n| py.int(n as i64))
        .collect::<PyResult<Vec<_>>>()?;
    py.tuple(&items)
}

fn get_count<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    no_args("gc.get_count", &a)?;
    triple(ts, ts.py().gc_count())
}

fn get_threshold<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    no_args("gc.get_threshold", &a)?;
    triple(ts, ts.py().gc_threshold())
}

fn set_threshold<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.no_kw("gc.set_threshold")?;
    if !(1..=3).contains(&a.pos.len()) {
        return Err(PyErr::type_error(
            "gc.set_threshold requires 1 to 3 arguments",
        ));
    }
    // CPython stores C ints; a negative threshold behaves as a huge one there (counts are
    // compared unsigned after the sign check fails): here it is 0's opposite, never reached.
    let v = a
        .pos
        .iter()
        .map(|o| c_int(o).map(|n| usize::try_from(n).unwrap_or(usize::MAX)))
        .collect::<PyResult<Vec<_>>>()?;
    ts.py().gc_set_threshold(&v);
    Ok(ts.py().none())
}

fn is_tracked<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [o] = a.exactly("gc.is_tracked", 1)? else {
        return Err(PyErr::type_error(
            "gc.is_tracked() takes exactly one argument",
        ));
    };
    Ok(ts.py().bool(ts.py().gc_is_tracked(o)))
}

fn get_objects<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [g] = a.bind("get_objects", ["generation"], 0)?;
    let py = ts.py();
    let g = match g.filter(|g| !g.is_none()) {
        None => None,
        Some(g) => {
            let n = c_int(&g)?;
            if n >= subinterp_object::GENERATIONS as i64 {
                return Err(PyErr::value_error(
                    "generation parameter must be less than the number of available generations (3)",
                ));
            }
            if n < 0 {
                return Err(PyErr::value_error(
                    "generation parameter cannot be negative",
                ));
            }
            Some(n as usize)
        }
    };
    py.list(&py.gc_objects(g))
}

fn get_stats<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    no_args("gc.get_stats", &a)?;
    let py = ts.py();
    let mut out = Vec::new();
    for s in py.gc_stats() {
        let d = py.dict()?;
        d.set_item(&py.str("collections")?, &py.int(s.collections as i64)?)?;
        d.set_item(&py.str("collected")?, &py.int(s.collected as i64)?)?;
        d.set_item(&py.str("uncollectable")?, &py.int(0)?)?;
        out.push(d);
    }
    py.list(&out)
}

fn get_referents<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.no_kw("get_referents")?;
    let py = ts.py();
    let all: Vec<Obj<'py>> = a.pos.iter().flat_map(|o| py.gc_referents(o)).collect();
    py.list(&all)
}

fn get_referrers<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.no_kw("get_referrers")?;
    let py = ts.py();
    py.list(&py.gc_referrers(a.pos))
}

fn getweakrefcount<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [o] = a.exactly("getweakrefcount", 1)? else {
        return Err(PyErr::type_error(
            "getweakrefcount() takes exactly one argument",
        ));
    };
    ts.py().int(ts.py().weakref_count(o) as i64)
}

fn getweakrefs<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let [o] = a.exactly("getweakrefs", 1)? else {
        return Err(PyErr::type_error(
            "getweakrefs() takes exactly one argument",
        ));
    };
    ts.py().list(&ts.py().weakrefs_of(o))
}

/// `weakref.ref(object[, callback])`.
pub(crate) fn new_ref<'py>(ts: &mut Tstate<'py>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.no_kw("ref")?;
    let pos = a.between("__new__", 1, 2)?;
    ts.py().weakref_new(&pos[0], pos.get(1))
}

/// `wr()`: the referent, or `None` once it died.
pub(crate) fn call_ref<'py>(wr: &Obj<'py>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.no_kw("weakref")?;
    if !a.pos.is_empty() {
        return Err(PyErr::type_error(format!(
            "weakref expected 0 arguments, got {}",
            a.pos.len()
        )));
    }
    Ok(wr.weakref_get().unwrap_or_else(|| wr.py().none()))
}
