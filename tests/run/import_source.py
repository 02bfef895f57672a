# Source imports: modules and packages on sys.path, their attributes, submodules, the
# from-list, relative imports, importlib.import_module (absolute and package-relative) and
# importlib.reload, a namespace package.
import sys

HERE = __file__.rsplit("/", 1)[0]


def show(x):
    print(str(x).replace(HERE, "{dir}"))


print(sys.path[0] == HERE)
import imppkg

show(imppkg.__file__)
show(imppkg.__path__)
print(imppkg.__name__, imppkg.__package__)
s = imppkg.__spec__
show((s.name, s.origin, s.parent, s.submodule_search_locations, s.has_location))
print(imppkg.leaf.twice(4), imppkg.twice is imppkg.leaf.twice)
import imppkg.sub.deep

print(imppkg.sub.deep.VALUE, imppkg.sub.t2(5))
from imppkg.sub import deep as d2

print(d2 is imppkg.sub.deep)
from imppkg import leaf, sub

print(leaf.__spec__.parent, sub.__spec__.parent, leaf.__spec__.submodule_search_locations)
import imppkg.leaf as L

print(L is leaf, hasattr(leaf, "__path__"), type(leaf.__builtins__).__name__)
show(leaf.__spec__.origin)
print(leaf.__spec__.has_location, leaf.__spec__.cached is None or leaf.__spec__.cached.endswith(".pyc"))
print(sorted(k for k in sys.modules if k.startswith("imppkg")))
import importlib

m = importlib.import_module("imppkg.leaf")
print(m is leaf)
print(importlib.import_module(".sub", "imppkg") is sub)
print(importlib.import_module("..leaf", "imppkg.sub") is leaf)
for args in [(".sub",), ("...x", "imppkg.sub"), ("", None)]:
    try:
        importlib.import_module(*args)
    except Exception as e:
        print(type(e).__name__, e)
leaf.twice = None
r = importlib.reload(leaf)
print(r is leaf, leaf.twice(3))
import impns.mod

show(list(impns.__path__))
print(impns.mod.X, impns.__spec__.origin, hasattr(impns, "__file__"))
show(repr(impns))
print(importlib.import_module(".leaf", "imppkg") is leaf)
try:
    importlib.import_module(".leaf")
except TypeError as e:
    print(e)
