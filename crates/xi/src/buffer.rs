//! [`SharedBuffer`]: an immutable byte buffer that crosses interpreters without copying
//! (CPython's `memoryview` sharing, where the receiver's `CrossInterpreterBufferView` reads the
//! sender's memory).

use std::fmt;
use std::ops::Deref;
use std::ptr::NonNull;
use std::sync::Arc;

use crate::{InterpId, Keepalive};

/// An immutable, reference-counted byte buffer. Cloning it, putting it in a queue or sending it
/// to another interpreter never copies the bytes: every holder reads the same memory
/// ([`as_ptr`](Self::as_ptr) is equal on both sides).
///
/// Two backings:
/// - [`From<Arc<[u8]>>`](#impl-From<Arc<[u8]>>-for-SharedBuffer) (and `Vec<u8>`, `&[u8]`):
///   process memory that belongs to no interpreter;
/// - [`from_owner`](Self::from_owner): bytes that live in an interpreter's own heap (e.g. a
///   `bytes` object's data), kept alive by a [`Keepalive`] that is released on the owner when
///   the last clone is dropped, wherever that happens.
#[derive(Clone)]
pub struct SharedBuffer(Backing);

#[derive(Clone)]
enum Backing {
    Process(Arc<[u8]>),
    Owner(Arc<OwnerBytes>),
}

struct OwnerBytes {
    ptr: NonNull<u8>,
    len: usize,
    keep: Keepalive,
}

// SAFETY: `OwnerBytes` only gives out shared `&[u8]` access to memory that `from_owner`'s
// contract makes immutable and valid for as long as `keep` lives (which is as long as `self`);
// `Keepalive` itself is `Send + Sync` (a job behind `Box<dyn FnOnce + Send>` that is only taken
// in `drop`, plus an `Arc<dyn Release>` whose trait requires `Send + Sync`).
unsafe impl Send for OwnerBytes {}
// SAFETY: see `Send` above: all access through `&OwnerBytes` is read-only.
unsafe impl Sync for OwnerBytes {}

impl SharedBuffer {
    /// A buffer over `len` bytes at `ptr` that belong to `keep.owner()`'s heap, kept alive by
    /// `keep`, whose release job runs on the owner once every clone is gone.
    ///
    /// # Safety
    ///
    /// `ptr` must be valid for reads of `len` bytes (or dangling-but-aligned with `len == 0`),
    /// and those bytes must not be written or freed until `keep`'s release job has run. The
    /// runtime must also keep the owner's heap alive while the buffer can be read, i.e. until
    /// its release job is run or disposed of by the sink.
    pub unsafe fn from_owner(ptr: NonNull<u8>, len: usize, keep: Keepalive) -> SharedBuffer {
        SharedBuffer(Backing::Owner(Arc::new(OwnerBytes { ptr, len, keep })))
    }

    /// The bytes.
    #[inline]
    pub fn as_slice(&self) -> &[u8] {
        match &self.0 {
            Backing::Process(bytes) => bytes,
            Backing::Owner(owned) => {
                // SAFETY: `from_owner`'s contract: `ptr` is valid for `len` immutable bytes
                // while `keep` lives, and `keep` lives as long as `owned`, which `self` borrows.
                unsafe { std::slice::from_raw_parts(owned.ptr.as_ptr(), owned.len) }
            }
        }
    }

    /// The address of the first byte: equal for every clone and on every side of a crossing.
    #[inline]
    pub fn as_ptr(&self) -> *const u8 {
        self.as_slice().as_ptr()
    }

    /// The number of bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether the buffer has no bytes.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The interpreter whose heap holds the bytes, or `None` for process memory.
    pub fn owner(&self) -> Option<InterpId> {
        match &self.0 {
            Backing::Process(_) => None,
            Backing::Owner(owned) => Some(owned.keep.owner()),
        }
    }
}

impl Deref for SharedBuffer {
    type Target = [u8];

    #[inline]
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl AsRef<[u8]> for SharedBuffer {
    #[inline]
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl From<Arc<[u8]>> for SharedBuffer {
    fn from(bytes: Arc<[u8]>) -> SharedBuffer {
        SharedBuffer(Backing::Process(bytes))
    }
}

impl From<Vec<u8>> for SharedBuffer {
    fn from(bytes: Vec<u8>) -> SharedBuffer {
        SharedBuffer(Backing::Process(bytes.into()))
    }
}

impl From<&[u8]> for SharedBuffer {
    fn from(bytes: &[u8]) -> SharedBuffer {
        SharedBuffer(Backing::Process(bytes.into()))
    }
}

/// Equal when the bytes are equal (like `memoryview` equality).
impl PartialEq for SharedBuffer {
    fn eq(&self, other: &SharedBuffer) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for SharedBuffer {}

impl fmt::Debug for SharedBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedBuffer")
            .field("ptr", &self.as_ptr())
            .field("len", &self.len())
            .field("owner", &self.owner())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::{Release, ReleaseJob};

    /// A sink that only records jobs, like a pending-call queue the owner has not drained yet.
    #[derive(Default)]
    struct Pending(Mutex<Vec<ReleaseJob>>);

    impl Release for Pending {
        fn release(&self, job: ReleaseJob) {
            self.0.lock().unwrap().push(job);
        }
    }

    #[test]
    fn clones_share_the_same_bytes() {
        let buf = SharedBuffer::from(vec![1u8, 2, 3]);
        let other = buf.clone();
        assert_eq!(buf.as_ptr(), other.as_ptr());
        assert_eq!(&*other, &[1, 2, 3]);
        assert_eq!(buf.owner(), None);
    }

    #[test]
    fn owner_bytes_release_routes_to_the_owner_sink_from_another_thread() {
        static DATA: [u8; 3] = *b"abc";
        let sink = Arc::new(Pending::default());
        let released = Arc::new(Mutex::new(Vec::new()));
        let log = released.clone();
        let keep = Keepalive::new(InterpId::new(7), sink.clone(), move || {
            log.lock().unwrap().push("released");
        });
        // SAFETY: `DATA` is a static: valid and immutable forever.
        let buf = unsafe { SharedBuffer::from_owner(NonNull::from(&DATA).cast(), 3, keep) };
        assert_eq!(buf.owner(), Some(InterpId::new(7)));
        let remote = buf.clone();
        drop(buf);
        std::thread::spawn(move || {
            assert_eq!(&*remote, b"abc");
            assert_eq!(remote.as_ptr(), DATA.as_ptr());
            drop(remote);
        })
        .join()
        .unwrap();
        // Dropped on a non-owner thread: queued for the owner, not run inline.
        assert!(released.lock().unwrap().is_empty());
        let jobs = std::mem::take(&mut *sink.0.lock().unwrap());
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].owner(), InterpId::new(7));
        // The owner drains its pending calls.
        jobs.into_iter().for_each(ReleaseJob::run);
        assert_eq!(*released.lock().unwrap(), ["released"]);
    }
}
