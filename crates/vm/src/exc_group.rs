//! Exception groups (PEP 654): `BaseExceptionGroup` and `ExceptionGroup` (constructor checks,
//! `message`, `exceptions`, `split`, `subgroup`, `derive`, `str`), and the two operations
//! of `except*`: `CHECK_EG_MATCH` and `PREP_RERAISE_STAR` (CPython's
//! `_PyEval_ExceptionGroupMatch` and `_PyExc_PrepReraiseStar`).
//!
//! A group's data is its `args`, `(message, exceptions as given)`, as in CPython, so the
//! object crate's exception instances carry it unchanged. Until classes exist, a static
//! type has one base: `ExceptionGroup` derives from `Exception` (so `except Exception`
//! catches it), and the loop's checks (`except`, `except*`, `split`, `isinstance`,
//! `issubclass`) also count it as a `BaseExceptionGroup`; its `__mro__` and `__bases__`
//! do not show that base yet.

use std::collections::HashSet;

use subinterp_object::{Kind, Obj, PyErr, PyResult, StaticType, exc};

use crate::Tstate;
use crate::builtin::{Args, BuiltinDef};
use crate::frame::Frame;

/// `BaseExceptionGroup`.
pub static BASE_EXCEPTION_GROUP: StaticType =
    StaticType::exception("BaseExceptionGroup", "builtins", &exc::BASE_EXCEPTION);
/// `ExceptionGroup`.
pub static EXCEPTION_GROUP: StaticType =
    StaticType::exception("ExceptionGroup", "builtins", &exc::EXCEPTION);

/// The group classes, for the builtins module.
pub(crate) static TYPES: [&StaticType; 2] = [&BASE_EXCEPTION_GROUP, &EXCEPTION_GROUP];

/// Whether `e` is an exception group.
pub(crate) fn is_group(e: &Obj<'_>) -> bool {
    e.kind() == Kind::Exception
        && (e.is_instance(&BASE_EXCEPTION_GROUP) || e.is_instance(&EXCEPTION_GROUP))
}

/// Whether class `t` is a group class (or derives from one).
fn is_group_class(t: &Obj<'_>) -> PyResult<bool> {
    let py = t.py();
    Ok(t.is_subclass(&BASE_EXCEPTION_GROUP.get(py))? || t.is_subclass(&EXCEPTION_GROUP.get(py))?)
}

/// `isinstance(e, t)` for an exception class `t`, counting an `ExceptionGroup` as a
/// `BaseExceptionGroup`.
pub(crate) fn instance_of(e: &Obj<'_>, t: &Obj<'_>) -> bool {
    e.is_instance_of(t) || (t.is(&BASE_EXCEPTION_GROUP.get(t.py())) && is_group(e))
}

/// `issubclass(t, c)`'s extra case: `ExceptionGroup` (or a subclass) under
/// `BaseExceptionGroup`.
pub(crate) fn subclass_of(t: &Obj<'_>, c: &Obj<'_>) -> PyResult<bool> {
    let py = c.py();
    Ok(c.is(&BASE_EXCEPTION_GROUP.get(py))
        && t.kind() == Kind::Type
        && t.is_subclass(&EXCEPTION_GROUP.get(py))?)
}

/// Whether `t` is one of the group classes (whose call this module makes).
pub(crate) fn is_group_type(t: &Obj<'_>) -> bool {
    let py = t.py();
    t.is(&BASE_EXCEPTION_GROUP.get(py)) || t.is(&EXCEPTION_GROUP.get(py))
}

