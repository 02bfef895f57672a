//! [`InterpreterPool`]: an executor of N isolated interpreters on N worker threads (3.14's
//! `concurrent.futures.InterpreterPoolExecutor`): a bounded submission queue, results as
//! [`Task`] handles, clean shutdown.
//!
//! Each worker thread owns one interpreter (isolated config: own GIL, own heap), runs the jobs
//! it takes from the shared queue in it one after the other, and ends it when the pool shuts
//! down. Jobs are Rust closures given the interpreter's token (the closure's captures and
//! result are `Send`, so nothing of one interpreter reaches another), native calls with
//! shareable arguments, or scripts.
//!
//! | state | `submit` | queued jobs | workers |
//! |---|---|---|---|
//! | running | queued (waits while the queue is full) | run in order of submission, spread over the workers | take jobs |
//! | shut down (`shutdown(false)`, drop) | [`PoolError::Shutdown`], the job handed back | still run | finish them, end their interpreters, exit |
//! | shut down cancelling (`shutdown(true)`) | [`PoolError::Shutdown`] | dropped: their tasks report [`PoolError::Cancelled`] | finish the job in hand, then as above |

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, TrySendError};
use parking_lot::Mutex;
use subinterp_config::InterpreterConfig;

use subinterp_vm::BuiltinDef;
use subinterp_xi::XiData;

use crate::exec::ExecError;
use crate::{Error, Interpreter, Run, Runtime};

/// A job as the workers run it.
type Job = Box<dyn FnOnce(&Interpreter) + Send>;

