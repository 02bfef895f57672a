//! Adapters that let Rust collections live in a [`Heap`]: the stable `allocator-api2`
//! [`Allocator`] trait (so `allocator_api2::vec::Vec::new_in(&heap)` works) and [`GlobalAlloc`]
//! (for generic code such as [`workload`](crate::workload)).
//!
//! Both serve layouts aligned to at most [`ALIGNMENT`] (16); a larger alignment is refused
//! (`AllocError` / null), since blocks are 16-byte aligned and raw blocks are tracked by size.

use std::alloc::{GlobalAlloc, Layout};
use std::ptr::{self, NonNull};

use allocator_api2::alloc::{AllocError, Allocator};

use crate::Heap;
use crate::geometry::ALIGNMENT;

// SAFETY: blocks come from `Heap::alloc`/`realloc`, which return distinct live blocks of at
// least the requested size, aligned to 16 (and we refuse larger alignments); they stay valid
// until freed or until the heap ends, and `&Heap` borrows keep the heap alive meanwhile.
unsafe impl Allocator for Heap {
    #[inline]
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        if layout.align() > ALIGNMENT {
            return Err(AllocError);
        }
        let p = self.alloc(layout.size()).map_err(|_| AllocError)?;
        Ok(NonNull::slice_from_raw_parts(p, layout.size()))
    }

    #[inline]
    fn allocate_zeroed(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        if layout.align() > ALIGNMENT {
            return Err(AllocError);
        }
        let p = self.calloc(1, layout.size()).map_err(|_| AllocError)?;
        Ok(NonNull::slice_from_raw_parts(p, layout.size()))
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: NonNull<u8>, _layout: Layout) {
        // SAFETY: the caller passes a live block allocated by this heap. A refused free (which
        // that contract excludes) leaks the block rather than panicking.
        let _ = unsafe { self.free(ptr) };
    }

    unsafe fn grow(
        &self,
        ptr: NonNull<u8>,
        _old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        if new.align() > ALIGNMENT {
            return Err(AllocError);
        }
        // SAFETY: a live block of this heap (caller's contract); realloc keeps the old bytes.
        let p = unsafe { self.realloc(ptr, new.size()) }.map_err(|_| AllocError)?;
        Ok(NonNull::slice_from_raw_parts(p, new.size()))
    }

    unsafe fn grow_zeroed(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: forwarded contract.
        let p = unsafe { self.grow(ptr, old, new) }?;
        // SAFETY: the new block has `new.size() >= old.size()` bytes.
        unsafe {
            p.cast::<u8>()
                .as_ptr()
                .add(old.size())
                .write_bytes(0, new.size() - old.size());
        }
        Ok(p)
    }

    unsafe fn shrink(
        &self,
        ptr: NonNull<u8>,
        _old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        if new.align() > ALIGNMENT {
            return Err(AllocError);
        }
        // SAFETY: a live block of this heap (caller's contract).
        let p = unsafe { self.realloc(ptr, new.size()) }.map_err(|_| AllocError)?;
        Ok(NonNull::slice_from_raw_parts(p, new.size()))
    }
}

// SAFETY: as for `Allocator` above; null is returned for refused layouts and failures, and
// `dealloc` of a block this heap refuses leaks it instead of unwinding.
unsafe impl GlobalAlloc for Heap {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > ALIGNMENT {
            return ptr::null_mut();
        }
        Heap::alloc(self, layout.size()).map_or(ptr::null_mut(), NonNull::as_ptr)
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        if let Some(p) = NonNull::new(ptr) {
            // SAFETY: the caller passes a block this heap allocated.
            let _ = unsafe { self.free(p) };
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() > ALIGNMENT {
            return ptr::null_mut();
        }
        self.calloc(1, layout.size())
            .map_or(ptr::null_mut(), NonNull::as_ptr)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Some(p) = NonNull::new(ptr) else {
            return ptr::null_mut(); // GlobalAlloc::realloc never receives null
        };
        if layout.align() > ALIGNMENT {
            return ptr::null_mut();
        }
        // SAFETY: the caller passes a live block of this heap.
        let q = unsafe { Heap::realloc(self, p, new_size) };
        q.map_or(ptr::null_mut(), NonNull::as_ptr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use allocator_api2::vec::Vec;

    #[test]
    fn collections_live_in_a_heap() {
        let heap = Heap::new();
        {
            let mut v: Vec<u64, &Heap> = Vec::new_in(&heap);
            for i in 0..10_000 {
                v.push(i);
            }
            assert_eq!(v.iter().sum::<u64>(), 10_000 * 9_999 / 2);
            assert!(heap.owns(v.as_ptr().cast()));
            v.truncate(3);
            v.shrink_to_fit();
            assert_eq!(&v[..], &[0, 1, 2]);
            assert!(
                !heap.in_arenas(v.as_ptr().cast()),
                "a raw block stays raw, as in CPython"
            );
            assert!(heap.owns(v.as_ptr().cast()));
            let small: Vec<u8, &Heap> = Vec::with_capacity_in(24, &heap);
            assert!(
                heap.in_arenas(small.as_ptr()),
                "a 24-byte buffer lives in a pool"
            );
        }
        assert_eq!(heap.allocated_blocks(), 0);
        let mut b = allocator_api2::boxed::Box::new_in([7u8; 100], &heap);
        b[0] = 1;
        assert_eq!(heap.allocated_blocks(), 1);
    }

    #[test]
    fn over_aligned_layouts_are_refused() {
        let heap = Heap::new();
        let l = Layout::from_size_align(64, 64).unwrap();
        assert_eq!(Allocator::allocate(&heap, l), Err(AllocError));
        // SAFETY: a valid layout; null comes back for refused alignment.
        assert!(unsafe { GlobalAlloc::alloc(&heap, l) }.is_null());
        assert_eq!(heap.allocated_blocks(), 0);
    }
}
