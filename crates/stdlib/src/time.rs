//! `time`: the clocks (`time`, `monotonic`, `perf_counter`, `process_time` and their `_ns`
//! forms, read with `clock_gettime` as CPython does), `sleep` (the GIL released while it
//! sleeps, through [`Host::allow_threads`](subinterp_vm::Host::allow_threads)), and the
//! calendar basics: `gmtime`, `localtime`, `mktime`, `strftime`, `asctime`, `ctime` over the
//! platform's C library, with `struct_time` (`time_struct.rs`).

use std::time::Duration;

use subinterp_object::{Kind, Obj, PyErr, PyResult, exc};
use subinterp_vm::{Args, BuiltinDef, Tstate};

use crate::StdModule;
use crate::args::{add_functions, not_an_integer};
use crate::time_struct::{self, Tm};

/// The `time` module.
pub(crate) const MODULE: StdModule = StdModule {
    name: "time",
    doc: "This module provides various functions to manipulate time values.",
    exec,
};

fn exec(m: &Obj<'_>) -> PyResult<()> {
    let py = m.py();
    add_functions(m, &FUNCTIONS)?;
    m.setattr("struct_time", &time_struct::type_object(py))?;
    let (std_name, dst_name, timezone) = time_struct::zone_info();
    m.setattr("timezone", &py.int(timezone)?)?;
    m.setattr("altzone", &py.int(timezone - 3600)?)?;
    let daylight = i64::from(std_name != dst_name);
    m.setattr("daylight", &py.int(daylight)?)?;
    m.setattr(
        "tzname",
        &py.tuple(&[py.str(&std_name)?, py.str(&dst_name)?])?,
    )?;
    Ok(())
}

/// `clock_gettime(clock)` in nanoseconds.
fn clock_ns(clock: libc::clockid_t) -> PyResult<i128> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a live, writable `timespec`; `clock` is one of the clock ids the C
    // library defines.
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    if rc != 0 {
        let e = std::io::Error::last_os_error();
        return Err(PyErr::new(&exc::OS_ERROR, e.to_string()));
    }
    Ok(i128::from(ts.tv_sec) * 1_000_000_000 + i128::from(ts.tv_nsec))
}

macro_rules! clocks {
    ($($fname:ident, $nsname:ident, $name:literal, $clock:expr;)*) => {
        $(
            fn $fname<'py>(
                ts: &mut Tstate<'py>,
                _: Option<&Obj<'py>>,
                a: Args<'_, 'py>,
            ) -> PyResult<Obj<'py>> {
                a.exactly(concat!("time.", $name), 0)?;
                ts.py().float(clock_ns($clock)? as f64 * 1e-9)
            }

            fn $nsname<'py>(
                ts: &mut Tstate<'py>,
                _: Option<&Obj<'py>>,
                a: Args<'_, 'py>,
            ) -> PyResult<Obj<'py>> {
                a.exactly(concat!("time.", $name, "_ns"), 0)?;
                ts.py().int_wide(clock_ns($clock)?)
            }
        )*
    };
}

clocks! {
    time, time_ns, "time", libc::CLOCK_REALTIME;
    monotonic, monotonic_ns, "monotonic", libc::CLOCK_MONOTONIC;
    perf_counter, perf_counter_ns, "perf_counter", libc::CLOCK_MONOTONIC;
    process_time, process_time_ns, "process_time", libc::CLOCK_PROCESS_CPUTIME_ID;
    thread_time, thread_time_ns, "thread_time", libc::CLOCK_THREAD_CPUTIME_ID;
}

/// The value of float `v`, which must not be a NaN.
fn not_nan(v: &Obj<'_>) -> PyResult<f64> {
    let f = v.as_f64().unwrap_or(f64::NAN);
    if f.is_nan() {
        return Err(PyErr::new(
            &exc::VALUE_ERROR,
            "Invalid value NaN (not a number)",
        ));
    }
    Ok(f)
}

/// Seconds as an int or a float (`_PyTime_FromSecondsObject`), in nanoseconds rounded up
/// (CPython's timeout rounding).
fn seconds_ns(v: &Obj<'_>) -> PyResult<i128> {
    let too_large = || {
        PyErr::new(
            &exc::OVERFLOW_ERROR,
            "timestamp too large to convert to C PyTime_t",
        )
    };
    match v.kind() {
        Kind::Float => {
            let ns = (not_nan(v)? * 1e9).ceil();
            if ns.abs() >= 9.2e18 {
                return Err(too_large());
            }
            Ok(ns as i128)
        }
        Kind::Int | Kind::Bool => {
            let i = num_traits::ToPrimitive::to_i64(&v.as_bigint().unwrap_or_default())
                .filter(|i| i.unsigned_abs() < 9_223_372_036)
                .ok_or_else(too_large)?;
            Ok(i128::from(i) * 1_000_000_000)
        }
        _ => Err(not_an_integer(v)),
    }
}

