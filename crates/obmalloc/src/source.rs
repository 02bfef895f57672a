//! Where a heap's memory comes from: the arena source (CPython's `PyObjectArenaAllocator`,
//! `_PyObject_Arena`) plus the raw blocks that sizes 0 and over 512 fall back to.
//!
//! [`OsSource`] maps arenas with `mmap` and serves raw blocks from the system allocator.
//! Sources are injectable so tests can fix arena alignment (deterministic stats) and inject
//! failures (see [`FailingSource`](crate::FailingSource)).

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::geometry::{ARENA_SIZE, SYSTEM_PAGE_SIZE};

/// Supplier of arenas and raw blocks for a [`Heap`](crate::Heap).
///
/// Arena requests always ask for [`ARENA_SIZE`] bytes. Raw requests come with a [`Layout`]
/// whose alignment is [`ALIGNMENT`](crate::geometry::ALIGNMENT) and whose size is at least 1.
/// The raw methods default to the system allocator.
///
/// # Safety
///
/// Implementors promise that:
/// - `alloc_arena(size)` returns either `None` or a pointer to `size` readable and writable bytes,
///   aligned to [`SYSTEM_PAGE_SIZE`], that nothing else uses until `free_arena` is called on it;
/// - `alloc_raw`/`realloc_raw` return memory valid for the layout (zeroed when asked), with the
///   same exclusivity, and `realloc_raw` keeps the old block valid when it returns `None`;
/// - no method calls back into a heap that uses this source (heaps are not reentrant).
pub unsafe trait ArenaSource: Send + Sync + 'static {
    /// Obtain one arena of `size` bytes, or `None` when memory is exhausted.
    fn alloc_arena(&self, size: usize) -> Option<NonNull<u8>>;

    /// Give back an arena obtained from [`alloc_arena`](Self::alloc_arena).
    ///
    /// # Safety
    ///
    /// `arena` came from `self.alloc_arena(size)` with the same `size` and was not freed yet;
    /// nothing uses its memory any more.
    unsafe fn free_arena(&self, arena: NonNull<u8>, size: usize);

    /// Obtain a raw block for `layout` (zeroed if `zeroed`), or `None` when memory is exhausted.
    fn alloc_raw(&self, layout: Layout, zeroed: bool) -> Option<NonNull<u8>> {
        // SAFETY: the heap only asks for layouts of non-zero size.
        let p = unsafe {
            if zeroed {
                System.alloc_zeroed(layout)
            } else {
                System.alloc(layout)
            }
        };
        NonNull::new(p)
    }

    /// Resize a raw block; on `None` the old block is untouched.
    ///
    /// # Safety
    ///
    /// `ptr` came from this source's `alloc_raw`/`realloc_raw` with `layout`, is live, and
    /// `new_size` is non-zero and valid for `layout.align()`.
    unsafe fn realloc_raw(
        &self,
        ptr: NonNull<u8>,
        layout: Layout,
        new_size: usize,
    ) -> Option<NonNull<u8>> {
        // SAFETY: forwarded contract of this function.
        NonNull::new(unsafe { System.realloc(ptr.as_ptr(), layout, new_size) })
    }

    /// Free a raw block.
    ///
    /// # Safety
    ///
    /// `ptr` came from this source's `alloc_raw`/`realloc_raw` with `layout` and is live.
    unsafe fn free_raw(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: forwarded contract of this function.
        unsafe { System.dealloc(ptr.as_ptr(), layout) }
    }
}

/// Arenas from anonymous private `mmap`, returned with `munmap` (CPython's `_PyMem_ArenaAlloc`).
///
/// By default arenas are placed at an `ARENA_SIZE`-aligned address plus a fixed offset of 0, so
/// no pool is lost to alignment (CPython's plain `mmap` usually loses one pool of 64).
/// [`OsSource::with_offset`] fixes another offset (tests use 4096 to get CPython's usual
/// misaligned layout deterministically); [`OsSource::plain`] is exactly CPython's one `mmap`.
#[derive(Debug)]
pub struct OsSource {
    /// Byte offset of every arena from an ARENA_SIZE boundary, or `None` for plain mmap.
    offset: Option<usize>,
    /// Next address to try first, so the common case is one `mmap` instead of three syscalls.
    hint: AtomicUsize,
}

impl Default for OsSource {
    fn default() -> Self {
        OsSource::new()
    }
}

impl OsSource {
    /// Arenas aligned to `ARENA_SIZE` (no pool lost to alignment).
    pub const fn new() -> OsSource {
        OsSource {
            offset: Some(0),
            hint: AtomicUsize::new(0),
        }
    }

