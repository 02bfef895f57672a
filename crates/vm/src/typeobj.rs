//! CPython's `_PyType_Lookup` and the descriptor protocol: a name is looked up along a
//! class's `__mro__`, in each class's `__dict__` (a heap class's own dict; for a builtin
//! class, the entries of its method tables, made into objects once per interpreter, which
//! is what CPython 3.12+ keeps per interpreter for static types too). What is found binds
//! through `descr_get` (functions to bound methods, `staticmethod`, `classmethod`,
//! `property`, method descriptors, user classes with `__get__`).

use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};

use crate::Tstate;
use crate::builtin::{Args, Builtin, BuiltinDef};
use crate::call::{METHOD_DESCR, MethodDescr};
use crate::descr::{CLASSMETHOD, METHOD, Member, Method, Property, Wrapper};
use crate::function::{Function, bind};

/// What a builtin class defines besides its methods: class methods, and `__new__` (a
/// function taking the class first, as CPython's `tp_new` wrapper).
pub(crate) struct ClassExtras {
    pub(crate) methods: &'static [BuiltinDef],
    pub(crate) classmethods: &'static [BuiltinDef],
    pub(crate) new: Option<&'static BuiltinDef>,
}

impl<'py> Tstate<'py> {
    /// `_PyType_Lookup(ty, name)`: the first definition of `name` along `ty`'s MRO.
    pub fn type_lookup(&mut self, ty: &Obj<'py>, name: &str) -> PyResult<Option<Obj<'py>>> {
        Ok(self.type_lookup_named(ty, name)?.0)
    }

    /// The first definition of `name` in the dicts of `mro` (a class's MRO or a part of it).
    pub(crate) fn lookup_in(&mut self, mro: &[Obj<'py>], name: &str) -> PyResult<Option<Obj<'py>>> {
        let key = self.consts.intern(self.py(), name)?;
        for t in mro {
            if let Some(d) = t.type_dict() {
                if let Some(v) = d.dict_get(&key)? {
                    return Ok(Some(v));
                }
            } else if let Some(v) = self.static_attr(t, name)? {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// `lookup_special(obj, name)`: `name` looked up on `type(obj)` and bound to `obj`
    /// (what the loop uses for `__init__`, `__new__` and the dunder protocols).
    pub fn lookup_special(&mut self, obj: &Obj<'py>, name: &str) -> PyResult<Option<Obj<'py>>> {
        let ty = obj.get_type();
        match self.type_lookup(&ty, name)? {
            Some(d) => Ok(Some(self.descr_get(&d, Some(obj), &ty)?)),
            None => Ok(None),
        }
    }

    /// The entry `name` of builtin class `t`'s dict, made once per interpreter.
    fn static_attr(&mut self, t: &Obj<'py>, name: &str) -> PyResult<Option<Obj<'py>>> {
        let py = self.py();
        if let Some((def, owner)) = crate::methods::find_in_type(t, name) {
            return self.cached(def, 0, || {
                py.new_native(&METHOD_DESCR, MethodDescr { def, owner })
            });
        }
        if let Some(def) = crate::methods::find_classmethod(t, name) {
            return self.cached(def, 1, || classmethod_of(py, def));
        }
        let Some(x) = crate::type_call::extras(t) else {
            return Ok(None);
        };
        let owner = t.type_qualname().unwrap_or_default();
        if let Some(def) = x.methods.iter().find(|d| d.name == name) {
            let owner = crate::type_call::static_name(t);
            return self.cached(def, 0, || {
                py.new_native(&METHOD_DESCR, MethodDescr { def, owner })
            });
        }
        if let Some(def) = x.classmethods.iter().find(|d| d.name == name) {
            return self.cached(def, 1, || classmethod_of(py, def));
        }
        if name == "__new__"
            && let Some(def) = x.new
        {
            // Bound to its class, as CPython's `tp_new` wrapper (`object.__new__.__self__`).
            let key = def as *const BuiltinDef as usize + 2 + (t.id() << 2);
            return self.cached_key(key, || crate::native::new_builtin(py, def, Some(t)));
        }
        if name == "__doc__" || name == "__module__" || name == "__name__" {
            // Plain data of a builtin class, read through the object crate.
            return match name {
                "__doc__" => Ok(Some(py.none())),
                _ => Ok(Some(py.str(if name == "__name__" {
                    &owner
                } else {
                    "builtins"
                })?)),
            };
        }
        Ok(None)
    }

    /// The object made by `make` for `def` (`tag` tells its flavours apart), cached.
    fn cached(
        &mut self,
        def: &'static BuiltinDef,
        tag: usize,
        make: impl FnOnce() -> PyResult<Obj<'py>>,
    ) -> PyResult<Option<Obj<'py>>> {
        self.cached_key((def as *const BuiltinDef as usize) + tag, make)
    }

    /// The object made by `make`, cached under `key`.
    fn cached_key(
        &mut self,
        key: usize,
        make: impl FnOnce() -> PyResult<Obj<'py>>,
    ) -> PyResult<Option<Obj<'py>>> {
        if let Some(m) = self.methods.get(&key) {
            return Ok(Some(m.clone()));
        }
        let m = make()?;
        self.methods.insert(key, m.clone());
        Ok(Some(m))
    }

    /// Whether `d` is a data descriptor (its class defines `__set__` or `__delete__`).
    pub(crate) fn is_data_descr(&mut self, d: &Obj<'py>) -> PyResult<bool> {
        if d.native::<Property>().is_some() || d.native::<Member>().is_some() {
            return Ok(true);
        }
        let ty = d.get_type();
        if !ty.is_heap_type() {
            return Ok(false);
        }
        Ok(self.type_lookup(&ty, "__set__")?.is_some()
            || self.type_lookup(&ty, "__delete__")?.is_some())
    }

    /// `d.__get__(obj, ty)` when `d` is a descriptor, else `d` (CPython's `tp_descr_get`;
    /// `obj` is `None` for a lookup on the class itself).
    pub(crate) fn descr_get(
        &mut self,
        d: &Obj<'py>,
        obj: Option<&Obj<'py>>,
        ty: &Obj<'py>,
    ) -> PyResult<Obj<'py>> {
        let py = self.py();
        if d.native::<Function>().is_some() {
            return match obj {
                Some(o) => new_method(d, o),
                None => Ok(d.clone()),
            };
        }
        if d.kind() != Kind::Native {
            return self.user_descr_get(d, obj, ty);
        }
        if let Some(w) = d.native::<Wrapper>() {
            let f = bind(&w.func, py)?;
            return if d.get_type().is(&CLASSMETHOD.get(py)) {
                new_method(&f, ty)
            } else {
                Ok(f)
            };
        }
        if let Some(m) = d.native::<MethodDescr>() {
            return match obj {
                Some(o) => crate::native::new_builtin(py, m.def, Some(o)),
                None => Ok(d.clone()),
            };
        }
        if let Some(p) = d.native::<Property>() {
            let Some(o) = obj else {
                return Ok(d.clone());
            };
            let fget = bind(&p.parts[0], py)?;
            if fget.is_none() {
                return Err(PyErr::new(
                    &exc::ATTRIBUTE_ERROR,
                    format!(
                        "property {}of '{}' object has no getter",
                        property_name(p, py),
                        o.type_name()
                    ),
                ));
            }
            return self.call(&fget, Args::positional(std::slice::from_ref(o)));
        }
        if let Some(m) = d.native::<Member>() {
            return match obj {
                Some(o) => m.get(o),
                None => Ok(d.clone()),
            };
        }
        Ok(d.clone())
    }

    /// A user descriptor: `type(d).__get__(d, obj, ty)` when its class defines `__get__`.
    fn user_descr_get(
        &mut self,
        d: &Obj<'py>,
        obj: Option<&Obj<'py>>,
        ty: &Obj<'py>,
    ) -> PyResult<Obj<'py>> {
        let dt = d.get_type();
        if !dt.is_heap_type() {
            return Ok(d.clone());
        }
        let Some(get) = self.type_lookup(&dt, "__get__")? else {
            return Ok(d.clone());
        };
        let none = self.py().none();
        let args = [d.clone(), obj.cloned().unwrap_or(none), ty.clone()];
        let get = self.descr_get(&get, None, &dt)?;
        self.call(&get, Args::positional(&args))
    }
}

/// The ` 'name' ` part of a property's error texts (empty before `__set_name__`).
pub(crate) fn property_name(p: &Property, py: subinterp_object::Py<'_>) -> String {
    match p.name.borrow().as_ref().map(|n| bind(n, py)) {
        Some(Ok(n)) => match n.as_str() {
            Some(s) => format!("'{s}' "),
            None => String::new(),
        },
        _ => String::new(),
    }
}

/// A bound method of `func` to `slf`.
pub(crate) fn new_method<'py>(func: &Obj<'py>, slf: &Obj<'py>) -> PyResult<Obj<'py>> {
    func.py().new_native(
        &METHOD,
        Method {
            func: func.to_ref(),
            slf: slf.to_ref(),
        },
    )
}

/// A `classmethod` wrapping builtin `def` (its receiver is the class).
fn classmethod_of<'py>(
    py: subinterp_object::Py<'py>,
    def: &'static BuiltinDef,
) -> PyResult<Obj<'py>> {
    let f = crate::native::new_builtin(py, def, None)?;
    py.new_native(&CLASSMETHOD, Wrapper { func: f.unbind() })
}

/// Whether `v` is the builtin function made from `def` (a method descriptor or function).
pub(crate) fn is_def(v: &Obj<'_>, def: &'static BuiltinDef) -> bool {
    v.native::<MethodDescr>()
        .is_some_and(|m| std::ptr::eq(m.def, def))
        || v.native::<Builtin>()
            .is_some_and(|b| std::ptr::eq(b.def, def))
}

/// Entries of the lookup cache (a power of two).
const CACHE_SIZE: usize = 1024;

/// CPython's method cache: the result of `_PyType_Lookup` by class, version tag and name.
/// A class's tag changes whenever it or a base changes, so a hit is always current; a slot
/// is overwritten by the next lookup that maps to it.
#[derive(Default)]
pub(crate) struct LookupCache<'py> {
    entries: Vec<Option<Entry<'py>>>,
    /// Per attribute hook (`__getattribute__`, `__setattr__`, `__delattr__`): the class and
    /// version tag last found to inherit `object`'s, so the next attribute access on an
    /// instance of it skips the hook's lookup (a class or base changed gets a new tag).
    plain_hook: [(usize, u32); 3],
}

impl LookupCache<'_> {
    /// Whether class `ty` (id and version tag) was last found to inherit `object`'s hook
    /// number `hook`.
    #[inline]
    pub(crate) fn plain_hook(&self, hook: usize, ty: usize, version: u32) -> bool {
        version != 0 && self.plain_hook.get(hook) == Some(&(ty, version))
    }

