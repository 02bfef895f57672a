//! [`Gil`]: CPython's GIL with its switching rules, plus a FIFO of waiters and direct handoff.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::breaker::EvalBreaker;
use crate::error::{AlreadyHeld, IntervalError};
use crate::id::HolderId;
use crate::stats::GilStats;
use crate::sync::{self, AtomicBool, AtomicU64, Condvar, Mutex, MutexGuard, Ordering};

/// The default switch interval: 5 ms (CPython's `DEFAULT_INTERVAL`, in microseconds 5000).
pub const DEFAULT_INTERVAL: Duration = Duration::from_micros(5000);

/// A global interpreter lock with CPython's switching semantics.
///
/// A GIL is owned by one interpreter or shared by several: share it by cloning the `Arc`. Its
/// OS resources go away with the last `Arc` (CPython never frees them, bpo-9901). The switch
/// interval belongs to the GIL, so an interpreter sharing main's GIL changes main's interval
/// too, and an own-GIL interpreter starts at the default rather than inheriting main's.
///
/// # Algorithm
///
/// The shape is CPython's `struct _gil_runtime_state` (`Python/ceval_gil.c`): a mutex protecting
/// a `locked` flag, the last holder, a switch number and a switch interval; a waiter whose
/// interval runs out sets a drop request on the holder's eval breaker, and the holder hands the
/// GIL over at its next check. Two of CPython's weak points (reference §8.1) are fixed:
///
/// - Waiters queue in FIFO order and only the head of the queue times out, so every waiter gets
///   the GIL within (its place in the queue) x (interval + the holder's check latency). In
///   CPython every waiter restarts a full interval after every switch and the requester can lose
///   to any other thread.
/// - A drop that answers a request hands the GIL straight to the requester (the GIL never
///   becomes free in between). That is FORCE_SWITCHING by construction: the dropping thread
///   cannot take the GIL back before the requester has had it, and there is no untimed wait on a
///   `switch_cond` that a dying thread could leave hanging (gh-96387, gh-104341).
///
/// A voluntary release (no request pending) makes the GIL free and wakes the head waiter;
/// anyone may take a free GIL, including the thread that just released it, exactly as in
/// CPython. That keeps short release/re-take pairs (I/O) cheap, and the head's deadline keeps
/// the wait bounded anyway.
///
/// The head's interval starts when it becomes the head of a held GIL, whoever makes it so
/// (not when its thread next runs). While it counts down, the holder's breaker carries
/// [`EvalBreaker::GIL_WAITER`], and the holder's check compares the clock with the head's
/// deadline: once it has passed, the holder makes the head's drop request itself and hands
/// over at once. The head's own timed wait makes the same request if it runs first; either
/// way the request is the timed-out waiter's, made once, under the mutex. This spares the
/// waiter a wake-up on a loaded machine (its timer firing, then its thread getting a CPU
/// before it can even ask), which otherwise adds a scheduling delay to every forced switch;
/// the holder pays one clock read per 16 checks while a waiter counts down.
///
/// # State table of the GIL word
///
/// `locked` and `drop_requested` live under the GIL's mutex with the waiter queue.
///
/// | locked | drop_requested | queue | meaning | next transitions |
/// |---|---|---|---|---|
/// | no | no | empty | free | take: -> held |
/// | no | no | waiters | free, head woken | head or any newcomer takes it: -> held |
/// | yes | no | empty | held | release: -> free; a newcomer queues |
/// | yes | no | waiters | held, head counting down its interval (GIL_WAITER set on the holder's breaker) | interval ends, seen by the head or by the holder's check: -> requested; release: -> free, head woken |
/// | yes | yes | waiters | held, holder asked to drop (DROP_REQUEST set on its breaker) | holder's check, release or yield: handoff to head -> held by head, request cleared |
/// | no | yes | any | impossible: a request is only made while held and is consumed by the handoff | |
/// | yes | yes | empty | impossible: the requester is the head and leaves only when granted | |
///
/// `switch_number` grows by one at every change of holder, and not when the same holder takes
/// the GIL again (CPython's rule). Handing the GIL to another thread state on the same OS thread
/// ([`GilGuard::transfer`]) is not a switch: no other thread got a turn.
#[derive(Debug)]
pub struct Gil {
    state: Mutex<State>,
    /// The interval in microseconds; below 1 µs it is stored as 0 and waits use 1 µs.
    interval_us: AtomicU64,
    /// The running countdown's deadline in nanoseconds since `epoch`, plus one; 0 when none
    /// runs. A hint the holder's check reads without the lock (the truth is
    /// `State::countdown`): it only decides whether taking the lock is worth it.
    deadline_ns: AtomicU64,
    epoch: Instant,
}

