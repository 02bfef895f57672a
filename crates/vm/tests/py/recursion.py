import_depth = 0

def down(n):
    return down(n + 1)

try:
    down(0)
except RecursionError as e:
    print("RecursionError:", e)

def count(n):
    if n == 0:
        return 0
    return 1 + count(n - 1)

print(count(900))

def deep(n):
    global import_depth
    import_depth = n
    deep(n + 1)

try:
    deep(1)
except RecursionError:
    print("depth reached", import_depth)

def mutual_a(n):
    return mutual_b(n + 1)

def mutual_b(n):
    return mutual_a(n + 1) if n < 20 else 1 / 0

try:
    mutual_a(0)
except ZeroDivisionError as e:
    print("mutual", e)

def forever(n):
    return forever(n + 1) + 1

forever(0)