    /// Records that class `ty` at `version` inherits `object`'s hook number `hook`.
    #[inline]
    pub(crate) fn set_plain_hook(&mut self, hook: usize, ty: usize, version: u32) {
        if let Some(m) = self.plain_hook.get_mut(hook) {
            *m = (ty, version);
        }
    }
}

struct Entry<'py> {
    ty: usize,
    version: u32,
    name: Obj<'py>,
    value: Option<Obj<'py>>,
}

/// The slot of `(ty, name)`: the name's length and its first and last eight bytes, mixed with
/// the class address by one multiply. Every attribute load probes the cache (an instance's
/// `__getattribute__` check, then the name), so the hash takes constant time instead of a
/// step per byte (FNV-1a of `__getattribute__` was 16 multiplies); names alike in all three
/// only share a slot, which the entry's full name check tells apart.
#[inline]
fn slot(ty: usize, name: &str) -> usize {
    let b = name.as_bytes();
    let n = b.len();
    let (head, tail) = match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(h), Some(t)) => (u64::from_le_bytes(*h), u64::from_le_bytes(*t)),
        _ => (b.iter().fold(0u64, |h, &c| (h << 8) | u64::from(c)), 0),
    };
    let h = (head ^ tail.rotate_left(29) ^ (n as u64) ^ (ty as u64 >> 4))
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // The top bits of the product depend on every input bit.
    (h >> (64 - CACHE_BITS)) as usize
}