#[derive(Debug)]
struct State {
    locked: bool,
    /// The holder, or the last one while free (CPython's `last_holder`).
    holder: Option<HolderId>,
    /// Where a drop request for the holder goes: the breaker of the holder, or of the last
    /// one while free (kept so a holder taking the GIL again costs no reference count).
    holder_breaker: Option<Arc<EvalBreaker>>,
    switch_number: u64,
    drop_requested: bool,
    queue: VecDeque<Arc<Waiter>>,
    /// The head waiter's interval, while it waits for a held GIL and has not asked yet.
    countdown: Option<Countdown>,
    stats: GilStats,
}

/// The interval the head waiter is counting down.
#[derive(Debug, Clone, Copy)]
struct Countdown {
    head: HolderId,
    deadline: Instant,
}

/// One queued acquisition.
#[derive(Debug)]
struct Waiter {
    cond: Condvar,
    holder: HolderId,
    breaker: Arc<EvalBreaker>,
    /// Set under the GIL mutex by a thread that handed the GIL to this waiter.
    granted: AtomicBool,
}

impl Gil {
    /// A free GIL with the default interval.
    pub fn new() -> Self {
        Self {
            state: Mutex::new(State {
                locked: false,
                holder: None,
                holder_breaker: None,
                switch_number: 0,
                drop_requested: false,
                queue: VecDeque::new(),
                countdown: None,
                stats: GilStats::default(),
            }),
            interval_us: AtomicU64::new(DEFAULT_INTERVAL.as_micros() as u64),
            deadline_ns: AtomicU64::new(0),
            epoch: Instant::now(),
        }
    }

    /// Takes the GIL for `holder`, blocking until it is free or handed over (CPython's
    /// `take_gil`). Drop requests for this holder go to `breaker`.
    ///
    /// Not reentrant: taking it again for the holder that holds it (which would wait for
    /// itself forever) fails with [`AlreadyHeld`].
    pub fn acquire(
        self: &Arc<Self>,
        holder: HolderId,
        breaker: &Arc<EvalBreaker>,
    ) -> Result<GilGuard, AlreadyHeld> {
        let st = self.state.lock();
        if st.locked && st.holder == Some(holder) {
            return Err(AlreadyHeld { holder });
        }
        self.take_locked(st, holder, breaker);
        Ok(self.guard(holder, breaker))
    }

    /// [`acquire`](Self::acquire) for callers whose holders cannot hold the GIL already (a
    /// thread state is attached at most once).
    pub(crate) fn take(self: &Arc<Self>, holder: HolderId, breaker: &Arc<EvalBreaker>) -> GilGuard {
        self.take_locked(self.state.lock(), holder, breaker);
        self.guard(holder, breaker)
    }

