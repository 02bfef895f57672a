//! Object life cycles, heap accounting, immortals, containers, errors, modules, functions,
//! capsules and native classes, as a user of the object layer sees them.

use std::cell::Cell;
use std::ptr::NonNull;

use subinterp_object::{
    CompareOp, InterpId, Kind, Obj, Objects, Origin, Py, PyErr, PyResult, Slots, StaticType, exc,
    types,
};
use subinterp_obmalloc::Heap;

fn interp(id: u64) -> Objects {
    Objects::new(InterpId::new(id), Heap::new())
}

fn run<R>(o: &Objects, f: impl for<'py> FnOnce(Py<'py>) -> R) -> R {
    // SAFETY: each test owns its `Objects` and uses it from this thread only.
    unsafe { o.with_gil(f) }
}

/// Runs `f` and checks that every object and block it made is gone afterwards.
fn check_clean(f: impl for<'py> FnOnce(Py<'py>) -> PyResult<()>) {
    let o = interp(0);
    let base = run(&o, |py| py.heap().allocated_blocks());
    run(&o, |py| f(py).expect("no Python error"));
    run(&o, |py| {
        // Unbound references dropped without a token (those inside `PyErr`s) were deferred.
        py.run_deferred();
        assert_eq!(py.live_objects(), 0, "objects left alive");
        assert_eq!(
            py.heap().allocated_blocks(),
            base,
            "heap blocks left allocated"
        );
    });
    let closed = o.end().closed.expect("heap closed");
    assert!(closed.leaks.is_clean(), "leaks: {:?}", closed.leaks);
}

#[test]
fn refcounts_follow_clone_and_drop() {
    check_clean(|py| {
        let a = py.int(1000)?;
        assert_eq!(a.refcnt(), 1);
        let b = a.clone();
        assert_eq!(a.refcnt(), 2);
        let l = py.list(&[a.clone(), a.clone()])?;
        assert_eq!(a.refcnt(), 4);
        drop(l);
        assert_eq!(a.refcnt(), 2);
        drop(b);
        assert_eq!(a.refcnt(), 1);
        assert_eq!(py.live_objects(), 1);
        assert_eq!(a.owner(), Some(InterpId::new(0)));
        Ok(())
    });
}

#[test]
fn every_block_is_accounted_to_the_heap() {
    let o = interp(3);
    run(&o, |py| -> PyResult<()> {
        let base = py.heap().allocated_blocks();
        let s = py.str(&"x".repeat(1000))?; // a raw (large) block
        let l = py.list_from((0..100).map(|i| py.int(1000 + i).unwrap()))?;
        let d = py.dict()?;
        for i in 0..50 {
            d.set_item(&py.str(&format!("k{i}"))?, &l)?;
        }
        assert!(py.heap().allocated_blocks() > base + 150);
        drop((s, l, d));
        assert_eq!(py.heap().allocated_blocks(), base);
        Ok(())
    })
    .unwrap();
}

#[test]
fn immortals_are_shared_and_never_change() {
    let (a, b) = (interp(1), interp(2));
    let ids = run(&a, |py| {
        let objs = [
            py.none(),
            py.bool(true),
            py.bool(false),
            py.int(-5).unwrap(),
            py.int(256).unwrap(),
            py.tuple(&[]).unwrap(),
            py.str("").unwrap(),
            py.bytes(b"").unwrap(),
            types::INT.get(py),
        ];
        let counts: Vec<usize> = objs.iter().map(Obj::refcnt).collect();
        let clones: Vec<Obj<'_>> = objs.to_vec();
        drop(clones);
        assert_eq!(objs.iter().map(Obj::refcnt).collect::<Vec<_>>(), counts);
        assert!(objs.iter().all(|o| o.is_immortal() && o.owner().is_none()));
        assert_eq!(py.live_objects(), 0, "immortals live in no heap");
        objs.iter().map(Obj::id).collect::<Vec<_>>()
    });
    let ids_b = run(&b, |py| {
        [
            py.none(),
            py.bool(true),
            py.bool(false),
            py.int(-5).unwrap(),
            py.int(256).unwrap(),
            py.tuple(&[]).unwrap(),
            py.str("").unwrap(),
            py.bytes(b"").unwrap(),
            types::INT.get(py),
        ]
        .iter()
        .map(Obj::id)
        .collect::<Vec<_>>()
    });
    assert_eq!(ids, ids_b, "`is` holds across interpreters");
    run(&a, |py| {
        assert!(!py.int(257).unwrap().is_immortal());
        assert!(!py.int(257).unwrap().is(&py.int(257).unwrap()));
        assert!(py.int(7).unwrap().is(&py.int(7).unwrap()));
    });
}

