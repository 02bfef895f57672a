# Deallocation chains: freeing 100,000 nested objects with and without __del__ does not
# overflow the native stack, and a million short-lived objects with __del__ run it once each.
count = 0


class Node:
    def __init__(self, nxt):
        self.nxt = nxt

    def __del__(self):
        global count
        count += 1


head = None
for i in range(100000):
    head = Node(head)
print("built")
del head
print("freed nested with __del__:", count)


class Plain:
    def __init__(self, nxt):
        self.nxt = nxt


head = None
for i in range(100000):
    head = Plain(head)
del head
print("freed nested plain")

lst = None
for i in range(100000):
    lst = [lst]
del lst
print("freed nested lists")

d = None
for i in range(100000):
    d = {"d": d}
del d
print("freed nested dicts")

count = 0


def churn(n):
    for i in range(n):
        x = Node(None)
    return n


churn(100000)
print("churned:", count)

count = 0
for i in range(1000):
    x = Node(None)
    del x
print("module loop:", count)


# A __del__ that frees more objects with __del__: each runs once.
class Owner:
    def __init__(self, kids):
        self.kids = kids

    def __del__(self):
        print("owner del with", len(self.kids), "kids")


count = 0
o = Owner([Node(None) for _ in range(5)])
del o
print("kids finalized:", count)
