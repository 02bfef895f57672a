# An uncaught exception: the traceback (no caret lines) on stderr, exit status 1; the output
# before it stays printed.
def parse(text):
    return int(text)


def total(items):
    return sum(parse(t) for t in items)


print(total(['1', '2']))
print(total(['3', 'four']))
print('not reached')