    fn take_locked<'a>(
        &'a self,
        mut st: MutexGuard<'a, State>,
        holder: HolderId,
        breaker: &Arc<EvalBreaker>,
    ) {
        if st.locked {
            st = self.wait_for_turn(st, holder, breaker.clone());
        } else {
            self.grant(&mut st, holder, breaker);
            // Waiters may be queued (a newcomer took the GIL the head was woken for).
            self.rearm(&mut st);
        }
        drop(st);
    }

    fn guard(self: &Arc<Self>, holder: HolderId, breaker: &Arc<EvalBreaker>) -> GilGuard {
        GilGuard {
            gil: Arc::clone(self),
            holder,
            breaker: breaker.clone(),
            polls: 0,
            _not_send: PhantomData,
        }
    }

    /// The switch interval (`sys.getswitchinterval()`); zero if it was set below 1 µs.
    pub fn interval(&self) -> Duration {
        Duration::from_micros(self.interval_us.load(Ordering::Relaxed))
    }

    /// Sets the switch interval (`sys.setswitchinterval()`), for every interpreter using this
    /// GIL. Sub-microsecond values are stored as 0 and waits then last 1 µs, as in CPython.
    /// An interval of `u64::MAX` µs or more (e.g. `Duration::MAX`) means waiters never ask for
    /// a drop: the GIL changes hands only when its holder releases or yields it.
    pub fn set_interval(&self, interval: Duration) -> Result<(), IntervalError> {
        if interval.is_zero() {
            return Err(IntervalError);
        }
        let us = u64::try_from(interval.as_micros()).unwrap_or(u64::MAX);
        self.interval_us.store(us, Ordering::Relaxed);
        Ok(())
    }

    /// [`set_interval`](Self::set_interval) from seconds, with CPython's check: anything not
    /// strictly positive (NaN included) is refused.
    pub fn set_interval_secs(&self, secs: f64) -> Result<(), IntervalError> {
        // NaN is refused too: it does not compare greater.
        if secs.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return Err(IntervalError);
        }
        let interval = Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX);
        if interval.is_zero() {
            // Below 1 ns: CPython stores 0 µs and keeps going; so do we.
            self.interval_us.store(0, Ordering::Relaxed);
            return Ok(());
        }
        self.set_interval(interval)
    }

    /// Whether the GIL is held right now.
    pub fn is_locked(&self) -> bool {
        self.state.lock().locked
    }

    /// The holder, or the last one if the GIL is free (`last_holder`).
    pub fn last_holder(&self) -> Option<HolderId> {
        self.state.lock().holder
    }

    /// Whether `holder` holds the GIL right now.
    pub fn is_held_by(&self, holder: HolderId) -> bool {
        let st = self.state.lock();
        st.locked && st.holder == Some(holder)
    }

    /// How many times the holder changed (`switch_number`).
    pub fn switch_number(&self) -> u64 {
        self.state.lock().switch_number
    }

    /// How many acquisitions are queued.
    pub fn waiters(&self) -> usize {
        self.state.lock().queue.len()
    }

    /// Whether the holder has been asked to drop the GIL.
    pub fn drop_requested(&self) -> bool {
        self.state.lock().drop_requested
    }

    /// A consistent snapshot of the counters.
    pub fn stats(&self) -> GilStats {
        self.state.lock().stats
    }

    /// The deadline of a head waiter starting now, or `None` for an untimed wait.
    fn deadline(&self) -> Option<Instant> {
        match self.interval_us.load(Ordering::Relaxed) {
            u64::MAX => None,
            us => Instant::now().checked_add(Duration::from_micros(us.max(1))),
        }
    }

    /// Makes `holder` the holder of a GIL that is free or being handed over. Callers
    /// [`rearm`](Self::rearm) once the queue is settled.
    #[inline]
    fn grant(&self, st: &mut State, holder: HolderId, breaker: &Arc<EvalBreaker>) {
        // A countdown against the previous holder ends with it (its bit is on that breaker).
        if st.countdown.is_some() {
            self.disarm(st);
        }
        st.locked = true;
        if st.holder != Some(holder) {
            st.holder = Some(holder);
            st.switch_number += 1;
            st.stats.switches += 1;
        }
        // A request meant for an earlier holder of this breaker is stale now. Test first: the
        // read is cheaper than a read-modify-write on the uncontended path.
        if breaker.contains(EvalBreaker::DROP_REQUEST) {
            breaker.clear(EvalBreaker::DROP_REQUEST);
        }
        if !st
            .holder_breaker
            .as_ref()
            .is_some_and(|b| Arc::ptr_eq(b, breaker))
        {
            st.holder_breaker = Some(breaker.clone());
        }
        st.stats.acquisitions += 1;
    }

    /// Gives the held GIL to the head waiter without ever making it free; `forced` says the
    /// handoff answers a drop request.
    fn hand_to_head(&self, st: &mut State, forced: bool) -> bool {
        let Some(w) = st.queue.pop_front() else {
            return false;
        };
        if forced {
            st.stats.forced_switches += 1;
        }
        self.grant(st, w.holder, &w.breaker);
        w.granted.store(true, Ordering::Relaxed);
        w.cond.notify_one();
        self.rearm(st);
        Self::wake_head(st);
        true
    }

    /// Starts the head waiter's countdown when there is a head of a held GIL that has not
    /// asked yet, and stops a countdown that no longer applies. Called after every change of
    /// the holder, the queue or the request, under the mutex.
    #[inline]
    fn rearm(&self, st: &mut State) {
        let head = match st.queue.front() {
            Some(w) if st.locked && !st.drop_requested => Some(w.holder),
            _ => None,
        };
        match (head, st.countdown) {
            (None, None) => {}
            (Some(h), Some(c)) if c.head == h => {}
            (None, Some(_)) => self.disarm(st),
            (Some(head), _) => match self.deadline() {
                Some(deadline) => {
                    st.countdown = Some(Countdown { head, deadline });
                    let ns = deadline.saturating_duration_since(self.epoch).as_nanos();
                    let ns = u64::try_from(ns).unwrap_or(u64::MAX - 1) + 1;
                    self.deadline_ns.store(ns, Ordering::Relaxed);
                    if let Some(b) = &st.holder_breaker {
                        b.set(EvalBreaker::GIL_WAITER);
                    }
                }
                // An interval too long to be a deadline: the head waits untimed.
                None => self.disarm(st),
            },
        }
    }

    /// Stops the countdown, if one runs.
    fn disarm(&self, st: &mut State) {
        if st.countdown.take().is_some() {
            self.deadline_ns.store(0, Ordering::Relaxed);
            if let Some(b) = &st.holder_breaker {
                b.clear(EvalBreaker::GIL_WAITER);
            }
        }
    }

    /// Whether a countdown is known to be running and not over yet, read without the lock:
    /// the holder's check then has nothing to do. `false` means "look under the lock".
    #[inline]
    fn countdown_pending(&self) -> bool {
        match self.deadline_ns.load(Ordering::Relaxed) {
            0 => false,
            ns => !sync::reached(self.epoch + Duration::from_nanos(ns - 1)),
        }
    }

    /// Whether the countdown has run out: the head's request is due.
    fn countdown_due(st: &State) -> bool {
        st.countdown.is_some_and(|c| sync::reached(c.deadline))
    }

    /// Wakes the head waiter so it takes a free GIL or starts counting its interval.
    fn wake_head(st: &State) {
        if let Some(w) = st.queue.front() {
            w.cond.notify_one();
        }
    }

    /// Makes the drop request of the head waiter, whose interval ran out.
    fn request_drop(&self, st: &mut State) {
        self.disarm(st);
        st.drop_requested = true;
        st.stats.drop_requests += 1;
        if let Some(b) = &st.holder_breaker {
            b.set(EvalBreaker::DROP_REQUEST);
        }
    }

    /// Consumes a pending request as the holder leaves; true if there was one.
    fn take_request(st: &mut State) -> bool {
        if !std::mem::take(&mut st.drop_requested) {
            return false;
        }
        if let Some(b) = &st.holder_breaker {
            b.clear(EvalBreaker::DROP_REQUEST);
        }
        true
    }

    /// Queues `holder` and blocks until it holds the GIL. Called with the GIL held by someone.
    #[cold]
    fn wait_for_turn<'a>(
        &'a self,
        mut st: MutexGuard<'a, State>,
        holder: HolderId,
        breaker: Arc<EvalBreaker>,
    ) -> MutexGuard<'a, State> {
        let start = Instant::now();
        let me = Arc::new(Waiter {
            cond: Condvar::new(),
            holder,
            breaker,
            granted: AtomicBool::new(false),
        });
        st.queue.push_back(Arc::clone(&me));
        self.rearm(&mut st);
        // The deadline whose timed wait ran out (loom's waits do so at once, untimed).
        let mut expired: Option<Instant> = None;
        loop {
            if me.granted.load(Ordering::Relaxed) {
                break;
            }
            let is_head = st.queue.front().is_some_and(|w| Arc::ptr_eq(w, &me));
            if !is_head {
                st = me.cond.wait(st);
                continue;
            }
            if !st.locked {
                st.queue.pop_front();
                self.grant(&mut st, holder, &me.breaker);
                self.rearm(&mut st);
                Self::wake_head(&st);
                break;
            }
            if st.drop_requested {
                // Our request is out; the holder hands over at its next check or release.
                st = me.cond.wait(st);
                continue;
            }
            // `rearm` keeps a countdown running for us now, unless the interval is untimed.
            match st.countdown.filter(|c| c.head == holder) {
                None => st = me.cond.wait(st),
                Some(c) => {
                    if expired == Some(c.deadline) || sync::reached(c.deadline) {
                        self.request_drop(&mut st);
                    } else {
                        let timed_out;
                        (st, timed_out) = me.cond.wait_until(st, c.deadline);
                        if timed_out {
                            expired = Some(c.deadline);
                        }
                    }
                }
            }
        }
        st.stats.record_wait(start.elapsed());
        st
    }
}

