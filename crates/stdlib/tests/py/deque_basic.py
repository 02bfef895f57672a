from collections import deque
import _collections

d = deque([1, 2, 3])
d.append(4)
d.appendleft(0)
print(d, len(d), d[0], d[-1], d[2], bool(d), bool(deque()), 3 in d, 9 in d)
print(d.pop(), d.popleft(), d)
d.extend([7, 8])
d.extendleft("ab")
print(d, list(d), d.count(7), d.index(7))
d.rotate(2)
print(d)
d.rotate(-3)
print(d)
d.rotate()
print(d)
d[0] = "x"
del d[1]
print(d, d.maxlen)
d.remove(7)
d.reverse()
print(d)
d.insert(1, "ins")
d.insert(-1, "neg")
d.insert(100, "end")
print(d)
e = d.copy()
d.clear()
print(d, e, e == deque(e), e != d, deque([1, 2]) < deque([1, 3]), deque([1]) == [1])
m = deque(range(10), maxlen=3)
print(m, m.maxlen)
m.append(10)
m.appendleft(-1)
print(m)
m.extend(range(20, 25))
print(m, deque(maxlen=0), deque("abc", 2))
z = deque(maxlen=0)
z.append(1)
print(z, deque(), repr(deque([deque([1])])), type(d), deque, _collections.deque is deque)
print([x * 2 for x in deque(range(5))], sum(deque([1, 2, 3])), sorted(deque([3, 1, 2])))
q = deque()
for i in range(5):
    q.append(i)
out = []
while q:
    out.append(q.popleft())
print(out)
tests = ['deque().pop()', 'deque().popleft()', 'deque(maxlen=-1)', 'deque([1, 2, 3])[5]',
         'deque([1, 2, 3]).remove(9)', 'deque([1, 2, 3]).index(9)', 'deque(1)',
         'deque([1], maxlen="a")', 'deque([1]).rotate("a")', 'deque([1])["a"]',
         'deque([1]).append()', 'deque([1]).insert(0)', 'deque([1], 1).insert(0, 2)']
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__ + ':', e)
dd = deque([1, 2, 3])
try:
    for x in dd:
        dd.append(x)
except RuntimeError as e:
    print("RuntimeError", e)
