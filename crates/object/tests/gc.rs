//! The cycle collector: garbage cycles through lists, dicts, tuples, sets and native
//! containers are freed; what is referred to from outside is kept; finalizers run once; an
//! object a finalizer resurrects is not freed; weak references are cleared with their
//! callbacks called once.

use std::cell::RefCell;

use subinterp_object::{
    GcHooks, InterpId, Obj, ObjRef, Objects, Py, PyResult, Slots, StaticType, Visit,
};
use subinterp_obmalloc::Heap;

/// A native container holding one reference.
struct Holder(RefCell<Option<ObjRef>>);

fn holder_traverse(o: &Obj<'_>, v: &mut Visit<'_>) {
    if let Some(h) = o.native::<Holder>()
        && let Ok(slot) = h.0.try_borrow()
    {
        v.opt_ref(slot.as_ref());
    }
}

fn holder_clear(o: &Obj<'_>) {
    if let Some(r) = o.native::<Holder>().and_then(|h| h.0.borrow_mut().take()) {
        r.release(o.py());
    }
}

static HOLDER_SLOTS: Slots = Slots {
    traverse: Some(holder_traverse),
    clear: Some(holder_clear),
    weakref: true,
    ..Slots::EMPTY
};
static HOLDER: StaticType = StaticType::native("Holder", "tests", &HOLDER_SLOTS);

fn holder<'py>(py: Py<'py>, v: Option<&Obj<'py>>) -> PyResult<Obj<'py>> {
    py.new_native(&HOLDER, Holder(RefCell::new(v.map(|v| v.clone().unbind()))))
}

fn set_holder(h: &Obj<'_>, v: &Obj<'_>) {
    let old = h
        .native::<Holder>()
        .expect("a holder")
        .0
        .replace(Some(v.clone().unbind()));
    if let Some(o) = old {
        o.release(h.py());
    }
}

fn run<R>(f: impl for<'py> FnOnce(Py<'py>) -> PyResult<R>) -> R {
    let o = Objects::new(InterpId::new(1), Heap::new());
    // SAFETY: each test owns its `Objects` and uses it from this thread only.
    unsafe { o.with_gil(f) }.expect("no Python error")
}

fn full(py: Py<'_>) -> usize {
    py.gc_collect(2, &mut ()).expect("generation 2 exists")
}

#[test]
fn a_self_referencing_list_is_freed() {
    run(|py| {
        let before = py.live_objects();
        let l = py.list(&[])?;
        l.append(&l)?;
        drop(l);
        assert_eq!(py.live_objects(), before + 1, "the cycle keeps it alive");
        assert_eq!(full(py), 1);
        assert_eq!(py.live_objects(), before);
        assert_eq!(full(py), 0, "nothing left");
        Ok(())
    })
}

#[test]
fn cycles_through_dicts_tuples_sets_and_natives_are_freed() {
    run(|py| {
        let key = py.str("t")?;
        let before = py.live_objects();
        // list -> dict -> tuple -> holder -> list
        let l = py.list(&[])?;
        let d = py.dict()?;
        let h = holder(py, Some(&l))?;
        let t = py.tuple(&[h.clone(), py.int(3)?])?;
        d.set_item(&key, &t)?;
        l.append(&d)?;
        let f = py.frozenset()?;
        drop((d, t, h, f));
        drop(l);
        assert_eq!(full(py), 4);
        assert_eq!(py.live_objects(), before);
        Ok(())
    })
}

#[test]
fn reachable_cycles_are_kept_intact() {
    run(|py| {
        let a = py.list(&[py.int(1)?])?;
        let b = py.list(std::slice::from_ref(&a))?;
        a.append(&b)?;
        drop(b);
        assert_eq!(full(py), 0);
        assert_eq!(a.repr()?, "[1, [[...]]]");
        // The survivors moved to the oldest generation and are collected once released.
        drop(a);
        assert_eq!(full(py), 2);
        Ok(())
    })
}

#[test]
fn young_collections_leave_older_generations_alone() {
    run(|py| {
        let l = py.list(&[])?;
        l.append(&l)?;
        full(py); // `l` survives into generation 2
        drop(l);
        assert_eq!(py.gc_collect(0, &mut ())?, 0);
        assert_eq!(py.gc_collect(1, &mut ())?, 0);
        assert_eq!(full(py), 1);
        Ok(())
    })
}

/// Finalizes holders: counts the calls, and resurrects the first one finalized.
struct Resurrect {
    calls: usize,
    keep: Option<ObjRef>,
}

impl<'py> GcHooks<'py> for Resurrect {
    fn has_finalizer(&mut self, obj: &Obj<'py>) -> bool {
        obj.native::<Holder>().is_some()
    }

    fn finalize(&mut self, obj: &Obj<'py>) {
        self.calls += 1;
        if self.keep.is_none() {
            self.keep = Some(obj.to_ref());
        }
    }
}

#[test]
fn a_finalizer_runs_once_and_a_resurrected_object_is_not_freed() {
    run(|py| {
        let before = py.live_objects();
        let h = holder(py, None)?;
        let l = py.list(std::slice::from_ref(&h))?;
        set_holder(&h, &l);
        drop((h, l));
        let mut hooks = Resurrect {
            calls: 0,
            keep: None,
        };
        assert_eq!(
            py.gc_collect(2, &mut hooks)?,
            0,
            "resurrected: nothing freed"
        );
        assert_eq!(hooks.calls, 1);
        let kept = hooks
            .keep
            .take()
            .expect("resurrected")
            .into_bound(py)
            .unwrap();
        assert!(kept.native::<Holder>().is_some(), "still a valid holder");
        assert_eq!(py.live_objects(), before + 2);
        drop(kept);
        assert_eq!(py.gc_collect(2, &mut hooks)?, 2);
        assert_eq!(hooks.calls, 1, "never finalized twice");
        assert_eq!(py.live_objects(), before);
        Ok(())
    })
}

