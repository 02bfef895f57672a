# Sets and dicts find instance keys through __hash__ and __eq__, never by identity alone:
# equal but distinct objects are the same key in every operation.
calls = []


class K:
    def __init__(self, v):
        self.v = v

    def __eq__(self, o):
        calls.append("eq")
        return isinstance(o, K) and self.v == o.v

    def __hash__(self):
        return hash(self.v)

    def __repr__(self):
        return f"K({self.v})"


def show(label, v):
    print(label, v)


show("|", {K(1)} | {K(1)})
show("&", {K(1), K(2)} & {K(1)})
show("-", {K(1), K(2)} - {K(1)})
show("^", sorted({K(1), K(2)} ^ {K(1), K(3)}, key=lambda k: k.v))
s = {K(1), K(2)}
s.discard(K(1))
show("discard", s)
s.remove(K(2))
show("remove", s)
try:
    s.remove(K(9))
except KeyError as e:
    show("remove missing", e)
show("issubset", {K(1)}.issubset([K(1), K(2)]))
show("issuperset", {K(1), K(2)}.issuperset([K(2)]))
show("isdisjoint", {K(1)}.isdisjoint([K(1)]))
show("<=", {K(1)} <= {K(1), K(2)})
show("==", {K(1), K(2)} == {K(2), K(1)})
show("frozenset ==", frozenset([K(1)]) == frozenset([K(1)]))
s = {K(1), K(2), K(3)}
s.intersection_update([K(1), K(3)])
show("intersection_update", sorted(s, key=lambda k: k.v))
s.difference_update([K(1)])
show("difference_update", s)
s.symmetric_difference_update([K(3), K(4)])
show("symmetric_difference_update", s)
s |= {K(4), K(5)}
show("|=", sorted(s, key=lambda k: k.v))
show("union", {K(1)}.union([K(1)], [K(2)]))

d = {K(1): "a", K(2): "b", K(3): "c"}
show("items", list(d.items()))
show("keys", list(d))
show("values", list(d.values()))
show("in items", (K(2), "b") in d.items())
show("keys ==", d.keys() == {K(1): 0, K(2): 0, K(3): 0}.keys())
show("items ==", {K(1): 1}.items() == {K(1): 1}.items())
show("keys &", d.keys() & {K(2)})
show("dict ==", {K(1): 1} == {K(1): 1})
show("get", d.get(K(3)))
show("pop", d.pop(K(3)))
show("popitem", d.popitem())
show("copy", d.copy()[K(1)])
show("setdefault", d.setdefault(K(1), "x"))
del d[K(1)]
show("after del", d)
show("eq was called", "eq" in calls)
