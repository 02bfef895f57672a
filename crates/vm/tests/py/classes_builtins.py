# Subclassing builtin types: int, float, str, tuple, bytes, list, dict; isinstance and
# issubclass through the MRO and through metaclass hooks; class patterns of match.

class MyInt(int):
    def double(self):
        return self * 2

i = MyInt(21)
print(i, i + 1, i.double(), type(i).__name__, isinstance(i, int), type(i + 1).__name__)
print(MyInt(), MyInt("7"), MyInt("ff", 16), i == 21, hash(i) == hash(21), i.bit_length())
i.tag = "t"
print(i.tag, i.__dict__, repr(i), str(i), f"{i:>5}")

class MyFloat(float):
    pass
print(MyFloat(1.5) * 2, MyFloat("2.5"), isinstance(MyFloat(1), float))

class MyStr(str):
    def shout(self):
        return self.upper() + "!"
s = MyStr("hi")
print(s, s.shout(), s + " there", len(s), s[0], type(s).__name__, s == "hi", {s: 1}["hi"])
print(repr(s), s.split("i"), "x".join([s, s]), isinstance(s, str))

class Pair(tuple):
    def swap(self):
        return Pair((self[1], self[0]))
p = Pair((1, 2))
print(p, p.swap(), len(p), p[0], type(p.swap()).__name__, p == (1, 2), tuple(p))

class MyBytes(bytes):
    pass
print(MyBytes(b"ab"), len(MyBytes(b"abc")), MyBytes(b"x") + b"y")

class Stack(list):
    def push(self, v):
        self.append(v)
        return self
    def peek(self):
        return self[-1]

st = Stack([1, 2])
st.push(3).push(4)
print(st, st.peek(), len(st), st.pop(), st, type(st).__name__, isinstance(st, list))
print(Stack(), Stack("ab"), sorted(Stack([3, 1, 2])), st == [1, 2, 3], st[1:])
st.name = "s"
print(st.name)

class LoggingList(list):
    def append(self, v):
        print("append", v)
        super().append(v)
ll = LoggingList()
ll.append(1)
ll.append(2)
print(ll, list.append, LoggingList.append.__name__)

class Init(list):
    def __init__(self, n):
        super().__init__(range(n))
        self.n = n
print(Init(3), Init(3).n)

class Counter(dict):
    def add(self, k):
        self[k] = self.get(k, 0) + 1
c = Counter()
for ch in "abracadabra":
    c.add(ch)
print(sorted(c.items()), len(c), type(c).__name__, isinstance(c, dict), c["a"])
print(Counter(x=1), Counter({"y": 2}), Counter([("z", 3)]))

class Default(dict):
    def __init__(self, default, *a, **kw):
        super().__init__(*a, **kw)
        self.default = default
d = Default(0, a=1)
print(d, d.default, d.get("b", d.default))

# isinstance / issubclass with tuples and through several levels.
class A: pass
class B(A): pass
class C(B, MyInt): pass
print(isinstance(B(), (int, A)), issubclass(C, (str, int)), issubclass(C, A), issubclass(bool, int))
print(isinstance(C(3), int), C(3) + 1, [k.__name__ for k in C.__mro__])
try:
    issubclass(3, A)
except TypeError as e:
    print("TypeError:", e)
try:
    isinstance(3, 4)
except TypeError as e:
    print("TypeError:", e)

# Hooks on the metaclass.
class Meta(type):
    def __instancecheck__(cls, obj):
        return obj == "magic"
    def __subclasscheck__(cls, sub):
        return sub is int
class Magic(metaclass=Meta):
    pass
print(isinstance("magic", Magic), isinstance("other", Magic), isinstance(Magic(), Magic))
print(issubclass(int, Magic), issubclass(str, Magic), issubclass(int, (str, Magic)))

# Classes in match statements.
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y

def where(p):
    match p:
        case Point(0, 0):
            return "origin"
        case Point(x, 0):
            return f"on x at {x}"
        case Point(x=0, y=y):
            return f"on y at {y}"
        case Point(x, y) if x == y:
            return "diagonal"
        case MyInt(v):
            return f"MyInt {v}"
        case Stack([a, *rest]):
            return f"Stack from {a}"
        case _:
            return "elsewhere"

for v in [Point(0, 0), Point(3, 0), Point(0, 4), Point(2, 2), Point(1, 2), MyInt(5), Stack([9, 8]), 3]:
    print(where(v))
try:
    match Point(1, 2):
        case Point(a, b, c):
            pass
except TypeError as e:
    print("TypeError:", e)
