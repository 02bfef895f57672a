//! Frees through the wrong interpreter, double frees, and object handles used in the wrong
//! interpreter or after their interpreter ended: reference `cpython-obmalloc.md` §4.3, §5.3,
//! §9 and `cpython-import.md` §8 (decref in the wrong interpreter).

use std::ptr::NonNull;

use subinterp_obmalloc::{AllocatorName, Allocators, Domain, Heap};
use subinterp_runtime::{InterpreterConfig, import};

use super::running::{isolated, rt};
use super::{Area, Case, Outcome};

const A: Area = Area::Memory;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case::new(
            A,
            "free a block through another interpreter's heap",
            "glibc abort: \"double free or corruption (out)\" (pymalloc hands it to libc free)",
            "FreeError::Foreign",
            "block {addr} belongs to heap {n}, not to heap {n}",
            foreign_free,
        ),
        Case::new(
            A,
            "free a raw block (> 512 bytes) twice",
            "glibc abort: \"free(): double free detected\"",
            "FreeError::NotAllocated",
            "pointer {addr} was not allocated by heap {n} (or was already freed)",
            raw_double_free,
        ),
        Case::new(
            A,
            "free a pointer no heap allocated (a stack address)",
            "libc free of a stack address: abort or heap corruption",
            "FreeError::NotAllocated",
            "pointer {addr} was not allocated by heap {n} (or was already freed)",
            free_stack_pointer,
        ),
        Case::new(
            A,
            "realloc a block through another interpreter's heap",
            "libc realloc of an arena-interior pointer: abort",
            "AllocError::BadPointer",
            "block {addr} belongs to heap {n}, not to heap {n}",
            foreign_realloc,
        ),
        Case::new(
            A,
            "allocate more than PY_SSIZE_T_MAX bytes",
            "NULL (MemoryError) without calling the allocator",
            "AllocError::TooLarge",
            "cannot allocate 18446744073709551615 bytes: larger than PY_SSIZE_T_MAX",
            too_large,
        ),
        Case::new(
            A,
            "free a PyMem block with PyObject_Free under the debug hooks",
            "Fatal Python error: _PyMem_DebugRawFree: bad ID: Allocated using API 'm', \
             verified using API 'o'",
            "MemError::Debug",
            "_PyMem_DebugRawFree: bad ID: Allocated using API 'm', verified using API 'o'",
            debug_wrong_domain,
        ),
        Case::new(
            A,
            "PyMem_Malloc without the GIL under the debug hooks",
            "Fatal Python error: _PyMem_DebugMalloc: Python memory allocator called without \
             holding the GIL",
            "MemError::NoGil",
            "_PyMem_DebugMalloc: Python memory allocator called without holding the GIL",
            debug_no_gil,
        ),
        Case::new(
            A,
            "drop an object of interpreter 1 from a run of interpreter 2",
            "refcount written without the owner's GIL (data race; gh-88216 'dragons')",
            "ok",
            "deferred to interpreter 1 (Some((1, 0)) deferred/ran), run there (Some(1) ran); \
             live objects left: 0",
            foreign_decref,
        ),
        Case::new(
            A,
            "use an object of interpreter 1 in interpreter 2",
            "allowed: objects shared across heaps and GILs (isolation broken silently)",
            "BindError::WrongInterpreter",
            "object of interpreter 1 (heap {n}) cannot be used in interpreter 2 (heap {n})",
            bind_foreign,
        ),
        Case::new(
            A,
            "use an object after its interpreter ended",
            "use after free (the arenas are leaked or reused)",
            "BindError::Ended",
            "interpreter 1 has ended; its objects no longer exist",
            bind_after_end,
        ),
        Case::new(
            A,
            "drop an object after its interpreter ended",
            "use after free: decref writes into freed memory",
            "ok",
            "counted no-op, nothing touched (after_close: Some(1))",
            drop_after_end,
        ),
    ]
}

fn foreign_free() -> Outcome {
    let (a, b) = (Heap::new(), Heap::new());
    let p = a.alloc(32).expect("alloc");
    // SAFETY: `p` lies in `a`'s arenas, not `b`'s: `b` only compares it and refuses.
    let got = Outcome::of(unsafe { b.free(p) });
    // SAFETY: a live block of `a`.
    unsafe { a.free(p).expect("the owner frees it") };
    got
}

fn raw_double_free() -> Outcome {
    let h = Heap::new();
    let p = h.alloc(4096).expect("alloc");
    // SAFETY: a live raw block of `h`.
    unsafe { h.free(p).expect("the first free") };
    // SAFETY: raw blocks are outside the heap's arenas, so the pointer is only looked up.
    Outcome::of(unsafe { h.free(p) })
}

