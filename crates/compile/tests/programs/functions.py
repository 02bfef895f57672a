def f(a, b=2, /, c=3, *args, d, e=5, **kwargs) -> int:
    """Docstring."""
    return a


@decorator
@other(1)
def decorated():
    pass


def outer():
    x = 1
    y = 2

    def inner():
        nonlocal x
        x += y
        return x

    return inner


def uses_global():
    global G
    G = 1
    return G


square = lambda v, k=2: v ** k
f(1, *args, key=1, **kw)
f(1, 2, c=3)
obj.method(1, x=2)
