import random

# Long sequences from int and str seeds, compared number for number with CPython.
for s in [0, 1, 42, -42, 12345678901234567890, 2**200 + 17, 3.5, "hello", "", b"bytes", "ünïcode"]:
    random.seed(s)
    print(repr(s), [random.random() for _ in range(50)])
    print(" bits", [random.getrandbits(k) for k in (1, 5, 31, 32, 33, 64, 100, 0)])
random.seed(2024)
print([random.random() for _ in range(1000)][-5:], sum(random.random() for _ in range(5000)))
random.seed(7)
print([random.randrange(10) for _ in range(100)])
print([random.randrange(3, 1000, 7) for _ in range(30)], [random.randrange(100, 0, -3) for _ in range(20)])
print([random.randint(-5, 5) for _ in range(60)], random.randrange(10**30), random.randint(0, 2**70))
seq = list(range(50))
random.seed(11)
print([random.choice(seq) for _ in range(40)], random.choice("abcdef"), random.choice((1, 2)))
random.shuffle(seq)
print(seq)
print(random.sample(range(1000), 10), random.sample(seq, 30), random.sample("abcdefgh", 8))
print(random.sample(range(10**6), 5), random.sample(["a", "b", "c"], k=2, counts=[3, 1, 2]))
print(random.choices("abc", k=10), random.choices(range(5), weights=[5, 1, 1, 1, 10], k=15))
print(random.choices("xyz", cum_weights=[1, 5, 6], k=8), random.choices([1, 2, 3], [0.1, 0.2, 0.7]))
print([random.uniform(1, 10) for _ in range(5)], random.uniform(-1.5, 2.5), random.uniform(3, 3))
print([random.triangular() for _ in range(3)], random.triangular(1, 10, 2), random.triangular(0, 1, 0.9))
print([random.gauss() for _ in range(7)], random.gauss(10, 2))
print([random.normalvariate(0, 1) for _ in range(5)], random.lognormvariate(0, 0.5))
print([random.expovariate(1.5) for _ in range(5)], random.paretovariate(3), random.weibullvariate(1, 2))
print([random.gammavariate(a, 2.0) for a in (0.5, 1.0, 3.0)], random.betavariate(2, 3))
print(random.randbytes(10), random.getrandbits(300))
st = random.getstate()
a = [random.random() for _ in range(5)]
random.setstate(st)
print(a == [random.random() for _ in range(5)], st[0], len(st[1]), st[1][-1])
random.seed(5)
random.gauss()
st = random.getstate()
print(st[2] is None, random.gauss() == (random.setstate(st) or random.gauss()))

r1 = random.Random(99)
r2 = random.Random(99)
r3 = random.Random("99")
print(r1.random() == r2.random(), r1.random(), r3.random(), r1.randint(1, 6), r2.choice("abc"))
print(type(r1).__name__, random.Random, r1.getrandbits(16), r1.VERSION)
r1.seed(99)
print(r1.random(), [r1.randrange(1000) for _ in range(10)])
lst = list(range(20))
r1.shuffle(lst)
print(lst, r1.sample(lst, 3), r1.gauss(), r1.choices([1, 2], k=4))
random.seed("a", version=1)
print(random.random())
random.seed(b"a", version=1)
print(random.random())

tests = ['random.randrange(0)', 'random.randrange(5, 2)', 'random.randrange(1, 5, 0)',
         'random.randrange(5, 1, 1)', 'random.randrange(1, 5, -1)', 'random.randrange(1.5)',
         'random.randrange(5, step=2)', 'random.randint(3, 1)', 'random.choice([])',
         'random.sample([1, 2], 3)', 'random.sample({1, 2}, 1)', 'random.choices([1, 2], [1])',
         'random.choices([1, 2], [0, 0])', 'random.choices([1, 2], 3)', 'random.getrandbits(-1)',
         'random.seed([1])', 'random.uniform(1)',
         'random.choices([1], weights=[1], cum_weights=[1])', 'random.shuffle(1)',
         'random.random(1)', 'random.randint(1)', 'random.sample([1, 2], -1)',
         'random.getrandbits(1.5)', 'random.Random().seed(1, 2, 3)', 'random.choice("")',
         'random.expovariate(0)', 'random.randbytes(-1)', 'random.gammavariate(0, 1)',
         'random.randrange()', 'random.uniform(1, 2, 3)', 'random.randint(1, 2, c=3)']
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__ + ':', e)
