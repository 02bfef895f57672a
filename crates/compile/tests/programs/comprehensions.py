def comps(xs, k):
    a = [x * k for x in xs if x]
    b = {x for x in xs}
    c = {x: y for x, y in xs}
    d = (x + k for x in xs for y in x)
    return a, b, c, list(d)


nested = [[i * j for j in range(3)] for i in range(3)]
