//! `repr()` and `str()` with CPython's output for every type here, recursion-safe: a container
//! already being printed shows as `[...]` / `{...}` / `(...)`.

use std::fmt::Write;

use crate::header::Raw;
use crate::recursion::{While, enter};
use crate::types::{Kind, kind_of, text, type_data, type_of};
use crate::upcall::{NoUpcall, Upcall};
use crate::{Obj, Py, PyResult};

/// Whether CPython considers `c` printable (`str.isprintable`): not a control, format,
/// separator (other than space), private-use, noncharacter or surrogate code point. Other
/// unassigned code points are treated as printable (there is no Unicode database here).
/// Shared with the script crate's lexer and AST printer so both escape the same characters.
pub fn is_printable(c: char) -> bool {
    let u = c as u32;
    let nonchar = (u & 0xFFFE) == 0xFFFE || (0xFDD0..=0xFDEF).contains(&u);
    !(c.is_control()
        || nonchar
        || matches!(u, 0xA0 | 0xAD | 0x1680 | 0x180E | 0x2000..=0x200F | 0x2028..=0x202F | 0x205F..=0x2064)
        || matches!(u, 0x2066..=0x206F | 0x3000 | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF)
        || matches!(u, 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x110BD | 0x1BCA0..=0x1BCA3)
        || matches!(u, 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD))
}

/// `repr(s)` for a str: single quotes unless the text contains `'` and no `"`; `\\`, `\n`,
/// `\r`, `\t` and the quote escaped; other non-printables as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
pub fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x7f && c >= ' ' => out.push(c),
            c if (c as u32) >= 0xa1 && is_printable(c) => out.push(c),
            c => {
                let u = c as u32;
                let _ = if u < 0x100 {
                    write!(out, "\\x{u:02x}")
                } else if u < 0x10000 {
                    write!(out, "\\u{u:04x}")
                } else {
                    write!(out, "\\U{u:08x}")
                };
            }
        }
    }
    out.push(q);
    out
}

