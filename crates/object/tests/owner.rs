//! The ownership rules: unbound references bind only under a token of the owning heap,
//! refcount operations from another heap are deferred to the owner (never performed in place),
//! interpreters sharing main's heap may use main's objects directly, and references outliving
//! their interpreter are inert.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use subinterp_object::{BindError, InterpId, ObjRef, Objects, Py, PyResult};
use subinterp_obmalloc::Heap;

fn interp(id: u64) -> Objects {
    Objects::new(InterpId::new(id), Heap::new())
}

fn run<R>(o: &Objects, f: impl for<'py> FnOnce(Py<'py>) -> R) -> R {
    // SAFETY: every `Objects` here is used from the test's thread only, one call at a time per
    // heap (nested calls on the same thread are allowed by the contract).
    unsafe { o.with_gil(f) }
}

fn blocks(o: &Objects) -> usize {
    run(o, |py| py.heap().allocated_blocks())
}

#[test]
fn binding_checks_the_heap() {
    let (a, b) = (interp(1), interp(2));
    let r: ObjRef = run(&a, |py| py.str("owned by a").unwrap().unbind());
    let err = run(&b, |py| r.bind(py).map(drop)).unwrap_err();
    assert!(
        matches!(
            err,
            BindError::WrongInterpreter { owner, current, .. }
                if (owner, current) == (InterpId::new(1), InterpId::new(2))
        ),
        "{err}"
    );
    // The error hands the reference back.
    let back = run(&b, |py| r.into_bound(py).map(drop)).unwrap_err();
    let r = back.obj;
    run(&a, |py| {
        assert_eq!(r.bind(py).unwrap().str().unwrap(), "owned by a")
    });
    // Immortals bind anywhere.
    let none = run(&a, |py| py.none().unbind());
    assert!(none.is_immortal());
    run(&b, |py| assert!(none.bind(py).unwrap().is_none()));
    run(&a, |py| r.release(py));
    run(&a, |py| assert_eq!(py.live_objects(), 0));
}

#[test]
fn foreign_refcount_operations_are_deferred_to_the_owner() {
    let (a, b) = (interp(1), interp(2));
    let fired = Arc::new(AtomicUsize::new(0));
    let f = Arc::clone(&fired);
    a.set_defer_hook(Some(Arc::new(move |owner| {
        assert_eq!(owner, InterpId::new(1));
        f.fetch_add(1, Ordering::SeqCst);
    })));
    let base_a = blocks(&a);
    let base_b = blocks(&b);
    let r = run(&a, |py| py.list_of((1000, "x")).unwrap().unbind());
    let after_alloc = blocks(&a);
    assert!(after_alloc > base_a);
    run(&b, |py| {
        // SAFETY: one thread; `a`'s heap is open and nothing else touches the list meanwhile.
        let foreign = unsafe { r.into_bound_unchecked(py) };
        assert_eq!(foreign.owner(), Some(InterpId::new(1)));
        let again = foreign.clone(); // deferred incref
        drop(foreign); // deferred decref
        drop(again); // deferred decref
        assert_eq!(
            py.heap().allocated_blocks(),
            base_b,
            "nothing went through b's heap"
        );
    });
    assert_eq!(a.pending_deferred(), 3);
    assert_eq!(
        fired.load(Ordering::SeqCst),
        1,
        "hook fires when the queue becomes non-empty"
    );
    assert_eq!(
        blocks(&a),
        after_alloc,
        "not freed by the wrong interpreter"
    );
    let ran = run(&a, |py| py.run_deferred());
    assert_eq!(ran, 3);
    assert_eq!(blocks(&a), base_a, "the owner freed it");
    let s = a.defer_stats();
    assert_eq!((s.deferred, s.ran, s.after_close), (3, 3, 0));
}

