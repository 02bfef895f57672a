//! `time.struct_time` (a named 9-sequence with `tm_zone` and `tm_gmtoff`, comparing and
//! indexing as its tuple) and the C `struct tm` behind `gmtime`, `localtime`, `mktime` and
//! `strftime`.

use std::ffi::{CStr, CString};

use subinterp_object::{Kind, Obj, ObjRef, Py, PyErr, PyResult, Slots, StaticType, exc};
use subinterp_vm::{CmpOp, Protocol, Tstate, bind_ref, ext_value, new_ext};

use crate::args::index_arg;

/// The field names, in sequence order.
const FIELDS: [&str; 9] = [
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
];

/// A `struct_time`: its nine fields as a tuple, plus the zone name and UTC offset.
struct StructTime {
    tuple: ObjRef,
    zone: Option<String>,
    gmtoff: Option<i64>,
}

static STRUCT_TIME: StaticType = StaticType::native("struct_time", "time", &SLOTS);
static SLOTS: Slots = Slots {
    methods: None,
    getattr: Some(getattr),
    repr: Some(repr),
    ..Slots::EMPTY
};
static PROTO: Protocol = Protocol {
    iter: Some(|ts, o| {
        let t = tuple_of(o)?;
        ts.get_iter(&t)
    }),
    len: Some(|_, _| Ok(FIELDS.len())),
    getitem: Some(|ts, o, k| {
        let t = tuple_of(o)?;
        ts.get_item(&t, k)
    }),
    compare: Some(compare),
    ..Protocol::NONE
};

/// `time.struct_time`, the class.
pub(crate) fn type_object(py: Py<'_>) -> Obj<'_> {
    STRUCT_TIME.get(py)
}

fn tuple_of<'py>(o: &Obj<'py>) -> PyResult<Obj<'py>> {
    match ext_value::<StructTime>(o) {
        Some(s) => bind_ref(&s.tuple, o.py()),
        None => Ok(o.clone()),
    }
}

fn compare<'py>(
    ts: &mut Tstate<'py>,
    op: CmpOp,
    a: &Obj<'py>,
    b: &Obj<'py>,
) -> PyResult<Option<bool>> {
    if b.kind() != Kind::Tuple && ext_value::<StructTime>(b).is_none() {
        return Ok(None);
    }
    let (a, b) = (tuple_of(a)?, tuple_of(b)?);
    ts.compare(op, &a, &b).map(Some)
}

fn getattr<'py>(o: &Obj<'py>, name: &str) -> Option<PyResult<Obj<'py>>> {
    let s = ext_value::<StructTime>(o)?;
    let py = o.py();
    if let Some(i) = FIELDS.iter().position(|f| *f == name) {
        return Some(bind_ref(&s.tuple, py).map(|t| t.seq_get(i).unwrap_or_else(|| py.none())));
    }
    Some(match name {
        "tm_zone" => match &s.zone {
            Some(z) => py.str(z),
            None => Ok(py.none()),
        },
        "tm_gmtoff" => match s.gmtoff {
            Some(g) => py.int(g),
            None => Ok(py.none()),
        },
        "n_fields" => py.int(11),
        "n_sequence_fields" => py.int(9),
        "n_unnamed_fields" => py.int(0),
        _ => return None,
    })
}

fn repr(o: &Obj<'_>) -> PyResult<String> {
    let t = tuple_of(o)?;
    let mut out = String::from("time.struct_time(");
    for (i, f) in FIELDS.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let v = t
            .seq_get(i)
            .map(|v| v.repr())
            .transpose()?
            .unwrap_or_default();
        out.push_str(&format!("{f}={v}"));
    }
    out.push(')');
    Ok(out)
}

/// A new `struct_time` for `tm`.
pub(crate) fn new<'py>(py: Py<'py>, tm: &Tm) -> PyResult<Obj<'py>> {
    let t = &tm.0;
    let vals = [
        i64::from(t.tm_year) + 1900,
        i64::from(t.tm_mon) + 1,
        i64::from(t.tm_mday),
        i64::from(t.tm_hour),
        i64::from(t.tm_min),
        i64::from(t.tm_sec),
        (i64::from(t.tm_wday) + 6) % 7,
        i64::from(t.tm_yday) + 1,
        i64::from(t.tm_isdst),
    ];
    let items = vals
        .iter()
        .map(|v| py.int(*v))
        .collect::<PyResult<Vec<_>>>()?;
    let zone = zone_name(t);
    new_ext(
        py,
        &STRUCT_TIME,
        &PROTO,
        StructTime {
            tuple: py.tuple(&items)?.unbind(),
            zone,
            gmtoff: Some(t.tm_gmtoff),
        },
    )
}