/// Why a pool operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PoolError {
    /// The pool was shut down (CPython's `RuntimeError`).
    #[error("RuntimeError: cannot schedule new futures after shutdown")]
    Shutdown,
    /// The submission queue is full (from [`InterpreterPool::try_submit`]).
    #[error("QueueFull: the pool's submission queue is full")]
    Full,
    /// The job was dropped unrun by a cancelling shutdown (`CancelledError`).
    #[error("CancelledError: the task was cancelled")]
    Cancelled,
    /// The pool could not start: a worker's interpreter could not be made or its
    /// initializer failed (CPython's `BrokenInterpreterPool`).
    #[error(
        "BrokenInterpreterPool: A thread initializer failed, the thread pool is not usable anymore"
    )]
    Broken(#[source] ExecError),
    /// The job itself failed (an exception in its interpreter, a panic, a refused run).
    #[error(transparent)]
    Failed(#[from] ExecError),
    /// A size given to the builder is beyond what a pool can hold (nothing was made).
    #[error("ValueError: {what} must be at most {max}, got {requested}")]
    TooLarge {
        /// The setting: `workers` or `queue_capacity`.
        what: &'static str,
        /// What was asked for.
        requested: usize,
        /// The most the setting allows.
        max: usize,
    },
}

/// A refused submission: why, and the job handed back.
pub struct SubmitError<F> {
    /// [`PoolError::Shutdown`] or [`PoolError::Full`].
    pub error: PoolError,
    /// The job, not run.
    pub job: F,
}

impl<F> std::fmt::Debug for SubmitError<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubmitError")
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl<F> std::fmt::Display for SubmitError<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl<F> std::error::Error for SubmitError<F> {}

/// The result of a submitted job (a future): wait for it, or poll it.
#[derive(Debug)]
#[must_use = "a task's result is only seen through its handle"]
pub struct Task<T> {
    rx: Receiver<Result<T, ExecError>>,
    settled: Arc<AtomicBool>,
}

/// Marks a task settled when its job is dropped, run or not.
struct Settle(Arc<AtomicBool>);

impl Drop for Settle {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

impl<T> Task<T> {
    /// Waits for the job and returns its result; [`PoolError::Cancelled`] when a cancelling
    /// shutdown dropped it unrun.
    pub fn wait(self) -> Result<T, PoolError> {
        match self.rx.recv() {
            Ok(r) => r.map_err(PoolError::Failed),
            Err(_) => Err(PoolError::Cancelled),
        }
    }

    /// As [`wait`](Self::wait), giving up after `timeout` (the task comes back).
    pub fn wait_timeout(self, timeout: Duration) -> Result<Result<T, PoolError>, Task<T>> {
        match self.rx.recv_timeout(timeout) {
            Ok(r) => Ok(r.map_err(PoolError::Failed)),
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => Ok(Err(PoolError::Cancelled)),
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => Err(self),
        }
    }

    /// Whether the result is ready (or the job was cancelled).
    pub fn is_done(&self) -> bool {
        self.settled.load(Ordering::Acquire)
    }
}

/// How to build an [`InterpreterPool`].
#[derive(Debug, Clone)]
#[must_use]
pub struct PoolBuilder {
    workers: usize,
    queue: usize,
    config: InterpreterConfig,
    initializer: Option<String>,
}

impl PoolBuilder {
    /// The number of workers (interpreters); at least 1, at most
    /// [`InterpreterPool::MAX_WORKERS`] (else `build` fails with [`PoolError::TooLarge`]).
    /// Default: the machine's parallelism.
    pub fn workers(mut self, n: usize) -> Self {
        self.workers = n.max(1);
        self
    }

    /// The submission queue's capacity (jobs waiting for a worker); `submit` waits while it
    /// is full. At least 1, at most [`InterpreterPool::MAX_QUEUE_CAPACITY`] (its slots are
    /// allocated up front; beyond, `build` fails with [`PoolError::TooLarge`]). Default: 4 per
    /// worker.
    pub fn queue_capacity(mut self, n: usize) -> Self {
        self.queue = n.max(1);
        self
    }

    /// The workers' interpreter config (default isolated: own GIL and heap).
    pub fn config(mut self, config: InterpreterConfig) -> Self {
        self.config = config;
        self
    }

    /// A script each worker's interpreter runs before any job (`initializer`); if it fails
    /// in any worker the pool does not start ([`PoolError::Broken`]).
    pub fn initializer(mut self, source: impl Into<String>) -> Self {
        self.initializer = Some(source.into());
        self
    }

    /// Makes the interpreters (running the initializer in each) and starts the workers.
    pub fn build(self, rt: &Runtime) -> Result<InterpreterPool, PoolError> {
        for (what, requested, max) in [
            ("workers", self.workers, InterpreterPool::MAX_WORKERS),
            (
                "queue_capacity",
                self.queue,
                InterpreterPool::MAX_QUEUE_CAPACITY,
            ),
        ] {
            if requested > max {
                return Err(PoolError::TooLarge {
                    what,
                    requested,
                    max,
                });
            }
        }
        let mut interps = Vec::with_capacity(self.workers);
        let fail = |interps: Vec<Interpreter>, e: ExecError| {
            for i in interps {
                let _ = i.end();
            }
            PoolError::Broken(e)
        };
        for _ in 0..self.workers {
            match rt.new_interpreter(self.config) {
                Ok(i) => interps.push(i),
                Err(e) => return Err(fail(interps, e.into())),
            }
            if let Some(src) = &self.initializer {
                let last = interps.last().map(|i| i.exec(src));
                if let Some(Err(e)) = last {
                    return Err(fail(interps, e));
                }
            }
        }
        let (tx, rx) = crossbeam_channel::bounded::<Job>(self.queue);
        let cancel = Arc::new(AtomicBool::new(false));
        let mut workers = Vec::with_capacity(interps.len());
        for interp in interps {
            let (rx, cancel) = (rx.clone(), cancel.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("pool-interp-{}", interp.id()))
                .spawn({
                    let interp = interp.clone();
                    move || worker(interp, rx, cancel)
                });
            match spawned {
                Ok(h) => workers.push(h),
                Err(e) => {
                    // The workers started so far exit when the queue closes; this one's
                    // interpreter never got a thread.
                    let _ = interp.end();
                    drop(tx);
                    for w in workers {
                        let _ = w.join();
                    }
                    return Err(PoolError::Broken(ExecError::Interp(Error::ThreadStart(e))));
                }
            }
        }
        Ok(InterpreterPool {
            tx: Mutex::new(Some(tx)),
            workers: Mutex::new(workers),
            cancel,
            size: self.workers,
        })
    }
}

/// A worker: runs jobs in its interpreter until the queue is closed and empty, then ends the
/// interpreter. After a cancelling shutdown, the jobs left are dropped unrun.
fn worker(interp: Interpreter, rx: Receiver<Job>, cancel: Arc<AtomicBool>) {
    while let Ok(job) = rx.recv() {
        if cancel.load(Ordering::Acquire) {
            drop(job);
            continue;
        }
        job(&interp);
    }
    if let Err(e) = interp.end() {
        tracing::error!(
            interp = interp.id().get(),
            "pool worker could not end its interpreter: {e}"
        );
    }
}

/// An executor of isolated interpreters on worker threads (3.14's `InterpreterPoolExecutor`):
/// each worker thread owns one interpreter and runs the jobs it takes from the bounded
/// submission queue there, one after the other.
///
/// | state | `submit` | queued jobs | workers |
/// |---|---|---|---|
/// | running | queued (waits while the queue is full) | run in order of submission, spread over the workers | take jobs |
/// | shut down (`shutdown(false)`, drop) | [`PoolError::Shutdown`], the job handed back | still run | finish them, end their interpreters, exit |
/// | shut down cancelling (`shutdown(true)`) | [`PoolError::Shutdown`] | dropped: their tasks report [`PoolError::Cancelled`] | finish the job in hand, then as above |
///
/// ```
/// use subinterp_runtime::{InterpreterPool, Runtime};
///
/// let rt = Runtime::new()?;
/// let pool = InterpreterPool::builder().workers(2).build(&rt)?;
/// let tasks: Vec<_> = (0..4i64)
///     .map(|i| pool.submit(move |cx| cx.py().list_of((i, i))?.len()).unwrap())
///     .collect();
/// for t in tasks {
///     assert_eq!(t.wait()?.unwrap(), 2);
/// }
/// let out = pool.submit_exec("x = 6; print(x, len('ab'))").unwrap();
/// assert_eq!(out.wait()?, "6 2\n");
/// pool.shutdown(false);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct InterpreterPool {
    tx: Mutex<Option<Sender<Job>>>,
    workers: Mutex<Vec<JoinHandle<()>>>,
    cancel: Arc<AtomicBool>,
    size: usize,
}

impl std::fmt::Debug for InterpreterPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InterpreterPool")
            .field("workers", &self.size)
            .field("shut_down", &self.tx.lock().is_none())
            .finish_non_exhaustive()
    }
}