impl Default for Gil {
    fn default() -> Self {
        Self::new()
    }
}

/// Proof that a holder holds a [`Gil`]: the value returned by [`Gil::acquire`].
///
/// Releasing means giving the guard back ([`release`](Self::release) or drop). The guard is
/// neither `Send` nor `Sync`: the GIL is released by the thread that took it.
#[derive(Debug)]
#[must_use = "dropping the guard releases the GIL at once"]
pub struct GilGuard {
    gil: Arc<Gil>,
    holder: HolderId,
    breaker: Arc<EvalBreaker>,
    /// Checks that saw a countdown without looking at the clock; see [`CLOCK_STRIDE`].
    polls: u32,
    _not_send: PhantomData<*const ()>,
}

/// While a waiter counts down, the holder reads the clock at one check in this many: a clock
/// read costs some 30 ns, far more than a check, and checks come far more often than an
/// interval's worth of precision needs. Holders that check rarely lose nothing: the waiter's
/// own timed wait makes its request anyway. Under loom, which has no clock and takes every
/// deadline as passed, every check looks, so the models explore the holder's request.
const CLOCK_STRIDE: u32 = if cfg!(loom) { 1 } else { 16 };

impl GilGuard {
    /// The GIL held.
    pub fn gil(&self) -> &Arc<Gil> {
        &self.gil
    }