/// The zone abbreviation of a `struct tm` filled by `gmtime_r`/`localtime_r`.
fn zone_name(t: &libc::tm) -> Option<String> {
    if t.tm_zone.is_null() {
        return None;
    }
    // SAFETY: a non-null `tm_zone` set by `gmtime_r`/`localtime_r` points to a NUL-terminated
    // string of the C library that lives for the process.
    let z = unsafe { CStr::from_ptr(t.tm_zone) };
    Some(z.to_string_lossy().into_owned())
}

/// The local zone's standard and daylight names and its offset west of UTC in seconds
/// (`time.tzname`, `time.timezone`), from January's and July's local times of this year.
pub(crate) fn zone_info() -> (String, String, i64) {
    let now = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)) as libc::time_t;
    let year_start = now - now % (365 * 86400);
    let jan = Tm::local(year_start).ok();
    let jul = Tm::local(year_start + 182 * 86400).ok();
    let name = |tm: &Option<Tm>| {
        tm.as_ref()
            .and_then(|t| zone_name(&t.0))
            .unwrap_or_else(|| String::from("UTC"))
    };
    let (n1, n2) = (name(&jan), name(&jul));
    let off = |tm: &Option<Tm>| tm.as_ref().map_or(0, |t| -t.0.tm_gmtoff);
    if jul.as_ref().is_some_and(|t| t.0.tm_isdst > 0) {
        (n1, n2, off(&jan))
    } else if jan.as_ref().is_some_and(|t| t.0.tm_isdst > 0) {
        (n2, n1, off(&jul))
    } else {
        (n1, n2, off(&jan))
    }
}

/// A C `struct tm`.
pub(crate) struct Tm(libc::tm);

fn zeroed_tm() -> libc::tm {
    // SAFETY: `struct tm` is plain data (ints, a long and a nullable pointer): all zeroes
    // is a valid value.
    unsafe { std::mem::zeroed() }
}

impl Tm {
    /// `gmtime_r(t)`.
    pub(crate) fn utc(t: libc::time_t) -> PyResult<Tm> {
        let mut tm = zeroed_tm();
        // SAFETY: both pointers are to live locals for the duration of the call.
        let r = unsafe { libc::gmtime_r(&t, &mut tm) };
        if r.is_null() {
            return Err(out_of_range());
        }
        Ok(Tm(tm))
    }

    /// `localtime_r(t)`.
    pub(crate) fn local(t: libc::time_t) -> PyResult<Tm> {
        let mut tm = zeroed_tm();
        // SAFETY: both pointers are to live locals for the duration of the call.
        let r = unsafe { libc::localtime_r(&t, &mut tm) };
        if r.is_null() {
            return Err(out_of_range());
        }
        Ok(Tm(tm))
    }

