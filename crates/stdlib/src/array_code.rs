//! The type codes of `array.array` (all of CPython's but `u` and `w`): their item sizes,
//! how a Python number becomes an item (with CPython's overflow texts, which differ per code
//! because CPython converts through different C functions), and the items' machine bytes.

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;
use subinterp_object::{Kind, Obj, Py, PyErr, PyResult, exc};

use crate::args::{float_arg, not_an_integer};

/// One item: an integer (any code's range fits) or a float.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Num {
    Int(i128),
    Float(f64),
}

/// A type code.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Code(pub(crate) char);

/// CPython's text for an unknown code.
pub(crate) const BAD_TYPECODE: &str =
    "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)";

fn overflow(text: &str) -> PyErr {
    PyErr::new(&exc::OVERFLOW_ERROR, text)
}

impl Code {
    /// The code `c`, if supported.
    pub(crate) fn new(c: char) -> Option<Code> {
        "bBhHiIlLqQfd".contains(c).then_some(Code(c))
    }

    /// Bytes per item.
    pub(crate) fn size(self) -> usize {
        match self.0 {
            'b' | 'B' => 1,
            'h' | 'H' => 2,
            'i' | 'I' | 'f' => 4,
            _ => 8,
        }
    }

    fn is_float(self) -> bool {
        matches!(self.0, 'f' | 'd')
    }

    /// `v` as an item of this code: `TypeError` for a wrong type, `OverflowError` out of
    /// range.
    pub(crate) fn item(self, v: &Obj<'_>) -> PyResult<Num> {
        if self.is_float() {
            let f = float_arg(v)?;
            return Ok(Num::Float(if self.0 == 'f' { f as f32 as f64 } else { f }));
        }
        if !matches!(v.kind(), Kind::Int | Kind::Bool) {
            return Err(not_an_integer(v));
        }
        let b = v.as_bigint().unwrap_or_default();
        self.int_item(&b).map(Num::Int)
    }

    fn int_item(self, b: &BigInt) -> PyResult<i128> {
        const LONG: &str = "Python int too large to convert to C long";
        const ULONG: &str = "Python int too large to convert to C unsigned long";
        let negative = b.sign() == Sign::Minus;
        let (lo, hi, what): (i128, i128, &str) = match self.0 {
            'b' => (-128, 127, "signed char"),
            'B' => (0, 255, "unsigned byte integer"),
            'h' => (i16::MIN.into(), i16::MAX.into(), "signed short integer"),
            'H' => (0, u16::MAX.into(), "unsigned short"),
            'i' => (i32::MIN.into(), i32::MAX.into(), "signed integer"),
            'I' => {
                if negative {
                    return Err(overflow("can't convert negative value to unsigned int"));
                }
                let u = b.to_u64().ok_or_else(|| overflow(ULONG))?;
                if u > u64::from(u32::MAX) {
                    return Err(overflow("unsigned int is greater than maximum"));
                }
                return Ok(u.into());
            }
            'L' => {
                if negative {
                    return Err(overflow("can't convert negative value to unsigned int"));
                }
                return b.to_u64().map(i128::from).ok_or_else(|| overflow(ULONG));
            }
            'l' => return b.to_i64().map(i128::from).ok_or_else(|| overflow(LONG)),
            'q' => {
                return b
                    .to_i64()
                    .map(i128::from)
                    .ok_or_else(|| overflow("int too big to convert"));
            }
            _ => {
                if negative {
                    return Err(overflow("can't convert negative int to unsigned"));
                }
                return b
                    .to_u64()
                    .map(i128::from)
                    .ok_or_else(|| overflow("int too big to convert"));
            }
        };
        let n = i128::from(b.to_i64().ok_or_else(|| overflow(LONG))?);
        if n > hi {
            return Err(overflow(&format!("{what} is greater than maximum")));
        }
        if n < lo {
            return Err(overflow(&format!("{what} is less than minimum")));
        }
        Ok(n)
    }

    /// The item as a Python object.
    pub(crate) fn value<'py>(self, py: Py<'py>, n: Num) -> PyResult<Obj<'py>> {
        match n {
            Num::Float(f) => py.float(f),
            Num::Int(i) => match i64::try_from(i) {
                Ok(v) => py.int(v),
                Err(_) => py.int_big(&BigInt::from(i)),
            },
        }
    }

    /// The item's machine bytes (native order).
    pub(crate) fn put(self, n: Num, out: &mut Vec<u8>) {
        match (n, self.0) {
            (Num::Float(f), 'f') => out.extend_from_slice(&(f as f32).to_ne_bytes()),
            (Num::Float(f), _) => out.extend_from_slice(&f.to_ne_bytes()),
            // Every int item is in its code's range: its low bytes are its representation.
            (Num::Int(i), _) => {
                let mut item = i.to_le_bytes()[..self.size()].to_vec();
                if cfg!(target_endian = "big") {
                    item.reverse();
                }
                out.extend_from_slice(&item);
            }
        }
    }

    /// The item whose machine bytes are `b` (`size()` of them).
    pub(crate) fn get(self, b: &[u8]) -> Num {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        if cfg!(target_endian = "big") {
            w[..b.len()].reverse();
        }
        let raw = u64::from_le_bytes(w);
        match self.0 {
            'f' => Num::Float(f32::from_ne_bytes([b[0], b[1], b[2], b[3]]).into()),
            'd' => Num::Float(f64::from_le_bytes(w)),
            'b' => Num::Int((raw as u8 as i8).into()),
            'h' => Num::Int((raw as u16 as i16).into()),
            'i' => Num::Int((raw as u32 as i32).into()),
            'l' | 'q' => Num::Int((raw as i64).into()),
            _ => Num::Int(raw.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_round_trip_through_their_bytes() {
        for (c, n) in [
            ('b', Num::Int(-5)),
            ('B', Num::Int(200)),
            ('h', Num::Int(-30000)),
            ('H', Num::Int(60000)),
            ('i', Num::Int(-7)),
            ('I', Num::Int(4_000_000_000)),
            ('q', Num::Int(i64::MIN.into())),
            ('Q', Num::Int(u64::MAX.into())),
            ('f', Num::Float(1.5)),
            ('d', Num::Float(-2.25)),
        ] {
            let code = Code::new(c).expect("code");
            let mut b = Vec::new();
            code.put(n, &mut b);
            assert_eq!(b.len(), code.size());
            assert_eq!(code.get(&b), n, "{c}");
        }
    }
}
