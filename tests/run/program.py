# A small program: functions, closures, generators, comprehensions, exceptions handled.
def counter():
    n = 0

    def bump(by=1):
        nonlocal n
        n += by
        return n

    return bump


def primes(limit):
    found = []
    for k in range(2, limit):
        if all(k % p for p in found):
            found.append(k)
            yield k


bump = counter()
bump()
bump(5)
print('counter', bump(0))
print('primes', list(primes(30)))
squares = {k: k * k for k in range(6) if k % 2}
print('squares', squares)
try:
    {}['missing']
except KeyError as e:
    print('KeyError', e)
words = 'the quick brown fox'.split()
print(' '.join(sorted(words, key=len)), max(words, key=len))
print(f'{3.14159:.2f} {2**100} {divmod(-7, 2)}')
