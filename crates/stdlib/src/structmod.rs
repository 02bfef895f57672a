//! `struct`: `pack`, `unpack`, `calcsize` for the common formats (byte orders `@ = < > !`,
//! native sizes and alignment for `@`; codes `x c b B ? h H i I l L q Q n N f d s p P`,
//! counts), with CPython's `struct.error` texts. Not provided: `e` (half floats), `Struct`
//! objects, `pack_into`, `unpack_from`, `iter_unpack`.

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};
use subinterp_vm::{Args, BuiltinDef, Tstate};

use crate::StdModule;
use crate::args::add_functions;

/// The `struct` module.
pub(crate) const MODULE: StdModule = StdModule {
    name: "struct",
    doc: "Functions to convert between Python values and C structs.",
    exec,
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    add_functions(m, &FUNCTIONS)?;
    let base = subinterp_object::exc::EXCEPTION.get(py);
    let error = py.new_exception_type("struct.error", Some(&base))?;
    m.setattr("error", &error)?;
    Ok(())
}

/// `struct.error(msg)`, the class read from the module the function belongs to.
fn error(ts: &mut Tstate<'_>, msg: &str) -> PyErr {
    let py = ts.py();
    let class = ts.import_module("struct").and_then(|m| m.getattr("error"));
    match class.and_then(|c| py.new_exception(&c, &[py.str(msg)?])) {
        Ok(v) => PyErr::from_value(&v),
        Err(e) => e,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Order {
    Native,
    Little,
    Big,
}

/// One item of a format: its code, repeat count, size and (native) alignment.
struct Item {
    code: u8,
    count: usize,
    size: usize,
}

/// A parsed format: byte order, whether native alignment applies, the items.
struct Format {
    order: Order,
    native: bool,
    items: Vec<Item>,
}

fn std_size(code: u8, native: bool) -> Option<usize> {
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => {
            if native {
                std::mem::size_of::<libc::c_long>()
            } else {
                4
            }
        }
        b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if native => 8,
        _ => return None,
    })
}

fn parse(ts: &mut Tstate<'_>, fmt: &str) -> PyResult<Format> {
    let bytes = fmt.as_bytes();
    let (order, native, rest) = match bytes.first() {
        Some(b'@') => (Order::Native, true, &bytes[1..]),
        Some(b'=') => (Order::Native, false, &bytes[1..]),
        Some(b'<') => (Order::Little, false, &bytes[1..]),
        Some(b'>') | Some(b'!') => (Order::Big, false, &bytes[1..]),
        _ => (Order::Native, true, bytes),
    };
    let mut items = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let c = rest[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count = None;
        while i < rest.len() && rest[i].is_ascii_digit() {
            let d = usize::from(rest[i] - b'0');
            count = Some(count.unwrap_or(0usize).saturating_mul(10).saturating_add(d));
            i += 1;
        }
        let Some(&code) = rest.get(i) else {
            return Err(error(ts, "repeat count given without format specifier"));
        };
        let Some(size) = std_size(code, native) else {
            return Err(error(ts, "bad char in struct format"));
        };
        items.push(Item {
            code,
            count: count.unwrap_or(1),
            size,
        });
        i += 1;
    }
    Ok(Format {
        order,
        native,
        items,
    })
}

impl Format {
    /// The offset of each item's start after alignment, and the total size.
    fn layout(&self) -> (Vec<usize>, usize) {
        let mut off = 0usize;
        let mut starts = Vec::with_capacity(self.items.len());
        for it in &self.items {
            if self.native && !matches!(it.code, b's' | b'p' | b'x' | b'c' | b'b' | b'B' | b'?') {
                off = off.next_multiple_of(it.size);
            }
            starts.push(off);
            off += if matches!(it.code, b's' | b'p') {
                it.count
            } else {
                it.size * it.count
            };
        }
        (starts, off)
    }

