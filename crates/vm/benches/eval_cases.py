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