/// `time.sleep(secs)`: without the GIL.
fn sleep<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let ns = seconds_ns(&a.exactly("time.sleep", 1)?[0])?;
    if ns < 0 {
        return Err(PyErr::new(
            &exc::VALUE_ERROR,
            "sleep length must be non-negative",
        ));
    }
    let d = Duration::from_nanos(u64::try_from(ns).unwrap_or(u64::MAX));
    let py = ts.py();
    ts.host().allow_threads(py, &mut || std::thread::sleep(d))?;
    Ok(py.none())
}

/// The `secs` argument of `gmtime`/`localtime`/`ctime`: now when absent or `None`, floats
/// rounded toward minus infinity as CPython's `_PyTime_ObjectToTime_t`.
fn time_t_arg(v: Option<&Obj<'_>>) -> PyResult<libc::time_t> {
    let out_of_range = || {
        PyErr::new(
            &exc::OVERFLOW_ERROR,
            "timestamp out of range for platform time_t",
        )
    };
    match v.filter(|v| !v.is_none()) {
        None => Ok((clock_ns(libc::CLOCK_REALTIME)? / 1_000_000_000) as libc::time_t),
        Some(v) => match v.kind() {
            Kind::Float => {
                let t = not_nan(v)?.floor();
                if t.abs() >= 9.2e18 {
                    return Err(out_of_range());
                }
                Ok(t as libc::time_t)
            }
            Kind::Int | Kind::Bool => {
                num_traits::ToPrimitive::to_i64(&v.as_bigint().unwrap_or_default())
                    .map(|i| i as libc::time_t)
                    .ok_or_else(out_of_range)
            }
            _ => Err(not_an_integer(v)),
        },
    }
}

fn gmtime<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let t = time_t_arg(a.between("gmtime", 0, 1)?.first())?;
    time_struct::new(ts.py(), &Tm::utc(t)?)
}

fn localtime<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let t = time_t_arg(a.between("localtime", 0, 1)?.first())?;
    time_struct::new(ts.py(), &Tm::local(t)?)
}

fn mktime<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let v = &a.exactly("time.mktime", 1)?[0];
    let tm = Tm::from_obj(ts, v, "mktime")?;
    ts.py().float(tm.mktime()? as f64)
}

/// The struct_time argument of `strftime`/`asctime`: now (local time) when absent.
fn tm_arg<'py>(ts: &mut Tstate<'py>, v: Option<&Obj<'py>>, fname: &str) -> PyResult<Tm> {
    match v {
        None => Tm::local(time_t_arg(None)?),
        Some(v) => Tm::from_obj(ts, v, fname),
    }
}

fn strftime<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let args = a.between("strftime", 1, 2)?;
    let Some(format) = args[0].as_str() else {
        return Err(PyErr::type_error(format!(
            "strftime() argument 1 must be str, not {}",
            args[0].type_name()
        )));
    };
    let tm = tm_arg(ts, args.get(1), "strftime")?;
    tm.check_ranges()?;
    ts.py().str(&tm.strftime(format)?)
}

fn asctime<'py>(
    ts: &mut Tstate<'py>,
    _: Option<&Obj<'py>>,
    a: Args<'_, 'py>,
) -> PyResult<Obj<'py>> {
    let args = a.between("asctime", 0, 1)?;
    let tm = tm_arg(ts, args.first(), "asctime")?;
    tm.check_ranges()?;
    ts.py().str(&tm.asctime())
}

fn ctime<'py>(ts: &mut Tstate<'py>, _: Option<&Obj<'py>>, a: Args<'_, 'py>) -> PyResult<Obj<'py>> {
    let t = time_t_arg(a.between("ctime", 0, 1)?.first())?;
    ts.py().str(&Tm::local(t)?.asctime())
}

static FUNCTIONS: [BuiltinDef; 17] = [
    BuiltinDef {
        name: "time",
        func: time,
    },
    BuiltinDef {
        name: "time_ns",
        func: time_ns,
    },
    BuiltinDef {
        name: "monotonic",
        func: monotonic,
    },
    BuiltinDef {
        name: "monotonic_ns",
        func: monotonic_ns,
    },
    BuiltinDef {
        name: "perf_counter",
        func: perf_counter,
    },
    BuiltinDef {
        name: "perf_counter_ns",
        func: perf_counter_ns,
    },
    BuiltinDef {
        name: "process_time",
        func: process_time,
    },
    BuiltinDef {
        name: "process_time_ns",
        func: process_time_ns,
    },
    BuiltinDef {
        name: "thread_time",
        func: thread_time,
    },
    BuiltinDef {
        name: "thread_time_ns",
        func: thread_time_ns,
    },
    BuiltinDef {
        name: "sleep",
        func: sleep,
    },
    BuiltinDef {
        name: "gmtime",
        func: gmtime,
    },
    BuiltinDef {
        name: "localtime",
        func: localtime,
    },
    BuiltinDef {
        name: "mktime",
        func: mktime,
    },
    BuiltinDef {
        name: "strftime",
        func: strftime,
    },
    BuiltinDef {
        name: "asctime",
        func: asctime,
    },
    BuiltinDef {
        name: "ctime",
        func: ctime,
    },
];
