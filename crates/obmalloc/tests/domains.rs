//! Allocator domains, hooks and debug hooks through the public API (scenarios 48-52 of the
//! CPython obmalloc spec, plus the replace-before-use and LIFO hook rules).

use std::ptr::NonNull;
use std::sync::Arc;

use subinterp_obmalloc::{
    AllocatorName, Allocators, CLEANBYTE, DEADBYTE, DebugOptions, Domain, FORBIDDENBYTE, FreeError,
    Heap, Malloc, MemError, Tracer,
};

/// `n` bytes starting `off` bytes from `p` (which may be negative).
fn peek(p: NonNull<u8>, off: isize, n: usize) -> Vec<u8> {
    // SAFETY: tests only read bytes of blocks (decorations included) that are still mapped:
    // live blocks, or freed pool blocks of a live heap.
    unsafe { std::slice::from_raw_parts(p.as_ptr().offset(off), n).to_vec() }
}

fn debug() -> Allocators {
    Allocators::with_name(AllocatorName::PymallocDebug)
}

#[test]
fn s48_debug_block_layout() {
    let a = debug();
    let heap = Heap::new();
    let p = a.malloc(Domain::Obj, Some(&heap), 16).unwrap();
    assert_eq!(peek(p, -16, 8), 16usize.to_be_bytes());
    assert_eq!(peek(p, -8, 1), [b'o']);
    assert_eq!(peek(p, -7, 7), [FORBIDDENBYTE; 7]);
    assert_eq!(peek(p, 0, 16), [CLEANBYTE; 16]);
    assert_eq!(peek(p, 16, 8), [FORBIDDENBYTE; 8]);
    // The underlying request was 16 + 24 = 40 bytes: one block of class 2 (48 bytes).
    let s = heap.stats();
    assert_eq!((s.classes[0].class, s.classes[0].blocks_in_use), (2, 1));
    // SAFETY: a live OBJ block of `heap`.
    unsafe { a.free(Domain::Obj, Some(&heap), Some(p)).unwrap() };
    assert_eq!(peek(p, -8, 32), [DEADBYTE; 32]);
    assert_ne!(
        peek(p, -16, 8),
        [DEADBYTE; 8],
        "pymalloc's free-list link overwrote it"
    );
}

#[test]
fn s49_debug_thresholds() {
    let a = debug();
    let heap = Heap::new();
    for (n, pooled) in [(488, true), (489, false), (0, true)] {
        let p = a.malloc(Domain::Obj, Some(&heap), n).unwrap();
        // SAFETY: the head of the decorated block.
        let head = unsafe { p.as_ptr().sub(16) };
        assert_eq!(heap.in_arenas(head), pooled, "size {n}");
    }
    assert_eq!(
        heap.stats().classes[0].class,
        1,
        "malloc(0) is a 24-byte block of class 1"
    );
}

