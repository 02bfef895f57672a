//! `Interpreter::call` / `call_kw` / `call_in_thread`: native functions run in another
//! interpreter with shareable arguments, their result crossing back (3.14's
//! `Interpreter.call(f, *args, **kwargs)`); failures as `ExecutionFailed` snapshots.
//!
//! Scenarios (reference `cpython-lifecycle-xi.md` §6 as "lx N"): 43 (a failure inside is
//! ExecutionFailed), 32 (a call into a running interpreter is refused), plus 3.14's argument
//! and return-value passing.

use subinterp_runtime::{
    Args, BuiltinDef, InterpreterConfig, Obj, PyErr, PyResult, Runtime, Tstate, Unbound, XiData,
};

/// Returns `(args, sorted kwargs, the interpreter id it ran in)`.
fn echo<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let py = ts.py();
    let args = given.pos;
    let kwargs = given.kw;
    let mut kw = Vec::new();
    for (k, v) in kwargs {
        kw.push(py.tuple(&[k.clone(), v.clone()])?);
    }
    py.tuple(&[
        py.tuple(args)?,
        py.tuple(&kw)?,
        py.int(py.interp().get() as i64)?,
    ])
}

fn boom<'py>(
    _ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let args = given.pos;
    Err(PyErr::value_error(format!("boom {}", args.len())))
}

fn a_list<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, _: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let py = ts.py();
    py.list_of((1, 2))
}

/// Blocks on the queue its argument is, then returns what it got.
fn wait_on<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    given: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let q = given
        .pos
        .first()
        .ok_or_else(|| PyErr::type_error("wait_on() needs a queue"))?;
    ts.call_method(q, "get", Args::positional(&[]))
}

static ECHO: BuiltinDef = BuiltinDef {
    name: "echo",
    func: echo,
};
static BOOM: BuiltinDef = BuiltinDef {
    name: "boom",
    func: boom,
};
static A_LIST: BuiltinDef = BuiltinDef {
    name: "a_list",
    func: a_list,
};
static WAIT_ON: BuiltinDef = BuiltinDef {
    name: "wait_on",
    func: wait_on,
};

#[test]
fn call_passes_arguments_and_returns_the_result() {
    let rt = Runtime::new().unwrap();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let got = sub
        .call_kw(
            &ECHO,
            &[XiData::Int(1), XiData::from("two")],
            &[("k", XiData::tuple([XiData::None]))],
        )
        .unwrap();
    assert_eq!(
        format!("{got:?}"),
        format!("((1, \"two\"), ((\"k\", (None,)),), {})", sub.id())
    );
    assert_eq!(
        sub.call(&ECHO, &[]).unwrap(),
        XiData::tuple([XiData::tuple([]), XiData::tuple([]), XiData::Int(1)])
    );
}

#[test]
fn lx43_failures_come_back_as_snapshots() {
    let rt = Runtime::new().unwrap();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let err = sub.call(&BOOM, &[XiData::None]).unwrap_err();
    let f = err.execution_failed().expect("ExecutionFailed");
    assert_eq!(f.excinfo.formatted(), "ValueError: boom 1");
    assert_eq!(
        f.to_string(),
        "ValueError: boom 1\n\nUncaught in the interpreter:\n\nTraceback (most recent call \
         last):\n  File \"<native>\", in boom\nValueError: boom 1"
    );
    // A result that cannot cross is refused in the target.
    assert_eq!(
        sub.call(&A_LIST, &[]).unwrap_err().to_string(),
        "NotShareableError: [1, 2] does not support cross-interpreter data"
    );
    // The interpreter is fine afterwards.
    assert!(sub.call(&ECHO, &[]).is_ok());
}

#[test]
fn call_in_thread_runs_concurrently_and_joins() {
    let rt = Runtime::new().unwrap();
    let sub = rt.new_interpreter(InterpreterConfig::isolated()).unwrap();
    let q = rt.create_queue(0, Unbound::Replace).unwrap();
    let handle = sub
        .call_in_thread(&WAIT_ON, vec![XiData::Queue(q.clone())])
        .unwrap();
    // lx 32: while the call holds `__main__`, another call is refused.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !sub.is_running().unwrap() && std::time::Instant::now() < deadline {
        std::thread::yield_now();
    }
    assert_eq!(
        sub.call(&ECHO, &[]).unwrap_err().to_string(),
        "InterpreterError: interpreter already running"
    );
    assert!(!handle.is_finished());
    q.put(XiData::from(b"done".as_slice()), None, None).unwrap();
    assert_eq!(handle.join().unwrap(), XiData::from(b"done".as_slice()));
}
