import string
import copy
from collections import deque

print(string.ascii_letters, string.ascii_lowercase, string.ascii_uppercase)
print(string.digits, string.hexdigits, string.octdigits, repr(string.whitespace))
print(string.punctuation, repr(string.printable), len(string.printable))
print(string.capwords("hello  wORLD  foo"), string.capwords("a-b-c", "-"), repr(string.capwords("")))
print(string.capwords(" x y "), string.capwords("ab cd", None))

a = [1, [2, 3], {"k": [4]}, (5, [6]), {7, 8}, "s", None]
b = copy.copy(a)
c = copy.deepcopy(a)
print(b == a, b is a, b[1] is a[1], c == a, c[1] is a[1], c[2]["k"] is a[2]["k"], c[3] is a[3])
print(c[3][1] is a[3][1], c[4] == a[4], c[4] is a[4], copy.copy((1, 2)) is not None)
t = (1, 2, "x")
print(copy.deepcopy(t) is t, copy.copy(t) is t, copy.deepcopy(5), copy.copy("s"))
shared = [1]
d = copy.deepcopy([shared, shared])
print(d, d[0] is d[1], d[0] is shared)
cyc = [1]
cyc.append(cyc)
e = copy.deepcopy(cyc)
print(e[1] is e, e[1] is not cyc, len(e))
dd = {"a": {"b": [1, 2]}}
ee = copy.deepcopy(dd)
ee["a"]["b"].append(3)
print(dd, ee, copy.copy(dd)["a"] is dd["a"])
q = deque([[1], [2]])
q2 = copy.copy(q)
q3 = copy.deepcopy(q)
print(q2, q3, q2[0] is q[0], q3[0] is q[0])
print(copy.copy(len) is len, copy.deepcopy(range(3)) == range(3), copy.copy({1, 2}))
for t in ['copy.copy()', 'copy.deepcopy()', 'copy.copy(1, 2)', 'string.capwords()']:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as ex:
        print(t, '!!', type(ex).__name__ + ':', ex)