#[test]
fn s50_api_mismatch_and_bad_trailing_pad_are_errors_with_cpython_text() {
    let a = debug();
    let heap = Heap::new();
    let p = a.malloc(Domain::Mem, Some(&heap), 16).unwrap();
    // SAFETY: a live MEM block (freed through the wrong domain on purpose: detected).
    let err = unsafe { a.free(Domain::Obj, Some(&heap), Some(p)) }.unwrap_err();
    let MemError::Debug(e) = err else {
        panic!("expected a debug error, got {err:?}")
    };
    assert_eq!(
        e.to_string(),
        "_PyMem_DebugRawFree: bad ID: Allocated using API 'm', verified using API 'o'"
    );
    assert_eq!(
        e.fatal_message(),
        "Fatal Python error: _PyMem_DebugRawFree: bad ID: Allocated using API 'm', verified using API 'o'"
    );
    let lines: Vec<_> = e.dump().lines().collect();
    assert_eq!(
        lines[0],
        format!("Debug memory block at address p={:p}: API 'm'", p.as_ptr())
    );
    assert_eq!(lines[1], "    16 bytes originally requested");
    assert_eq!(
        lines[2],
        "    The 7 pad bytes at p-7 are FORBIDDENBYTE, as expected."
    );
    // SAFETY: computing the tail address of the live block.
    let tail = unsafe { p.as_ptr().add(16) };
    assert_eq!(
        lines[3],
        format!("    The 8 pad bytes at tail={tail:p} are FORBIDDENBYTE, as expected.")
    );
    assert_eq!(
        lines[4],
        format!("    Data at p:{}", " cd".repeat(16)),
        "16 bytes: no ellipsis"
    );
    assert_eq!(lines[5], "");
    assert_eq!(
        lines[6],
        "Enable tracemalloc to get the memory block allocation traceback"
    );
    // Nothing was freed: the block is intact and MEM frees it.
    assert_eq!(peek(p, 0, 16), [CLEANBYTE; 16]);
    assert_eq!(heap.allocated_blocks(), 1);

    // SAFETY: writing one byte past the data, into the trailing guard, on purpose.
    unsafe { p.as_ptr().add(16).write(0x78) };
    // SAFETY: a live MEM block.
    let err = unsafe { a.free(Domain::Mem, Some(&heap), Some(p)) }.unwrap_err();
    let MemError::Debug(e) = err else {
        panic!("expected a debug error")
    };
    assert_eq!(e.to_string(), "_PyMem_DebugRawFree: bad trailing pad byte");
    assert!(e.dump().contains(
        "not all FORBIDDENBYTE (0xfd):\n        at tail+0: 0x78 *** OUCH\n        at tail+1: 0xfd\n"
    ));
    // Repair and free.
    // SAFETY: restoring the guard byte of the live block.
    unsafe { p.as_ptr().add(16).write(FORBIDDENBYTE) };
    // SAFETY: a live MEM block.
    unsafe { a.free(Domain::Mem, Some(&heap), Some(p)).unwrap() };
    assert_eq!(heap.allocated_blocks(), 0);
}

#[test]
fn s50_bad_leading_pad_and_realloc_mismatch() {
    let a = debug();
    let heap = Heap::new();
    let p = a.malloc(Domain::Obj, Some(&heap), 8).unwrap();
    // SAFETY: corrupting the leading guard of a live block on purpose.
    unsafe { p.as_ptr().sub(1).write(0) };
    // SAFETY: a live OBJ block.
    let e = unsafe { a.realloc(Domain::Obj, Some(&heap), Some(p), 100) }.unwrap_err();
    assert_eq!(
        e.to_string(),
        "_PyMem_DebugRawRealloc: bad leading pad byte"
    );
    // SAFETY: repairing it.
    unsafe { p.as_ptr().sub(1).write(FORBIDDENBYTE) };
    // SAFETY: a live OBJ block, realloc'd through MEM on purpose.
    let e = unsafe { a.realloc(Domain::Mem, Some(&heap), Some(p), 100) }.unwrap_err();
    assert_eq!(
        e.to_string(),
        "_PyMem_DebugRawRealloc: bad ID: Allocated using API 'o', verified using API 'm'"
    );
    // SAFETY: a live OBJ block: grows, keeps data, fills the new bytes with CLEANBYTE.
    let q = unsafe {
        p.as_ptr().write_bytes(7, 8);
        a.realloc(Domain::Obj, Some(&heap), Some(p), 100).unwrap()
    };
    assert_eq!(peek(q, 0, 8), [7; 8]);
    assert_eq!(peek(q, 8, 92), [CLEANBYTE; 92]);
    assert_eq!(peek(q, 100, 8), [FORBIDDENBYTE; 8]);
    // SAFETY: a live OBJ block.
    unsafe { a.free(Domain::Obj, Some(&heap), Some(q)).unwrap() };
}