/// `BaseExceptionGroup(message, exceptions)` / `ExceptionGroup(...)`: CPython's checks and
/// texts; `BaseExceptionGroup` of `Exception`s only makes an `ExceptionGroup`.
pub(crate) fn construct<'py>(cls: &Obj<'py>, args: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let py = cls.py();
    let [message, excs] = args.pos else {
        return Err(PyErr::type_error(format!(
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            args.pos.len()
        )));
    };
    if !args.kw.is_empty() {
        let name = cls.getattr("__name__")?.str()?;
        return Err(PyErr::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    if message.kind() != Kind::Str {
        return Err(PyErr::type_error(format!(
            "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
            message.type_name()
        )));
    }
    let items = match excs.kind() {
        Kind::List => excs.list_items().unwrap_or_default(),
        Kind::Tuple => excs.tuple_items().unwrap_or_default(),
        _ => {
            return Err(PyErr::type_error(
                "second argument (exceptions) must be a sequence",
            ));
        }
    };
    if items.is_empty() {
        return Err(PyErr::value_error(
            "second argument (exceptions) must be a non-empty sequence",
        ));
    }
    let mut all_exceptions = true;
    for (i, e) in items.iter().enumerate() {
        if e.kind() != Kind::Exception {
            return Err(PyErr::value_error(format!(
                "Item {i} of second argument (exceptions) is not an exception"
            )));
        }
        all_exceptions &= e.is_instance(&exc::EXCEPTION);
    }
    let base = cls.is(&BASE_EXCEPTION_GROUP.get(py));
    let ty = if base && all_exceptions {
        EXCEPTION_GROUP.get(py)
    } else {
        if !base && !all_exceptions {
            return Err(PyErr::type_error(
                "Cannot nest BaseExceptions in an ExceptionGroup",
            ));
        }
        cls.clone()
    };
    py.new_exception(&ty, &[message.clone(), excs.clone()])
}

/// `eg.message`.
fn message<'py>(eg: &Obj<'py>) -> PyResult<Obj<'py>> {
    let args = eg.getattr("args")?;
    Ok(args.seq_get(0).unwrap_or_else(|| eg.py().none()))
}

/// `eg.exceptions` as a vector.
pub(crate) fn exceptions<'py>(eg: &Obj<'py>) -> PyResult<Vec<Obj<'py>>> {
    let args = eg.getattr("args")?;
    let excs = args.seq_get(1);
    Ok(excs
        .and_then(|e| e.list_items().or_else(|| e.tuple_items()))
        .unwrap_or_default())
}

/// `str(eg)`: `message (N sub-exceptions)`; `None` for other objects.
pub(crate) fn str_of(e: &Obj<'_>) -> Option<PyResult<String>> {
    if !is_group(e) {
        return None;
    }
    Some((|| {
        let n = exceptions(e)?.len();
        let m = message(e)?.str()?;
        let s = if n == 1 { "" } else { "s" };
        Ok(format!("{m} ({n} sub-exception{s})"))
    })())
}

/// What a group is split by.
enum Matcher<'py> {
    /// Instances of any of these exception classes.
    Types(Vec<Obj<'py>>),
    /// Exceptions the predicate is true for.
    Pred(Obj<'py>),
    /// These exception objects (by address: `PREP_RERAISE_STAR`'s projection).
    Ids(HashSet<usize>),
}

impl<'py> Matcher<'py> {
    /// `split`'s argument: an exception class, a tuple of them, or a callable (not a class).
    fn from_arg(ts: &mut Tstate<'py>, m: &Obj<'py>) -> PyResult<Matcher<'py>> {
        let base = exc::BASE_EXCEPTION.get(ts.py());
        let is_exc_class =
            |t: &Obj<'py>| t.kind() == Kind::Type && t.is_subclass(&base).unwrap_or(false);
        if is_exc_class(m) {
            return Ok(Matcher::Types(vec![m.clone()]));
        }
        if let Some(items) = m.tuple_items()
            && items.iter().all(is_exc_class)
        {
            return Ok(Matcher::Types(items));
        }
        if m.kind() != Kind::Type && crate::builtins::is_callable(m) {
            return Ok(Matcher::Pred(m.clone()));
        }
        Err(PyErr::type_error(
            "expected an exception type, a tuple of exception types, or a callable (other than a class)",
        ))
    }

    fn matches(&self, ts: &mut Tstate<'py>, e: &Obj<'py>) -> PyResult<bool> {
        match self {
            Matcher::Types(ts_) => Ok(ts_.iter().any(|t| instance_of(e, t))),
            Matcher::Pred(p) => {
                let r = ts.call(p, Args::positional(std::slice::from_ref(e)))?;
                ts.truthy(&r)
            }
            Matcher::Ids(ids) => Ok(ids.contains(&e.id())),
        }
    }
}

/// A part of a split.
type Part<'py> = Option<Obj<'py>>;

/// How deep the group walks below recurse (CPython's C recursion limit), each level on a
/// native stack grown on demand.
const MAX_NESTING: usize = 10_000;

/// Native stack a level of a group walk must find free, else it continues on a new segment.
const WALK_RED_ZONE: usize = 64 * 1024;

