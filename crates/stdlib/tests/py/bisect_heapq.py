import bisect
import heapq
from bisect import bisect_left, bisect_right, insort, insort_left, insort_right
from heapq import heappush, heappop, heapify, heapreplace, heappushpop, nsmallest, nlargest

state = 12345
def rnd(n):
    global state
    state = (state * 1103515245 + 12345) % 2**31
    return state % n

a = [1, 2, 2, 2, 3, 5, 8]
print([bisect_left(a, x) for x in range(10)], [bisect_right(a, x) for x in range(10)])
print(bisect.bisect(a, 2), bisect_left(a, 2, 2), bisect_left(a, 2, 0, 2), bisect_right(a, 2, hi=3))
print(bisect_left(a, 4, key=lambda v: v), bisect_right([(1, "a"), (2, "b")], 1, key=lambda t: t[0]))
s = []
for i in range(20):
    insort(s, rnd(10))
print(s)
insort_left(s, 5)
insort_right(s, 5.0)
print(s, bisect.insort is insort_right)
k = [("a", 1), ("b", 3)]
insort(k, ("c", 2), key=lambda t: t[1])
print(k)

h = []
for i in range(30):
    heappush(h, rnd(100))
print(h)
print([heappop(h) for _ in range(10)], h)
data = [rnd(1000) for _ in range(100)]
heapify(data)
print(data)
print(heapreplace(data, 500), heappushpop(data, 3), heappushpop(data, 999), data[:10])
print(heappushpop([], 1))
ts = [(rnd(5), i) for i in range(20)]
heapify(ts)
print(ts)
big = [rnd(10**6) for _ in range(3000)]
heapify(big)
print(big[:20], big[-5:], sum(big))
w = [rnd(20) for _ in range(50)]
print(nsmallest(5, w), nlargest(5, w), nsmallest(1, w), nlargest(1, w), nsmallest(0, w))
print(nsmallest(100, w)[:5], nlargest(100, w)[:5], nsmallest(3, iter(w)), nlargest(3, iter(w)))
print(nsmallest(4, w, key=lambda v: -v), nlargest(4, w, key=lambda v: v % 7))
print(nsmallest(2, []), nlargest(2, iter([])), nsmallest(1, []), nlargest(3, "hello"))
pairs = [(rnd(4), chr(97 + i)) for i in range(26)]
print(nsmallest(6, pairs, key=lambda p: p[0]), nlargest(6, pairs, key=lambda p: p[0]))
strs = ["bb", "a", "ccc", "dd", "e", "fff"]
print(nsmallest(3, strs, key=len), nlargest(3, strs, key=len))

tests = ['bisect_left([1, 2], 1, -1)', 'bisect_left([1, 2], 1, 0, 5)', 'bisect_left(1, 1)',
         'bisect_left()', 'insort(5, 1)', 'bisect_left([1], 1, key=1)', 'heappush(1, 2)',
         'heappop([])', 'heapify(1)', 'heapreplace([], 1)', 'heappush([])',
         'heappop(1)', 'bisect_right([1, 2, 3], 2, lo="a")', 'bisect_left([1, 2, 3], 2, hi=None)',
         'heappush([1], "a")', 'nsmallest(2, [1, "a", 2])']
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__ + ':', e)