#[test]
fn s51_debug_hooks_check_the_gil_except_for_raw() {
    let a = debug();
    let e = a.malloc(Domain::Mem, None, 10).unwrap_err();
    assert_eq!(
        e.to_string(),
        "_PyMem_DebugMalloc: Python memory allocator called without holding the GIL"
    );
    let e = a.calloc(Domain::Obj, None, 1, 10).unwrap_err();
    assert_eq!(
        e.to_string(),
        "_PyMem_DebugCalloc: Python memory allocator called without holding the GIL"
    );
    let p = a.malloc(Domain::Raw, None, 10).unwrap();
    assert_eq!(peek(p, -8, 1), [b'r']);
    // SAFETY: a live RAW block.
    unsafe { a.free(Domain::Raw, None, Some(p)).unwrap() };
}

#[test]
fn s52_release_mode_mixing() {
    let a = Allocators::new();
    let heap = Heap::new();
    let p = a.malloc(Domain::Mem, Some(&heap), 40).unwrap();
    // SAFETY: MEM and OBJ share pymalloc and the heap, so this works silently, as in CPython.
    unsafe { a.free(Domain::Obj, Some(&heap), Some(p)).unwrap() };
    // A RAW block freed through OBJ: CPython hands it to libc and drifts the count; here the
    // heap refuses it and nothing is freed.
    let r = a.malloc(Domain::Raw, None, 40).unwrap();
    // SAFETY: `r` is outside the heap's arenas: only compared.
    let e = unsafe { a.free(Domain::Obj, Some(&heap), Some(r)) }.unwrap_err();
    assert!(matches!(e, MemError::Free(FreeError::NotAllocated { .. })));
    assert_eq!(heap.allocated_blocks(), 0);
    // SAFETY: a live RAW block.
    unsafe { a.free(Domain::Raw, None, Some(r)).unwrap() };
}

#[test]
fn foreign_free_under_debug_hooks_loses_nothing() {
    let a = debug();
    let (h1, h2) = (Heap::new(), Heap::new());
    let p = a.malloc(Domain::Obj, Some(&h1), 32).unwrap();
    // SAFETY: the block is outside h2's arenas: refused before anything is freed.
    let e = unsafe { a.free(Domain::Obj, Some(&h2), Some(p)) }.unwrap_err();
    assert!(matches!(e, MemError::Free(FreeError::Foreign { .. })));
    assert_eq!(peek(p, -8, 1), [b'o'], "decorations restored");
    assert_eq!(peek(p, 0, 32), [CLEANBYTE; 32]);
    // SAFETY: a live OBJ block of h1.
    unsafe { a.free(Domain::Obj, Some(&h1), Some(p)).unwrap() };
}

#[test]
fn serial_numbers_appear_in_dumps() {
    let a = Allocators::new();
    a.setup_debug_hooks(DebugOptions { serialno: true })
        .unwrap();
    let heap = Heap::new();
    let _first = a.malloc(Domain::Obj, Some(&heap), 4).unwrap();
    let p = a.malloc(Domain::Obj, Some(&heap), 4).unwrap();
    // SAFETY: a live OBJ block freed through MEM on purpose.
    let e = unsafe { a.free(Domain::Mem, Some(&heap), Some(p)) }.unwrap_err();
    assert!(
        e.to_string()
            .ends_with("bad ID: Allocated using API 'o', verified using API 'm'")
    );
    let MemError::Debug(e) = e else {
        panic!("expected a debug error")
    };
    assert!(
        e.dump()
            .contains("    The block was made by call #2 to debug malloc/realloc.\n")
    );
    assert!(e.dump().contains("    Data at p: cd cd cd cd\n"));
    let q = a.malloc(Domain::Obj, Some(&heap), 40).unwrap();
    // SAFETY: a live OBJ block freed through RAW on purpose.
    let e = unsafe { a.free(Domain::Raw, None, Some(q)) }.unwrap_err();
    let MemError::Debug(e) = e else {
        panic!("expected a debug error")
    };
    assert!(e.dump().contains(&format!(
        "    Data at p:{} ...{}\n",
        " cd".repeat(8),
        " cd".repeat(8)
    )));
}

