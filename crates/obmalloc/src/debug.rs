//! Debug hooks (`_PyMem_DebugRawAlloc`, `_PyMem_DebugRawFree`, `_PyMem_DebugRawRealloc`,
//! `_PyMem_DebugCheckAddress`, `_PyObject_DebugDumpAddress`): each block carries its size, the
//! API id of its domain and forbidden-byte guards (and optionally a serial number); fresh bytes
//! are `0xCD`, freed bytes `0xDD`. A failed check comes back as a [`DebugError`] with CPython's
//! text instead of aborting, and nothing is freed.
//!
//! Layout with `S = 8`: `[size: S, big-endian][api id][S-1 × 0xFD] data [S × 0xFD][serial: S]`;
//! the serial number is present only with [`DebugOptions::serialno`].

use std::fmt::Write as _;
use std::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Heap;
use crate::domain::{Domain, DomainAllocator};
use crate::error::{AllocError, DebugError, MemError};

/// `sizeof(size_t)`.
const S: usize = size_of::<usize>();
/// `PYMEM_CLEANBYTE`: fresh data.
pub const CLEANBYTE: u8 = 0xCD;
/// `PYMEM_DEADBYTE`: freed blocks.
pub const DEADBYTE: u8 = 0xDD;
/// `PYMEM_FORBIDDENBYTE`: the guards around the data.
pub const FORBIDDENBYTE: u8 = 0xFD;

/// Options of the debug hooks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DebugOptions {
    /// Store a serial number after the trailing guard (`PYMEM_DEBUG_SERIALNO`).
    pub serialno: bool,
}

/// A debug hook wrapping one domain's allocator.
pub(crate) struct DebugHook {
    domain: Domain,
    inner: Arc<dyn DomainAllocator>,
    opts: DebugOptions,
    /// `serialno`, shared by the three domains.
    serial: Arc<AtomicUsize>,
}

impl DebugHook {
    pub(crate) fn new(
        domain: Domain,
        inner: Arc<dyn DomainAllocator>,
        opts: DebugOptions,
        serial: Arc<AtomicUsize>,
    ) -> DebugHook {
        DebugHook {
            domain,
            inner,
            opts,
            serial,
        }
    }

    /// `PYMEM_DEBUG_EXTRA_BYTES`.
    fn extra(&self) -> usize {
        if self.opts.serialno { 4 * S } else { 3 * S }
    }

    /// The GIL check of the MEM/OBJ debug functions (RAW is exempt).
    fn gil(&self, heap: Option<&Heap>, func: &'static str) -> Result<(), MemError> {
        if self.domain != Domain::Raw && heap.is_none() {
            return Err(MemError::NoGil { func });
        }
        Ok(())
    }

    fn total(&self, size: usize) -> Result<usize, MemError> {
        size.checked_add(self.extra())
            .filter(|&t| t <= isize::MAX as usize)
            .ok_or(MemError::Alloc(AllocError::TooLarge { size }))
    }

    /// Write the decorations around `size` data bytes at `head + 2S`; returns the data pointer.
    ///
    /// # Safety
    ///
    /// `head` is a live block of at least `size + extra()` bytes.
    unsafe fn decorate(
        &self,
        head: NonNull<u8>,
        size: usize,
        fill_from: Option<usize>,
    ) -> NonNull<u8> {
        let h = head.as_ptr();
        // SAFETY: every write is inside `[h, h + size + extra())` (contract).
        unsafe {
            h.cast::<[u8; S]>().write_unaligned(size.to_be_bytes());
            h.add(S).write(self.domain.api_id());
            h.add(S + 1).write_bytes(FORBIDDENBYTE, S - 1);
            let data = h.add(2 * S);
            if let Some(from) = fill_from.filter(|&f| f < size) {
                data.add(from).write_bytes(CLEANBYTE, size - from);
            }
            let tail = data.add(size);
            tail.write_bytes(FORBIDDENBYTE, S);
            if self.opts.serialno {
                let n = self.serial.fetch_add(1, Ordering::Relaxed) + 1;
                tail.add(S)
                    .cast::<[u8; S]>()
                    .write_unaligned(n.to_be_bytes());
            }
            NonNull::new_unchecked(data)
        }
    }

