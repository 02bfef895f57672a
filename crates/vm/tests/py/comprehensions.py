# Comprehensions and generator expressions in their own scope: the loop variable does not
# leak, the first iterable is evaluated in the enclosing scope, nested clauses, walrus
# binding to the enclosing scope, closures over the iteration variable, and errors.
x = "outer"
print([x for x in range(3)], x)
print({x: x * 2 for x in "ab"}, x)
g = (x for x in [1, 2])
print(list(g), x)
print([(i, j) for i in range(3) for j in range(i)])
print([i for i in range(10) if i % 2 if i % 3])
print([[i * j for j in range(3)] for i in range(3)])
print([y for x in [[1, 2], [3]] for y in x])


def scope_of_first_iterable():
    items = [1, 2, 3]
    return [v * n for v in items for n in (10,)]


print(scope_of_first_iterable())


def class_like():
    n = 3
    return [i * n for i in range(n)]


print(class_like())
print([last := i for i in range(4)], last)
total = 0
print([total := total + i for i in range(4)], total)


def walrus_in_func():
    [found := v for v in "abc" if v == "b"]
    return found


print(walrus_in_func())
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])
print([f() for f in [(lambda k: lambda: k * 10)(i) for i in range(3)]])
print(sum(i * i for i in range(10)), max(len(w) for w in ["a", "abc", "ab"]))
print(list(zip((i for i in "ab"), (j for j in range(5)))))
print({k: [v for v in range(k)] for k in range(3)})
print([(a, b) for a, b in {"p": 1, "q": 2}.items()])
print([a + b for a, *b in [(1, 2), (3, 4, 5)] if not b] or "empty")
print([c for c in "héllo" if c not in "l"])
try:
    [undefined_name for _ in range(1)]
except NameError as e:
    print("NameError:", e)
try:
    [1 / v for v in (1, 0)]
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    [v for v in 5]
except TypeError as e:
    print("TypeError:", e)
try:
    {[]: 1 for _ in range(1)}
except TypeError as e:
    print("TypeError:", e)
nested = [[row[i] for row in [[1, 2], [3, 4]]] for i in range(2)]
print(nested)


def genexp_late():
    data = [1, 2]
    ge = (d * 2 for d in data)
    data = [100]
    return list(ge)


print(genexp_late())
