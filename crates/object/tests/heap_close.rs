//! Objects still alive when their heap closes (reference cycles, unreleased references) have
//! the Rust parts of their payloads released first: native values, module state and
//! definitions, capsule destructors. Before, the arenas were returned with those values never
//! dropped, so an `Arc` (a queue handle, a runtime handle) held by an object in a cycle leaked
//! for good.

use std::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use subinterp_object::{InterpId, Objects, Py, PyResult, Slots, StaticType};
use subinterp_obmalloc::Heap;

static SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: None,
    ..Slots::EMPTY
};
static HANDLE: StaticType = StaticType::native("Handle", "tests", &SLOTS);

fn run<R>(o: &Objects, f: impl for<'py> FnOnce(Py<'py>) -> PyResult<R>) -> R {
    // SAFETY: each test owns its `Objects` and uses it from this thread only.
    unsafe { o.with_gil(f) }.expect("no Python error")
}

/// `l = [h, 0]; l[1] = l` with `h` a native object holding `payload`: a cycle nothing frees.
fn leave_in_a_cycle<T: std::any::Any + Send>(py: Py<'_>, payload: T) -> PyResult<()> {
    let h = py.new_native(&HANDLE, payload)?;
    let l = py.list(&[h, py.int(0)?])?;
    l.set_item(&py.int(1)?, &l)?;
    Ok(())
}

#[test]
fn a_cycle_holding_an_arc_releases_it_when_the_heap_closes() {
    let shared = Arc::new(());
    let o = Objects::new(InterpId::new(1), Heap::new());
    run(&o, |py| leave_in_a_cycle(py, shared.clone()));
    assert_eq!(Arc::strong_count(&shared), 2, "the cycle keeps it alive");
    let closed = o.end().closed.expect("last user closes");
    assert_eq!(Arc::strong_count(&shared), 1, "released at close");
    assert_eq!(
        closed.live_objects, 2,
        "the list and the handle stay uncollected"
    );
    assert_eq!(closed.finalized, 1);
    assert!(closed.panics.is_empty());
}

#[test]
fn module_state_definition_and_capsule_destructors_of_a_live_cycle_are_released() {
    static DESTROYED: AtomicUsize = AtomicUsize::new(0);
    fn destructor(_: Py<'_>, p: NonNull<()>, _: Option<&'static str>) {
        // SAFETY: the pointer is the `Box<Arc<()>>` leaked below, released once here.
        drop(unsafe { Box::from_raw(p.as_ptr().cast::<Arc<()>>()) });
        DESTROYED.fetch_add(1, Ordering::Relaxed);
    }
    let (state, def, boxed) = (Arc::new(()), Arc::new(()), Arc::new(()));
    let o = Objects::new(InterpId::new(1), Heap::new());
    run(&o, |py| {
        let m = py.new_module("m")?;
        m.init_module_state(state.clone())?;
        m.set_module_def(Some(def.clone()))?;
        let ptr = NonNull::new(Box::into_raw(Box::new(boxed.clone()))).expect("non-null");
        let c = py.new_capsule(ptr.cast(), Some("m.cap"), Some(destructor))?;
        // The module's dict holds the capsule and the module itself.
        m.setattr("cap", &c)?;
        m.setattr("me", &m)?;
        Ok(())
    });
    assert_eq!(
        [&state, &def, &boxed].map(Arc::strong_count),
        [2, 2, 2],
        "held by the cycle"
    );
    let closed = o.end().closed.expect("closed");
    assert_eq!([&state, &def, &boxed].map(Arc::strong_count), [1, 1, 1]);
    assert_eq!(DESTROYED.load(Ordering::Relaxed), 1);
    assert_eq!(closed.finalized, 2, "the module and the capsule");
}

#[test]
fn legacy_users_of_a_shared_heap_leave_it_to_the_last_user() {
    let shared = Arc::new(());
    let main = Objects::new(InterpId::new(0), Heap::new());
    let legacy = Objects::new_sharing(InterpId::new(1), &main);
    run(&legacy, |py| leave_in_a_cycle(py, shared.clone()));
    assert!(legacy.end().closed.is_none());
    assert_eq!(Arc::strong_count(&shared), 2, "main's heap is still open");
    // Dropping the last user (without `end`) closes the heap the same way.
    drop(main);
    assert_eq!(Arc::strong_count(&shared), 1);
}

/// A payload whose `Drop` panics.
struct Boom;

impl Drop for Boom {
    fn drop(&mut self) {
        panic!("boom in drop");
    }
}

#[test]
fn a_panicking_payload_destructor_is_reported_and_the_others_still_run() {
    let shared = Arc::new(());
    let o = Objects::new(InterpId::new(1), Heap::new());
    run(&o, |py| {
        leave_in_a_cycle(py, Boom)?;
        leave_in_a_cycle(py, shared.clone())
    });
    let closed = o.end().closed.expect("closed");
    assert_eq!(closed.panics, ["boom in drop"]);
    assert_eq!(closed.finalized, 2);
    assert_eq!(Arc::strong_count(&shared), 1);
}

#[test]
fn objects_freed_before_the_close_are_not_released_twice() {
    let shared = Arc::new(());
    let o = Objects::new(InterpId::new(1), Heap::new());
    run(&o, |py| {
        let h = py.new_native(&HANDLE, shared.clone())?;
        drop(h);
        let m = py.new_module("m")?;
        m.init_module_state(shared.clone())?;
        drop(m);
        Ok(())
    });
    assert_eq!(Arc::strong_count(&shared), 1);
    let closed = o.end().closed.expect("closed");
    assert_eq!(closed.finalized, 0);
    assert_eq!(closed.live_objects, 0);
    assert!(closed.leaks.is_clean());
}

/// Soak: many interpreters, each leaving cycles with payloads behind; the count of payloads
/// alive outside the heaps must come back to zero after every close (before: it grew by the
/// number of cycles, for good).
#[test]
fn many_heaps_with_cycles_leak_no_payloads() {
    static ALIVE: AtomicUsize = AtomicUsize::new(0);
    /// 1 KiB on the system heap, counted while alive.
    struct Counted(Box<[u8; 1024]>);
    impl Counted {
        fn new() -> Counted {
            ALIVE.fetch_add(1, Ordering::Relaxed);
            Counted(Box::new([0; 1024]))
        }
    }
    impl Drop for Counted {
        fn drop(&mut self) {
            ALIVE.fetch_sub(self.0.len() / 1024, Ordering::Relaxed);
        }
    }
    let rounds = if std::env::var_os("SUBINTERP_UNDER_VALGRIND").is_some() {
        50
    } else {
        2_000
    };
    for i in 0..rounds {
        let o = Objects::new(InterpId::new(i + 1), Heap::new());
        run(&o, |py| {
            for _ in 0..10 {
                leave_in_a_cycle(py, Counted::new())?;
            }
            Ok(())
        });
        assert_eq!(ALIVE.load(Ordering::Relaxed), 10);
        let closed = o.end().closed.expect("closed");
        assert_eq!(closed.finalized, 10);
        assert_eq!(ALIVE.load(Ordering::Relaxed), 0, "round {i}");
    }
}
