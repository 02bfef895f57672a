# The methods of list, with edge cases and error texts.
def t(label, thunk):
    try:
        r = thunk()
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(label, "=>", repr(r))


l = [3, 1, 2]
l.append(4)
l.extend([5, 6])
l.extend(range(7, 9))
l.extend("ab")
l.extend(x for x in (0,))
print(l)
l.insert(0, "first")
l.insert(100, "last")
l.insert(-1, "before last")
l.insert(-100, "very first")
print(l)
print(l.pop(), l.pop(0), l.pop(-2), l)
l.remove("a")
print(l, l.index(2), l.index(5, 2), l.count(2), l.count("zz"))
nums = [5, 2, 8, 1, 9, 3]
nums.sort()
print(nums)
nums.sort(reverse=True)
print(nums)
words = ["banana", "Apple", "cherry", "apple"]
words.sort()
print(words)
words.sort(key=str.lower)
print(words)
words.sort(key=len, reverse=True)
print(words)
pairs = [(1, "b"), (0, "z"), (1, "a"), (0, "a")]
pairs.sort(key=lambda p: p[0])
print(pairs)
print(sorted(pairs), sorted(pairs, key=lambda p: p[1], reverse=True))
r = [1, 2, 3]
r.reverse()
c = r.copy()
c.append(0)
print(r, c, r is c)
r.clear()
print(r, len(r))
t("pop empty", lambda: [].pop())
t("pop range", lambda: [1].pop(5))
t("pop type", lambda: [1].pop("x"))
t("remove missing", lambda: [1].remove(2))
t("index missing", lambda: [1].index(2))
t("index window", lambda: [1, 2, 1].index(1, 1))
t("index window miss", lambda: [1, 2].index(1, 1))
t("insert args", lambda: [].insert(1))
t("append args", lambda: [].append())
t("append many", lambda: [].append(1, 2))
t("extend int", lambda: [].extend(5))
t("sort mixed", lambda: [1, "a"].sort())
t("sort positional", lambda: [1].sort(None))
t("sort bad kw", lambda: [1].sort(cmp=None))
t("count args", lambda: [].count())
t("getitem", lambda: [1][3])
t("getitem neg", lambda: [1][-3])
t("getitem type", lambda: [1][str("a")])
t("setitem range", lambda: exec_set())
t("slices", lambda: ([0, 1, 2, 3, 4][1:3], [0, 1, 2, 3, 4][::-2], [0, 1][5:], [0, 1, 2][-2:]))
t("slice assign", lambda: slice_assign())
t("ext slice bad", lambda: ext_slice_bad())
t("compare", lambda: ([1, 2] < [1, 3], [1] < [1, 0], [] == [], [1, [2]] == [1, [2]], [2] > [1, 5]))
t("compare type", lambda: [1] < (1,))
t("contains", lambda: (2 in [1, 2], 3 not in [1, 2], [1] in [[1]]))
t("mul", lambda: ([0] * 3, [1, 2] * 0, 2 * [7], [[]] * 2))
t("concat err", lambda: [1] + (2,))
t("iadd tuple", lambda: iadd_tuple())
t("repr nested", lambda: repr([1, "two", [3.0, None], (True,), {}]))
t("self ref", lambda: self_ref())
t("list()", lambda: (list(), list("ab"), list((1, 2)), list({"k": 1}), list(range(3))))
t("list(5)", lambda: list(5))
t("len", lambda: (len([]), len([1, 2])))
t("unbound", lambda: (list.append, list.index([5, 6], 6)))
t("min max sum", lambda: (min([3, 1]), max([3, 1]), sum([1, 2, 3]), sum([[1], [2]], [])))
t("del slice", lambda: del_slice())
t("hash", lambda: hash([]))


def exec_set():
    x = [1]
    x[5] = 2


def slice_assign():
    x = [0, 1, 2, 3, 4]
    x[1:3] = ["a", "b", "c"]
    x[:0] = [-1]
    x[::2] = [9, 9, 9, 9]
    return x


def ext_slice_bad():
    x = [0, 1, 2, 3]
    x[::2] = [1]


def iadd_tuple():
    x = [1]
    x += (2, 3)
    x += "ab"
    return x


def self_ref():
    x = [1]
    x.append(x)
    return repr(x)


def del_slice():
    x = list(range(10))
    del x[::3]
    del x[-1]
    return x
