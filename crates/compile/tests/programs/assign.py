x = 1
a = b = [1, 2, 3]
a, *rest, z = range(10)
(p, q), r = (1, 2), 3
obj.attr = x
d[k] = x
x += 1
obj.attr -= 2
d[k] *= 3
del x, obj.attr, d[k]
n: int = 5
m: "str"
if (w := len(a)) > 2:
    print(w)
t = 1, 2, 3
s = {1, 2, 3}
big = 123456789012345678901234567890
neg = -5
c = 1 + 2j
bs = b"\x00ab"
e = ...
