//! `hash()` with CPython's results: numbers hash modulo 2**61 - 1 (so `hash(1) == hash(1.0) ==
//! hash(True)`), tuples with the xxHash-based algorithm of 3.8+, `None` to its 3.12+ constant,
//! identity-hashed objects by address, and str/bytes with SipHash-1-3 over CPython's
//! representation (PEP 393 code units for str).
//!
//! CPython keys SipHash with a random per-process secret unless `PYTHONHASHSEED` is set; this
//! crate uses the all-zero key, which is what CPython uses with `PYTHONHASHSEED=0`, so str and
//! bytes hashes equal CPython's under that setting (and are stable across runs and
//! interpreters).

use std::hash::Hasher;

use siphasher::sip::SipHasher13;

use crate::header::Raw;
use crate::types::{Kind, kind_of};
use crate::{Obj, Py, PyErr, PyResult, Upcall};

const BITS: u32 = 61;
const MODULUS: u64 = (1 << BITS) - 1;
const INF: i64 = 314_159;
const NONE_HASH: i64 = 0xFCA8_6420;

#[inline]
fn fix(h: i64) -> i64 {
    if h == -1 { -2 } else { h }
}

/// `hash(int)`.
pub fn hash_int(v: i64) -> i64 {
    let a = (v.unsigned_abs() % MODULUS) as i64;
    fix(if v < 0 { -a } else { a })
}

fn frexp(v: f64) -> (f64, i32) {
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(v * f64::from_bits(0x4350_0000_0000_0000)); // 2**54
        return (m, e - 54);
    }
    (
        f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52)),
        exp - 1022,
    )
}

/// `hash(float)` (`_Py_HashDouble`); a NaN hashes by the identity of its object, `obj`.
pub fn hash_float(v: f64, obj: usize) -> i64 {
    if v.is_nan() {
        return hash_pointer(obj);
    }
    if v.is_infinite() {
        return if v > 0.0 { INF } else { -INF };
    }
    if v == 0.0 {
        return 0;
    }
    let (mut m, mut e) = frexp(v);
    let sign: i64 = if m < 0.0 {
        m = -m;
        -1
    } else {
        1
    };
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268_435_456.0; // 2**28
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % BITS as i32
    } else {
        BITS as i32 - 1 - ((-1 - e) % BITS as i32)
    } as u32;
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    fix(x as i64 * sign)
}

/// `_Py_HashPointer`: the address rotated right by 4 bits.
pub fn hash_pointer(p: usize) -> i64 {
    fix(p.rotate_right(4) as i64)
}

fn sip() -> SipHasher13 {
    SipHasher13::new_with_keys(0, 0)
}

/// `hash(bytes)`.
pub fn hash_bytes(b: &[u8]) -> i64 {
    if b.is_empty() {
        return 0;
    }
    let mut h = sip();
    h.write(b);
    fix(h.finish() as i64)
}

/// `hash(str)`: SipHash-1-3 over the PEP 393 representation (1, 2 or 4 bytes per code point,
/// native little-endian as on CPython's usual platforms).
pub fn hash_str(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let max = s.chars().map(|c| c as u32).max().unwrap_or(0);
    let mut h = sip();
    if s.is_ascii() {
        h.write(s.as_bytes());
    } else {
        let mut buf = [0u8; 256];
        let mut n = 0;
        for c in s.chars() {
            let c = c as u32;
            let w = if max < 0x100 {
                1
            } else if max < 0x10000 {
                2
            } else {
                4
            };
            buf[n..n + w].copy_from_slice(&c.to_le_bytes()[..w]);
            n += w;
            if n + 4 > buf.len() {
                h.write(&buf[..n]);
                n = 0;
            }
        }
        h.write(&buf[..n]);
    }
    fix(h.finish() as i64)
}

/// `hash(tuple)` from its items' hashes (CPython 3.8+'s xxHash-derived combination).
pub fn hash_tuple(items: impl ExactSizeIterator<Item = i64>) -> i64 {
    let mut acc = TupleHash::new();
    for lane in items {
        acc.add(lane);
    }
    acc.finish()
}

/// CPython's `tuplehash` as a running state: a lane per item, then the length.
#[derive(Clone, Copy)]
struct TupleHash {
    acc: u64,
    len: u64,
}