#[test]
fn unbound_drop_without_a_token_is_deferred() {
    let a = interp(1);
    let r = run(&a, |py| py.dict().unwrap().unbind());
    let t = std::thread::spawn(move || drop(r));
    t.join().unwrap();
    assert_eq!(a.pending_deferred(), 1);
    run(&a, |py| {
        assert_eq!(py.live_objects(), 1);
        py.run_deferred();
        assert_eq!(py.live_objects(), 0);
    });
}

#[test]
fn interpreters_sharing_main_heap_use_main_objects_directly() {
    // CPython's m_copy: main keeps a dict; a legacy interpreter (use_main_obmalloc) fills its
    // module from a shallow copy; an isolated one cannot bind it at all.
    let main = interp(0);
    let legacy = Objects::new_sharing(InterpId::new(1), &main);
    let isolated = interp(2);
    assert_eq!(legacy.heap_id(), main.heap_id());
    assert_eq!(legacy.heap_owner(), InterpId::new(0));
    let m_copy = run(&main, |py| -> PyResult<ObjRef> {
        let d = py.dict()?;
        d.set_item(&py.str("int_const")?, &py.int(1969)?)?;
        d.set_item(&py.str("str_const")?, &py.str("something different")?)?;
        Ok(d.unbind())
    })
    .unwrap();
    run(&legacy, |py| -> PyResult<()> {
        let d = m_copy.bind(py)?;
        let m = py.new_module("_testsinglephase")?;
        m.module_dict()?.dict_update(&d)?;
        assert_eq!(m.getattr("int_const")?.as_i64(), Some(1969));
        assert!(
            m.getattr("str_const")?
                .is(&d.get_item(&py.str("str_const")?)?),
            "shallow: shared"
        );
        Ok(())
    })
    .unwrap();
    assert_eq!(main.pending_deferred(), 0, "same heap: no deferral needed");
    let err = run(&isolated, |py| m_copy.bind(py).map(drop)).unwrap_err();
    assert!(matches!(err, BindError::WrongInterpreter { .. }));
    // The legacy interpreter ending does not close main's heap.
    assert!(legacy.end().closed.is_none());
    run(&main, |py| m_copy.release(py));
    run(&main, |py| assert_eq!(py.live_objects(), 0));
    assert!(main.end().closed.is_some());
}

#[test]
fn references_outliving_their_interpreter_are_inert() {
    let a = interp(1);
    let (r1, r2) = run(&a, |py| {
        let l = py.list_of((1, 2, 3)).unwrap();
        (l.to_ref(), l.unbind())
    });
    let end = a.end();
    let closed = end.closed.expect("closed");
    assert_eq!(closed.live_objects, 1, "the list was still referenced");
    assert!(
        closed.leaks.live_blocks > 0,
        "its blocks were reclaimed with the heap: {:?}",
        closed.leaks
    );
    drop(r1); // a counted no-op: the memory went with the heap
    assert_eq!(r2.defer_stats().map(|s| s.after_close), Some(1));
    let b = interp(2);
    let err = run(&b, |py| r2.bind(py).map(drop)).unwrap_err();
    assert_eq!(
        err,
        BindError::Ended {
            owner: InterpId::new(1)
        }
    );
    assert_eq!(
        err.to_string(),
        "interpreter 1 has ended; its objects no longer exist"
    );
}

#[test]
fn many_threads_drop_unbound_references() {
    let a = interp(1);
    let refs: Vec<ObjRef> = run(&a, |py| {
        (0..400)
            .map(|i| py.int(1000 + i).unwrap().unbind())
            .collect()
    });
    let mut chunks: Vec<Vec<ObjRef>> = Vec::new();
    let mut it = refs.into_iter();
    for _ in 0..4 {
        chunks.push(it.by_ref().take(100).collect());
    }
    let handles: Vec<_> = chunks
        .into_iter()
        .map(|c| std::thread::spawn(move || drop(c)))
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    run(&a, |py| {
        assert_eq!(py.run_deferred(), 400);
        assert_eq!(py.live_objects(), 0);
    });
}
