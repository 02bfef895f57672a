# Deep recursion that is not caught: CPython collapses the repeated lines.
def down(n):
    return down(n + 1)


def start():
    return down(0)


print("going down")
start()
