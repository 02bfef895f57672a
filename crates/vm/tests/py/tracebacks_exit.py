# Messages of exceptions with no text, with a repr-like text, and a KeyError's repr; the
# program's earlier output stays, and the traceback goes to stderr.
import_free = 1
print("partial output")
try:
    raise KeyError("k")
except KeyError as e:
    print(str(e), repr(e))
try:
    raise StopIteration
except StopIteration as e:
    print(repr(e))


def fail():
    raise KeyError(("a", 1))


fail()
