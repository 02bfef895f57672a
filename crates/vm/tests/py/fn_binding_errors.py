# The remaining binding texts: ranges of positional counts, keyword-only counts in the
# too-many message, several missing names, positional-only names with **kwargs, and
# methods of nested functions in the texts.
def show(f, *args, **kwargs):
    try:
        print(f.__qualname__, "->", f(*args, **kwargs))
    except TypeError as e:
        print(f.__qualname__, "TypeError:", e)


def rng(a, b=1, c=2):
    return a


def kwo(a, b, *, c, d=1):
    return a


def many_kwo(*, a, b, c):
    return a


def po_kwargs(a, b=2, /, **kw):
    return (a, b, sorted(kw.items()))


def missing3(a, b, c, d):
    return a


def outer():
    def inner(x, /, y, *, z):
        return x

    return inner


show(rng, 1, 2, 3, 4)
show(rng, 1, 2, 3, 4, c=5)
show(kwo, 1, 2, 3)
show(kwo, 1, 2, 3, c=4)
show(kwo, 1, 2, 3, 4, c=5, d=6)
show(kwo, 1)
show(many_kwo)
show(many_kwo, b=1)
show(many_kwo, 1)
show(po_kwargs, 1, a=5, b=6)
show(po_kwargs)
show(missing3)
show(missing3, 1)
show(missing3, 1, 2)
show(missing3, 1, d=4)
show(outer(), 1, 2)
show(outer(), x=1, y=2, z=3)
show(outer(), 1, y=2, z=3, w=4)
show(outer(), 1, 2, 3)
show(lambda *a, b: a, 1, 2)
show(lambda a, *, b=1: a, 1, 2, 3)
show(lambda a, b=1, *, c: a, 1, 2, 3, 4)
try:
    show(rng, 1, b=2, **{"b": 3})
except TypeError as e:
    print("TypeError:", e)
show(rng, *range(5))
show(rng, 1, **{"d": 4, "e": 5})
