# Function parameters: every kind, and every binding error text.
def show(f, *args, **kwargs):
    try:
        print(f.__name__, "->", f(*args, **kwargs))
    except TypeError as e:
        print(f.__name__, "TypeError:", e)


def pos(a, b, c):
    return (a, b, c)


def dflt(a, b=2, c=3):
    return (a, b, c)


def kwonly(a, *, k, j=5):
    return (a, k, j)


def posonly(a, b=1, /, c=2):
    return (a, b, c)


def star(a, *rest):
    return (a, rest)


def dstar(a, **kw):
    return (a, sorted(kw.items()))


def everything(p, /, q, r=3, *args, s, t=6, **kw):
    return (p, q, r, args, s, t, sorted(kw.items()))


def noargs():
    return "none"


def one(x):
    return x


show(pos, 1, 2, 3)
show(pos, 1, c=3, b=2)
show(pos, *[1, 2], **{"c": 3})
show(pos, 1, 2)
show(pos, 1)
show(pos)
show(pos, 1, 2, 3, 4)
show(pos, 1, 2, 3, 4, 5)
show(pos, 1, 2, 3, a=1)
show(pos, 1, 2, 3, d=4)
show(pos, 1, 2, c=3, d=4, e=5)
show(dflt, 1)
show(dflt, 1, c=9)
show(dflt)
show(dflt, 1, 2, 3, 4)
show(dflt, 1, 2, 3, 4, 5)
show(dflt, b=1)
show(kwonly, 1, k=2)
show(kwonly, 1, k=2, j=3)
show(kwonly, 1)
show(kwonly, 1, 2)
show(kwonly, 1, 2, 3)
show(kwonly, 1, 2, k=3)
show(kwonly, k=1)
show(posonly, 1)
show(posonly, 1, 2, 3)
show(posonly, 1, c=5)
show(posonly, a=1)
show(posonly, 1, b=2)
show(posonly, 1, a=2, b=3)
show(posonly)
show(star, 1)
show(star, 1, 2, 3)
show(star)
show(star, 1, b=2)
show(dstar, 1, x=1, y=2)
show(dstar, a=1, b=2)
show(dstar, 1, 2)
show(dstar, 1, a=2)
show(everything, 1, 2, s=5)
show(everything, 1, 2, 3, 4, 5, s=0, t=1, u=2, v=3)
show(everything, 1, q=2, s=3, p=4)
show(everything, 1, 2)
show(everything)
show(noargs)
show(noargs, 1)
show(noargs, x=1)
show(one)
show(one, 1, 2)
show(one, y=2)
show(one, 1, x=2)
show(lambda: 1, 2)
show(lambda x, y: x, 1)
show(lambda *, k: k)
show(lambda a, b, c, d: a)
show(lambda a, b, *, c, d: a, 1, 2)
show(lambda a, b, *, c, d, e: a, 1, 2, d=1)


def defaults_evaluated_once(x, acc=[]):
    acc.append(x)
    return acc


print(defaults_evaluated_once(1), defaults_evaluated_once(2))
counter = 10


def snapshot(v=counter):
    return v


counter = 20
print(snapshot())
print(pos(*(1,), *[2], *range(3, 4)))
print(dstar(**{"a": 1}, **{"b": 2}))
try:
    dstar(**{"a": 1}, **{"a": 2})
except TypeError as e:
    print("TypeError:", e)
try:
    pos(*5)
except TypeError as e:
    print("TypeError:", e)
try:
    dstar(1, **[1])
except TypeError as e:
    print("TypeError:", e)
try:
    dstar(1, **{1: 2})
except TypeError as e:
    print("TypeError:", e)
five, text = 5, "abc"
for thunk in [
    lambda: five(),
    lambda: text(1),
    lambda: [*five],
    lambda: (*five,),
    lambda: pos(1, *five),
    lambda: print(*five),
    lambda: star(*None),
    lambda: int(**[1]),
    lambda: [].append(**[1]),
    lambda: dstar(**None),
    lambda: dstar(*[1], **five),
    lambda: dstar(x=1, **{"x": 2}),
    lambda: len(**{"a": 1}, **{"a": 2}),
]:
    try:
        thunk()
    except TypeError as e:
        print("TypeError:", e)
