import operator
from operator import *

print(add(1, 2), sub(5, 3), mul(3, 4), truediv(7, 2), floordiv(7, 2), mod(7, 3), pow(2, 10))
print(neg(5), pos(-5), abs(-3), inv(5), invert(5), lshift(1, 5), rshift(64, 2))
print(and_(12, 10), or_(12, 10), xor(12, 10), not_(0), truth([1]), is_(None, None), is_not(1, None))
print(lt(1, 2), le(2, 2), eq(1, 1.0), ne(1, 2), gt(3, 2), ge(1, 2))
print(concat([1], [2]), concat("a", "b"), contains([1, 2], 2), countOf([1, 2, 1, 1], 1), indexOf("abc", "c"))
print(getitem([1, 2, 3], 1), getitem({"a": 1}, "a"), getitem("hello", slice(1, 3)))
lst = [1, 2, 3]
setitem(lst, 0, 9)
delitem(lst, 1)
print(lst, index(7), index(True), length_hint([1, 2, 3]), length_hint(5, 7))
x = [1]
print(iadd(x, [2]), x, iconcat(x, [3]), x, imul([1], 3), isub(5, 2), ior(1, 2), ipow(2, 3))
print(itruediv(1, 4), ifloordiv(9, 2), imod(9, 4), iand(6, 3), ixor(6, 3), ilshift(1, 3), irshift(8, 1))
print(operator.__add__ is add, operator.__not__ is not_, operator.__add__, add.__name__, call(len, "abc"))
print(call(max, 1, 5, 3), call(sorted, [3, 1, 2], reverse=True))

ig = itemgetter(1)
print(ig, ig([10, 20, 30]), ig("abc"), itemgetter(0, 2)("xyz"), itemgetter("k", "j")({"k": 1, "j": 2}))
print(sorted([(1, "b"), (0, "c"), (2, "a")], key=itemgetter(1)))
ag = attrgetter("real")
print(ag, ag(3), attrgetter("real", "imag")(5), attrgetter("__class__.__name__")(1.5))
mc = methodcaller("split", ",", maxsplit=1)
print(mc, mc("a,b,c"), methodcaller("upper")("ab"), methodcaller("count", 1)([1, 2, 1]))
print(itemgetter(1, "x"), methodcaller("f", 1, x=2), attrgetter("a", "b.c"))
print(list(map(itemgetter(0), [(1, 2), (3, 4)])), type(ig), itemgetter)

tests = ['add(1)', 'concat(1, 2)', 'concat([1], (2,))', 'indexOf([1], 2)', 'index(1.5)',
         'attrgetter(1)', 'attrgetter()', 'itemgetter()', 'itemgetter(1)()', 'methodcaller()',
         'methodcaller(1)', 'attrgetter("a")(1)', 'attrgetter("real")(1, 2)', 'neg("a")',
         'lt(1, "a")', 'length_hint(5, "a")', 'imatmul(1, 2)', 'iconcat(1, [2])',
         'itemgetter(1, x=1)', 'attrgetter("a", x=1)', 'matmul(1, 2)', 'truediv(1, 0)',
         'getitem([1], 5)', 'contains(1, 1)', 'add(1, "a")', 'itemgetter(5)([1])']
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__ + ':', e)