#[test]
fn dict_keeps_insertion_order_through_deletion_and_growth() {
    check_clean(|py| {
        let d = py.dict()?;
        for i in 0..40 {
            d.set_item(&py.str(&format!("k{i}"))?, &py.int(i)?)?;
        }
        for i in (0..40).filter(|i| i % 3 == 0) {
            d.del_item(&py.str(&format!("k{i}"))?)?;
        }
        d.set_item(&py.str("k1")?, &py.str("again")?)?; // overwrite keeps position
        d.set_item(&py.str("k0")?, &py.int(0)?)?; // re-insert goes last
        for i in 100..140 {
            d.set_item(&py.int(i)?, &py.none())?; // forces growth and compaction
        }
        for i in 100..140 {
            d.del_item(&py.int(i)?)?;
        }
        let keys: Vec<String> = d.dict_keys()?.iter().map(|k| k.str().unwrap()).collect();
        let mut expect: Vec<String> = (0..40)
            .filter(|i| i % 3 != 0)
            .map(|i| format!("k{i}"))
            .collect();
        expect.push("k0".into());
        assert_eq!(keys, expect);
        assert_eq!(d.len()?, 27);
        assert_eq!(d.get_item(&py.str("k1")?)?.repr()?, "'again'");
        // 1, 1.0 and True are the same key.
        d.set_item(&py.int(1)?, &py.str("int")?)?;
        d.set_item(&py.float(1.0)?, &py.str("float")?)?;
        d.set_item(&py.bool(true), &py.str("bool")?)?;
        assert_eq!(d.get_item(&py.int(1)?)?.repr()?, "'bool'");
        assert_eq!(d.len()?, 28);
        Ok(())
    });
}

#[test]
fn dict_errors_have_cpython_text() {
    check_clean(|py| {
        let d = py.dict()?;
        let e = d.get_item(&py.str("missing")?).unwrap_err();
        assert_eq!(e.to_string(), "KeyError: 'missing'");
        assert!(e.is(&exc::LOOKUP_ERROR));
        let e = d.del_item(&py.obj((1, "x"))?).unwrap_err();
        assert_eq!(e.to_string(), "KeyError: (1, 'x')");
        let e = d.set_item(&py.list(&[])?, &py.none()).unwrap_err();
        assert_eq!(e.to_string(), "TypeError: unhashable type: 'list'");
        let e = d.set_item(&py.dict()?, &py.none()).unwrap_err();
        assert_eq!(e.to_string(), "TypeError: unhashable type: 'dict'");
        let e = d
            .set_item(&py.obj((1, py.list(&[])?))?, &py.none())
            .unwrap_err();
        assert_eq!(e.to_string(), "TypeError: unhashable type: 'list'");
        Ok(())
    });
}

#[test]
fn dict_copy_is_shallow() {
    check_clean(|py| {
        let inner = py.list(&[])?;
        let d = py.dict()?;
        d.set_item(&py.str("l")?, &inner)?;
        d.set_item(&py.str("n")?, &py.int(1969)?)?;
        let c = d.dict_copy()?;
        assert!(!c.is(&d));
        assert!(c.eq(&d)?);
        assert!(
            c.get_item(&py.str("l")?)?.is(&inner),
            "values are shared, not copied"
        );
        c.set_item(&py.str("n")?, &py.int(0)?)?;
        assert_eq!(d.get_item(&py.str("n")?)?.as_i64(), Some(1969));
        Ok(())
    });
}

