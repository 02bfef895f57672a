def bench_loop(n):
    for _ in range(n):
        pass


def bench_sqrt(n):
    for _ in range(n):
        sqrt(2.0)


def bench_random(n):
    for _ in range(n):
        random()