    /// `_PyMem_DebugCheckAddress`: API id, then leading pad, then trailing pad.
    ///
    /// # Safety
    ///
    /// `p` was returned by a debug hook (of any domain) and its header is readable.
    unsafe fn check(&self, func: &'static str, p: NonNull<u8>) -> Result<usize, DebugError> {
        let q = p.as_ptr();
        let fail = |message: String| DebugError {
            func,
            message,
            // SAFETY: as for `check`.
            dump: unsafe { self.dump(p) },
        };
        // SAFETY: the header (2S bytes before `p`) is readable (contract).
        let (id, lead_ok, size) = unsafe {
            (
                *q.sub(S),
                (1..S).all(|i| *q.sub(i) == FORBIDDENBYTE),
                usize::from_be_bytes(q.sub(2 * S).cast::<[u8; S]>().read_unaligned()),
            )
        };
        let api = self.domain.api_id();
        if id != api {
            return Err(fail(format!(
                "bad ID: Allocated using API '{}', verified using API '{}'",
                char::from(id),
                char::from(api)
            )));
        }
        if !lead_ok {
            return Err(fail("bad leading pad byte".into()));
        }
        // SAFETY: the header is intact, so `size` is the block's and the tail is in bounds.
        let tail_ok = (0..S).all(|i| unsafe { *q.add(size + i) } == FORBIDDENBYTE);
        if !tail_ok {
            return Err(fail("bad trailing pad byte".into()));
        }
        Ok(size)
    }

    /// `_PyObject_DebugDumpAddress(p)` as text. Unlike CPython, the trailing pad and data are not
    /// read when the leading pad is corrupt (the size may be bogus; CPython may segfault there).
    ///
    /// # Safety
    ///
    /// As for [`check`](Self::check).
    unsafe fn dump(&self, p: NonNull<u8>) -> String {
        let q = p.as_ptr();
        let mut out = String::new();
        // SAFETY: the header is readable (contract).
        let (id, size) = unsafe {
            (
                *q.sub(S),
                usize::from_be_bytes(q.sub(2 * S).cast::<[u8; S]>().read_unaligned()),
            )
        };
        let _ = writeln!(
            out,
            "Debug memory block at address p={q:p}: API '{}'",
            char::from(id)
        );
        let _ = writeln!(out, "    {size} bytes originally requested");
        let _ = write!(out, "    The {} pad bytes at p-{} are ", S - 1, S - 1);
        // SAFETY: as above.
        let lead: Vec<u8> = (1..S).map(|i| unsafe { *q.sub(i) }).collect();
        if lead.iter().all(|&b| b == FORBIDDENBYTE) {
            out.push_str("FORBIDDENBYTE, as expected.\n");
        } else {
            let _ = writeln!(out, "not all FORBIDDENBYTE (0x{FORBIDDENBYTE:02x}):");
            for i in (1..S).rev() {
                let b = lead[i - 1];
                let _ = write!(out, "        at p-{i}: 0x{b:02x}");
                if b != FORBIDDENBYTE {
                    out.push_str(" *** OUCH");
                }
                out.push('\n');
            }
            out.push_str(
                "    Because memory is corrupted at the start, the count of bytes requested\n       \
                 may be bogus, and checking the trailing pad bytes may segfault.\n",
            );
            out.push('\n');
            out.push_str("Enable tracemalloc to get the memory block allocation traceback\n\n");
            return out;
        }
        // SAFETY: the leading pad is intact, so the size is trusted as in CPython.
        let tail = unsafe { q.add(size) };
        let _ = write!(out, "    The {S} pad bytes at tail={tail:p} are ");
        // SAFETY: as above.
        let trail: Vec<u8> = (0..S).map(|i| unsafe { *tail.add(i) }).collect();
        if trail.iter().all(|&b| b == FORBIDDENBYTE) {
            out.push_str("FORBIDDENBYTE, as expected.\n");
        } else {
            let _ = writeln!(out, "not all FORBIDDENBYTE (0x{FORBIDDENBYTE:02x}):");
            for (i, &b) in trail.iter().enumerate() {
                let _ = write!(out, "        at tail+{i}: 0x{b:02x}");
                if b != FORBIDDENBYTE {
                    out.push_str(" *** OUCH");
                }
                out.push('\n');
            }
        }
        if self.opts.serialno {
            // SAFETY: the serial number follows the trailing pad.
            let n = usize::from_be_bytes(unsafe { tail.add(S).cast::<[u8; S]>().read_unaligned() });
            let _ = writeln!(
                out,
                "    The block was made by call #{n} to debug malloc/realloc."
            );
        }
        if size > 0 {
            out.push_str("    Data at p:");
            // SAFETY: the data bytes lie between `q` and `tail`.
            let data = unsafe { std::slice::from_raw_parts(q, size) };
            for b in &data[..size.min(8)] {
                let _ = write!(out, " {b:02x}");
            }
            if size > 8 {
                if size > 16 {
                    out.push_str(" ...");
                }
                for b in &data[size.saturating_sub(8).max(8)..] {
                    let _ = write!(out, " {b:02x}");
                }
            }
            out.push('\n');
        }
        out.push('\n');
        out.push_str("Enable tracemalloc to get the memory block allocation traceback\n\n");
        out
    }

