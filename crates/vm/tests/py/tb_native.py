def key(v):
    return 1 / v

print(sorted([2, 1], key=key))
print(list(map(key, [4, 0])))
