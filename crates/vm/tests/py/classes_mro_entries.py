# __mro_entries__: a base that is not a class names the classes to use instead.
class A:
    pass


class B:
    pass


class Alias:
    def __init__(self, *targets):
        self.targets = targets

    def __mro_entries__(self, bases):
        print("asked with", len(bases), "bases")
        return self.targets


class C(Alias(A, B)):
    pass


print([k.__name__ for k in C.__mro__])
print(C.__orig_bases__[0].targets == (A, B), C.__bases__ == (A, B))


class D(A, Alias()):
    pass


print([k.__name__ for k in D.__mro__], "__orig_bases__" in D.__dict__)


class Plain(A):
    pass


print("__orig_bases__" in Plain.__dict__)


class Bad:
    def __mro_entries__(self, bases):
        return [A]


try:
    class E(Bad()):
        pass
except TypeError as e:
    print("TypeError", e)
