//! A native object whose `Drop` misbehaves, kept in an interpreter's `__main__`: what the
//! ending tests and the misuse matrix use to run code from inside an interpreter's end
//! (issue 13, item 5).

use std::sync::mpsc;

use subinterp_object::{PyResult, Slots, StaticType};
use subinterp_runtime::{Error, Interpreter, Run, Runtime, import};

/// What the payload does when it is dropped; the calls report their outcome (the error's
/// text, or `Debug` of the success) on the channel.
#[derive(Debug)]
pub enum OnDrop {
    /// Panics with "drop boom".
    Panic,
    /// Finalizes the runtime.
    Finalize(Runtime, mpsc::Sender<String>),
    /// Initializes the runtime.
    Initialize(Runtime, mpsc::Sender<String>),
    /// Ends an interpreter.
    End(Interpreter, mpsc::Sender<String>),
}

struct Payload(OnDrop);

impl Drop for Payload {
    fn drop(&mut self) {
        let said = |r: Result<String, Error>| r.unwrap_or_else(|e| e.to_string());
        match &self.0 {
            OnDrop::Panic => panic!("drop boom"),
            OnDrop::Finalize(rt, tx) => {
                let _ = tx.send(said(rt.finalize().map(|r| format!("{r:?}"))));
            }
            OnDrop::Initialize(rt, tx) => {
                let _ = tx.send(said(rt.initialize().map(|()| "ok".into())));
            }
            OnDrop::End(i, tx) => {
                let _ = tx.send(said(i.end().map(|r| format!("{r:?}"))));
            }
        }
    }
}

static SLOTS: Slots = Slots {
    methods: None,
    getattr: None,
    repr: None,
    ..Slots::EMPTY
};
static PAYLOAD: StaticType = StaticType::native("Payload", "subinterp_tests", &SLOTS);

/// Stores a payload doing `what` in `i`'s `__main__` as `p`; it is dropped when `i` ends
/// (or `p` is rebound).
pub fn keep(i: &Interpreter, what: OnDrop) -> Result<(), String> {
    let store = |cx: &mut Run<'_>| -> PyResult<()> {
        let o = cx.py().new_native(&PAYLOAD, Payload(what))?;
        import(cx, "__main__")?.setattr("p", &o)
    };
    match i.run(store) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// Stores a payload doing `what` in a list that holds itself (`l = [p, l]`), reachable from
/// nothing: only the heap's release of live objects at the interpreter's end drops it.
pub fn keep_in_cycle(i: &Interpreter, what: OnDrop) -> Result<(), String> {
    let store = |cx: &mut Run<'_>| -> PyResult<()> {
        let py = cx.py();
        let o = py.new_native(&PAYLOAD, Payload(what))?;
        let l = py.list(&[o])?;
        l.append(&l)
    };
    match i.run(store) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}
