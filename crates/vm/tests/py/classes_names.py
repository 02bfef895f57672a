# Assigning a class's __name__ and __qualname__ (type_set_name, type_set_qualname).
class C:
    pass

class D(C):
    pass

C.__name__ = "Renamed"
print(C.__name__, C.__qualname__, C, type(C()).__name__)
print("__name__" in C.__dict__)
C.__qualname__ = "Q.R"
print(C.__name__, C.__qualname__, repr(C))
for bad in (1, None, b"x"):
    try:
        C.__name__ = bad
    except TypeError as e:
        print(type(e).__name__, e)
    try:
        C.__qualname__ = bad
    except TypeError as e:
        print(type(e).__name__, e)
try:
    C.__name__ = "a\0b"
except ValueError as e:
    print(type(e).__name__, e)
for attr in ("__name__", "__qualname__"):
    try:
        delattr(C, attr)
    except TypeError as e:
        print(type(e).__name__, e)
    try:
        setattr(int, attr, "x")
    except TypeError as e:
        print(type(e).__name__, e)
print(C.__name__, D.__mro__)
class S(str):
    pass
C.__name__ = S("sub")
print(C.__name__, type(C.__name__).__name__)

try:
    C().missing
except AttributeError as e:
    print(e)