/// `RecursionError` for a group nested past [`MAX_NESTING`] in CPython's function `what`.
fn too_deep(what: &str) -> PyErr {
    PyErr::new(
        &exc::RECURSION_ERROR,
        format!("maximum recursion depth exceeded in {what}"),
    )
}

/// CPython's `exceptiongroup_split_recursive`: the matching and the other part of `e`.
fn split<'py>(
    ts: &mut Tstate<'py>,
    e: &Obj<'py>,
    m: &Matcher<'py>,
) -> PyResult<(Part<'py>, Part<'py>)> {
    split_at(ts, e, m, 0)
}

fn split_at<'py>(
    ts: &mut Tstate<'py>,
    e: &Obj<'py>,
    m: &Matcher<'py>,
    depth: usize,
) -> PyResult<(Part<'py>, Part<'py>)> {
    if depth > MAX_NESTING {
        return Err(too_deep("exceptiongroup_split_recursive"));
    }
    if m.matches(ts, e)? {
        return Ok((Some(e.clone()), None));
    }
    if !is_group(e) {
        return Ok((None, Some(e.clone())));
    }
    let (mut hit, mut miss) = (Vec::new(), Vec::new());
    for sub in exceptions(e)? {
        let (a, b) = stacker::maybe_grow(WALK_RED_ZONE, crate::tstate::SEGMENT, || {
            split_at(ts, &sub, m, depth + 1)
        })?;
        hit.extend(a);
        miss.extend(b);
    }
    Ok((subset(e, hit)?, subset(e, miss)?))
}

/// `e.derive(items)` with `e`'s traceback, cause and context; `None` for no items.
fn subset<'py>(e: &Obj<'py>, items: Vec<Obj<'py>>) -> PyResult<Part<'py>> {
    if items.is_empty() {
        return Ok(None);
    }
    let g = derive(e, items)?;
    g.set_exc_traceback(e.exc_traceback().as_ref());
    g.set_exc_context(e.exc_context().as_ref());
    g.set_exc_cause(e.exc_cause().as_ref());
    Ok(Some(g))
}

/// `eg.derive(items)`: a group of `items` with `eg`'s message.
fn derive<'py>(eg: &Obj<'py>, items: Vec<Obj<'py>>) -> PyResult<Obj<'py>> {
    let py = eg.py();
    let list = py.list_from(items)?;
    construct(
        &BASE_EXCEPTION_GROUP.get(py),
        Args::positional(&[message(eg)?, list]),
    )
}

/// The methods and data attributes of a group.
pub(crate) fn getattr<'py>(e: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    if !is_group(e) {
        return None;
    }
    let py = e.py();
    Some(match name {
        "message" => message(e),
        "exceptions" => exceptions(e).and_then(|v| py.tuple(&v)),
        _ => {
            let def = METHODS.iter().find(|d| d.name == name)?;
            crate::new_builtin(py, def, Some(e))
        }
    })
}

static METHODS: [BuiltinDef; 3] = [
    BuiltinDef {
        name: "split",
        func: eg_split,
    },
    BuiltinDef {
        name: "subgroup",
        func: eg_subgroup,
    },
    BuiltinDef {
        name: "derive",
        func: eg_derive,
    },
];

fn eg_split<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let eg = crate::methods::this(slf)?;
    let m = Matcher::from_arg(ts, &a.exactly("split", 1)?[0])?;
    let (hit, miss) = split(ts, eg, &m)?;
    let py = ts.py();
    py.tuple(&[
        hit.unwrap_or_else(|| py.none()),
        miss.unwrap_or_else(|| py.none()),
    ])
}

fn eg_subgroup<'py>(
    ts: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let eg = crate::methods::this(slf)?;
    let m = Matcher::from_arg(ts, &a.exactly("subgroup", 1)?[0])?;
    let (hit, _) = split(ts, eg, &m)?;
    Ok(hit.unwrap_or_else(|| ts.py().none()))
}

fn eg_derive<'py>(
    _: &mut Tstate<'py>,
    slf: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let eg = crate::methods::this(slf)?;
    let excs = &a.exactly("derive", 1)?[0];
    let py = eg.py();
    construct(
        &BASE_EXCEPTION_GROUP.get(py),
        Args::positional(&[message(eg)?, excs.clone()]),
    )
}