/// `log2(CACHE_SIZE)`.
const CACHE_BITS: u32 = CACHE_SIZE.trailing_zeros();

impl<'py> Tstate<'py> {
    /// [`Tstate::type_lookup`] and the name as an interned `str` (for probing a `__dict__`
    /// next), through the lookup cache.
    pub(crate) fn type_lookup_named(
        &mut self,
        ty: &Obj<'py>,
        name: &str,
    ) -> PyResult<(Option<Obj<'py>>, Obj<'py>)> {
        let version = ty.type_version();
        let i = slot(ty.id(), name);
        if version != 0
            && let Some(Some(e)) = self.lookup_cache.entries.get(i)
            && e.ty == ty.id()
            && e.version == version
            && e.name.as_str() == Some(name)
        {
            return Ok((e.value.clone(), e.name.clone()));
        }
        let key = self.consts.intern(self.py(), name)?;
        let value = self.lookup_in(&ty.type_mro(), name)?;
        if version != 0 {
            let cache = &mut self.lookup_cache.entries;
            if cache.is_empty() {
                cache.resize_with(CACHE_SIZE, || None);
            }
            cache[i] = Some(Entry {
                ty: ty.id(),
                version,
                name: key.clone(),
                value: value.clone(),
            });
        }
        Ok((value, key))
    }
}

