# Error texts of the methods of list, tuple and dict.
def ta():
    t = (1,)
    t[0] = 2


L = {
    '[].index()': lambda: [].index(),
    '().index()': lambda: ().index(),
    '().count()': lambda: ().count(),
    '[].index(1,"a")': lambda: [].index(1,"a"),
    '(1,).index(2)': lambda: (1,).index(2),
    '(1,2,1).index(1,1)': lambda: (1,2,1).index(1,1),
    '[].insert(1)': lambda: [].insert(1),
    '[].append()': lambda: [].append(),
    '[].pop(1,2)': lambda: [].pop(1,2),
    '[].extend()': lambda: [].extend(),
    '[].sort(1)': lambda: [].sort(1),
    '[].reverse(1)': lambda: [].reverse(1),
    '[].copy(1)': lambda: [].copy(1),
    '[].clear(1)': lambda: [].clear(1),
    '[].remove()': lambda: [].remove(),
    '{}.get()': lambda: {}.get(),
    '{}.get(1,2,3)': lambda: {}.get(1,2,3),
    '{}.pop()': lambda: {}.pop(),
    '{}.pop(1)': lambda: {}.pop(1),
    '{}.setdefault()': lambda: {}.setdefault(),
    '{}.update(1)': lambda: {}.update(1),
    '{}.update([1])': lambda: {}.update([1]),
    '{}.update([(1,2,3)])': lambda: {}.update([(1,2,3)]),
    '{}.update(1,2)': lambda: {}.update(1,2),
    '{}.keys(1)': lambda: {}.keys(1),
    '{}.popitem()': lambda: {}.popitem(),
    '{}[[]]': lambda: {}[[]],
    '{}.get([])': lambda: {}.get([]),
    'dict(1)': lambda: dict(1),
    'dict([1])': lambda: dict([1]),
    'dict([(1,)])': lambda: dict([(1,)]),
    '{}|1': lambda: {}|1,
    'hash({})': lambda: hash({}),
    '{[]:1}': lambda: {[]:1},
    'tuple(1)': lambda: tuple(1),
    '(1,)[5]': lambda: (1,)[5],
    '(1,)["a"]': lambda: (1,)[str("a")],
    '(1,)<[1]': lambda: (1,)<[1],
    'ta': lambda: ta(),
    'hash(([],))': lambda: hash(([],)),
}
for k, f in L.items():
    try:
        print(k, '|', repr(f()))
    except Exception as e:
        print(k, '|', type(e).__name__, e)
