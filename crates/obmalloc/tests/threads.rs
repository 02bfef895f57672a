//! Heaps on several threads at once: each thread owns its heap (no locks on the fast path),
//! blocks sent to another thread are refused there with a typed error naming the owner, and a
//! shared heap is usable from several threads under one outside lock (the shared GIL).

use std::ptr::NonNull;
use std::sync::{Arc, Barrier, Mutex};

use subinterp_obmalloc::{FreeError, Heap, HeapId, SharedHeap};

/// A block address that can cross threads (only compared on the other side).
#[derive(Clone, Copy)]
struct Addr(NonNull<u8>);
// SAFETY: the receiving thread never dereferences it; it only hands it to a heap's `free`,
// which compares foreign pointers without touching them.
unsafe impl Send for Addr {}

#[test]
fn per_thread_heaps_refuse_each_others_blocks() {
    const THREADS: usize = 4;
    let barrier = Arc::new(Barrier::new(THREADS));
    let board: Arc<Mutex<Vec<(HeapId, Addr)>>> = Arc::default();
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let (barrier, board) = (barrier.clone(), board.clone());
            std::thread::spawn(move || {
                let heap = Heap::new();
                let mut mine = Vec::new();
                for i in 0..20_000 {
                    let p = heap.alloc(8 + (i * 7 + t) % 500).unwrap();
                    mine.push(p);
                    if i % 3 == 0 {
                        let q = mine.swap_remove((i * 31) % mine.len());
                        // SAFETY: a live block of this heap.
                        unsafe { heap.free(q).unwrap() };
                    }
                }
                board.lock().unwrap().push((heap.id(), Addr(mine[0])));
                barrier.wait();
                // Try to free every other thread's published block: refused, nothing freed.
                let others: Vec<_> = board
                    .lock()
                    .unwrap()
                    .iter()
                    .filter(|(id, _)| *id != heap.id())
                    .copied()
                    .collect();
                assert_eq!(others.len(), THREADS - 1);
                for (owner, Addr(p)) in others {
                    // SAFETY: outside this heap's arenas: only compared.
                    let e = unsafe { heap.free(p) }.unwrap_err();
                    assert_eq!(
                        e,
                        FreeError::Foreign {
                            addr: p.as_ptr().addr(),
                            owner,
                            heap: heap.id()
                        }
                    );
                }
                let live = mine.len();
                barrier.wait(); // nobody closes before every thread has checked
                assert_eq!(heap.allocated_blocks(), live);
                for p in mine {
                    // SAFETY: live blocks of this heap.
                    unsafe { heap.free(p).unwrap() };
                }
                heap.close()
            })
        })
        .collect();
    for h in handles {
        let report = h.join().unwrap();
        assert!(report.is_clean());
    }
}

#[test]
fn a_shared_heap_serialised_by_one_lock() {
    let shared = SharedHeap::new(Heap::new());
    let gil = Arc::new(Mutex::new(()));
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let (shared, gil) = (shared.clone(), gil.clone());
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                for i in 0..5_000 {
                    let _g = gil.lock().unwrap();
                    // SAFETY: every user holds `gil` while using the heap.
                    let heap = unsafe { shared.heap() };
                    mine.push(Addr(heap.alloc(16 + i % 300).unwrap()));
                }
                mine
            })
        })
        .collect();
    let all: Vec<Addr> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let _g = gil.lock().unwrap();
    // SAFETY: we hold `gil`; the blocks were made by other sharers and are freed here.
    let heap = unsafe { shared.heap() };
    assert_eq!(heap.allocated_blocks(), 15_000);
    for Addr(p) in all {
        // SAFETY: live blocks of the shared heap.
        unsafe { heap.free(p).unwrap() };
    }
    assert_eq!(heap.allocated_blocks(), 0);
}
