G = 1


def bench_call(n):
    def f():
        pass
    for _ in range(n):
        f()


def bench_loop(n):
    x = 0
    for i in range(n):
        x += i


def bench_global_load(n):
    for _ in range(n):
        G


def bench_attr_load(n):
    for _ in range(n):
        m.x


def bench_method_call(n):
    l = []
    for _ in range(n):
        l.append(1)


def bench_alloc_list(n):
    for i in range(n):
        x = [i]


def bench_alloc_tuple(n):
    for i in range(n):
        x = (i, n)


def bench_alloc_dict(n):
    for i in range(n):
        x = {'a': i}


def bench_int_add(n):
    x = 0
    for _ in range(n):
        x = x + 7


def bench_list_index(n):
    l = [1, 2, 3]
    for _ in range(n):
        l[1]


def bench_dict_get(n):
    d = {"a": 1, "b": 2}
    for _ in range(n):
        d["b"]


class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, o):
        return self

    def __eq__(self, o):
        return True


def bench_inst_add(n):
    a, b = V(1), V(2)
    for _ in range(n):
        a + b


def bench_inst_eq(n):
    a, b = V(1), V(2)
    for _ in range(n):
        a == b


class Obj:
    def __init__(self):
        self.x = 1

    def m(self):
        pass


def bench_inst_attr_load(n):
    o = Obj()
    for _ in range(n):
        o.x


def bench_inst_method_call(n):
    o = Obj()
    for _ in range(n):
        o.m()


def bench_inst_create(n):
    for _ in range(n):
        Obj()