    /// The holder this guard stands for.
    pub fn holder(&self) -> HolderId {
        self.holder
    }

    /// The breaker that receives drop requests for this holder.
    pub fn breaker(&self) -> &Arc<EvalBreaker> {
        &self.breaker
    }

    /// Releases the GIL (CPython's `drop_gil`). If a waiter asked for it, it is handed to that
    /// waiter directly; otherwise it becomes free and the head waiter is woken.
    pub fn release(self) {
        // Drop does the work.
    }

    /// Answers a pending drop request, if there is one for this holder: hands the GIL to the
    /// waiter that asked, then queues for it again and returns once it is back (CPython: the
    /// GIL drop request in `_Py_HandlePending`). Returns whether the GIL changed hands.
    ///
    /// Cheap when nothing is pending: one relaxed load of the breaker.
    ///
    /// While a waiter counts down its interval ([`EvalBreaker::GIL_WAITER`]), this also reads
    /// the clock (at one call in 16), and makes the waiter's request itself once the interval
    /// has run out.
    #[inline]
    pub fn handle_drop_request(&mut self) -> bool {
        let bits = self.breaker.bits();
        if bits & EvalBreaker::DROP_REQUEST == 0
            && (bits & EvalBreaker::GIL_WAITER == 0 || self.skip_clock())
        {
            return false;
        }
        self.handle_drop_request_slow()
    }