/// What `dir(object())` lists (CPython 3.13).
const OBJECT_DIR: [&str; 24] = [
    "__class__",
    "__delattr__",
    "__dir__",
    "__doc__",
    "__eq__",
    "__format__",
    "__ge__",
    "__getattribute__",
    "__getstate__",
    "__gt__",
    "__hash__",
    "__init__",
    "__init_subclass__",
    "__le__",
    "__lt__",
    "__ne__",
    "__new__",
    "__reduce__",
    "__reduce_ex__",
    "__repr__",
    "__setattr__",
    "__sizeof__",
    "__str__",
    "__subclasshook__",
];

/// `type.__dir__(cls)`: the names in the dicts along `cls`'s MRO (unsorted, repeated).
pub(crate) fn class_dir(cls: &Obj<'_>) -> PyResult<Vec<String>> {
    let mut names = Vec::new();
    let mut dict_slot = false;
    for t in cls.type_mro() {
        if let Some(d) = t.type_dict() {
            dict_slot |= t.type_flags() & subinterp_object::heaptype::MANAGED_DICT != 0;
            for k in d.dict_keys()? {
                if let Some(s) = k.as_str() {
                    names.push(s.to_owned());
                }
            }
            continue;
        }
        if t.is(&subinterp_object::types::OBJECT.get(t.py())) {
            names.extend(OBJECT_DIR.iter().map(|s| (*s).to_owned()));
        }
        let tables = [
            crate::methods::type_table(&t),
            crate::type_call::extras(&t).map(|x| x.methods),
            crate::type_call::extras(&t).map(|x| x.classmethods),
        ];
        names.extend(
            tables
                .into_iter()
                .flatten()
                .flatten()
                .map(|d| d.name.to_owned()),
        );
    }
    if dict_slot {
        names.extend(["__dict__".to_owned(), "__weakref__".to_owned()]);
    }
    Ok(names)
}
