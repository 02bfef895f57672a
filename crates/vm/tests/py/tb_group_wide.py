# More than 15 members, a member with a cause, and nesting past 10 levels.
def nest(n):
    if n == 0:
        return ValueError("leaf")
    return ExceptionGroup("level %d" % n, [nest(n - 1)])

try:
    raise KeyError("cause")
except KeyError as k:
    caused = TypeError("with cause")
    caused.__cause__ = k

raise ExceptionGroup("wide", [caused, nest(12)] + [OSError(i) for i in range(15)])