    /// Counts a check that found only a countdown; true when this one need not read the
    /// clock (all but one in [`CLOCK_STRIDE`]).
    #[inline]
    pub(crate) fn skip_clock(&mut self) -> bool {
        self.polls = self.polls.wrapping_add(1);
        !self.polls.is_multiple_of(CLOCK_STRIDE)
    }

    /// [`handle_drop_request`](Self::handle_drop_request) for a caller that has counted the
    /// check with [`skip_clock`](Self::skip_clock) already.
    pub(crate) fn handle_drop_request_counted(&mut self) -> bool {
        if self.breaker.bits() & (EvalBreaker::DROP_REQUEST | EvalBreaker::GIL_WAITER) == 0 {
            return false;
        }
        self.handle_drop_request_slow()
    }

    #[cold]
    fn handle_drop_request_slow(&mut self) -> bool {
        if !self.breaker.contains(EvalBreaker::DROP_REQUEST) && self.gil.countdown_pending() {
            return false;
        }
        let mut st = self.gil.state.lock();
        let mine = st.holder == Some(self.holder);
        if mine && !st.drop_requested && Gil::countdown_due(&st) {
            // The head's interval ran out before its own wake-up noticed: its request now.
            self.gil.request_drop(&mut st);
        }
        if !st.drop_requested || !mine {
            // A request for an earlier holder of this breaker, already answered; or a
            // countdown that is not over (or over and stopped: then its bit is stale too).
            self.breaker.clear(EvalBreaker::DROP_REQUEST);
            if st.countdown.is_none() {
                self.breaker.clear(EvalBreaker::GIL_WAITER);
            }
            return false;
        }
        let forced = Gil::take_request(&mut st);
        self.gil.hand_to_head(&mut st, forced);
        drop(
            self.gil
                .wait_for_turn(st, self.holder, self.breaker.clone()),
        );
        true
    }

    /// Lets the head waiter run now, whether or not it asked: hands the GIL to it and queues
    /// behind it. Returns false, keeping the GIL, when nobody waits. This is a direct handoff,
    /// which a release followed by a take is not (the releaser may win the race).
    pub fn yield_now(&mut self) -> bool {
        let mut st = self.gil.state.lock();
        if st.queue.is_empty() {
            return false;
        }
        let forced = Gil::take_request(&mut st);
        self.gil.hand_to_head(&mut st, forced);
        drop(
            self.gil
                .wait_for_turn(st, self.holder, self.breaker.clone()),
        );
        true
    }

    /// Makes another holder on this OS thread the holder, without releasing the GIL (a switch
    /// between thread states that share this GIL). A pending drop request follows the GIL to
    /// the new holder's breaker. Not counted as a switch: no other thread got a turn.
    pub fn transfer(&mut self, holder: HolderId, breaker: &Arc<EvalBreaker>) {
        let mut st = self.gil.state.lock();
        st.holder = Some(holder);
        if st.drop_requested {
            self.breaker.clear(EvalBreaker::DROP_REQUEST);
            breaker.set(EvalBreaker::DROP_REQUEST);
        }
        if st.countdown.is_some() {
            // Not a switch: the head keeps counting, against the new holder's breaker.
            self.breaker.clear(EvalBreaker::GIL_WAITER);
            breaker.set(EvalBreaker::GIL_WAITER);
        }
        st.holder_breaker = Some(breaker.clone());
        drop(st);
        self.holder = holder;
        self.breaker = breaker.clone();
    }
}