    fn func(&self, raw: &'static str, gil: &'static str) -> &'static str {
        if self.domain == Domain::Raw { raw } else { gil }
    }
}

impl DomainAllocator for DebugHook {
    fn malloc(&self, heap: Option<&Heap>, size: usize) -> Result<NonNull<u8>, MemError> {
        self.gil(
            heap,
            self.func("_PyMem_DebugRawMalloc", "_PyMem_DebugMalloc"),
        )?;
        let head = self.inner.malloc(heap, self.total(size)?)?;
        // SAFETY: `head` has `size + extra()` bytes.
        Ok(unsafe { self.decorate(head, size, Some(0)) })
    }

    fn calloc(
        &self,
        heap: Option<&Heap>,
        nelem: usize,
        elsize: usize,
    ) -> Result<NonNull<u8>, MemError> {
        self.gil(
            heap,
            self.func("_PyMem_DebugRawCalloc", "_PyMem_DebugCalloc"),
        )?;
        let size = nelem
            .checked_mul(elsize)
            .ok_or(MemError::Alloc(AllocError::TooLarge {
                size: nelem.saturating_mul(elsize),
            }))?;
        let head = self.inner.calloc(heap, 1, self.total(size)?)?;
        // SAFETY: `head` has `size + extra()` zeroed bytes; data stays zero (no fill).
        Ok(unsafe { self.decorate(head, size, None) })
    }

    unsafe fn realloc(
        &self,
        heap: Option<&Heap>,
        ptr: NonNull<u8>,
        size: usize,
    ) -> Result<NonNull<u8>, MemError> {
        self.gil(
            heap,
            self.func("_PyMem_DebugRawRealloc", "_PyMem_DebugRealloc"),
        )?;
        // SAFETY: `ptr` came from a debug hook (contract of the domain call).
        let old = unsafe { self.check("_PyMem_DebugRawRealloc", ptr) }?;
        let total = self.total(size)?;
        // SAFETY: the head of a live block of `inner`.
        let head = unsafe { NonNull::new_unchecked(ptr.as_ptr().sub(2 * S)) };
        // On failure the old block, decorations included, is untouched.
        // SAFETY: forwarded contract.
        let new = unsafe { self.inner.realloc(heap, head, total) }?;
        // SAFETY: `new` has `size + extra()` bytes; bytes past `old` are fresh.
        Ok(unsafe { self.decorate(new, size, Some(old)) })
    }

    unsafe fn free(&self, heap: Option<&Heap>, ptr: NonNull<u8>) -> Result<(), MemError> {
        self.gil(heap, self.func("_PyMem_DebugRawFree", "_PyMem_DebugFree"))?;
        // SAFETY: `ptr` came from a debug hook (contract of the domain call).
        let size = unsafe { self.check("_PyMem_DebugRawFree", ptr) }?;
        let len = size + self.extra();
        // SAFETY: the head of the live decorated block of `len` bytes.
        let head = unsafe { NonNull::new_unchecked(ptr.as_ptr().sub(2 * S)) };
        // Keep a copy so a refused free (e.g. another heap's block) loses nothing.
        let mut small = [0u8; 640];
        let mut big = Vec::new();
        let saved: &mut [u8] = if len <= small.len() {
            &mut small[..len]
        } else {
            big.resize(len, 0);
            &mut big
        };
        // SAFETY: `head` has `len` readable bytes; `saved` has `len` bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(head.as_ptr(), saved.as_mut_ptr(), len);
            head.as_ptr().write_bytes(DEADBYTE, len);
        }
        // SAFETY: forwarded contract.
        let r = unsafe { self.inner.free(heap, head) };
        if r.is_err() {
            // SAFETY: the free was refused, so the block is still live and ours to restore.
            unsafe { std::ptr::copy_nonoverlapping(saved.as_ptr(), head.as_ptr(), len) };
        }
        r
    }

    fn name(&self) -> Option<String> {
        self.inner.name().map(|n| format!("{n}_debug"))
    }
}
