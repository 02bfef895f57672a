//! C3 linearisation (CPython's `mro_implementation`): the method resolution order of a new
//! class from its bases, with CPython's errors for duplicate bases and for hierarchies
//! without a consistent order.

use subinterp_object::{Obj, PyErr, PyResult};

/// The MRO of a class with `bases`, without the class itself.
pub(crate) fn c3<'py>(bases: &[Obj<'py>]) -> PyResult<Vec<Obj<'py>>> {
    for (i, b) in bases.iter().enumerate() {
        if bases[..i].iter().any(|o| o.is(b)) {
            return Err(PyErr::type_error(format!(
                "duplicate base class {}",
                crate::type_call::type_name(b)
            )));
        }
    }
    if let [only] = bases {
        return Ok(only.type_mro());
    }
    let mut seqs: Vec<Vec<Obj<'py>>> = bases.iter().map(Obj::type_mro).collect();
    seqs.push(bases.to_vec());
    // Each sequence is consumed from the front: `heads[i]` is where sequence `i` starts now.
    let mut heads = vec![0usize; seqs.len()];
    let mut out = Vec::new();
    loop {
        let live: Vec<usize> = (0..seqs.len())
            .filter(|&i| heads[i] < seqs[i].len())
            .collect();
        if live.is_empty() {
            return Ok(out);
        }
        let in_tail = |c: &Obj<'py>| {
            live.iter()
                .any(|&j| seqs[j][heads[j] + 1..].iter().any(|o| o.is(c)))
        };
        let Some(pick) = live
            .iter()
            .map(|&i| seqs[i][heads[i]].clone())
            .find(|c| !in_tail(c))
        else {
            let mut names: Vec<Obj<'py>> = Vec::new();
            for &i in &live {
                let h = &seqs[i][heads[i]];
                if !names.iter().any(|n| n.is(h)) {
                    names.push(h.clone());
                }
            }
            let names: Vec<String> = names.iter().map(crate::type_call::type_name).collect();
            return Err(PyErr::type_error(format!(
                "Cannot create a consistent method resolution order (MRO) for bases {}",
                names.join(", ")
            )));
        };
        for &i in &live {
            if seqs[i][heads[i]].is(&pick) {
                heads[i] += 1;
            }
        }
        out.push(pick);
    }
}
