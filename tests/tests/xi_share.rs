//! Shareable values between interpreters through the runtime: what can cross, what comes out
//! on the other side, and what is refused (reference `cpython-lifecycle-xi.md` §4 and §6 as
//! "lx N": 48, 49, 50, 58, 59, 64).
//!
//! Data-driven: `check(value_source, expect)` evaluates an expression in interpreter A, moves
//! it through a queue into interpreter B and prints B's `repr` (or the error A raised).

use subinterp_runtime::modules::memview::memoryview;
use subinterp_runtime::{
    Args, Interpreter, InterpreterConfig, RtNatives, Runtime, Unbound, XiData, import,
};
use subinterp_tests::echo::Echo;
use subinterp_xi::{SharedBuffer, from_xi, to_xi};

struct Pair {
    _rt: Runtime,
    a: Interpreter,
    b: Interpreter,
}

fn pair() -> Pair {
    let rt = Runtime::new().unwrap();
    let a = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let b = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let q = rt.create_queue(0, Unbound::Replace).unwrap();
    rt.share("q", q.clone(), &a).unwrap();
    rt.share("q", q, &b).unwrap();
    Pair { _rt: rt, a, b }
}

/// Puts the value of `expr` from A, gets it in B: B's repr, or A's error line.
#[track_caller]
fn check(p: &Pair, expr: &str, expect: &str) {
    let put = p.a.exec(&format!("q.put({expr})"));
    let got = match put {
        Err(e) => e.transcript_line(),
        Ok(()) => {
            let c = p.b.echo("v = q.get_nowait(); print(repr(v))");
            c.result.map(|()| c.output.trim_end().to_owned()).unwrap()
        }
    };
    assert_eq!(got, expect, "{expr}");
}

