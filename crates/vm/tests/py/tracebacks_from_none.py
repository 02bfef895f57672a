# `raise ... from None` hides the context; a cause chain of three prints every section.
def lookup(d, k):
    try:
        return d[k]
    except KeyError:
        raise LookupError(f"no {k}") from None


def level1():
    try:
        lookup({}, "a")
    except LookupError as e:
        raise ValueError("level1") from e


def level2():
    try:
        level1()
    except ValueError as e:
        raise RuntimeError("level2") from e


print(lookup({"a": 1}, "a"))
level2()
