//! Deeply nested data in the runtime's interpreters, on the pool's 2 MiB worker stacks: a tuple
//! nested 50,000 deep works as a dict key (its hash is CPython's), `str`/`repr` of exceptions
//! nested 100,000 deep and comparisons of lists as deep are `RecursionError`s with CPython's
//! texts, and freeing them all is fine. Before the object layer bounded (or unrolled) these
//! paths, each one aborted the whole process with a stack overflow.

use subinterp_object::{Obj, Py, PyResult, exc};
use subinterp_runtime::{InterpreterPool, Runtime};
use subinterp_tests::scale::Scale;

/// The 100,000, or 10,000 under memcheck (50 times the recursion limit either way).
fn depth() -> usize {
    Scale::from_env().pick(10_000, 100_000, 100_000)
}

fn nest<'py>(
    py: Py<'py>,
    depth: usize,
    wrap: impl Fn(Obj<'py>) -> PyResult<Obj<'py>>,
) -> PyResult<Obj<'py>> {
    let mut o = py.tuple(&[])?;
    for _ in 0..depth {
        o = wrap(o)?;
    }
    Ok(o)
}

/// What a pool worker found: one line per case.
fn deep_cases(py: Py<'_>) -> PyResult<Vec<String>> {
    let key = nest(py, 50_000, |o| py.tuple(&[o]))?;
    let d = py.dict()?;
    d.set_item(&key, &py.int(1)?)?;
    let ty = exc::VALUE_ERROR.get(py);
    let e = nest(py, depth(), |o| py.new_exception(&ty, &[o]))?;
    let l1 = nest(py, depth(), |o| py.list(&[o]))?;
    let l2 = nest(py, depth(), |o| py.list(&[o]))?;
    let show = |r: PyResult<String>| r.unwrap_or_else(|e| e.to_string());
    Ok(vec![
        format!("hash {}", key.hash()?),
        format!("get {:?}", d.get_item(&key)?.as_i64()),
        format!("str {}", show(e.str())),
        format!("repr {}", show(e.repr())),
        format!("eq {}", show(l1.eq(&l2).map(|b| b.to_string()))),
    ])
}

#[test]
fn deeply_nested_data_on_a_pool_worker_is_handled_or_refused_without_a_crash() {
    let rt = Runtime::new().unwrap();
    let pool = InterpreterPool::new(&rt, 1).unwrap();
    let lines = pool
        .submit(|cx| deep_cases(cx.py()).map_err(|e| e.to_string()))
        .unwrap_or_else(|_| panic!("submit"))
        .wait()
        .expect("the worker survived")
        .expect("no unexpected Python error");
    assert_eq!(
        lines,
        [
            // `hash(t)` in CPython 3.13 for `t = (); for _ in range(50_000): t = (t,)`.
            "hash 5717290311753331073",
            "get Some(1)",
            "str RecursionError: maximum recursion depth exceeded while getting the str of an object",
            "repr RecursionError: maximum recursion depth exceeded while getting the repr of an object",
            "eq RecursionError: maximum recursion depth exceeded in comparison",
        ]
    );
    pool.shutdown(false);
    drop(pool);
    rt.finalize().unwrap();
}