#[test]
fn lx48_lx49_values_round_trip_with_their_exact_type() {
    let p = pair();
    for (expr, expect) in [
        ("None", "None"),
        ("b'spam'", "b'spam'"),
        ("'spam'", "'spam'"),
        ("''", "''"),
        ("'h\\xe9llo \\U0001f600'", "'h\u{e9}llo \u{1f600}'"),
        ("10", "10"),
        ("-10", "-10"),
        ("9223372036854775807", "9223372036854775807"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("True", "True"),
        ("False", "False"),
        ("100.0", "100.0"),
        ("()", "()"),
        ("(1, ('spam', 'eggs'), True)", "(1, ('spam', 'eggs'), True)"),
        ("(b'', (('x',),), -1.5)", "(b'', (('x',),), -1.5)"),
        // Copies built in the receiver (CPython's default pickles these).
        ("[1, 2, 3]", "[1, 2, 3]"),
        ("{'a': 1}", "{'a': 1}"),
        ("(1, ([2],))", "(1, ([2],))"),
        (
            "{'s': {1}, 'f': frozenset({'x'})}",
            "{'s': {1}, 'f': frozenset({'x'})}",
        ),
    ] {
        check(&p, expr, expect);
    }
    // The exact type comes across (not a subclass, not a different numeric type).
    p.a.exec("q.put((1, 1.0, True))").unwrap();
    let c = p.b.echo("t = q.get(); type(t[0]); type(t[1]); type(t[2])");
    assert_eq!(c.output, "<class 'int'>\n<class 'float'>\n<class 'bool'>\n");
    // `None` is the receiver's own immortal `None`.
    p.a.exec("q.put(None)").unwrap();
    assert_eq!(p.b.echo("q.get() is None").output, "True\n");
}

#[test]
fn lx48_lx49_lx58_not_shareable_is_refused_in_the_sender() {
    let p = pair();
    for (expr, expect) in [
        // Lists, dicts and sets cross as copies, but only of what can cross.
        (
            "[1, [len]]",
            "NotShareableError: <built-in function len> does not support cross-interpreter data",
        ),
        (
            "{'a': {1: type}}",
            "NotShareableError: <class 'type'> does not support cross-interpreter data",
        ),
        (
            "ValueError('x')",
            "NotShareableError: x does not support cross-interpreter data",
        ),
        (
            "type",
            "NotShareableError: <class 'type'> does not support cross-interpreter data",
        ),
        (
            "len",
            "NotShareableError: <built-in function len> does not support cross-interpreter data",
        ),
    ] {
        check(&p, expr, expect);
    }
    // Nothing was put.
    assert_eq!(p.a.echo("q.qsize()").output, "0\n");
    // `is_shareable` agrees and never raises.
    p.a.exec("import interpreters; s = interpreters.is_shareable")
        .unwrap();
    let c =
        p.a.echo("s(None); s(b'x'); s((1, ('a',))); s(q); s([]); s({}); s(len); s((1, []))");
    assert_eq!(
        c.output,
        "True\nTrue\nTrue\nTrue\nFalse\nFalse\nFalse\nFalse\n"
    );
}

#[test]
fn lx49_int_beyond_64_bits_overflows() {
    // Ints beyond 64 bits do not cross (CPython 3.13's text); the Rust side checks the same
    // rule.
    assert_eq!(
        XiData::try_from(i64::MAX as i128 + 1)
            .unwrap_err()
            .to_string(),
        "try sending as bytes"
    );
    let p = pair();
    check(
        &p,
        "9223372036854775808",
        "OverflowError: try sending as bytes",
    );
}

#[test]
fn lx59_received_objects_are_new_objects_in_the_receiver() {
    let p = pair();
    p.a.exec("s = b'spam'; q.put(s); sid = id(s)").unwrap();
    let sent = p.a.main_attr("sid").unwrap();
    p.b.exec("r = q.get(); rid = id(r)").unwrap();
    assert_ne!(p.b.main_attr("rid").unwrap(), sent);
    assert_eq!(
        p.b.main_attr("r").unwrap(),
        XiData::from(b"spam".as_slice())
    );
    // The object lives in B's heap.
    let owner =
        p.b.run(|cx| {
            let main = import(cx, "__main__").unwrap();
            main.getattr("r").unwrap().owner()
        })
        .unwrap();
    assert_eq!(owner, Some(p.b.id()));
    // Queue objects cross as handles on the same queue, bound to the receiver.
    p.a.exec(
        "import interpreters; inner = interpreters.create_queue(3); q.put(inner); inner.put(7)",
    )
    .unwrap();
    let c =
        p.b.echo("got = q.get(); got; got.maxsize; got.get(); got.qsize()");
    assert_eq!(c.output, "Queue(2)\n3\n7\n0\n");
}

#[test]
fn lx50_memoryview_shares_the_same_memory() {
    let p = pair();
    let rt = p.a.runtime();
    let q = rt.create_queue(0, Unbound::Replace).unwrap();
    let qa = p.a.bind_queue(q.id()).unwrap();
    let qb = p.b.bind_queue(q.id()).unwrap();
    let sent_ptr =
        p.a.run(|cx| {
            let py = cx.py();
            let m = memoryview(&py.bytes(b"abc").unwrap()).unwrap();
            let data = to_xi(&m, &RtNatives).unwrap();
            let XiData::Buffer(b) = &data else {
                panic!("a memoryview crosses as a buffer")
            };
            let ptr = b.as_ptr() as usize;
            qa.put(data, None, None).unwrap();
            ptr
        })
        .unwrap();
    let (bytes, obj_type, got_ptr) =
        p.b.run(|cx| {
            let py = cx.py();
            let data = qb.get(None).unwrap().into_data().unwrap();
            let ptr = match &data {
                XiData::Buffer(b) => b.as_ptr() as usize,
                _ => 0,
            };
            let m2 = from_xi(py, &data, &RtNatives).unwrap();
            let bytes =
                p.b.with_tstate(cx, |ts| {
                    ts.call_method(&m2, "tobytes", Args::positional(&[]))
                })
                .unwrap()
                .unwrap();
            let obj = m2.getattr("obj").unwrap();
            (bytes.repr().unwrap(), obj.get_type().repr().unwrap(), ptr)
        })
        .unwrap();
    assert_eq!(bytes, "b'abc'");
    assert_eq!(
        obj_type,
        "<class '_interpreters.CrossInterpreterBufferView'>"
    );
    assert_eq!(
        got_ptr, sent_ptr,
        "the receiver reads the sender's bytes in place"
    );
    // A buffer made in Rust crosses the same way.
    let buf = SharedBuffer::from(vec![1u8, 2, 3]);
    q.put(XiData::Buffer(buf.clone()), None, None).unwrap();
    let got = qb.get(None).unwrap().into_data().unwrap();
    assert_eq!(got, XiData::Buffer(buf));
}

#[test]
fn lx64_reloading_the_module_keeps_queues_working() {
    let p = pair();
    let c = p.a.exec_capture(
        "import interpreters, importlib; m = importlib.reload(interpreters)\n\
         print(m is interpreters)\n\
         q.put(1); print(q.qsize(), interpreters.create_queue().id)",
    );
    c.result.unwrap();
    assert_eq!(c.output, "True\n1 2\n");
    // A queue left over when the runtime goes away is cleaned up silently.
    let rt = p.a.runtime();
    let left = rt.create_queue(0, Unbound::Replace).unwrap();
    left.put(XiData::Int(1), None, None).unwrap();
    rt.finalize().unwrap();
    assert_eq!(
        left.get_nowait().unwrap_err().to_string(),
        format!("queue {} not found", left.id())
    );
}

/// Issue 13 item 4 (the xi part): data nested 10,000 deep (made in Rust: the sending side
/// refuses past 200 levels) used to overflow the receiver's native stack in `from_xi`; on a
/// 2 MiB stack (a pool worker's) it is now refused with `RecursionError`, through a queue and
/// through `share`, and the interpreter and the data are fine afterwards.
#[test]
fn data_nested_10000_deep_is_refused_with_recursion_error_on_a_small_stack() {
    let out = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let p = pair();
            let deep = (0..10_000).fold(XiData::Int(0), |d, _| XiData::tuple([d]));
            let err = p._rt.share("x", deep.clone(), &p.a).unwrap_err();
            let cause = match &err {
                subinterp_runtime::ExecError::ApplyFailed(exc) => exc.formatted().to_owned(),
                other => format!("unexpected: {other}"),
            };
            let q = p.b.bind_queue(subinterp_runtime::QueueId::new(1)).unwrap();
            q.put_nowait(deep, None).unwrap();
            let got = p.a.echo("q.get_nowait()");
            let after = p.a.echo("q.put((1, (2,))); print(repr(q.get_nowait()))");
            (
                err.to_string(),
                cause,
                got.result.map_err(|e| e.transcript_line()),
                after.output,
            )
        })
        .unwrap()
        .join()
        .unwrap();
    let recursion = "RecursionError: maximum recursion depth exceeded while receiving a tuple";
    assert_eq!(
        out.0,
        "InterpreterError: failed to apply namespace to __main__"
    );
    assert_eq!(out.1, recursion);
    assert_eq!(out.2, Err(recursion.to_owned()));
    assert_eq!(out.3, "(1, (2,))\n");
}
