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