    /// Arenas at `offset` bytes past an `ARENA_SIZE` boundary. The offset is taken modulo
    /// `ARENA_SIZE` and rounded down to a multiple of [`SYSTEM_PAGE_SIZE`].
    pub const fn with_offset(offset: usize) -> OsSource {
        let off = (offset % ARENA_SIZE) / SYSTEM_PAGE_SIZE * SYSTEM_PAGE_SIZE;
        OsSource {
            offset: Some(off),
            hint: AtomicUsize::new(0),
        }
    }

    /// One plain `mmap` per arena at whatever address the kernel picks, as CPython does.
    pub const fn plain() -> OsSource {
        OsSource {
            offset: None,
            hint: AtomicUsize::new(0),
        }
    }

    fn map(len: usize, at: usize) -> Option<NonNull<u8>> {
        // SAFETY: an anonymous private mapping with a hint address (no MAP_FIXED) never touches
        // existing mappings.
        let p = unsafe {
            libc::mmap(
                at as *mut libc::c_void,
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            None
        } else {
            NonNull::new(p.cast::<u8>())
        }
    }

    /// # Safety
    ///
    /// `[p, p+len)` is a page-aligned range inside a mapping this source made and owns.
    unsafe fn unmap(p: *mut u8, len: usize) {
        if len == 0 {
            return;
        }
        // SAFETY: forwarded contract; munmap of an owned range cannot affect other memory.
        unsafe { libc::munmap(p.cast(), len) };
    }

    fn alloc_placed(&self, off: usize, size: usize) -> Option<NonNull<u8>> {
        let hint = self.hint.load(Ordering::Relaxed);
        if hint != 0
            && let Some(p) = Self::map(size, hint)
        {
            if p.as_ptr().addr() == hint {
                self.hint
                    .store(hint.wrapping_sub(ARENA_SIZE), Ordering::Relaxed);
                return Some(p);
            }
            // SAFETY: we just mapped [p, p+size) and nobody has seen it.
            unsafe { Self::unmap(p.as_ptr(), size) };
        }
        // Over-map by one arena, keep the placed window, return the rest.
        let span = size + ARENA_SIZE;
        let big = Self::map(span, 0)?.as_ptr();
        let start = big.addr();
        let want = ((start + ARENA_SIZE - 1 - off) & !(ARENA_SIZE - 1)) + off;
        let want = if want < start {
            want + ARENA_SIZE
        } else {
            want
        };
        let head = want - start;
        let tail = span - head - size;
        // SAFETY: head and tail are page multiples inside the mapping we just made.
        unsafe {
            Self::unmap(big, head);
            Self::unmap(big.add(head + size), tail);
        }
        self.hint
            .store(want.wrapping_sub(ARENA_SIZE), Ordering::Relaxed);
        // SAFETY: `head < span`, so the pointer stays inside the original mapping.
        NonNull::new(unsafe { big.add(head) })
    }
}

// SAFETY: arenas are fresh private anonymous mappings of `size` bytes, page-aligned, owned by
// the caller until `free_arena` unmaps exactly that range; raw blocks use the system allocator.
unsafe impl ArenaSource for OsSource {
    fn alloc_arena(&self, size: usize) -> Option<NonNull<u8>> {
        if size == 0 {
            return None;
        }
        match self.offset {
            None => Self::map(size, 0),
            Some(off) => self.alloc_placed(off, size),
        }
    }

    unsafe fn free_arena(&self, arena: NonNull<u8>, size: usize) {
        // SAFETY: the caller gives back a mapping of `size` bytes that this source made.
        unsafe { Self::unmap(arena.as_ptr(), size) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placed_arenas_have_the_requested_offset() {
        for off in [0usize, 4096, 12288, ARENA_SIZE - 4096] {
            let s = OsSource::with_offset(off);
            let a = s.alloc_arena(ARENA_SIZE).expect("mmap");
            let b = s.alloc_arena(ARENA_SIZE).expect("mmap");
            assert_eq!(a.as_ptr().addr() % ARENA_SIZE, off);
            assert_eq!(b.as_ptr().addr() % ARENA_SIZE, off);
            // SAFETY: both are fresh arenas of ARENA_SIZE bytes from `s`.
            unsafe {
                a.as_ptr().write(1);
                a.as_ptr().add(ARENA_SIZE - 1).write(2);
                s.free_arena(a, ARENA_SIZE);
                s.free_arena(b, ARENA_SIZE);
            }
        }
    }

    #[test]
    fn plain_is_page_aligned() {
        let s = OsSource::plain();
        let a = s.alloc_arena(ARENA_SIZE).expect("mmap");
        assert_eq!(a.as_ptr().addr() % SYSTEM_PAGE_SIZE, 0);
        // SAFETY: fresh arena from `s`.
        unsafe { s.free_arena(a, ARENA_SIZE) };
    }
}