impl Drop for GilGuard {
    fn drop(&mut self) {
        let mut st = self.gil.state.lock();
        if Gil::take_request(&mut st) && self.gil.hand_to_head(&mut st, true) {
            return;
        }
        st.locked = false;
        self.gil.rearm(&mut st);
        Gil::wake_head(&st);
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use std::sync::Arc;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    use super::{DEFAULT_INTERVAL, Gil};
    use crate::breaker::EvalBreaker;
    use crate::id::HolderId;

    fn holder() -> (HolderId, Arc<EvalBreaker>) {
        (HolderId::new(), Arc::new(EvalBreaker::new()))
    }

    #[test]
    fn default_interval_is_5ms() {
        // Scenario 1.
        assert_eq!(Gil::new().interval(), Duration::from_millis(5));
        assert_eq!(DEFAULT_INTERVAL.as_micros(), 5000);
    }

    #[test]
    fn interval_must_be_positive() {
        // Scenario 2.
        let gil = Gil::new();
        let msg = "switch interval must be strictly positive";
        assert_eq!(
            gil.set_interval(Duration::ZERO).unwrap_err().to_string(),
            msg
        );
        assert_eq!(gil.set_interval_secs(0.0).unwrap_err().to_string(), msg);
        assert_eq!(gil.set_interval_secs(-1.0).unwrap_err().to_string(), msg);
        assert!(gil.set_interval_secs(f64::NAN).is_err());
        assert_eq!(gil.interval(), DEFAULT_INTERVAL);
        gil.set_interval_secs(1e-9).unwrap();
        assert_eq!(gil.interval(), Duration::ZERO);
        gil.set_interval_secs(0.05).unwrap();
        assert_eq!(gil.interval(), Duration::from_millis(50));
    }

    #[test]
    fn retake_by_same_holder_is_not_a_switch() {
        // Scenarios 6 and 7.
        let gil = Arc::new(Gil::new());
        let (h, b) = holder();
        gil.acquire(h, &b).unwrap().release();
        let n = gil.switch_number();
        assert_eq!(n, 1);
        let mut g = gil.acquire(h, &b).unwrap();
        assert!(!g.handle_drop_request());
        assert!(!g.yield_now());
        g.release();
        assert_eq!(gil.switch_number(), n);
        assert_eq!(gil.last_holder(), Some(h));
        assert!(!b.is_set());
        let st = gil.stats();
        assert_eq!((st.acquisitions, st.switches, st.drop_requests), (2, 1, 0));
    }

    #[test]
    fn taking_it_again_for_the_holder_is_an_error_not_a_hang() {
        let gil = Arc::new(Gil::new());
        let (h, b) = holder();
        let g = gil.acquire(h, &b).unwrap();
        let err = gil.acquire(h, &b).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("the GIL is already held by holder {h}")
        );
        assert!(gil.is_held_by(h));
        g.release();
        gil.acquire(h, &b).unwrap().release();
    }

    #[test]
    fn waiter_gets_a_voluntarily_released_gil() {
        let gil = Arc::new(Gil::new());
        gil.set_interval(Duration::from_secs(3600)).unwrap();
        let (h1, b1) = holder();
        let g = gil.acquire(h1, &b1).unwrap();
        let (tx, rx) = mpsc::channel();
        let gil2 = Arc::clone(&gil);
        let t = thread::spawn(move || {
            let (h2, b2) = holder();
            let g = gil2.acquire(h2, &b2).unwrap();
            tx.send(g.gil().is_held_by(h2)).unwrap();
        });
        while gil.waiters() == 0 {
            thread::yield_now();
        }
        g.release();
        assert!(rx.recv_timeout(Duration::from_secs(5)).unwrap());
        t.join().unwrap();
        assert!(!gil.is_locked());
        assert_eq!(gil.stats().contended, 1);
        assert_eq!(gil.stats().drop_requests, 0);
    }