#[test]
fn big_ints_are_ints_with_one_form_per_value() {
    use subinterp_object::num_bigint::BigInt;
    check_clean(|py| {
        let int = types::INT.get(py);
        let below = py.int_wide(i128::from(i64::MIN) - 1)?;
        assert!(below.get_type().is(&int) && below.is_big_int());
        assert_eq!(below.as_i64(), None);
        assert_eq!(below.repr()?, "-9223372036854775809");
        // i64::MIN keeps the value, whatever the form.
        let min = py.int(i64::MIN)?;
        assert!(min.get_type().is(&int) && !min.is_big_int());
        assert_eq!(min.as_i64(), Some(i64::MIN));
        assert_eq!(min.repr()?, "-9223372036854775808");
        // A big value that fits i64 comes back in the small form.
        let small = py.int_big(&BigInt::from(12))?;
        assert_eq!(small.as_i64(), Some(12));
        let two64 = py.int_wide(1 << 64)?;
        assert_eq!(two64.as_bigint(), Some(BigInt::from(1u128 << 64)));
        // CPython: hash(2**64) == 8, hash(-2**61) == -2 (the -1 rule), hash(2**61 - 1) == 0.
        assert_eq!(two64.hash()?, 8);
        assert_eq!(py.int_wide(-(1 << 61))?.hash()?, -2);
        assert_eq!(py.int_wide((1 << 61) - 1)?.hash()?, 0);
        assert!(two64.eq(&py.int_wide(1 << 64)?)?);
        assert!(two64.eq(&py.float(18_446_744_073_709_551_616.0)?)?);
        assert!(!two64.eq(&py.int(i64::MAX)?)?);
        let d = py.dict()?;
        d.set_item(&two64, &py.str("big")?)?;
        let same = py.int_big(&(BigInt::from(1u8) << 64))?;
        assert_eq!(
            d.dict_get(&same)?.map(|v| v.repr()).transpose()?,
            Some("'big'".into())
        );
        let huge = py.int_big(&num_traits_pow10(4300))?;
        assert_eq!(
            huge.repr().unwrap_err().to_string(),
            "ValueError: Exceeds the limit (4300 digits) for integer string conversion; \
             use sys.set_int_max_str_digits() to increase the limit"
        );
        Ok(())
    });
}

fn num_traits_pow10(n: usize) -> subinterp_object::num_bigint::BigInt {
    let mut v = subinterp_object::num_bigint::BigInt::from(1u8);
    for _ in 0..n {
        v *= 10u8;
    }
    v
}

#[test]
fn ints_are_64_bit_and_overflow_is_an_error() {
    check_clean(|py| {
        assert_eq!(py.parse_int(" -1_000 ")?.as_i64(), Some(-1000));
        assert_eq!(
            py.parse_int("9223372036854775807")?.as_i64(),
            Some(i64::MAX)
        );
        let e = py.parse_int("9223372036854775808").unwrap_err();
        assert_eq!(
            e.to_string(),
            "OverflowError: Python int too large to convert to C long"
        );
        assert!(e.is(&exc::ARITHMETIC_ERROR));
        let e = py.parse_int("12a").unwrap_err();
        assert_eq!(
            e.to_string(),
            "ValueError: invalid literal for int() with base 10: '12a'"
        );
        assert_eq!(
            subinterp_object::checked(i64::MAX.checked_add(1))
                .unwrap_err()
                .type_name(),
            "OverflowError"
        );
        Ok(())
    });
}

#[test]
fn equality_and_hash_follow_cpython() {
    check_clean(|py| {
        let (one, onef, t) = (py.int(1)?, py.float(1.0)?, py.bool(true));
        assert!(one.eq(&onef)? && onef.eq(&t)? && t.eq(&one)?);
        assert_eq!(one.hash()?, onef.hash()?);
        assert_eq!(t.hash()?, 1);
        assert!(
            !py.int(i64::MAX)?
                .eq(&py.float(9_223_372_036_854_775_808.0)?)?
        );
        let nan = py.float(f64::NAN)?;
        assert!(!nan.eq(&nan)?);
        assert!(
            py.list(std::slice::from_ref(&nan))?
                .eq(&py.list(std::slice::from_ref(&nan))?)?,
            "identity first in containers"
        );
        assert!(py.obj((1, "a"))?.eq(&py.obj((1.0, "a"))?)?);
        assert!(!py.obj((1,))?.eq(&py.list_of((1,))?)?, "tuple != list");
        assert_eq!(py.obj((1, 2))?.hash()?, -3_550_055_125_485_641_917);
        assert_eq!(py.str("a")?.hash()?, 4_644_417_185_603_328_019);
        assert_eq!(py.none().hash()?, 4_238_894_112);
        assert!(py.int(2)?.compare(&py.float(2.5)?, CompareOp::Lt)?);
        assert!(py.str("b")?.compare(&py.str("a")?, CompareOp::Gt)?);
        assert!(py.obj((1, 2))?.compare(&py.obj((1, 3))?, CompareOp::Lt)?);
        let e = py
            .int(1)?
            .compare(&py.str("a")?, CompareOp::Lt)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "TypeError: '<' not supported between instances of 'int' and 'str'"
        );
        // Self-containing lists compare by identity of items, then recurse too deep.
        let (a, b) = (py.list(&[])?, py.list(&[])?);
        a.append(&a)?;
        b.append(&b)?;
        assert!(a.eq(&a)?);
        assert_eq!(a.eq(&b).unwrap_err().type_name(), "RecursionError");
        a.pop(-1)?;
        b.pop(-1)?;
        Ok(())
    });
}