    /// A `struct_time` or 9-tuple argument (CPython's `gettmarg`).
    pub(crate) fn from_obj<'py>(ts: &mut Tstate<'py>, v: &Obj<'py>, fname: &str) -> PyResult<Tm> {
        let st = ext_value::<StructTime>(v);
        let t = match st {
            Some(s) => bind_ref(&s.tuple, v.py())?,
            None if v.kind() == Kind::Tuple => v.clone(),
            None => {
                return Err(PyErr::type_error("Tuple or struct_time argument required"));
            }
        };
        let items = ts.to_vec(&t)?;
        if items.len() != 9 {
            return Err(PyErr::type_error(format!(
                "{fname}(): illegal time tuple argument"
            )));
        }
        let mut f = [0i32; 9];
        for (slot, item) in f.iter_mut().zip(&items) {
            let b = index_arg(item)?;
            *slot = num_traits::ToPrimitive::to_i32(&b).ok_or_else(|| {
                PyErr::new(
                    &exc::OVERFLOW_ERROR,
                    "Python int too large to convert to C int",
                )
            })?;
        }
        let mut tm = zeroed_tm();
        tm.tm_year = f[0].wrapping_sub(1900);
        tm.tm_mon = f[1] - 1;
        tm.tm_mday = f[2];
        tm.tm_hour = f[3];
        tm.tm_min = f[4];
        tm.tm_sec = f[5];
        tm.tm_wday = (f[6] + 1).rem_euclid(7);
        tm.tm_yday = f[7] - 1;
        tm.tm_isdst = f[8];
        if let Some(s) = st {
            tm.tm_gmtoff = s.gmtoff.unwrap_or(0);
        }
        Ok(Tm(tm))
    }

    /// CPython's `checktm` after its normalisations (a month, day or day of the year of 0
    /// is taken as 1; `isdst` clamped to -1..=1).
    pub(crate) fn check_ranges(&self) -> PyResult<()> {
        let t = &self.0;
        let bad = |what: &str| {
            Err(PyErr::new(
                &exc::VALUE_ERROR,
                format!("{what} out of range"),
            ))
        };
        if !(-1..=11).contains(&t.tm_mon) {
            return bad("month");
        }
        if !(0..=31).contains(&t.tm_mday) {
            return bad("day of month");
        }
        if !(0..=23).contains(&t.tm_hour) {
            return bad("hour");
        }
        if !(0..=59).contains(&t.tm_min) {
            return bad("minute");
        }
        if !(0..=61).contains(&t.tm_sec) {
            return bad("seconds");
        }
        if !(-1..=365).contains(&t.tm_yday) {
            return bad("day of year");
        }
        Ok(())
    }

    fn normalised(&self) -> libc::tm {
        let mut t = self.0;
        t.tm_mon = t.tm_mon.max(0);
        t.tm_mday = t.tm_mday.max(1);
        t.tm_yday = t.tm_yday.max(0);
        t.tm_isdst = t.tm_isdst.clamp(-1, 1);
        t
    }

    /// `strftime(format)`.
    pub(crate) fn strftime(&self, format: &str) -> PyResult<String> {
        if format.is_empty() {
            return Ok(String::new());
        }
        let t = self.normalised();
        let fmt = CString::new(format)
            .map_err(|_| PyErr::new(&exc::VALUE_ERROR, "embedded null character"))?;
        let mut cap = 256usize;
        loop {
            let mut buf = vec![0u8; cap];
            // SAFETY: `buf` has `cap` writable bytes, `fmt` is NUL-terminated and `t` a
            // live `struct tm`.
            let n = unsafe { libc::strftime(buf.as_mut_ptr().cast(), cap, fmt.as_ptr(), &t) };
            if n > 0 || cap > 256 * format.len() {
                buf.truncate(n);
                return Ok(String::from_utf8_lossy(&buf).into_owned());
            }
            cap *= 4;
        }
    }

    /// `asctime()`: `Thu Jan  1 00:00:00 1970`.
    pub(crate) fn asctime(&self) -> String {
        const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let t = self.normalised();
        format!(
            "{} {}{:3} {:02}:{:02}:{:02} {}",
            DAYS[t.tm_wday.rem_euclid(7) as usize],
            MONTHS[t.tm_mon.clamp(0, 11) as usize],
            t.tm_mday,
            t.tm_hour,
            t.tm_min,
            t.tm_sec,
            i64::from(t.tm_year) + 1900
        )
    }

    /// `mktime()`: the local time as seconds since the epoch.
    pub(crate) fn mktime(&self) -> PyResult<libc::time_t> {
        let mut t = self.0;
        // A sentinel in `tm_wday` tells an error (-1 result with the fields untouched) from
        // one second before the epoch.
        t.tm_wday = -1;
        // SAFETY: `t` is a live, writable `struct tm`.
        let r = unsafe { libc::mktime(&mut t) };
        if r == -1 && t.tm_wday == -1 {
            return Err(PyErr::new(
                &exc::OVERFLOW_ERROR,
                "mktime argument out of range",
            ));
        }
        Ok(r)
    }
}

fn out_of_range() -> PyErr {
    PyErr::new(
        &exc::OVERFLOW_ERROR,
        "timestamp out of range for platform time_t",
    )
}