impl<'py> Tstate<'py> {
    /// `CHECK_EG_MATCH`: `(rest, match)` of exception `e` against the `except*` clause's
    /// `types`; a naked exception that matches is wrapped in `ExceptionGroup('', (e,))`
    /// with a traceback entry for this frame. A match becomes the handled exception.
    pub(crate) fn check_eg_match(
        &mut self,
        f: &Frame<'py>,
        e: &Obj<'py>,
        types: &Obj<'py>,
    ) -> PyResult<(Obj<'py>, Obj<'py>)> {
        let py = self.py();
        let list = match types.tuple_items() {
            Some(items) => items,
            None => vec![types.clone()],
        };
        let base = exc::BASE_EXCEPTION.get(py);
        for t in &list {
            if t.kind() != Kind::Type || !t.is_subclass(&base)? {
                return Err(PyErr::type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                ));
            }
            if is_group_class(t)? {
                return Err(PyErr::type_error(
                    "catching ExceptionGroup with except* is not allowed. Use except instead.",
                ));
            }
        }
        let m = Matcher::Types(list);
        let (hit, rest) = if m.matches(self, e)? {
            if is_group(e) {
                (Some(e.clone()), None)
            } else {
                let tuple = py.tuple(std::slice::from_ref(e))?;
                let wrapped = construct(
                    &EXCEPTION_GROUP.get(py),
                    Args::positional(&[py.str("")?, tuple]),
                )?;
                crate::traceback::add_entry(&wrapped, f)?;
                (Some(wrapped), None)
            }
        } else if is_group(e) {
            split(self, e, &m)?
        } else {
            (None, Some(e.clone()))
        };
        if let Some(h) = &hit {
            self.handled = Some(h.clone());
        }
        Ok((
            rest.unwrap_or_else(|| py.none()),
            hit.unwrap_or_else(|| py.none()),
        ))
    }
}

/// `PREP_RERAISE_STAR`: what an `except*` statement raises, from the original exception and
/// the list of what its clauses raised (then the unmatched rest): the re-raised parts as one
/// projection of the original group, with the newly raised exceptions in a new group.
pub(crate) fn prep_reraise_star<'py>(
    ts: &mut Tstate<'py>,
    orig: &Obj<'py>,
    excs: &Obj<'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let items = excs.list_items().unwrap_or_default();
    if items.is_empty() {
        return Ok(py.none());
    }
    if !is_group(orig) {
        // A naked exception was wrapped: one clause at most ran.
        return Ok(items[0].clone());
    }
    let (mut raised, mut reraised) = (Vec::new(), Vec::new());
    for e in items.into_iter().filter(|e| !e.is_none()) {
        if same_metadata(&e, orig) {
            reraised.push(e);
        } else {
            raised.push(e);
        }
    }
    let mut ids = HashSet::new();
    for e in &reraised {
        leaf_ids(e, &mut ids, 0)?;
    }
    let reraised_eg = if ids.is_empty() {
        None
    } else {
        split(ts, orig, &Matcher::Ids(ids))?.0
    };
    if raised.is_empty() {
        return Ok(reraised_eg.unwrap_or_else(|| py.none()));
    }
    raised.extend(reraised_eg);
    if raised.len() == 1 {
        return Ok(raised.swap_remove(0));
    }
    let list = py.list_from(raised)?;
    construct(
        &BASE_EXCEPTION_GROUP.get(py),
        Args::positional(&[py.str("")?, list]),
    )
}

/// Whether `e` is a re-raised part of `orig` (same traceback, cause and context).
fn same_metadata(e: &Obj<'_>, orig: &Obj<'_>) -> bool {
    let same = |a: Option<Obj<'_>>, b: Option<Obj<'_>>| match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.is(&b),
        _ => false,
    };
    same(e.exc_traceback(), orig.exc_traceback())
        && same(e.exc_cause(), orig.exc_cause())
        && same(e.exc_context(), orig.exc_context())
}

/// The addresses of the leaf exceptions of `e`.
fn leaf_ids(e: &Obj<'_>, ids: &mut HashSet<usize>, depth: usize) -> PyResult<()> {
    if depth > MAX_NESTING {
        return Err(too_deep("collect_exception_group_leaf_ids"));
    }
    if !is_group(e) {
        ids.insert(e.id());
        return Ok(());
    }
    for sub in exceptions(e)? {
        stacker::maybe_grow(WALK_RED_ZONE, crate::tstate::SEGMENT, || {
            leaf_ids(&sub, ids, depth + 1)
        })?;
    }
    Ok(())
}
