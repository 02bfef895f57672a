# Calls written over several lines: the traceback shows every line of the call, dedented.
def fail(*args, **kwargs):
    raise ValueError("bad " + str(len(args)))


def wrap(v):
    return v


def outer():
    try:
        wrap(
            fail(1,
                 2)
        )
    except ValueError as e:
        print("caught", e)
    items = [1, 2]
    return wrap(
        items).count(
            fail(
                "a",
                key=3,
            )
    )


def main():
    value = outer(
    )
    return value


main()
