//! Deeply nested user data never overflows the native stack: every recursive path over it
//! either walks it without recursion (hash, dealloc: CPython succeeds there) or is bounded by
//! the thread's recursion counter and raises CPython's `RecursionError` (repr, str,
//! comparison, calls). Each case runs on a thread with a 2 MiB stack, the size of the pool's
//! workers and of the test harness's threads; before the fixes most of them aborted the
//! process with a stack overflow.

use subinterp_object::{CompareOp, InterpId, Obj, Objects, Py, PyResult, exc};
use subinterp_obmalloc::Heap;

/// The nesting depths the issue reported (tuples as dict keys: 50,000; the rest: 100,000).
const KEY_DEPTH: usize = 50_000;
const ISSUE_DEPTH: usize = 100_000;

/// The depth of the structures built: the issue's, or 10,000 under memcheck (where building
/// and walking them 20-50 times slower took minutes); 50 times the recursion limit either way,
/// far past what a 2 MiB stack held before the fixes.
fn depth() -> usize {
    if std::env::var_os("SUBINTERP_UNDER_VALGRIND").is_some() {
        10_000
    } else {
        ISSUE_DEPTH
    }
}

/// `hash(t)` in CPython 3.13 for `t = (); for _ in range(n): t = (t,)`.
fn cpython_nested_tuple_hash(n: usize) -> Option<i64> {
    match n {
        10_000 => Some(-1_912_225_031_091_155_616),
        50_000 => Some(5_717_290_311_753_331_073),
        100_000 => Some(226_928_516_440_299_980),
        _ => None,
    }
}

/// Runs `f` with a token of a fresh interpreter on a thread with a 2 MiB stack, then checks
/// that every object it made is gone and the heap closes clean.
fn on_small_stack(f: impl for<'py> FnOnce(Py<'py>) -> PyResult<()> + Send + 'static) {
    on_stack(2 << 20, f);
}

/// As [`on_small_stack`], with a stack of `bytes`.
fn on_stack(bytes: usize, f: impl for<'py> FnOnce(Py<'py>) -> PyResult<()> + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(bytes)
        .spawn(move || {
            let objs = Objects::new(InterpId::new(1), Heap::new());
            // SAFETY: this thread alone uses `objs`.
            unsafe {
                objs.with_gil(|py| {
                    f(py).expect("no Python error");
                    py.run_deferred();
                    assert_eq!(py.live_objects(), 0, "objects left alive");
                })
            };
            let closed = objs.end().closed.expect("heap closed");
            assert!(closed.leaks.is_clean(), "leaks: {:?}", closed.leaks);
        })
        .expect("spawn")
        .join()
        .expect("no stack overflow, no panic");
}

fn nested_tuple<'py>(py: Py<'py>, depth: usize) -> PyResult<Obj<'py>> {
    let mut t = py.tuple(&[])?;
    for _ in 0..depth {
        t = py.tuple(&[t])?;
    }
    Ok(t)
}

fn nested_list<'py>(py: Py<'py>, depth: usize) -> PyResult<Obj<'py>> {
    let mut l = py.list(&[])?;
    for _ in 0..depth {
        l = py.list(&[l])?;
    }
    Ok(l)
}

fn nested_dict<'py>(py: Py<'py>, depth: usize) -> PyResult<Obj<'py>> {
    let mut d = py.dict()?;
    for _ in 0..depth {
        let outer = py.dict()?;
        outer.set_item(&py.int(1)?, &d)?;
        d = outer;
    }
    Ok(d)
}

fn nested_exception<'py>(py: Py<'py>, depth: usize) -> PyResult<Obj<'py>> {
    let ty = exc::VALUE_ERROR.get(py);
    let mut e = py.new_exception(&ty, &[])?;
    for _ in 0..depth {
        e = py.new_exception(&ty, &[e])?;
    }
    Ok(e)
}

/// `r` failed with `RecursionError` and exactly CPython 3.13's message.
#[track_caller]
fn recursion_error<T: std::fmt::Debug>(r: PyResult<T>, message: &str) {
    let e = r.expect_err("RecursionError");
    assert_eq!(e.to_string(), format!("RecursionError: {message}"));
}