fn free_stack_pointer() -> Outcome {
    let h = Heap::new();
    let mut local = 0u64;
    let p = NonNull::from(&mut local).cast::<u8>();
    // SAFETY: a stack address is in no arena; it is only looked up, never dereferenced.
    Outcome::of(unsafe { h.free(p) })
}

fn foreign_realloc() -> Outcome {
    let (a, b) = (Heap::new(), Heap::new());
    let p = a.alloc(32).expect("alloc");
    // SAFETY: `p` is in `a`'s arenas, not `b`'s: `b` refuses without touching it.
    let got = Outcome::of(unsafe { b.realloc(p, 64) });
    // SAFETY: a live block of `a`.
    unsafe { a.free(p).expect("the owner frees it") };
    got
}

fn too_large() -> Outcome {
    Outcome::of(Heap::new().alloc(usize::MAX))
}

fn debug_wrong_domain() -> Outcome {
    let a = Allocators::with_name(AllocatorName::PymallocDebug);
    let h = Heap::new();
    let p = a.malloc(Domain::Mem, Some(&h), 16).expect("alloc");
    // SAFETY: a live MEM block of `a`, freed through OBJ on purpose: the debug hook compares
    // the API id in its header and refuses.
    let got = Outcome::of(unsafe { a.free(Domain::Obj, Some(&h), Some(p)) });
    // SAFETY: the same live MEM block, through its own domain.
    unsafe { a.free(Domain::Mem, Some(&h), Some(p)).expect("free") };
    got
}

fn debug_no_gil() -> Outcome {
    let a = Allocators::with_name(AllocatorName::PymallocDebug);
    Outcome::of(a.malloc(Domain::Mem, None, 10))
}

fn foreign_decref() -> Outcome {
    let rt = rt();
    let (a, b) = (isolated(&rt), isolated(&rt));
    let (base, obj, probe) = a
        .run(|cx| {
            let py = cx.py();
            let probe = py.str("probe").expect("str").unbind();
            let base = py.live_objects();
            (base, py.list_of((1, 2)).expect("list").unbind(), probe)
        })
        .expect("run");
    b.run(move |_| drop(obj)).expect("run in b");
    // Not performed by b: queued to a (its heap's deferral counters say so).
    let queued = probe.defer_stats().map(|s| (s.deferred, s.ran));
    let left = a
        .run(|cx| {
            let py = cx.py();
            subinterp_runtime::check(cx).expect("check");
            py.live_objects() - base
        })
        .expect("run");
    let ran = probe.defer_stats().map(|s| s.ran);
    a.run(move |cx| probe.release(cx.py())).expect("run");
    Outcome::ok(format!(
        "deferred to interpreter 1 ({queued:?} deferred/ran), run there ({ran:?} ran); \
         live objects left: {left}"
    ))
}

fn bind_foreign() -> Outcome {
    let rt = rt();
    let (a, b) = (isolated(&rt), isolated(&rt));
    let obj = a
        .run(|cx| cx.py().str("kept").expect("str").unbind())
        .expect("run");
    let got = b
        .run(|cx| Outcome::of(obj.bind(cx.py()).map(drop)))
        .expect("run");
    a.run(move |cx| obj.release(cx.py())).expect("run");
    got
}

fn bind_after_end() -> Outcome {
    let rt = rt();
    let (a, b) = (isolated(&rt), isolated(&rt));
    let obj = a
        .run(|cx| cx.py().str("kept").expect("str").unbind())
        .expect("run");
    a.end().expect("end");
    b.run(|cx| Outcome::of(obj.bind(cx.py()).map(drop)))
        .expect("run")
}

fn drop_after_end() -> Outcome {
    let rt = rt();
    let a = rt
        .new_interpreter(InterpreterConfig::isolated())
        .expect("create");
    let (obj, probe) = a
        .run(|cx| {
            let py = cx.py();
            let m = import(cx, "__main__").expect("__main__");
            (m.unbind(), py.str("probe").expect("str").unbind())
        })
        .expect("run");
    a.end().expect("end");
    drop(obj);
    let after_close = probe.defer_stats().map(|s| s.after_close);
    drop(probe);
    // The process goes on, and so does the runtime.
    let main = rt.main().expect("main");
    match main.run(|cx| cx.py().int(3).expect("int").as_i64()) {
        Ok(Some(3)) => Outcome::ok(format!(
            "counted no-op, nothing touched (after_close: {after_close:?})"
        )),
        other => Outcome::ok(format!("unexpected: {other:?}")),
    }
}