#[test]
fn sequences_and_protocol_errors() {
    check_clean(|py| {
        let l = py.list_of((1, 2, 3))?;
        assert_eq!(l.get_item(&py.int(-1)?)?.as_i64(), Some(3));
        assert_eq!(
            l.get_item(&py.int(3)?).unwrap_err().to_string(),
            "IndexError: list index out of range"
        );
        l.set_item(&py.int(0)?, &py.str("x")?)?;
        l.del_item(&py.int(1)?)?;
        assert_eq!(l.repr()?, "['x', 3]");
        assert_eq!(
            l.get_item(&py.str("a")?).unwrap_err().to_string(),
            "TypeError: list indices must be integers or slices, not str"
        );
        let t = py.obj((1, 2))?;
        assert_eq!(
            t.get_item(&py.int(2)?).unwrap_err().to_string(),
            "IndexError: tuple index out of range"
        );
        assert_eq!(
            t.set_item(&py.int(0)?, &py.none()).unwrap_err().to_string(),
            "TypeError: 'tuple' object does not support item assignment"
        );
        assert_eq!(
            py.int(5)?.len().unwrap_err().to_string(),
            "TypeError: object of type 'int' has no len()"
        );
        assert_eq!(py.str("héllo")?.len()?, 5);
        assert!(py.str("héllo")?.contains(&py.str("ll")?)?);
        assert!(t.contains(&py.float(2.0)?)?);
        assert_eq!(
            py.int(5)?.get_item(&py.int(0)?).unwrap_err().to_string(),
            "TypeError: 'int' object is not subscriptable"
        );
        assert_eq!(
            py.int(5)?.call(&[], &[]).unwrap_err().to_string(),
            "TypeError: 'int' object is not callable"
        );
        assert_eq!(
            py.int(5)?.getattr("x").unwrap_err().to_string(),
            "AttributeError: 'int' object has no attribute 'x'"
        );
        assert!(
            !py.list(&[])?.is_truthy()? && py.str("a")?.is_truthy()? && !py.none().is_truthy()?
        );
        Ok(())
    });
}

#[test]
fn deep_nesting_frees_without_recursion() {
    check_clean(|py| {
        let mut cur = py.list(&[])?;
        for _ in 0..200_000 {
            cur = py.list(&[cur])?;
        }
        drop(cur);
        Ok(())
    });
}

#[test]
fn exceptions_types_and_instances() {
    check_clean(|py| {
        assert!(exc::MODULE_NOT_FOUND_ERROR.is_subtype(&exc::IMPORT_ERROR));
        assert!(!exc::KEY_ERROR.is_subtype(&exc::INDEX_ERROR));
        assert_eq!(
            exc::by_name("ZeroDivisionError").map(|t| t.name()),
            Some("ZeroDivisionError")
        );
        let err = py.new_exception_type("_testsinglephase.error", None)?;
        assert!(err.is_subclass(&exc::EXCEPTION.get(py))?);
        let e = PyErr::from_type(&err, "boom");
        assert_eq!(e.to_string(), "error: boom");
        assert_eq!(e.traceback_line(), "_testsinglephase.error: boom");
        assert!(e.matches(py, &exc::EXCEPTION.get(py)) && e.matches(py, &err));
        let v = e.value(py)?;
        assert!(v.is_instance_of(&err) && v.is_instance(&exc::BASE_EXCEPTION));
        assert_eq!(v.str()?, "boom");
        assert_eq!(v.getattr("args")?.repr()?, "('boom',)");
        let sub = py.new_exception_type("m.Sub", Some(&err))?;
        assert!(sub.is_subclass(&err)?);
        assert_eq!(
            py.new_exception_type("nodot", None)
                .unwrap_err()
                .to_string(),
            "SystemError: PyErr_NewException: name must be module.class"
        );
        let k = PyErr::key_error(&py.str("x")?);
        assert_eq!(k.value(py)?.str()?, "'x'");
        assert_eq!(
            PyErr::new(&exc::MEMORY_ERROR, "").to_string(),
            "MemoryError"
        );
        assert_eq!(err.getattr("__module__")?.str()?, "_testsinglephase");
        drop((e, k));
        Ok(())
    });
}

