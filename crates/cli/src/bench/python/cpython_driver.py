"""The CPython side of `subinterp bench python`, run by the CPython found as
`python3 -c DRIVER MODE ARGS...`. Each mode measures what the Rust side measures here, the
same way, and writes its result as the last line of standard error: `__bench__ {json}`.

program PATH [ARGS...]        run the program once as __main__ (its folder as cwd and
                              sys.path[0]); its output goes to stdout; the time excludes
                              process start-up and compiling
scaling PATH REPS ROUNDS       N sub-interpreters (_interpreters) each running the program REPS
                              times on its own thread, N in 1, 2, 4; and N threads of this
                              interpreter (shared GIL), N in 1, 2; best of ROUNDS; runs/s
                              and the cores the process got (CPU time / wall time)
request N SOURCE              per request: create a sub-interpreter, exec SOURCE (an import
                              and a call), take the result back through a queue, destroy; and
                              the same in one warm sub-interpreter; microseconds each
rss PATH COUNT [ARGS...]      RSS added per live sub-interpreter after each ran the program
pipeline N A B C              three sub-interpreters on three threads run sources A, B, C with
                              queues `raw` (A -> B), `squared` (B -> C) and `out` (C -> here),
                              through CPython 3.13's test.support.interpreters.queues; N items;
                              the items per second and what C put in `out`
"""
import json
import os
import sys
import time


def emit(**result):
    sys.stdout.flush()
    sys.stderr.write("\n__bench__ " + json.dumps(result) + "\n")
    sys.stderr.flush()


def enter_folder(path, args):
    folder = os.path.dirname(path)
    os.chdir(folder)
    sys.argv = [path] + list(args)
    sys.path[0] = folder
    return folder


def prelude(path, args):
    """What a sub-interpreter runs before the program: argv, sys.path[0], __file__, and its
    stdout captured (the figures are about running, not printing to a pipe)."""
    folder = os.path.dirname(path)
    return (
        "import sys, io\n"
        f"sys.argv = {[path] + list(args)!r}\n"
        f"sys.path.insert(0, {folder!r})\n"
        f"__file__ = {path!r}\n"
        "sys.stdout = io.StringIO()\n"
    )


def checked(interp, source):
    import _interpreters

    failure = _interpreters.exec(interp, source)
    if failure is not None:
        raise RuntimeError(failure.formatted)


def mode_program(path, *args):
    import builtins
    import types

    enter_folder(path, args)
    with open(path, "rb") as f:
        code = compile(f.read(), path, "exec")
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__builtins__ = builtins
    sys.modules["__main__"] = main
    t0 = time.perf_counter()
    exec(code, main.__dict__)
    emit(seconds=time.perf_counter() - t0)


def mode_scaling(path, reps, rounds, *args):
    import _interpreters
    import threading

    reps, rounds = int(reps), int(rounds)
    enter_folder(path, args)
    with open(path) as f:
        text = f.read()
    code = compile(text, path, "exec")

    def timed(n, work, targets):
        barrier = threading.Barrier(n + 1)
        errors = []

        def body(target):
            barrier.wait()
            try:
                for _ in range(reps):
                    work(target)
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=body, args=(t,)) for t in targets]
        for t in threads:
            t.start()
        barrier.wait()
        t0, c0 = time.perf_counter(), time.process_time()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        cores = (time.process_time() - c0) / wall
        if errors:
            raise errors[0]
        return {"per_sec": n * reps / wall, "cores": cores}

    def isolated(n):
        ids = [_interpreters.create() for _ in range(n)]
        try:
            for i in ids:
                checked(i, prelude(path, args))
            return timed(n, lambda i: checked(i, text), ids)
        finally:
            for i in ids:
                _interpreters.destroy(i)

    def no_print(*a, **k):
        pass

    def shared(n):
        def work(_):
            exec(code, {"__name__": "__main__", "print": no_print})

        return timed(n, work, range(n))

    best = {"isolated": {}, "threads": {}}

    def keep(mode, n, rate):
        if rate["per_sec"] > best[mode].get(n, {"per_sec": 0.0})["per_sec"]:
            best[mode][n] = rate

    for _ in range(rounds):
        for n in (1, 2, 4):
            keep("isolated", n, isolated(n))
        for n in (1, 2):
            keep("threads", n, shared(n))
    emit(**best)


def mode_request(n, source):
    import _interpqueues
    import _interpreters

    n = int(n)
    qid = _interpqueues.create(0, 0, 1)
    source = source + f"\nimport _interpqueues\n_interpqueues.put({qid}, result, 0, 1)\n"

    def request(interp):
        checked(interp, source)
        value, _, _ = _interpqueues.get(qid)
        return value

    t0 = time.perf_counter()
    for _ in range(n):
        interp = _interpreters.create()
        value = request(interp)
        _interpreters.destroy(interp)
    cold = (time.perf_counter() - t0) / n
    warm_interp = _interpreters.create()
    request(warm_interp)
    warm_n = n * 50
    t0 = time.perf_counter()
    for _ in range(warm_n):
        request(warm_interp)
    warm = (time.perf_counter() - t0) / warm_n
    _interpreters.destroy(warm_interp)
    _interpqueues.destroy(qid)
    emit(cold_us=cold * 1e6, warm_us=warm * 1e6, result=repr(value), cold_n=n, warm_n=warm_n)


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def mode_rss(path, count, *args):
    import _interpreters

    count = int(count)
    enter_folder(path, args)
    with open(path) as f:
        text = f.read()
    warm = _interpreters.create()
    checked(warm, prelude(path, args))
    checked(warm, text)
    _interpreters.destroy(warm)
    before = rss_kib()
    ids = []
    for _ in range(count):
        i = _interpreters.create()
        checked(i, prelude(path, args))
        checked(i, text)
        ids.append(i)
    after = rss_kib()
    for i in ids:
        _interpreters.destroy(i)
    emit(per_kib=(after - before) / count, before_kib=before, after_kib=after, count=count)


def mode_pipeline(n, *sources):
    import threading

    from test.support import interpreters
    from test.support.interpreters import queues

    n = int(n)
    raw, squared, out = queues.create(), queues.create(), queues.create()
    interps = [interpreters.create() for _ in sources]
    shared = [dict(raw=raw), dict(raw=raw, squared=squared), dict(squared=squared, out=out)]
    for interp, names in zip(interps, shared):
        interp.exec("from test.support.interpreters import queues")
        interp.prepare_main(N=n, **names)
    errors = []

    def body(interp, source):
        try:
            interp.exec(source)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=body, args=pair) for pair in zip(interps, sources)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    total = out.get()
    took = time.perf_counter() - t0
    for t in threads:
        t.join()
    for interp in interps:
        interp.close()
    if errors:
        raise errors[0]
    emit(per_sec=n / took, total=total)


MODES = {
    "program": mode_program,
    "scaling": mode_scaling,
    "request": mode_request,
    "rss": mode_rss,
    "pipeline": mode_pipeline,
}

MODES[sys.argv[1]](*sys.argv[2:])
