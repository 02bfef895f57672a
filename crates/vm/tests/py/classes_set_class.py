class A:
    def who(self):
        return "A"


class B:
    def who(self):
        return "B"


class S:
    __slots__ = ("x",)


class T:
    __slots__ = ("x",)


class U:
    __slots__ = ("y",)


class L(list):
    pass


class M(list):
    def total(self):
        return sum(self)


def t(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


a = A()
a.v = 1
a.__class__ = B
print(type(a).__name__, a.who(), a.v, isinstance(a, B), isinstance(a, A))
a.__class__ = A
print(a.who())
t("to int", lambda: setattr(a, "__class__", int))
t("to non-class", lambda: setattr(a, "__class__", 1))
t("del", lambda: delattr(a, "__class__"))
t("int instance", lambda: setattr(1, "__class__", A))
t("layout", lambda: setattr(a, "__class__", S))
s = S()
s.x = 5
s.__class__ = T
print(type(s).__name__, s.x)
t("slots differ", lambda: setattr(s, "__class__", U))
l = L([1, 2])
l.__class__ = M
print(type(l).__name__, l.total())
t("list to A", lambda: setattr(l, "__class__", A))
t("list to list", lambda: setattr(l, "__class__", list))