/// `interpreters.QueueEmpty`, defined outside the crate.
static QUEUE_EMPTY: StaticType =
    StaticType::exception("QueueEmpty", "interpreters", &exc::RUNTIME_ERROR);

#[test]
fn exception_types_defined_outside_the_crate() {
    check_clean(|py| {
        let e = PyErr::new(&QUEUE_EMPTY, "queue is empty");
        assert_eq!(e.to_string(), "QueueEmpty: queue is empty");
        assert_eq!(
            e.traceback_line(),
            "interpreters.QueueEmpty: queue is empty"
        );
        assert!(e.is(&exc::RUNTIME_ERROR));
        assert_eq!(
            QUEUE_EMPTY.get(py).repr()?,
            "<class 'interpreters.QueueEmpty'>"
        );
        assert_eq!(e.value(py)?.repr()?, "QueueEmpty('queue is empty')");
        Ok(())
    });
}

struct State {
    calls: Cell<u32>,
}

#[test]
fn modules_functions_and_state() {
    check_clean(|py| {
        let m = py.new_module("_testsinglephase")?;
        m.setattr("int_const", &py.int(1969)?)?;
        m.set_module_origin(Origin::File("/ext/_testsinglephase.so".into()))?;
        m.set_module_def(Some(std::sync::Arc::new("the def")))?;
        assert!(!m.has_module_state());
        m.init_module_state(State {
            calls: Cell::new(0),
        })?;
        // Type-erased: set, whatever its type; never for a non-module.
        assert!(m.has_module_state());
        assert!(!py.int(1)?.has_module_state());
        assert_eq!(
            m.init_module_state(1u8).unwrap_err().type_name(),
            "SystemError"
        );
        m.module_state::<State>().unwrap().calls.set(3);
        assert_eq!(m.module_state::<State>().map(|s| s.calls.get()), Some(3));
        assert!(m.module_state::<u8>().is_none());
        assert_eq!(m.module_name()?, "_testsinglephase");
        assert_eq!(
            m.module_origin()?,
            Origin::File("/ext/_testsinglephase.so".into())
        );
        assert_eq!(
            m.module_def()?
                .and_then(|d| d.downcast_ref::<&str>().copied()),
            Some("the def")
        );
        assert_eq!(m.getattr("__name__")?.str()?, "_testsinglephase");
        assert!(m.getattr("__spec__")?.is_none());
        assert_eq!(
            m.getattr("nope").unwrap_err().to_string(),
            "AttributeError: module '_testsinglephase' has no attribute 'nope'"
        );
        m.delattr("int_const")?;
        assert_eq!(
            m.getattr("int_const").unwrap_err().type_name(),
            "AttributeError"
        );
        // Functions hold their module: a cycle that `module_clear` breaks, as at finalisation.
        m.module_clear()?;
        Ok(())
    });
}

thread_local! {
    static FREED: Cell<u32> = const { Cell::new(0) };
}

fn destroy(py: Py<'_>, p: NonNull<()>, name: Option<&'static str>) {
    assert_eq!(name, Some("m._C_API"));
    assert_eq!(py.interp(), InterpId::new(0), "runs in the owner");
    // SAFETY: the test made the pointer from a leaked box of u64.
    drop(unsafe { Box::from_raw(p.as_ptr().cast::<u64>()) });
    FREED.with(|f| f.set(f.get() + 1));
}

#[test]
fn capsules_check_names_and_run_destructors_in_the_owner() {
    check_clean(|py| {
        let p = NonNull::from(Box::leak(Box::new(42u64))).cast::<()>();
        let c = py.new_capsule(p, Some("m._C_API"), Some(destroy))?;
        assert_eq!(c.capsule_pointer(Some("m._C_API"))?, p);
        assert_eq!(
            c.capsule_pointer(Some("other")).unwrap_err().to_string(),
            "ValueError: PyCapsule_GetPointer called with incorrect name"
        );
        assert_eq!(c.capsule_name()?, Some("m._C_API"));
        assert_eq!(
            py.int(1)?.capsule_pointer(None).unwrap_err().type_name(),
            "ValueError"
        );
        drop(c);
        assert_eq!(FREED.with(Cell::get), 1);
        Ok(())
    });
}

fn q_attr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    (name == "maxsize").then(|| o.py().int(10))
}