    /// How many values packing takes.
    fn values(&self) -> usize {
        self.items
            .iter()
            .map(|it| match it.code {
                b'x' => 0,
                b's' | b'p' => 1,
                _ => it.count,
            })
            .sum()
    }
}

fn fmt_arg(a: &Args<'_, '_>) -> PyResult<String> {
    let Some(f) = a.pos.first() else {
        return Err(PyErr::type_error("missing format argument"));
    };
    match f.kind() {
        Kind::Str => Ok(f.as_str().unwrap_or_default().to_owned()),
        Kind::Bytes => Ok(String::from_utf8_lossy(f.as_bytes().unwrap_or_default()).into_owned()),
        _ => Err(PyErr::type_error(format!(
            "Struct() argument 1 must be a str or bytes object, not {}",
            f.type_name()
        ))),
    }
}

fn calcsize<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    a.exactly("calcsize", 1)?;
    let f = fmt_arg(&a)?;
    let (_, size) = parse(ts, &f)?.layout();
    ts.py().int(size as i64)
}

/// The range an integer code accepts.
fn int_range(code: u8, size: usize) -> (BigInt, BigInt) {
    let bits = size * 8;
    if code.is_ascii_uppercase() {
        (BigInt::from(0), (BigInt::from(1) << bits) - 1)
    } else {
        (
            -(BigInt::from(1) << (bits - 1)),
            (BigInt::from(1) << (bits - 1)) - 1,
        )
    }
}

fn put_bytes(out: &mut [u8], le: [u8; 8], size: usize, order: Order) {
    let src = &le[..size];
    match order {
        Order::Big => {
            for (d, s) in out.iter_mut().zip(src.iter().rev()) {
                *d = *s;
            }
        }
        _ => out.copy_from_slice(src),
    }
}

fn pack<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    a.no_kw("pack")?;
    let f = fmt_arg(&a)?;
    let fmt = parse(ts, &f)?;
    let values = &a.pos[1..];
    let want = fmt.values();
    if values.len() != want {
        return Err(error(
            ts,
            &format!(
                "pack expected {want} items for packing (got {})",
                values.len()
            ),
        ));
    }
    let (starts, size) = fmt.layout();
    let mut out = vec![0u8; size];
    let mut vi = 0;
    for (it, &start) in fmt.items.iter().zip(&starts) {
        match it.code {
            b'x' => continue,
            b's' | b'p' => {
                let v = &values[vi];
                vi += 1;
                let Some(b) = (v.kind() == Kind::Bytes).then(|| v.as_bytes()).flatten() else {
                    return Err(error(
                        ts,
                        &format!("argument for '{}' must be a bytes object", it.code as char),
                    ));
                };
                if it.code == b'p' {
                    // A Pascal string: its length (at most 255) in the first byte.
                    let n = b.len().min(it.count.saturating_sub(1)).min(255);
                    if it.count > 0 {
                        out[start] = n as u8;
                        out[start + 1..start + 1 + n].copy_from_slice(&b[..n]);
                    }
                    continue;
                }
                let n = b.len().min(it.count);
                out[start..start + n].copy_from_slice(&b[..n]);
                continue;
            }
            _ => {}
        }
        for k in 0..it.count {
            let v = &values[vi];
            vi += 1;
            let at = start + k * it.size;
            let slot = &mut out[at..at + it.size];
            match it.code {
                b'c' => match v
                    .as_bytes()
                    .filter(|b| v.kind() == Kind::Bytes && b.len() == 1)
                {
                    Some(b) => slot[0] = b[0],
                    None => {
                        return Err(error(ts, "char format requires a bytes object of length 1"));
                    }
                },
                b'?' => slot[0] = u8::from(ts.is_true(v)?),
                b'f' | b'd' => {
                    let x = match v.kind() {
                        Kind::Float | Kind::Int | Kind::Bool => crate::args::float_arg(v)?,
                        _ => return Err(error(ts, "required argument is not a float")),
                    };
                    if it.code == b'f' {
                        let y = x as f32;
                        if y.is_infinite() && x.is_finite() {
                            return Err(PyErr::new(
                                &exc::OVERFLOW_ERROR,
                                "float too large to pack with f format",
                            ));
                        }
                        let mut le = [0u8; 8];
                        le[..4].copy_from_slice(&y.to_le_bytes());
                        put_bytes(slot, le, 4, fmt.order);
                    } else {
                        put_bytes(slot, x.to_le_bytes(), 8, fmt.order);
                    }
                }
                code => {
                    if !matches!(v.kind(), Kind::Int | Kind::Bool) {
                        return Err(error(ts, "required argument is not an integer"));
                    }
                    let n = v.as_bigint().unwrap_or_default();
                    let (lo, hi) = int_range(code, it.size);
                    if n < lo || n > hi {
                        return Err(error(
                            ts,
                            &format!("'{}' format requires {lo} <= number <= {hi}", code as char),
                        ));
                    }
                    let le = n.to_i128().map_or([0u8; 16], i128::to_le_bytes);
                    let mut w = [0u8; 8];
                    w.copy_from_slice(&le[..8]);
                    put_bytes(slot, w, it.size, fmt.order);
                }
            }
        }
    }
    ts.py().bytes(&out)
}

