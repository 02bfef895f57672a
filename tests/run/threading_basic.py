import threading
import time

counter = 0
lock = threading.Lock()


def work(n):
    global counter
    for _ in range(n):
        with lock:
            counter += 1


threads = [threading.Thread(target=work, args=(2000,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter", counter)
print([t.is_alive() for t in threads], threads[0].name.startswith("Thread-"), threads[0].name.endswith("(work)"))
print(isinstance(threads[0].ident, int), isinstance(threads[0].native_id, int))

print(threading.current_thread().name, threading.main_thread() is threading.current_thread())
print(threading.active_count(), len(threading.enumerate()), isinstance(threading.get_ident(), int))

results = {}


def named(key, value=None):
    results[key] = (threading.current_thread().name, value)


t = threading.Thread(target=named, name="worker", args=("a",), kwargs={"value": 5})
print(t.name, t.daemon, t.is_alive(), t.ident)
t.start()
t.join()
print(results, t.is_alive())
try:
    t.start()
except RuntimeError as e:
    print("RuntimeError", e)
try:
    threading.Thread().join()
except RuntimeError as e:
    print("RuntimeError", e)

ev = threading.Event()
print(ev.is_set(), ev.wait(0.01))


def setter():
    time.sleep(0.02)
    ev.set()


s = threading.Thread(target=setter)
s.start()
print(ev.wait(5), ev.is_set())
s.join()
ev.clear()
print(ev.is_set())

blocker = threading.Event()
slow = threading.Thread(target=blocker.wait)
slow.start()
slow.join(timeout=0.01)
print("alive after timeout", slow.is_alive())
blocker.set()
slow.join()
print("alive after set", slow.is_alive())

r = threading.RLock()
with r:
    with r:
        print("reentrant ok")
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError", e)

l = threading.Lock()
print(l.acquire(), l.acquire(False), l.acquire(True, 0.01), l.locked())
l.release()
print(l.locked())
try:
    l.release()
except RuntimeError as e:
    print("RuntimeError", e)
try:
    l.acquire(False, 1)
except ValueError as e:
    print("ValueError", e)
try:
    l.acquire(True, -5)
except ValueError as e:
    print("ValueError", e)

cond = threading.Condition()
items = []


def consumer():
    with cond:
        cond.wait_for(lambda: items)
        results["consumed"] = items.pop()


c = threading.Thread(target=consumer)
c.start()
with cond:
    items.append("item")
    cond.notify()
c.join()
print(results["consumed"])

sem = threading.Semaphore(2)
print(sem.acquire(), sem.acquire(), sem.acquire(False), sem.acquire(timeout=0.01))
sem.release(2)
bs = threading.BoundedSemaphore(1)
try:
    bs.release()
except ValueError as e:
    print("ValueError", e)
try:
    threading.Semaphore(-1)
except ValueError as e:
    print("ValueError", e)

data = threading.local()
data.x = "main"


def in_thread():
    results["local has x"] = hasattr(data, "x")
    data.x = "thread"
    results["local x"] = data.x


lt = threading.Thread(target=in_thread)
lt.start()
lt.join()
print(data.x, results["local has x"], results["local x"])

done = []
timer = threading.Timer(0.01, lambda: done.append(1))
timer.start()
timer.join()
print(done)
print(threading.active_count())