/// `repr(b)` for bytes: `b'...'` with the same quote rule, and `\xhh` for bytes outside
/// printable ASCII.
pub fn bytes_repr(b: &[u8]) -> String {
    let q = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(q as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(q as char);
    out
}

/// `<class 'NAME'>` / `<class 'MODULE.NAME'>`.
///
/// # Safety
/// `t` is a live type object.
unsafe fn type_repr(t: Raw) -> String {
    // SAFETY: the contract.
    let d = unsafe { type_data(t) };
    // SAFETY: the contract; a heap type's qualname is a str it owns.
    let q = unsafe { crate::heaptype::qualname_text(t) };
    let (m, n) = (text(&d.module), q.unwrap_or(d.name.as_str()));
    if m == "builtins" {
        format!("<class '{n}'>")
    } else {
        format!("<class '{m}.{n}'>")
    }
}

struct Repr<'a, 'py> {
    py: Py<'py>,
    out: String,
    active: Vec<Raw>,
    /// The loop's `repr` for items that are instances of classes made at run time.
    up: &'a mut dyn Upcall<'py>,
    /// Whether the next object printed is the one asked for (never handed to `up`).
    top: bool,
}

impl<'py> Repr<'_, 'py> {
    fn seq(&mut self, items: &[Raw], open: &str, close: &str, tuple1: bool) -> PyResult<()> {
        self.out.push_str(open);
        for (i, &it) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.obj(it)?;
        }
        if tuple1 && items.len() == 1 {
            self.out.push(',');
        }
        self.out.push_str(close);
        Ok(())
    }

    // Out of line (as `set`): the deep repr levels run `obj`, whose frame must stay small.
    #[inline(never)]
    fn big_int(&mut self, o: &Obj<'_>) -> PyResult<()> {
        let limit = self.py.int_max_str_digits();
        let text = crate::bigint::int_to_decimal(&o.as_bigint().unwrap_or_default(), limit)?;
        self.out.push_str(&text);
        Ok(())
    }

    #[inline(never)]
    fn set(&mut self, o: &Obj<'_>) -> PyResult<()> {
        let p = o.raw();
        let frozen = kind_of(p) == Kind::FrozenSet;
        // A subclass's instances print as `Name({...})` and `Name()`, as `frozenset`'s do.
        let named = frozen || o.get_type().is_heap_type();
        let items = o.set_items()?;
        if items.is_empty() {
            self.out.push_str(o.type_name());
            self.out.push_str("()");
            return Ok(());
        }
        if self.active.contains(&p) {
            // Only reachable through a native repr hook: sets cannot hold themselves.
            self.out.push_str("{...}");
            return Ok(());
        }
        self.active.push(p);
        if named {
            self.out.push_str(o.type_name());
            self.out.push('(');
        }
        self.out.push('{');
        for (i, k) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.obj(k.raw())?;
        }
        self.out.push('}');
        if named {
            self.out.push(')');
        }
        self.active.pop();
        Ok(())
    }

    fn obj(&mut self, p: Raw) -> PyResult<()> {
        // Every level, containers or not: a native class's repr hook or a module's name may
        // print objects again, through a fresh `repr_string`.
        let _level = enter(While::Repr)?;
        // Hold a reference while printing: nothing here runs user code, but stay robust.
        // SAFETY: `p` is live (held by its container or the caller).
        let o = unsafe { Obj::borrowed(self.py, p) };
        if !std::mem::replace(&mut self.top, false) && crate::upcall::is_heap_instance(p) {
            let s = self.up.repr(&o)?;
            self.out.push_str(&s);
            return Ok(());
        }
        match kind_of(p) {
            Kind::None => self.out.push_str("None"),
            Kind::Bool => self.out.push_str(if o.as_bool() == Some(true) {
                "True"
            } else {
                "False"
            }),
            Kind::Int => match o.as_i64() {
                Some(i) => {
                    let _ = write!(self.out, "{i}");
                }
                None => self.big_int(&o)?,
            },
            Kind::Float => self
                .out
                .push_str(&crate::float::float_repr(o.as_f64().unwrap_or_default())),
            Kind::Str => self.out.push_str(&str_repr(o.as_str().unwrap_or_default())),
            Kind::Bytes => self
                .out
                .push_str(&bytes_repr(o.as_bytes().unwrap_or_default())),
            // A tuple can contain itself through a list (`t = ([],); t[0].append(t)`).
            Kind::Tuple if self.active.contains(&p) => self.out.push_str("(...)"),
            Kind::Tuple => {
                // SAFETY: kind checked; the tuple is held by `o`.
                let items = unsafe { crate::tuple::items(p) }.to_vec();
                self.active.push(p);
                self.seq(&items, "(", ")", true)?;
                self.active.pop();
            }
            Kind::List => {
                if self.active.contains(&p) {
                    self.out.push_str("[...]");
                } else {
                    // SAFETY: kind checked; `o` holds the list.
                    let d = unsafe { crate::list::data(p) };
                    let items: Vec<Raw> =
                        (0..d.items.len()).filter_map(|i| d.items.get(i)).collect();
                    let held: Vec<Obj<'_>> =
                        // SAFETY: items are live while the list holds them.
                        items.iter().map(|&i| unsafe { Obj::borrowed(self.py, i) }).collect();
                    self.active.push(p);
                    self.seq(&items, "[", "]", false)?;
                    self.active.pop();
                    drop(held);
                }
            }
            Kind::Dict => {
                if self.active.contains(&p) {
                    self.out.push_str("{...}");
                } else {
                    let items = o.dict_items()?;
                    self.active.push(p);
                    self.out.push('{');
                    for (i, (k, v)) in items.iter().enumerate() {
                        if i > 0 {
                            self.out.push_str(", ");
                        }
                        self.obj(k.raw())?;
                        self.out.push_str(": ");
                        self.obj(v.raw())?;
                    }
                    self.out.push('}');
                    self.active.pop();
                }
            }
            Kind::Set | Kind::FrozenSet => self.set(&o)?,
            // SAFETY: kind checked; `o` holds the type.
            Kind::Type => self.out.push_str(&unsafe { type_repr(p) }),
            // SAFETY: kind checked.
            Kind::Module => self
                .out
                .push_str(&unsafe { crate::module::module_repr(&o) }?),
            // SAFETY: kind checked.
            Kind::Capsule => self
                .out
                .push_str(&unsafe { crate::capsule::capsule_repr(&o) }),
            Kind::Exception => {
                // SAFETY: the type of a live object is a live type object.
                let d = unsafe { type_data(type_of(p)) };
                self.out.push_str(d.name.as_str());
                // SAFETY: kind checked; the args tuple is live while the exception (held by
                // `o`) is.
                let items = unsafe { crate::tuple::items(crate::exc::args(p)) }.to_vec();
                self.active.push(p);
                self.seq(&items, "(", ")", false)?;
                self.active.pop();
            }
            Kind::Native => {
                // SAFETY: the type of a live object is a live type object.
                let d = unsafe { type_data(type_of(p)) };
                match d.slots.repr {
                    Some(f) => self.out.push_str(&f(&o)?),
                    None => {
                        let _ = write!(
                            self.out,
                            "<{}.{} object at {:#x}>",
                            text(&d.module),
                            d.name.as_str(),
                            o.id()
                        );
                    }
                }
            }
            Kind::Object => {
                // SAFETY: the type of a live object is a live type object.
                let t = unsafe { type_repr(type_of(p)) };
                // `<class 'm.Q'>` to `<m.Q object at 0x...>`.
                let name = t
                    .strip_prefix("<class '")
                    .and_then(|t| t.strip_suffix("'>"));
                let _ = write!(
                    self.out,
                    "<{} object at {:#x}>",
                    name.unwrap_or("object"),
                    o.id()
                );
            }
        }
        Ok(())
    }
}

