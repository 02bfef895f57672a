for f in [lambda: ValueError().add_note(3), lambda: (lambda e: (setattr(e, "__notes__", (1,)), e.add_note("x")))(ValueError())]:
    try:
        f()
    except TypeError as e:
        print(e)
e = KeyError("k")
e.add_note("first note")
e.add_note("second\nmultiline")
print(e.__notes__)
print(e.add_note("third"))
class MyErr(Exception):
    pass
try:
    raise MyErr("boom")
except MyErr as err:
    err.add_note("while testing")
    print(err.__notes__)
e = ValueError("v")
e.__notes__ = "not a list"
try:
    e.add_note("y")
except TypeError as x:
    print(x)
def f():
    e = RuntimeError("last")
    e.add_note("note one")
    e.add_note(str(42))
    raise e
f()
