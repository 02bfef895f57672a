# collections: defaultdict, OrderedDict, Counter, namedtuple, ChainMap, deque re-export.
import collections
from collections import defaultdict, OrderedDict, Counter, namedtuple, ChainMap, deque

# defaultdict
d = defaultdict(list)
d['a'].append(1)
d['b']
print(d)
print(d.default_factory, dict(d), d == {'a': [1], 'b': []})
n = defaultdict(None, x=1)
print(n)
try:
    n['missing']
except KeyError as e:
    print('KeyError', e)
try:
    defaultdict(3)
except TypeError as e:
    print(e)
c = d.copy()
print(type(c).__name__, c, c is d)
print(isinstance(d, dict), defaultdict.__module__)

# OrderedDict
od = OrderedDict([('a', 1), ('b', 2), ('c', 3)])
od.move_to_end('a')
print(od, list(od))
od.move_to_end('c', last=False)
print(list(od.items()))
print(od.popitem(), od.popitem(last=False), od)
o1 = OrderedDict([(1, 1), (2, 2)])
o2 = OrderedDict([(2, 2), (1, 1)])
print(o1 == o2, o1 == {2: 2, 1: 1}, dict(o1) == dict(o2), o1 != o2)
print(OrderedDict(), list(reversed(o1)), OrderedDict.fromkeys('ab', 0))
try:
    OrderedDict().popitem()
except KeyError as e:
    print('KeyError', e)

# Counter
cnt = Counter('abracadabra')
print(cnt)
print(cnt.most_common(2), cnt.most_common()[-1], cnt['z'], cnt.total())
print(sorted(cnt.elements()))
cnt.update('aaz')
cnt.subtract({'b': 5})
print(cnt)
a, b = Counter(a=3, b=1), Counter(a=1, b=2)
print(a + b, a - b, a | b, a & b, -b, +Counter(x=-1, y=2))
print(Counter(), Counter({'x': 2}) == Counter(x=2, y=0), Counter(a=1) <= Counter(a=2))
del cnt['nope']
try:
    Counter.fromkeys('ab')
except NotImplementedError as e:
    print(e)

# namedtuple
Point = namedtuple('Point', ['x', 'y'])
p = Point(1, y=2)
print(p, p.x, p.y, p[0], p._fields, Point.__name__, Point.__doc__)
print(p._asdict(), p._replace(x=5), Point._make([3, 4]), tuple(p), p == (1, 2))
x, y = p
print(x + y, isinstance(p, tuple), Point.x.__doc__)
P3 = namedtuple('P3', 'a b c', defaults=[0, 9])
print(P3(1), P3._field_defaults, P3(1, 2, 3))
R = namedtuple('R', ['ok', 'def', 'ok', '_x'], rename=True)
print(R._fields)
for bad in (['a', 'a'], ['_a'], ['class'], ['1x']):
    try:
        namedtuple('B', bad)
    except ValueError as e:
        print(e)
try:
    Point._make([1])
except TypeError as e:
    print(e)
try:
    p._replace(z=1)
except TypeError as e:
    print(e)
print(hash(p) == hash((1, 2)), Point(*range(2)), sorted([Point(2, 1), Point(1, 2)]))

# ChainMap
base = {'a': 1, 'b': 2}
cm = ChainMap({'a': 10}, base)
print(cm['a'], cm['b'], len(cm), sorted(cm), 'b' in cm, cm.get('z', 0))
cm['c'] = 3
print(cm, cm.maps[0])
child = cm.new_child()
child['a'] = 100
print(child['a'], cm['a'], child.parents)
try:
    del cm['b']
except KeyError as e:
    print('KeyError', e)
print(dict(cm), list(cm.items()))

# deque comes from _collections
q = deque([1, 2, 3], maxlen=3)
q.append(4)
print(q, type(q).__module__)
print(collections.__name__, sorted(n for n in collections.__all__ if n != 'UserString'))
