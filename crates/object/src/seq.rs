//! Indexed access to lists and tuples without copying them, for layers that iterate (the eval
//! loop's iterators, unpacking, calls with `*args`).

use crate::Obj;
use crate::types::Kind;

impl<'py> Obj<'py> {
    /// Item `i` (non-negative) of a list or tuple, as a new reference; `None` past the end or
    /// for other objects.
    #[inline]
    pub fn seq_get(&self, i: usize) -> Option<Obj<'py>> {
        let p = match self.kind() {
            // SAFETY: kind checked; the list is live while `self` is.
            Kind::List => unsafe { crate::list::data(self.raw()) }.items.get(i)?,
            // SAFETY: kind checked; the items live while the tuple does.
            Kind::Tuple => *unsafe { crate::tuple::items(self.raw()) }.get(i)?,
            _ => return None,
        };
        // SAFETY: the container owns a reference to the item, live while `self` is.
        Some(unsafe { Obj::borrowed(self.py, p) })
    }

    /// The length of a list or tuple (`None` for other objects).
    #[inline]
    pub fn seq_len(&self) -> Option<usize> {
        match self.kind() {
            // SAFETY: kind checked; the list is live while `self` is.
            Kind::List => Some(unsafe { crate::list::data(self.raw()) }.items.len()),
            // SAFETY: kind checked.
            Kind::Tuple => Some(unsafe { crate::tuple::items(self.raw()) }.len()),
            _ => None,
        }
    }
}