impl TupleHash {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;

    fn new() -> TupleHash {
        TupleHash {
            acc: Self::P5,
            len: 0,
        }
    }

    fn add(&mut self, lane: i64) {
        self.acc = self.acc.wrapping_add((lane as u64).wrapping_mul(Self::P2));
        self.acc = self.acc.rotate_left(31);
        self.acc = self.acc.wrapping_mul(Self::P1);
        self.len += 1;
    }

    fn finish(self) -> i64 {
        let acc = self.acc.wrapping_add(self.len ^ (Self::P5 ^ 3_527_539));
        if acc == u64::MAX {
            1_546_275_796
        } else {
            acc as i64
        }
    }
}

/// `hash(p)`. Nested tuples are walked with an explicit stack, not by recursion: CPython
/// hashes a tuple nested 100,000 deep (its `tuplehash` recurses without a guard, on an 8 MiB
/// stack); here the depth costs heap memory only, whatever the thread's stack.
pub(crate) fn hash_raw(p: Raw) -> PyResult<i64> {
    hash_walk(p, &mut hash_leaf)
}

/// `hash(p)` where the items of tuples that are instances of classes made at run time are
/// hashed by `up` (their `__hash__`).
pub(crate) fn hash_raw_with<'py>(py: Py<'py>, p: Raw, up: &mut dyn Upcall<'py>) -> PyResult<i64> {
    hash_walk(p, &mut |it| {
        if crate::upcall::is_heap_instance(it) {
            // SAFETY: `it` is live, held by its tuple (held by the caller).
            up.hash(&unsafe { Obj::borrowed(py, it) })
        } else {
            hash_leaf(it)
        }
    })
}

/// `hash(p)` with `leaf` hashing what is not a tuple below the top.
fn hash_walk(p: Raw, leaf: &mut dyn FnMut(Raw) -> PyResult<i64>) -> PyResult<i64> {
    if kind_of(p) != Kind::Tuple {
        return hash_leaf(p);
    }
    /// A tuple being hashed: its items, the next one to hash, the running state.
    struct Level<'a> {
        items: &'a [Raw],
        next: usize,
        hash: TupleHash,
    }
    let level = |t: Raw| Level {
        // SAFETY: `t` is a tuple (kind checked by the caller), alive while the outermost
        // tuple is (it holds its items, and tuples are immutable); nothing here runs code
        // that could drop one.
        items: unsafe { crate::tuple::items(t) },
        next: 0,
        hash: TupleHash::new(),
    };
    let mut stack = vec![level(p)];
    let mut outer = 0;
    while let Some(top) = stack.last_mut() {
        if let Some(&it) = top.items.get(top.next) {
            top.next += 1;
            if kind_of(it) == Kind::Tuple && !crate::upcall::is_heap_instance(it) {
                stack.push(level(it));
            } else {
                top.hash.add(leaf(it)?);
            }
            continue;
        }
        let done = top.hash.finish();
        stack.pop();
        match stack.last_mut() {
            Some(parent) => parent.hash.add(done),
            None => outer = done,
        }
    }
    Ok(outer)
}

