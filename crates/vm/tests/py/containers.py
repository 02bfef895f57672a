nums = [5, 3, 8, 1]
nums.sort()
print(nums, nums.pop(), nums.pop(0), nums)
nums.extend([7, 7, 2])
nums.insert(1, 9)
nums.remove(7)
print(nums, nums.index(7), nums.count(7), 9 in nums)
nums.reverse()
print(nums, nums.copy() == nums, nums.copy() is nums)
nums[1:3] = ["a", "b", "c"]
print(nums)
del nums[0]
del nums[::2]
print(nums)
matrix = [[i * j for j in range(3)] for i in range(3)]
print(matrix, matrix[2][1], [row[0] for row in matrix])
d = dict(a=1, b=2)
d.update({"c": 3}, d=4)
print(d, d.pop("a"), d.pop("zz", None), d.setdefault("e", 5), d)
for k, v in d.items():
    print(k, v, end="; ")
print()
print(dict([(1, "one"), (2, "two")]), dict(zip("ab", range(2))), {**d, "z": 0})
t = (3, 1, 2)
print(sorted(t), t.index(2), t.count(1), len(t), t * 2, tuple([1, 2]), tuple("ab"))
print(list(range(5)), list(range(2, 10, 3)), list(range(10, 0, -3)), range(5), len(range(0, 100, 7)))
print(range(10)[3], 4 in range(10), 11 in range(10), list(reversed(range(4))))
a, b, *c = range(6)
print(a, b, c)
words = ["apple", "Banana", "cherry"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len, reverse=True))
print(min(words, key=len), max("hello"), min([], default="empty"))
print([1, 2] == [1, 2], (1, 2) < (1, 3), [1, [2]] == [1, [2]], {"a": 1} == {"a": 1})
it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "end"))
keys = list({"x": 1, "y": 2})
print(keys, list(enumerate(["a", "b"])), list(zip(*[(1, 2), (3, 4)])))
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
print(any(x > 2 for x in [1, 2, 3]), all(x > 0 for x in [1, 2]), list(filter(lambda s: "a" in s, words)))
stack = []
stack.append(1)
stack.append(2)
print(stack.pop(), stack, bool(stack), bool([]), bool({}), bool(()))
print(d.keys(), d.values(), d.items(), len(d.keys()), "c" in d.keys())
print([x for x in range(3)] + list("ab"), [[]] * 2, [0] * 0)
i = 0
while True:
    i += 1
    if i % 2:
        continue
    if i > 6:
        break
    print("even", i)
else:
    print("never")
for i in range(2):
    pass
else:
    print("for-else", i)