const REPR: &str = "maximum recursion depth exceeded while getting the repr of an object";
const STR: &str = "maximum recursion depth exceeded while getting the str of an object";
const COMPARE: &str = "maximum recursion depth exceeded in comparison";

#[test]
fn a_deeply_nested_tuple_hashes_as_in_cpython_and_works_as_a_dict_key() {
    on_small_stack(|py| {
        assert_eq!(
            Some(nested_tuple(py, KEY_DEPTH)?.hash()?),
            cpython_nested_tuple_hash(KEY_DEPTH)
        );
        let t = nested_tuple(py, depth())?;
        assert_eq!(Some(t.hash()?), cpython_nested_tuple_hash(depth()));
        let d = py.dict()?;
        d.set_item(&t, &py.int(1)?)?;
        assert_eq!(d.get_item(&t)?.as_i64(), Some(1));
        // A list deep inside is still found (and refused) without recursion.
        let mut bad = py.list(&[])?;
        for _ in 0..depth() {
            bad = py.tuple(&[bad])?;
        }
        assert_eq!(
            bad.hash().unwrap_err().to_string(),
            "TypeError: unhashable type: 'list'"
        );
        Ok(())
    });
}

#[test]
fn repr_and_str_of_deeply_nested_containers_are_recursion_errors() {
    on_small_stack(|py| {
        for c in [
            nested_tuple(py, depth())?,
            nested_list(py, depth())?,
            nested_dict(py, depth())?,
        ] {
            recursion_error(c.repr(), REPR);
            recursion_error(c.str(), REPR);
        }
        // Shallow enough still prints.
        assert_eq!(nested_list(py, 3)?.repr()?, "[[[[]]]]");
        Ok(())
    });
}

#[test]
fn str_and_repr_of_deeply_nested_exceptions_are_recursion_errors() {
    on_small_stack(|py| {
        let e = nested_exception(py, depth())?;
        recursion_error(e.str(), STR);
        recursion_error(e.repr(), REPR);
        let shallow = nested_exception(py, 2)?;
        assert_eq!(shallow.repr()?, "ValueError(ValueError(ValueError()))");
        assert_eq!(shallow.str()?, "");
        Ok(())
    });
}

#[test]
fn comparing_deeply_nested_containers_is_a_recursion_error() {
    on_small_stack(|py| {
        let pairs = [
            (nested_list(py, depth())?, nested_list(py, depth())?),
            (nested_tuple(py, depth())?, nested_tuple(py, depth())?),
            (nested_dict(py, depth())?, nested_dict(py, depth())?),
        ];
        for (a, b) in &pairs {
            recursion_error(a.eq(b), COMPARE);
            recursion_error(a.compare(b, CompareOp::Ne), COMPARE);
        }
        for (a, b) in &pairs[..2] {
            recursion_error(a.compare(b, CompareOp::Lt), COMPARE);
        }
        assert!(nested_list(py, 50)?.eq(&nested_list(py, 50)?)?);
        Ok(())
    });
}

#[test]
fn freeing_a_deeply_nested_structure_does_not_recurse() {
    on_small_stack(|py| {
        drop(nested_list(py, depth())?);
        drop(nested_tuple(py, depth())?);
        drop(nested_dict(py, depth())?);
        drop(nested_exception(py, depth())?);
        Ok(())
    });
}

/// Nesting CPython prints is printed here too, given the stack (here the 8 MiB of a main
/// thread; a debug build's repr level takes about 2 KiB): the guard refuses near the stack's
/// end or past CPython's 10,000 levels, not at an arbitrary small depth.
#[test]
fn nesting_a_thousand_deep_still_prints_and_compares() {
    on_stack(8 << 20, |py| {
        let l = nested_list(py, 1_000)?;
        let text = l.repr()?;
        assert_eq!(text.len(), 2_002);
        assert!(l.eq(&nested_list(py, 1_000)?)?);
        let e = nested_exception(py, 1_000)?;
        assert_eq!(e.str()?, "");
        Ok(())
    });
}
