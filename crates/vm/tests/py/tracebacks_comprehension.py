# An uncaught error inside a comprehension, a lambda and a generator expression: CPython 3.13
# inlines list/dict/set comprehensions, so their frame does not appear.
def inv(v):
    return 1 / v


def run():
    try:
        print([inv(v) for v in (1, 0)])
    except ZeroDivisionError as e:
        print("list comp:", e)
    try:
        print(sum(inv(v) for v in (1, 0)))
    except ZeroDivisionError as e:
        print("genexp:", e)
    f = lambda v: inv(v)
    return {k: f(k) for k in (2, 0)}


run()