static Q_SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(q_attr),
    repr: None,
    ..Slots::EMPTY
};
static Q: StaticType = StaticType::native("Queue", "interpreters", &Q_SLOTS);

#[test]
fn native_classes_carry_rust_values() {
    check_clean(|py| {
        let q = py.new_native(&Q, vec![1u64, 2, 3])?;
        assert_eq!(q.kind(), Kind::Native);
        assert_eq!(q.native::<Vec<u64>>().map(Vec::len), Some(3));
        assert_eq!(q.getattr("maxsize")?.as_i64(), Some(10));
        assert!(q.native::<String>().is_none());
        assert_eq!(q.type_name(), "Queue");
        assert!(py.new_native(&exc::KEY_ERROR, 1u8).is_err());
        assert_eq!(
            q.getattr("x").unwrap_err().to_string(),
            "AttributeError: 'Queue' object has no attribute 'x'"
        );
        Ok(())
    });
}

#[test]
fn scaling_workload_shape() {
    // The later scaling benchmark's iteration: a dict of 32 str keys mapping to `[j, (j, i)]`.
    check_clean(|py| {
        let i = 7;
        let d = py.dict()?;
        for j in 0..32 {
            d.set_item(&py.str(&format!("key{j}"))?, &py.list_of((j, (j, i)))?)?;
        }
        assert_eq!(d.len()?, 32);
        assert_eq!(d.get_item(&py.str("key31")?)?.repr()?, "[31, (31, 7)]");
        Ok(())
    });
}

#[test]
fn parse_int_takes_unicode_digits_and_spaces_as_cpython() {
    check_clean(|py| {
        // CPython 3.13: `int('٣')`, `int('\u3000１２\u2003')`, `int('\x0b7\x0c')`.
        assert_eq!(py.parse_int("\u{663}")?.as_i64(), Some(3));
        assert_eq!(
            py.parse_int("\u{3000}\u{FF11}\u{FF12}\u{2003}")?.as_i64(),
            Some(12)
        );
        assert_eq!(py.parse_int("\x0b-7_0\x0c")?.as_i64(), Some(-70));
        for (bad, shown) in [
            ("\x1c1", "'\\x1c1'"),
            ("1\u{b2}", "'1\u{b2}'"),
            ("\u{663}.", "'\u{663}.'"),
            ("1\u{2003}2", "'1\\u20032'"),
        ] {
            assert_eq!(
                py.parse_int(bad).unwrap_err().to_string(),
                format!("ValueError: invalid literal for int() with base 10: {shown}")
            );
        }
        Ok(())
    });
}

#[test]
fn sets_keep_cpythons_table_order_and_frozenset_hash() {
    check_clean(|py| {
        let s = py.set()?;
        for v in [5, 3, 9, 1, 100, 64, 33] {
            assert!(s.set_add(&py.int(v)?)?);
        }
        assert!(!s.set_add(&py.int(9)?)?);
        // CPython 3.13: `set([5, 3, 9, 1, 100, 64, 33])` prints in this order.
        assert_eq!(s.repr()?, "{64, 1, 33, 3, 100, 5, 9}");
        assert_eq!(s.len()?, 7);
        assert!(s.contains(&py.int(33)?)? && !s.contains(&py.int(34)?)?);
        assert!(s.set_discard(&py.int(33)?)? && !s.set_discard(&py.int(33)?)?);
        assert_eq!(
            s.hash().unwrap_err().to_string(),
            "TypeError: unhashable type: 'set'"
        );
        let f = py.frozenset()?;
        for v in [1, 2, 3] {
            f.set_add(&py.int(v)?)?;
        }
        // CPython 3.13: hash(frozenset({1, 2, 3})), hash(frozenset()).
        assert_eq!(f.hash()?, -272_375_401_224_217_160);
        assert_eq!(py.frozenset()?.hash()?, 133_146_708_735_736);
        assert_eq!(f.repr()?, "frozenset({1, 2, 3})");
        let g = py.set()?;
        g.set_merge(&f)?;
        assert!(g.eq(&f)? && f.set_is_subset(&g)?);
        let d = py.dict()?;
        d.set_item(&f, &py.str("f")?)?;
        // A set is looked up as the frozenset of its items.
        assert!(f.contains(&py.int(2)?)? && py.set()?.set_pop().is_err());
        assert_eq!(
            d.dict_get(&f)?.map(|v| v.repr()).transpose()?,
            Some("'f'".into())
        );
        g.set_clear()?;
        assert_eq!(g.repr()?, "set()");
        Ok(())
    });
}