/// `repr(o)`.
pub(crate) fn repr_string(o: &Obj<'_>) -> PyResult<String> {
    o.repr_with(&mut NoUpcall)
}

impl<'py> Obj<'py> {
    /// `repr(self)`.
    pub fn repr(&self) -> PyResult<String> {
        repr_string(self)
    }

    /// `repr(self)`, the items of containers that are instances of classes made at run time
    /// printed through `up` (their `__repr__`; see [`Upcall`]).
    pub fn repr_with(&self, up: &mut dyn Upcall<'py>) -> PyResult<String> {
        let mut r = Repr {
            py: self.py(),
            out: String::new(),
            active: Vec::new(),
            up,
            top: true,
        };
        r.obj(self.raw())?;
        Ok(r.out)
    }

    /// `str(self)` with the items of containers printed through `up` (see
    /// [`repr_with`](Self::repr_with)).
    pub fn str_with(&self, up: &mut dyn Upcall<'py>) -> PyResult<String> {
        match self.kind() {
            Kind::Str => self.str(),
            Kind::Exception => {
                let _level = enter(While::Str)?;
                // SAFETY: kind checked.
                unsafe { crate::exc::exc_str(self, up) }
            }
            _ => self.repr_with(up),
        }
    }

    /// `str(self)`: the text of a str, the message of an exception, else the repr.
    pub fn str(&self) -> PyResult<String> {
        match self.kind() {
            Kind::Str => Ok(self.as_str().unwrap_or_default().to_owned()),
            Kind::Exception => {
                let _level = enter(While::Str)?;
                // SAFETY: kind checked.
                unsafe { crate::exc::exc_str(self, &mut crate::upcall::NoUpcall) }
            }
            _ => self.repr(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(s: &str, expect: &str) {
        assert_eq!(str_repr(s), expect);
    }

    #[test]
    fn str_quoting_matches_cpython() {
        check("abc", "'abc'");
        check("it's", "\"it's\"");
        check("say \"hi\"", "'say \"hi\"'");
        check("both ' and \"", "'both \\' and \"'");
        check("a\nb\tc\\", "'a\\nb\\tc\\\\'");
        check("\x00\x1f\x7f", "'\\x00\\x1f\\x7f'");
        check("\u{a0}é\u{ad}", "'\\xa0é\\xad'");
        check("snow ☃ 𝄞", "'snow ☃ 𝄞'");
        check("\u{200b}\u{2028}", "'\\u200b\\u2028'");
        check("\r", "'\\r'");
    }

    #[test]
    fn bytes_quoting_matches_cpython() {
        assert_eq!(bytes_repr(b"ab"), "b'ab'");
        assert_eq!(bytes_repr(b"it's"), "b\"it's\"");
        assert_eq!(bytes_repr(b"\x00\xff\n"), "b'\\x00\\xff\\n'");
        assert_eq!(bytes_repr(b""), "b''");
    }
}
