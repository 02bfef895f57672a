# The exception line of each section: no message, several arguments, a KeyError's repr, an
# empty string, a non-str argument; the source lines are shown stripped.
def level(n):
    if n == 0:
        raise KeyError("quoted key")
    try:
        level(n - 1)
    except Exception:
        if n == 1:
            raise ValueError(1, "two", [3])
        if n == 2:
            raise IndexError
        if n == 3:
            raise RuntimeError("")
        if n == 4:
            raise TypeError(42)
        raise ZeroDivisionError(None)


def start():
	# a tab-indented body line
	return level(5)    # trailing comment


start()
