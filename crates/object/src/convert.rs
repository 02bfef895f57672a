//! `IntoObj`: Rust values to objects, so building nested data reads naturally:
//! `d.set_item(&py.str(k)?, &py.list_of((j, (j, i)))?)`.

use crate::{Obj, Py, PyResult};

/// A Rust value that can become an object under a token.
pub trait IntoObj<'py> {
    /// Makes the object.
    fn into_obj(self, py: Py<'py>) -> PyResult<Obj<'py>>;
}

impl<'py> IntoObj<'py> for Obj<'py> {
    fn into_obj(self, _: Py<'py>) -> PyResult<Obj<'py>> {
        Ok(self)
    }
}

impl<'py> IntoObj<'py> for &Obj<'py> {
    fn into_obj(self, _: Py<'py>) -> PyResult<Obj<'py>> {
        Ok(self.clone())
    }
}

impl<'py> IntoObj<'py> for () {
    fn into_obj(self, py: Py<'py>) -> PyResult<Obj<'py>> {
        Ok(py.none())
    }
}

impl<'py> IntoObj<'py> for bool {
    fn into_obj(self, py: Py<'py>) -> PyResult<Obj<'py>> {
        Ok(py.bool(self))
    }
}

macro_rules! ints {
    ($($t:ty),*) => {$(
        impl<'py> IntoObj<'py> for $t {
            #[inline]
            fn into_obj(self, py: Py<'py>) -> PyResult<Obj<'py>> {
                py.int_wide(i128::from(self))
            }
        }
    )*};
}
ints!(i8, i16, i32, i64, u8, u16, u32, u64);

impl<'py> IntoObj<'py> for usize {
    fn into_obj(self, py: Py<'py>) -> PyResult<Obj<'py>> {
        py.int_wide(self as i128)
    }
}

impl<'py> IntoObj<'py> for isize {
    fn into_obj(self, py: Py<'py>) -> PyResult<Obj<'py>> {
        py.int_wide(self as i128)
    }
}

impl<'py> IntoObj<'py> for f64 {
    fn into_obj(self, py: Py<'py>) -> PyResult<Obj<'py>> {
        py.float(self)
    }
}

impl<'py> IntoObj<'py> for &str {
    fn into_obj(self, py: Py<'py>) -> PyResult<Obj<'py>> {
        py.str(self)
    }
}

impl<'py> IntoObj<'py> for String {
    fn into_obj(self, py: Py<'py>) -> PyResult<Obj<'py>> {
        py.str(&self)
    }
}

impl<'py> IntoObj<'py> for &[u8] {
    fn into_obj(self, py: Py<'py>) -> PyResult<Obj<'py>> {
        py.bytes(self)
    }
}

impl<'py, T: IntoObj<'py>> IntoObj<'py> for Vec<T> {
    /// A `list`.
    fn into_obj(self, py: Py<'py>) -> PyResult<Obj<'py>> {
        let items = self
            .into_iter()
            .map(|x| x.into_obj(py))
            .collect::<PyResult<Vec<_>>>()?;
        py.list_from(items)
    }
}

/// Rust tuples become `tuple`s.
macro_rules! tuples {
    ($(($($n:ident),+)),*) => {$(
        impl<'py, $($n: IntoObj<'py>),+> IntoObj<'py> for ($($n,)+) {
            #[allow(non_snake_case)]
            fn into_obj(self, py: Py<'py>) -> PyResult<Obj<'py>> {
                let ($($n,)+) = self;
                py.tuple(&[$($n.into_obj(py)?),+])
            }
        }
    )*};
}
tuples!((A), (A, B), (A, B, C), (A, B, C, D), (A, B, C, D, E));

impl<'py> Py<'py> {
    /// Any [`IntoObj`] value as an object.
    #[inline]
    pub fn obj(self, v: impl IntoObj<'py>) -> PyResult<Obj<'py>> {
        v.into_obj(self)
    }

    /// A `list` of the items of a Rust tuple: `py.list_of((1, "a"))` is `[1, 'a']`.
    pub fn list_of(self, items: impl IntoObj<'py>) -> PyResult<Obj<'py>> {
        let t = items.into_obj(self)?;
        match t.tuple_items() {
            Some(items) => self.list_from(items),
            None => self.list_from([t]),
        }
    }
}