#[test]
fn allocators_replace_before_use_and_hook_at_any_time() {
    let a = Allocators::new();
    assert_eq!(a.current_name().as_deref(), Some("pymalloc"));
    a.set_allocator(Domain::Mem, Arc::new(Malloc)).unwrap();
    assert_eq!(a.current_name(), None, "a mixed table has no CPython name");
    let p = a.malloc(Domain::Mem, None, 10).unwrap();
    let e = a.set_allocator(Domain::Obj, Arc::new(Malloc)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the obj allocator cannot be replaced after first use; install a hook instead"
    );
    assert!(a.setup_debug_hooks(DebugOptions::default()).is_err());
    let heap = Heap::new();
    let tracer = Tracer::start(&a);
    assert_eq!(a.hook_depth(Domain::Obj), 1);
    let q = a.malloc(Domain::Obj, Some(&heap), 300).unwrap();
    // SAFETY: live blocks of their domains; `p` predates the tracer and frees fine.
    unsafe {
        let q = a.realloc(Domain::Obj, Some(&heap), Some(q), 600).unwrap();
        assert_eq!(tracer.trace_of(q), Some((Domain::Obj, 600)));
        a.free(Domain::Mem, None, Some(p)).unwrap();
        a.free(Domain::Obj, Some(&heap), Some(q)).unwrap();
    }
    let t = tracer.stop(&a).unwrap();
    assert_eq!((t.blocks, t.current, t.peak), (0, 0, 600));
    assert_eq!(a.hook_depth(Domain::Obj), 0);
    let e = a.pop_hook(Domain::Obj).err().map(|e| e.to_string());
    assert_eq!(e.as_deref(), Some("no hook to remove from the obj domain"));
}

#[test]
fn tracer_stop_respects_lifo() {
    let a = Allocators::new();
    let t = Tracer::start(&a);
    a.push_hook(Domain::Raw, |_inner| Arc::new(Malloc));
    let (t, e) = t.stop(&a).unwrap_err();
    assert!(matches!(
        e,
        MemError::NoHook {
            domain: Domain::Raw
        }
    ));
    a.pop_hook(Domain::Raw).unwrap();
    assert!(t.stop(&a).is_ok());
    assert_eq!(a.current_name().as_deref(), Some("pymalloc"));
}

#[test]
fn names_and_pythonmalloc_values() {
    for (s, name) in [
        ("", Some("pymalloc")),
        ("default", Some("pymalloc")),
        ("debug", Some("pymalloc_debug")),
        ("pymalloc_debug", Some("pymalloc_debug")),
        ("malloc", Some("malloc")),
        ("malloc_debug", Some("malloc_debug")),
    ] {
        let a = Allocators::with_name(s.parse().unwrap());
        assert_eq!(a.current_name().as_deref(), name, "{s}");
        assert_eq!(a.is_debug_enabled(), s.contains("debug"));
    }
    for bad in ["mimalloc", "jemalloc"] {
        let e = bad.parse::<AllocatorName>().unwrap_err();
        assert_eq!(e.to_string(), "PYTHONMALLOC: unknown allocator");
    }
}

#[test]
fn size_limits_are_checked_before_the_allocator() {
    let a = Allocators::new();
    assert!(a.malloc(Domain::Raw, None, usize::MAX).is_err());
    assert!(a.calloc(Domain::Raw, None, usize::MAX / 2, 4).is_err());
    let p = a.calloc(Domain::Raw, None, 0, 5).unwrap();
    // SAFETY: a live RAW block.
    unsafe { a.free(Domain::Raw, None, Some(p)).unwrap() };
    // SAFETY: freeing nothing is a no-op.
    unsafe { a.free(Domain::Raw, None, None).unwrap() };
}

#[test]
fn s22_realloc_of_null_is_malloc() {
    let a = Allocators::new();
    let heap = Heap::new();
    for (n, pooled) in [(0usize, false), (100, true), (600, false)] {
        // SAFETY: no old block.
        let p = unsafe { a.realloc(Domain::Obj, Some(&heap), None, n) }.unwrap();
        assert_eq!(heap.in_arenas(p.as_ptr()), pooled, "size {n}");
        assert!(heap.owns(p.as_ptr()));
    }
    assert_eq!(heap.allocated_blocks(), 3);
}
