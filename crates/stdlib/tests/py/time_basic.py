import time

t0 = time.perf_counter()
m0 = time.monotonic()
n0 = time.perf_counter_ns()
time.sleep(0.02)
time.sleep(0)
time.sleep(True and 0)
dt = time.perf_counter() - t0
print("slept", 0.015 < dt < 2.0, time.monotonic() - m0 > 0.015, time.perf_counter_ns() - n0 > 15_000_000)
print(type(time.time()).__name__, type(time.time_ns()).__name__, time.time() > 1.6e9,
      time.time_ns() > 1_600_000_000 * 10**9, type(time.monotonic_ns()).__name__)
print(type(time.process_time()).__name__, time.process_time() >= 0, time.process_time_ns() >= 0)
print(time.perf_counter, time.sleep)

for t in [0, 1, -1, 86400 * 365.25 * 30, 10**9, 1.9, -1.5, 2**31, 951782400]:
    g = time.gmtime(t)
    print(g, g.tm_zone, g.tm_gmtoff, list(g), g[0], g[-1], g[1:3], len(g))
print(time.gmtime(0) == time.gmtime(0), time.gmtime(0) == (1970, 1, 1, 0, 0, 0, 3, 1, 0),
      time.gmtime(0) < time.gmtime(1), time.gmtime(5) > (1970,))
y, mo, d, h, mi, s, wd, yd, dst = time.gmtime(10**9)
print(y, mo, d, h, mi, s, wd, yd, dst, time.gmtime(0).n_fields, time.struct_time)
print(time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(0)))
print(time.strftime("%a %A %b %B %j %U %w %y %% %p %I", time.gmtime(10**9)))
print(time.strftime("%Y", (2020, 1, 1, 0, 0, 0, 0, 1, 0)), repr(time.strftime("")))
print(time.strftime("%Y %m %d", (2020, 0, 0, 0, 0, 0, 0, 0, 0)))
print(time.asctime(time.gmtime(0)), time.asctime((2020, 1, 1, 0, 0, 0, 0, 1, 0)))
print(time.asctime(time.gmtime(10**9 + 123456)))

tests = ['time.sleep(-1)', 'time.sleep("a")', 'time.sleep()', 'time.sleep(1, 2)',
         'time.sleep(float("nan"))', 'time.sleep(10**30)', 'time.gmtime("x")',
         'time.gmtime(1e20)', 'time.gmtime(0)[9]', 'time.strftime(1)',
         'time.strftime("%Y", (1, 2, 3))', 'time.strftime("%Y", 5)',
         'time.strftime("%Y", (2020, 13, 1, 0, 0, 0, 0, 1, 0))',
         'time.strftime("%Y", (2020, 1, 1, 24, 0, 0, 0, 1, 0))',
         'time.strftime("%Y", (2020, 1, 1, 0, 0, 0, 0, 367, 0))',
         'time.strftime("%Y", (2020, 1, 32, 0, 0, 0, 0, 1, 0))',
         'time.strftime("%Y", (2020, 1, 1, 0, 60, 0, 0, 1, 0))',
         'time.strftime("%Y", (2020, 1, 1, 0, 0, 62, 0, 1, 0))',
         'time.mktime(5)', 'time.strftime("%Y", (2020.5, 1, 1, 0, 0, 0, 0, 1, 0))',
         'time.asctime((2020, 1, 1, 0, 0, 0, 0, 1))', 'time.time(1)', 'time.perf_counter(x=1)']
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__ + ':', e)
