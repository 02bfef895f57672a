//! Raw blocks of a heap: requests of 0 or over 512 bytes and pool fallbacks, served by the
//! source's raw allocator (CPython's `PyMem_RawMalloc` path) and tracked per heap, so a heap can
//! tell its raw blocks from foreign or already freed pointers and free them all when it ends.

use std::alloc::Layout;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ptr::NonNull;

use crate::error::AllocError;
use crate::geometry::ALIGNMENT;
use crate::state::State;

/// A hasher for addresses: one folded multiply, so every bit of the address matters. Shared by
/// every address-keyed table of the workspace (raw blocks here, tracked objects in the object
/// crate, the eval loop's constant cache).
#[derive(Default, Debug, Clone, Copy)]
pub struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(self.0.rotate_left(8) ^ u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let m = u128::from(n ^ self.0).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835);
        self.0 = (m as u64) ^ ((m >> 64) as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Live raw blocks: address → (pointer, requested size at least 1).
#[derive(Default)]
pub(crate) struct RawBlocks {
    map: HashMap<usize, (NonNull<u8>, usize), BuildHasherDefault<AddrHasher>>,
    bytes: usize,
}

impl RawBlocks {
    /// `raw_allocated_blocks`.
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    /// Bytes requested by live raw blocks.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    /// Size of the live raw block at `addr`.
    pub(crate) fn size_of(&self, addr: usize) -> Option<usize> {
        self.map.get(&addr).map(|&(_, size)| size)
    }
}

/// The layout of a raw block of `size` bytes: zero becomes one (a distinct non-null pointer, as
/// `_PyMem_RawMalloc` does), alignment is [`ALIGNMENT`].
fn layout(size: usize) -> Result<Layout, AllocError> {
    if size > isize::MAX as usize {
        return Err(AllocError::TooLarge { size });
    }
    Layout::from_size_align(size.max(1), ALIGNMENT).map_err(|_| AllocError::TooLarge { size })
}

impl State {
    /// Allocate a raw block (`PyMem_RawMalloc`/`Calloc` + `raw_allocated_blocks++`).
    #[cold]
    #[inline(never)]
    pub(crate) fn raw_alloc(
        &mut self,
        size: usize,
        zeroed: bool,
    ) -> Result<NonNull<u8>, AllocError> {
        let l = layout(size)?;
        self.raw
            .map
            .try_reserve(1)
            .map_err(|_| AllocError::OutOfMemory { size })?;
        let p = self
            .source
            .alloc_raw(l, zeroed)
            .ok_or(AllocError::OutOfMemory { size })?;
        self.raw.map.insert(p.as_ptr().addr(), (p, l.size()));
        self.raw.bytes += l.size();
        Ok(p)
    }

    /// Free the raw block at `p` if it is one of ours; `false` (and nothing freed) otherwise.
    pub(crate) fn raw_free(&mut self, p: NonNull<u8>) -> bool {
        let Some((_, size)) = self.raw.map.remove(&p.as_ptr().addr()) else {
            return false;
        };
        self.raw.bytes -= size;
        // SAFETY: the map only holds live blocks from this source, recorded with this size.
        unsafe {
            self.source
                .free_raw(p, Layout::from_size_align_unchecked(size, ALIGNMENT))
        };
        true
    }

    /// Resize our raw block at `p` (which stays raw, as in CPython); on error it is untouched.
    ///
    /// # Safety
    ///
    /// `old` is the recorded size of the live raw block `p`.
    pub(crate) unsafe fn raw_realloc(
        &mut self,
        p: NonNull<u8>,
        old: usize,
        new_size: usize,
    ) -> Result<NonNull<u8>, AllocError> {
        let new = layout(new_size)?.size();
        // SAFETY: `old` is the size this block was recorded with, valid with ALIGNMENT.
        let old_layout = unsafe { Layout::from_size_align_unchecked(old, ALIGNMENT) };
        // SAFETY: `p` is a live raw block of this source with `old_layout`; `new` is non-zero
        // and was validated with ALIGNMENT.
        let q = unsafe { self.source.realloc_raw(p, old_layout, new) }
            .ok_or(AllocError::OutOfMemory { size: new_size })?;
        self.raw.map.remove(&p.as_ptr().addr());
        // The removal left room, so this insert does not allocate.
        self.raw.map.insert(q.as_ptr().addr(), (q, new));
        self.raw.bytes = self.raw.bytes - old + new;
        Ok(q)
    }

    /// Free every raw block (heap end); returns how many there were.
    pub(crate) fn release_all_raw(&mut self) -> usize {
        let map = std::mem::take(&mut self.raw.map);
        let n = map.len();
        for (p, size) in map.into_values() {
            // SAFETY: the map holds live blocks from this source, recorded with this size.
            unsafe {
                self.source
                    .free_raw(p, Layout::from_size_align_unchecked(size, ALIGNMENT))
            };
        }
        self.raw.bytes = 0;
        n
    }
}
