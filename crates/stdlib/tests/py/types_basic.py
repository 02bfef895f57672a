import sys
import types

ns = types.SimpleNamespace(a=1, b="x")
print(ns)
ns.c = [1, 2]
print(ns, ns.a, ns.c)
print(ns == types.SimpleNamespace(a=1, b="x", c=[1, 2]), ns == types.SimpleNamespace(a=1))
print(types.SimpleNamespace({"k": 3}, z=4))
del ns.a
print(ns)
ns.me = ns
print(ns)


class Sub(types.SimpleNamespace):
    pass


print(Sub(q=1), Sub(q=1) == types.SimpleNamespace(q=1))


def f():
    pass


def g():
    yield 1


class C:
    def m(self):
        pass


print(isinstance(f, types.FunctionType), isinstance(lambda: 0, types.LambdaType))
print(isinstance(g(), types.GeneratorType), isinstance(f, types.GeneratorType))
print(isinstance(C().m, types.MethodType), isinstance(len, types.BuiltinFunctionType))
print(isinstance(sys, types.ModuleType), types.NoneType is type(None))
print(types.FunctionType.__name__, types.MethodType.__name__, types.ModuleType.__name__)
print(types.GeneratorType.__name__, types.BuiltinFunctionType.__name__)
m = types.ModuleType("mymod")
m.x = 5
print(m.__name__, m.x)
bm = types.MethodType(lambda self, y: (self, y), "obj")
print(bm(3))


def body(ns):
    ns["hello"] = lambda self: "hi from " + type(self).__name__
    ns["n"] = 7


K = types.new_class("K", (C,), {}, body)
print(K.__name__, K.n, K().hello(), K.__mro__[1] is C)
meta, ns2, kw = types.prepare_class("Z", (), {"metaclass": type})
print(meta, ns2, kw)
print(types.resolve_bases((int, str)))

mp = types.MappingProxyType({"a": 1})
print(mp["a"], len(mp), list(mp), "a" in mp, mp.get("b", 9))
print(mp)
try:
    mp["b"] = 2
except TypeError as e:
    print("TypeError", e)
print(types.GenericAlias(list, (int,)), types.GenericAlias(dict, (str, int)))
