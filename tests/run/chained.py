# Chained exceptions: the cause is printed first, then the exception it caused.
def lookup(table, key):
    try:
        return table[key]
    except KeyError as e:
        raise ValueError(f'no entry {key!r}') from e


print(lookup({'a': 1}, 'a'))
lookup({'a': 1}, 'b')