    #[test]
    fn timed_out_waiter_requests_drop_and_gets_a_direct_handoff() {
        // Scenario 4: FORCE_SWITCHING.
        let gil = Arc::new(Gil::new());
        gil.set_interval(Duration::from_millis(1)).unwrap();
        let (h1, b1) = holder();
        let mut g = gil.acquire(h1, &b1).unwrap();
        let gil2 = Arc::clone(&gil);
        let (tx, rx) = mpsc::channel();
        let t = thread::spawn(move || {
            let (h2, b2) = holder();
            let g = gil2.acquire(h2, &b2).unwrap();
            tx.send(()).unwrap();
            // Hold until the main thread has queued again, then release.
            while g.gil().waiters() == 0 {
                thread::yield_now();
            }
            g.release();
        });
        // The waiter counts down against our breaker, then asks.
        while !b1.contains(EvalBreaker::GIL_WAITER) && !gil.drop_requested() {
            thread::yield_now();
        }
        while !b1.contains(EvalBreaker::DROP_REQUEST) {
            thread::yield_now();
        }
        assert!(gil.drop_requested());
        // From here on nobody times out, so the counts below are exact.
        gil.set_interval(Duration::from_secs(3600)).unwrap();
        let before = gil.switch_number();
        assert!(g.handle_drop_request());
        // The waiter had the GIL before we got it back.
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
        t.join().unwrap();
        assert_eq!(gil.switch_number(), before + 2);
        assert!(!b1.is_set());
        let st = gil.stats();
        assert_eq!((st.drop_requests, st.forced_switches), (1, 1));
        g.release();
    }

    #[test]
    fn yield_hands_over_in_fifo_order() {
        let gil = Arc::new(Gil::new());
        gil.set_interval(Duration::from_secs(3600)).unwrap();
        let (h0, b0) = holder();
        let mut g = gil.acquire(h0, &b0).unwrap();
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut threads = Vec::new();
        for i in 0..3 {
            let gil2 = Arc::clone(&gil);
            let order = Arc::clone(&order);
            threads.push(thread::spawn(move || {
                let (h, b) = holder();
                let g = gil2.acquire(h, &b).unwrap();
                order.lock().unwrap().push(i);
                g.release();
            }));
            while gil.waiters() != i + 1 {
                thread::yield_now();
            }
        }
        // Each yield lets exactly the queue head in; the others stay behind us.
        assert!(g.yield_now());
        for t in threads {
            t.join().unwrap();
        }
        g.release();
        assert_eq!(*order.lock().unwrap(), vec![0, 1, 2]);
    }

    #[test]
    fn transfer_moves_a_pending_request() {
        let gil = Arc::new(Gil::new());
        let (h1, b1) = holder();
        let (h2, b2) = holder();
        let mut g = gil.acquire(h1, &b1).unwrap();
        g.state_for_test_request();
        assert!(b1.is_set());
        let n = gil.switch_number();
        g.transfer(h2, &b2);
        assert!(!b1.is_set());
        assert!(b2.contains(crate::EvalBreaker::DROP_REQUEST));
        assert_eq!(gil.switch_number(), n);
        assert!(gil.is_held_by(h2));
        g.release();
        assert!(!b2.is_set());
        assert!(!gil.is_locked());
    }

    impl super::GilGuard {
        /// Makes a request as a timed-out waiter would, without a waiter (test only).
        fn state_for_test_request(&self) {
            let mut st = self.gil.state.lock();
            self.gil.request_drop(&mut st);
        }
    }

    #[test]
    fn resources_go_with_the_last_user() {
        let gil = Arc::new(Gil::new());
        let weak = Arc::downgrade(&gil);
        let (h, b) = holder();
        let g = gil.acquire(h, &b).unwrap();
        drop(gil);
        assert!(weak.upgrade().is_some());
        g.release();
        assert!(weak.upgrade().is_none());
    }
}