/// `hash(p)` for an object that is not a tuple.
fn hash_leaf(p: Raw) -> PyResult<i64> {
    match kind_of(p) {
        Kind::None => Ok(NONE_HASH),
        // SAFETY: kind checked.
        Kind::Int | Kind::Bool => Ok(match unsafe { crate::int::int_value(p) } {
            Some(i) => hash_int(i),
            // SAFETY: kind checked.
            None => crate::bigint::hash_bigint(&unsafe { crate::bigint::big_value(p) }),
        }),
        // SAFETY: kind checked.
        Kind::Float => Ok(hash_float(
            unsafe { *crate::header::payload::<f64>(p) },
            p.as_ptr() as usize,
        )),
        Kind::Str => {
            // SAFETY: kind checked; the caller holds `p`.
            let h = unsafe { crate::str::head(p) };
            if h.hash.get() != -1 {
                return Ok(h.hash.get());
            }
            // SAFETY: kind checked; the text lives as long as `p`.
            let v = hash_str(unsafe { crate::str::as_str(p) });
            // SAFETY: `p` is live; immortals are never written.
            if !unsafe { p.as_ref() }.is_immortal() {
                h.hash.set(v);
            }
            Ok(v)
        }
        Kind::Bytes => {
            // SAFETY: kind checked; the caller holds `p`.
            let h = unsafe { crate::bytes::head(p) };
            if h.hash.get() != -1 {
                return Ok(h.hash.get());
            }
            // SAFETY: kind checked.
            let v = hash_bytes(unsafe { crate::bytes::as_bytes(p) });
            // SAFETY: `p` is live; immortals are never written.
            if !unsafe { p.as_ref() }.is_immortal() {
                h.hash.set(v);
            }
            Ok(v)
        }
        Kind::Tuple => hash_raw(p),
        // SAFETY: kind checked; the caller holds `p`.
        Kind::FrozenSet => Ok(unsafe { crate::set::hash_set(p) }),
        Kind::List | Kind::Dict | Kind::Set => {
            // SAFETY: the type of a live object is a live type object.
            let ty = unsafe { crate::types::type_data(crate::types::type_of(p)) };
            let name = ty.name.as_str();
            Err(PyErr::type_error(format!("unhashable type: '{name}'")))
        }
        Kind::Object | Kind::Type | Kind::Module | Kind::Capsule | Kind::Exception => {
            Ok(hash_pointer(p.as_ptr() as usize))
        }
        Kind::Native if crate::types::type_of(p) == crate::weakref::WEAKREF.raw() => {
            crate::weakref::hash(p)
        }
        Kind::Native => Ok(hash_pointer(p.as_ptr() as usize)),
    }
}

impl<'py> Obj<'py> {
    /// `hash(self)`.
    pub fn hash(&self) -> PyResult<i64> {
        hash_raw(self.raw())
    }

    /// `hash(self)`, the items of a tuple hashed through `up` when they are instances of
    /// classes made at run time (see [`Upcall`]).
    pub fn hash_with(&self, up: &mut dyn Upcall<'py>) -> PyResult<i64> {
        hash_raw_with(self.py, self.raw(), up)
    }
}

/// The hash of a lookup key: through `up` for an instance of a class made at run time.
pub(crate) fn key_hash<'py>(py: Py<'py>, key: Raw, up: &mut dyn Upcall<'py>) -> PyResult<i64> {
    if crate::upcall::is_heap_instance(key) {
        // SAFETY: the caller holds `key`.
        return up.hash(&unsafe { Obj::borrowed(py, key) });
    }
    hash_raw_with(py, key, up)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_cpython() {
        // Expected values from CPython (64-bit).
        assert_eq!(hash_int(-1), -2);
        assert_eq!(hash_int(1 << 61), 1);
        assert_eq!(hash_int(i64::MIN), -4);
        assert_eq!(hash_float(1.5, 0), 1_152_921_504_606_846_977);
        assert_eq!(hash_float(-0.5, 0), -1_152_921_504_606_846_976);
        assert_eq!(hash_float(1e300, 0), 1_224_995_262_755_759_164);
        assert_eq!(hash_float(2.0, 0), 2);
        assert_eq!(hash_float(f64::INFINITY, 0), 314_159);
        assert_eq!(hash_tuple([1, 2].into_iter()), -3_550_055_125_485_641_917);
        assert_eq!(hash_tuple(std::iter::empty()), 5_740_354_900_026_072_187);
        assert_eq!(hash_tuple([1].into_iter()), -6_644_214_454_873_602_895);
    }

    #[test]
    fn str_and_bytes_match_cpython_with_hashseed_0() {
        // `PYTHONHASHSEED=0 python3 -c "print(hash(s), hash(s.encode()))"`.
        assert_eq!(hash_str("a"), 4_644_417_185_603_328_019);
        assert_eq!(hash_str("ab"), 6_148_830_537_548_944_441);
        assert_eq!(hash_str("é"), 6_047_309_291_227_476_195);
        assert_eq!(hash_str("☃"), 5_658_562_226_297_181_912);
        assert_eq!(hash_str("𝄞"), 7_849_220_833_259_879_855);
        assert_eq!(hash_bytes("é".as_bytes()), -1_266_968_099_349_302_080);
        assert_eq!(hash_bytes(b"a"), 4_644_417_185_603_328_019);
        assert_eq!(hash_str(""), 0);
    }
}