/// Records weak reference callbacks.
#[derive(Default)]
struct Callbacks(Vec<String>);

impl<'py> GcHooks<'py> for Callbacks {
    fn weakref_callback(&mut self, weakref: &Obj<'py>, callback: &Obj<'py>) {
        let dead = weakref.weakref_get().is_none();
        self.0
            .push(format!("{} dead={dead}", callback.repr().unwrap()));
    }
}

#[test]
fn weak_references_to_garbage_are_cleared_and_their_callbacks_called_once() {
    run(|py| {
        let h = holder(py, None)?;
        set_holder(&h, &h);
        let tag = py.str("cb")?;
        let wr = py.weakref_new(&h, Some(&tag))?;
        let plain = py.weakref_new(&h, None)?;
        assert!(
            plain.is(&py.weakref_new(&h, None)?),
            "the basic reference is shared"
        );
        assert_eq!(py.weakref_count(&h), 2);
        drop(h);
        let mut cbs = Callbacks::default();
        assert_eq!(py.gc_collect(2, &mut cbs)?, 1);
        assert_eq!(cbs.0, ["'cb' dead=true"]);
        assert!(wr.weakref_get().is_none() && plain.weakref_get().is_none());
        assert_eq!(py.gc_collect(2, &mut cbs)?, 0);
        assert_eq!(cbs.0.len(), 1);
        Ok(())
    })
}

#[test]
fn a_referent_freed_by_refcount_queues_its_callbacks() {
    run(|py| {
        let h = holder(py, None)?;
        let wr = py.weakref_new(&h, Some(&py.str("cb")?))?;
        assert!(wr.weakref_get().is_some_and(|o| o.is(&h)));
        assert!(!py.gc_due());
        drop(h);
        assert!(wr.weakref_get().is_none());
        assert!(py.gc_due(), "a callback is due");
        let mut cbs = Callbacks::default();
        py.gc_run_due(&mut cbs);
        assert_eq!(cbs.0, ["'cb' dead=true"]);
        assert!(!py.gc_due());
        // A weak reference that dies first is forgotten by its referent.
        let h = holder(py, None)?;
        drop(py.weakref_new(&h, None)?);
        assert_eq!(py.weakref_count(&h), 0);
        Ok(())
    })
}

#[test]
fn objects_that_cannot_be_weakly_referenced_say_so() {
    run(|py| {
        for (o, name) in [
            (py.int(1)?, "int"),
            (py.list(&[])?, "list"),
            (py.dict()?, "dict"),
            (py.tuple(&[py.int(1)?])?, "tuple"),
            (py.str("s")?, "str"),
        ] {
            let e = py.weakref_new(&o, None).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("TypeError: cannot create weak reference to '{name}' object")
            );
        }
        assert!(py.weakref_new(&py.set()?, None).is_ok());
        Ok(())
    })
}

#[test]
fn tracking_follows_cpython() {
    run(|py| {
        let d = py.dict()?;
        assert!(!py.gc_is_tracked(&d), "an empty dict");
        d.set_item(&py.str("a")?, &py.int(1)?)?;
        assert!(!py.gc_is_tracked(&d), "a dict of atomics");
        d.set_item(&py.str("b")?, &py.list(&[])?)?;
        assert!(py.gc_is_tracked(&d), "a dict holding a container");
        assert!(!py.gc_is_tracked(&py.int(5)?));
        assert!(py.gc_is_tracked(&py.list(&[])?));
        let t = py.tuple(&[py.int(1)?, py.str("x")?])?;
        assert!(py.gc_is_tracked(&t), "tuples start tracked");
        full(py);
        assert!(
            !py.gc_is_tracked(&t),
            "a collection untracks a tuple of atomics"
        );
        Ok(())
    })
}

#[test]
fn allocations_past_the_threshold_make_a_collection_due() {
    run(|py| {
        assert_eq!(py.gc_threshold(), [2000, 10, 10]);
        py.gc_set_threshold(&[10]);
        let keep: Vec<_> = (0..11).map(|_| py.list(&[])).collect::<PyResult<_>>()?;
        assert!(py.gc_due());
        assert_eq!(py.gc_count()[0], 11);
        py.gc_run_due(&mut ());
        assert_eq!(py.gc_count(), [0, 1, 0]);
        assert_eq!(py.gc_objects(Some(1)).len(), 11);
        drop(keep);
        py.gc_set_enabled(false);
        let _more: Vec<_> = (0..20).map(|_| py.list(&[])).collect::<PyResult<_>>()?;
        assert!(!py.gc_due(), "disabled");
        assert!(py.gc_collect(3, &mut ()).is_err());
        Ok(())
    })
}

#[test]
fn deep_garbage_is_freed_without_overflowing_the_stack() {
    run(|py| {
        let before = py.live_objects();
        let first = py.list(&[])?;
        let mut cur = first.clone();
        for _ in 0..200_000 {
            let next = py.list(&[])?;
            cur.append(&next)?;
            cur = next;
        }
        cur.append(&first)?;
        drop((first, cur));
        assert_eq!(full(py), 200_001);
        assert_eq!(py.live_objects(), before);
        Ok(())
    })
}