fn get_bytes(src: &[u8], size: usize, order: Order) -> [u8; 8] {
    let mut le = [0u8; 8];
    match order {
        Order::Big => {
            for (d, s) in le.iter_mut().zip(src[..size].iter().rev()) {
                *d = *s;
            }
        }
        _ => le[..size].copy_from_slice(&src[..size]),
    }
    le
}

fn unpack<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = a.exactly("unpack", 2)?;
    let f = fmt_arg(&a)?;
    let fmt = parse(ts, &f)?;
    let py = ts.py();
    let Some(buf) = v[1].as_bytes().filter(|_| v[1].kind() == Kind::Bytes) else {
        return Err(PyErr::type_error(format!(
            "a bytes-like object is required, not '{}'",
            v[1].type_name()
        )));
    };
    let (starts, size) = fmt.layout();
    if buf.len() != size {
        return Err(error(
            ts,
            &format!("unpack requires a buffer of {size} bytes"),
        ));
    }
    let mut out = Vec::new();
    for (it, &start) in fmt.items.iter().zip(&starts) {
        match it.code {
            b'x' => continue,
            b's' => {
                out.push(py.bytes(&buf[start..start + it.count])?);
                continue;
            }
            b'p' => {
                let n = usize::from(buf.get(start).copied().unwrap_or(0))
                    .min(it.count.saturating_sub(1));
                out.push(py.bytes(&buf[start + 1..start + 1 + n])?);
                continue;
            }
            _ => {}
        }
        for k in 0..it.count {
            let at = start + k * it.size;
            let src = &buf[at..at + it.size];
            let le = get_bytes(src, it.size, fmt.order);
            out.push(match it.code {
                b'c' => py.bytes(&src[..1])?,
                b'?' => py.bool(src[0] != 0),
                b'f' => py.float(f64::from(f32::from_le_bytes([le[0], le[1], le[2], le[3]])))?,
                b'd' => py.float(f64::from_le_bytes(le))?,
                code if code.is_ascii_uppercase() => {
                    py.int_big(&BigInt::from(u64::from_le_bytes(le)))?
                }
                _ => {
                    let shift = 64 - it.size * 8;
                    py.int((i64::from_le_bytes(le) << shift) >> shift)?
                }
            });
        }
    }
    py.tuple(&out)
}

static FUNCTIONS: [BuiltinDef; 3] = [
    BuiltinDef {
        name: "pack",
        func: pack,
    },
    BuiltinDef {
        name: "unpack",
        func: unpack,
    },
    BuiltinDef {
        name: "calcsize",
        func: calcsize,
    },
];
