//! The static immortal objects shared by every interpreter: `None`, `True`, `False`, the small
//! ints (-5..=256), the empty tuple, str and bytes. They live in no heap; their header's null
//! heap pointer makes every refcount operation on them a no-op, so no interpreter, thread or
//! heap ever writes to them.

use std::cell::Cell;

use crate::bytes::BytesHead;
use crate::header::{Header, ObjBox};
use crate::str::StrHead;
use crate::tuple::TupleHead;
use crate::types::{BOOL, BYTES, INT, NONE_TYPE, STR, StaticType, TUPLE};

/// A static object with payload `T`.
#[repr(C)]
pub(crate) struct Immortal<T>(pub(crate) ObjBox<T>);

// SAFETY: immortal objects are never written after const initialisation: refcount operations
// check the null heap pointer first, and caches in payloads (str/bytes hashes) are filled in
// at initialisation and skipped for immortals.
unsafe impl<T> Sync for Immortal<T> {}

impl<T> Immortal<T> {
    pub(crate) const fn new(ty: &'static StaticType, payload: T) -> Immortal<T> {
        Immortal(ObjBox {
            header: Header::immortal(&ty.header as *const Header),
            payload,
        })
    }

    #[inline]
    pub(crate) fn header(&'static self) -> &'static Header {
        &self.0.header
    }
}

/// Smallest cached int.
pub(crate) const SMALL_MIN: i64 = -5;
/// Largest cached int.
pub(crate) const SMALL_MAX: i64 = 256;
const N_SMALL: usize = (SMALL_MAX - SMALL_MIN + 1) as usize;

pub(crate) static NONE: Immortal<()> = Immortal::new(&NONE_TYPE, ());
pub(crate) static FALSE: Immortal<i64> = Immortal::new(&BOOL, 0);
pub(crate) static TRUE: Immortal<i64> = Immortal::new(&BOOL, 1);
pub(crate) static SMALL_INTS: [Immortal<i64>; N_SMALL] = small_ints();
pub(crate) static EMPTY_STR: Immortal<StrHead> = Immortal::new(
    &STR,
    StrHead {
        len: 0,
        nchars: 0,
        hash: Cell::new(0),
        width: 1,
    },
);
pub(crate) static EMPTY_BYTES: Immortal<BytesHead> = Immortal::new(
    &BYTES,
    BytesHead {
        len: 0,
        hash: Cell::new(0),
    },
);
pub(crate) static EMPTY_TUPLE: Immortal<TupleHead> = Immortal::new(&TUPLE, TupleHead { len: 0 });

const fn small_ints() -> [Immortal<i64>; N_SMALL] {
    let mut a = [const { Immortal::new(&INT, 0) }; N_SMALL];
    let mut i = 0;
    while i < N_SMALL {
        a[i] = Immortal::new(&INT, i as i64 + SMALL_MIN);
        i += 1;
    }
    a
}

/// The cached int `v`, if it is small.
#[inline]
pub(crate) fn small_int(v: i64) -> Option<&'static Header> {
    if (SMALL_MIN..=SMALL_MAX).contains(&v) {
        Some(SMALL_INTS[(v - SMALL_MIN) as usize].header())
    } else {
        None
    }
}