impl InterpreterPool {
    /// A builder: as many workers as the machine's parallelism, isolated interpreters, a
    /// queue of 4 jobs per worker.
    pub fn builder() -> PoolBuilder {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        PoolBuilder {
            workers,
            queue: workers.saturating_mul(4),
            config: InterpreterConfig::isolated(),
            initializer: None,
        }
    }

    /// The most workers a pool may have: each is an OS thread with its own interpreter.
    pub const MAX_WORKERS: usize = 4096;

    /// The largest submission queue: its slots (a few words each) are allocated up front.
    pub const MAX_QUEUE_CAPACITY: usize = 1 << 20;

    /// A pool of `workers` isolated interpreters with the default queue
    /// ([`PoolError::TooLarge`] beyond [`MAX_WORKERS`](Self::MAX_WORKERS)).
    pub fn new(rt: &Runtime, workers: usize) -> Result<InterpreterPool, PoolError> {
        let workers = workers.max(1);
        InterpreterPool::builder()
            .workers(workers)
            .queue_capacity(workers.saturating_mul(4))
            .build(rt)
    }

    /// The number of workers (interpreters).
    pub fn workers(&self) -> usize {
        self.size
    }

    /// Queues `f` to run in one of the workers' interpreters with its run's context, waiting while the
    /// queue is full; the [`Task`] gives `f`'s result. A panic in `f` is caught and reported
    /// as the task's error; the worker goes on.
    pub fn submit<F, R>(&self, f: F) -> Result<Task<R>, SubmitError<F>>
    where
        F: for<'py> FnOnce(&mut Run<'py>) -> R + Send + 'static,
        R: Send + 'static,
    {
        self.enqueue(f, true, |f, interp| interp.run(f).map_err(ExecError::from))
    }

    /// As [`submit`](Self::submit), but fails with [`PoolError::Full`] instead of waiting.
    pub fn try_submit<F, R>(&self, f: F) -> Result<Task<R>, SubmitError<F>>
    where
        F: for<'py> FnOnce(&mut Run<'py>) -> R + Send + 'static,
        R: Send + 'static,
    {
        self.enqueue(f, false, |f, interp| interp.run(f).map_err(ExecError::from))
    }

    /// Queues a call of native function `f` with shareable `args` (see
    /// [`Interpreter::call`]).
    pub fn submit_call(
        &self,
        f: &'static BuiltinDef,
        args: Vec<XiData>,
    ) -> Result<Task<XiData>, SubmitError<Vec<XiData>>> {
        self.enqueue(args, true, move |args, interp| interp.call(f, &args))
    }

    /// Queues a script; the task gives what it printed (see [`Interpreter::exec_capture`]).
    /// Names it binds stay in that worker's `__main__`.
    pub fn submit_exec(
        &self,
        source: impl Into<String>,
    ) -> Result<Task<String>, SubmitError<String>> {
        self.enqueue(source.into(), true, |src, interp| {
            let c = interp.exec_capture(&src);
            c.result.map(|()| c.output)
        })
    }

    fn enqueue<P, T>(
        &self,
        payload: P,
        block: bool,
        run: impl FnOnce(P, &Interpreter) -> Result<T, ExecError> + Send + 'static,
    ) -> Result<Task<T>, SubmitError<P>>
    where
        P: Send + 'static,
        T: Send + 'static,
    {
        let Some(tx) = self.tx.lock().clone() else {
            return Err(SubmitError {
                error: PoolError::Shutdown,
                job: payload,
            });
        };
        let (done, rx) = crossbeam_channel::bounded(1);
        // The payload travels in a slot the submitter can take back if the queue refuses.
        let slot = Arc::new(Mutex::new(Some(payload)));
        let theirs = slot.clone();
        let settled = Arc::new(AtomicBool::new(false));
        let settle = Settle(settled.clone());
        let job: Job = Box::new(move |interp: &Interpreter| {
            let _settle = settle;
            if let Some(p) = theirs.lock().take() {
                let _ = done.send(run(p, interp));
            }
        });
        let refused = if block {
            tx.send(job).err().map(|_| PoolError::Shutdown)
        } else {
            match tx.try_send(job) {
                Ok(()) => None,
                Err(TrySendError::Full(_)) => Some(PoolError::Full),
                Err(TrySendError::Disconnected(_)) => Some(PoolError::Shutdown),
            }
        };
        match refused {
            None => Ok(Task { rx, settled }),
            Some(error) => match slot.lock().take() {
                Some(job) => Err(SubmitError { error, job }),
                // Unreachable: a refused job was never run.
                None => Ok(Task { rx, settled }),
            },
        }
    }

    /// Shuts the pool down (`shutdown(wait=True, cancel_futures=cancel_pending)`): no new
    /// jobs; the queued ones run (or, with `cancel_pending`, are dropped and their tasks
    /// report [`PoolError::Cancelled`]); waits for the workers, which end their interpreters.
    /// Calling it again does nothing.
    pub fn shutdown(&self, cancel_pending: bool) {
        if cancel_pending {
            self.cancel.store(true, Ordering::Release);
        }
        drop(self.tx.lock().take());
        let workers = std::mem::take(&mut *self.workers.lock());
        for w in workers {
            let _ = w.join();
        }
    }
}

impl Drop for InterpreterPool {
    /// Shuts down, running the queued jobs first.
    fn drop(&mut self) {
        self.shutdown(false);
    }
}
